//! A self-contained tour of the crate: what was built, then request-reply, pub-sub, pipeline,
//! multipart, poll and CURVE over inproc, ipc and tcp loopback. Run it with
//! `cargo run --release --example tour`.

use std::time::{Duration, Instant};

use anyhow::{ensure, Context as _, Result};
use zmq::{opt, Context, CurveKeyPair, Multipart, SocketType};

fn main() -> Result<()> {
    let (major, minor, patch) = zmq::version();
    println!("libzmq {major}.{minor}.{patch}");
    let caps: Vec<&str> = ["ipc", "pgm", "tipc", "norm", "curve", "gssapi", "draft"]
        .into_iter()
        .filter(|c| zmq::has(c))
        .collect();
    println!("capabilities: {}", caps.join(" "));

    let ctx = Context::new()?;
    let dir = std::env::temp_dir().join(format!("zmq-tour-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let ipc = format!("ipc://{}/tour.ipc", dir.display());

    for endpoint in ["inproc://tour", ipc.as_str(), "tcp://127.0.0.1:*"] {
        request_reply(&ctx, endpoint)?;
    }
    pub_sub(&ctx)?;
    pipeline(&ctx)?;
    poll_two(&ctx)?;
    if zmq::has("curve") {
        curve(&ctx)?;
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!("tour complete");
    Ok(())
}

/// REQ/REP: 10 000 round trips, with the mean round-trip time.
fn request_reply(ctx: &Context, endpoint: &str) -> Result<()> {
    let rep = ctx.socket(SocketType::Rep)?;
    rep.bind(endpoint)?;
    let endpoint = rep.last_endpoint()?;
    let req = ctx.socket(SocketType::Req)?;
    req.set(opt::RcvTimeo, Some(Duration::from_secs(5)))?;
    req.connect(&endpoint)?;
    let server = std::thread::spawn(move || -> Result<()> {
        let mut msg = zmq::Message::new();
        for _ in 0..10_000 {
            rep.recv(&mut msg)?;
            rep.send(msg)?;
            msg = zmq::Message::new();
        }
        Ok(())
    });
    let start = Instant::now();
    for i in 0..10_000u32 {
        req.send(&i.to_le_bytes()[..])?;
        let reply = req.recv_msg().context("reply")?;
        ensure!(reply[..] == i.to_le_bytes(), "reply {i} out of order");
    }
    let rtt = start.elapsed() / 10_000;
    server.join().expect("server thread")?;
    println!("request-reply over {endpoint}: 10000 round trips, {rtt:?} each");
    Ok(())
}

/// PUB/SUB with a topic filter.
fn pub_sub(ctx: &Context) -> Result<()> {
    let publisher = ctx.socket(SocketType::Pub)?;
    publisher.bind("tcp://127.0.0.1:*")?;
    let sub = ctx.socket(SocketType::Sub)?;
    sub.set(opt::RcvTimeo, Some(Duration::from_millis(10)))?;
    sub.connect(&publisher.last_endpoint()?)?;
    sub.subscribe("10001 ")?;
    // Subscriptions propagate asynchronously ("slow joiner"): publish until one arrives.
    let mut received = 0;
    let start = Instant::now();
    while received < 5 {
        ensure!(
            start.elapsed() < Duration::from_secs(10),
            "no weather update arrived"
        );
        publisher.send("10001 72 45")?;
        publisher.send("90210 80 20")?;
        while let Ok(update) = sub.recv_string() {
            ensure!(
                update.starts_with("10001 "),
                "filter let {update:?} through"
            );
            received += 1;
        }
    }
    println!("pub-sub: {received} filtered updates for zip 10001");
    Ok(())
}

/// PUSH/PULL pipeline of multipart messages.
fn pipeline(ctx: &Context) -> Result<()> {
    let push = ctx.socket(SocketType::Push)?;
    push.bind("inproc://tour-pipeline")?;
    let pull = ctx.socket(SocketType::Pull)?;
    pull.connect("inproc://tour-pipeline")?;
    for task in 0..100 {
        push.send_multipart(["task".to_string(), task.to_string()])?;
    }
    let mut parts = Multipart::new();
    let mut sum = 0;
    for _ in 0..100 {
        pull.recv_multipart_into(&mut parts)?;
        ensure!(parts.len() == 2 && parts[0].as_str() == Some("task"));
        sum += parts[1].as_str().unwrap_or("0").parse::<u32>()?;
    }
    println!("pipeline: 100 two-part tasks, sum of ids {sum}");
    Ok(())
}

/// zmq_poll over two sockets.
fn poll_two(ctx: &Context) -> Result<()> {
    let a = ctx.socket(SocketType::Pull)?;
    let b = ctx.socket(SocketType::Pull)?;
    a.bind("inproc://tour-a")?;
    b.bind("inproc://tour-b")?;
    let to_b = ctx.socket(SocketType::Push)?;
    to_b.connect("inproc://tour-b")?;
    to_b.send("ping")?;
    let mut items = [a.as_poll_item(zmq::POLLIN), b.as_poll_item(zmq::POLLIN)];
    let ready = zmq::poll(&mut items, Some(Duration::from_secs(5)))?;
    ensure!(
        ready == 1 && items[1].is_readable(),
        "poll saw the wrong socket"
    );
    println!("poll: socket b readable, got {:?}", b.recv_string()?);
    Ok(())
}

/// CURVE: an encrypted, authenticated REQ/REP over tcp.
fn curve(ctx: &Context) -> Result<()> {
    let server_keys = CurveKeyPair::generate()?;
    let client_keys = CurveKeyPair::generate()?;
    let rep = ctx.socket(SocketType::Rep)?;
    rep.set(opt::CurveServer, true)?;
    rep.set(opt::CurveSecretKey, &server_keys.secret)?;
    rep.bind("tcp://127.0.0.1:*")?;
    let req = ctx.socket(SocketType::Req)?;
    req.set(opt::CurveServerKey, &server_keys.public)?;
    req.set(opt::CurvePublicKey, &client_keys.public)?;
    req.set(opt::CurveSecretKey, &client_keys.secret)?;
    req.set(opt::RcvTimeo, Some(Duration::from_secs(5)))?;
    rep.set(opt::RcvTimeo, Some(Duration::from_secs(5)))?;
    req.connect(&rep.last_endpoint()?)?;
    req.send("secret hello")?;
    let msg = rep.recv_msg()?;
    ensure!(msg.as_str() == Some("secret hello"));
    rep.send("secret world")?;
    ensure!(req.recv_string()? == "secret world");
    println!(
        "curve: encrypted round trip, server key {}...",
        &server_keys.public.to_z85()[..8]
    );
    Ok(())
}
