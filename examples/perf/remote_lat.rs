//! Rust port of libzmq's `perf/remote_lat.cpp`: connects a REQ socket, sends
//! `roundtrip-count` requests of `message-size` bytes and prints the average one-way latency, in
//! the C tool's format.
//!
//! `remote_lat <connect-to> <message-size> <roundtrip-count>`

#[path = "common.rs"]
mod common;

use common::{atoi, die};
use zmq::SocketType;

fn main() {
    let args = common::args(
        &[4],
        "remote_lat <connect-to> <message-size> <roundtrip-count>",
    );
    let connect_to = &args[1];
    let message_size = atoi(&args[2]) as usize;
    let roundtrip_count = atoi(&args[3]).max(0) as u64;

    let ctx = common::context().unwrap_or_else(|e| die("zmq_init", e));
    let s = ctx
        .socket(SocketType::Req)
        .unwrap_or_else(|e| die("zmq_socket", e));
    common::tune(&s).unwrap_or_else(|e| die("zmq_setsockopt", e));
    s.connect(connect_to)
        .unwrap_or_else(|e| die("zmq_connect", e));

    // A zeroed message (the C tool memsets it too); the echo comes back into it.
    let mut msg = common::payload(message_size).unwrap_or_else(|e| die("zmq_msg_init_size", e));

    let watch = common::Stopwatch::start();
    if let Err(e) = common::ping_loop(&s, &mut msg, message_size, roundtrip_count) {
        die("zmq_sendmsg/zmq_recvmsg", e);
    }
    let elapsed = watch.stop();
    drop(msg);

    let latency = elapsed as f64 / (roundtrip_count as f64 * 2.0);
    println!("message size: {message_size} [B]");
    println!("roundtrip count: {roundtrip_count}");
    println!("average latency: {latency:.3} [us]");

    drop(s);
    drop(ctx);
}
