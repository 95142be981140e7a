//! Last value cache (`lvcache.c`, chapter 5): a proxy that subscribes to everything a publisher
//! sends (SUB, connected to `tcp://localhost:5557`), keeps the last value of each topic, and
//! forwards all updates on XPUB `tcp://*:5558`; when a subscription arrives there (a frame of
//! `1` followed by the topic), it prints `Sending cached topic T` and re-sends the cached value
//! of that topic, so a late subscriber gets the current value at once.
//!
//! Run: `cargo run --example pathopub -- tcp://*:5557`, `cargo run --example lvcache`, then
//! `cargo run --example pathosub -- tcp://localhost:5558`.
//!
//! Difference from the C: the C connects its SUB to `tcp://*:5557`, which names no host to
//! connect to; this port connects to `localhost`, where the book runs `pathopub`.

#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::collections::HashMap;
use std::time::Duration;

use zmq::{Flags, PollEvents, SocketType};

fn main() -> anyhow::Result<()> {
    zhelpers::s_catch_signals();
    let ctx = zmq::Context::new()?;
    let frontend = ctx.socket(SocketType::Sub)?;
    frontend.connect(&zhelpers::ep!("tcp://localhost:5557"))?;
    let backend = ctx.socket(SocketType::XPub)?;
    backend.bind(&zhelpers::ep!("tcp://*:5558"))?;

    // Subscribe to every single topic from publisher.
    frontend.subscribe("")?;

    // Store last instance of each topic in a cache.
    let mut cache: HashMap<String, String> = HashMap::new();

    // We route topic updates from frontend to backend, and we handle subscriptions by sending
    // whatever we cached, if anything.
    loop {
        let mut items = [
            frontend.as_poll_item(PollEvents::POLLIN),
            backend.as_poll_item(PollEvents::POLLIN),
        ];
        if zmq::poll(&mut items, Some(Duration::from_millis(1000))).is_err() {
            break; // Interrupted
        }
        // Any new topic data we cache and then forward.
        if items[0].is_readable() {
            let Ok(topic) = frontend.recv_string() else {
                break;
            };
            let Ok(current) = frontend.recv_string() else {
                break;
            };
            backend.send_with(topic.as_str(), Flags::SNDMORE)?;
            backend.send(current.as_str())?;
            cache.insert(topic, current);
        }
        // When we get a new subscription, we pull data from the cache.
        if items[1].is_readable() {
            let Ok(frame) = backend.recv_msg() else {
                break;
            };
            // Event is one byte 0=unsub or 1=sub, followed by topic.
            if frame.first() == Some(&1) {
                let topic = String::from_utf8_lossy(&frame[1..]).into_owned();
                println!("Sending cached topic {topic}");
                if let Some(previous) = cache.get(&topic) {
                    backend.send_with(topic.as_str(), Flags::SNDMORE)?;
                    backend.send(previous.as_str())?;
                }
            }
        }
    }
    Ok(())
}
