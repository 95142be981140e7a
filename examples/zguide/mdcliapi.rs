//! Majordomo Protocol client API (`mdcliapi.c`, chapter 4), synchronous: a REQ socket to the
//! broker, each request retried on a fresh socket when no reply comes within the timeout
//! (Lazy Pirate). Include with `#[path = "zguide/mdcliapi.rs"] mod mdcliapi;` next to `mdp`,
//! `ch4_util` and `zhelpers`.
//!
//! The request timeout (2 500 ms) is in Guide time (`ZGUIDE_TIME_SCALE`, see `ch4_util`).
#![allow(dead_code)]

use std::time::Duration;

use zmq::{PollEvents, SocketType};

use crate::ch4_util::{self, Msg};
use crate::mdp::MDPC_CLIENT;
use crate::zhelpers;

/// A Majordomo client session (`mdcli_t`).
pub struct MdCli {
    ctx: zmq::Context,
    broker: String,
    client: Option<zmq::Socket>,
    verbose: bool,
    timeout: Duration,
    retries: u32,
}

impl MdCli {
    /// Connects to the broker (`mdcli_new`).
    pub fn new(broker: &str, verbose: bool) -> MdCli {
        let mut session = MdCli {
            ctx: ch4_util::context(),
            broker: broker.to_owned(),
            client: None,
            verbose,
            timeout: ch4_util::scaled(2500),
            retries: 3,
        };
        session.connect_to_broker();
        session
    }

    /// Connects or reconnects to the broker on a fresh REQ socket.
    fn connect_to_broker(&mut self) {
        self.client = None; // closes the old socket first
        let client = self.ctx.socket(SocketType::Req).expect("REQ socket");
        client.connect(&self.broker).expect("connect to broker");
        if self.verbose {
            ch4_util::log(&format!("I: connecting to broker at {}...", self.broker));
        }
        self.client = Some(client);
    }

    /// Sets the request timeout (`mdcli_set_timeout`), in real milliseconds.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// Sets how many times a request is tried (`mdcli_set_retries`).
    pub fn set_retries(&mut self, retries: u32) {
        self.retries = retries;
    }

    /// Sends `request` to `service` and waits for the reply, retrying on a fresh socket
    /// (`mdcli_send`). Returns the reply body, or `None` after the last retry or on interrupt.
    pub fn send(&mut self, service: &str, mut request: Msg) -> Option<Msg> {
        // Frame 1: "MDPCxy" (six bytes, MDP/Client x.y); frame 2: service name.
        ch4_util::push(&mut request, service);
        ch4_util::push(&mut request, MDPC_CLIENT);
        if self.verbose {
            ch4_util::log(&format!("I: send request to '{service}' service:"));
            ch4_util::dump(&request);
        }
        let mut retries_left = self.retries;
        while retries_left > 0 && !zhelpers::s_interrupted() {
            let client = self.client.as_ref().expect("socket");
            if ch4_util::send_msg(client, &request).is_err() {
                break;
            }
            let events = match client.poll(PollEvents::POLLIN, Some(self.timeout)) {
                Ok(events) => events,
                Err(_) => break, // interrupted
            };
            if events.contains(PollEvents::POLLIN) {
                let mut msg = ch4_util::recv_msg(client)?;
                if self.verbose {
                    ch4_util::log("I: received reply:");
                    ch4_util::dump(&msg);
                }
                // We would handle malformed replies better in real code.
                assert!(msg.len() >= 3, "malformed MDP reply");
                let header = ch4_util::pop(&mut msg);
                assert_eq!(header, MDPC_CLIENT.as_bytes(), "not an MDP/Client reply");
                let reply_service = ch4_util::pop(&mut msg);
                assert_eq!(
                    reply_service,
                    service.as_bytes(),
                    "reply from another service"
                );
                return Some(msg);
            }
            retries_left -= 1;
            if retries_left > 0 {
                if self.verbose {
                    ch4_util::log("W: no reply, reconnecting...");
                }
                self.connect_to_broker();
            } else if self.verbose {
                ch4_util::log("W: permanent error, abandoning");
            }
        }
        if zhelpers::s_interrupted() {
            println!("W: interrupt received, killing client...");
        }
        None
    }
}
