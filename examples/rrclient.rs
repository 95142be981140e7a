//! `rrclient.c` (chapter 2): request-reply client for the broker. Connects a REQ socket to the
//! broker's frontend `tcp://localhost:5559` and sends ten `Hello`s, printing each reply.
//!
//! Run: `cargo run --example rrclient` (with `rrbroker` or `msgqueue`, and `rrworker`).
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{Context, SocketType};

fn main() -> anyhow::Result<()> {
    let context = Context::new()?;
    // Socket to talk to server
    let requester = context.socket(SocketType::Req)?;
    requester.connect(&zhelpers::ep!("tcp://localhost:5559"))?;

    for request_nbr in 0..10 {
        requester.send("Hello")?;
        let reply = requester.recv_string()?;
        println!("Received reply {request_nbr} [{reply}]");
    }
    Ok(())
}
