//! Majordomo Protocol worker API (`mdwrkapi.c`, chapter 4): a DEALER socket to the broker that
//! registers a service with READY, answers requests, heartbeats, and reconnects when the broker
//! falls silent. Include with `#[path = "zguide/mdwrkapi.rs"] mod mdwrkapi;` next to `mdp`,
//! `ch4_util` and `zhelpers`.
//!
//! The heartbeat and reconnect delays (2 500 ms each) are in Guide time (`ZGUIDE_TIME_SCALE`).
#![allow(dead_code)]

use std::time::Duration;

use zmq::{PollEvents, SocketType};

use crate::ch4_util::{self, Msg};
use crate::mdp::{self, MDPW_WORKER};
use crate::zhelpers;

/// 3-5 is reasonable.
const HEARTBEAT_LIVENESS: u32 = 3;

/// A Majordomo worker session (`mdwrk_t`).
pub struct MdWrk {
    ctx: zmq::Context,
    broker: String,
    service: String,
    worker: Option<zmq::Socket>,
    verbose: bool,
    /// When to send the next HEARTBEAT (ms since the epoch).
    heartbeat_at: u64,
    /// How many heartbeat intervals may pass in silence before we reconnect.
    liveness: u32,
    heartbeat: Duration,
    reconnect: Duration,
    expect_reply: bool,
    /// Return address of the request being processed.
    reply_to: Option<Vec<u8>>,
}

impl MdWrk {
    /// Connects to the broker and registers `service` (`mdwrk_new`).
    pub fn new(broker: &str, service: &str, verbose: bool) -> MdWrk {
        let mut session = MdWrk {
            ctx: ch4_util::context(),
            broker: broker.to_owned(),
            service: service.to_owned(),
            worker: None,
            verbose,
            heartbeat_at: 0,
            liveness: 0,
            heartbeat: ch4_util::scaled(2500),
            reconnect: ch4_util::scaled(2500),
            expect_reply: false,
            reply_to: None,
        };
        session.connect_to_broker();
        session
    }

    /// Sets the heartbeat interval (`mdwrk_set_heartbeat`).
    pub fn set_heartbeat(&mut self, heartbeat: Duration) {
        self.heartbeat = heartbeat;
    }

    /// Sets the reconnect delay (`mdwrk_set_reconnect`).
    pub fn set_reconnect(&mut self, reconnect: Duration) {
        self.reconnect = reconnect;
    }

    /// Sends a command to the broker: `[empty][MDPW01][command][option][body...]`.
    fn send_to_broker(&self, command: &[u8], option: Option<&str>, body: Msg) {
        let mut msg = body;
        if let Some(option) = option {
            ch4_util::push(&mut msg, option);
        }
        ch4_util::push(&mut msg, command);
        ch4_util::push(&mut msg, MDPW_WORKER);
        ch4_util::push(&mut msg, b"");
        if self.verbose {
            ch4_util::log(&format!(
                "I: sending {} to broker",
                mdp::command_name(command)
            ));
            ch4_util::dump(&msg);
        }
        if let Some(worker) = &self.worker {
            let _ = ch4_util::send_msg(worker, &msg);
        }
    }

    /// Connects or reconnects on a fresh DEALER socket and registers the service.
    fn connect_to_broker(&mut self) {
        self.worker = None;
        let worker = self.ctx.socket(SocketType::Dealer).expect("DEALER socket");
        worker.connect(&self.broker).expect("connect to broker");
        if self.verbose {
            ch4_util::log(&format!("I: connecting to broker at {}...", self.broker));
        }
        self.worker = Some(worker);
        let service = self.service.clone();
        self.send_to_broker(mdp::MDPW_READY, Some(&service), Vec::new());
        // If liveness hits zero, the broker is considered disconnected.
        self.liveness = HEARTBEAT_LIVENESS;
        self.heartbeat_at = ch4_util::now_ms() + self.heartbeat.as_millis() as u64;
    }

    /// Sends `reply` (if any) to the broker, then waits for the next request (`mdwrk_recv`).
    /// Returns the request body, or `None` when interrupted.
    pub fn recv(&mut self, reply: Option<Msg>) -> Option<Msg> {
        assert!(reply.is_some() || !self.expect_reply, "a reply is due");
        if let Some(mut reply) = reply {
            let reply_to = self.reply_to.take().expect("a request to reply to");
            ch4_util::wrap(&mut reply, reply_to);
            self.send_to_broker(mdp::MDPW_REPLY, None, reply);
        }
        self.expect_reply = true;
        loop {
            let worker = self.worker.as_ref().expect("socket");
            let events = match worker.poll(PollEvents::POLLIN, Some(self.heartbeat)) {
                Ok(events) => events,
                Err(_) => break, // interrupted
            };
            if events.contains(PollEvents::POLLIN) {
                let Some(mut msg) = ch4_util::recv_msg(worker) else {
                    break; // interrupted
                };
                if self.verbose {
                    ch4_util::log("I: received message from broker:");
                    ch4_util::dump(&msg);
                }
                self.liveness = HEARTBEAT_LIVENESS;
                // Don't try to handle errors, just assert noisily.
                assert!(msg.len() >= 3, "malformed MDP message");
                assert!(ch4_util::pop(&mut msg).is_empty(), "no empty delimiter");
                assert_eq!(ch4_util::pop(&mut msg), MDPW_WORKER.as_bytes());
                let command = ch4_util::pop(&mut msg);
                if command == mdp::MDPW_REQUEST {
                    // We should pop and save as many addresses as there are up to an empty
                    // frame, but for now, just save one (as the Guide does).
                    self.reply_to = Some(ch4_util::unwrap(&mut msg));
                    return Some(msg);
                } else if command == mdp::MDPW_HEARTBEAT {
                    // Do nothing for heartbeats.
                } else if command == mdp::MDPW_DISCONNECT {
                    self.connect_to_broker();
                } else {
                    ch4_util::log("E: invalid input message");
                    ch4_util::dump(&msg);
                }
            } else {
                self.liveness -= 1;
                if self.liveness == 0 {
                    if self.verbose {
                        ch4_util::log("W: disconnected from broker - retrying...");
                    }
                    std::thread::sleep(self.reconnect);
                    if zhelpers::s_interrupted() {
                        break;
                    }
                    self.connect_to_broker();
                }
            }
            // Send HEARTBEAT if it's time.
            if ch4_util::now_ms() > self.heartbeat_at {
                self.send_to_broker(mdp::MDPW_HEARTBEAT, None, Vec::new());
                self.heartbeat_at = ch4_util::now_ms() + self.heartbeat.as_millis() as u64;
            }
            if zhelpers::s_interrupted() {
                break;
            }
        }
        if zhelpers::s_interrupted() {
            println!("W: interrupt received, killing worker...");
        }
        None
    }
}
