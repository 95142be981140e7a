//! Freelance client, model 3 (`flclient3.c`, chapter 4): uses the `flcliapi` agent to talk to
//! the servers at 5555, 5556 and 5557 and measures the average round trip over 10 000
//! requests.
//!
//! Run: `cargo run --example flclient3 [requests]` with one or more `flserver3` running (e.g.
//! `flserver3 5555`, `flserver3 5556`). The optional count scales the run for tests (default
//! 10 000, the Guide's); see `zguide/flcliapi.rs` for how the agent differs from the C.

#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/flcliapi.rs"]
mod flcliapi;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::time::Instant;

fn main() {
    let requests = ch4_util::count_arg(10_000);
    // Create a new freelance client object and connect it to several endpoints.
    let mut client = flcliapi::FlCliApi::new();
    client.connect(&zhelpers::ep!("tcp://localhost:5555"));
    client.connect(&zhelpers::ep!("tcp://localhost:5556"));
    client.connect(&zhelpers::ep!("tcp://localhost:5557"));

    // Send a bunch of name resolution 'requests', measure time.
    let start = Instant::now();
    for _ in 0..requests {
        if client.request(vec![b"random name".to_vec()]).is_none() {
            println!("E: name service not available, aborting");
            break;
        }
    }
    println!(
        "Average round trip cost: {} usec",
        start.elapsed().as_micros() as u64 / requests.max(1)
    );
}
