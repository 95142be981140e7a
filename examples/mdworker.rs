//! Majordomo worker (`mdworker.c`, chapter 4): an `echo` service on top of `mdwrkapi`.
//!
//! Run: `cargo run --example mdworker [-v]` with `mdbroker` running.

#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/mdp.rs"]
mod mdp;
#[path = "zguide/mdwrkapi.rs"]
mod mdwrkapi;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

fn main() {
    zhelpers::s_catch_signals();
    let verbose = ch4_util::verbose_arg();
    let mut session = mdwrkapi::MdWrk::new(&zhelpers::ep!("tcp://localhost:5555"), "echo", verbose);
    let mut reply = None;
    // Stops when the worker is interrupted.
    while let Some(request) = session.recv(reply.take()) {
        reply = Some(request); // echo is complex... :-)
    }
}
