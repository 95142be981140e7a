//! `rrworker.c` (chapter 2): request-reply worker for the broker. Connects a REP socket to the
//! broker's backend `tcp://localhost:5560`, prints each request, works one second and replies
//! `World`. Runs forever.
//!
//! Run: `cargo run --example rrworker` (with `rrbroker` or `msgqueue`).
//! `--work-ms N` scales the pretend work (default 1000, the Guide's `sleep (1)`).
#[path = "zguide/ch12_args.rs"]
mod args;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{Context, SocketType};

fn main() -> anyhow::Result<()> {
    let work_ms = args::num("work-ms", 1000);
    let context = Context::new()?;
    // Socket to talk to clients
    let responder = context.socket(SocketType::Rep)?;
    responder.connect(&zhelpers::ep!("tcp://localhost:5560"))?;

    loop {
        // Wait for next request from client
        let request = responder.recv_string()?;
        println!("Received request: [{request}]");
        // Do some 'work'
        zhelpers::s_sleep(work_ms);
        // Send reply back to client
        responder.send("World")?;
    }
}
