//! `lpserver.c`, chapter 4 of the ZeroMQ Guide: the Lazy Pirate server.
//!
//! Like `hwserver`, a REP socket bound to `tcp://*:5555`, except that it echoes each request
//! as-is and, after a few cycles, randomly runs slowly (`I: simulating CPU overload`, 2 s) or
//! exits to simulate a crash (`I: simulating a crash`). Each normal request takes a second
//! (`I: normal request (N)`).
//!
//! Run: `cargo run --example lpserver`, with `lpclient` in another terminal; restart the
//! server when it "crashes". `ZGUIDE_TIME_SCALE=0.1` shortens the one- and two-second pauses.

#[path = "zguide/ch3_util.rs"]
mod ch3_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use anyhow::Result;
use zhelpers::{ep, randof, s_recv, s_send};
use zmq::{Context, SocketType};

fn main() -> Result<()> {
    let context = Context::new()?;
    let server = context.socket(SocketType::Rep)?;
    server.bind(&ep!("tcp://*:5555"))?;

    let mut cycles = 0;
    while let Some(request) = s_recv(&server) {
        cycles += 1;
        // Simulate various problems, after a few cycles
        if cycles > 3 && randof(3) == 0 {
            println!("I: simulating a crash");
            break;
        } else if cycles > 3 && randof(3) == 0 {
            println!("I: simulating CPU overload");
            ch3_util::sleep_ms(2000);
        }
        println!("I: normal request ({request})");
        ch3_util::sleep_ms(1000); // Do some heavy work
        s_send(&server, &request)?;
    }
    Ok(())
}
