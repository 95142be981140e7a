//! `hwclient4.c` (contributed, chapter 1 variant): Hello World client on a DEALER socket with
//! the identity `ZMQ`. It connects to `tcp://localhost:5555` and sends ten requests as an empty
//! delimiter frame plus `Hello`; each reply must start with an empty frame, and its body is
//! printed (`Received respond msg: World NO=n`, then a blank line).
//!
//! Run: `cargo run --example hwclient4` (with `hwserver4` running).
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{Context, Flags, SocketType};

fn main() -> anyhow::Result<()> {
    println!("Connecting to hello world server...");
    let context = Context::new()?;
    let requester = context.socket(SocketType::Dealer)?;
    // Set the socket's identity
    requester.set(zmq::opt::RoutingId, b"ZMQ".as_slice())?;
    requester.connect(&zhelpers::ep!("tcp://localhost:5555"))?;

    for request_nbr in 1..=10 {
        println!("Sending request msg: Hello NO={request_nbr}...");
        requester.send_with("", Flags::SNDMORE)?; // Empty delimiter frame
        requester.send("Hello")?; // Data frame
        let empty = requester.recv_msg()?;
        anyhow::ensure!(empty.is_empty(), "the reply has no empty delimiter");
        let reply = requester.recv_string()?;
        println!("Received respond msg: {reply} NO={request_nbr}\n");
    }
    Ok(())
}
