//! `spworker.c`, chapter 4 of the ZeroMQ Guide: the Simple Pirate worker.
//!
//! A REQ worker with a random printable identity that connects to `tcp://localhost:5556`
//! (`spqueue`'s backend), announces itself with `"\x01"`
//! (`I: (XXXX-XXXX) worker ready`) and echoes each request after a second of "work"
//! (`I: (...) normal reply`). After a few cycles it randomly simulates a crash (exits) or CPU
//! overload (3 s).
//!
//! Run: `cargo run --example spworker`. `ZGUIDE_TIME_SCALE=0.1` shortens the pauses.
//!
//! The C uses CZMQ's `zmsg`; this port uses `recv_multipart`/`send_multipart`.

#[path = "zguide/ch3_util.rs"]
mod ch3_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use anyhow::Result;
use zhelpers::{ep, randof, s_catch_signals, s_interrupted};
use zmq::{opt, Context, SocketType};

const WORKER_READY: &[u8] = b"\x01"; // Signals worker is ready

fn main() -> Result<()> {
    s_catch_signals();
    let ctx = Context::new()?;
    let worker = ctx.socket(SocketType::Req)?;

    // Set random identity to make tracing easier
    let identity = ch3_util::random_id();
    worker.set(opt::RoutingId, identity.as_str())?;
    worker.connect(&ep!("tcp://localhost:5556"))?;

    // Tell broker we're ready for work
    println!("I: ({identity}) worker ready");
    worker.send(WORKER_READY)?;

    let mut cycles = 0;
    loop {
        let Ok(msg) = worker.recv_multipart() else {
            break; // Interrupted
        };
        // Simulate various problems, after a few cycles
        cycles += 1;
        if cycles > 3 && randof(5) == 0 {
            println!("I: ({identity}) simulating a crash");
            break;
        } else if cycles > 3 && randof(5) == 0 {
            println!("I: ({identity}) simulating CPU overload");
            ch3_util::sleep_ms(3000);
            if s_interrupted() {
                break;
            }
        }
        println!("I: ({identity}) normal reply");
        ch3_util::sleep_ms(1000); // Do some heavy work
        worker.send_multipart(msg)?;
    }
    Ok(())
}
