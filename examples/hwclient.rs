//! `hwclient.c` (chapter 1): Hello World client. Connects a REQ socket to
//! `tcp://localhost:5555`, sends `Hello` ten times and waits for each `World` reply.
//!
//! Run: `cargo run --example hwclient` (with `hwserver` running).
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{Context, SocketType};

fn main() -> anyhow::Result<()> {
    println!("Connecting to hello world server...");
    let context = Context::new()?;
    let requester = context.socket(SocketType::Req)?;
    requester.connect(&zhelpers::ep!("tcp://localhost:5555"))?;

    for request_nbr in 0..10 {
        println!("Sending Hello {request_nbr}...");
        requester.send("Hello")?;
        requester.recv_msg()?;
        println!("Received World {request_nbr}");
    }
    Ok(())
}
