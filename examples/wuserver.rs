//! `wuserver.c` (chapter 1): weather update server. Binds a PUB socket to `tcp://*:5556` and
//! publishes random `"%05d %d %d"` (zipcode, temperature, relative humidity) updates forever, as
//! fast as it can.
//!
//! Run: `cargo run --example wuserver` (then `wuclient`).
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zhelpers::randof;
use zmq::{Context, SocketType};

fn main() -> anyhow::Result<()> {
    let context = Context::new()?;
    let publisher = context.socket(SocketType::Pub)?;
    publisher.bind(&zhelpers::ep!("tcp://*:5556"))?;

    // randof() seeds itself from the clock (the C calls srandom (time (NULL))).
    loop {
        // Get values that will fool the boss
        let zipcode = randof(100_000);
        let temperature = randof(215) as i32 - 80;
        let relhumidity = randof(50) + 10;
        let update = format!("{zipcode:05} {temperature} {relhumidity}");
        publisher.send(update)?;
    }
}
