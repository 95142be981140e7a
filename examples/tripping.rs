//! Round-trip demonstrator (`tripping.c`, chapter 4): a client, a DEALER-DEALER proxy broker
//! and an echo worker in one process; measures synchronous and asynchronous round trips.
//!
//! Run: `cargo run --example tripping [count]`. The optional count scales the run for tests:
//! `count` synchronous and `10 × count` asynchronous calls (default 10 000, the Guide's).
//! The client tells `main` it is done over a `std::sync::mpsc` channel (the C uses a CZMQ
//! attached-thread pipe).

#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::time::Instant;

use zmq::SocketType;

fn client_task(ctx: zmq::Context, sync_count: u64, done: std::sync::mpsc::Sender<()>) {
    let client = ctx.socket(SocketType::Dealer).expect("DEALER");
    client
        .connect(&zhelpers::ep!("tcp://localhost:5555"))
        .expect("connect");
    println!("Setting up test...");
    zhelpers::s_sleep(100);

    println!("Synchronous round-trip test...");
    let start = Instant::now();
    for _ in 0..sync_count {
        zhelpers::s_send(&client, "hello").expect("send");
        zhelpers::s_recv(&client).expect("reply");
    }
    println!(" {} calls/second", calls_per_second(sync_count, start));

    let async_count = sync_count * 10;
    println!("Asynchronous round-trip test...");
    let start = Instant::now();
    for _ in 0..async_count {
        zhelpers::s_send(&client, "hello").expect("send");
    }
    for _ in 0..async_count {
        zhelpers::s_recv(&client).expect("reply");
    }
    println!(" {} calls/second", calls_per_second(async_count, start));
    let _ = done.send(());
}

fn calls_per_second(calls: u64, start: Instant) -> u64 {
    let ms = (start.elapsed().as_millis() as u64).max(1);
    1000 * calls / ms
}

/// Receives a message and bounces it back the way it came.
fn worker_task(ctx: zmq::Context) {
    let worker = ctx.socket(SocketType::Dealer).expect("DEALER");
    worker
        .connect(&zhelpers::ep!("tcp://localhost:5556"))
        .expect("connect");
    while let Ok(parts) = worker.recv_multipart() {
        if worker.send_multipart(parts).is_err() {
            break;
        }
    }
}

/// Switches messages between frontend and backend with `zmq::proxy`.
fn broker_task(ctx: zmq::Context) {
    let frontend = ctx.socket(SocketType::Dealer).expect("DEALER");
    frontend.bind(&zhelpers::ep!("tcp://*:5555")).expect("bind");
    let backend = ctx.socket(SocketType::Dealer).expect("DEALER");
    backend.bind(&zhelpers::ep!("tcp://*:5556")).expect("bind");
    let _ = zmq::proxy(&frontend, &backend);
}

fn main() {
    let count = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000u64);
    let ctx = zmq::Context::new().expect("context");
    ctx.set_default_linger(Some(std::time::Duration::ZERO));
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    {
        let ctx = ctx.clone();
        std::thread::spawn(move || client_task(ctx, count, done_tx));
    }
    for task in [worker_task as fn(zmq::Context), broker_task] {
        let ctx = ctx.clone();
        std::thread::spawn(move || task(ctx));
    }
    // Wait for the client to signal that it is done; the process exit ends the other threads
    // (the C likewise exits without joining them).
    let _ = done_rx.recv();
}
