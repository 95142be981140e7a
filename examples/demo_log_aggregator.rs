//! Classic pattern demo (from the ZeroMQ talks, not a Guide file): the local log aggregator.
//!
//! PULLs log lines from local clients on `ipc://demo-log.ipc`, buffers them by 3, and forwards
//! each full buffer as one 3-part multipart message (one line per part) to the log writer over
//! `tcp://localhost:5457` (PUSH), printing `forwarded batch N`. Batching amortises the network
//! cost; a partial buffer waits for more lines.
//!
//! Run: `cargo run --example demo_log_aggregator -- [batches]` (exit after forwarding that
//! many batches; default: until Ctrl-C).

#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::time::Duration;

use anyhow::Result;
use zhelpers::{ep, s_catch_signals};
use zmq::{Context, Message, SocketType};

const BATCH: usize = 3;

fn main() -> Result<()> {
    let batches: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    s_catch_signals();
    let ctx = Context::new()?;
    let local = ctx.socket(SocketType::Pull)?;
    local.bind(&ep!("ipc://demo-log.ipc"))?;
    let upstream = ctx.socket(SocketType::Push)?;
    upstream.set_linger(Some(Duration::from_secs(5)))?;
    upstream.connect(&ep!("tcp://localhost:5457"))?;

    let mut buffer: Vec<Message> = Vec::with_capacity(BATCH);
    let mut forwarded = 0;
    while batches == 0 || forwarded < batches {
        let Ok(line) = local.recv_msg() else {
            break; // Interrupted
        };
        buffer.push(line);
        if buffer.len() == BATCH {
            upstream.send_multipart(buffer.drain(..))?;
            forwarded += 1;
            println!("forwarded batch {forwarded}");
        }
    }
    Ok(())
}
