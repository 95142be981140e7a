//! `ppworker.c`, chapter 4 of the ZeroMQ Guide: the Paranoid Pirate worker.
//!
//! A DEALER worker of `ppqueue` (`tcp://localhost:5556`). It announces itself with `"\x01"`
//! (`I: worker ready`), echoes requests (`[identity][""][request]`, `I: normal reply`) and
//! heartbeats both ways: it sends `"\x02"` every interval (1000 ms, `I: worker heartbeat`) and,
//! when the queue has been silent for 3 intervals, prints `W: heartbeat failure, can't reach
//! queue` and `W: reconnecting in N msec...`, waits (1 s, doubling up to 32 s), and reconnects
//! with a new socket. After a few cycles it randomly simulates a crash (exits) or CPU overload
//! (3 s).
//!
//! Run: `cargo run --example ppworker`. `ZGUIDE_TIME_SCALE=0.1` shortens every interval,
//! pause and back-off (the printed reconnect delay is the scaled one).
//!
//! The C uses CZMQ's `zmsg`, `zframe` and `zsocket`; this port uses this crate's API.

#[path = "zguide/ch3_util.rs"]
mod ch3_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::time::Duration;

use anyhow::Result;
use zhelpers::{ep, randof, s_catch_signals, s_clock, s_interrupted};
use zmq::{poll, Context, PollEvents, Socket, SocketType};

const HEARTBEAT_LIVENESS: u64 = 3; // 3-5 is reasonable
const HEARTBEAT_INTERVAL: u64 = 1000; // msecs
const INTERVAL_INIT: u64 = 1000; // Initial reconnect
const INTERVAL_MAX: u64 = 32000; // After exponential backoff

// Paranoid Pirate Protocol constants
const PPP_READY: &[u8] = b"\x01"; // Signals worker is ready
const PPP_HEARTBEAT: &[u8] = b"\x02"; // Signals worker heartbeat

// Helper function that returns a new configured socket connected to the Paranoid Pirate queue
fn s_worker_socket(ctx: &Context) -> Result<Socket> {
    let worker = ctx.socket(SocketType::Dealer)?;
    worker.set_linger(Some(Duration::ZERO))?;
    worker.connect(&ep!("tcp://localhost:5556"))?;
    // Tell queue we're ready for work
    println!("I: worker ready");
    worker.send(PPP_READY)?;
    Ok(worker)
}

// We have a single task that implements the worker side of the Paranoid Pirate Protocol
// (PPP). The interesting parts here are the heartbeating, which lets the worker detect if the
// queue has died, and vice versa:
fn main() -> Result<()> {
    s_catch_signals();
    let ctx = Context::new()?;
    let mut worker = s_worker_socket(&ctx)?;

    // If liveness hits zero, queue is considered disconnected
    let mut liveness = HEARTBEAT_LIVENESS;
    let mut interval = INTERVAL_INIT;
    let heartbeat = ch3_util::scaled_ms(HEARTBEAT_INTERVAL);

    // Send out heartbeats at regular intervals
    let mut heartbeat_at = s_clock() + heartbeat;

    let mut cycles = 0;
    loop {
        let mut items = [worker.as_poll_item(PollEvents::POLLIN)];
        if poll(&mut items, Some(Duration::from_millis(heartbeat))).is_err() {
            break; // Interrupted
        }
        if items[0].is_readable() {
            // Get message
            // - 3-part envelope + content -> request
            // - 1-part HEARTBEAT -> heartbeat
            let Ok(msg) = worker.recv_multipart() else {
                break; // Interrupted
            };
            // To test the robustness of the queue implementation we simulate various typical
            // problems, such as the worker crashing or running very slowly. We do this after a
            // few cycles so that the architecture can get up and running first:
            if msg.len() == 3 {
                cycles += 1;
                if cycles > 3 && randof(5) == 0 {
                    println!("I: simulating a crash");
                    break;
                } else if cycles > 3 && randof(5) == 0 {
                    println!("I: simulating CPU overload");
                    ch3_util::sleep_ms(3000);
                    if s_interrupted() {
                        break;
                    }
                }
                println!("I: normal reply");
                worker.send_multipart(msg)?;
                liveness = HEARTBEAT_LIVENESS;
                ch3_util::sleep_ms(1000); // Do some heavy work
                if s_interrupted() {
                    break;
                }
            } else if msg.len() == 1 {
                // When we get a heartbeat message from the queue, it means the queue was
                // (recently) alive, so we must reset our liveness indicator:
                if &msg[0][..] == PPP_HEARTBEAT {
                    liveness = HEARTBEAT_LIVENESS;
                } else {
                    println!("E: invalid message");
                    dump(&msg);
                }
            } else {
                println!("E: invalid message");
                dump(&msg);
            }
            interval = INTERVAL_INIT;
        } else {
            // If the queue hasn't sent us heartbeats in a while, destroy the socket and
            // reconnect. This is the simplest most brutal way of discarding any messages we
            // might have sent in the meantime:
            liveness -= 1;
            if liveness == 0 {
                let pause = ch3_util::scaled_ms(interval);
                println!("W: heartbeat failure, can't reach queue");
                println!("W: reconnecting in {pause} msec...");
                zhelpers::s_sleep(pause);
                if interval < INTERVAL_MAX {
                    interval *= 2;
                }
                worker = s_worker_socket(&ctx)?;
                liveness = HEARTBEAT_LIVENESS;
            }
        }
        // Send heartbeat to queue if it's time
        if s_clock() > heartbeat_at {
            heartbeat_at = s_clock() + heartbeat;
            println!("I: worker heartbeat");
            worker.send(PPP_HEARTBEAT)?;
        }
    }
    Ok(())
}

fn dump(msg: &[zmq::Message]) {
    println!("----------------------------------------");
    for frame in msg {
        println!("{}", zhelpers::dump_frame(frame));
    }
}
