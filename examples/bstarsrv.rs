//! Binary Star server, proof of concept (`bstarsrv.c`, chapter 4): a primary/backup pair that
//! exchange their state over PUB/SUB every heartbeat and run the Binary Star finite state
//! machine; the active one echoes client requests, the passive one takes over when the active
//! one falls silent *and* a client asks it (the client vote).
//!
//! Run: `cargo run --example bstarsrv -- -p` and `cargo run --example bstarsrv -- -b`, then
//! `bstarcli`. Primary: clients on 5001, state out on 5003, in from 5004; backup: 5002, 5004,
//! 5003. The heartbeat (1 000 ms) is Guide time (`ZGUIDE_TIME_SCALE`).

#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{PollEvents, SocketType};

/// States we can be in at any point in time.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    /// Primary, waiting for peer to connect.
    Primary = 1,
    /// Backup, waiting for peer to connect.
    Backup = 2,
    /// Active: accepting connections.
    Active = 3,
    /// Passive: not accepting connections.
    Passive = 4,
}

/// Events, which start with the states our peer can be in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Event {
    PeerPrimary = 1,
    PeerBackup = 2,
    PeerActive = 3,
    PeerPassive = 4,
    /// A client makes a request.
    ClientRequest = 5,
}

impl Event {
    fn from_wire(text: &str) -> Option<Event> {
        match text.trim().parse::<u32>().ok()? {
            1 => Some(Event::PeerPrimary),
            2 => Some(Event::PeerBackup),
            3 => Some(Event::PeerActive),
            4 => Some(Event::PeerPassive),
            5 => Some(Event::ClientRequest),
            _ => None,
        }
    }
}

/// Our finite state machine.
struct Bstar {
    state: State,
    event: Event,
    /// When the peer is considered dead (ms since the epoch).
    peer_expiry: u64,
}

impl Bstar {
    /// Applies the current event to the current state; true on an exception (the event is
    /// refused, or the pair is in a fatal state).
    fn state_machine(&mut self) -> bool {
        let mut exception = false;
        match self.state {
            // PRIMARY and BACKUP wait to become ACTIVE or PASSIVE depending on the peer.
            State::Primary => {
                if self.event == Event::PeerBackup {
                    println!("I: connected to backup (passive), ready active");
                    self.state = State::Active;
                } else if self.event == Event::PeerActive {
                    println!("I: connected to backup (active), ready passive");
                    self.state = State::Passive;
                }
                // Accept client connections.
            }
            State::Backup => {
                if self.event == Event::PeerActive {
                    println!("I: connected to primary (active), ready passive");
                    self.state = State::Passive;
                } else if self.event == Event::ClientRequest {
                    // Reject client connections when acting as backup.
                    exception = true;
                }
            }
            State::Active => {
                if self.event == Event::PeerActive {
                    // Two actives would mean split-brain.
                    println!("E: fatal error - dual actives, aborting");
                    exception = true;
                }
            }
            // CLIENT_REQUEST events can trigger failover if the peer looks dead.
            State::Passive => {
                if self.event == Event::PeerPrimary {
                    // Peer is restarting: become active, peer will go passive.
                    println!("I: primary (passive) is restarting, ready active");
                    self.state = State::Active;
                } else if self.event == Event::PeerBackup {
                    println!("I: backup (passive) is restarting, ready active");
                    self.state = State::Active;
                } else if self.event == Event::PeerPassive {
                    // Two passives would mean the cluster would be non-responsive.
                    println!("E: fatal error - dual passives, aborting");
                    exception = true;
                } else if self.event == Event::ClientRequest {
                    // The client request triggers the failover if the peer's time has passed.
                    assert!(self.peer_expiry > 0);
                    if ch4_util::now_ms() >= self.peer_expiry {
                        println!("I: failover successful, ready active");
                        self.state = State::Active;
                    } else {
                        // If the peer is alive, reject connections.
                        exception = true;
                    }
                }
            }
        }
        exception
    }
}

fn main() {
    zhelpers::s_catch_signals();
    let heartbeat = ch4_util::scaled_ms(1000);
    let ctx = ch4_util::context();
    let statepub = ctx.socket(SocketType::Pub).expect("PUB");
    let statesub = ctx.socket(SocketType::Sub).expect("SUB");
    statesub.subscribe("").expect("subscribe");
    let frontend = ctx.socket(SocketType::Router).expect("ROUTER");
    let mut fsm = Bstar {
        state: State::Primary,
        event: Event::ClientRequest,
        peer_expiry: 0,
    };

    let arg = std::env::args().nth(1);
    match arg.as_deref() {
        Some("-p") => {
            println!("I: Primary active, waiting for backup (passive)");
            frontend.bind(&zhelpers::ep!("tcp://*:5001")).expect("bind");
            statepub.bind(&zhelpers::ep!("tcp://*:5003")).expect("bind");
            statesub
                .connect(&zhelpers::ep!("tcp://localhost:5004"))
                .expect("connect");
            fsm.state = State::Primary;
        }
        Some("-b") => {
            println!("I: Backup passive, waiting for primary (active)");
            frontend.bind(&zhelpers::ep!("tcp://*:5002")).expect("bind");
            statepub.bind(&zhelpers::ep!("tcp://*:5004")).expect("bind");
            statesub
                .connect(&zhelpers::ep!("tcp://localhost:5003"))
                .expect("connect");
            fsm.state = State::Backup;
        }
        _ => {
            println!("Usage: bstarsrv {{ -p | -b }}");
            return;
        }
    }

    // Process events on the two input sockets one at a time through the state machine. Our
    // "work" for a client request is simply to echo it back.
    let mut send_state_at = ch4_util::now_ms() + heartbeat;
    while !zhelpers::s_interrupted() {
        let time_left = send_state_at.saturating_sub(ch4_util::now_ms());
        let mut items = [
            frontend.as_poll_item(PollEvents::POLLIN),
            statesub.as_poll_item(PollEvents::POLLIN),
        ];
        if zmq::poll(
            &mut items,
            Some(std::time::Duration::from_millis(time_left)),
        )
        .is_err()
        {
            break; // interrupted
        }
        let (client_ready, state_ready) = (items[0].is_readable(), items[1].is_readable());
        if client_ready {
            // Have a client request.
            let msg = frontend.recv_multipart().expect("recv request");
            fsm.event = Event::ClientRequest;
            if !fsm.state_machine() {
                // Answer the client by echoing the request back.
                let _ = frontend.send_multipart(msg);
            }
        }
        if state_ready {
            // Have state from our peer: execute it as an event.
            let message = zhelpers::s_recv(&statesub).unwrap_or_default();
            if let Some(event) = Event::from_wire(&message) {
                fsm.event = event;
                if fsm.state_machine() {
                    break; // error, so exit
                }
                fsm.peer_expiry = ch4_util::now_ms() + 2 * heartbeat;
            }
        }
        // If we timed out, send our state to the peer.
        if ch4_util::now_ms() >= send_state_at {
            let _ = zhelpers::s_send(&statepub, &(fsm.state as u32).to_string());
            send_state_at = ch4_util::now_ms() + heartbeat;
        }
    }
    if zhelpers::s_interrupted() {
        println!("W: interrupted");
    }
}
