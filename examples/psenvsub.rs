//! `psenvsub.c` (chapter 2): pub-sub envelope subscriber. Connects a SUB to
//! `tcp://localhost:5563`, subscribes to envelope `B` and prints each message as
//! `[address] contents`. Runs forever.
//!
//! Run: `cargo run --example psenvsub` (with `psenvpub`).
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{Context, SocketType};

fn main() -> anyhow::Result<()> {
    // Prepare our context and subscriber
    let context = Context::new()?;
    let subscriber = context.socket(SocketType::Sub)?;
    subscriber.connect(&zhelpers::ep!("tcp://localhost:5563"))?;
    subscriber.subscribe("B")?;

    loop {
        // Read envelope with address
        let address = subscriber.recv_string()?;
        // Read message contents
        let contents = subscriber.recv_string()?;
        println!("[{address}] {contents}");
    }
}
