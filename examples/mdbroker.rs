//! Majordomo Protocol broker (`mdbroker.c`, chapter 4): one ROUTER socket at `tcp://*:5555`
//! for clients (MDP/Client) and workers (MDP/Worker), with service queues, worker
//! heartbeating and the `mmi.service` Management Interface.
//!
//! Run: `cargo run --example mdbroker [-v]`, then `mdworker` and `mdclient`.
//!
//! The heartbeat interval (2 500 ms) is in Guide time (`ZGUIDE_TIME_SCALE`, see
//! `zguide/ch4_util.rs`). Deliberate difference: the C refuses a READY whose *sender identity*
//! starts with `mmi.`; as the comment there says ("reserved service name"), this port checks the
//! *service name* instead.

#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/mdp.rs"]
mod mdp;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::collections::{HashMap, VecDeque};

use zmq::{PollEvents, SocketType};

use ch4_util::Msg;
use mdp::{MDPC_CLIENT, MDPW_WORKER};

/// 3-5 is reasonable.
const HEARTBEAT_LIVENESS: u64 = 3;
/// Milliseconds of Guide time.
const HEARTBEAT_INTERVAL: u64 = 2500;

/// One service: its queued requests and its idle workers (by id).
#[derive(Default)]
struct Service {
    requests: VecDeque<Msg>,
    waiting: VecDeque<String>,
    workers: usize,
}

/// One worker, idle or active.
struct Worker {
    identity: Vec<u8>,
    service: Option<String>,
    /// When the worker expires without a heartbeat (ms since the epoch).
    expiry: u64,
}

struct Broker {
    socket: zmq::Socket,
    verbose: bool,
    services: HashMap<String, Service>,
    /// Workers by hex identity.
    workers: HashMap<String, Worker>,
    /// Idle workers, oldest first.
    waiting: VecDeque<String>,
    heartbeat_at: u64,
    heartbeat_interval: u64,
    heartbeat_expiry: u64,
}

impl Broker {
    fn new(ctx: &zmq::Context, verbose: bool) -> Broker {
        let interval = ch4_util::scaled_ms(HEARTBEAT_INTERVAL);
        Broker {
            socket: ctx.socket(SocketType::Router).expect("ROUTER socket"),
            verbose,
            services: HashMap::new(),
            workers: HashMap::new(),
            waiting: VecDeque::new(),
            heartbeat_at: ch4_util::now_ms() + interval,
            heartbeat_interval: interval,
            heartbeat_expiry: interval * HEARTBEAT_LIVENESS,
        }
    }

    /// Binds the broker to an endpoint; may be called several times.
    fn bind(&self, endpoint: &str) {
        self.socket.bind(endpoint).expect("bind broker");
        ch4_util::log(&format!("I: MDP broker/0.2.0 is active at {endpoint}"));
    }

    /// Processes one READY, REPLY, HEARTBEAT or DISCONNECT from a worker.
    fn worker_msg(&mut self, sender: Vec<u8>, mut msg: Msg) {
        assert!(!msg.is_empty(), "worker message without command");
        let command = ch4_util::pop(&mut msg);
        let id = ch4_util::hex(&sender);
        let worker_ready = self.workers.contains_key(&id);
        self.worker_require(&id, &sender);

        if command == mdp::MDPW_READY {
            let service = msg.first().map(|f| ch4_util::text(f)).unwrap_or_default();
            if worker_ready || service.starts_with("mmi.") {
                // Not the first command in the session, or a reserved service name.
                self.worker_delete(&id, true);
            } else {
                // Attach the worker to its service and mark it idle.
                self.service_require(&service).workers += 1;
                self.workers.get_mut(&id).expect("worker").service = Some(service);
                self.worker_waiting(&id);
            }
        } else if command == mdp::MDPW_REPLY {
            if worker_ready {
                // Take the client's return envelope off, insert the protocol header and the
                // service name, and put the envelope back.
                let service = self.workers[&id].service.clone().unwrap_or_default();
                let client = ch4_util::unwrap(&mut msg);
                ch4_util::push(&mut msg, &service);
                ch4_util::push(&mut msg, MDPC_CLIENT);
                ch4_util::wrap(&mut msg, client);
                let _ = ch4_util::send_msg(&self.socket, &msg);
                self.worker_waiting(&id);
            } else {
                self.worker_delete(&id, true);
            }
        } else if command == mdp::MDPW_HEARTBEAT {
            if worker_ready {
                let expiry = ch4_util::now_ms() + self.heartbeat_expiry;
                self.workers.get_mut(&id).expect("worker").expiry = expiry;
            } else {
                self.worker_delete(&id, true);
            }
        } else if command == mdp::MDPW_DISCONNECT {
            self.worker_delete(&id, false);
        } else {
            ch4_util::log("E: invalid input message");
            ch4_util::dump(&msg);
        }
    }

    /// Processes a request from a client; `mmi.*` requests are answered here.
    fn client_msg(&mut self, sender: Vec<u8>, mut msg: Msg) {
        assert!(msg.len() >= 2, "client message without service name + body");
        let service_frame = ch4_util::pop(&mut msg);
        let service = ch4_util::text(&service_frame);
        // Set the reply return address to the client sender.
        ch4_util::wrap(&mut msg, &sender);
        if service.starts_with("mmi.") {
            let return_code = if service == "mmi.service" {
                let name = ch4_util::text(msg.last().expect("body"));
                match self.services.get(&name) {
                    Some(s) if s.workers > 0 => "200",
                    _ => "404",
                }
            } else {
                "501"
            };
            *msg.last_mut().expect("body") = return_code.as_bytes().to_vec();
            let client = ch4_util::unwrap(&mut msg);
            ch4_util::push(&mut msg, &service_frame);
            ch4_util::push(&mut msg, MDPC_CLIENT);
            ch4_util::wrap(&mut msg, client);
            let _ = ch4_util::send_msg(&self.socket, &msg);
        } else {
            self.service_require(&service);
            self.service_dispatch(&service, Some(msg));
        }
    }

    /// Deletes idle workers that have not pinged us in a while; they are held oldest first, so
    /// the scan stops at the first live one.
    fn purge(&mut self) {
        let now = ch4_util::now_ms();
        while let Some(id) = self.waiting.front().cloned() {
            if now < self.workers[&id].expiry {
                break; // the worker is alive, we're done here
            }
            if self.verbose {
                ch4_util::log(&format!("I: deleting expired worker: {id}"));
            }
            self.worker_delete(&id, false);
        }
    }

    /// Finds or creates a service by name.
    fn service_require(&mut self, name: &str) -> &mut Service {
        if !self.services.contains_key(name) && self.verbose {
            ch4_util::log(&format!("I: added service: {name}"));
        }
        self.services.entry(name.to_owned()).or_default()
    }

    /// Queues `msg` (if any) and sends queued requests to waiting workers.
    fn service_dispatch(&mut self, name: &str, msg: Option<Msg>) {
        if let Some(msg) = msg {
            self.service_require(name).requests.push_back(msg);
        }
        self.purge();
        loop {
            let service = self.services.get_mut(name).expect("service");
            if service.waiting.is_empty() || service.requests.is_empty() {
                break;
            }
            let id = service.waiting.pop_front().expect("waiting worker");
            let msg = service.requests.pop_front().expect("request");
            self.waiting.retain(|w| *w != id);
            self.worker_send(&id, mdp::MDPW_REQUEST, None, msg);
        }
    }

    /// Finds or creates a worker by identity.
    fn worker_require(&mut self, id: &str, identity: &[u8]) {
        if !self.workers.contains_key(id) {
            if self.verbose {
                ch4_util::log(&format!("I: registering new worker: {id}"));
            }
            self.workers.insert(
                id.to_owned(),
                Worker {
                    identity: identity.to_vec(),
                    service: None,
                    expiry: 0,
                },
            );
        }
    }

    /// Deletes a worker, telling it to go away first if `disconnect`.
    fn worker_delete(&mut self, id: &str, disconnect: bool) {
        if disconnect {
            self.worker_send(id, mdp::MDPW_DISCONNECT, None, Vec::new());
        }
        if let Some(worker) = self.workers.remove(id) {
            if let Some(service) = worker.service.and_then(|s| self.services.get_mut(&s)) {
                service.waiting.retain(|w| w != id);
                service.workers -= 1;
            }
        }
        self.waiting.retain(|w| w != id);
    }

    /// Sends a command to a worker: `[identity][empty][MDPW01][command][option][body...]`.
    fn worker_send(&self, id: &str, command: &[u8], option: Option<&str>, mut msg: Msg) {
        let Some(worker) = self.workers.get(id) else {
            return;
        };
        if let Some(option) = option {
            ch4_util::push(&mut msg, option);
        }
        ch4_util::push(&mut msg, command);
        ch4_util::push(&mut msg, MDPW_WORKER);
        ch4_util::wrap(&mut msg, &worker.identity);
        if self.verbose {
            ch4_util::log(&format!(
                "I: sending {} to worker",
                mdp::command_name(command)
            ));
            ch4_util::dump(&msg);
        }
        let _ = ch4_util::send_msg(&self.socket, &msg);
    }

    /// The worker is now waiting for work.
    fn worker_waiting(&mut self, id: &str) {
        let expiry = ch4_util::now_ms() + self.heartbeat_expiry;
        let worker = self.workers.get_mut(id).expect("worker");
        worker.expiry = expiry;
        let service = worker.service.clone().expect("worker has a service");
        self.waiting.push_back(id.to_owned());
        self.service_require(&service)
            .waiting
            .push_back(id.to_owned());
        self.service_dispatch(&service, None);
    }
}

fn main() {
    zhelpers::s_catch_signals();
    let verbose = ch4_util::verbose_arg();
    let ctx = ch4_util::context();
    let mut broker = Broker::new(&ctx, verbose);
    broker.bind(&zhelpers::ep!("tcp://*:5555"));

    // Get and process messages forever or until interrupted.
    loop {
        let timeout = std::time::Duration::from_millis(broker.heartbeat_interval);
        let events = match broker.socket.poll(PollEvents::POLLIN, Some(timeout)) {
            Ok(events) => events,
            Err(_) => break, // interrupted
        };
        if events.contains(PollEvents::POLLIN) {
            let Some(mut msg) = ch4_util::recv_msg(&broker.socket) else {
                break; // interrupted
            };
            if verbose {
                ch4_util::log("I: received message:");
                ch4_util::dump(&msg);
            }
            let sender = ch4_util::pop(&mut msg);
            let _empty = ch4_util::pop(&mut msg);
            let header = ch4_util::pop(&mut msg);
            if header == MDPC_CLIENT.as_bytes() {
                broker.client_msg(sender, msg);
            } else if header == MDPW_WORKER.as_bytes() {
                broker.worker_msg(sender, msg);
            } else {
                ch4_util::log("E: invalid message:");
                ch4_util::dump(&msg);
            }
        }
        // Disconnect and delete any expired workers; send heartbeats to idle workers if needed.
        if ch4_util::now_ms() > broker.heartbeat_at {
            broker.purge();
            for id in broker.waiting.clone() {
                broker.worker_send(&id, mdp::MDPW_HEARTBEAT, None, Vec::new());
            }
            broker.heartbeat_at = ch4_util::now_ms() + broker.heartbeat_interval;
        }
        if zhelpers::s_interrupted() {
            break;
        }
    }
    if zhelpers::s_interrupted() {
        println!("W: interrupt received, shutting down...");
    }
}
