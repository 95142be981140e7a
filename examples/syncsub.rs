//! `syncsub.c` (chapter 2): synchronized subscriber. Subscribes to everything on
//! `tcp://localhost:5561`, waits a second for the subscription to reach the publisher, then
//! synchronizes over REQ (`tcp://localhost:5562`), counts updates until `END` and prints
//! `Received N updates`.
//!
//! Run: `cargo run --example syncsub` (ten of them, with `syncpub`).
//! `--wait-ms N` scales the initial wait (default 1000, the Guide's `sleep (1)`).
#[path = "zguide/ch12_args.rs"]
mod args;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{Context, Message, SocketType};

fn main() -> anyhow::Result<()> {
    let context = Context::new()?;
    // First, connect our subscriber socket
    let subscriber = context.socket(SocketType::Sub)?;
    subscriber.connect(&zhelpers::ep!("tcp://localhost:5561"))?;
    subscriber.subscribe("")?;

    // 0MQ is so fast, we need to wait a while...
    zhelpers::s_sleep(args::num("wait-ms", 1000));

    // Second, synchronize with publisher
    let syncclient = context.socket(SocketType::Req)?;
    syncclient.connect(&zhelpers::ep!("tcp://localhost:5562"))?;
    // - send a synchronization request
    syncclient.send("")?;
    // - wait for synchronization reply
    syncclient.recv_msg()?;

    // Third, get our updates and report how many we got
    let mut update_nbr: u64 = 0;
    let mut msg = Message::new();
    loop {
        subscriber.recv(&mut msg)?;
        if &msg[..] == b"END" {
            break;
        }
        update_nbr += 1;
    }
    println!("Received {update_nbr} updates");
    Ok(())
}
