//! The measured loops of the perf tools, shared by `examples/perf/*.rs` and by
//! `tests/perf_alloc.rs` (which counts their heap allocations). Included with `#[path]`.
//!
//! Each loop is the Rust counterpart of the loop in libzmq's `perf/*.cpp`, with the same number
//! of libzmq calls or fewer per message:
//!
//! - receivers reuse one [`Message`] (`zmq_msg_recv` into it, like the C tools);
//! - echoes send the received message back with [`Socket::send_from`] (`zmq_msg_send` of the
//!   same `zmq_msg_t`, which libzmq leaves empty for the next receive, like the C tools);
//! - senders send one shared payload ([`Message::make_shared`]): a reused outgoing `Message` is
//!   pointed at it with [`Clone::clone_from`] (`zmq_msg_copy`: a reference count for payloads over
//!   [`zmq::MAX_INLINE_SIZE`] bytes, a 64-byte struct copy below), then sent with `send_from`.
//!   The C tools instead `zmq_msg_init_size` (a `malloc` above 33 bytes) and never write the
//!   buffer; a safe API cannot hand out uninitialised bytes, and zero-filling a fresh 64 KiB
//!   buffer per message would measure `memset`, not the binding. Sharing one zeroed payload
//!   sends the same bytes on the wire with no per-message allocation on either side of the FFI.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use zmq::{Context, Message, Socket};

/// A context with libzmq's own defaults (linger forever, as `zmq_init (1)` gives the C tools;
/// this crate's default linger of 1 s could drop the tail of a throughput run).
pub fn context() -> zmq::Result<Context> {
    let ctx = Context::new()?;
    ctx.set_default_linger(None);
    Ok(ctx)
}

/// Applies the optional tuning of the environment to a socket, before bind/connect:
/// `ZMQ_PERF_SNDBUF`, `ZMQ_PERF_RCVBUF` (`ZMQ_SNDBUF`/`ZMQ_RCVBUF`, bytes), and with the draft API
/// `ZMQ_PERF_IN_BATCH_SIZE`, `ZMQ_PERF_OUT_BATCH_SIZE` (`ZMQ_IN_BATCH_SIZE`/`ZMQ_OUT_BATCH_SIZE`,
/// bytes). Unset: libzmq's defaults, exactly what the C tools use. Returns what was applied.
pub fn tune(sock: &Socket) -> anyhow::Result<Vec<String>> {
    let mut applied = Vec::new();
    let int = |name: &str| -> anyhow::Result<Option<i32>> {
        match std::env::var(name) {
            Ok(v) => {
                Ok(Some(v.trim().parse().map_err(|e| {
                    anyhow::anyhow!("{name}={v}: not an integer ({e})")
                })?))
            }
            Err(_) => Ok(None),
        }
    };
    if let Some(v) = int("ZMQ_PERF_SNDBUF")? {
        sock.set(zmq::opt::SndBuf, v)?;
        applied.push(format!("ZMQ_SNDBUF={v}"));
    }
    if let Some(v) = int("ZMQ_PERF_RCVBUF")? {
        sock.set(zmq::opt::RcvBuf, v)?;
        applied.push(format!("ZMQ_RCVBUF={v}"));
    }
    #[cfg(zmq_has_draft)]
    {
        if let Some(v) = int("ZMQ_PERF_IN_BATCH_SIZE")? {
            sock.set(zmq::opt::InBatchSize, v)?;
            applied.push(format!("ZMQ_IN_BATCH_SIZE={v}"));
        }
        if let Some(v) = int("ZMQ_PERF_OUT_BATCH_SIZE")? {
            sock.set(zmq::opt::OutBatchSize, v)?;
            applied.push(format!("ZMQ_OUT_BATCH_SIZE={v}"));
        }
    }
    #[cfg(not(zmq_has_draft))]
    for name in ["ZMQ_PERF_IN_BATCH_SIZE", "ZMQ_PERF_OUT_BATCH_SIZE"] {
        if std::env::var_os(name).is_some() {
            anyhow::bail!("{name} needs the draft API: build with --features draft");
        }
    }
    Ok(applied)
}

/// The payload every sender sends: `size` zero bytes, allocated once and marked shared
/// ([`Message::make_shared`]), so that `clone_from` is a reference count, not a copy.
pub fn payload(size: usize) -> zmq::Result<Message> {
    let mut payload = Message::with_size(size)?;
    payload.make_shared();
    Ok(payload)
}

/// A wrong frame size, reported like the C tools' "message of incorrect size received".
#[derive(Debug)]
pub struct WrongSize;

impl std::fmt::Display for WrongSize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("message of incorrect size received")
    }
}

impl std::error::Error for WrongSize {}

/// Loop errors: libzmq's, or a frame of the wrong size.
#[derive(Debug)]
pub enum LoopError {
    /// A libzmq call failed.
    Zmq(zmq::Error),
    /// A frame of another size than expected arrived.
    WrongSize,
}

impl From<zmq::Error> for LoopError {
    #[inline]
    fn from(e: zmq::Error) -> LoopError {
        LoopError::Zmq(e)
    }
}

impl std::fmt::Display for LoopError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoopError::Zmq(e) => write!(f, "{e}"),
            LoopError::WrongSize => WrongSize.fmt(f),
        }
    }
}

impl std::error::Error for LoopError {}

/// Sender of the throughput tools (`remote_thr`, `inproc_thr`'s worker): `count` messages of
/// the shared `payload`, through one reused outgoing message.
#[inline(never)]
pub fn send_loop(
    sock: &Socket,
    payload: &Message,
    out: &mut Message,
    count: u64,
) -> Result<(), LoopError> {
    for _ in 0..count {
        out.clone_from(payload);
        sock.send_from(out)?;
    }
    Ok(())
}

/// Receiver of the throughput tools: `count` messages into `msg`, each checked for `size`.
#[inline(never)]
pub fn recv_loop(
    sock: &Socket,
    msg: &mut Message,
    size: usize,
    count: u64,
) -> Result<(), LoopError> {
    for _ in 0..count {
        sock.recv(msg)?;
        if msg.len() != size {
            return Err(LoopError::WrongSize);
        }
    }
    Ok(())
}

/// The echoing side of the latency tools (`local_lat`, `inproc_lat`'s worker): receive into
/// `msg`, send the very same message back, `count` times.
#[inline(never)]
pub fn echo_loop(
    sock: &Socket,
    msg: &mut Message,
    size: Option<usize>,
    count: u64,
) -> Result<(), LoopError> {
    for _ in 0..count {
        sock.recv(msg)?;
        if let Some(size) = size {
            if msg.len() != size {
                return Err(LoopError::WrongSize);
            }
        }
        sock.send_from(msg)?;
    }
    Ok(())
}

/// The timing side of the latency tools (`remote_lat`, `inproc_lat`): send `msg`, receive the
/// echo into it, `count` times.
#[inline(never)]
pub fn ping_loop(
    sock: &Socket,
    msg: &mut Message,
    size: usize,
    count: u64,
) -> Result<(), LoopError> {
    for _ in 0..count {
        sock.send_from(msg)?;
        sock.recv(msg)?;
        if msg.len() != size {
            return Err(LoopError::WrongSize);
        }
    }
    Ok(())
}

/// libzmq's `zmq_stopwatch_start/stop`: microseconds on the monotonic clock.
pub struct Stopwatch(Instant);

impl Stopwatch {
    /// Starts timing.
    pub fn start() -> Stopwatch {
        Stopwatch(Instant::now())
    }

    /// Microseconds since the start, like `zmq_stopwatch_stop`.
    pub fn stop(self) -> u64 {
        let d: Duration = self.0.elapsed();
        d.as_micros() as u64
    }
}

/// C's `atoi` on an argument: leading whitespace, optional sign, digits, rest ignored; 0 if none.
pub fn atoi(s: &str) -> i64 {
    let s = s.trim_start();
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mut n: i64 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            break;
        }
        n = n.saturating_mul(10).saturating_add(i64::from(b - b'0'));
    }
    if neg {
        -n
    } else {
        n
    }
}

/// The arguments, checked for the C tool's arity; prints its usage line and exits 1 otherwise.
pub fn args(counts: &[usize], usage: &str) -> Vec<String> {
    let args: Vec<String> = std::env::args().collect();
    if !counts.contains(&(args.len())) {
        println!("usage: {usage}");
        std::process::exit(1);
    }
    args
}

/// Reports a failed call like the C tools (`error in zmq_xxx: <strerror>`) and exits with -1.
pub fn die(what: &str, err: impl std::fmt::Display) -> ! {
    println!("error in {what}: {err}");
    std::process::exit(-1);
}
