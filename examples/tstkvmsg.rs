//! Self test of the `kvmsg` class (`tstkvmsg.c`, chapter 5): a simple message, then one with
//! properties, each with a UUID, sent and received over a DEALER pair.
//! With `-v` it also dumps the messages it sends and receives to stderr.
//!
//! Run: `cargo run --example tstkvmsg -- -v`. Prints ` * kvmsg: OK`. The test binds
//! `ipc://kvmsg_selftest.ipc` in the current directory (or in `ZGUIDE_IPC_DIR`).

#[path = "zguide/kvmsg.rs"]
mod kvmsg;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

fn main() -> anyhow::Result<()> {
    let verbose = std::env::args().nth(1).as_deref() == Some("-v");
    kvmsg::test(verbose)
}
