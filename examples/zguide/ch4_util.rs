//! Helpers shared by the chapter 4 ports (Majordomo, Titanic, Binary Star, Freelance), standing
//! in for the bits of CZMQ the C versions use: `zmsg_t` (a message is a `Vec` of frames here),
//! `zmsg_recv`/`zmsg_send`/`zmsg_dump`, `zclock_log` and the Guide's time constants.
//! Include with `#[path = "zguide/ch4_util.rs"] mod ch4_util;` next to `zhelpers`.
//!
//! **Time scale**: `ZGUIDE_TIME_SCALE=0.1` multiplies every Guide duration (heartbeats, request
//! timeouts, settle delays, sleeps) by 0.1 so tests run fast; unset, the Guide's values are used.
#![allow(dead_code)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use zmq::Socket;

/// One multipart message: its frames, first to last (`zmsg_t`).
pub type Msg = Vec<Vec<u8>>;

// `ZGUIDE_TIME_SCALE` lives in zhelpers (every port includes it next to this module).
#[allow(unused_imports)] // Not every port uses all three.
pub use crate::zhelpers::{scaled, scaled_ms, time_scale};

/// Milliseconds on a monotonic-enough clock (`zclock_time`).
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// A fresh context whose sockets do not linger when closed, like a CZMQ `zctx`.
pub fn context() -> zmq::Context {
    let ctx = zmq::Context::new().expect("zmq context");
    ctx.set_default_linger(Some(Duration::ZERO));
    ctx
}

/// Receives all frames of one message (`zmsg_recv`); `None` when interrupted or terminated.
pub fn recv_msg(socket: &Socket) -> Option<Msg> {
    socket
        .recv_multipart()
        .ok()
        .map(|parts| parts.iter().map(|p| p.to_vec()).collect())
}

/// Sends all frames of one message (`zmsg_send`).
pub fn send_msg(socket: &Socket, msg: &[Vec<u8>]) -> zmq::Result<()> {
    socket
        .send_multipart(msg.iter().map(|f| &f[..]))
        .map_err(|e| e.error)
}

/// Prints a message the way `zmsg_dump` does: a line of dashes, then one `[size] body` per frame.
pub fn dump(msg: &[Vec<u8>]) {
    println!("--------------------------------------");
    for frame in msg {
        println!("{}", crate::zhelpers::dump_frame(frame));
    }
}

/// The frame as text (`zframe_strdup`), lossy for non-UTF-8 bytes.
pub fn text(frame: &[u8]) -> String {
    String::from_utf8_lossy(frame).into_owned()
}

/// Removes and returns the first frame (`zmsg_pop`), empty if there is none.
pub fn pop(msg: &mut Msg) -> Vec<u8> {
    if msg.is_empty() {
        Vec::new()
    } else {
        msg.remove(0)
    }
}

/// Pushes a frame at the front (`zmsg_pushstr`/`zmsg_push`).
pub fn push(msg: &mut Msg, frame: impl AsRef<[u8]>) {
    msg.insert(0, frame.as_ref().to_vec());
}

/// Removes the address and the empty delimiter after it, if any (`zmsg_unwrap`).
pub fn unwrap(msg: &mut Msg) -> Vec<u8> {
    let address = pop(msg);
    if msg.first().is_some_and(|f| f.is_empty()) {
        msg.remove(0);
    }
    address
}

/// Pushes an empty delimiter and then the address (`zmsg_wrap`).
pub fn wrap(msg: &mut Msg, address: impl AsRef<[u8]>) {
    push(msg, b"");
    push(msg, address);
}

/// A frame in upper-case hex (`zframe_strhex`).
pub fn hex(frame: &[u8]) -> String {
    frame.iter().map(|b| format!("{b:02X}")).collect()
}

/// Prints a line with a date and time prefix, like `zclock_log` (`YY-MM-DD HH:MM:SS text`, UTC).
pub fn log(text: &str) {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    println!(
        "{:02}-{:02}-{:02} {:02}:{:02}:{:02} {text}",
        y % 100,
        m,
        d,
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    );
}

/// Days since 1970-01-01 to (year, month, day) (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Whether `-v` is among the program's arguments.
pub fn verbose_arg() -> bool {
    std::env::args().skip(1).any(|a| a == "-v")
}

/// The first non-flag argument parsed as a number, or `default` (used to scale counts in tests).
pub fn count_arg(default: u64) -> u64 {
    std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}
