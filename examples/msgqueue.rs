//! `msgqueue.c` (chapter 2): the request-reply broker again, with the built-in proxy: a ROUTER
//! frontend (`tcp://*:5559`) and a DEALER backend (`tcp://*:5560`) joined by [`zmq::proxy`]
//! (`zmq_proxy`).
//!
//! Run: `cargo run --example msgqueue` (then `rrworker`s and `rrclient`s).
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{Context, SocketType};

fn main() -> anyhow::Result<()> {
    let context = Context::new()?;
    // Socket facing clients
    let frontend = context.socket(SocketType::Router)?;
    frontend.bind(&zhelpers::ep!("tcp://*:5559"))?;
    // Socket facing services
    let backend = context.socket(SocketType::Dealer)?;
    backend.bind(&zhelpers::ep!("tcp://*:5560"))?;

    // Start the proxy; it returns only when the context is terminated
    zmq::proxy(&frontend, &backend)?;
    Ok(())
}
