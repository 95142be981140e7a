//! Classic pattern demo (from the ZeroMQ talks, not a Guide file): the hello server.
//!
//! A REP socket bound to `tcp://*:5454` answers each request with the request followed by
//! `" World"` (`Hello` -> `Hello World`), printing `Received request: [Hello]` for each.
//!
//! Run: `cargo run --example demo_hello_server -- [count]` (serve `count` requests, then exit;
//! default: until Ctrl-C), with `demo_hello_client` in another terminal.

#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use anyhow::Result;
use zhelpers::{ep, s_catch_signals};
use zmq::{Context, SocketType};

fn main() -> Result<()> {
    let count: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    s_catch_signals();
    let ctx = Context::new()?;
    let server = ctx.socket(SocketType::Rep)?;
    server.bind(&ep!("tcp://*:5454"))?;

    let mut served = 0;
    while count == 0 || served < count {
        let Ok(request) = server.recv_msg() else {
            break; // Interrupted
        };
        println!("Received request: [{}]", String::from_utf8_lossy(&request));
        let mut reply = request.to_vec();
        reply.extend_from_slice(b" World");
        server.send(reply)?;
        served += 1;
    }
    Ok(())
}
