//! Freelance client, model 1 (`flclient1.c`, chapter 4): with one endpoint, a Lazy Pirate REQ
//! client that retries up to 3 times; with several, tries each endpoint once in turn.
//!
//! Run: `cargo run --example flclient1 -- tcp://localhost:5555 [tcp://localhost:5556 ...]`
//! (endpoints go through `zhelpers::ep`). The request timeout (1 000 ms) is Guide time
//! (`ZGUIDE_TIME_SCALE`).

#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{PollEvents, SocketType};

const REQUEST_TIMEOUT: u64 = 1000;
const MAX_RETRIES: usize = 3; // before we abandon

/// Sends the request on a fresh REQ socket and waits safely for the reply.
fn try_request(ctx: &zmq::Context, endpoint: &str, request: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    println!("I: trying echo service at {endpoint}...");
    let client = ctx.socket(SocketType::Req).expect("REQ");
    client.connect(endpoint).expect("connect");
    ch4_util::send_msg(&client, request).ok()?;
    let events = client
        .poll(PollEvents::POLLIN, Some(ch4_util::scaled(REQUEST_TIMEOUT)))
        .ok()?;
    if events.contains(PollEvents::POLLIN) {
        client
            .recv_multipart()
            .ok()
            .map(|parts| parts.iter().map(|p| p.to_vec()).collect())
    } else {
        None
    }
    // The socket closes in any case: we're done with it now.
}

fn main() {
    let ctx = ch4_util::context();
    let request = vec![b"Hello world".to_vec()];
    let endpoints: Vec<String> = std::env::args()
        .skip(1)
        .map(|e| zhelpers::endpoint(&e))
        .collect();
    let mut reply = None;
    if endpoints.is_empty() {
        let name = std::env::args().next().unwrap_or_default();
        println!("I: syntax: {name} <endpoint> ...");
    } else if endpoints.len() == 1 {
        // For one endpoint, we retry N times.
        let endpoint = &endpoints[0];
        for _ in 0..MAX_RETRIES {
            reply = try_request(&ctx, endpoint, &request);
            if reply.is_some() {
                break; // successful
            }
            println!("W: no response from {endpoint}, retrying...");
        }
    } else {
        // For multiple endpoints, try each at most once.
        for endpoint in &endpoints {
            reply = try_request(&ctx, endpoint, &request);
            if reply.is_some() {
                break;
            }
            println!("W: no response from {endpoint}");
        }
    }
    if reply.is_some() {
        println!("Service is running OK");
    }
}
