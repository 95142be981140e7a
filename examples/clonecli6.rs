//! Clone client, Model Six (`clonecli6.c`, chapter 5): uses the `clone` class to work in the
//! subtree `/client/` against the Binary Star pair of `clonesrv6` (`tcp://localhost:5556` and
//! `:5566`), setting a random key to a random value, with a random TTL of 0-29 seconds, once a
//! second. The agent logs snapshots, updates and failovers.
//!
//! Run: `cargo run --example clonecli6` (with `clonesrv6 -p` and `clonesrv6 -b`).
//!
//! Added for tests (the default is the C's endless loop): `--updates N` sets only N values
//! (printing `set KEY VALUE` for each); `--ttl S` gives them all the TTL S; `--until SEQ`
//! waits until the agent has reached sequence SEQ, then prints the agent's sequence
//! (`sequence: N`) and map (`kvmap: N entries`, then `kv KEY BODY` lines sorted by key) and
//! exits. The second between updates is Guide time (`ZGUIDE_TIME_SCALE`).
//!
//! Difference from the C: the loop sleeps before each update instead of after it. The C sets
//! its first value right after connecting, before the servers' collectors (SUB sockets) have
//! subscribed to the agent's PUB socket, so both servers can miss that update.

#[path = "zguide/ch12_args.rs"]
mod ch12_args;
#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/clone.rs"]
mod clone;
#[path = "zguide/kvmsg.rs"]
mod kvmsg;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zhelpers::randof;

/// The part of the key space this client works in.
const SUBTREE: &str = "/client/";

fn main() -> anyhow::Result<()> {
    zhelpers::s_catch_signals();
    let max_updates = ch12_args::given("updates").then(|| ch12_args::num("updates", 0));
    let ttl = ch12_args::given("ttl").then(|| ch12_args::num("ttl", 0) as u32);
    let until = ch12_args::given("until").then(|| ch12_args::num("until", 0) as i64);

    let clone = clone::Clone::new()?;
    clone.subtree(SUBTREE)?;
    clone.connect("tcp://localhost", &zhelpers::port(5556).to_string())?;
    clone.connect("tcp://localhost", &zhelpers::port(5566).to_string())?;

    let mut sent = 0;
    while !zhelpers::s_interrupted() && max_updates.is_none_or(|n| sent < n) {
        std::thread::sleep(ch4_util::scaled(1000));
        let key = format!("{SUBTREE}{}", randof(10000));
        let value = randof(1_000_000).to_string();
        clone.set(&key, &value, ttl.unwrap_or_else(|| randof(30)))?;
        sent += 1;
        if max_updates.is_some() {
            println!("set {key} {value}");
        }
    }
    if let Some(until) = until {
        loop {
            let (sequence, pairs) = clone.state()?;
            if sequence >= until || zhelpers::s_interrupted() {
                println!("sequence: {sequence}");
                println!("kvmap: {} entries", pairs.len());
                for (key, value) in pairs {
                    println!("kv {key} {value}");
                }
                break;
            }
            std::thread::sleep(ch4_util::scaled(100));
        }
    }
    Ok(())
}
