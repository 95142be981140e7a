//! Rust port of libzmq's `perf/proxy_thr.cpp`: two XPUB publishers (`ZMQ_XPUB_NODROP`, HWM
//! 10000) flood a steerable proxy (XSUB -> XPUB, here [`zmq::proxy_steerable`], this crate's
//! loop) over inproc; one SUB receives `message-count` messages; prints the throughput in the C
//! tool's format.
//!
//! `proxy_thr <message-size> <message-count>`

#[path = "common.rs"]
mod common;

use common::atoi;
use zmq::{ctx_opt, opt, Context, Message, Socket, SocketType};

const HWM: i32 = 10_000;
const FRONTEND: [&str; 2] = ["inproc://perf_pub1", "inproc://perf_pub2"];
const BACKEND: &str = "inproc://perf_backend";
const CONTROL: &str = "inproc://ctrl";

fn fail(what: &str, e: impl std::fmt::Display) -> ! {
    println!("{what} failed, {e}");
    std::process::exit(1);
}

fn set_hwm(s: &Socket) {
    s.set(opt::SndHwm, HWM)
        .unwrap_or_else(|e| fail("zmq_setsockopt (ZMQ_SNDHWM)", e));
    s.set(opt::RcvHwm, HWM)
        .unwrap_or_else(|e| fail("zmq_setsockopt (ZMQ_RCVHWM)", e));
}

fn publisher(ctx: Context, idx: usize, size: usize, count: u64) {
    let s = ctx
        .socket(SocketType::XPub)
        .unwrap_or_else(|e| fail("zmq_socket", e));
    set_hwm(&s);
    s.set(opt::XPubNoDrop, true)
        .unwrap_or_else(|e| fail("zmq_setsockopt", e));
    s.set(opt::SndTimeo, Some(std::time::Duration::from_millis(1)))
        .unwrap_or_else(|e| fail("zmq_setsockopt", e));
    s.connect(FRONTEND[idx])
        .unwrap_or_else(|e| fail("zmq_connect", e));
    // Wait for the one subscription (a 1-byte frame [1] for "subscribe to everything").
    let mut buf = [0u8; 32];
    let n = s
        .recv_into(&mut buf)
        .unwrap_or_else(|e| fail("zmq_recv", e));
    if n != 1 || buf[0] != 1 {
        println!("invalid subscription: {:?}", &buf[..n.min(32)]);
        std::process::exit(1);
    }
    let mut orig =
        Message::copy_from(&vec![b'A'; size]).unwrap_or_else(|e| fail("zmq_msg_init_size", e));
    // Shared once, so each clone_from below is a reference count (zmq_msg_copy), not a copy.
    orig.make_shared();
    let mut msg = Message::new();
    let mut sent = 0;
    let mut armed = false;
    while sent < count {
        if !armed {
            msg.clone_from(&orig);
            armed = true;
        }
        // On EAGAIN (HWM, 1 ms SNDTIMEO) the message stays in `msg`; try again.
        if s.send_from(&mut msg).is_ok() {
            sent += 1;
            armed = false;
        }
    }
}

fn subscriber(ctx: Context, count: u64) {
    let s = ctx
        .socket(SocketType::Sub)
        .unwrap_or_else(|e| fail("zmq_socket", e));
    set_hwm(&s);
    s.subscribe("")
        .unwrap_or_else(|e| fail("zmq_setsockopt (ZMQ_SUBSCRIBE)", e));
    s.connect(BACKEND)
        .unwrap_or_else(|e| fail("zmq_connect", e));
    let mut msg = Message::new();
    let mut received = 0;
    while received < count {
        if s.recv(&mut msg).is_ok() {
            received += 1;
        }
    }
}

fn proxy(ctx: Context) {
    let frontend = ctx
        .socket(SocketType::XSub)
        .unwrap_or_else(|e| fail("zmq_socket", e));
    set_hwm(&frontend);
    for ep in FRONTEND {
        frontend.bind(ep).unwrap_or_else(|e| fail("zmq_bind", e));
    }
    let backend = ctx
        .socket(SocketType::XPub)
        .unwrap_or_else(|e| fail("zmq_socket", e));
    backend
        .set(opt::XPubNoDrop, true)
        .unwrap_or_else(|e| fail("zmq_setsockopt", e));
    set_hwm(&backend);
    backend
        .bind(BACKEND)
        .unwrap_or_else(|e| fail("zmq_bind", e));
    let control = ctx
        .socket(SocketType::Rep)
        .unwrap_or_else(|e| fail("zmq_socket", e));
    control
        .bind(CONTROL)
        .unwrap_or_else(|e| fail("zmq_bind", e));
    // Returns at TERMINATE.
    let _ = zmq::proxy_steerable(&frontend, &backend, None, &control);
}

fn main() {
    let args = common::args(&[3], "proxy_thr <message-size> <message-count>");
    let message_size = atoi(&args[1]) as usize;
    let message_count = atoi(&args[2]).max(0) as u64;
    println!("message size: {message_size} [B]");
    println!("message count: {message_count}");

    let ctx =
        Context::with(|c| c.set(ctx_opt::IoThreads, 4)).unwrap_or_else(|e| fail("zmq_ctx_new", e));
    ctx.set_default_linger(None);

    let proxy = {
        let ctx = ctx.clone();
        std::thread::spawn(move || proxy(ctx))
    };
    let sub = {
        let ctx = ctx.clone();
        std::thread::spawn(move || subscriber(ctx, message_count))
    };
    let watch = common::Stopwatch::start();
    let pubs: Vec<_> = (0..2)
        .map(|idx| {
            let ctx = ctx.clone();
            std::thread::spawn(move || publisher(ctx, idx, message_size, message_count))
        })
        .collect();
    if sub.join().is_err() {
        fail("subscriber", "panicked");
    }
    let elapsed = watch.stop().max(1);
    let throughput = (message_count as f64 / elapsed as f64 * 1_000_000.0) as u64;
    let megabits = (throughput * message_size as u64 * 8) as f64 / 1_000_000.0;
    println!("mean throughput: {} [msg/s]", throughput as i32);
    println!("mean throughput: {megabits:.3} [Mb/s]");

    for p in pubs {
        let _ = p.join();
    }
    let req = ctx
        .socket(SocketType::Req)
        .unwrap_or_else(|e| fail("zmq_socket", e));
    req.connect(CONTROL)
        .unwrap_or_else(|e| fail("zmq_connect", e));
    req.send("TERMINATE")
        .unwrap_or_else(|e| fail("zmq_send", e));
    drop(req);
    let _ = proxy.join();
}
