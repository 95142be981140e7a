//! The measured loops of the perf tools (`examples/perf/common.rs`, the very code the `local_thr`,
//! `remote_thr`, `local_lat`, `remote_lat`, `inproc_thr` and `inproc_lat` examples run) make zero
//! Rust heap allocations per message in the steady state, at every size the benchmark uses and
//! over every transport. Counted with a global allocator wrapper, on the measuring threads only.
//! (libzmq's own C-side buffers are not Rust allocations; the point is that the binding adds none.)
//!
//! No step can hang: every socket has a receive and a send timeout ([`IO_TIMEOUT`]), and a
//! sender keeps its socket open until the receiver confirms (over a channel, with a timeout) that
//! it got every message. The test must not rely on delivery at close: over ipc, libzmq 4.3.5 can
//! drop the tail of a stream when the sender closes its socket right after sending, even with an
//! infinite linger (upstream libzmq issue 4660); the receiver then waited forever for the last
//! messages.

#[path = "../examples/perf/common.rs"]
mod common;

#[path = "common/counting_alloc.rs"]
mod counting_alloc;

use std::sync::mpsc;
use std::time::Duration;

use counting_alloc::{counted, Counting};
use zmq::{opt, Context, Message, Socket, SocketType};

#[global_allocator]
static GLOBAL: Counting = Counting;

const SIZES: [usize; 4] = [1, 64, 1024, 65536];
const WARMUP: u64 = 200;
const N: u64 = 2_000;
/// Every blocking send and receive gives up after this long (generous: the machine may be loaded).
const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// A socket of `kind` whose blocking calls time out after [`IO_TIMEOUT`].
fn socket(ctx: &Context, kind: SocketType) -> Socket {
    let s = ctx.socket(kind).unwrap();
    s.set(opt::RcvTimeo, Some(IO_TIMEOUT)).unwrap();
    s.set(opt::SndTimeo, Some(IO_TIMEOUT)).unwrap();
    s
}

fn endpoints(dir: &std::path::Path, transport: &str, i: usize) -> (String, String) {
    match transport {
        "tcp" => ("tcp://127.0.0.1:*".to_owned(), String::new()),
        "ipc" => {
            let ep = format!("ipc://{}/perf-alloc-{i}", dir.display());
            (ep.clone(), ep)
        }
        _ => {
            let ep = format!("inproc://perf-alloc-{i}");
            (ep.clone(), ep)
        }
    }
}

/// Throughput loops (`send_loop` in one thread, `recv_loop` in another), then latency loops
/// (`ping_loop` against `echo_loop`), each warmed up and then counted on both threads.
fn check_transport(ctx: &Context, dir: &std::path::Path, transport: &str) {
    for (i, &size) in SIZES.iter().enumerate() {
        // Throughput: PUSH -> PULL.
        let pull = socket(ctx, SocketType::Pull);
        let (bind, _) = endpoints(dir, transport, i * 2);
        pull.bind(&bind).unwrap();
        let ep = pull.last_endpoint().unwrap();
        let push = socket(ctx, SocketType::Push);
        push.connect(&ep).unwrap();
        // The receiver's confirmation that every message arrived; the sender closes only then.
        let (delivered, wait_delivered) = mpsc::channel::<()>();
        let sender = std::thread::spawn(move || {
            let payload = common::payload(size).unwrap();
            let mut out = Message::new();
            common::send_loop(&push, &payload, &mut out, WARMUP).unwrap();
            let (r, n) = counted(|| common::send_loop(&push, &payload, &mut out, N));
            r.unwrap();
            // Ok: confirmed; Disconnected: the receiver failed (its panic is the report).
            let _ = wait_delivered.recv_timeout(IO_TIMEOUT * 2);
            drop(push);
            n
        });
        let mut msg = Message::new();
        common::recv_loop(&pull, &mut msg, size, WARMUP)
            .unwrap_or_else(|e| panic!("{transport} thr {size} B, warm-up: {e}"));
        let (r, recv_allocs) = counted(|| common::recv_loop(&pull, &mut msg, size, N));
        r.unwrap_or_else(|e| panic!("{transport} thr {size} B: {e}"));
        delivered.send(()).unwrap();
        let send_allocs = sender.join().unwrap();
        assert_eq!(
            (send_allocs, recv_allocs),
            (0, 0),
            "{transport} thr {size} B: Rust allocations in {N} messages (sender, receiver)"
        );

        // Latency: REQ <-> REP, the request message reused for the echo.
        let rep = socket(ctx, SocketType::Rep);
        let (bind, _) = endpoints(dir, transport, i * 2 + 1);
        rep.bind(&bind).unwrap();
        let ep = rep.last_endpoint().unwrap();
        let req = socket(ctx, SocketType::Req);
        req.connect(&ep).unwrap();
        // The last echo must arrive before the REP closes, as above.
        let (delivered, wait_delivered) = mpsc::channel::<()>();
        let echo = std::thread::spawn(move || {
            let mut msg = Message::new();
            common::echo_loop(&rep, &mut msg, Some(size), WARMUP).unwrap();
            let (r, n) = counted(|| common::echo_loop(&rep, &mut msg, Some(size), N));
            r.unwrap();
            let _ = wait_delivered.recv_timeout(IO_TIMEOUT * 2);
            drop(rep);
            n
        });
        let mut msg = common::payload(size).unwrap();
        common::ping_loop(&req, &mut msg, size, WARMUP)
            .unwrap_or_else(|e| panic!("{transport} lat {size} B, warm-up: {e}"));
        let (r, ping_allocs) = counted(|| common::ping_loop(&req, &mut msg, size, N));
        r.unwrap_or_else(|e| panic!("{transport} lat {size} B: {e}"));
        delivered.send(()).unwrap();
        let echo_allocs = echo.join().unwrap();
        assert_eq!(
            (ping_allocs, echo_allocs),
            (0, 0),
            "{transport} lat {size} B: Rust allocations in {N} round trips (remote_lat, local_lat)"
        );
    }
}

// One test function: the counter is process-wide.
#[test]
fn perf_loops_make_no_allocation_per_message() {
    let ctx = common::context().unwrap();
    let dir = std::env::temp_dir().join(format!("zmq-perf-alloc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for transport in ["inproc", "ipc", "tcp"] {
        check_transport(&ctx, &dir, transport);
    }
    let _ = std::fs::remove_dir_all(&dir);

    // The counter does see allocations (the test can fail).
    let ((), n) = counted(|| {
        std::hint::black_box(Vec::<u8>::with_capacity(10));
    });
    assert_eq!(n, 1);
}
