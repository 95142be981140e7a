//! Weather update client with tokio (the ZeroMQ Guide's `wuclient`, async): a SUB socket that
//! subscribes to one zip code, reads updates as a `Stream` and prints the average temperature.
//!
//! `cargo run --features tokio --example async_wuclient -- [--connect EP] [--zip Z] [--updates N]`

#[path = "common/args.rs"]
mod args;

use std::time::Duration;

use anyhow::{bail, Context as _, Result};
use futures_util::StreamExt;
use zmq::aio::AsyncSocket;
use zmq::{Context, SocketType};

const USAGE: &str = "async_wuclient [--connect EP] [--zip Z] [--updates N] [--timeout-ms MS]
  --connect     SUB endpoint (env WU_CONNECT, default tcp://127.0.0.1:5556)
  --zip         zip code to subscribe to (default 10001)
  --updates     updates to average (default 100)
  --timeout-ms  give up if no update arrives for MS (default 30000)";

#[tokio::main]
async fn main() -> Result<()> {
    if args::help(USAGE) {
        return Ok(());
    }
    let connect = args::arg("connect", "WU_CONNECT", "tcp://127.0.0.1:5556");
    let zip = args::arg("zip", "WU_ZIP", "10001");
    let updates: usize = args::arg("updates", "WU_UPDATES", "100").parse()?;
    let timeout = Duration::from_millis(args::arg("timeout-ms", "WU_TIMEOUT_MS", "30000").parse()?);

    let ctx = Context::new()?;
    println!("Collecting updates from weather server at {connect}...");
    let subscriber = ctx.socket(SocketType::Sub)?;
    subscriber
        .connect(&connect)
        .with_context(|| format!("connecting {connect}"))?;
    subscriber.subscribe(format!("{zip} "))?;
    let mut updates_stream = AsyncSocket::new(subscriber)?.take(updates);

    let mut total_temp = 0i64;
    let mut n = 0i64;
    loop {
        let Ok(next) = tokio::time::timeout(timeout, updates_stream.next()).await else {
            bail!("no update within {timeout:?} (is async_wuserver running?)");
        };
        let Some(parts) = next else { break };
        let parts = parts?;
        let text = String::from_utf8_lossy(&parts[0]).into_owned();
        let mut fields = text.split_whitespace().skip(1);
        let temperature: i64 = fields.next().context("temperature field")?.parse()?;
        total_temp += temperature;
        n += 1;
    }
    println!(
        "Average temperature for zipcode '{zip}' was {}F ({n} updates)",
        total_temp / n.max(1)
    );
    Ok(())
}
