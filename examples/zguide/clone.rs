//! The `clone` class of chapter 5 (`clone.c`): the client side of the Clone protocol as an API
//! over a background agent thread. The application sets the subtree, connects to one or two
//! servers (a Binary Star pair), sets and gets values; the agent takes a snapshot from the
//! current server, applies its updates, and fails over to the other server when the current one
//! sends nothing, not even `HUGZ`, for `SERVER_TTL`.
//!
//! Include with `#[path = "zguide/clone.rs"] mod clone;` next to `kvmsg`, `ch4_util` and
//! `zhelpers`.
//!
//! Differences from the C: the pipe to the agent is an inproc PAIR pair; the agent logs with
//! `zclock_log`'s format (`ch4_util::log`); `SERVER_TTL` (5 000 ms) is Guide time
//! (`ZGUIDE_TIME_SCALE`). Added for tests: [`Clone::state`] (a `STATE` command) returns the
//! agent's sequence number and its map.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use zmq::{PollEvents, Socket, SocketType};

use crate::ch4_util::{log, now_ms, scaled_ms};
use crate::kvmsg::{KvMap, KvMsg};

/// If no server replies within this time, abandon it (ms of Guide time).
const SERVER_TTL: u64 = 5000;
/// We work with at most two servers.
const SERVER_MAX: usize = 2;

/// The application's handle on a Clone agent (`clone_t`).
pub struct Clone {
    ctx: zmq::Context,
    /// Pipe through to the clone agent.
    pipe: Socket,
    agent: Option<std::thread::JoinHandle<()>>,
}

static AGENTS: AtomicUsize = AtomicUsize::new(0);

impl Clone {
    /// Starts the agent (`clone_new`).
    pub fn new() -> zmq::Result<Clone> {
        let ctx = zmq::Context::new()?;
        ctx.set_default_linger(Some(Duration::ZERO));
        let endpoint = format!(
            "inproc://clone-agent-{}",
            AGENTS.fetch_add(1, Ordering::SeqCst)
        );
        let pipe = ctx.socket(SocketType::Pair)?;
        pipe.bind(&endpoint)?;
        let agent_ctx = ctx.clone();
        let agent = std::thread::spawn(move || {
            if let Ok(agent) = Agent::new(&agent_ctx, &endpoint) {
                agent.run();
            }
        });
        Ok(Clone {
            ctx,
            pipe,
            agent: Some(agent),
        })
    }

    fn command(&self, frames: &[&str]) -> zmq::Result<()> {
        self.pipe
            .send_multipart(frames.iter().copied())
            .map_err(|e| e.error)
    }

    /// Specifies the subtree for snapshots and updates; call before connecting
    /// (`clone_subtree`).
    pub fn subtree(&self, subtree: &str) -> zmq::Result<()> {
        self.command(&["SUBTREE", subtree])
    }

    /// Connects to a new server endpoint, `address` like `tcp://localhost` and `service` its
    /// port (`clone_connect`); at most two.
    pub fn connect(&self, address: &str, service: &str) -> zmq::Result<()> {
        self.command(&["CONNECT", address, service])
    }

    /// Sets a new value in the shared hash map, with a time to live in seconds (0: for ever)
    /// (`clone_set`).
    pub fn set(&self, key: &str, value: &str, ttl: u32) -> zmq::Result<()> {
        self.command(&["SET", key, value, &ttl.to_string()])
    }

    /// Looks up the value of a key in the shared map; empty if there is none (`clone_get`).
    pub fn get(&self, key: &str) -> zmq::Result<String> {
        self.command(&["GET", key])?;
        self.pipe.recv_string()
    }

    /// The agent's last sequence number and map, as `(key, value)` pairs (added for tests).
    pub fn state(&self) -> zmq::Result<(i64, Vec<(String, String)>)> {
        self.command(&["STATE"])?;
        let frames = self.pipe.recv_multipart()?;
        let text = |i: usize| String::from_utf8_lossy(&frames[i]).into_owned();
        let sequence = text(0).parse().unwrap_or(0);
        let pairs = (1..frames.len())
            .step_by(2)
            .map(|i| (text(i), text(i + 1)))
            .collect();
        Ok((sequence, pairs))
    }
}

impl Drop for Clone {
    /// Stops the agent (`clone_destroy`).
    fn drop(&mut self) {
        let _ = self.ctx.shutdown();
        if let Some(agent) = self.agent.take() {
            let _ = agent.join();
        }
    }
}

/// One server we talk to (`server_t`).
struct Server {
    /// Server address (`tcp://localhost`).
    address: String,
    /// Server port.
    port: u16,
    /// Snapshot socket.
    snapshot: Socket,
    /// Incoming updates.
    subscriber: Socket,
    /// When the server expires (ms since the epoch).
    expiry: u64,
    /// How many snapshot requests made?
    requests: u32,
}

impl Server {
    fn new(ctx: &zmq::Context, address: &str, port: u16, subtree: &str) -> zmq::Result<Server> {
        log(&format!("I: adding server {address}:{port}..."));
        let snapshot = ctx.socket(SocketType::Dealer)?;
        snapshot.connect(&format!("{address}:{port}"))?;
        let subscriber = ctx.socket(SocketType::Sub)?;
        subscriber.connect(&format!("{address}:{}", port + 1))?;
        subscriber.subscribe(subtree)?;
        subscriber.subscribe("HUGZ")?;
        Ok(Server {
            address: address.to_owned(),
            port,
            snapshot,
            subscriber,
            expiry: 0,
            requests: 0,
        })
    }
}

/// The states of the agent.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before asking server for state.
    Initial,
    /// Getting state from server.
    Syncing,
    /// Getting new updates from server.
    Active,
}

/// The agent's context (`agent_t`).
struct Agent {
    ctx: zmq::Context,
    /// Pipe back to application.
    pipe: Socket,
    /// Actual key/value table.
    kvmap: KvMap,
    /// Subtree specification, if any.
    subtree: String,
    servers: Vec<Server>,
    state: State,
    /// If active, server 0 or 1.
    cur_server: usize,
    /// Last kvmsg processed.
    sequence: i64,
    /// Outgoing updates.
    publisher: Socket,
}

impl Agent {
    fn new(ctx: &zmq::Context, endpoint: &str) -> zmq::Result<Agent> {
        let pipe = ctx.socket(SocketType::Pair)?;
        pipe.connect(endpoint)?;
        Ok(Agent {
            ctx: ctx.clone(),
            pipe,
            kvmap: KvMap::new(),
            subtree: String::new(),
            servers: Vec::new(),
            state: State::Initial,
            cur_server: 0,
            sequence: 0,
            publisher: ctx.socket(SocketType::Pub)?,
        })
    }

    /// Handles one command from the application; `Err` when interrupted.
    fn control_message(&mut self) -> zmq::Result<()> {
        let msg = self.pipe.recv_multipart()?;
        let arg = |i: usize| {
            msg.get(i)
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .unwrap_or_default()
        };
        match arg(0).as_str() {
            "SUBTREE" => self.subtree = arg(1),
            "CONNECT" => {
                let (address, service) = (arg(1), arg(2));
                let port: u16 = service.parse().unwrap_or(0);
                if self.servers.len() < SERVER_MAX {
                    let server = Server::new(&self.ctx, &address, port, &self.subtree)?;
                    self.servers.push(server);
                    self.publisher.connect(&format!("{address}:{}", port + 2))?;
                } else {
                    log(&format!("E: too many servers (max. {SERVER_MAX})"));
                }
            }
            "SET" => {
                let mut kvmsg = KvMsg::new(0);
                kvmsg.set_key(&arg(1));
                kvmsg.set_uuid();
                kvmsg.set_body(arg(2).as_bytes());
                kvmsg.set_prop("ttl", &arg(3));
                kvmsg.send(&self.publisher)?;
                kvmsg.store(&mut self.kvmap);
            }
            "GET" => {
                let value = self
                    .kvmap
                    .get(&arg(1))
                    .and_then(KvMsg::body)
                    .unwrap_or_default()
                    .to_vec();
                self.pipe.send(value).map_err(|e| e.error)?;
            }
            "STATE" => {
                let mut keys: Vec<&String> = self.kvmap.keys().collect();
                keys.sort();
                let mut reply = vec![self.sequence.to_string().into_bytes()];
                for key in keys {
                    reply.push(key.clone().into_bytes());
                    reply.push(self.kvmap[key].body().unwrap_or_default().to_vec());
                }
                self.pipe.send_multipart(reply).map_err(|e| e.error)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// The agent's loop (`clone_agent`): it either waits for a snapshot, applies updates, or
    /// moves to the other server when the current one stops talking.
    fn run(mut self) {
        let server_ttl = scaled_ms(SERVER_TTL);
        loop {
            let mut use_server = false;
            if !self.servers.is_empty() {
                let server = &mut self.servers[self.cur_server];
                if self.state == State::Initial {
                    log(&format!(
                        "I: waiting for server at {}:{}...",
                        server.address, server.port
                    ));
                    if server.requests < 2 {
                        let _ = server
                            .snapshot
                            .send_multipart(["ICANHAZ?", self.subtree.as_str()]);
                        server.requests += 1;
                    }
                    server.expiry = now_ms() + server_ttl;
                    self.state = State::Syncing;
                }
                use_server = true;
            }
            let (control, incoming, timeout) = {
                let mut items = vec![self.pipe.as_poll_item(PollEvents::POLLIN)];
                let mut timeout = None;
                if use_server {
                    let server = &self.servers[self.cur_server];
                    let socket = match self.state {
                        State::Active => &server.subscriber,
                        _ => &server.snapshot,
                    };
                    items.push(socket.as_poll_item(PollEvents::POLLIN));
                    timeout = Some(Duration::from_millis(
                        server.expiry.saturating_sub(now_ms()),
                    ));
                }
                if zmq::poll(&mut items, timeout).is_err() {
                    break; // Context has been shut down
                }
                let incoming = items.get(1).is_some_and(|i| i.is_readable());
                (items[0].is_readable(), incoming, use_server)
            };
            if control {
                if self.control_message().is_err() {
                    break; // Interrupted
                }
            } else if incoming {
                let server = &mut self.servers[self.cur_server];
                let socket = match self.state {
                    State::Active => &server.subscriber,
                    _ => &server.snapshot,
                };
                let Some(kvmsg) = KvMsg::recv(socket) else {
                    break; // Interrupted
                };
                // Anything from the server resets its expiry time.
                server.expiry = now_ms() + server_ttl;
                if self.state == State::Syncing {
                    // Store in snapshot until we're finished.
                    server.requests = 0;
                    if kvmsg.key() == Some("KTHXBAI") {
                        self.sequence = kvmsg.sequence();
                        self.state = State::Active;
                        log(&format!(
                            "I: received from {}:{} snapshot={}",
                            server.address, server.port, self.sequence
                        ));
                    } else {
                        kvmsg.store(&mut self.kvmap);
                    }
                } else if self.state == State::Active {
                    // Discard out-of-sequence updates, incl. HUGZ.
                    if kvmsg.sequence() > self.sequence {
                        self.sequence = kvmsg.sequence();
                        kvmsg.store(&mut self.kvmap);
                        log(&format!(
                            "I: received from {}:{} update={}",
                            server.address, server.port, self.sequence
                        ));
                    }
                }
            } else if timeout {
                // Server has died, failover to next.
                let server = &self.servers[self.cur_server];
                log(&format!(
                    "I: server at {}:{} didn't give HUGZ",
                    server.address, server.port
                ));
                self.cur_server = (self.cur_server + 1) % self.servers.len();
                self.state = State::Initial;
            }
        }
    }
}
