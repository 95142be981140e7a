//! `taskvent.c` (chapter 1): task ventilator of the parallel pipeline. Binds a PUSH socket to
//! `tcp://*:5557` for the workers and connects a PUSH to the sink at `tcp://localhost:5558`;
//! when Enter is pressed it sends the sink the start-of-batch `"0"`, then 100 tasks (random
//! workloads of 1–100 msec) to the workers, and prints the total expected cost.
//!
//! Run: `tasksink`, a few `taskwork`, then `cargo run --example taskvent` and press Enter.
//! `--tasks N` scales the batch (default 100). The sockets wait forever for their messages to
//! go out on exit (libzmq's linger, not this crate's 1 s default), as in the C.
#[path = "zguide/ch12_args.rs"]
mod args;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::io::{BufRead, Write};

use zmq::{Context, SocketType};

fn main() -> anyhow::Result<()> {
    let tasks = args::num("tasks", 100);
    let context = Context::new()?;
    context.set_default_linger(None);

    // Socket to send messages on
    let sender = context.socket(SocketType::Push)?;
    sender.bind(&zhelpers::ep!("tcp://*:5557"))?;
    // Socket to send start of batch message on
    let sink = context.socket(SocketType::Push)?;
    sink.connect(&zhelpers::ep!("tcp://localhost:5558"))?;

    print!("Press Enter when the workers are ready: ");
    std::io::stdout().flush()?;
    std::io::stdin().lock().read_line(&mut String::new())?;
    println!("Sending tasks to workers...");

    // The first message is "0" and signals start of batch
    sink.send("0")?;

    let mut total_msec = 0; // Total expected cost in msecs
    for _ in 0..tasks {
        // Random workload from 1 to 100msecs
        let workload = zhelpers::randof(100) + 1;
        total_msec += workload;
        sender.send(workload.to_string())?;
    }
    println!("Total expected cost: {total_msec} msec");
    Ok(())
}
