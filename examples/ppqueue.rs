//! `ppqueue.c`, chapter 4 of the ZeroMQ Guide: the Paranoid Pirate queue.
//!
//! A load-balancing queue (ROUTER frontend `tcp://*:5555` for `lpclient`s, ROUTER backend
//! `tcp://*:5556` for `ppworker`s) with heartbeating: any message from a worker (`"\x01"`
//! READY, `"\x02"` HEARTBEAT, or a reply) makes it ready and pushes its expiry 3 heartbeat
//! intervals (3 x 1000 ms) ahead; the queue sends a heartbeat to every idle worker each
//! interval and forgets workers whose expiry has passed, so a crashed or blocked worker is
//! no longer given requests. Runs until Ctrl-C.
//!
//! Run: `cargo run --example ppqueue`, then some `ppworker`s and `lpclient`s.
//!
//! The C uses CZMQ's `zmsg`, `zlist` and `zframe`; this port uses this crate's own API:
//! `recv_multipart`/`send_multipart` on `Vec<Message>` and a `VecDeque` of workers.
//!
//! Test knobs (defaults are the Guide's): `ZGUIDE_TIME_SCALE=0.1` shortens the heartbeat
//! interval; with `ZGUIDE_TRACE` set, the queue reports on stderr each worker it purges
//! (`T: worker <hex id> expired`), which the C does silently.

#[path = "zguide/ch3_util.rs"]
mod ch3_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::collections::VecDeque;

use anyhow::{Context as _, Result};
use zhelpers::{ep, s_catch_signals, s_clock};
use zmq::{poll, Context, Message, PollEvents, SocketType};

const HEARTBEAT_LIVENESS: u64 = 3; // 3-5 is reasonable
const HEARTBEAT_INTERVAL: u64 = 1000; // msecs

// Paranoid Pirate Protocol constants
const PPP_READY: &[u8] = b"\x01"; // Signals worker is ready
const PPP_HEARTBEAT: &[u8] = b"\x02"; // Signals worker heartbeat

/// A ready worker: its identity frame, a printable form of it, and when it expires.
struct Worker {
    identity: Message,
    id_string: String,
    expiry: u64,
}

impl Worker {
    fn new(identity: Message) -> Worker {
        let id_string = identity.iter().map(|b| format!("{b:02X}")).collect();
        Worker {
            identity,
            id_string,
            expiry: s_clock() + ch3_util::scaled_ms(HEARTBEAT_INTERVAL * HEARTBEAT_LIVENESS),
        }
    }
}

/// The ready list, oldest first.
#[derive(Default)]
struct Workers(VecDeque<Worker>);

impl Workers {
    /// Puts a worker at the end of the ready list (removing an older entry for it).
    fn ready(&mut self, worker: Worker) {
        self.0.retain(|w| w.id_string != worker.id_string);
        self.0.push_back(worker);
    }

    /// The next available worker's identity.
    fn next(&mut self) -> Option<Message> {
        self.0.pop_front().map(|w| w.identity)
    }

    /// Forgets expired workers. We hold workers from oldest to most recent, so we stop at the
    /// first alive worker.
    fn purge(&mut self, trace: bool) {
        while let Some(worker) = self.0.front() {
            if s_clock() < worker.expiry {
                break; // Worker is alive, we're done here
            }
            if trace {
                eprintln!("T: worker {} expired", worker.id_string);
            }
            self.0.pop_front();
        }
    }
}

// The main task is a load-balancer with heartbeating on workers so we can detect crashed or
// blocked worker tasks:
fn main() -> Result<()> {
    s_catch_signals();
    let trace = std::env::var_os("ZGUIDE_TRACE").is_some();
    let ctx = Context::new()?;
    let frontend = ctx.socket(SocketType::Router)?;
    let backend = ctx.socket(SocketType::Router)?;
    frontend.bind(&ep!("tcp://*:5555"))?; // For clients
    backend.bind(&ep!("tcp://*:5556"))?; // For workers

    // List of available workers
    let mut workers = Workers::default();

    // Send out heartbeats at regular intervals
    let interval = ch3_util::scaled_ms(HEARTBEAT_INTERVAL);
    let mut heartbeat_at = s_clock() + interval;

    loop {
        let (backend_ready, frontend_ready) = {
            let mut items = [
                backend.as_poll_item(PollEvents::POLLIN),
                frontend.as_poll_item(PollEvents::POLLIN),
            ];
            // Poll frontend only if we have available workers
            let n = if workers.0.is_empty() { 1 } else { 2 };
            let timeout = std::time::Duration::from_millis(interval);
            if poll(&mut items[..n], Some(timeout)).is_err() {
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
            // Any sign of life from worker means it's ready
            let identity = ch3_util::unwrap(&mut msg).context("empty message")?;
            workers.ready(Worker::new(identity));

            // Validate control message, or return reply to client
            if msg.len() == 1 {
                let frame = &msg[0][..];
                if frame != PPP_READY && frame != PPP_HEARTBEAT {
                    println!("E: invalid message from worker");
                    for frame in &msg {
                        println!("{}", zhelpers::dump_frame(frame));
                    }
                }
            } else {
                frontend.send_multipart(msg)?;
            }
        }
        if frontend_ready {
            // Now get next client request, route to next worker
            let Ok(mut msg) = frontend.recv_multipart() else {
                break; // Interrupted
            };
            let identity = workers.next().expect("polled with a ready worker");
            msg.insert(0, identity);
            backend.send_multipart(msg)?;
        }

        // We handle heartbeating after any socket activity. First, we send heartbeats to any
        // idle workers if it's time. Then, we purge any dead workers:
        if s_clock() >= heartbeat_at {
            for worker in &workers.0 {
                backend.send_multipart([&worker.identity, &Message::from(PPP_HEARTBEAT)])?;
            }
            heartbeat_at = s_clock() + interval;
        }
        workers.purge(trace);
    }
    Ok(())
}
