//! `asyncsrv.c`, chapter 3 of the ZeroMQ Guide: asynchronous client/server (DEALER to ROUTER).
//!
//! Three DEALER clients, each with a random printable identity, connect to
//! `tcp://localhost:5570`, send `request #N` once a second and print every reply as it arrives
//! (`ABCD-1234[010] request #1`, the C's `zframe_print` with the identity as prefix). The server
//! binds a ROUTER frontend on `tcp://*:5570` and a DEALER backend on `inproc://backend`,
//! connected by `zmq::proxy`, and runs 5 DEALER workers that answer each request with 0 to 4
//! copies of it after random delays (up to a second). The main thread stops everything after
//! five seconds.
//!
//! The C uses CZMQ's `zactor`, `zpoller`, `zmsg` and `zproxy`; this port uses threads,
//! `zmq::poll`, `recv_multipart`/`send_multipart` and `zmq::proxy` from this crate.
//!
//! Run: `cargo run --example asyncsrv`. `ZGUIDE_TIME_SCALE=0.2` shortens every delay (the
//! five seconds, the one-second tick, the workers' pauses) proportionally.
//!
//! Difference from the C: each client remembers what it sent and prints
//! `E: <id> got a reply to a request it never sent: ...` instead of the reply if the server
//! routed someone else's reply to it (never expected; tests look for it).

#[path = "zguide/ch3_util.rs"]
mod ch3_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::collections::HashSet;
use std::time::Duration;

use anyhow::Result;
use zhelpers::{ep, randof};
use zmq::{opt, poll, Context, Flags, PollEvents, SocketType};

// The client task connects to the server, then sends a request once per second. It collects
// responses as they arrive and prints them. Several client tasks run in parallel, each with a
// different random identity.
fn client_task(context: Context) -> Result<()> {
    let client = context.socket(SocketType::Dealer)?;
    // Set random identity to make tracing easier (must be done before connect)
    let identity = ch3_util::random_id();
    client.set(opt::RoutingId, identity.as_str())?;
    client.connect(&ep!("tcp://localhost:5570"))?;

    let tick = ch3_util::scaled(10);
    let mut sent = HashSet::new();
    let mut request_nbr = 0;
    loop {
        // Tick once per second, pulling in arriving messages
        for _centitick in 0..100 {
            let mut items = [client.as_poll_item(PollEvents::POLLIN)];
            if poll(&mut items, Some(tick)).is_err() {
                return Ok(()); // Interrupted
            }
            if items[0].is_readable() {
                let msg = client.recv_multipart()?;
                if let Some(last) = msg.last() {
                    if sent.contains(&last[..]) {
                        println!("{}", ch3_util::frame_line(&identity, last));
                    } else {
                        println!(
                            "E: {identity} got a reply to a request it never sent: {}",
                            ch3_util::frame_line("", last)
                        );
                    }
                }
            }
        }
        request_nbr += 1;
        let request = format!("request #{request_nbr}");
        client.send(request.as_str())?;
        sent.insert(request.into_bytes());
    }
}

// The server task uses the multithreaded server model to deal requests out to a pool of
// workers and route replies back to clients. One worker can handle one request at a time but
// one client can talk to multiple workers at once.
fn server_task(context: Context) -> Result<()> {
    let frontend = context.socket(SocketType::Router)?;
    frontend.bind(&ep!("tcp://*:5570"))?;
    let backend = context.socket(SocketType::Dealer)?;
    backend.bind(&ep!("inproc://backend"))?;

    // Launch pool of worker threads, precise number is not critical
    const NBR_THREADS: usize = 5;
    for _ in 0..NBR_THREADS {
        let context = context.clone();
        std::thread::spawn(move || server_worker(context));
    }
    // Connect backend to frontend via a proxy; it runs until the process ends
    zmq::proxy(&frontend, &backend)?;
    Ok(())
}

// Each worker task works on one request at a time and sends a random number of replies back,
// with random delays between replies:
fn server_worker(context: Context) -> Result<()> {
    let worker = context.socket(SocketType::Dealer)?;
    worker.connect(&ep!("inproc://backend"))?;
    loop {
        // The DEALER socket gives us the reply envelope and message
        let Ok(msg) = worker.recv_multipart() else {
            return Ok(()); // Interrupted
        };
        let [identity, content] = <[_; 2]>::try_from(msg)
            .map_err(|m| anyhow::anyhow!("expected [identity][content], got {m:?}"))?;
        // Send 0..4 replies back
        let replies = randof(5);
        for _ in 0..replies {
            // Sleep for some fraction of a second
            ch3_util::sleep_ms(u64::from(randof(1000)) + 1);
            // As the C's ZFRAME_DONTWAIT: a reply that cannot be queued is dropped
            let _ = worker.send_multipart_with([&identity, &content], Flags::DONTWAIT);
        }
    }
}

// The main thread simply starts several clients and a server, and then waits for the server
// to finish.
fn main() -> Result<()> {
    let context = Context::new()?;
    for _ in 0..3 {
        let context = context.clone();
        std::thread::spawn(move || client_task(context));
    }
    let server_context = context.clone();
    std::thread::spawn(move || server_task(server_context));
    // Run for 5 seconds then quit
    std::thread::sleep(Duration::from_millis(ch3_util::scaled_ms(5000)));
    Ok(())
}
