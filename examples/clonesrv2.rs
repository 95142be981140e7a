//! Clone server, Model Two (`clonesrv2.c`, chapter 5): the main thread publishes random
//! key-value updates on PUB `tcp://*:5557` and passes each to a state manager thread over an
//! inproc PAIR pipe; the state manager keeps the map and answers snapshot requests on ROUTER
//! `tcp://*:5556`: `[identity]["ICANHAZ?"]` gets every stored `kvsimple` message, then
//! `KTHXBAI` whose sequence is the last update the map holds.
//!
//! Run: `cargo run --example clonesrv2`, with `clonecli2`; Ctrl-C prints ` Interrupted` and
//! `N messages out`. Printed lines are the C's, including its `shapshot` typo.
//!
//! Differences from the C: `zthread_fork` is a thread with a PAIR pair on
//! `inproc://clonesrv2-state`. Added for tests (the default is the C's endless loop):
//! `--updates N` stops publishing after N updates (the state manager keeps answering snapshots
//! until Ctrl-C); `--interval MS` pauses between updates (default 0, as in the C).

#[path = "zguide/ch12_args.rs"]
mod ch12_args;
#[path = "zguide/kvsimple.rs"]
mod kvsimple;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use kvsimple::{KvMap, KvMsg};
use zhelpers::{randof, s_interrupted, s_sleep};
use zmq::{Error, PollEvents, SocketType};

fn main() -> anyhow::Result<()> {
    zhelpers::s_catch_signals();
    let limit = ch12_args::given("updates").then(|| ch12_args::num("updates", 0) as i64);
    let interval = ch12_args::num("interval", 0);

    // Prepare our context and sockets.
    let ctx = zmq::Context::new()?;
    let publisher = ctx.socket(SocketType::Pub)?;
    publisher.bind(&zhelpers::ep!("tcp://*:5557"))?;

    // Start state manager and wait for synchronization signal.
    let updates = ctx.socket(SocketType::Pair)?;
    updates.bind("inproc://clonesrv2-state")?;
    let manager = {
        let ctx = ctx.clone();
        std::thread::spawn(move || state_manager(ctx))
    };
    updates.recv_msg()?; // "READY"

    let mut sequence: i64 = 0;
    while !s_interrupted() && limit.is_none_or(|n| sequence < n) {
        // Distribute as key-value message.
        sequence += 1;
        let mut kvmsg = KvMsg::new(sequence);
        kvmsg.set_key(&randof(10000).to_string());
        kvmsg.set_body(randof(1_000_000).to_string().as_bytes());
        if kvmsg.send(&publisher).is_err() || kvmsg.send(&updates).is_err() {
            break; // Interrupted
        }
        if interval > 0 {
            s_sleep(interval);
        }
    }
    // With --updates, go on answering snapshots until interrupted.
    while !s_interrupted() {
        s_sleep(50);
    }
    println!(" Interrupted\n{sequence} messages out");
    drop(updates);
    drop(publisher);
    ctx.shutdown()?;
    if manager.join().is_err() {
        anyhow::bail!("state manager panicked");
    }
    Ok(())
}

/// The state manager task maintains the state and handles requests from clients for
/// snapshots.
fn state_manager(ctx: zmq::Context) -> anyhow::Result<()> {
    let pipe = ctx.socket(SocketType::Pair)?;
    pipe.connect("inproc://clonesrv2-state")?;
    let mut kvmap = KvMap::new();
    pipe.send("READY").map_err(|e| e.error)?;

    let snapshot = ctx.socket(SocketType::Router)?;
    snapshot.bind(&zhelpers::ep!("tcp://*:5556"))?;

    let mut sequence: i64 = 0; // Current snapshot version number
    while !s_interrupted() {
        let mut items = [
            pipe.as_poll_item(PollEvents::POLLIN),
            snapshot.as_poll_item(PollEvents::POLLIN),
        ];
        match zmq::poll(&mut items, None) {
            Ok(_) => {}
            Err(Error::Interrupted) => continue,
            Err(_) => break, // Context has been shut down
        }
        // Apply state update from main thread.
        if items[0].is_readable() {
            let Some(kvmsg) = KvMsg::recv(&pipe) else {
                break; // Interrupted
            };
            sequence = kvmsg.sequence();
            kvmsg.store(&mut kvmap);
        }
        // Execute state snapshot request.
        if items[1].is_readable() {
            let Ok(request) = snapshot.recv_multipart() else {
                break; // Interrupted
            };
            // Request is in second frame of message.
            if request.len() != 2 || &request[1][..] != b"ICANHAZ?" {
                println!("E: bad request, aborting");
                break;
            }
            let identity = &request[0][..];
            // Send state snapshot to client: every entry of the map, then the END message
            // with the sequence number.
            for kvmsg in kvmap.values() {
                kvmsg.send_to(&snapshot, identity)?;
            }
            println!("Sending state shapshot={sequence}");
            let mut kvmsg = KvMsg::new(sequence);
            kvmsg.set_key("KTHXBAI");
            kvmsg.set_body(b"");
            kvmsg.send_to(&snapshot, identity)?;
        }
    }
    Ok(())
}
