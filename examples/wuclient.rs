//! `wuclient.c` (chapter 1): weather update client. Connects a SUB socket to
//! `tcp://localhost:5556`, subscribes to one zipcode (argument 1, default NYC `"10001 "`),
//! averages the temperature of 100 updates and prints it.
//!
//! Run: `cargo run --example wuclient [zipcode-prefix]` (with `wuserver` running).
//! `--updates N` scales the number of updates averaged (default 100).
#[path = "zguide/ch12_args.rs"]
mod args;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use anyhow::Context as _;
use zmq::{Context, SocketType};

fn main() -> anyhow::Result<()> {
    println!("Collecting updates from weather server...");
    let context = Context::new()?;
    let subscriber = context.socket(SocketType::Sub)?;
    subscriber.connect(&zhelpers::ep!("tcp://localhost:5556"))?;

    // Subscribe to zipcode, default is NYC, 10001
    let filter = args::positional()
        .into_iter()
        .next()
        .unwrap_or_else(|| "10001 ".to_owned());
    subscriber.subscribe(&filter)?;

    let updates = args::num("updates", 100).max(1);
    let mut total_temp: i64 = 0;
    for _ in 0..updates {
        let update = subscriber.recv_string()?;
        let mut fields = update.split_whitespace();
        let _zipcode = fields.next();
        let temperature: i64 = fields
            .next()
            .and_then(|t| t.parse().ok())
            .with_context(|| format!("malformed update {update:?}"))?;
        total_temp += temperature;
    }
    println!(
        "Average temperature for zipcode '{filter}' was {}F",
        total_temp / updates as i64
    );
    Ok(())
}
