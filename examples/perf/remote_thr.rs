//! Rust port of libzmq's `perf/remote_thr.cpp`: connects a PUSH socket and sends
//! `message-count` messages of `message-size` bytes (one shared payload, see `common.rs`).
//!
//! `remote_thr <connect-to> <message-size> <message-count> [<enable_curve>]`

#[path = "common.rs"]
mod common;

use common::{atoi, die};
use zmq::{Message, SocketType};

// Keys are libzmq's own (perf/remote_thr.cpp); they must match local_thr.
const SERVER_PUBKEY: &str = "DX4nh=yUn{-9ugra0X3Src4SU-4xTgqxcYY.+<SH";
const CLIENT_PUBKEY: &str = "<n^oA}I:66W+*ds3tAmi1+KJzv-}k&fC2aA5Bj0K";
const CLIENT_PRVKEY: &str = "9R9bV}[6z6DC-%$!jTVTKvWc=LEL{4i4gzUe$@Zx";

fn main() {
    let args = common::args(
        &[4, 5],
        "remote_thr <connect-to> <message-size> <message-count> [<enable_curve>]",
    );
    let connect_to = &args[1];
    let message_size = atoi(&args[2]) as usize;
    let message_count = atoi(&args[3]).max(0) as u64;
    let curve = args.len() >= 5 && atoi(&args[4]) != 0;

    let ctx = common::context().unwrap_or_else(|e| die("zmq_init", e));
    let s = ctx
        .socket(SocketType::Push)
        .unwrap_or_else(|e| die("zmq_socket", e));
    common::tune(&s).unwrap_or_else(|e| die("zmq_setsockopt", e));
    if curve {
        s.set(zmq::opt::CurveSecretKey, CLIENT_PRVKEY)
            .unwrap_or_else(|e| die("zmq_setsockoopt", e));
        s.set(zmq::opt::CurvePublicKey, CLIENT_PUBKEY)
            .unwrap_or_else(|e| die("zmq_setsockoopt", e));
        s.set(zmq::opt::CurveServerKey, SERVER_PUBKEY)
            .unwrap_or_else(|e| die("zmq_setsockoopt", e));
    }
    s.connect(connect_to)
        .unwrap_or_else(|e| die("zmq_connect", e));

    let payload = common::payload(message_size).unwrap_or_else(|e| die("zmq_msg_init_size", e));
    let mut out = Message::new();
    if let Err(e) = common::send_loop(&s, &payload, &mut out, message_count) {
        die("zmq_sendmsg", e);
    }

    drop(s); // linger: forever, as in C, so every message is delivered
    drop(ctx);
}
