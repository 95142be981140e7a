//! Weather update server over PGM multicast: the Guide's `wuserver`, publishing on an epgm group
//! instead of tcp. Each update is "zipcode temperature relhumidity".

#[path = "common/args.rs"]
mod args;

use anyhow::{Context as _, Result};
use zmq::{opt, Context, SocketType};

const USAGE: &str = "pgm_wuserver [--bind EPGM_ENDPOINT] [--rate KBIT_S] [--count N]
  --bind   epgm/pgm endpoint (env WUSERVER_PGM, default epgm://127.0.0.1;239.192.1.2:5562)
  --rate   PGM rate limit in kbit/s (default 10000)
  --count  stop after N updates (0: never; default 0)";

fn main() -> Result<()> {
    if args::help(USAGE) {
        return Ok(());
    }
    let endpoint = args::arg("bind", "WUSERVER_PGM", "epgm://127.0.0.1;239.192.1.2:5562");
    let rate: i32 = args::arg("rate", "WUSERVER_RATE", "10000")
        .parse()
        .context("--rate")?;
    let count: u64 = args::arg("count", "WUSERVER_COUNT", "0")
        .parse()
        .context("--count")?;
    let ctx = Context::new()?;
    let publisher = ctx.socket(SocketType::Pub)?;
    publisher.set(opt::Rate, rate)?;
    publisher
        .connect(&endpoint)
        .with_context(|| format!("publishing on {endpoint}"))?;
    let mut seed: u32 = std::process::id() | 1;
    let mut rand = move |n: u32| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed % n
    };
    let mut sent = 0;
    while count == 0 || sent < count {
        let zipcode = rand(100_000);
        let temperature = rand(215) as i32 - 80;
        let relhumidity = rand(50) + 10;
        let update = format!("{zipcode:05} {temperature} {relhumidity}");
        publisher.send(update)?;
        sent += 1;
        // Stay within the rate limit's steady state instead of bursting into it.
        if sent % 1000 == 0 {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }
    // Keep the group alive for repairs (RECOVERY_IVL) before exiting.
    std::thread::sleep(std::time::Duration::from_secs(1));
    Ok(())
}
