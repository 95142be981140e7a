//! Weather update server with tokio (the ZeroMQ Guide's `wuserver`, async): a PUB socket
//! publishing "zipcode temperature humidity" updates for random zip codes.
//!
//! `cargo run --features tokio --example async_wuserver -- [--bind EP] [--count N]`

#[path = "common/args.rs"]
mod args;

use anyhow::{Context as _, Result};
use zmq::aio::AsyncSocket;
use zmq::{Context, SocketType};

const USAGE: &str = "async_wuserver [--bind EP] [--count N] [--zips N]
  --bind   PUB endpoint (env WU_BIND, default tcp://127.0.0.1:5556)
  --count  stop after N updates (default 0: run until killed)
  --zips   zip codes are drawn from 0..N (default 100000; a small N gives every zip many updates)";

/// xorshift64*: reproducible pseudo-random numbers without a dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    if args::help(USAGE) {
        return Ok(());
    }
    let bind = args::arg("bind", "WU_BIND", "tcp://127.0.0.1:5556");
    let count: u64 = args::arg("count", "WU_COUNT", "0").parse()?;
    let zips: u64 = args::arg("zips", "WU_ZIPS", "100000").parse()?;

    let ctx = Context::new()?;
    let publisher = ctx.socket(SocketType::Pub)?;
    publisher
        .bind(&bind)
        .with_context(|| format!("binding {bind}"))?;
    println!(
        "async_wuserver: publishing on {}",
        publisher.last_endpoint()?
    );
    let mut publisher = AsyncSocket::new(publisher)?;

    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut sent = 0u64;
    while count == 0 || sent < count {
        let zipcode = 10_000 + rng.below(zips.max(1));
        let temperature = rng.below(215) as i64 - 80;
        let relhumidity = rng.below(50) + 10;
        publisher
            .send(format!("{zipcode:05} {temperature} {relhumidity}"))
            .await?;
        sent += 1;
        if sent.is_multiple_of(1024) {
            // A publisher never blocks (PUB drops for slow subscribers); let other tasks run.
            tokio::task::yield_now().await;
        }
    }
    Ok(())
}
