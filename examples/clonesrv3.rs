//! Clone server, Model Three (`clonesrv3.c`, chapter 5): clients send their updates to the
//! server (PULL `tcp://*:5558`); the server gives each the next sequence number, republishes it
//! (PUB `tcp://*:5557`) and stores it; snapshot requests arrive on ROUTER `tcp://*:5556`
//! (`ICANHAZ?` → every stored pair, then `KTHXBAI` with the current sequence).
//!
//! Run: `cargo run --example clonesrv3`, with several `clonecli3`. Prints
//! `I: publishing update %5d` per update and `I: sending shapshot=N` per snapshot (the C's
//! typo kept); Ctrl-C prints ` Interrupted` and `N messages handled`.

#[path = "zguide/kvsimple.rs"]
mod kvsimple;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::time::Duration;

use kvsimple::{KvMap, KvMsg};
use zmq::{Error, PollEvents, SocketType};

fn main() -> anyhow::Result<()> {
    zhelpers::s_catch_signals();

    // Prepare our context and sockets.
    let ctx = zmq::Context::new()?;
    let snapshot = ctx.socket(SocketType::Router)?;
    snapshot.bind(&zhelpers::ep!("tcp://*:5556"))?;
    let publisher = ctx.socket(SocketType::Pub)?;
    publisher.bind(&zhelpers::ep!("tcp://*:5557"))?;
    let collector = ctx.socket(SocketType::Pull)?;
    collector.bind(&zhelpers::ep!("tcp://*:5558"))?;

    // The body of the main task collects updates from clients and publishes them back out to
    // clients.
    let mut sequence: i64 = 0;
    let mut kvmap = KvMap::new();
    while !zhelpers::s_interrupted() {
        let mut items = [
            collector.as_poll_item(PollEvents::POLLIN),
            snapshot.as_poll_item(PollEvents::POLLIN),
        ];
        match zmq::poll(&mut items, Some(Duration::from_millis(1000))) {
            Ok(_) | Err(Error::Interrupted) => {}
            Err(_) => break, // Context has been shut down
        }
        // Apply state update sent from client.
        if items[0].is_readable() {
            let Some(mut kvmsg) = KvMsg::recv(&collector) else {
                break; // Interrupted
            };
            sequence += 1;
            kvmsg.set_sequence(sequence);
            kvmsg.send(&publisher)?;
            kvmsg.store(&mut kvmap);
            println!("I: publishing update {sequence:5}");
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
            println!("I: sending shapshot={sequence}");
            let mut kvmsg = KvMsg::new(sequence);
            kvmsg.set_key("KTHXBAI");
            kvmsg.set_body(b"");
            kvmsg.send_to(&snapshot, identity)?;
        }
    }
    println!(" Interrupted\n{sequence} messages handled");
    Ok(())
}
