//! `lbbroker2.c`, chapter 3 of the ZeroMQ Guide: the load-balancing broker with whole
//! messages.
//!
//! Same behaviour as `lbbroker` (10 REQ clients on `ipc://frontend.ipc`, 3 REQ workers on
//! `ipc://backend.ipc`, exit after 10 replies), but like the C version, which uses CZMQ's
//! `zmsg`/`zlist`/`zactor`, it moves whole multipart messages instead of frame by frame. This
//! port uses this crate's own API instead of CZMQ: `recv_multipart`/`send_multipart` on a
//! `Vec<Message>` (for `zmsg`), a `VecDeque` of identity frames (for `zlist`), `zmq::poll` (for
//! `zpoller`), and plain threads (for `zactor`). Workers print the request frame as
//! `zframe_print` does (`Worker: [005] HELLO`) and reply `OK`; clients print `Client: OK`.
//!
//! Run: `cargo run --example lbbroker2`.
//!
//! Difference from the C: when done, the broker waits for the client threads (which have all
//! printed their reply) but not for the workers, which block for ever; the process exit ends
//! them (the C tells its actors to stop through their pipes).

#[path = "zguide/ch3_util.rs"]
mod ch3_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::collections::VecDeque;

use anyhow::{Context as _, Result};
use zhelpers::{ep, s_recv, s_send};
use zmq::{poll, Context, Message, PollEvents, SocketType};

const NBR_CLIENTS: usize = 10;
const NBR_WORKERS: usize = 3;
const WORKER_READY: &str = "READY"; // Signals worker is ready

// Basic request-reply client using a REQ socket
fn client_task(context: Context) -> Result<()> {
    let client = context.socket(SocketType::Req)?;
    client.connect(&ep!("ipc://frontend.ipc"))?;
    // Send request, get reply
    s_send(&client, "HELLO")?;
    if let Some(reply) = s_recv(&client) {
        println!("Client: {reply}");
    }
    Ok(())
}

// Worker using a REQ socket to do load-balancing
fn worker_task(context: Context) -> Result<()> {
    let worker = context.socket(SocketType::Req)?;
    worker.connect(&ep!("ipc://backend.ipc"))?;
    // Tell broker we're ready for work
    s_send(&worker, WORKER_READY)?;
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

// The same functionality as the lbbroker example, shorter because whole messages are read and
// sent at once.
fn main() -> Result<()> {
    let context = Context::new()?;
    let frontend = context.socket(SocketType::Router)?;
    let backend = context.socket(SocketType::Router)?;
    frontend.bind(&ep!("ipc://frontend.ipc"))?;
    backend.bind(&ep!("ipc://backend.ipc"))?;

    let clients: Vec<_> = (0..NBR_CLIENTS)
        .map(|_| {
            let context = context.clone();
            std::thread::spawn(move || client_task(context))
        })
        .collect();
    for _ in 0..NBR_WORKERS {
        let context = context.clone();
        std::thread::spawn(move || worker_task(context));
    }

    // Queue of available workers
    let mut workers: VecDeque<Message> = VecDeque::new();
    let mut client_nbr = NBR_CLIENTS;

    // The main loop for the load balancer: the same as the previous example, with fewer calls.
    loop {
        let (backend_ready, frontend_ready) = {
            let mut items = [
                backend.as_poll_item(PollEvents::POLLIN),
                frontend.as_poll_item(PollEvents::POLLIN),
            ];
            // Poll frontend only if we have available workers
            let n = if workers.is_empty() { 1 } else { 2 };
            if poll(&mut items[..n], None).is_err() {
                break; // Interrupted
            }
            (items[0].is_readable(), items[1].is_readable())
        };
        // Handle worker activity on backend
        if backend_ready {
            let Ok(mut msg) = backend.recv_multipart() else {
                break; // Interrupted
            };
            // Use worker identity for load-balancing
            let identity = ch3_util::unwrap(&mut msg).context("empty message")?;
            workers.push_back(identity);
            // Forward message to client if it's not a READY
            if msg.first().map(|f| &f[..]) != Some(WORKER_READY.as_bytes()) {
                frontend.send_multipart(msg)?;
                client_nbr -= 1;
                if client_nbr == 0 {
                    break; // Exit after N messages
                }
            }
        } else if frontend_ready {
            // Get client request, route to first available worker
            if let Ok(mut msg) = frontend.recv_multipart() {
                let worker = workers.pop_front().expect("polled with a ready worker");
                ch3_util::wrap(&mut msg, worker);
                backend.send_multipart(msg)?;
            }
        }
    }
    for client in clients {
        client.join().expect("client thread panicked")?;
    }
    Ok(())
}
