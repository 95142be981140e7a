//! Rust port of libzmq's `perf/local_thr.cpp`: binds a PULL socket, receives `message-count`
//! messages of `message-size` bytes and prints the throughput, in the C tool's format.
//!
//! `local_thr <bind-to> <message-size> <message-count> [<enable_curve>]`
//! (optional tuning through the environment: see `tune` in `common.rs`).

#[path = "common.rs"]
mod common;

use common::{atoi, die};
use zmq::{Message, SocketType};

// Keys are libzmq's own (perf/local_thr.cpp); they must match remote_thr.
const SERVER_PRVKEY: &str = "{X}#>t#jRGaQ}gMhv=30r(Mw+87YGs+5%kh=i@f8";

fn main() {
    let args = common::args(
        &[4, 5],
        "local_thr <bind-to> <message-size> <message-count> [<enable_curve>]",
    );
    let bind_to = &args[1];
    let message_size = atoi(&args[2]) as usize;
    let message_count = atoi(&args[3]);
    let curve = args.len() >= 5 && atoi(&args[4]) != 0;

    let ctx = common::context().unwrap_or_else(|e| die("zmq_init", e));
    let s = ctx
        .socket(SocketType::Pull)
        .unwrap_or_else(|e| die("zmq_socket", e));
    common::tune(&s).unwrap_or_else(|e| die("zmq_setsockopt", e));
    if curve {
        s.set(zmq::opt::CurveSecretKey, SERVER_PRVKEY)
            .unwrap_or_else(|e| die("zmq_setsockoopt", e));
        s.set(zmq::opt::CurveServer, true)
            .unwrap_or_else(|e| die("zmq_setsockoopt", e));
    }
    s.bind(bind_to).unwrap_or_else(|e| die("zmq_bind", e));

    let mut msg = Message::new();
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

    let throughput = message_count as f64 / elapsed as f64 * 1_000_000.0;
    let megabits = throughput * message_size as f64 * 8.0 / 1_000_000.0;

    println!("message size: {message_size} [B]");
    println!("message count: {message_count}");
    println!("mean throughput: {} [msg/s]", throughput as i32);
    println!("mean throughput: {megabits:.3} [Mb/s]");

    drop(s);
    drop(ctx);
}
