//! Rust port of libzmq's `perf/inproc_thr.cpp`: a PUSH worker thread sends `message-count`
//! messages of `message-size` bytes over inproc to the main thread's PULL socket; prints the
//! throughput in the C tool's format.
//!
//! `inproc_thr <message-size> <message-count>`

#[path = "common.rs"]
mod common;

use common::{atoi, die};
use zmq::{Message, SocketType};

fn main() {
    let args = common::args(&[3], "inproc_thr <message-size> <message-count>");
    let message_size = atoi(&args[1]) as usize;
    let message_count = atoi(&args[2]);

    let ctx = common::context().unwrap_or_else(|e| die("zmq_init", e));
    let s = ctx
        .socket(SocketType::Pull)
        .unwrap_or_else(|e| die("zmq_socket", e));
    s.bind("inproc://thr_test")
        .unwrap_or_else(|e| die("zmq_bind", e));

    let worker_ctx = ctx.clone();
    let count = message_count.max(0) as u64;
    let worker = std::thread::spawn(move || {
        let s = worker_ctx
            .socket(SocketType::Push)
            .unwrap_or_else(|_| std::process::exit(1));
        s.connect("inproc://thr_test")
            .unwrap_or_else(|_| std::process::exit(1));
        let payload = common::payload(message_size).unwrap_or_else(|_| std::process::exit(1));
        let mut out = Message::new();
        if common::send_loop(&s, &payload, &mut out, count).is_err() {
            std::process::exit(1);
        }
    });

    let mut msg = Message::new();
    println!("message size: {message_size} [B]");
    println!("message count: {message_count}");

    s.recv(&mut msg).unwrap_or_else(|e| die("zmq_recvmsg", e));
    if msg.len() != message_size {
        println!("message of incorrect size received");
        std::process::exit(-1);
    }
    let watch = common::Stopwatch::start();
    let rest = (message_count - 1).max(0) as u64;
    if let Err(e) = common::recv_loop(&s, &mut msg, message_size, rest) {
        die("zmq_recvmsg", e);
    }
    let elapsed = watch.stop().max(1);
    drop(msg);

    if worker.join().is_err() {
        die("pthread_join", "worker panicked");
    }
    drop(s);
    drop(ctx);

    let throughput = (message_count as f64 / elapsed as f64 * 1_000_000.0) as u64;
    let megabits = (throughput * message_size as u64 * 8) as f64 / 1_000_000.0;
    println!("mean throughput: {} [msg/s]", throughput as i32);
    println!("mean throughput: {megabits:.3} [Mb/s]");
}
