//! Event client: subscribes to 100 random ids on the distributor's local PUB socket and prints
//! each event as `who what`.

#[path = "common/args.rs"]
mod args;

use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, Result};
use zmq::{Context, SocketType};

const USAGE: &str = "pgm_event_client [--connect ENDPOINT] [--ids N] [--count N] [--seed N]
  --connect  the distributor's PUB endpoint       (env EVENT_CLIENT_CONNECT, default ipc:///tmp/pgm-events.ipc)
  --ids      how many random ids to follow (4-digit, 0000-0999)   (default 100)
  --count    exit after this many events (0: never)               (default 0)
  --seed     seed of the id choice (default: from the clock)
  --all      follow every id instead";

fn main() -> Result<()> {
    if args::help(USAGE) {
        return Ok(());
    }
    let endpoint = args::arg(
        "connect",
        "EVENT_CLIENT_CONNECT",
        "ipc:///tmp/pgm-events.ipc",
    );
    let ids: usize = args::arg("ids", "EVENT_CLIENT_IDS", "100")
        .parse()
        .context("--ids")?;
    let count: u64 = args::arg("count", "EVENT_CLIENT_COUNT", "0")
        .parse()
        .context("--count")?;
    let clock = SystemTime::now().duration_since(UNIX_EPOCH)?.as_nanos() as u64;
    let mut seed: u64 = args::arg("seed", "EVENT_CLIENT_SEED", &clock.to_string())
        .parse()
        .context("--seed")?;
    let all = std::env::args().any(|a| a == "--all");

    let ctx = Context::new()?;
    let sub = ctx.socket(SocketType::Sub)?;
    sub.connect(&endpoint)
        .with_context(|| format!("connecting to {endpoint}"))?;
    if all {
        sub.subscribe("")?;
    } else {
        for _ in 0..ids {
            // xorshift64*: good enough to pick ids.
            seed ^= seed >> 12;
            seed ^= seed << 25;
            seed ^= seed >> 27;
            let id = seed.wrapping_mul(0x2545_f491_4f6c_dd1d) % 1000;
            sub.subscribe(format!("{id:04}"))?;
        }
    }
    let mut seen = 0;
    loop {
        let parts = sub.recv_multipart()?;
        let [who, what] = parts.as_slice() else {
            eprintln!("skipping a malformed event of {} parts", parts.len());
            continue;
        };
        println!(
            "{} {}",
            String::from_utf8_lossy(who),
            String::from_utf8_lossy(what)
        );
        seen += 1;
        if count != 0 && seen >= count {
            return Ok(());
        }
    }
}
