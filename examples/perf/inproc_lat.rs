//! Rust port of libzmq's `perf/inproc_lat.cpp`: a REQ socket in the main thread and a REP worker
//! thread bounce `roundtrip-count` messages of `message-size` bytes over inproc; prints the
//! average one-way latency in the C tool's format.
//!
//! `inproc_lat <message-size> <roundtrip-count>`

#[path = "common.rs"]
mod common;

use common::{atoi, die};
use zmq::{Message, SocketType};

fn main() {
    let args = common::args(&[3], "inproc_lat <message-size> <roundtrip-count>");
    let message_size = atoi(&args[1]) as usize;
    let roundtrip_count = atoi(&args[2]).max(0) as u64;

    let ctx = common::context().unwrap_or_else(|e| die("zmq_init", e));
    let s = ctx
        .socket(SocketType::Req)
        .unwrap_or_else(|e| die("zmq_socket", e));
    s.bind("inproc://lat_test")
        .unwrap_or_else(|e| die("zmq_bind", e));

    let worker_ctx = ctx.clone();
    let worker = std::thread::spawn(move || {
        let s = worker_ctx
            .socket(SocketType::Rep)
            .unwrap_or_else(|_| std::process::exit(1));
        s.connect("inproc://lat_test")
            .unwrap_or_else(|_| std::process::exit(1));
        let mut msg = Message::new();
        if common::echo_loop(&s, &mut msg, None, roundtrip_count).is_err() {
            std::process::exit(1);
        }
    });

    let mut msg = common::payload(message_size).unwrap_or_else(|e| die("zmq_msg_init_size", e));
    println!("message size: {message_size} [B]");
    println!("roundtrip count: {roundtrip_count}");

    let watch = common::Stopwatch::start();
    if let Err(e) = common::ping_loop(&s, &mut msg, message_size, roundtrip_count) {
        die("zmq_sendmsg/zmq_recvmsg", e);
    }
    let elapsed = watch.stop();
    drop(msg);
    let latency = elapsed as f64 / (roundtrip_count as f64 * 2.0);

    if worker.join().is_err() {
        die("pthread_join", "worker panicked");
    }
    println!("average latency: {latency:.3} [us]");
    drop(s);
    drop(ctx);
}
