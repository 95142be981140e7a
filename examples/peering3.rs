//! `peering3.c`, chapter 3 of the ZeroMQ Guide: broker peering simulation, part 3 (the full
//! flow of state and tasks).
//!
//! `peering3 me {you}...`: a broker with a local frontend (`ipc://<me>-localfe.ipc`) for 10
//! clients, a local backend (`ipc://<me>-localbe.ipc`) for 5 workers, a cloud frontend
//! (`ipc://<me>-cloud.ipc`) and cloud backend for peer brokers (ROUTERs with identity `<me>`),
//! a state backend (`ipc://<me>-state.ipc`, PUB) that broadcasts our free worker count when it
//! changes, a state frontend (SUB) collecting the peers' counts, and a monitor
//! (`ipc://<me>-monitor.ipc`, PULL) whose messages it prints. Clients sleep 0-4 s, then send a
//! burst of 0-14 requests with random 4-hex-digit task ids, each echoed by a worker that is
//! busy 0 or 1 s; each reply is reported to the monitor (printed as the task id), a request
//! without reply within 10 s as `E: CLIENT EXIT - lost task XXXX`. A request goes to a local
//! worker when one is free, else to a random peer while peers report capacity.
//!
//! Run in separate terminals: `cargo run --example peering3 -- DC1 DC2 DC3`,
//! `... -- DC2 DC1 DC3`, `... -- DC3 DC1 DC2`. Runs until Ctrl-C.
//!
//! The C uses CZMQ (`zctx`, `zthread`, `zmsg`, `zlist`); this port uses this crate's own API:
//! threads, `zmq::poll`, whole messages as `Vec<Message>`, a `VecDeque` of worker identities.
//!
//! Test knobs (defaults are the Guide's): `ZGUIDE_TIME_SCALE=0.1` shortens every pause and
//! timeout; with `ZGUIDE_TRACE` set, the broker reports on stderr each request it routes to
//! the cloud (`T: <me> routed a request to <peer>`), which stdout does not show.

#[path = "zguide/ch3_util.rs"]
mod ch3_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::collections::VecDeque;
use std::time::Duration;

use anyhow::{Context as _, Result};
use zhelpers::{ep, randof, s_catch_signals, s_recv, s_send, s_sendmore};
use zmq::{opt, poll, Context, Message, PollEvents, SocketType};

const NBR_CLIENTS: usize = 10;
const NBR_WORKERS: usize = 5;
const WORKER_READY: &[u8] = b"\x01"; // Signals worker is ready

// The client task issues a burst of requests and then sleeps for a few seconds. This simulates
// sporadic activity; when a number of clients are active at once, the local workers should be
// overloaded. The client uses a REQ socket for requests and also pushes statistics to the
// monitor socket:
fn client_task(me: String) -> Result<()> {
    let ctx = Context::new()?;
    let client = ctx.socket(SocketType::Req)?;
    client.connect(&ep!("ipc://{me}-localfe.ipc"))?;
    let monitor = ctx.socket(SocketType::Push)?;
    monitor.connect(&ep!("ipc://{me}-monitor.ipc"))?;
    loop {
        ch3_util::sleep_ms(u64::from(randof(5)) * 1000);
        let burst = randof(15);
        for _ in 0..burst {
            // Send request with random hex ID
            let task_id = format!("{:04X}", randof(0x10000));
            s_send(&client, &task_id)?;

            // Wait max ten seconds for a reply, then complain
            let mut pollset = [client.as_poll_item(PollEvents::POLLIN)];
            if poll(&mut pollset, Some(ch3_util::scaled(10_000))).is_err() {
                return Ok(()); // Interrupted
            }
            if pollset[0].is_readable() {
                let Some(reply) = s_recv(&client) else {
                    return Ok(()); // Interrupted
                };
                // Worker is supposed to answer us with our task id
                assert_eq!(reply, task_id);
                s_send(&monitor, &reply)?;
            } else {
                s_send(&monitor, &format!("E: CLIENT EXIT - lost task {task_id}"))?;
                return Ok(());
            }
        }
    }
}

// The worker task uses a REQ socket to plug into the load-balancer; the same stub worker task
// as in other examples:
fn worker_task(me: String) -> Result<()> {
    let ctx = Context::new()?;
    let worker = ctx.socket(SocketType::Req)?;
    worker.connect(&ep!("ipc://{me}-localbe.ipc"))?;
    // Tell broker we're ready for work
    worker.send(WORKER_READY)?;
    // Process messages as they arrive
    loop {
        let Ok(msg) = worker.recv_multipart() else {
            return Ok(()); // Interrupted
        };
        // Workers are busy for 0/1 seconds
        ch3_util::sleep_ms(u64::from(randof(2)) * 1000);
        worker.send_multipart(msg)?;
    }
}

// The main task begins by setting up all its sockets. The local frontend talks to clients, and
// our local backend talks to workers. The cloud frontend talks to peer brokers as if they were
// clients, and the cloud backend talks to peer brokers as if they were workers. The state
// backend publishes regular state messages, and the state frontend subscribes to all state
// backends to collect these messages. Finally, we use a PULL monitor socket to collect
// printable messages from tasks:
fn main() -> Result<()> {
    // First argument is this broker's name, other arguments are our peers' names
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(me) = args.first().cloned() else {
        println!("syntax: peering3 me {{you}}...");
        return Ok(());
    };
    let peers = &args[1..];
    println!("I: preparing broker at {me}...");
    s_catch_signals();
    let trace = std::env::var_os("ZGUIDE_TRACE").is_some();

    // Prepare local frontend and backend
    let ctx = Context::new()?;
    let localfe = ctx.socket(SocketType::Router)?;
    localfe.bind(&ep!("ipc://{me}-localfe.ipc"))?;
    let localbe = ctx.socket(SocketType::Router)?;
    localbe.bind(&ep!("ipc://{me}-localbe.ipc"))?;

    // Bind cloud frontend to endpoint
    let cloudfe = ctx.socket(SocketType::Router)?;
    cloudfe.set(opt::RoutingId, me.as_str())?;
    cloudfe.bind(&ep!("ipc://{me}-cloud.ipc"))?;

    // Connect cloud backend to all peers
    let cloudbe = ctx.socket(SocketType::Router)?;
    cloudbe.set(opt::RoutingId, me.as_str())?;
    for peer in peers {
        println!("I: connecting to cloud frontend at '{peer}'");
        cloudbe.connect(&ep!("ipc://{peer}-cloud.ipc"))?;
    }
    // Bind state backend to endpoint
    let statebe = ctx.socket(SocketType::Pub)?;
    statebe.bind(&ep!("ipc://{me}-state.ipc"))?;

    // Connect state frontend to all peers
    let statefe = ctx.socket(SocketType::Sub)?;
    statefe.subscribe("")?;
    for peer in peers {
        println!("I: connecting to state backend at '{peer}'");
        statefe.connect(&ep!("ipc://{peer}-state.ipc"))?;
    }
    // Prepare monitor socket
    let monitor = ctx.socket(SocketType::Pull)?;
    monitor.bind(&ep!("ipc://{me}-monitor.ipc"))?;

    // After binding and connecting all our sockets, we start our child tasks - workers and
    // clients:
    for _ in 0..NBR_WORKERS {
        let me = me.clone();
        std::thread::spawn(move || worker_task(me));
    }
    for _ in 0..NBR_CLIENTS {
        let me = me.clone();
        std::thread::spawn(move || client_task(me));
    }

    // Queue of available workers
    let mut cloud_capacity: usize = 0;
    let mut workers: VecDeque<Message> = VecDeque::new();

    // The main loop has two parts. First, we poll workers and our two service sockets (statefe
    // and monitor), in any case. If we have no ready workers, then there's no point in looking
    // at incoming requests. These can remain on their internal 0MQ queues:
    loop {
        let timeout = (!workers.is_empty()).then(|| ch3_util::scaled(1000));
        let primary = {
            let mut items = [
                localbe.as_poll_item(PollEvents::POLLIN),
                cloudbe.as_poll_item(PollEvents::POLLIN),
                statefe.as_poll_item(PollEvents::POLLIN),
                monitor.as_poll_item(PollEvents::POLLIN),
            ];
            if poll(&mut items, timeout).is_err() {
                break; // Interrupted
            }
            items.map(|i| i.is_readable())
        };
        // Track if capacity changes during this iteration
        let previous = workers.len();
        let mut msg = None; // Reply from local worker
        if primary[0] {
            let Ok(mut m) = localbe.recv_multipart() else {
                break; // Interrupted
            };
            let identity = ch3_util::unwrap(&mut m).context("empty message")?;
            workers.push_back(identity);
            // If it's READY, don't route the message any further
            if m.first().map(|f| &f[..]) != Some(WORKER_READY) {
                msg = Some(m);
            }
        } else if primary[1] {
            // Or handle reply from peer broker
            let Ok(mut m) = cloudbe.recv_multipart() else {
                break; // Interrupted
            };
            // We don't use peer broker identity for anything
            ch3_util::unwrap(&mut m).context("empty message")?;
            msg = Some(m);
        }
        if let Some(m) = msg {
            // Route reply to cloud if it's addressed to a broker, else to a client
            let to_peer = m
                .first()
                .is_some_and(|f| peers.iter().any(|p| p.as_bytes() == &f[..]));
            if to_peer {
                cloudfe.send_multipart(m)?;
            } else {
                localfe.send_multipart(m)?;
            }
        }

        // If we have input messages on our statefe or monitor sockets, we can process these
        // immediately:
        if primary[2] {
            let (Some(_peer), Some(status)) = (s_recv(&statefe), s_recv(&statefe)) else {
                break; // Interrupted
            };
            cloud_capacity = status.trim().parse().unwrap_or(0);
        }
        if primary[3] {
            let Some(status) = s_recv(&monitor) else {
                break; // Interrupted
            };
            println!("{status}");
        }

        // Now route as many clients requests as we can handle. If we have local capacity, we
        // poll both localfe and cloudfe. If we have cloud capacity only, we poll just localfe.
        // We route any request locally if we can, else we route to the cloud.
        // (Cloud capacity only comes from peers' state messages, so it is 0 without peers.)
        while workers.len() + cloud_capacity > 0 {
            let secondary = {
                let mut items = [
                    localfe.as_poll_item(PollEvents::POLLIN),
                    cloudfe.as_poll_item(PollEvents::POLLIN),
                ];
                let n = if workers.is_empty() { 1 } else { 2 };
                poll(&mut items[..n], Some(Duration::ZERO))?;
                [items[0].is_readable(), items[1].is_readable()]
            };
            let mut msg = if secondary[0] {
                localfe.recv_multipart()?
            } else if secondary[1] {
                cloudfe.recv_multipart()?
            } else {
                break; // No work, go back to primary
            };
            if let Some(worker) = workers.pop_front() {
                ch3_util::wrap(&mut msg, worker);
                localbe.send_multipart(msg)?;
            } else {
                // Route to random broker peer
                let peer = &peers[randof(peers.len() as u32) as usize];
                if trace {
                    eprintln!("T: {me} routed a request to {peer}");
                }
                msg.insert(0, Message::from(peer.as_str()));
                cloudbe.send_multipart(msg)?;
            }
        }
        // We broadcast capacity messages to other peers; to reduce chatter, we do this only if
        // our capacity changed.
        if workers.len() != previous {
            // We stick our own identity onto the envelope
            s_sendmore(&statebe, &me)?;
            // Broadcast new capacity
            s_send(&statebe, &workers.len().to_string())?;
        }
    }
    Ok(())
}
