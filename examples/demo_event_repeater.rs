//! Classic pattern demo (from the ZeroMQ talks, not a Guide file): a pub/sub event repeater.
//!
//! Event sources push 3-part messages `[action][id][event]` to a PULL socket bound on
//! `tcp://*:5458`; the repeater republishes each as one JSON record on a PUB socket bound on
//! `tcp://*:5459`: `{"action":"<action>","id":"<id>","event":"<event>"}`, and prints
//! `repeated: <record>`. The JSON is written by hand (no serde): `"`, `\` and control
//! characters are escaped, other characters kept as UTF-8 (invalid UTF-8 is replaced). A
//! message with a different number of parts is reported and dropped.
//!
//! Run: `cargo run --example demo_event_repeater -- [count]` (repeat `count` events, then
//! exit; default: until Ctrl-C).

#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::fmt::Write as _;

use anyhow::Result;
use zhelpers::{ep, s_catch_signals};
use zmq::{Context, SocketType};

fn main() -> Result<()> {
    let count: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    s_catch_signals();
    let ctx = Context::new()?;
    let sources = ctx.socket(SocketType::Pull)?;
    sources.bind(&ep!("tcp://*:5458"))?;
    let publisher = ctx.socket(SocketType::Pub)?;
    publisher.bind(&ep!("tcp://*:5459"))?;

    let mut repeated = 0;
    while count == 0 || repeated < count {
        let Ok(parts) = sources.recv_multipart() else {
            break; // Interrupted
        };
        let [action, id, event] = &parts[..] else {
            println!("E: expected [action][id][event], got {} parts", parts.len());
            continue;
        };
        let field = |m: &zmq::Message| json_string(&String::from_utf8_lossy(m));
        let record = format!(
            "{{\"action\":{},\"id\":{},\"event\":{}}}",
            field(action),
            field(id),
            field(event)
        );
        println!("repeated: {record}");
        publisher.send(record)?;
        repeated += 1;
    }
    Ok(())
}

/// `text` as a JSON string literal, quotes included: `"`, `\` and control characters escaped,
/// everything else (including non-ASCII) kept as UTF-8.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
