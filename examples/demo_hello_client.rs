//! Classic pattern demo (from the ZeroMQ talks, not a Guide file): the hello client.
//!
//! A REQ socket connected to `tcp://localhost:5454` (`demo_hello_server`) sends `count`
//! requests (default 10) with the given text (default `Hello`) and prints each reply as
//! `Received reply N: [Hello World]`.
//!
//! Run: `cargo run --example demo_hello_client -- [count] [text]`.

#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use anyhow::Result;
use zhelpers::{ep, s_recv, s_send};
use zmq::{Context, SocketType};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let count: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let text = args.next().unwrap_or_else(|| "Hello".to_owned());

    let ctx = Context::new()?;
    let client = ctx.socket(SocketType::Req)?;
    client.connect(&ep!("tcp://localhost:5454"))?;
    for n in 0..count {
        s_send(&client, &text)?;
        let Some(reply) = s_recv(&client) else {
            break; // Interrupted
        };
        println!("Received reply {n}: [{reply}]");
    }
    Ok(())
}
