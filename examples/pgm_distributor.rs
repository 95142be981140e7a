//! Distributor: subscribes to every event on an epgm multicast group and republishes it on a local
//! ipc PUB socket for the processes of this host (a forwarder device built on `zmq::proxy`).

#[path = "common/args.rs"]
mod args;

use anyhow::{Context as _, Result};
use zmq::{opt, Context, SocketType};

const USAGE: &str = "pgm_distributor [--in EPGM_ENDPOINT] [--out ENDPOINT]
  --in   multicast group to subscribe to  (env DISTRIBUTOR_IN,  default epgm://127.0.0.1;239.192.1.1:5561)
  --out  where local clients subscribe    (env DISTRIBUTOR_OUT, default ipc:///tmp/pgm-events.ipc)
  --rate the publisher's PGM rate, kbit/s  (env DISTRIBUTOR_RATE, default 10000)";

fn main() -> Result<()> {
    if args::help(USAGE) {
        return Ok(());
    }
    let input = args::arg("in", "DISTRIBUTOR_IN", "epgm://127.0.0.1;239.192.1.1:5561");
    let output = args::arg("out", "DISTRIBUTOR_OUT", "ipc:///tmp/pgm-events.ipc");
    let ctx = Context::new()?;
    let sub = ctx.socket(SocketType::Sub)?;
    // On a PGM receiver RATE x RECOVERY_IVL sizes the receive window: match the sender's rate
    // (at the default 100 kbit/s the window is ~80 packets and a fast sender overruns it).
    let rate: i32 = args::arg("rate", "DISTRIBUTOR_RATE", "10000")
        .parse()
        .context("--rate")?;
    sub.set(opt::Rate, rate)?;
    sub.subscribe("")?;
    // The crate gives this PGM receiver an unbounded receive queue (libzmq 4.3.5 aborts when a
    // PGM receive queue fills): if the proxy falls behind, events queue up here until it catches
    // up.
    sub.connect(&input)
        .with_context(|| format!("subscribing to {input}"))?;
    let publisher = ctx.socket(SocketType::Pub)?;
    publisher
        .bind(&output)
        .with_context(|| format!("binding {output}"))?;
    eprintln!("distributor: {input} -> {output}");
    zmq::proxy(&sub, &publisher).context("proxy")?;
    Ok(())
}
