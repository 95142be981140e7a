//! `spqueue.c`, chapter 4 of the ZeroMQ Guide: the Simple Pirate queue.
//!
//! Identical to the load-balancing broker (`lbbroker2`), with no reliability mechanisms of its
//! own: a ROUTER frontend on `tcp://*:5555` for `lpclient`s, a ROUTER backend on
//! `tcp://*:5556` for `spworker`s, which announce themselves with `"\x01"`. Requests go to the
//! least recently used ready worker; it depends on the client for recovery. Runs until Ctrl-C.
//!
//! Run: `cargo run --example spqueue`, then some `spworker`s and `lpclient`s.
//!
//! The C uses CZMQ's `zmsg` and `zlist`; this port uses this crate's own API:
//! `recv_multipart`/`send_multipart` on `Vec<Message>` and a `VecDeque` of identity frames.

#[path = "zguide/ch3_util.rs"]
mod ch3_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::collections::VecDeque;

use anyhow::{Context as _, Result};
use zhelpers::{ep, s_catch_signals};
use zmq::{poll, Context, Message, PollEvents, SocketType};

const WORKER_READY: &[u8] = b"\x01"; // Signals worker is ready

fn main() -> Result<()> {
    s_catch_signals();
    let ctx = Context::new()?;
    let frontend = ctx.socket(SocketType::Router)?;
    let backend = ctx.socket(SocketType::Router)?;
    frontend.bind(&ep!("tcp://*:5555"))?; // For clients
    backend.bind(&ep!("tcp://*:5556"))?; // For workers

    // Queue of available workers
    let mut workers: VecDeque<Message> = VecDeque::new();

    // The body of this example is exactly the same as lbbroker2.
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
            // Use worker identity for load-balancing
            let Ok(mut msg) = backend.recv_multipart() else {
                break; // Interrupted
            };
            let identity = ch3_util::unwrap(&mut msg).context("empty message")?;
            workers.push_back(identity);
            // Forward message to client if it's not a READY
            if msg.first().map(|f| &f[..]) != Some(WORKER_READY) {
                frontend.send_multipart(msg)?;
            }
        }
        if frontend_ready {
            // Get client request, route to first available worker
            let Ok(mut msg) = frontend.recv_multipart() else {
                break; // Interrupted
            };
            let worker = workers.pop_front().expect("polled with a ready worker");
            ch3_util::wrap(&mut msg, worker);
            backend.send_multipart(msg)?;
        }
    }
    Ok(())
}
