//! `hwserver3.c` (contributed, chapter 1 variant): Hello World server on a ROUTER socket bound
//! to `tcp://*:5555`, handling the REQ envelope by hand. It prints each frame of a request
//! (`[Frame_1] identity = ZMQ`, `[Frame_2] string = `, `[Frame_3] Received request msg:
//! Hello`); a request whose second frame is not the empty delimiter is discarded. After one
//! second of "work" it prints `Send respond msg: World` (then a blank line) and replies with the
//! identity, an empty frame and `World`. Serves `hwclient3` (REQ) and `hwclient2` (DEALER).
//!
//! Run: `cargo run --example hwserver3`. `--work-ms N` scales the work (default 1000).
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
        // The first frame is the identity of the client
        let identity = responder.recv_msg()?;
        println!("[Frame_1] identity = {}", c_str(&identity));
        // The second must be the empty delimiter; then comes the data frame
        let string = responder.recv_string()?;
        println!("[Frame_2] string = {string}");
        if !string.is_empty() {
            // Not a REQ envelope: discard the whole message
            while responder.rcvmore()? {
                responder.recv_msg()?;
            }
            println!("Discard the ZMQ message!");
            continue;
        }
        let content = responder.recv_string()?;
        println!("[Frame_3] Received request msg: {content}");

        zhelpers::s_sleep(work_ms); // Do some work
                                    // Send the reply to the client: identity, empty frame, data
        println!("Send respond msg: World\n");
        responder.send_with(identity, Flags::SNDMORE)?;
        responder.send_with("", Flags::SNDMORE)?;
        responder.send("World")?;
    }
}

/// A frame as C's `printf ("%s")` shows it: up to the first zero byte (libzmq's generated
/// identities start with one, so they print empty, as in the C).
fn c_str(frame: &[u8]) -> String {
    let end = frame.iter().position(|&b| b == 0).unwrap_or(frame.len());
    String::from_utf8_lossy(&frame[..end]).into_owned()
}
