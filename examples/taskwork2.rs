//! `taskwork2.c` (chapter 2): task worker with kill signaling. Like `taskwork`, plus a SUB
//! socket on the sink's control publisher `tcp://localhost:5559`: any message there acts as
//! `KILL` and the worker exits. Polls both sockets with [`zmq::poll`].
//!
//! Run: `cargo run --example taskwork2` (with `taskvent` and `tasksink2`).
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::io::Write;

use zmq::{poll, Context, PollEvents, SocketType};

fn main() -> anyhow::Result<()> {
    let context = Context::new()?;
    // Socket to receive messages on
    let receiver = context.socket(SocketType::Pull)?;
    receiver.connect(&zhelpers::ep!("tcp://localhost:5557"))?;
    // Socket to send messages to
    let sender = context.socket(SocketType::Push)?;
    sender.connect(&zhelpers::ep!("tcp://localhost:5558"))?;
    // Socket for control input
    let controller = context.socket(SocketType::Sub)?;
    controller.connect(&zhelpers::ep!("tcp://localhost:5559"))?;
    controller.subscribe("")?;
    // Difference from the C: when the sink exits after its KILL, this SUB queues its
    // subscription again for a reconnect that will not come, and closing would wait for it for
    // the linger (this crate's 1 s default; forever in C). Nothing on this socket is worth
    // waiting for, so it does not linger: the worker exits as soon as it sees KILL.
    controller.set_linger(Some(std::time::Duration::ZERO))?;

    // Process messages from either socket
    let mut items = [
        receiver.as_poll_item(PollEvents::POLLIN),
        controller.as_poll_item(PollEvents::POLLIN),
    ];
    loop {
        poll(&mut items, None)?;
        if items[0].is_readable() {
            let workload = receiver.recv_string()?;
            print!("{workload}."); // Show progress
            std::io::stdout().flush()?;
            zhelpers::s_sleep(workload.trim().parse().unwrap_or(0)); // Do the work
            sender.send("")?; // Send results to sink
        }
        // Any waiting controller command acts as 'KILL'
        if items[1].is_readable() {
            break;
        }
    }
    Ok(())
}
