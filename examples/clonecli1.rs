//! Clone client, Model One (`clonecli1.c`, chapter 5): subscribes to every update of
//! `clonesrv1` at `tcp://localhost:5556` and stores each in its map. It has no way to catch up
//! on updates sent before it joined: that is what Model Two adds.
//!
//! Run: `cargo run --example clonecli1`; Ctrl-C prints ` Interrupted` and `N messages in`.
//!
//! Added for tests (the default is the C's endless loop): `--updates N` exits after N updates,
//! prints the count line and then the map (`kvmap: N entries`, `kv KEY BODY` lines, sorted).

#[path = "zguide/ch12_args.rs"]
mod ch12_args;
#[path = "zguide/kvsimple.rs"]
mod kvsimple;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use kvsimple::{KvMap, KvMsg};

fn main() -> anyhow::Result<()> {
    zhelpers::s_catch_signals();
    let limit = ch12_args::given("updates").then(|| ch12_args::num("updates", 0) as i64);

    // Prepare our context and updates socket.
    let ctx = zmq::Context::new()?;
    let updates = ctx.socket(zmq::SocketType::Sub)?;
    updates.set(zmq::opt::Subscribe, b"")?;
    updates.connect(&zhelpers::ep!("tcp://localhost:5556"))?;

    let mut kvmap = KvMap::new();
    let mut sequence: i64 = 0;
    while limit.is_none_or(|n| sequence < n) {
        let Some(kvmsg) = KvMsg::recv(&updates) else {
            break; // Interrupted
        };
        kvmsg.store(&mut kvmap);
        sequence += 1;
    }
    if zhelpers::s_interrupted() {
        println!(" Interrupted");
    }
    println!("{sequence} messages in");
    if limit.is_some() {
        kvsimple::print_map(&kvmap);
    }
    Ok(())
}
