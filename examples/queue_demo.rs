//! The classic queue device, written out as a `zmq::poll` loop so every forwarded part can be
//! printed: a ROUTER frontend for REQ clients, a DEALER backend for REP workers (what
//! `zmq::Device::queue()` or `zmq_proxy` do without the printing).
//!
//! `cargo run --example queue_demo -- --self-test` starts a client and a worker thread itself.

#[path = "common/args.rs"]
mod args;

use anyhow::{bail, Context as _, Result};
use zmq::{poll, Context, Flags, Message, PollEvents, Socket, SocketType};

const USAGE: &str = "queue_demo [--frontend EP] [--backend EP] [--count N] [--self-test]
  --frontend   ROUTER endpoint to bind (env QUEUE_DEMO_FRONTEND, default tcp://127.0.0.1:5454)
  --backend    DEALER endpoint to bind (env QUEUE_DEMO_BACKEND, default tcp://127.0.0.1:5455)
  --count      exit after forwarding N messages, either way (default: run until killed;
               with --self-test: 2 x --requests)
  --requests   requests the self-test client sends (default 5)
  --self-test  run a REQ client and a REP worker on threads (binds ephemeral loopback ports
               unless --frontend/--backend are given)";

fn main() -> Result<()> {
    if args::help(USAGE) {
        return Ok(());
    }
    let self_test = std::env::args().any(|a| a == "--self-test");
    let (front_default, back_default) = if self_test {
        ("tcp://127.0.0.1:*", "tcp://127.0.0.1:*")
    } else {
        ("tcp://127.0.0.1:5454", "tcp://127.0.0.1:5455")
    };
    let front_ep = args::arg("frontend", "QUEUE_DEMO_FRONTEND", front_default);
    let back_ep = args::arg("backend", "QUEUE_DEMO_BACKEND", back_default);
    let requests: usize = args::arg("requests", "QUEUE_DEMO_REQUESTS", "5")
        .parse()
        .context("--requests")?;
    let default_count = if self_test { 2 * requests } else { 0 };
    let count: usize = args::arg("count", "QUEUE_DEMO_COUNT", &default_count.to_string())
        .parse()
        .context("--count")?;

    let ctx = Context::new()?;
    let frontend = ctx.socket(SocketType::Router)?;
    frontend
        .bind(&front_ep)
        .with_context(|| format!("binding the frontend to {front_ep}"))?;
    let backend = ctx.socket(SocketType::Dealer)?;
    backend
        .bind(&back_ep)
        .with_context(|| format!("binding the backend to {back_ep}"))?;
    let (front_ep, back_ep) = (frontend.last_endpoint()?, backend.last_endpoint()?);
    println!("queue: ROUTER frontend on {front_ep}, DEALER backend on {back_ep}");

    let helpers = if self_test {
        Some(start_client_and_worker(
            &ctx, &front_ep, &back_ep, requests,
        )?)
    } else {
        None
    };

    let mut forwarded = 0;
    while count == 0 || forwarded < count {
        let (front_ready, back_ready) = {
            let mut items = [
                frontend.as_poll_item(PollEvents::POLLIN),
                backend.as_poll_item(PollEvents::POLLIN),
            ];
            poll(&mut items, None)?;
            (items[0].is_readable(), items[1].is_readable())
        };
        if front_ready {
            forwarded += 1;
            forward(&frontend, &backend, forwarded, "frontend -> backend")?;
        }
        if back_ready {
            forwarded += 1;
            forward(&backend, &frontend, forwarded, "backend -> frontend")?;
        }
    }
    println!("queue: forwarded {forwarded} messages");

    if let Some((client, worker)) = helpers {
        let replies = client
            .join()
            .map_err(|_| anyhow::anyhow!("client thread panicked"))??;
        // The worker waits for more requests: a context shutdown ends its receive.
        ctx.shutdown()?;
        let served = worker
            .join()
            .map_err(|_| anyhow::anyhow!("worker thread panicked"))??;
        if replies != requests || served != requests {
            bail!("self-test failed: {requests} requests, {served} served, {replies} replies");
        }
        println!("self-test passed: {requests} requests served, {replies} replies received");
    }
    Ok(())
}

/// Moves one whole multipart message, printing each part.
fn forward(from: &Socket, to: &Socket, n: usize, direction: &str) -> Result<()> {
    let mut part = Message::new();
    let mut index = 0;
    loop {
        from.recv(&mut part)?;
        let more = part.more();
        println!(
            "[{n}] {direction} part {index}: {:>3} bytes  {}",
            part.len(),
            printable(&part)
        );
        let flags = if more { Flags::SNDMORE } else { Flags::EMPTY };
        to.send_with(std::mem::take(&mut part), flags)
            .map_err(|e| e.error)?;
        if !more {
            return Ok(());
        }
        index += 1;
    }
}

/// Text as a quoted string; anything else (routing ids) as hex.
fn printable(data: &[u8]) -> String {
    if data.is_empty() {
        "(empty delimiter)".to_owned()
    } else if data.iter().all(|b| (0x20..0x7f).contains(b)) {
        format!("{:?}", String::from_utf8_lossy(data))
    } else {
        let hex: Vec<String> = data.iter().take(32).map(|b| format!("{b:02x}")).collect();
        let more = if data.len() > 32 { " ..." } else { "" };
        format!("0x{}{more}", hex.join(""))
    }
}

type Helper = std::thread::JoinHandle<Result<usize>>;

/// A REQ client sending `requests` two-part requests and a REP worker answering them.
fn start_client_and_worker(
    ctx: &Context,
    front_ep: &str,
    back_ep: &str,
    requests: usize,
) -> Result<(Helper, Helper)> {
    let worker_socket = ctx.socket(SocketType::Rep)?;
    worker_socket.connect(back_ep)?;
    let worker = std::thread::spawn(move || -> Result<usize> {
        let mut served = 0;
        loop {
            match worker_socket.recv_multipart() {
                Ok(request) => {
                    let name = request.first().and_then(|m| m.as_str()).unwrap_or("?");
                    worker_socket
                        .send(format!("World (to {name})"))
                        .map_err(|e| e.error)?;
                    served += 1;
                }
                Err(zmq::Error::ContextTerminated) => return Ok(served),
                Err(e) => return Err(e.into()),
            }
        }
    });
    let client_socket = ctx.socket(SocketType::Req)?;
    client_socket.connect(front_ep)?;
    let client = std::thread::spawn(move || -> Result<usize> {
        let mut replies = 0;
        for i in 0..requests {
            client_socket
                .send_multipart([format!("Hello {i}"), "from the client".into()])
                .map_err(|e| e.error)?;
            let reply = client_socket.recv_string()?;
            if reply != format!("World (to Hello {i})") {
                bail!("unexpected reply {reply:?}");
            }
            replies += 1;
        }
        Ok(replies)
    });
    Ok((client, worker))
}
