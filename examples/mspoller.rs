//! `mspoller.c` (chapter 2): reading from multiple sockets with `zmq_poll`. Pulls tasks from the
//! ventilator (`tcp://localhost:5557`) and weather updates for `"10001 "` from the weather server
//! (`tcp://localhost:5556`), waiting on both with one [`zmq::poll`].
//!
//! Run: `cargo run --example mspoller` (with `taskvent` and/or `wuserver`). Difference from the
//! C, for tests only: `--tasks N --updates M` prints every message processed and exits after N
//! tasks and M updates with `Processed N tasks and M weather updates`. Without them it loops
//! forever and prints nothing, as the C.
#[path = "zguide/ch12_sample.rs"]
mod sample;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{poll, Context, Message, PollEvents, SocketType};

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

    let mut items = [
        receiver.as_poll_item(PollEvents::POLLIN),
        subscriber.as_poll_item(PollEvents::POLLIN),
    ];
    // Process messages from both sockets
    let mut msg = Message::new();
    while !limit.done() {
        poll(&mut items, None)?;
        if items[0].is_readable() {
            receiver.recv(&mut msg)?;
            limit.task(&msg); // Process task
        }
        if items[1].is_readable() {
            subscriber.recv(&mut msg)?;
            limit.update(&msg); // Process weather update
        }
    }
    Ok(())
}
