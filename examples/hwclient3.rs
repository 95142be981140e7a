//! `hwclient3.c` (contributed, chapter 1 variant): Hello World client on a REQ socket with the
//! identity `ZMQ`. It connects to `tcp://localhost:5555`, sends `Hello` ten times and prints
//! each reply (`Received respond msg: World NO=n`, then a blank line). `hwserver3` (ROUTER)
//! prints the identity frame it receives.
//!
//! Run: `cargo run --example hwclient3` (with `hwserver3` running).
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{Context, SocketType};

fn main() -> anyhow::Result<()> {
    println!("Connecting to hello world server...");
    let context = Context::new()?;
    let requester = context.socket(SocketType::Req)?;
    // Set the REQ socket's identity
    requester.set(zmq::opt::RoutingId, b"ZMQ".as_slice())?;
    requester.connect(&zhelpers::ep!("tcp://localhost:5555"))?;

    for request_nbr in 1..=10 {
        println!("Sending request msg: Hello NO={request_nbr}...");
        requester.send("Hello")?;
        let reply = requester.recv_string()?;
        println!("Received respond msg: {reply} NO={request_nbr}\n");
    }
    Ok(())
}
