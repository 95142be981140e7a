//! `hwserver4.c` (contributed, chapter 1 variant): Hello World server on a ROUTER socket bound
//! to `tcp://*:5555`. It prints the three frames of each request (`[recv] frame1 = ZMQ`,
//! `[recv] frame2 = `, `[recv] frame3 = Hello`), "works" one second, prints the three frames of
//! its reply (`[send] frame1 = ZMQ`, `[send] frame2 = `, `[send] frame3 = World`, then a blank
//! line) and sends them. The second frame must be the empty delimiter. Serves `hwclient4`
//! (DEALER) and `hwclient3` (REQ).
//!
//! Run: `cargo run --example hwserver4`. `--work-ms N` scales the work (default 1000).
#[path = "zguide/ch12_args.rs"]
mod args;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{Context, Flags, SocketType};

fn main() -> anyhow::Result<()> {
    let work_ms = args::num("work-ms", 1000);
    let context = Context::new()?;
    let responder = context.socket(SocketType::Router)?;
    responder.bind(&zhelpers::ep!("tcp://*:5555"))?;

    loop {
        // The first frame received is the identity frame; keep it for the reply
        let identity = responder.recv_msg()?;
        println!("[recv] frame1 = {}", c_str(&identity));
        // The second is the empty delimiter frame
        let frame2 = responder.recv_msg()?;
        println!("[recv] frame2 = {}", c_str(&frame2));
        anyhow::ensure!(frame2.is_empty(), "the request has no empty delimiter");
        // The third is the data frame
        let frame3 = responder.recv_string()?;
        println!("[recv] frame3 = {frame3}");

        zhelpers::s_sleep(work_ms); // Do some work

        // Send the reply to the client
        println!("[send] frame1 = {}", c_str(&identity));
        println!("[send] frame2 = ");
        println!("[send] frame3 = World\n");
        responder.send_with(identity, Flags::SNDMORE)?; // Identity frame
        responder.send_with("", Flags::SNDMORE)?; // Empty delimiter frame
        responder.send("World")?; // Data frame
    }
}

/// A frame as C's `printf ("%s")` shows it: up to the first zero byte (libzmq's generated
/// identities start with one, so they print empty, as in the C).
fn c_str(frame: &[u8]) -> String {
    let end = frame.iter().position(|&b| b == 0).unwrap_or(frame.len());
    String::from_utf8_lossy(&frame[..end]).into_owned()
}
