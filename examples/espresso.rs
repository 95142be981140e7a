//! Espresso Pattern (`espresso.c`, chapter 5): how to capture data with a pub-sub proxy. A
//! publisher thread sends a random `A-12345`-style message every 100 ms on PUB `tcp://*:6000`;
//! the main thread runs a proxy from XSUB (connected to it) to XPUB `tcp://*:6001`, with a
//! capture socket; a subscriber thread subscribes to `A` and `B` and reads five messages; the
//! listener thread prints every frame the proxy sees, both ways: the subscriptions going up
//! (`[002] 0141` is "subscribe A") and the data coming down (`[007] A-12345`).
//!
//! Run: `cargo run --example espresso`; Ctrl-C prints ` interrupted`.
//!
//! Differences from the C: the attached threads' pipes are an inproc PAIR pair
//! (`inproc://espresso-listener`) for the listener, the others need none; frames are printed
//! like `zframe_print` (`[size] text`, or hex when not printable).

#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zhelpers::{randof, s_interrupted, s_sleep};
use zmq::SocketType;

/// The subscriber thread requests messages starting with A and B, then reads and counts
/// incoming messages.
fn subscriber_thread(ctx: zmq::Context) -> zmq::Result<()> {
    let subscriber = ctx.socket(SocketType::Sub)?;
    subscriber.connect(&zhelpers::ep!("tcp://localhost:6001"))?;
    subscriber.subscribe("A")?;
    subscriber.subscribe("B")?;
    let mut count = 0;
    while count < 5 {
        if subscriber.recv_msg().is_err() {
            break; // Interrupted
        }
        count += 1;
    }
    Ok(())
}

/// The publisher sends random messages starting with A-J.
fn publisher_thread(ctx: zmq::Context) -> zmq::Result<()> {
    let publisher = ctx.socket(SocketType::Pub)?;
    publisher.bind(&zhelpers::ep!("tcp://*:6000"))?;
    while !s_interrupted() {
        let letter = char::from(b'A' + randof(10) as u8);
        let string = format!("{letter}-{:05}", randof(100_000));
        if publisher.send(string).is_err() {
            break; // Interrupted
        }
        s_sleep(100); // Wait for 1/10th second
    }
    Ok(())
}

/// The listener receives all messages flowing through the proxy, on its pipe, and prints them.
fn listener_thread(ctx: zmq::Context) -> zmq::Result<()> {
    let pipe = ctx.socket(SocketType::Pair)?;
    pipe.connect("inproc://espresso-listener")?;
    while let Ok(frame) = pipe.recv_msg() {
        println!("{}", zhelpers::dump_frame(&frame));
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    zhelpers::s_catch_signals();
    // Start child threads.
    let ctx = zmq::Context::new()?;
    let mut threads = Vec::new();
    for task in [publisher_thread, subscriber_thread] {
        let ctx = ctx.clone();
        threads.push(std::thread::spawn(move || task(ctx)));
    }
    let subscriber = ctx.socket(SocketType::XSub)?;
    subscriber.connect(&zhelpers::ep!("tcp://localhost:6000"))?;
    let publisher = ctx.socket(SocketType::XPub)?;
    publisher.bind(&zhelpers::ep!("tcp://*:6001"))?;
    let listener = ctx.socket(SocketType::Pair)?;
    listener.bind("inproc://espresso-listener")?;
    {
        let ctx = ctx.clone();
        threads.push(std::thread::spawn(move || listener_thread(ctx)));
    }
    let _ = zmq::proxy_with_capture(&subscriber, &publisher, &listener);
    println!(" interrupted");

    // Tell attached threads to exit.
    drop((subscriber, publisher, listener));
    ctx.shutdown()?;
    for thread in threads {
        let _ = thread.join();
    }
    Ok(())
}
