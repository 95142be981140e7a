//! Freelance Pattern agent class (`flcliapi.c`, chapter 4), implementing the client side of
//! the Freelance Protocol (http://rfc.zeromq.org/spec:10): the application's [`FlCliApi`]
//! talks over an inproc PAIR pipe to a background agent thread, which owns a ROUTER socket
//! connected to every server, PINGs the servers, keeps the list of those alive, and sends each
//! request to the first live server, retrying elsewhere until the global timeout. Include with
//! `#[path = "zguide/flcliapi.rs"] mod flcliapi;` next to `ch4_util` and `zhelpers`.
//!
//! Servers must use their connect endpoint as routing id (see `flserver3`).
//!
//! Deliberate differences from the C, so a dead server is really skipped (which the chapter
//! describes but the C code cannot do, as its server time-to-live of 6 s outlasts the 3 s
//! request timeout):
//! - a server joins the live list when it first answers (the C lists it at CONNECT, before
//!   knowing it is there, and then lists it a second time when it answers), and it is pinged
//!   at once on CONNECT rather than after the first ping interval;
//! - a request is sent once to a server; if that server has not answered within
//!   `SERVER_REPLY_TIMEOUT` (1 000 ms) it is taken off the live list and the request goes to
//!   the next live server (the C resends to the same first server at every wake-up);
//! - a reply is passed to the application only while its request is pending (the C could pass
//!   a late duplicate, which the application would take for the next reply).
//!
//! All durations are Guide time (`ZGUIDE_TIME_SCALE`).
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;

use zmq::{PollEvents, Socket, SocketType};

use crate::ch4_util::{self, Msg};

/// If no server replies within this time, abandon the request (ms).
const GLOBAL_TIMEOUT: u64 = 3000;
/// PING interval for servers we think are alive (ms).
const PING_INTERVAL: u64 = 2000;
/// A server is considered dead if silent for this long (ms).
const SERVER_TTL: u64 = 6000;
/// A server that has not answered a request within this time is skipped (ms; see module doc).
const SERVER_REPLY_TIMEOUT: u64 = 1000;

/// The application's half: a pipe to the agent (`flcliapi_t`).
pub struct FlCliApi {
    ctx: zmq::Context,
    pipe: Socket,
    agent: Option<JoinHandle<()>>,
}

static PIPES: AtomicUsize = AtomicUsize::new(0);

impl FlCliApi {
    /// Starts the agent thread (`flcliapi_new`).
    pub fn new() -> FlCliApi {
        let ctx = ch4_util::context();
        let endpoint = format!(
            "inproc://flcliapi-{}",
            PIPES.fetch_add(1, Ordering::Relaxed)
        );
        let pipe = ctx.socket(SocketType::Pair).expect("PAIR");
        pipe.bind(&endpoint).expect("bind pipe");
        let agent_pipe = ctx.socket(SocketType::Pair).expect("PAIR");
        agent_pipe.connect(&endpoint).expect("connect pipe");
        let router = ctx.socket(SocketType::Router).expect("ROUTER");
        let agent = std::thread::spawn(move || Agent::new(agent_pipe, router).run());
        FlCliApi {
            ctx,
            pipe,
            agent: Some(agent),
        }
    }

    /// Connects to a server (`flcliapi_connect`): `["CONNECT"][endpoint]` to the agent, then
    /// waits 100 ms for the connection to come up, as the C does.
    pub fn connect(&mut self, endpoint: &str) {
        let _ = ch4_util::send_msg(
            &self.pipe,
            &[b"CONNECT".to_vec(), endpoint.as_bytes().to_vec()],
        );
        std::thread::sleep(ch4_util::scaled(100));
    }

    /// Sends a request and waits for its reply (`flcliapi_request`): the reply body, or
    /// `None` when no server answered in time.
    pub fn request(&mut self, mut request: Msg) -> Option<Msg> {
        ch4_util::push(&mut request, "REQUEST");
        ch4_util::send_msg(&self.pipe, &request).ok()?;
        let mut reply = ch4_util::recv_msg(&self.pipe)?;
        let status = ch4_util::pop(&mut reply);
        if status == b"FAILED" {
            None
        } else {
            Some(reply)
        }
    }
}

impl Default for FlCliApi {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for FlCliApi {
    /// Ends the agent: shutting the context down makes its poll fail (the C destroys the
    /// context for the same effect).
    fn drop(&mut self) {
        let _ = self.ctx.shutdown();
        if let Some(agent) = self.agent.take() {
            let _ = agent.join();
        }
    }
}

/// One server we talk to.
struct Server {
    /// True once it has answered, until it is found dead.
    alive: bool,
    /// Next ping at this time (ms since the epoch).
    ping_at: u64,
    /// Expires at this time.
    expires: u64,
}

/// The background agent.
struct Agent {
    pipe: Socket,
    router: Socket,
    /// Servers we've connected to, by endpoint.
    servers: HashMap<String, Server>,
    /// Servers we know are alive, in order of preference.
    actives: VecDeque<String>,
    /// Number of requests ever sent.
    sequence: u32,
    /// The current request if any (body, with the sequence number in front).
    request: Option<Msg>,
    /// Timeout for the current request.
    expires: u64,
    /// The server the current request went to last, and when.
    sent_to: Option<(String, u64)>,
    global_timeout: u64,
    ping_interval: u64,
    server_ttl: u64,
    reply_timeout: u64,
}

impl Agent {
    fn new(pipe: Socket, router: Socket) -> Agent {
        Agent {
            pipe,
            router,
            servers: HashMap::new(),
            actives: VecDeque::new(),
            sequence: 0,
            request: None,
            expires: 0,
            sent_to: None,
            global_timeout: ch4_util::scaled_ms(GLOBAL_TIMEOUT),
            ping_interval: ch4_util::scaled_ms(PING_INTERVAL),
            server_ttl: ch4_util::scaled_ms(SERVER_TTL),
            reply_timeout: ch4_util::scaled_ms(SERVER_REPLY_TIMEOUT),
        }
    }

    /// Processes one CONNECT or REQUEST from the application.
    fn control_message(&mut self) {
        let Some(mut msg) = ch4_util::recv_msg(&self.pipe) else {
            return;
        };
        let command = ch4_util::pop(&mut msg);
        if command == b"CONNECT" {
            let endpoint = ch4_util::text(&ch4_util::pop(&mut msg));
            println!("I: connecting to {endpoint}...");
            self.router.connect(&endpoint).expect("connect to server");
            let now = ch4_util::now_ms();
            self.servers.insert(
                endpoint,
                Server {
                    alive: false,
                    ping_at: now,
                    expires: now + self.server_ttl,
                },
            );
        } else if command == b"REQUEST" {
            assert!(self.request.is_none(), "strict request-reply cycle");
            // Prefix the request with a sequence number.
            self.sequence += 1;
            ch4_util::push(&mut msg, self.sequence.to_string());
            self.request = Some(msg);
            self.sent_to = None;
            // The request expires after the global timeout.
            self.expires = ch4_util::now_ms() + self.global_timeout;
        }
    }

    /// Processes one message from a server: `[endpoint][sequence or PONG][body...]`.
    fn router_message(&mut self) {
        let Some(mut reply) = ch4_util::recv_msg(&self.router) else {
            return;
        };
        let endpoint = ch4_util::text(&ch4_util::pop(&mut reply));
        let now = ch4_util::now_ms();
        let Some(server) = self.servers.get_mut(&endpoint) else {
            return; // not one of ours
        };
        if !server.alive {
            self.actives.push_back(endpoint.clone());
            server.alive = true;
        }
        server.ping_at = now + self.ping_interval;
        server.expires = now + self.server_ttl;
        // Frame 1 may be the sequence number of the reply.
        let sequence = ch4_util::text(&ch4_util::pop(&mut reply));
        if self.request.is_some() && sequence.parse::<u32>().ok() == Some(self.sequence) {
            ch4_util::push(&mut reply, "OK");
            let _ = ch4_util::send_msg(&self.pipe, &reply);
            self.request = None;
            self.sent_to = None;
        }
    }

    /// Takes a server off the live list.
    fn mark_dead(&mut self, endpoint: &str) {
        self.actives.retain(|e| e != endpoint);
        if let Some(server) = self.servers.get_mut(endpoint) {
            server.alive = false;
        }
    }

    /// If a request is pending: fails it after the global timeout, else sends it to the first
    /// live server unless it is already waiting on one that may still answer.
    fn dispatch(&mut self) {
        if self.request.is_none() {
            return;
        }
        let now = ch4_util::now_ms();
        if now >= self.expires {
            // Request expired, kill it.
            let _ = ch4_util::send_msg(&self.pipe, &[b"FAILED".to_vec()]);
            self.request = None;
            self.sent_to = None;
            return;
        }
        if let Some((endpoint, sent_at)) = self.sent_to.clone() {
            if now < sent_at + self.reply_timeout {
                return; // give it time to answer
            }
            self.mark_dead(&endpoint);
            self.sent_to = None;
        }
        // Find a server to talk to, removing any expired ones.
        while let Some(endpoint) = self.actives.front().cloned() {
            if now >= self.servers[&endpoint].expires {
                self.mark_dead(&endpoint);
            } else {
                let mut msg = self.request.clone().expect("pending request");
                ch4_util::push(&mut msg, &endpoint);
                let _ = ch4_util::send_msg(&self.router, &msg);
                self.sent_to = Some((endpoint, now));
                break;
            }
        }
    }

    /// Pings servers that are due (all of them: a dead one comes back when it answers).
    fn ping_servers(&mut self) {
        let now = ch4_util::now_ms();
        for (endpoint, server) in self.servers.iter_mut() {
            if now >= server.ping_at {
                let _ = ch4_util::send_msg(
                    &self.router,
                    &[endpoint.as_bytes().to_vec(), b"PING".to_vec()],
                );
                server.ping_at = now + self.ping_interval;
            }
        }
    }

    /// The agent loop: polls the pipe and the router with a tickless timer.
    fn run(mut self) {
        loop {
            // Calculate the tickless timer, up to 1 hour.
            let now = ch4_util::now_ms();
            let mut tickless = now + 1000 * 3600;
            if self.request.is_some() {
                tickless = tickless.min(self.expires);
                if let Some((_, sent_at)) = &self.sent_to {
                    tickless = tickless.min(sent_at + self.reply_timeout);
                }
            }
            for server in self.servers.values() {
                tickless = tickless.min(server.ping_at);
            }
            let timeout = std::time::Duration::from_millis(tickless.saturating_sub(now));
            let (control, router) = {
                let mut items = [
                    self.pipe.as_poll_item(PollEvents::POLLIN),
                    self.router.as_poll_item(PollEvents::POLLIN),
                ];
                match zmq::poll(&mut items, Some(timeout)) {
                    Ok(_) => (items[0].is_readable(), items[1].is_readable()),
                    Err(zmq::Error::Interrupted) => continue,
                    Err(_) => break, // context has been shut down
                }
            };
            if control {
                self.control_message();
            }
            if router {
                self.router_message();
            }
            self.dispatch();
            self.ping_servers();
        }
    }
}
