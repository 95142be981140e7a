//! `lbbroker3.c`, chapter 3 of the ZeroMQ Guide: the load-balancing broker, reactor style.
//!
//! 10 REQ clients (`ipc://frontend.ipc`) send `HELLO` once a second for ever and print
//! `Client: OK`; 3 REQ workers (`ipc://backend.ipc`) announce themselves with `"\x01"`, print
//! the request (`Worker: [005] HELLO`) and answer `OK`. The broker is written as two handlers,
//! one per socket, driven by a reactor that only listens to the frontend while a worker is
//! ready (the C's `zloop_reader`/`zloop_reader_end` when the worker list goes from 0 to 1 and
//! back). Runs until Ctrl-C (SIGINT) or SIGTERM.
//!
//! The C uses CZMQ's `zloop`, `zmsg`, `zlist` and `zactor`; this port uses this crate's own
//! API instead: a tiny reactor over `zmq::poll` (the `Reactor` below), whole messages as
//! `Vec<Message>` with `recv_multipart`/`send_multipart`, a `VecDeque` of identity frames, and
//! plain threads.
//!
//! Run: `cargo run --example lbbroker3`. `ZGUIDE_TIME_SCALE=0.1` shortens the clients' one
//! second pause.

#[path = "zguide/ch3_util.rs"]
mod ch3_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::collections::VecDeque;
use std::time::Duration;

use anyhow::{Context as _, Result};
use zhelpers::{ep, s_catch_signals, s_interrupted, s_recv, s_send};
use zmq::{poll, Context, Message, PollEvents, Socket, SocketType};

const NBR_CLIENTS: usize = 10;
const NBR_WORKERS: usize = 3;
const WORKER_READY: &[u8] = b"\x01"; // Signals worker is ready

// Basic request-reply client using a REQ socket
fn client_task(context: Context) -> Result<()> {
    let client = context.socket(SocketType::Req)?;
    client.connect(&ep!("ipc://frontend.ipc"))?;
    // Send request, get reply
    loop {
        s_send(&client, "HELLO")?;
        let Some(reply) = s_recv(&client) else {
            return Ok(()); // Interrupted
        };
        println!("Client: {reply}");
        ch3_util::sleep_ms(1000);
    }
}

// Worker using a REQ socket to do load-balancing
fn worker_task(context: Context) -> Result<()> {
    let worker = context.socket(SocketType::Req)?;
    worker.connect(&ep!("ipc://backend.ipc"))?;
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

/// Which handler a reader calls.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Handler {
    Frontend,
    Backend,
}

/// Our load-balancer structure, passed to the reactor handlers.
struct LbBroker {
    frontend: Socket,           // Listen to clients
    backend: Socket,            // Listen to workers
    workers: VecDeque<Message>, // List of ready workers
}

/// A minimal stand-in for `zloop`: a set of readers, each a socket and the handler to call when
/// it is readable; handlers may add or remove readers.
#[derive(Default)]
struct Reactor {
    readers: Vec<Handler>,
}

impl Reactor {
    fn reader(&mut self, handler: Handler) {
        if !self.readers.contains(&handler) {
            self.readers.push(handler);
        }
    }

    fn reader_end(&mut self, handler: Handler) {
        self.readers.retain(|h| *h != handler);
    }

    /// Runs until interrupted (`zloop_start`).
    fn start(&mut self, broker: &mut LbBroker) -> Result<()> {
        loop {
            let ready: Vec<Handler> = {
                let mut items: Vec<_> = self
                    .readers
                    .iter()
                    .map(|h| broker.socket(*h).as_poll_item(PollEvents::POLLIN))
                    .collect();
                // Wake up now and then to notice a signal delivered to another thread
                let woken = poll(&mut items, Some(Duration::from_millis(250)));
                if woken.is_err() || s_interrupted() {
                    return Ok(()); // Interrupted
                }
                self.readers
                    .iter()
                    .zip(&items)
                    .filter(|(_, item)| item.is_readable())
                    .map(|(h, _)| *h)
                    .collect()
            };
            for handler in ready {
                // A handler may have cancelled a reader that was ready in the same round
                if !self.readers.contains(&handler) {
                    continue;
                }
                match handler {
                    Handler::Frontend => broker.handle_frontend(self)?,
                    Handler::Backend => broker.handle_backend(self)?,
                }
            }
        }
    }
}

impl LbBroker {
    fn socket(&self, handler: Handler) -> &Socket {
        match handler {
            Handler::Frontend => &self.frontend,
            Handler::Backend => &self.backend,
        }
    }

    // In the reactor design, each time a message arrives on a socket, the reactor passes it to
    // a handler function. We have two handlers; one for the frontend, one for the backend.

    // Handle input from client, on frontend
    fn handle_frontend(&mut self, reactor: &mut Reactor) -> Result<()> {
        if let Ok(mut msg) = self.frontend.recv_multipart() {
            let worker = self.workers.pop_front().context("no ready worker")?;
            ch3_util::wrap(&mut msg, worker);
            self.backend.send_multipart(msg)?;
            // Cancel reader on frontend if we went from 1 to 0 workers
            if self.workers.is_empty() {
                reactor.reader_end(Handler::Frontend);
            }
        }
        Ok(())
    }

    // Handle input from worker, on backend
    fn handle_backend(&mut self, reactor: &mut Reactor) -> Result<()> {
        // Use worker identity for load-balancing
        if let Ok(mut msg) = self.backend.recv_multipart() {
            let identity = ch3_util::unwrap(&mut msg).context("empty message")?;
            self.workers.push_back(identity);
            // Enable reader on frontend if we went from 0 to 1 workers
            if self.workers.len() == 1 {
                reactor.reader(Handler::Frontend);
            }
            // Forward message to client if it's not a READY
            if msg.first().map(|f| &f[..]) != Some(WORKER_READY) {
                self.frontend.send_multipart(msg)?;
            }
        }
        Ok(())
    }
}

// The main task sets up child tasks, then starts its reactor. On Ctrl-C the reactor exits and
// the main task shuts down.
fn main() -> Result<()> {
    s_catch_signals();
    let context = Context::new()?;
    let frontend = context.socket(SocketType::Router)?;
    frontend.bind(&ep!("ipc://frontend.ipc"))?;
    let backend = context.socket(SocketType::Router)?;
    backend.bind(&ep!("ipc://backend.ipc"))?;
    let mut broker = LbBroker {
        frontend,
        backend,
        workers: VecDeque::new(),
    };

    for _ in 0..NBR_CLIENTS {
        let context = context.clone();
        std::thread::spawn(move || client_task(context));
    }
    for _ in 0..NBR_WORKERS {
        let context = context.clone();
        std::thread::spawn(move || worker_task(context));
    }

    // Prepare reactor and fire it up
    let mut reactor = Reactor::default();
    reactor.reader(Handler::Backend);
    reactor.start(&mut broker)?;
    // The client and worker threads end with the process.
    Ok(())
}
