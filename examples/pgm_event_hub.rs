//! Event hub: takes events on a PULL socket and republishes them on an epgm PUB socket with a set
//! RATE (a streamer device built on `zmq::proxy`).
//!
//! Events are two frames: a 4-digit id ("who") and a payload ("what").
//!
//! The default multicast endpoint uses loopback, which carries multicast only where it was enabled
//! (`ip link set lo multicast on` inside a network namespace): point `--out` at the interface of
//! the network the subscribers are on.

#[path = "common/args.rs"]
mod args;

use anyhow::{Context as _, Result};
use zmq::{opt, Context, SocketType};

const USAGE: &str = "pgm_event_hub [--in ENDPOINT] [--out EPGM_ENDPOINT] [--rate KBIT_S]
  --in    where producers PUSH events      (env EVENT_HUB_IN,  default tcp://127.0.0.1:5560)
  --out   epgm/pgm endpoint to publish on  (env EVENT_HUB_OUT, default epgm://127.0.0.1;239.192.1.1:5561)
  --rate  PGM rate limit in kbit/s         (env EVENT_HUB_RATE, default 10000)";

fn main() -> Result<()> {
    if args::help(USAGE) {
        return Ok(());
    }
    let input = args::arg("in", "EVENT_HUB_IN", "tcp://127.0.0.1:5560");
    let output = args::arg("out", "EVENT_HUB_OUT", "epgm://127.0.0.1;239.192.1.1:5561");
    let rate: i32 = args::arg("rate", "EVENT_HUB_RATE", "10000")
        .parse()
        .context("--rate takes kbit/s")?;

    let ctx = Context::new()?;
    let pull = ctx.socket(SocketType::Pull)?;
    pull.bind(&input)
        .with_context(|| format!("binding {input}"))?;
    let publisher = ctx.socket(SocketType::Pub)?;
    publisher.set(opt::Rate, rate)?;
    publisher
        .connect(&output)
        .with_context(|| format!("publishing on {output}"))?;
    eprintln!("event hub: {input} -> {output} at {rate} kbit/s");
    // Runs until the process is stopped.
    zmq::proxy(&pull, &publisher).context("proxy")?;
    Ok(())
}
