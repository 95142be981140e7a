//! `peering1.c`, chapter 3 of the ZeroMQ Guide: broker peering simulation, part 1 (state flow).
//!
//! `peering1 me {you}...`: binds a PUB state backend on `ipc://<me>-state.ipc`, connects a SUB
//! state frontend to each peer's `ipc://<peer>-state.ipc`, and then, each time a second passes
//! without news, publishes `[me][random 0..9]` ("workers free"); each state message from a
//! peer is printed as `<peer> - <n> workers free`.
//!
//! Run three in separate terminals: `cargo run --example peering1 -- DC1 DC2 DC3`,
//! `... -- DC2 DC1 DC3`, `... -- DC3 DC1 DC2`. Runs until Ctrl-C. `ZGUIDE_TIME_SCALE=0.1`
//! shortens the one-second heartbeat.
//!
//! The C uses CZMQ (`zctx`, `zsocket`, `zstr`); this port uses this crate's API.

#[path = "zguide/ch3_util.rs"]
mod ch3_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use anyhow::Result;
use zhelpers::{ep, randof, s_catch_signals, s_recv, s_send, s_sendmore};
use zmq::{poll, Context, PollEvents, SocketType};

fn main() -> Result<()> {
    // First argument is this broker's name, other arguments are our peers' names
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(me) = args.first() else {
        println!("syntax: peering1 me {{you}}...");
        return Ok(());
    };
    println!("I: preparing broker at {me}...");
    s_catch_signals();

    let ctx = Context::new()?;
    // Bind state backend to endpoint
    let statebe = ctx.socket(SocketType::Pub)?;
    statebe.bind(&ep!("ipc://{me}-state.ipc"))?;

    // Connect statefe to all peers
    let statefe = ctx.socket(SocketType::Sub)?;
    statefe.subscribe("")?;
    for peer in &args[1..] {
        println!("I: connecting to state backend at '{peer}'");
        statefe.connect(&ep!("ipc://{peer}-state.ipc"))?;
    }

    // The main loop sends out status messages to peers, and collects status messages back
    // from peers. The poll timeout defines our own heartbeat:
    loop {
        // Poll for activity, or 1 second timeout
        let mut items = [statefe.as_poll_item(PollEvents::POLLIN)];
        if poll(&mut items, Some(ch3_util::scaled(1000))).is_err() {
            break; // Interrupted
        }
        // Handle incoming status messages
        if items[0].is_readable() {
            let (Some(peer_name), Some(available)) = (s_recv(&statefe), s_recv(&statefe)) else {
                break; // Interrupted
            };
            println!("{peer_name} - {available} workers free");
        } else {
            // Send random values for worker availability
            s_sendmore(&statebe, me)?;
            s_send(&statebe, &randof(10).to_string())?;
        }
    }
    Ok(())
}
