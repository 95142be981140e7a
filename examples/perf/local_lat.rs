//! Rust port of libzmq's `perf/local_lat.cpp`: binds a REP socket and echoes
//! `roundtrip-count` messages of `message-size` bytes (the received message is sent back).
//!
//! `local_lat <bind-to> <message-size> <roundtrip-count>`

#[path = "common.rs"]
mod common;

use common::{atoi, die};
use zmq::{Message, SocketType};

fn main() {
    let args = common::args(&[4], "local_lat <bind-to> <message-size> <roundtrip-count>");
    let bind_to = &args[1];
    let message_size = atoi(&args[2]) as usize;
    let roundtrip_count = atoi(&args[3]).max(0) as u64;

    let ctx = common::context().unwrap_or_else(|e| die("zmq_init", e));
    let s = ctx
        .socket(SocketType::Rep)
        .unwrap_or_else(|e| die("zmq_socket", e));
    common::tune(&s).unwrap_or_else(|e| die("zmq_setsockopt", e));
    s.bind(bind_to).unwrap_or_else(|e| die("zmq_bind", e));

    let mut msg = Message::new();
    if let Err(e) = common::echo_loop(&s, &mut msg, Some(message_size), roundtrip_count) {
        die("zmq_recvmsg/zmq_sendmsg", e);
    }
    drop(msg);

    // As the C tool: give the last reply time to leave before closing.
    std::thread::sleep(std::time::Duration::from_secs(1));
    drop(s);
    drop(ctx);
}
