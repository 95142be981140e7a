//! `msreader.c` (chapter 2): reading from multiple sockets the naive way. Pulls tasks from the
//! ventilator (`tcp://localhost:5557`) and weather updates for `"10001 "` from the weather server
//! (`tcp://localhost:5556`) with non-blocking receives, draining tasks first (priority), and
//! sleeps 1 msec when both are idle.
//!
//! Run: `cargo run --example msreader` (with `taskvent` and/or `wuserver`). Difference from the
//! C, for tests only: `--tasks N --updates M` prints every message processed and exits after N
//! tasks and M updates with `Processed N tasks and M weather updates`. Without them it loops
//! forever and prints nothing, as the C.
#[path = "zguide/ch12_sample.rs"]
mod sample;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{Context, Error, Flags, Message, Socket, SocketType};

/// Receives without blocking: `Ok(None)` when nothing is waiting.
fn try_recv(socket: &Socket, msg: &mut Message) -> zmq::Result<bool> {
    match socket.recv_with(msg, Flags::DONTWAIT) {
        Ok(()) => Ok(true),
        Err(Error::WouldBlock) => Ok(false),
        Err(e) => Err(e),
    }
}

fn main() -> anyhow::Result<()> {
    let mut limit = sample::Limit::from_args();
    let context = Context::new()?;
    // Connect to task ventilator
    let receiver = context.socket(SocketType::Pull)?;
    receiver.connect(&zhelpers::ep!("tcp://localhost:5557"))?;
    // Connect to weather server
    let subscriber = context.socket(SocketType::Sub)?;
    subscriber.connect(&zhelpers::ep!("tcp://localhost:5556"))?;
    subscriber.subscribe("10001 ")?;

    // Process messages from both sockets; we prioritize traffic from the task ventilator
    let mut msg = Message::new();
    loop {
        while try_recv(&receiver, &mut msg)? {
            limit.task(&msg); // Process task
        }
        while try_recv(&subscriber, &mut msg)? {
            limit.update(&msg); // Process weather update
        }
        if limit.done() {
            return Ok(());
        }
        // No activity, so sleep for 1 msec
        zhelpers::s_sleep(1);
    }
}
