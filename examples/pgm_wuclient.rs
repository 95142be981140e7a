//! Weather update client over PGM multicast: the Guide's `wuclient`, subscribing to an epgm group.
//! Collects 100 updates for one zipcode and prints the average temperature.

#[path = "common/args.rs"]
mod args;

use anyhow::{Context as _, Result};
use zmq::{opt, Context, SocketType};

const USAGE: &str = "pgm_wuclient [--connect EPGM_ENDPOINT] [--zip ZIPCODE] [--updates N]
  --connect  epgm/pgm endpoint (env WUCLIENT_PGM, default epgm://127.0.0.1;239.192.1.2:5562)
  --zip      zipcode prefix to subscribe to (default 10001)
  --updates  how many updates to average (default 100)
  --rate     the server's PGM rate, kbit/s (default 10000)";

fn main() -> Result<()> {
    if args::help(USAGE) {
        return Ok(());
    }
    let endpoint = args::arg(
        "connect",
        "WUCLIENT_PGM",
        "epgm://127.0.0.1;239.192.1.2:5562",
    );
    let zip = args::arg("zip", "WUCLIENT_ZIP", "10001");
    let updates: u32 = args::arg("updates", "WUCLIENT_UPDATES", "100")
        .parse()
        .context("--updates")?;
    println!("Collecting updates from weather server...");
    let ctx = Context::new()?;
    let sub = ctx.socket(SocketType::Sub)?;
    // On a PGM receiver RATE x RECOVERY_IVL sizes the receive window: match the sender's rate
    // (at the default 100 kbit/s the window is ~80 packets and a fast sender overruns it).
    let rate: i32 = args::arg("rate", "WUCLIENT_RATE", "10000")
        .parse()
        .context("--rate")?;
    sub.set(opt::Rate, rate)?;
    sub.connect(&endpoint)
        .with_context(|| format!("subscribing to {endpoint}"))?;
    sub.subscribe(&zip)?;
    let mut total: i64 = 0;
    for _ in 0..updates {
        let update = sub.recv_string()?;
        let mut fields = update.split_whitespace().skip(1);
        let temperature: i64 = fields.next().unwrap_or("0").parse().unwrap_or(0);
        total += temperature;
    }
    println!(
        "Average temperature for zipcode '{zip}' was {}F",
        total / i64::from(updates.max(1))
    );
    Ok(())
}
