//! `lpclient.c`, chapter 4 of the ZeroMQ Guide: the Lazy Pirate client.
//!
//! A REQ client of `tcp://localhost:5555` that sends numbered requests (`1`, `2`, ...) and
//! expects each to be echoed. It polls for the reply with a timeout (2500 ms); on a timeout it
//! closes the socket (REQ cannot send twice in a row), opens a new one and resends the same
//! request, up to 3 tries, then prints `E: server seems to be offline, abandoning`. A reply
//! with the wrong sequence number is reported (`E: malformed reply from server: ...`) and the
//! client keeps waiting. Works with `lpserver` directly, or with `spqueue`/`ppqueue` and their
//! workers.
//!
//! Run: `cargo run --example lpclient -- [requests] [timeout_ms] [retries]`: by default it
//! sends requests until interrupted, with the Guide's 2500 ms and 3 tries. A test passes a
//! request count (the client exits 0 after that many replies) and a shorter timeout.
//!
//! Differences from the C: the C file in the Guide repository returns after the first reply
//! (its `return` sits inside the request loop) and prints debugging lines (`Expecting
//! reply....`); this port does what the book describes: it keeps sending requests, resets its
//! retries after each good reply, and prints only the book's lines.

#[path = "zguide/ch3_util.rs"]
mod ch3_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::time::Duration;

use anyhow::Result;
use zhelpers::{ep, s_catch_signals, s_interrupted, s_recv, s_send};
use zmq::{poll, Context, PollEvents, Socket, SocketType};

const REQUEST_TIMEOUT: u64 = 2500; // msecs, (> 1000!)
const REQUEST_RETRIES: u64 = 3; // Before we abandon
const SERVER_ENDPOINT: &str = "tcp://localhost:5555";

fn connect(context: &Context) -> Result<Socket> {
    let client = context.socket(SocketType::Req)?;
    // Pending requests are dropped when the socket is closed
    client.set_linger(Some(Duration::ZERO))?;
    client.connect(&ep!("{SERVER_ENDPOINT}"))?;
    Ok(client)
}

fn main() -> Result<()> {
    let requests = ch3_util::arg_num(1, 0); // 0: no limit
    let timeout = Duration::from_millis(ch3_util::arg_num(2, REQUEST_TIMEOUT));
    let retries = ch3_util::arg_num(3, REQUEST_RETRIES);
    s_catch_signals();

    let context = Context::new()?;
    println!("I: connecting to server...");
    let mut client = connect(&context)?;

    let mut sequence: u64 = 0;
    let mut retries_left = retries;
    'requests: while retries_left > 0 && !s_interrupted() {
        if requests > 0 && sequence == requests {
            break;
        }
        // We send a request, then we work to get a reply
        sequence += 1;
        let request = sequence.to_string();
        s_send(&client, &request)?;

        let mut expect_reply = true;
        while expect_reply {
            // Poll socket for a reply, with timeout
            let mut items = [client.as_poll_item(PollEvents::POLLIN)];
            if poll(&mut items, Some(timeout)).is_err() {
                break 'requests; // Interrupted
            }
            // Here we process a server reply and exit our loop if the reply is valid. If we
            // didn't get a reply we close the client socket, open it again and resend the
            // request. We try a number of times before finally abandoning:
            if items[0].is_readable() {
                // We got a reply from the server, must match sequence
                let Some(reply) = s_recv(&client) else {
                    break 'requests; // Interrupted
                };
                if reply.trim().parse::<u64>().ok() == Some(sequence) {
                    println!("I: server replied OK ({reply})");
                    retries_left = retries;
                    expect_reply = false;
                } else {
                    println!("E: malformed reply from server: {reply}");
                }
            } else {
                retries_left -= 1;
                if retries_left == 0 {
                    println!("E: server seems to be offline, abandoning");
                    break;
                }
                println!("W: no response from server, retrying...");
                // Old socket is confused; close it and open a new one
                println!("I: reconnecting to server...");
                client = connect(&context)?;
                // Send request again, on new socket
                s_send(&client, &request)?;
            }
        }
    }
    Ok(())
}
