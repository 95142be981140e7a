//! Helpers shared by the ZeroMQ Guide ports, in the spirit of the Guide's `zhelpers.h`, written
//! for this crate. Include with `#[path = "zguide/zhelpers.rs"] mod zhelpers;`.
//!
//! **Endpoints**: every port writes its endpoints as `ep!("tcp://localhost:5555")` (with
//! `format!` arguments where the C builds them: `ep!("ipc://{me}-state.ipc")`): the Guide's literal
//! endpoint, which a test can move to run the programs isolated:
//! - `ZGUIDE_PORT_OFFSET=N` adds N to every tcp port (`tcp://localhost:5555` → `:5555+N`);
//! - `ZGUIDE_IPC_DIR=/tmp/x` moves `ipc://` endpoints into that directory (same file name).
//!
//! `localhost` stays `localhost` and `*` stays `*` (libzmq binds all local interfaces, which
//! includes loopback); nothing here ever names a non-loopback address.
#![allow(dead_code)]

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use zmq::{Flags, Socket};

/// The Guide's endpoint, written as with `format!`, after the overrides of the module doc:
/// `socket.bind(&ep!("tcp://*:5555"))?`.
#[allow(unused_macros)]
macro_rules! ep {
    ($($endpoint:tt)+) => {
        $crate::zhelpers::endpoint(&format!($($endpoint)+))
    };
}
#[allow(unused_imports)]
pub(crate) use ep;

/// The endpoint `default` after the overrides of the module doc (see [`ep!`]).
pub fn endpoint(default: &str) -> String {
    if let Some(rest) = default.strip_prefix("tcp://") {
        let offset: u32 = std::env::var("ZGUIDE_PORT_OFFSET")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if let Some((host, port)) = rest.rsplit_once(':') {
            if let Ok(port) = port.parse::<u32>() {
                return format!("tcp://{host}:{}", port + offset);
            }
        }
        return default.to_owned();
    }
    if let Some(path) = default.strip_prefix("ipc://") {
        if let Ok(dir) = std::env::var("ZGUIDE_IPC_DIR") {
            let name = std::path::Path::new(path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.to_owned());
            return format!("ipc://{dir}/{name}");
        }
    }
    default.to_owned()
}

/// A tcp port after `ZGUIDE_PORT_OFFSET` (for programs that compute endpoints from numbers).
pub fn port(default: u32) -> u32 {
    default
        + std::env::var("ZGUIDE_PORT_OFFSET")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
}

/// The time scale factor of the chapter 3-4 ports (`ZGUIDE_TIME_SCALE`, default 1).
pub fn time_scale() -> f64 {
    std::env::var("ZGUIDE_TIME_SCALE")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|s| *s > 0.0)
        .unwrap_or(1.0)
}

/// `ms` milliseconds of Guide time, scaled (at least 1 ms when `ms` > 0).
pub fn scaled_ms(ms: u64) -> u64 {
    if ms == 0 {
        return 0;
    }
    ((ms as f64 * time_scale()).round() as u64).max(1)
}

/// [`scaled_ms`] as a `Duration`.
pub fn scaled(ms: u64) -> Duration {
    Duration::from_millis(scaled_ms(ms))
}

/// Receives one frame as a string (`s_recv`); `None` when interrupted or the context ended.
/// Non-UTF-8 bytes are replaced, as printing them in C would show garbage.
pub fn s_recv(socket: &Socket) -> Option<String> {
    socket
        .recv_msg()
        .ok()
        .map(|m| String::from_utf8_lossy(&m).into_owned())
}

/// Sends one frame (`s_send`).
pub fn s_send(socket: &Socket, text: &str) -> zmq::Result<()> {
    socket.send(text).map_err(|e| e.error)
}

/// Sends one frame with more to follow (`s_sendmore`).
pub fn s_sendmore(socket: &Socket, text: &str) -> zmq::Result<()> {
    socket.send_with(text, Flags::SNDMORE).map_err(|e| e.error)
}

/// Receives every frame of one message and prints them (`s_dump`): a line of dashes, then
/// `[size] text` per frame, binary frames in hex.
pub fn s_dump(socket: &Socket) -> zmq::Result<()> {
    println!("----------------------------------------");
    for frame in socket.recv_multipart()? {
        println!("{}", dump_frame(&frame));
    }
    Ok(())
}

/// One frame as `s_dump` prints it: `[005] Hello`, or hex when not printable text.
pub fn dump_frame(frame: &[u8]) -> String {
    let text = frame.iter().all(|&b| (32..127).contains(&b));
    let body: String = if text {
        String::from_utf8_lossy(frame).into_owned()
    } else {
        frame.iter().map(|b| format!("{b:02X}")).collect()
    };
    format!("[{:03}] {body}", frame.len())
}

/// Sets a random printable routing id (`s_set_id`: `XXXX-XXXX` in hex).
pub fn s_set_id(socket: &Socket) -> zmq::Result<()> {
    let id = format!("{:04X}-{:04X}", randof(0x10000), randof(0x10000));
    socket.set(zmq::opt::RoutingId, id.as_bytes())
}

/// Sleeps `ms` milliseconds (`s_sleep`).
pub fn s_sleep(ms: u64) {
    std::thread::sleep(Duration::from_millis(ms));
}

/// Milliseconds since the epoch (`s_clock`).
pub fn s_clock() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

static SEED: AtomicU64 = AtomicU64::new(0);

/// A pseudo-random number in `0..n` (`randof`; xorshift64*, seeded from the clock and pid).
pub fn randof(n: u32) -> u32 {
    let mut x = SEED.load(Ordering::Relaxed);
    if x == 0 {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1);
        x = (nanos ^ (u64::from(std::process::id()) << 32)) | 1;
    }
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    SEED.store(x, Ordering::Relaxed);
    if n == 0 {
        return 0;
    }
    ((x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 32) % u64::from(n)) as u32
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Installs SIGINT and SIGTERM handlers that set [`s_interrupted`] (`s_catch_signals`). Without
/// `SA_RESTART`, so a blocking libzmq call returns `EINTR` (`Error::Interrupted`).
pub fn s_catch_signals() {
    // SAFETY: a zeroed sigaction with a handler that only stores to an atomic (async-signal-safe).
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
        action.sa_flags = 0;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGINT, &action, std::ptr::null_mut());
        libc::sigaction(libc::SIGTERM, &action, std::ptr::null_mut());
    }
}

/// Whether SIGINT or SIGTERM arrived since [`s_catch_signals`] (`s_interrupted`).
pub fn s_interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}
