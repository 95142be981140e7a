//! Small helpers shared by the chapter 3 and chapter 4 (Pirate) ports, standing in for the bits
//! of CZMQ the C versions use (`zmsg_unwrap`, `zmsg_wrap`, `zclock_sleep`, `zframe_print`).
//! Include with `#[path = "zguide/ch3_util.rs"] mod ch3_util;`.
//!
//! **Time scale**: the Guide's programs sleep and time out in seconds. `ZGUIDE_TIME_SCALE=0.1`
//! multiplies every such duration (sleeps, poll timeouts, heartbeat intervals, run times) by
//! 0.1 so tests run fast; unset, the Guide's durations are used unchanged.
#![allow(dead_code)]

use zmq::Message;

// `ZGUIDE_TIME_SCALE` lives in zhelpers (every port includes it next to this module).
#[allow(unused_imports)] // Not every port uses all three.
pub use crate::zhelpers::{scaled, scaled_ms, time_scale};

/// Sleeps `ms` milliseconds of Guide time.
pub fn sleep_ms(ms: u64) {
    std::thread::sleep(scaled(ms));
}

/// A positional command-line argument (`n` = 1 is the first) parsed as a number, or `default`.
pub fn arg_num(n: usize, default: u64) -> u64 {
    std::env::args()
        .nth(n)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

/// `zmsg_unwrap`: removes the first frame (an address) and the empty delimiter after it, if
/// present; returns the address.
pub fn unwrap(msg: &mut Vec<Message>) -> Option<Message> {
    if msg.is_empty() {
        return None;
    }
    let address = msg.remove(0);
    if msg.first().is_some_and(|m| m.is_empty()) {
        msg.remove(0);
    }
    Some(address)
}

/// `zmsg_wrap`: puts `address` and an empty delimiter in front of `msg`.
pub fn wrap(msg: &mut Vec<Message>, address: Message) {
    msg.insert(0, Message::new());
    msg.insert(0, address);
}

/// `zframe_print` with a prefix: `prefix[005] Hello` (binary frames in hex).
pub fn frame_line(prefix: &str, frame: &[u8]) -> String {
    let text = frame.iter().all(|&b| (32..127).contains(&b));
    let body: String = if text {
        String::from_utf8_lossy(frame).into_owned()
    } else {
        frame.iter().map(|b| format!("{b:02X}")).collect()
    };
    format!("{prefix}[{:03}] {body}", frame.len())
}

/// A printable random identity `XXXX-XXXX`, as the C examples build with `randof`.
pub fn random_id() -> String {
    format!(
        "{:04X}-{:04X}",
        super::zhelpers::randof(0x10000),
        super::zhelpers::randof(0x10000)
    )
}
