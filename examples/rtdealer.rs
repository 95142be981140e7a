//! `rtdealer.c`, chapter 3 of the ZeroMQ Guide: ROUTER-to-DEALER load balancing.
//!
//! A ROUTER broker on `tcp://*:5671` hands work to 10 DEALER workers (threads, each with its own
//! context, as the C does) for five seconds, always to the least recently used worker (the
//! one whose request arrived first), then answers each with `Fired!`; every worker prints
//! `Completed: N tasks`. The counts come out roughly equal: that is the point of the example.
//!
//! Run: `cargo run --example rtdealer`. `ZGUIDE_TIME_SCALE=0.2` shortens the five seconds and
//! the workers' random work (up to 500 ms) proportionally.
//!
//! Differences from the C: the main thread joins the workers before exiting (the C exits as
//! soon as the last worker is fired, which can cut off the last `Completed` lines), and the
//! broker prints the total it handed out on stderr (`I: broker handed out N tasks`) so a test
//! can check the workers' counts add up.

#[path = "zguide/ch3_util.rs"]
mod ch3_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use anyhow::Result;
use zhelpers::{ep, randof, s_clock, s_recv, s_send, s_sendmore, s_set_id};
use zmq::{Context, SocketType};

const NBR_WORKERS: usize = 10;

fn worker_task() -> Result<()> {
    let context = Context::new()?;
    let worker = context.socket(SocketType::Dealer)?;
    s_set_id(&worker)?; // Set a printable identity
    worker.connect(&ep!("tcp://localhost:5671"))?;
    let mut total = 0;
    loop {
        // Tell the broker we're ready for work
        s_sendmore(&worker, "")?;
        s_send(&worker, "Hi Boss")?;
        // Get workload from broker, until finished
        s_recv(&worker); // Envelope delimiter
        let workload = s_recv(&worker).unwrap_or_default();
        if workload == "Fired!" {
            println!("Completed: {total} tasks");
            break;
        }
        total += 1;
        // Do some random work
        ch3_util::sleep_ms(u64::from(randof(500)) + 1);
    }
    Ok(())
}

// While this example runs in a single process, that is only to make it easier to start and
// stop the example. Each thread has its own context and conceptually acts as a separate process.
fn main() -> Result<()> {
    let context = Context::new()?;
    let broker = context.socket(SocketType::Router)?;
    broker.bind(&ep!("tcp://*:5671"))?;

    let workers: Vec<_> = (0..NBR_WORKERS)
        .map(|_| std::thread::spawn(worker_task))
        .collect();

    // Run for five seconds and then tell workers to end
    let end_time = s_clock() + ch3_util::scaled_ms(5000);
    let mut workers_fired = 0;
    let mut handed_out = 0;
    loop {
        // Next message gives us least recently used worker
        let identity = s_recv(&broker).unwrap_or_default();
        s_sendmore(&broker, &identity)?;
        s_recv(&broker); // Envelope delimiter
        s_recv(&broker); // Response from worker
        s_sendmore(&broker, "")?;

        // Encourage workers until it's time to fire them
        if s_clock() < end_time {
            s_send(&broker, "Work harder")?;
            handed_out += 1;
        } else {
            s_send(&broker, "Fired!")?;
            workers_fired += 1;
            if workers_fired == NBR_WORKERS {
                break;
            }
        }
    }
    for worker in workers {
        worker.join().expect("worker thread panicked")?;
    }
    eprintln!("I: broker handed out {handed_out} tasks");
    Ok(())
}
