//! Clone server, Model One (`clonesrv1.c`, chapter 5): publishes random key-value updates
//! (`kvsimple` messages, key in 0..10000, body in 0..1000000) with rising sequence numbers on a
//! PUB socket at `tcp://*:5556`, as fast as it can, and stores each in its own map.
//!
//! Run: `cargo run --example clonesrv1`, with `clonecli1`; Ctrl-C prints ` Interrupted` and
//! `N messages out`.
//!
//! Added for tests (the default is the C's endless loop): `--updates N` stops after N updates,
//! prints the same count line and then the map (`kvmap: N entries` and one `kv KEY BODY` line
//! per key, sorted); `--interval MS` pauses between updates (default 0, as in the C).

#[path = "zguide/ch12_args.rs"]
mod ch12_args;
#[path = "zguide/kvsimple.rs"]
mod kvsimple;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use kvsimple::{KvMap, KvMsg};
use zhelpers::{randof, s_interrupted, s_sleep};

fn main() -> anyhow::Result<()> {
    zhelpers::s_catch_signals();
    let limit = ch12_args::given("updates").then(|| ch12_args::num("updates", 0) as i64);
    let interval = ch12_args::num("interval", 0);

    // Prepare our context and publisher socket.
    let ctx = zmq::Context::new()?;
    let publisher = ctx.socket(zmq::SocketType::Pub)?;
    publisher.bind(&zhelpers::ep!("tcp://*:5556"))?;
    s_sleep(200);

    let mut kvmap = KvMap::new();
    let mut sequence: i64 = 0;
    while !s_interrupted() && limit.is_none_or(|n| sequence < n) {
        // Distribute as key-value message.
        sequence += 1;
        let mut kvmsg = KvMsg::new(sequence);
        kvmsg.set_key(&randof(10000).to_string());
        kvmsg.set_body(randof(1_000_000).to_string().as_bytes());
        if kvmsg.send(&publisher).is_err() {
            break; // Interrupted
        }
        kvmsg.store(&mut kvmap);
        if interval > 0 {
            s_sleep(interval);
        }
    }
    if s_interrupted() {
        println!(" Interrupted");
    }
    println!("{sequence} messages out");
    if limit.is_some() {
        kvsimple::print_map(&kvmap);
    }
    Ok(())
}
