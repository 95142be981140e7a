//! Self test of the `kvsimple` class (`tstkvsimple.c`, chapter 5): runs the class's test once.
//! With `-v` it also dumps the message it sends and the one it receives to stderr.
//!
//! Run: `cargo run --example tstkvsimple -- -v`. Prints ` * kvmsg: OK`. The test binds
//! `ipc://kvmsg_selftest.ipc` in the current directory (or in `ZGUIDE_IPC_DIR`).

#[path = "zguide/kvsimple.rs"]
mod kvsimple;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

fn main() -> anyhow::Result<()> {
    let verbose = std::env::args().nth(1).as_deref() == Some("-v");
    kvsimple::test(verbose)
}
