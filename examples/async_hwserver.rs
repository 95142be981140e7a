//! Hello World server with tokio (the ZeroMQ Guide's `hwserver`, async): a REP socket that answers
//! every "Hello" with "World" after some simulated work, without blocking the runtime.
//!
//! `cargo run --features tokio --example async_hwserver -- [--bind EP] [--work-ms MS] [--count N]`

#[path = "common/args.rs"]
mod args;

use std::time::Duration;

use anyhow::{Context as _, Result};
use zmq::aio::AsyncSocket;
use zmq::{Context, SocketType};

const USAGE: &str = "async_hwserver [--bind EP] [--work-ms MS] [--count N]
  --bind     REP endpoint (env HW_BIND, default tcp://127.0.0.1:5555)
  --work-ms  simulated work per request (default 1000, as in the Guide)
  --count    exit after N requests (default 0: run until killed)";

#[tokio::main]
async fn main() -> Result<()> {
    if args::help(USAGE) {
        return Ok(());
    }
    let bind = args::arg("bind", "HW_BIND", "tcp://127.0.0.1:5555");
    let work = Duration::from_millis(args::arg("work-ms", "HW_WORK_MS", "1000").parse()?);
    let count: u64 = args::arg("count", "HW_COUNT", "0").parse()?;

    let ctx = Context::new()?;
    let responder = ctx.socket(SocketType::Rep)?;
    responder
        .bind(&bind)
        .with_context(|| format!("binding {bind}"))?;
    println!(
        "async_hwserver: listening on {}",
        responder.last_endpoint()?
    );
    let mut responder = AsyncSocket::new(responder)?;

    let mut served = 0u64;
    while count == 0 || served < count {
        let request = responder.recv().await?;
        println!("Received {}", String::from_utf8_lossy(&request));
        tokio::time::sleep(work).await; // "work", while other tasks run
        responder.send("World").await?;
        served += 1;
    }
    Ok(())
}
