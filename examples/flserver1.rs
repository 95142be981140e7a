//! Freelance server, model 1 (`flserver1.c`, chapter 4): a trivial REP echo service.
//!
//! Run: `cargo run --example flserver1 -- tcp://*:5555` (the endpoint goes through
//! `zhelpers::ep`, so `ZGUIDE_PORT_OFFSET` applies to it too).

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
    println!("I: echo service is ready at {endpoint}");
    while let Ok(msg) = server.recv_multipart() {
        if server.send_multipart(msg).is_err() {
            break;
        }
    }
    if zhelpers::s_interrupted() {
        println!("W: interrupted");
    }
}
