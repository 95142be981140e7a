//! Freelance server, model 2 (`flserver2.c`, chapter 4): a REP service that answers each
//! `[sequence][body]` request with `[sequence]["OK"]`.
//!
//! Run: `cargo run --example flserver2 -- tcp://*:5555` (the endpoint goes through
//! `zhelpers::ep`).

#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::SocketType;

fn main() {
    let Some(endpoint) = std::env::args().nth(1) else {
        let name = std::env::args().next().unwrap_or_default();
        println!("I: syntax: {name} <endpoint>");
        return;
    };
    zhelpers::s_catch_signals();
    let endpoint = zhelpers::endpoint(&endpoint);
    let ctx = ch4_util::context();
    let server = ctx.socket(SocketType::Rep).expect("REP");
    server.bind(&endpoint).expect("bind");
    println!("I: service is ready at {endpoint}");
    while let Some(mut request) = ch4_util::recv_msg(&server) {
        // Fail nastily if run against the wrong client.
        assert_eq!(request.len(), 2, "expected [sequence][body]");
        let sequence = ch4_util::pop(&mut request);
        let reply = vec![sequence, b"OK".to_vec()];
        if ch4_util::send_msg(&server, &reply).is_err() {
            break;
        }
    }
    if zhelpers::s_interrupted() {
        println!("W: interrupted");
    }
}
