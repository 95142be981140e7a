//! `udpping3.c` (chapter 8): UDP discovery, model 3, through an abstract network interface
//! (`zguide/interface.rs`, the Guide's `interface.c`). The interface's agent thread beacons our
//! UUID and tracks peers; the main loop prints each of its reports as a message dump:
//!
//! ```text
//! --------------------------------------
//! [006] JOINED
//! [032] 418E98D4B7184844B7D5E0EE5691084C
//! ```
//!
//! and `[004] LEFT` with the UUID about five seconds after a peer goes silent.
//!
//! It broadcasts on the network it runs on: the tests run it only inside network namespaces.
//!
//! Run: `cargo run --example udpping3` in two windows (Ctrl-C to stop). `ZGUIDE_PORT_OFFSET`
//! shifts the port and `ZGUIDE_TIME_SCALE` the beacon interval and the expiry.
#[path = "zguide/interface.rs"]
mod interface;
#[path = "zguide/udplib.rs"]
mod udplib;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

fn main() -> anyhow::Result<()> {
    zhelpers::s_catch_signals();
    let interface = interface::Interface::new()?;
    while let Some(msg) = interface.recv() {
        // zmsg_dump: a line of dashes, then each frame
        println!("--------------------------------------");
        for frame in &msg {
            println!("{}", zhelpers::dump_frame(frame));
        }
    }
    Ok(())
}
