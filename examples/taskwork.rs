//! `taskwork.c` (chapter 1): task worker of the parallel pipeline. Pulls workloads from the
//! ventilator at `tcp://localhost:5557`, prints each as progress (`"35."`), sleeps that many
//! msec and pushes an empty result to the sink at `tcp://localhost:5558`. Runs forever.
//!
//! Run: `cargo run --example taskwork` (one or more, with `taskvent` and `tasksink`).
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::io::Write;

use zmq::{Context, SocketType};

fn main() -> anyhow::Result<()> {
    let context = Context::new()?;
    // Socket to receive messages on
    let receiver = context.socket(SocketType::Pull)?;
    receiver.connect(&zhelpers::ep!("tcp://localhost:5557"))?;
    // Socket to send messages to
    let sender = context.socket(SocketType::Push)?;
    sender.connect(&zhelpers::ep!("tcp://localhost:5558"))?;

    // Process tasks forever
    loop {
        let workload = receiver.recv_string()?;
        print!("{workload}."); // Show progress
        std::io::stdout().flush()?;
        zhelpers::s_sleep(workload.trim().parse().unwrap_or(0)); // Do the work
        sender.send("")?; // Send results to sink
    }
}
