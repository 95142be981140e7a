//! Throughput of async (tokio) against blocking sockets: PUSH/PULL over tcp loopback, 64-byte
//! messages. Runs are interleaved (sync, async, async on one thread, sync, ...) and the median of
//! each mode is printed as a markdown table with the async/sync ratio.
//!
//! `cargo run --release --features tokio --example async_thr -- [--messages N] [--size B] [--runs R]`
//!
//! Each run uses fresh sockets on an ephemeral port; the rate is measured on the receiving side
//! from the first message to the last (as libzmq's `local_thr` does), so connection setup is not
//! counted. Modes:
//! - sync: a sender thread with blocking `send`, the receiver on the main thread (`recv` into one
//!   reused `Message`);
//! - async, 2 workers: a sender task and a receiver task on a 2-worker multi-threaded runtime;
//! - async, 1 thread: both tasks on a current-thread runtime.

#[path = "common/args.rs"]
mod args;

use std::time::{Duration, Instant};

use anyhow::{ensure, Result};
use zmq::aio::AsyncSocket;
use zmq::{Context, Message, Socket, SocketType};

const USAGE: &str = "async_thr [--messages N] [--size B] [--runs R]
  --messages  messages per run (default 1000000)
  --size      message size in bytes (default 64)
  --runs      runs per mode, interleaved; the median is reported (default 5)";

fn main() -> Result<()> {
    if args::help(USAGE) {
        return Ok(());
    }
    let n: u64 = args::arg("messages", "THR_MESSAGES", "1000000").parse()?;
    let size: usize = args::arg("size", "THR_SIZE", "64").parse()?;
    let runs: usize = args::arg("runs", "THR_RUNS", "5").parse()?;
    ensure!(n >= 2 && runs >= 1, "need at least 2 messages and 1 run");

    type Mode = fn(u64, usize) -> Result<Duration>;
    let modes: [(&str, Mode); 3] = [
        ("sync (blocking, 2 threads)", run_sync),
        ("async (tokio, 2 workers)", |n, s| run_async(n, s, false)),
        ("async (tokio, current thread)", |n, s| {
            run_async(n, s, true)
        }),
    ];
    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); modes.len()];
    for run in 0..runs {
        for (i, (name, mode)) in modes.iter().enumerate() {
            let elapsed = mode(n, size)?;
            let rate = (n - 1) as f64 / elapsed.as_secs_f64();
            eprintln!("run {}: {name}: {rate:.0} msg/s", run + 1);
            rates[i].push(rate);
        }
    }
    let medians: Vec<f64> = rates.iter_mut().map(|r| median(r)).collect();
    println!();
    println!("PUSH/PULL over tcp loopback, {size}-byte messages, {n} per run, median of {runs} interleaved runs:");
    println!();
    println!("| mode | messages/s | MB/s | ratio to sync |");
    println!("|---|---:|---:|---:|");
    for ((name, _), m) in modes.iter().zip(&medians) {
        println!(
            "| {name} | {m:.0} | {:.1} | {:.2} |",
            m * size as f64 / 1e6,
            m / medians[0]
        );
    }
    Ok(())
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    }
}

fn pair(ctx: &Context) -> Result<(Socket, Socket)> {
    let pull = ctx.socket(SocketType::Pull)?;
    pull.bind("tcp://127.0.0.1:*")?;
    let push = ctx.socket(SocketType::Push)?;
    push.connect(&pull.last_endpoint()?)?;
    Ok((push, pull))
}

/// Blocking sockets: a sender thread, the receiver here.
fn run_sync(n: u64, size: usize) -> Result<Duration> {
    let ctx = Context::new()?;
    let (push, pull) = pair(&ctx)?;
    let payload = vec![0x5a_u8; size];
    let sender = std::thread::spawn(move || -> Result<()> {
        for _ in 0..n {
            push.send(&payload[..])?;
        }
        Ok(())
    });
    let mut msg = Message::new();
    pull.recv(&mut msg)?;
    let start = Instant::now();
    for _ in 1..n {
        pull.recv(&mut msg)?;
    }
    let elapsed = start.elapsed();
    ensure!(msg.len() == size, "short message");
    sender.join().expect("sender thread")?;
    Ok(elapsed)
}

/// Async sockets: a sender task and a receiver task.
fn run_async(n: u64, size: usize, current_thread: bool) -> Result<Duration> {
    let rt = if current_thread {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?
    };
    rt.block_on(async move {
        let ctx = Context::new()?;
        let (push, pull) = pair(&ctx)?;
        let mut push = AsyncSocket::new(push)?;
        let mut pull = AsyncSocket::new(pull)?;
        let payload = vec![0x5a_u8; size];
        let sender = tokio::spawn(async move {
            for _ in 0..n {
                push.send(&payload[..]).await?;
            }
            Ok::<_, zmq::SendMultipartError>(())
        });
        let receiver = tokio::spawn(async move {
            let first = pull.recv().await?;
            let start = Instant::now();
            let mut last = first;
            for _ in 1..n {
                last = pull.recv().await?;
            }
            let elapsed = start.elapsed();
            ensure!(last.len() == size, "short message");
            Ok::<_, anyhow::Error>(elapsed)
        });
        let elapsed = receiver.await??;
        sender.await??;
        Ok(elapsed)
    })
}
