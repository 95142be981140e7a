//! Binary Star client, proof of concept (`bstarcli.c`, chapter 4): a Lazy Pirate REQ client
//! that sends one numbered request per second and, when the server does not answer within the
//! timeout, fails over to the other server of the pair.
//!
//! Run: `cargo run --example bstarcli` with a `bstarsrv`/`bstarsrv2` pair running. The
//! request timeout (1 000 ms), settle delay (2 000 ms) and the pause between requests (1 s) are
//! Guide time (`ZGUIDE_TIME_SCALE`).

#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{PollEvents, SocketType};

const REQUEST_TIMEOUT: u64 = 1000; // msecs
const SETTLE_DELAY: u64 = 2000; // before failing over

fn main() {
    zhelpers::s_catch_signals();
    let ctx = ch4_util::context();
    let server = [
        zhelpers::ep!("tcp://localhost:5001"),
        zhelpers::ep!("tcp://localhost:5002"),
    ];
    let mut server_nbr = 0;
    println!("I: connecting to server at {}...", server[server_nbr]);
    let connect = |endpoint: &str| {
        let client = ctx.socket(SocketType::Req).expect("REQ");
        client.connect(endpoint).expect("connect");
        client
    };
    let mut client = connect(&server[server_nbr]);

    let mut sequence = 0u64;
    'requests: while !zhelpers::s_interrupted() {
        // We send a request, then we work to get a reply.
        sequence += 1;
        let request = sequence.to_string();
        if zhelpers::s_send(&client, &request).is_err() {
            break;
        }
        let mut expect_reply = true;
        while expect_reply {
            // Poll the socket for a reply, with timeout.
            let events =
                match client.poll(PollEvents::POLLIN, Some(ch4_util::scaled(REQUEST_TIMEOUT))) {
                    Ok(events) => events,
                    Err(_) => break 'requests, // interrupted
                };
            // Lazy Pirate: with no reply in time, close the socket and try the other server. In
            // Binary Star it is the client's vote that decides which server is active, so the
            // client must try each server in turn.
            if events.contains(PollEvents::POLLIN) {
                // We got a reply from the server; it must match the sequence.
                let reply = zhelpers::s_recv(&client).unwrap_or_default();
                if reply.trim().parse::<u64>().ok() == Some(sequence) {
                    println!("I: server replied OK ({reply})");
                    expect_reply = false;
                    std::thread::sleep(ch4_util::scaled(1000)); // one request per second
                } else {
                    println!("E: bad reply from server: {reply}");
                }
            } else {
                println!("W: no response from server, failing over");
                // The old socket is confused; close it and open a new one.
                drop(client);
                server_nbr = (server_nbr + 1) % 2;
                std::thread::sleep(ch4_util::scaled(SETTLE_DELAY));
                println!("I: connecting to server at {}...", server[server_nbr]);
                client = connect(&server[server_nbr]);
                // Send the request again, on the new socket.
                if zhelpers::s_send(&client, &request).is_err() {
                    break 'requests;
                }
            }
        }
    }
}
