//! Freelance client, model 2 (`flclient2.c`, chapter 4): a DEALER socket connected to every
//! server blasts each request to all of them and takes the first reply with the right
//! sequence number; measures the average round trip over 10 000 requests.
//!
//! Run: `cargo run --example flclient2 -- [-n requests] tcp://localhost:5555 ...` (endpoints go
//! through `zhelpers::ep`). Additions: `-n` scales the request count for tests (default 10 000,
//! the Guide's); the global timeout (2 500 ms) is Guide time (`ZGUIDE_TIME_SCALE`).

#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::time::Instant;

use zmq::{PollEvents, SocketType};

use ch4_util::Msg;

/// If not a single service replies within this time, give up.
const GLOBAL_TIMEOUT: u64 = 2500;

/// The freelance client (`flclient_t`): a DEALER talking to all servers.
struct FlClient {
    _ctx: zmq::Context,
    socket: zmq::Socket,
    servers: usize,
    sequence: u32,
}

impl FlClient {
    fn new() -> FlClient {
        let ctx = ch4_util::context();
        let socket = ctx.socket(SocketType::Dealer).expect("DEALER");
        FlClient {
            _ctx: ctx,
            socket,
            servers: 0,
            sequence: 0,
        }
    }

    /// Connects to a new server endpoint.
    fn connect(&mut self, endpoint: &str) {
        self.socket.connect(endpoint).expect("connect");
        self.servers += 1;
    }

    /// Sends the request to all connected servers in parallel (for this to work, all
    /// connections must be up by now) and waits for a single matching reply; other replies
    /// are dropped.
    fn request(&mut self, mut request: Msg) -> Option<Msg> {
        // Prefix the request with a sequence number and an empty envelope.
        self.sequence += 1;
        ch4_util::push(&mut request, self.sequence.to_string());
        ch4_util::push(&mut request, b"");
        // Blast the request to all connected servers.
        for _ in 0..self.servers {
            ch4_util::send_msg(&self.socket, &request).ok()?;
        }
        // Wait for a matching reply to arrive from anywhere.
        let endtime = ch4_util::now_ms() + ch4_util::scaled_ms(GLOBAL_TIMEOUT);
        while ch4_util::now_ms() < endtime {
            let left = std::time::Duration::from_millis(endtime.saturating_sub(ch4_util::now_ms()));
            let events = self.socket.poll(PollEvents::POLLIN, Some(left)).ok()?;
            if events.contains(PollEvents::POLLIN) {
                // The reply is [empty][sequence][OK].
                let mut reply = ch4_util::recv_msg(&self.socket)?;
                assert_eq!(reply.len(), 3, "expected [empty][sequence][OK]");
                ch4_util::pop(&mut reply);
                let sequence = ch4_util::text(&ch4_util::pop(&mut reply));
                if sequence.parse::<u32>().ok() == Some(self.sequence) {
                    return Some(reply);
                }
            }
        }
        None
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut requests = 10_000u64;
    if args.first().map(String::as_str) == Some("-n") && args.len() >= 2 {
        requests = args[1].parse().expect("-n takes a number");
        args.drain(..2);
    }
    if args.is_empty() {
        let name = std::env::args().next().unwrap_or_default();
        println!("I: syntax: {name} <endpoint> ...");
        return;
    }
    // Create a new freelance client object and connect it to each endpoint.
    let mut client = FlClient::new();
    for endpoint in &args {
        client.connect(&zhelpers::endpoint(endpoint));
    }
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
