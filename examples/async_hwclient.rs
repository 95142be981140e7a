//! Hello World client with tokio (the ZeroMQ Guide's `hwclient`, async): a REQ socket sends
//! "Hello" and awaits "World", ten times.
//!
//! `cargo run --features tokio --example async_hwclient -- [--connect EP] [--requests N]`

#[path = "common/args.rs"]
mod args;

use std::time::Duration;

use anyhow::{bail, Context as _, Result};
use zmq::aio::AsyncSocket;
use zmq::{Context, SocketType};

const USAGE: &str = "async_hwclient [--connect EP] [--requests N] [--timeout-ms MS]
  --connect     REQ endpoint (env HW_CONNECT, default tcp://127.0.0.1:5555)
  --requests    number of requests (default 10)
  --timeout-ms  give up on a reply after MS (default 10000)";

#[tokio::main]
async fn main() -> Result<()> {
    if args::help(USAGE) {
        return Ok(());
    }
    let connect = args::arg("connect", "HW_CONNECT", "tcp://127.0.0.1:5555");
    let requests: u32 = args::arg("requests", "HW_REQUESTS", "10").parse()?;
    let timeout = Duration::from_millis(args::arg("timeout-ms", "HW_TIMEOUT_MS", "10000").parse()?);

    let ctx = Context::new()?;
    println!("Connecting to hello world server at {connect}");
    let requester = ctx.socket(SocketType::Req)?;
    requester
        .connect(&connect)
        .with_context(|| format!("connecting {connect}"))?;
    let mut requester = AsyncSocket::new(requester)?;

    for n in 0..requests {
        println!("Sending Hello {n}...");
        requester.send("Hello").await?;
        let Ok(reply) = tokio::time::timeout(timeout, requester.recv()).await else {
            bail!("no reply within {timeout:?} (is async_hwserver running?)");
        };
        println!("Received {} {n}", String::from_utf8_lossy(&reply?));
    }
    Ok(())
}
