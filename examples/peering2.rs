//! `peering2.c`, chapter 3 of the ZeroMQ Guide: broker peering simulation, part 2
//! (request-reply flow).
//!
//! `peering2 me {you}...`: a load-balancing broker with a local frontend
//! (`ipc://<me>-localfe.ipc`, ROUTER) for 10 REQ clients and a local backend
//! (`ipc://<me>-localbe.ipc`, ROUTER) for 3 REQ workers, plus a cloud frontend
//! (`ipc://<me>-cloud.ipc`, ROUTER with identity `<me>`) that peers send requests to and a
//! cloud backend (ROUTER with identity `<me>`) connected to every peer's cloud frontend. After
//! "Press Enter when all brokers are started", it starts its workers and clients. Clients send
//! `HELLO` once a second and print `Client: OK`; workers print `Worker: [005] HELLO`. 20% of
//! the local requests (chosen at random) are routed to a random peer through the cloud; replies
//! find their way back along the address frames.
//!
//! Run in separate terminals: `cargo run --example peering2 -- me you` and `... -- you me`,
//! then press Enter in each. Runs until Ctrl-C.
//!
//! The C uses CZMQ (`zactor`, `zpoller`, `zmsg`, `zlist`); this port uses this crate's own API:
//! threads, `zmq::poll`, whole messages as `Vec<Message>` via `recv_multipart`/
//! `send_multipart`, and a `VecDeque` of worker identities.
//!
//! Test knobs (defaults are the Guide's): `ZGUIDE_TIME_SCALE=0.1` shortens the one-second
//! pauses; with `ZGUIDE_TRACE` set, the broker reports on stderr each request it sends to the
//! cloud (`T: <me> routed a request to <peer>`) and each reply it routes back
//! (`T: <me> routed a reply to ...`), which stdout does not show.

#[path = "zguide/ch3_util.rs"]
mod ch3_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::collections::VecDeque;

use anyhow::{Context as _, Result};
use zhelpers::{ep, randof, s_catch_signals, s_recv, s_send};
use zmq::{opt, poll, Context, Message, PollEvents, Socket, SocketType};

const NBR_CLIENTS: usize = 10;
const NBR_WORKERS: usize = 3;
const WORKER_READY: &[u8] = b"\x01"; // Signals worker is ready

fn trace(text: impl FnOnce() -> String) {
    if std::env::var_os("ZGUIDE_TRACE").is_some() {
        eprintln!("T: {}", text());
    }
}

// The client task does a request-reply dialog using a standard synchronous REQ socket:
fn client_task(context: Context, me: String) -> Result<()> {
    let client = context.socket(SocketType::Req)?;
    client.connect(&ep!("ipc://{me}-localfe.ipc"))?;
    loop {
        // Send request, get reply
        s_send(&client, "HELLO")?;
        let Some(reply) = s_recv(&client) else {
            return Ok(()); // Interrupted
        };
        println!("Client: {reply}");
        ch3_util::sleep_ms(1000);
    }
}

// The worker task plugs into the load-balancer using a REQ socket:
fn worker_task(context: Context, me: String) -> Result<()> {
    let worker = context.socket(SocketType::Req)?;
    worker.connect(&ep!("ipc://{me}-localbe.ipc"))?;
    // Tell broker we're ready for work
    worker.send(WORKER_READY)?;
    // Process messages as they arrive
    loop {
        let Ok(mut msg) = worker.recv_multipart() else {
            return Ok(()); // Interrupted
        };
        let last = msg.last_mut().context("empty message")?;
        println!("{}", ch3_util::frame_line("Worker: ", last));
        *last = Message::from("OK");
        worker.send_multipart(msg)?;
    }
}

/// Whether `socket` has a message waiting after a poll of `timeout` (`None`: for ever).
fn readable(sockets: &[&Socket], timeout: Option<std::time::Duration>) -> Result<Vec<bool>> {
    let mut items: Vec<_> = sockets
        .iter()
        .map(|s| s.as_poll_item(PollEvents::POLLIN))
        .collect();
    poll(&mut items, timeout)?;
    Ok(items.iter().map(|i| i.is_readable()).collect())
}

// The main task begins by setting up its frontend and backend sockets and then starting its
// client and worker tasks:
fn main() -> Result<()> {
    // First argument is this broker's name, other arguments are our peers' names
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(me) = args.first().cloned() else {
        println!("syntax: peering2 me {{you}}...");
        return Ok(());
    };
    let peers = &args[1..];
    println!("I: preparing broker at {me}...");
    s_catch_signals();

    let ctx = Context::new()?;
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
    // Prepare local frontend and backend
    let localfe = ctx.socket(SocketType::Router)?;
    localfe.bind(&ep!("ipc://{me}-localfe.ipc"))?;
    let localbe = ctx.socket(SocketType::Router)?;
    localbe.bind(&ep!("ipc://{me}-localbe.ipc"))?;

    // Get user to tell us when we can start...
    {
        use std::io::Write as _;
        print!("Press Enter when all brokers are started: ");
        std::io::stdout().flush()?;
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
    }

    // Start local workers, then local clients
    for _ in 0..NBR_WORKERS {
        let (context, me) = (ctx.clone(), me.clone());
        std::thread::spawn(move || worker_task(context, me));
    }
    for _ in 0..NBR_CLIENTS {
        let (context, me) = (ctx.clone(), me.clone());
        std::thread::spawn(move || client_task(context, me));
    }

    // Here, we handle the request-reply flow. We're using load-balancing to poll workers at all
    // times, and clients only when there are one or more workers available.

    // Least recently used queue of available workers
    let mut workers: VecDeque<Message> = VecDeque::new();
    loop {
        // First, route any waiting replies from workers; if we have no workers, wait
        // indefinitely
        let timeout = (!workers.is_empty()).then(|| ch3_util::scaled(1000));
        let Ok(ready) = readable(&[&localbe, &cloudbe], timeout) else {
            break; // Interrupted
        };
        let mut msg = None;
        if ready[0] {
            // Handle reply from local worker
            let Ok(mut m) = localbe.recv_multipart() else {
                break; // Interrupted
            };
            let identity = ch3_util::unwrap(&mut m).context("empty message")?;
            workers.push_back(identity);
            // If it's READY, don't route the message any further
            if m.first().map(|f| &f[..]) != Some(WORKER_READY) {
                msg = Some(m);
            }
        } else if ready[1] {
            // Or handle reply from peer broker
            let Ok(mut m) = cloudbe.recv_multipart() else {
                break; // Interrupted
            };
            // We don't use peer broker identity for anything
            let peer = ch3_util::unwrap(&mut m).context("empty message")?;
            trace(|| {
                let peer = String::from_utf8_lossy(&peer);
                format!("{me} routed a reply from cloud peer {peer} to a local client")
            });
            msg = Some(m);
        }
        if let Some(m) = msg {
            // Route reply to cloud if it's addressed to a broker, else to a client
            let first = m.first().map(|f| f.to_vec()).unwrap_or_default();
            if peers.iter().any(|p| p.as_bytes() == first.as_slice()) {
                trace(|| {
                    let peer = String::from_utf8_lossy(&first);
                    format!("{me} routed a reply to cloud peer {peer}")
                });
                cloudfe.send_multipart(m)?;
            } else {
                localfe.send_multipart(m)?;
            }
        }

        // Now we route as many client requests as we have worker capacity for. We may reroute
        // requests from our local frontend, but not from the cloud frontend. We reroute
        // randomly now, just to test things out. In the next version, we'll do this properly
        // by calculating cloud capacity:
        while !workers.is_empty() {
            let ready = readable(&[&cloudfe, &localfe], Some(std::time::Duration::ZERO))?;
            // We'll do peer brokers first, to prevent starvation
            let (mut msg, reroutable) = if ready[0] {
                (cloudfe.recv_multipart()?, false)
            } else if ready[1] {
                (localfe.recv_multipart()?, true)
            } else {
                break; // No work, go back to backends
            };
            // If reroutable, send to cloud 20% of the time. Here we'd normally use cloud
            // status information
            if reroutable && !peers.is_empty() && randof(5) == 0 {
                // Route to random broker peer
                let peer = &peers[randof(peers.len() as u32) as usize];
                trace(|| format!("{me} routed a request to {peer}"));
                msg.insert(0, Message::from(peer.as_str()));
                cloudbe.send_multipart(msg)?;
            } else {
                let worker = workers.pop_front().expect("capacity checked");
                ch3_util::wrap(&mut msg, worker);
                localbe.send_multipart(msg)?;
            }
        }
    }
    Ok(())
}
