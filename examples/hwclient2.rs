//! `hwclient2.c` (contributed, chapter 1 variant): Hello World client on a DEALER socket. It
//! connects to `tcp://localhost:5555` and sends ten requests as a REQ socket would put them on
//! the wire: an empty delimiter frame, then `Hello`. A reply whose first frame is empty is
//! printed (`Received respond msg: World NO=n`, then a blank line); any other is discarded.
//! Works against `hwserver`, `hwserver2` (REP) and `hwserver3` (ROUTER).
//!
//! Run: `cargo run --example hwclient2` (with `hwserver2` running).
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{Context, Flags, SocketType};

fn main() -> anyhow::Result<()> {
    println!("Connecting to hello world server...");
    let context = Context::new()?;
    let requester = context.socket(SocketType::Dealer)?;
    requester.connect(&zhelpers::ep!("tcp://localhost:5555"))?;
    let mut reply_nbr = 0; // Replies received

    for request_nbr in 1..=10 {
        println!("Sending request msg: Hello NO={request_nbr}...");
        // Send the request: an empty delimiter frame, then the request itself
        requester.send_with("", Flags::SNDMORE)?;
        requester.send("Hello")?;
        // Receive the reply; if its first frame is the empty delimiter, the next is the body
        let first = requester.recv_msg()?;
        if first.is_empty() {
            let reply = requester.recv_string()?;
            reply_nbr += 1;
            println!("Received respond msg: {reply} NO={reply_nbr}\n");
        } else {
            // Not an envelope we know: discard the whole message
            while requester.rcvmore()? {
                requester.recv_msg()?;
            }
            println!("Discard the ZMQ message!");
        }
    }
    Ok(())
}
