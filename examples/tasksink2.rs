//! `tasksink2.c` (chapter 2): sink with kill signaling. Like `tasksink`, plus a PUB socket on
//! `tcp://*:5559`: after the batch it publishes `KILL` so the `taskwork2` workers exit.
//!
//! Run: `cargo run --example tasksink2` (before `taskvent`, with `taskwork2` workers).
//! `--tasks N` scales the batch (default 100; must match `taskvent --tasks`). The KILL waits
//! for delivery on exit (libzmq's infinite linger, not this crate's 1 s default), as in the C.
#[path = "zguide/ch12_args.rs"]
mod args;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::io::Write;

use zmq::{Context, SocketType};

fn main() -> anyhow::Result<()> {
    let tasks = args::num("tasks", 100);
    let context = Context::new()?;
    context.set_default_linger(None);
    // Socket to receive messages on
    let receiver = context.socket(SocketType::Pull)?;
    receiver.bind(&zhelpers::ep!("tcp://*:5558"))?;
    // Socket for worker control
    let controller = context.socket(SocketType::Pub)?;
    controller.bind(&zhelpers::ep!("tcp://*:5559"))?;

    // Wait for start of batch
    receiver.recv_msg()?;
    // Start our clock now
    let start_time = zhelpers::s_clock();

    for task_nbr in 0..tasks {
        receiver.recv_msg()?;
        print!("{}", if task_nbr % 10 == 0 { ":" } else { "." });
        std::io::stdout().flush()?;
    }
    println!(
        "Total elapsed time: {} msec",
        zhelpers::s_clock() - start_time
    );

    // Send kill signal to workers
    controller.send("KILL")?;
    Ok(())
}
