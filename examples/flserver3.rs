//! Freelance server, model 3 (`flserver3.c`, chapter 4): a ROUTER socket whose identity is
//! the endpoint clients connect to, so a ROUTER client can address it by name; answers PING
//! with PONG and `[sequence][body]` with `[sequence]["OK"]`.
//!
//! Run: `cargo run --example flserver3 [-v] [port]`. Addition: the optional port (default
//! 5555, the C's only one) lets several servers run for `flclient3`, which talks to 5555, 5556
//! and 5557; the server binds `tcp://*:<port>` and names itself `tcp://localhost:<port>`, both
//! through `zhelpers::ep`.

#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::SocketType;

fn main() {
    zhelpers::s_catch_signals();
    let verbose = ch4_util::verbose_arg();
    let port = std::env::args()
        .skip(1)
        .find(|a| a != "-v")
        .and_then(|a| a.parse::<u32>().ok())
        .unwrap_or(5555);
    let ctx = ch4_util::context();

    // Prepare the server socket with a predictable identity.
    let bind_endpoint = zhelpers::ep!("tcp://*:{port}");
    let connect_endpoint = zhelpers::ep!("tcp://localhost:{port}");
    let server = ctx.socket(SocketType::Router).expect("ROUTER");
    server
        .set(zmq::opt::RoutingId, connect_endpoint.as_bytes())
        .expect("set identity");
    server.bind(&bind_endpoint).expect("bind");
    println!("I: service is ready at {bind_endpoint}");

    while !zhelpers::s_interrupted() {
        let Some(mut request) = ch4_util::recv_msg(&server) else {
            break; // interrupted
        };
        if verbose {
            ch4_util::dump(&request);
        }
        // Frame 0: identity of client; frame 1: PING, or client control frame; frame 2:
        // request body.
        let identity = ch4_util::pop(&mut request);
        let control = ch4_util::pop(&mut request);
        let mut reply = if control == b"PING" {
            vec![b"PONG".to_vec()]
        } else {
            vec![control, b"OK".to_vec()]
        };
        ch4_util::push(&mut reply, identity);
        if verbose {
            ch4_util::dump(&reply);
        }
        if ch4_util::send_msg(&server, &reply).is_err() {
            break;
        }
    }
    if zhelpers::s_interrupted() {
        println!("W: interrupted");
    }
}
