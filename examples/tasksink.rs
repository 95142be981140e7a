//! `tasksink.c` (chapter 1): sink of the parallel pipeline. Binds a PULL socket to
//! `tcp://*:5558`, waits for the ventilator's start-of-batch message, then collects 100 results
//! (printing `:` for every tenth, `.` otherwise) and prints the elapsed time of the batch.
//!
//! Run: `cargo run --example tasksink` (before `taskvent`).
//! `--tasks N` scales the batch (default 100; must match `taskvent --tasks`).
#[path = "zguide/ch12_args.rs"]
mod args;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::io::Write;

use zmq::{Context, SocketType};

fn main() -> anyhow::Result<()> {
    let tasks = args::num("tasks", 100);
    let context = Context::new()?;
    let receiver = context.socket(SocketType::Pull)?;
    receiver.bind(&zhelpers::ep!("tcp://*:5558"))?;

    // Wait for start of batch
    receiver.recv_msg()?;
    // Start our clock now
    let start_time = zhelpers::s_clock();

    for task_nbr in 0..tasks {
        receiver.recv_msg()?;
        print!("{}", if task_nbr % 10 == 0 { ":" } else { "." });
        std::io::stdout().flush()?;
    }
    // Calculate and report duration of batch
    println!(
        "Total elapsed time: {} msec",
        zhelpers::s_clock() - start_time
    );
    Ok(())
}
