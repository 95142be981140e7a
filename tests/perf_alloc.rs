//! The measured loops of the perf tools (`examples/perf/common.rs`, the very code the `local_thr`,
//! `remote_thr`, `local_lat`, `remote_lat`, `inproc_thr` and `inproc_lat` examples run) make zero
//! Rust heap allocations per message in the steady state, at every size the benchmark uses and
//! over every transport. Counted with a global allocator wrapper, on the measuring threads only.
//! (libzmq's own C-side buffers are not Rust allocations; the point is that the binding adds none.)

#[path = "../examples/perf/common.rs"]
mod common;

#[path = "common/counting_alloc.rs"]
mod counting_alloc;

use counting_alloc::{counted, Counting};
use zmq::{Context, Message, SocketType};

#[global_allocator]
static GLOBAL: Counting = Counting;

const SIZES: [usize; 4] = [1, 64, 1024, 65536];
const WARMUP: u64 = 200;
const N: u64 = 2_000;

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
        let pull = ctx.socket(SocketType::Pull).unwrap();
        let (bind, _) = endpoints(dir, transport, i * 2);
        pull.bind(&bind).unwrap();
        let ep = pull.last_endpoint().unwrap();
        let push = ctx.socket(SocketType::Push).unwrap();
        push.connect(&ep).unwrap();
        let sender = std::thread::spawn(move || {
            let payload = common::payload(size).unwrap();
            let mut out = Message::new();
            common::send_loop(&push, &payload, &mut out, WARMUP).unwrap();
            let (r, n) = counted(|| common::send_loop(&push, &payload, &mut out, N));
            r.unwrap();
            n
        });
        let mut msg = Message::new();
        common::recv_loop(&pull, &mut msg, size, WARMUP).unwrap();
        let (r, recv_allocs) = counted(|| common::recv_loop(&pull, &mut msg, size, N));
        r.unwrap();
        let send_allocs = sender.join().unwrap();
        assert_eq!(
            (send_allocs, recv_allocs),
            (0, 0),
            "{transport} thr {size} B: Rust allocations in {N} messages (sender, receiver)"
        );

        // Latency: REQ <-> REP, the request message reused for the echo.
        let rep = ctx.socket(SocketType::Rep).unwrap();
        let (bind, _) = endpoints(dir, transport, i * 2 + 1);
        rep.bind(&bind).unwrap();
        let ep = rep.last_endpoint().unwrap();
        let req = ctx.socket(SocketType::Req).unwrap();
        req.connect(&ep).unwrap();
        let echo = std::thread::spawn(move || {
            let mut msg = Message::new();
            common::echo_loop(&rep, &mut msg, Some(size), WARMUP).unwrap();
            let (r, n) = counted(|| common::echo_loop(&rep, &mut msg, Some(size), N));
            r.unwrap();
            n
        });
        let mut msg = common::payload(size).unwrap();
        common::ping_loop(&req, &mut msg, size, WARMUP).unwrap();
        let (r, ping_allocs) = counted(|| common::ping_loop(&req, &mut msg, size, N));
        r.unwrap();
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
