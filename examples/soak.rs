//! Soak test: a ROUTER/DEALER broker (`zmq::proxy`) with 4 REP workers, and DEALER clients over
//! tcp loopback doing request/reply round trips with a window of requests in flight. Every reply
//! is checked: it must answer a request of this client that is still outstanding, and carry that
//! request's checksum. Prints progress, round trips, elapsed time, rate, RSS at start, middle and
//! end and the peak RSS (`VmHWM`); exits non-zero on any lost, duplicated or mismatched reply.
//!
//! ```text
//! cargo run --release --example soak -- --round-trips 10000000 --clients 4
//! ```

#[path = "common/args.rs"]
mod args;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use zmq::{opt, Context, Error, Flags, SocketType};

const USAGE: &str = "soak [--round-trips N] [--clients C] [--window W] [--workers K]
  N: total request/reply round trips over all clients (default 10000000)
  C: client threads, each a DEALER over tcp loopback (default 4)
  W: requests in flight per client (default 32)
  K: REP workers behind the broker (default 4)
  --inject-corruption: worker 0 flips a byte of its 1000th reply (checks that the soak fails)
Environment: SOAK_ROUND_TRIPS, SOAK_CLIENTS, SOAK_WINDOW, SOAK_WORKERS.";

/// How long a client waits for any reply before declaring the outstanding ones lost.
const REPLY_TIMEOUT: Duration = Duration::from_secs(10);

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn checksum(client: u32, seq: u64) -> u64 {
    // splitmix64 of (client, seq): any corruption or mix-up of the two shows.
    let mut z = seq ^ (u64::from(client) << 48) ^ 0x9e37_79b9_7f4a_7c15;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn encode(client: u32, seq: u64) -> [u8; 20] {
    let mut b = [0u8; 20];
    b[..4].copy_from_slice(&client.to_le_bytes());
    b[4..12].copy_from_slice(&seq.to_le_bytes());
    b[12..].copy_from_slice(&checksum(client, seq).to_le_bytes());
    b
}

#[derive(Debug, Default)]
struct Tally {
    replies: u64,
    lost: u64,
    duplicated: u64,
    mismatched: u64,
}

/// One client: `count` round trips with at most `window` in flight.
fn client(
    ctx: &Context,
    endpoint: &str,
    id: u32,
    count: u64,
    window: u64,
    done: &AtomicU64,
) -> Result<Tally> {
    let dealer = ctx.socket(SocketType::Dealer)?;
    dealer.set(opt::RcvTimeo, Some(REPLY_TIMEOUT))?;
    dealer.set(opt::SndTimeo, Some(REPLY_TIMEOUT))?;
    dealer.connect(endpoint)?;
    // The requests in flight (at most `window`): constant memory, so the RSS figures show the
    // library, not this bookkeeping.
    let mut outstanding = std::collections::HashSet::with_capacity(2 * window as usize);
    let mut tally = Tally::default();
    let mut sent = 0u64;
    let mut frames = zmq::Multipart::new();
    while tally.replies + tally.lost < count {
        while sent < count && sent - tally.replies < window {
            // REP workers need the empty delimiter frame of a REQ envelope.
            dealer
                .send_with("", Flags::SNDMORE)
                .map_err(Error::from)
                .context("send")?;
            dealer
                .send(&encode(id, sent)[..])
                .map_err(Error::from)
                .context("send")?;
            outstanding.insert(sent);
            sent += 1;
        }
        match dealer.recv_multipart_into(&mut frames) {
            Ok(()) => {}
            Err(Error::WouldBlock) => {
                // Nothing for REPLY_TIMEOUT: every outstanding request is lost.
                // (Requests never sent because of it count as lost too.)
                tally.lost += count - tally.replies;
                eprintln!(
                    "client {id}: no reply for {REPLY_TIMEOUT:?}, {} lost",
                    tally.lost
                );
                break;
            }
            Err(e) => return Err(e).context("recv"),
        }
        let body = &frames[frames.len() - 1];
        let ok_shape = frames.len() == 2 && frames[0].is_empty() && body.len() == 20;
        let (rid, seq, sum) = if ok_shape {
            (
                u32::from_le_bytes(body[..4].try_into()?),
                u64::from_le_bytes(body[4..12].try_into()?),
                u64::from_le_bytes(body[12..].try_into()?),
            )
        } else {
            (u32::MAX, u64::MAX, 0)
        };
        if !ok_shape || rid != id || seq >= sent || sum != checksum(id, seq) {
            tally.mismatched += 1;
            tally.replies += 1;
            continue;
        }
        if !outstanding.remove(&seq) {
            // A request of this client, sent, no longer in flight: answered before.
            tally.duplicated += 1;
            continue;
        }
        tally.replies += 1;
        done.fetch_add(1, Ordering::Relaxed);
    }
    Ok(tally)
}

fn main() -> Result<()> {
    if args::help(USAGE) {
        return Ok(());
    }
    let parse = |name: &str, env: &str, default: &str| -> Result<u64> {
        args::arg(name, env, default)
            .replace('_', "")
            .parse()
            .with_context(|| format!("--{name}"))
    };
    let total = parse("round-trips", "SOAK_ROUND_TRIPS", "10000000")?;
    let clients = parse("clients", "SOAK_CLIENTS", "4")?.max(1);
    let window = parse("window", "SOAK_WINDOW", "32")?.max(1);
    let workers = parse("workers", "SOAK_WORKERS", "4")?.max(1);
    let inject = std::env::args().any(|a| a == "--inject-corruption");

    let ctx = Context::new()?;
    let frontend = ctx.socket(SocketType::Router)?;
    frontend.bind("tcp://127.0.0.1:*")?;
    let endpoint = frontend.last_endpoint()?;
    let backend = ctx.socket(SocketType::Dealer)?;
    backend.bind("inproc://soak-workers")?;
    let broker = std::thread::spawn(move || {
        // Runs until the context is shut down.
        let r = zmq::proxy(&frontend, &backend);
        drop((frontend, backend));
        r
    });
    let mut worker_threads = Vec::new();
    for w in 0..workers {
        let corrupt_at = (inject && w == 0).then_some(1000u64);
        let rep = ctx.socket(SocketType::Rep)?;
        rep.connect("inproc://soak-workers")?;
        worker_threads.push(std::thread::spawn(move || -> Result<u64> {
            let mut msg = zmq::Message::new();
            let mut served = 0u64;
            loop {
                match rep.recv(&mut msg) {
                    Ok(()) => {}
                    Err(Error::ContextTerminated) => return Ok(served),
                    Err(e) => return Err(e.into()),
                }
                if corrupt_at == Some(served + 1) {
                    if let Some(data) = msg.data_mut() {
                        data[5] ^= 1;
                    }
                }
                // Echo the very message back (no copy).
                match rep.send(std::mem::take(&mut msg)) {
                    Ok(()) => served += 1,
                    Err(e) if e.error == Error::ContextTerminated => return Ok(served),
                    Err(e) => return Err(e.error.into()),
                }
            }
        }));
    }

    println!(
        "soak: {total} round trips, {clients} clients (window {window}), {workers} workers, \
         broker on {endpoint}"
    );
    let rss_start = status_kib("VmRSS");
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut client_threads = Vec::new();
    for id in 0..clients {
        let share = total / clients + u64::from(id < total % clients);
        let (ctx, endpoint, done) = (ctx.clone(), endpoint.clone(), done.clone());
        client_threads.push(std::thread::spawn(move || {
            client(&ctx, &endpoint, id as u32, share, window, &done)
        }));
    }
    // Progress every 10%, and the RSS halfway.
    let mut rss_middle = None;
    let mut next_report = 1;
    while client_threads.iter().any(|t| !t.is_finished()) {
        std::thread::sleep(Duration::from_millis(50));
        let n = done.load(Ordering::Relaxed);
        if rss_middle.is_none() && n >= total / 2 {
            rss_middle = Some(status_kib("VmRSS"));
        }
        if total >= 10 && n >= next_report * total / 10 {
            println!(
                "  {n:>10} round trips  {:>7.1} s  RSS {} KiB",
                started.elapsed().as_secs_f64(),
                status_kib("VmRSS")
            );
            next_report = n * 10 / total + 1;
        }
    }
    let elapsed = started.elapsed();
    let rss_end = status_kib("VmRSS");
    let mut tally = Tally::default();
    let mut failed = false;
    for (id, t) in client_threads.into_iter().enumerate() {
        match t.join() {
            Ok(Ok(t)) => {
                tally.replies += t.replies;
                tally.lost += t.lost;
                tally.duplicated += t.duplicated;
                tally.mismatched += t.mismatched;
            }
            Ok(Err(e)) => {
                eprintln!("client {id}: {e:#}");
                failed = true;
            }
            Err(_) => {
                eprintln!("client {id} panicked");
                failed = true;
            }
        }
    }
    ctx.shutdown()?;
    let mut served = 0;
    for w in worker_threads {
        served += w.join().map_err(|_| anyhow::anyhow!("worker panicked"))??;
    }
    match broker.join() {
        Ok(Err(Error::ContextTerminated)) => {}
        other => bail!("broker ended with {other:?}"),
    }
    let good = tally.replies - tally.mismatched;
    println!("round trips:  {good} of {total} (workers served {served})");
    println!(
        "lost {}, duplicated {}, mismatched {}",
        tally.lost, tally.duplicated, tally.mismatched
    );
    println!("elapsed:      {:.2} s", elapsed.as_secs_f64());
    println!(
        "rate:         {:.0} round trips/s",
        good as f64 / elapsed.as_secs_f64().max(1e-9)
    );
    println!(
        "RSS:          start {rss_start} KiB, middle {} KiB, end {rss_end} KiB, peak (VmHWM) {} KiB",
        rss_middle.unwrap_or(rss_end),
        status_kib("VmHWM")
    );
    if failed || tally.lost + tally.duplicated + tally.mismatched > 0 || good != total {
        bail!("soak FAILED");
    }
    println!("soak OK");
    Ok(())
}
