//! Classic pattern demo (from the ZeroMQ talks, not a Guide file): a log pipeline client.
//!
//! Pushes `count` JSON log lines (default 10) to the local aggregator over
//! `ipc://demo-log.ipc` (PUSH), one line per message:
//! `{"time":1700000000123,"client":"<name>","text":"<name>: log line N"}` with the time in
//! milliseconds since the epoch. The JSON is written by hand (no serde) with `"`, `\` and
//! control characters escaped, so any client name is safe.
//!
//! Run: `cargo run --example demo_log_client -- [name] [count]`, with `demo_log_aggregator`
//! and `demo_log_writer` running.

#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::fmt::Write as _;
use std::time::Duration;

use anyhow::Result;
use zhelpers::{ep, s_clock};
use zmq::{Context, SocketType};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "client".to_owned());
    let count: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);

    let ctx = Context::new()?;
    let sender = ctx.socket(SocketType::Push)?;
    // Give the queued lines time to reach a slow-starting aggregator before exiting
    sender.set_linger(Some(Duration::from_secs(5)))?;
    sender.connect(&ep!("ipc://demo-log.ipc"))?;
    for n in 1..=count {
        let line = format!(
            "{{\"time\":{},\"client\":{},\"text\":{}}}",
            s_clock(),
            json_string(&name),
            json_string(&format!("{name}: log line {n}"))
        );
        sender.send(line)?;
    }
    println!("{name}: sent {count} log lines");
    Ok(())
}

/// `text` as a JSON string literal, quotes included: `"`, `\` and control characters escaped,
/// everything else (including non-ASCII) kept as UTF-8.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
