//! `version.c` (chapter 1): prints the version of the libzmq this crate links
//! (`zmq_version`).
//!
//! Run: `cargo run --example version` → `Current 0MQ version is 4.3.5`.

fn main() {
    let (major, minor, patch) = zmq::version();
    println!("Current 0MQ version is {major}.{minor}.{patch}");
}
