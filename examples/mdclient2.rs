//! Majordomo client, asynchronous (`mdclient2.c`, chapter 4): sends 100 000 "Hello world"
//! requests to `echo` with `mdcliapi2` (DEALER) without waiting, then collects the replies.
//!
//! Run: `cargo run --example mdclient2 [-v] [count]` with `mdbroker` and `mdworker` running.
//! The optional count (default 100 000, the Guide's) scales the run for tests.

#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/mdcliapi2.rs"]
mod mdcliapi2;
#[path = "zguide/mdp.rs"]
mod mdp;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

fn main() {
    zhelpers::s_catch_signals();
    let verbose = ch4_util::verbose_arg();
    let total = ch4_util::count_arg(100_000);
    let mut session = mdcliapi2::MdCli::new(&zhelpers::ep!("tcp://localhost:5555"), verbose);
    for _ in 0..total {
        if session.send("echo", vec![b"Hello world".to_vec()]).is_err() {
            break;
        }
    }
    let mut count = 0;
    while count < total {
        if session.recv().is_none() {
            break; // interrupted by Ctrl-C, or timed out
        }
        count += 1;
    }
    println!("{count} replies received");
}
