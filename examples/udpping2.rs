//! `udpping2.c` (chapter 8): UDP discovery, model 2, with the UDP work moved into a small
//! library (`zguide/udplib.rs`, the Guide's `udplib.c`). Once a second it prints `Pinging
//! peers...` and broadcasts a one-byte beacon on port 9999; beacons coming in are read and, as
//! in the C, not reported. Thanks to `SO_REUSEADDR` several instances can run on one device.
//!
//! It broadcasts on the network it runs on: the tests run it only inside network namespaces.
//!
//! Run: `cargo run --example udpping2` (Ctrl-C to stop). `ZGUIDE_PORT_OFFSET` shifts the port and
//! `ZGUIDE_TIME_SCALE` the interval.
#[path = "zguide/udplib.rs"]
mod udplib;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::time::Instant;

use zmq::{PollEvents, PollItem};

const PING_PORT_NUMBER: u32 = 9999;
const PING_MSG_SIZE: usize = 1;
const PING_INTERVAL: u64 = 1000; // Once per second

fn main() -> anyhow::Result<()> {
    zhelpers::s_catch_signals();
    let udp = udplib::Udp::new(zhelpers::port(PING_PORT_NUMBER) as u16)?;
    let interval = zhelpers::scaled(PING_INTERVAL);

    let mut buffer = [0u8; PING_MSG_SIZE];
    let mut items = [PollItem::from_fd(udp.handle(), PollEvents::POLLIN)];
    // Send the first ping right away
    let mut ping_at = Instant::now();

    while !zhelpers::s_interrupted() {
        let timeout = ping_at.saturating_duration_since(Instant::now());
        if zmq::poll(&mut items, Some(timeout)).is_err() {
            break; // Interrupted
        }

        // Someone answered our ping
        if items[0].is_readable() {
            udp.recv(&mut buffer)?;
        }
        if Instant::now() >= ping_at {
            println!("Pinging peers...");
            buffer[0] = b'!';
            udp.send(&buffer)?;
            ping_at = Instant::now() + interval;
        }
    }
    Ok(())
}
