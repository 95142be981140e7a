//! `syncpub.c` (chapter 2): synchronized publisher. Binds a PUB (`tcp://*:5561`, SNDHWM
//! 1 100 000 so nothing is dropped) and a REP (`tcp://*:5562`); waits until 10 subscribers have
//! sent a synchronization request, then broadcasts exactly 1 000 000 `Rhubarb` updates and `END`.
//!
//! Run: `cargo run --example syncpub` and ten `syncsub`s.
//! `--subscribers N` and `--updates N` scale the run (defaults 10 and 1 000 000, the Guide's).
//! The sockets wait for all updates to go out on exit (libzmq's infinite linger, not this
//! crate's 1 s default), as in the C: a million updates can take longer than a second.
#[path = "zguide/ch12_args.rs"]
mod args;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{opt, Context, SocketType};

fn main() -> anyhow::Result<()> {
    let subscribers_expected = args::num("subscribers", 10); // We wait for 10 subscribers
    let updates = args::num("updates", 1_000_000);
    let context = Context::new()?;
    context.set_default_linger(None);

    // Socket to talk to clients
    let publisher = context.socket(SocketType::Pub)?;
    publisher.set(opt::SndHwm, 1_100_000)?;
    publisher.bind(&zhelpers::ep!("tcp://*:5561"))?;
    // Socket to receive signals
    let syncservice = context.socket(SocketType::Rep)?;
    syncservice.bind(&zhelpers::ep!("tcp://*:5562"))?;

    // Get synchronization from subscribers
    println!("Waiting for subscribers");
    for _ in 0..subscribers_expected {
        // - wait for synchronization request
        syncservice.recv_msg()?;
        // - send synchronization reply
        syncservice.send("")?;
    }
    // Now broadcast exactly 1M updates followed by END
    println!("Broadcasting messages");
    for _ in 0..updates {
        publisher.send(&b"Rhubarb"[..])?;
    }
    publisher.send("END")?;
    Ok(())
}
