//! `wuproxy.c` (chapter 2): weather update proxy. An XSUB frontend connected to the weather
//! server and an XPUB backend where subscribers connect, joined by [`zmq::proxy`]; subscriptions
//! flow upstream, updates downstream.
//!
//! Run: `cargo run --example wuproxy` (with `wuserver`; subscribe at `tcp://localhost:8100`).
//!
//! Deliberate difference: the C connects to `tcp://192.168.55.210:5556` and binds
//! `tcp://10.1.1.0:8100`, addresses of the author's network. As the book describes (the weather
//! server on the internal network, the proxy's public port 8100), this port connects to the
//! local weather server `tcp://localhost:5556` and binds `tcp://*:8100`; it never sends traffic
//! to a foreign address.
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{Context, SocketType};

fn main() -> anyhow::Result<()> {
    let context = Context::new()?;
    // This is where the weather server sits
    let frontend = context.socket(SocketType::XSub)?;
    frontend.connect(&zhelpers::ep!("tcp://localhost:5556"))?;
    // This is our public endpoint for subscribers
    let backend = context.socket(SocketType::XPub)?;
    backend.bind(&zhelpers::ep!("tcp://*:8100"))?;

    // Run the proxy until the user interrupts us
    zmq::proxy(&frontend, &backend)?;
    Ok(())
}
