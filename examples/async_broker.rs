//! Request-reply broker with tokio (the ZeroMQ Guide's `rrbroker`, with `rrclient` and `rrworker`):
//! a ROUTER frontend for REQ clients and a DEALER backend for REP workers, each split into a
//! sending and a receiving half, so the two forwarding directions run as two independent tasks.
//!
//! `cargo run --features tokio --example async_broker` runs the broker with 4 clients and 2
//! workers as tasks on ephemeral loopback ports and checks every reply (`--role all`, the
//! default). `--role broker|client|worker` runs one part, for separate processes.

#[path = "common/args.rs"]
mod args;

use std::time::Duration;

use anyhow::{ensure, Context as _, Result};
use zmq::aio::{AsyncSocket, RecvHalf, SendHalf};
use zmq::{Context, SocketType};

const USAGE: &str = "async_broker [--role all|broker|client|worker] [--frontend EP] [--backend EP]
                    [--clients N] [--workers N] [--requests N]
  --role      all (default: broker, clients and workers as tasks), broker, client or worker
  --frontend  ROUTER endpoint for clients (default tcp://127.0.0.1:5559; role all: ephemeral)
  --backend   DEALER endpoint for workers (default tcp://127.0.0.1:5560; role all: ephemeral)
  --clients   clients with role all (default 4)
  --workers   workers with role all (default 2)
  --requests  requests per client (default 10; role worker: 0 = serve forever)";

#[tokio::main]
async fn main() -> Result<()> {
    if args::help(USAGE) {
        return Ok(());
    }
    let role = args::arg("role", "BROKER_ROLE", "all");
    let all = role == "all";
    let (front_default, back_default) = if all {
        ("tcp://127.0.0.1:*", "tcp://127.0.0.1:*")
    } else {
        ("tcp://127.0.0.1:5559", "tcp://127.0.0.1:5560")
    };
    let frontend_ep = args::arg("frontend", "BROKER_FRONTEND", front_default);
    let backend_ep = args::arg("backend", "BROKER_BACKEND", back_default);
    let clients: usize = args::arg("clients", "BROKER_CLIENTS", "4").parse()?;
    let workers: usize = args::arg("workers", "BROKER_WORKERS", "2").parse()?;
    let requests: usize = args::arg("requests", "BROKER_REQUESTS", "10").parse()?;
    let ctx = Context::new()?;

    match role.as_str() {
        "client" => return client(ctx, frontend_ep, 0, requests).await,
        "worker" => return worker(ctx, backend_ep, 0, requests).await,
        "broker" | "all" => {}
        other => anyhow::bail!("unknown role {other:?}\n{USAGE}"),
    }

    let frontend = ctx.socket(SocketType::Router)?;
    frontend
        .bind(&frontend_ep)
        .with_context(|| format!("binding {frontend_ep}"))?;
    let backend = ctx.socket(SocketType::Dealer)?;
    backend
        .bind(&backend_ep)
        .with_context(|| format!("binding {backend_ep}"))?;
    let (frontend_ep, backend_ep) = (frontend.last_endpoint()?, backend.last_endpoint()?);
    println!("broker: clients on {frontend_ep}, workers on {backend_ep}");

    let (front_tx, front_rx) = AsyncSocket::new(frontend)?.split();
    let (back_tx, back_rx) = AsyncSocket::new(backend)?.split();
    // Requests: client -> ROUTER -> DEALER -> worker; replies the other way. Multipart messages
    // (routing envelope included) are forwarded whole, frames moved, not copied.
    let requests_fwd = tokio::spawn(forward("requests", front_rx, back_tx));
    let replies_fwd = tokio::spawn(forward("replies", back_rx, front_tx));

    if !all {
        let (a, b) = tokio::join!(requests_fwd, replies_fwd);
        a??;
        b??;
        return Ok(());
    }

    let mut worker_tasks = Vec::new();
    for id in 0..workers {
        // Workers serve until the demo is over (they are aborted below).
        worker_tasks.push(tokio::spawn(worker(ctx.clone(), backend_ep.clone(), id, 0)));
    }
    let mut client_tasks = Vec::new();
    for id in 0..clients {
        client_tasks.push(tokio::spawn(client(
            ctx.clone(),
            frontend_ep.clone(),
            id,
            requests,
        )));
    }
    for t in client_tasks {
        t.await??;
    }
    println!("broker: {clients} clients x {requests} requests answered by {workers} workers");
    for t in worker_tasks {
        t.abort();
    }
    requests_fwd.abort();
    replies_fwd.abort();
    Ok(())
}

/// Moves whole multipart messages from one socket to another until an error.
async fn forward(what: &str, mut from: RecvHalf, mut to: SendHalf) -> Result<()> {
    loop {
        let parts = from.recv_multipart().await?;
        to.send_multipart(parts)
            .await
            .with_context(|| format!("forwarding {what}"))?;
    }
}

/// A REQ client (`rrclient`): sends "Hello", expects "World".
async fn client(ctx: Context, endpoint: String, id: usize, requests: usize) -> Result<()> {
    let sock = ctx.socket(SocketType::Req)?;
    sock.connect(&endpoint)?;
    let mut sock = AsyncSocket::new(sock)?;
    for n in 0..requests {
        sock.send(format!("Hello {id}.{n}")).await?;
        let reply = tokio::time::timeout(Duration::from_secs(10), sock.recv())
            .await
            .context("no reply within 10 s")??;
        let reply = String::from_utf8_lossy(&reply).into_owned();
        ensure!(
            reply == format!("World {id}.{n}"),
            "client {id}: unexpected reply {reply:?}"
        );
        println!("client {id}: received {reply}");
    }
    Ok(())
}

/// A REP worker (`rrworker`): answers "Hello x" with "World x"; `requests == 0`: forever.
async fn worker(ctx: Context, endpoint: String, id: usize, requests: usize) -> Result<()> {
    let sock = ctx.socket(SocketType::Rep)?;
    sock.connect(&endpoint)?;
    let mut sock = AsyncSocket::new(sock)?;
    let mut served = 0;
    while requests == 0 || served < requests {
        let request = sock.recv().await?;
        let text = String::from_utf8_lossy(&request);
        let tag = text.strip_prefix("Hello ").unwrap_or(&text).to_owned();
        sock.send(format!("World {tag}")).await?;
        served += 1;
        if served.is_multiple_of(10) {
            println!("worker {id}: {served} requests served");
        }
    }
    Ok(())
}
