//! Pathological publisher (`pathopub.c`, chapter 5): sends out 1,000 topics (`000`..`999`,
//! each a `[topic]["Save Roger"]` message), then one random update per second
//! (`[topic]["Off with his head!"]`).
//!
//! Run: `cargo run --example pathopub` (binds `tcp://*:5556`), or with an endpoint to bind,
//! e.g. `cargo run --example pathopub -- tcp://*:5557` in front of `lvcache`.

#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zhelpers::{randof, s_sleep};
use zmq::Flags;

fn main() -> anyhow::Result<()> {
    zhelpers::s_catch_signals();
    let endpoint = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tcp://*:5556".to_owned());
    let ctx = zmq::Context::new()?;
    let publisher = ctx.socket(zmq::SocketType::Pub)?;
    publisher.bind(&zhelpers::endpoint(&endpoint))?;

    // Ensure subscriber connection has time to complete.
    s_sleep(1000);

    // Send out all 1,000 topic messages.
    for topic_nbr in 0..1000 {
        publisher.send_with(format!("{topic_nbr:03}"), Flags::SNDMORE)?;
        publisher.send("Save Roger")?;
    }
    // Send one random update per second.
    while !zhelpers::s_interrupted() {
        s_sleep(1000);
        publisher.send_with(format!("{:03}", randof(1000)), Flags::SNDMORE)?;
        publisher.send("Off with his head!")?;
    }
    Ok(())
}
