//! `psenvpub.c` (chapter 2): pub-sub envelope publisher. Binds a PUB to `tcp://*:5563` and, once
//! a second, publishes two two-frame messages: `[A][We don't want to see this]` and
//! `[B][We would like to see this]`. The first frame is the envelope subscribers filter on.
//!
//! Run: `cargo run --example psenvpub` (then `psenvsub`).
//! `--interval-ms N` scales the pause between pairs (default 1000: one pair per second, as the
//! book describes).
#[path = "zguide/ch12_args.rs"]
mod args;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{Context, SocketType};

fn main() -> anyhow::Result<()> {
    let interval_ms = args::num("interval-ms", 1000);
    // Prepare our context and publisher
    let context = Context::new()?;
    let publisher = context.socket(SocketType::Pub)?;
    publisher.bind(&zhelpers::ep!("tcp://*:5563"))?;

    loop {
        // Write two messages, each with an envelope and content
        publisher.send_multipart(["A", "We don't want to see this"])?;
        publisher.send_multipart(["B", "We would like to see this"])?;
        zhelpers::s_sleep(interval_ms);
    }
}
