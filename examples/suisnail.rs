//! Suicidal Snail (`suisnail.c`, chapter 5): a publisher thread sends the current time in
//! milliseconds on PUB `tcp://*:5556` every millisecond; a subscriber thread prints each,
//! works 1-2 ms per message, so it falls behind, and when a message is more than one second
//! late it prints `E: subscriber cannot keep up, aborting` and dies, telling the main thread,
//! which stops the publisher and exits.
//!
//! Run: `cargo run --example suisnail`.
//!
//! Differences from the C: the attached threads' pipes are inproc PAIR pairs
//! (`inproc://suisnail-pub`, `inproc://suisnail-sub`).

#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zhelpers::{randof, s_clock, s_sleep};
use zmq::{Flags, SocketType};

/// Milliseconds of delay after which the subscriber gives up.
const MAX_ALLOWED_DELAY: u64 = 1000;

/// This is our subscriber. It connects to the publisher and subscribes to everything. It
/// sleeps for a short time between messages to simulate doing too much work. If a message is
/// more than one second late, it croaks.
fn subscriber(ctx: zmq::Context) -> zmq::Result<()> {
    let pipe = ctx.socket(SocketType::Pair)?;
    pipe.connect("inproc://suisnail-sub")?;
    // Subscribe to everything.
    let subscriber = ctx.socket(SocketType::Sub)?;
    subscriber.subscribe("")?;
    subscriber.connect(&zhelpers::ep!("tcp://localhost:5556"))?;

    // Get and process messages.
    while let Ok(string) = subscriber.recv_string() {
        println!("{string}");
        let clock: u64 = string.parse().expect("a clock value");
        // Suicide snail logic.
        if s_clock().saturating_sub(clock) > MAX_ALLOWED_DELAY {
            eprintln!("E: subscriber cannot keep up, aborting");
            break;
        }
        // Work for 1 msec plus some random additional time.
        s_sleep(1 + u64::from(randof(2)));
    }
    pipe.send("gone and died").map_err(|e| e.error)
}

/// This is our publisher task. It publishes a time-stamped message to its PUB socket every
/// millisecond.
fn publisher(ctx: zmq::Context) -> zmq::Result<()> {
    let pipe = ctx.socket(SocketType::Pair)?;
    pipe.connect("inproc://suisnail-pub")?;
    let publisher = ctx.socket(SocketType::Pub)?;
    publisher.bind(&zhelpers::ep!("tcp://*:5556"))?;
    loop {
        // Send current clock (msecs) to subscribers.
        publisher.send(s_clock().to_string()).map_err(|e| e.error)?;
        if pipe.recv_msg_with(Flags::DONTWAIT).is_ok() {
            break;
        }
        s_sleep(1); // 1msec wait
    }
    Ok(())
}

/// The main task simply starts a client and a server, and then waits for the client to signal
/// that it has died.
fn main() -> anyhow::Result<()> {
    let ctx = zmq::Context::new()?;
    let pubpipe = ctx.socket(SocketType::Pair)?;
    pubpipe.bind("inproc://suisnail-pub")?;
    let subpipe = ctx.socket(SocketType::Pair)?;
    subpipe.bind("inproc://suisnail-sub")?;
    let pub_thread = {
        let ctx = ctx.clone();
        std::thread::spawn(move || publisher(ctx))
    };
    let sub_thread = {
        let ctx = ctx.clone();
        std::thread::spawn(move || subscriber(ctx))
    };
    subpipe.recv_msg()?;
    pubpipe.send("break").map_err(|e| e.error)?;
    s_sleep(100);
    let _ = pub_thread.join();
    let _ = sub_thread.join();
    Ok(())
}
