//! Clone client, Model Three (`clonecli3.c`, chapter 5): takes a snapshot from `clonesrv3`
//! (DEALER `tcp://localhost:5556`, `ICANHAZ?` … `KTHXBAI`), then applies the server's updates
//! (SUB `tcp://localhost:5557`), discarding any not newer than what it has, and once a second
//! sends a random update of its own to the server (PUSH `tcp://localhost:5558`).
//!
//! Run: `cargo run --example clonecli3`; prints `I: received snapshot=N`, then
//! `I: received update=N` per update; Ctrl-C prints ` Interrupted` and `N messages in`.
//!
//! Added for tests (the default is the C's endless loop): `--updates N` sends only N updates of
//! its own; `--until SEQ` exits once its sequence reaches SEQ and prints its map
//! (`kvmap: N entries`, then `kv KEY BODY` lines sorted by key). The one-second alarm is Guide
//! time (`ZGUIDE_TIME_SCALE`).

#[path = "zguide/ch12_args.rs"]
mod ch12_args;
#[path = "zguide/kvsimple.rs"]
mod kvsimple;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::time::Duration;

use kvsimple::{KvMap, KvMsg};
use zhelpers::{randof, s_clock, scaled_ms};
use zmq::{PollEvents, SocketType};

fn main() -> anyhow::Result<()> {
    zhelpers::s_catch_signals();
    let max_updates = ch12_args::given("updates").then(|| ch12_args::num("updates", 0));
    let until = ch12_args::given("until").then(|| ch12_args::num("until", 0) as i64);

    // Prepare our context and subscriber.
    let ctx = zmq::Context::new()?;
    let snapshot = ctx.socket(SocketType::Dealer)?;
    snapshot.connect(&zhelpers::ep!("tcp://localhost:5556"))?;
    let subscriber = ctx.socket(SocketType::Sub)?;
    subscriber.set(zmq::opt::Subscribe, b"")?;
    subscriber.connect(&zhelpers::ep!("tcp://localhost:5557"))?;
    let publisher = ctx.socket(SocketType::Push)?;
    publisher.connect(&zhelpers::ep!("tcp://localhost:5558"))?;

    let mut kvmap = KvMap::new();

    // We first request a state snapshot.
    let mut sequence: i64 = 0;
    // Not in the C: wait (at most 300 ms) for the first update, so that the subscription is active
    // before the snapshot is taken. Otherwise an update published after the snapshot but before
    // the subscription reached the server is lost (the slow joiner; a test run saw one key
    // missing). Waiting does not consume the update: it stays queued for the loop below.
    let _ = zmq::poll(
        &mut [subscriber.as_poll_item(zmq::POLLIN)],
        Some(std::time::Duration::from_millis(300)),
    );
    zhelpers::s_send(&snapshot, "ICANHAZ?")?;
    while let Some(kvmsg) = KvMsg::recv(&snapshot) {
        if kvmsg.key() == Some("KTHXBAI") {
            sequence = kvmsg.sequence();
            println!("I: received snapshot={sequence}");
            break; // Done
        }
        kvmsg.store(&mut kvmap);
    }

    // Now we wait for updates from the server and every so often, we send a random key-value
    // update to the server.
    let period = scaled_ms(1000);
    let mut sent = 0;
    let mut alarm = s_clock() + period;
    while !zhelpers::s_interrupted() && until.is_none_or(|n| sequence < n) {
        let tickless = alarm.saturating_sub(s_clock());
        let mut items = [subscriber.as_poll_item(PollEvents::POLLIN)];
        if zmq::poll(&mut items, Some(Duration::from_millis(tickless))).is_err() {
            break; // Context has been shut down
        }
        if items[0].is_readable() {
            let Some(kvmsg) = KvMsg::recv(&subscriber) else {
                break; // Interrupted
            };
            // Discard out-of-sequence kvmsgs, incl. heartbeats.
            if kvmsg.sequence() > sequence {
                sequence = kvmsg.sequence();
                kvmsg.store(&mut kvmap);
                println!("I: received update={sequence}");
            }
        }
        // If we timed out, generate a random kvmsg.
        if s_clock() >= alarm {
            if max_updates.is_none_or(|n| sent < n) {
                let mut kvmsg = KvMsg::new(0);
                kvmsg.set_key(&randof(10000).to_string());
                kvmsg.set_body(randof(1_000_000).to_string().as_bytes());
                kvmsg.send(&publisher)?;
                sent += 1;
            }
            alarm = s_clock() + period;
        }
    }
    if zhelpers::s_interrupted() {
        println!(" Interrupted\n{sequence} messages in");
    }
    if until.is_some() {
        kvsimple::print_map(&kvmap);
    }
    Ok(())
}
