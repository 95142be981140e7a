//! Majordomo client (`mdclient.c`, chapter 4): sends 100 000 "Hello world" requests to the
//! `echo` service through the broker with the synchronous `mdcliapi`, then prints how many
//! round trips completed.
//!
//! Run: `cargo run --example mdclient [-v] [count]` with `mdbroker` and `mdworker` running.
//! The optional count (default 100 000, the Guide's) scales the run for tests.

#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/mdcliapi.rs"]
mod mdcliapi;
#[path = "zguide/mdp.rs"]
mod mdp;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

fn main() {
    zhelpers::s_catch_signals();
    let verbose = ch4_util::verbose_arg();
    let total = ch4_util::count_arg(100_000);
    let mut session = mdcliapi::MdCli::new(&zhelpers::ep!("tcp://localhost:5555"), verbose);
    let mut count = 0;
    while count < total {
        let request = vec![b"Hello world".to_vec()];
        if session.send("echo", request).is_none() {
            break; // interrupt or failure
        }
        count += 1;
    }
    println!("{count} requests/replies processed");
}
