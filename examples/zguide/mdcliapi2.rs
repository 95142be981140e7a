//! Majordomo Protocol client API (`mdcliapi2.c`, chapter 4), asynchronous: a DEALER socket, so
//! any number of requests can be sent before the replies are collected; no retries. Include with
//! `#[path = "zguide/mdcliapi2.rs"] mod mdcliapi2;` next to `mdp`, `ch4_util` and `zhelpers`.
//!
//! The reply timeout (2 500 ms) is in Guide time (`ZGUIDE_TIME_SCALE`, see `ch4_util`).
#![allow(dead_code)]

use std::time::Duration;

use zmq::{PollEvents, SocketType};

use crate::ch4_util::{self, Msg};
use crate::mdp::MDPC_CLIENT;
use crate::zhelpers;

/// An asynchronous Majordomo client session (`mdcli_t` of `mdcliapi2`).
pub struct MdCli {
    ctx: zmq::Context,
    broker: String,
    client: zmq::Socket,
    verbose: bool,
    timeout: Duration,
}

impl MdCli {
    /// Connects to the broker (`mdcli_new`).
    pub fn new(broker: &str, verbose: bool) -> MdCli {
        let ctx = ch4_util::context();
        let client = Self::connect_to_broker(&ctx, broker, verbose);
        MdCli {
            ctx,
            broker: broker.to_owned(),
            client,
            verbose,
            timeout: ch4_util::scaled(2500),
        }
    }

    fn connect_to_broker(ctx: &zmq::Context, broker: &str, verbose: bool) -> zmq::Socket {
        let client = ctx.socket(SocketType::Dealer).expect("DEALER socket");
        client.connect(broker).expect("connect to broker");
        if verbose {
            ch4_util::log(&format!("I: connecting to broker at {broker}..."));
        }
        client
    }

    /// Sets the reply timeout (`mdcli_set_timeout`).
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// Sends one request without waiting for the reply (`mdcli_send`). The empty first frame
    /// makes the envelope a REQ socket would.
    pub fn send(&mut self, service: &str, mut request: Msg) -> zmq::Result<()> {
        ch4_util::push(&mut request, service);
        ch4_util::push(&mut request, MDPC_CLIENT);
        ch4_util::push(&mut request, b"");
        if self.verbose {
            ch4_util::log(&format!("I: send request to '{service}' service:"));
            ch4_util::dump(&request);
        }
        ch4_util::send_msg(&self.client, &request)
    }

    /// Waits for the next reply (`mdcli_recv`): its body, or `None` on timeout or interrupt.
    pub fn recv(&mut self) -> Option<Msg> {
        let events = self
            .client
            .poll(PollEvents::POLLIN, Some(self.timeout))
            .ok()?;
        if events.contains(PollEvents::POLLIN) {
            let mut msg = ch4_util::recv_msg(&self.client)?;
            if self.verbose {
                ch4_util::log("I: received reply:");
                ch4_util::dump(&msg);
            }
            // Don't try to handle errors, just assert noisily.
            assert!(msg.len() >= 4, "malformed MDP reply");
            assert!(ch4_util::pop(&mut msg).is_empty(), "no empty delimiter");
            assert_eq!(ch4_util::pop(&mut msg), MDPC_CLIENT.as_bytes());
            let _service = ch4_util::pop(&mut msg);
            return Some(msg);
        }
        if zhelpers::s_interrupted() {
            println!("W: interrupt received, killing client...");
        } else if self.verbose {
            ch4_util::log("W: permanent error, abandoning request");
        }
        None
    }
}
