//! Binary Star reactor (`bstar.c`, chapter 4): the Binary Star failover state machine packaged
//! for any server. The application gives it a voter socket (client requests are the votes) and
//! optional handlers for becoming active or passive; the reactor publishes its state to the
//! peer every heartbeat, runs the finite state machine on the peer's state and on client
//! requests, and passes requests to the application only while it may serve them. Include with
//! `#[path = "zguide/bstar.rs"] mod bstar;` next to `ch4_util` and `zhelpers`.
//!
//! Differences from the C: there is no `zloop`, [`Bstar::start`] runs its own poll loop over
//! the state subscriber and the voter socket with the heartbeat as timer; instead of adding
//! readers and timers to `bstar_zloop`, an application registers them with [`Bstar::poller`]
//! and [`Bstar::timer`]; handlers are Rust closures. The heartbeat (1 000 ms)
//! is Guide time (`ZGUIDE_TIME_SCALE`).
#![allow(dead_code)]

use zmq::{PollEvents, Socket, SocketType};

use crate::ch4_util;
use crate::zhelpers;

/// Starts as primary.
pub const BSTAR_PRIMARY: bool = true;
/// Starts as backup.
pub const BSTAR_BACKUP: bool = false;

/// We send state information this often; if the peer doesn't respond in two heartbeats, it
/// is dead. Milliseconds of Guide time.
pub const BSTAR_HEARTBEAT: u64 = 1000;

/// States we can be in at any point in time.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum State {
    /// Primary, waiting for the peer to connect.
    Primary = 1,
    /// Backup, waiting for the peer to connect.
    Backup = 2,
    /// Active: accepting connections.
    Active = 3,
    /// Passive: not accepting connections.
    Passive = 4,
}

/// Events, which start with the states our peer can be in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Event {
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

type VoterFn = Box<dyn FnMut(&Socket)>;
type StateFn = Box<dyn FnMut()>;
type TimerFn = Box<dyn FnMut()>;

/// A periodic timer of the reactor: interval (ms), next expiry (ms since the epoch), handler.
struct Timer {
    interval: u64,
    next: u64,
    handler: TimerFn,
}

/// A Binary Star reactor (`bstar_t`).
pub struct Bstar {
    ctx: zmq::Context,
    statepub: Socket,
    statesub: Socket,
    voter: Option<Socket>,
    state: State,
    event: Event,
    /// When the peer is considered dead (ms since the epoch).
    peer_expiry: u64,
    heartbeat: u64,
    voter_fn: Option<VoterFn>,
    active_fn: Option<StateFn>,
    passive_fn: Option<StateFn>,
    /// Other sockets the application reads in this reactor (`zloop_poller` on `bstar_zloop`).
    readers: Vec<(Socket, VoterFn)>,
    timers: Vec<Timer>,
}

/// The FSM refused the event (`-1` in the C).
pub struct Refused;

impl Bstar {
    /// A reactor that publishes its state at `local` and subscribes to the peer's at `remote`
    /// (`bstar_new`).
    pub fn new(primary: bool, local: &str, remote: &str) -> Bstar {
        let ctx = ch4_util::context();
        let statepub = ctx.socket(SocketType::Pub).expect("PUB");
        statepub.bind(local).expect("bind state publisher");
        let statesub = ctx.socket(SocketType::Sub).expect("SUB");
        statesub.subscribe("").expect("subscribe");
        statesub.connect(remote).expect("connect state subscriber");
        Bstar {
            ctx,
            statepub,
            statesub,
            voter: None,
            state: if primary {
                State::Primary
            } else {
                State::Backup
            },
            event: Event::ClientRequest,
            peer_expiry: 0,
            heartbeat: ch4_util::scaled_ms(BSTAR_HEARTBEAT),
            voter_fn: None,
            active_fn: None,
            passive_fn: None,
            readers: Vec::new(),
            timers: Vec::new(),
        }
    }

    /// The current state.
    pub fn state(&self) -> State {
        self.state
    }

    /// Registers the client voter socket (`bstar_voter`): a socket of `kind` bound at
    /// `endpoint`; each message on it is a CLIENT_REQUEST event and, when the state machine
    /// accepts it, `handler` is called to read and answer it. Exactly one voter per reactor.
    pub fn voter(
        &mut self,
        endpoint: &str,
        kind: SocketType,
        handler: impl FnMut(&Socket) + 'static,
    ) -> zmq::Result<()> {
        assert!(self.voter_fn.is_none(), "one voter per bstar");
        let socket = self.ctx.socket(kind)?;
        socket.bind(endpoint)?;
        self.voter = Some(socket);
        self.voter_fn = Some(Box::new(handler));
        Ok(())
    }

    /// Registers a handler called each time we become active (`bstar_new_active`).
    pub fn new_active(&mut self, handler: impl FnMut() + 'static) {
        assert!(self.active_fn.is_none());
        self.active_fn = Some(Box::new(handler));
    }

    /// Registers a handler called each time we become passive (`bstar_new_passive`).
    pub fn new_passive(&mut self, handler: impl FnMut() + 'static) {
        assert!(self.passive_fn.is_none());
        self.passive_fn = Some(Box::new(handler));
    }

    /// Adds a socket for the reactor to read: `handler` is called whenever it is readable
    /// (`zloop_poller (bstar_zloop (..), ..)`).
    pub fn poller(&mut self, socket: Socket, handler: impl FnMut(&Socket) + 'static) {
        self.readers.push((socket, Box::new(handler)));
    }

    /// Adds a timer calling `handler` every `interval_ms` milliseconds, for ever
    /// (`zloop_timer (bstar_zloop (..), interval, 0, ..)`).
    pub fn timer(&mut self, interval_ms: u64, handler: impl FnMut() + 'static) {
        self.timers.push(Timer {
            interval: interval_ms,
            next: ch4_util::now_ms() + interval_ms,
            handler: Box::new(handler),
        });
    }

    fn became_active(&mut self) {
        if let Some(f) = self.active_fn.as_mut() {
            f();
        }
    }

    fn became_passive(&mut self) {
        if let Some(f) = self.passive_fn.as_mut() {
            f();
        }
    }

    /// Applies the current event to the current state (`s_execute_fsm`).
    fn execute_fsm(&mut self) -> Result<(), Refused> {
        let mut rc = Ok(());
        match self.state {
            // Primary is waiting for the peer to connect; accepts CLIENT_REQUEST events only
            // once the peer has been silent long enough.
            State::Primary => match self.event {
                Event::PeerBackup => {
                    ch4_util::log("I: connected to backup (passive), ready as active");
                    self.state = State::Active;
                    self.became_active();
                }
                Event::PeerActive => {
                    ch4_util::log("I: connected to backup (active), ready as passive");
                    self.state = State::Passive;
                    self.became_passive();
                }
                Event::ClientRequest => {
                    // Allow client requests to make us active if we've waited long enough to
                    // believe the backup is not currently active (i.e. after a failover).
                    assert!(self.peer_expiry > 0);
                    if ch4_util::now_ms() >= self.peer_expiry {
                        ch4_util::log("I: request from client, ready as active");
                        self.state = State::Active;
                        self.became_active();
                    } else {
                        // Don't respond to clients yet: we may be failing back while the backup
                        // is active.
                        rc = Err(Refused);
                    }
                }
                _ => {}
            },
            // Backup is waiting for the peer to connect; rejects CLIENT_REQUEST events.
            State::Backup => match self.event {
                Event::PeerActive => {
                    ch4_util::log("I: connected to primary (active), ready as passive");
                    self.state = State::Passive;
                    self.became_passive();
                }
                Event::ClientRequest => rc = Err(Refused),
                _ => {}
            },
            // Active accepts CLIENT_REQUEST events; the only way out of ACTIVE is death.
            State::Active => {
                if self.event == Event::PeerActive {
                    // Two actives would mean split-brain.
                    ch4_util::log("E: fatal error - dual actives, aborting");
                    rc = Err(Refused);
                }
            }
            // Passive: CLIENT_REQUEST events can trigger failover if the peer looks dead.
            State::Passive => {
                match self.event {
                    Event::PeerPrimary => {
                        // Peer is restarting: become active, peer will go passive.
                        ch4_util::log("I: primary (passive) is restarting, ready as active");
                        self.state = State::Active;
                    }
                    Event::PeerBackup => {
                        ch4_util::log("I: backup (passive) is restarting, ready as active");
                        self.state = State::Active;
                    }
                    Event::PeerPassive => {
                        // Two passives would mean the cluster would be non-responsive.
                        ch4_util::log("E: fatal error - dual passives, aborting");
                        rc = Err(Refused);
                    }
                    Event::ClientRequest => {
                        // It's the client request that triggers the failover.
                        assert!(self.peer_expiry > 0);
                        if ch4_util::now_ms() >= self.peer_expiry {
                            ch4_util::log("I: failover successful, ready as active");
                            self.state = State::Active;
                        } else {
                            // If the peer is alive, reject connections.
                            rc = Err(Refused);
                        }
                    }
                    Event::PeerActive => {}
                }
                // Call the state change handler if necessary.
                if self.state == State::Active {
                    self.became_active();
                }
            }
        }
        rc
    }

    fn update_peer_expiry(&mut self) {
        self.peer_expiry = ch4_util::now_ms() + 2 * self.heartbeat;
    }

    /// Runs the reactor (`bstar_start`) until the state machine hits a fatal state (dual
    /// actives or passives) or the process gets SIGINT/SIGTERM (with `s_catch_signals`).
    pub fn start(&mut self) {
        assert!(self.voter_fn.is_some(), "register a voter first");
        self.update_peer_expiry();
        let mut send_state_at = ch4_util::now_ms() + self.heartbeat;
        while !zhelpers::s_interrupted() {
            let next_timer = self.timers.iter().map(|t| t.next).min();
            let wake_at = next_timer.map_or(send_state_at, |t| t.min(send_state_at));
            let time_left = wake_at.saturating_sub(ch4_util::now_ms());
            let voter = self.voter.take().expect("voter socket");
            let (state_ready, voter_ready, readable) = {
                let mut items = vec![
                    self.statesub.as_poll_item(PollEvents::POLLIN),
                    voter.as_poll_item(PollEvents::POLLIN),
                ];
                for (socket, _) in &self.readers {
                    items.push(socket.as_poll_item(PollEvents::POLLIN));
                }
                let polled = zmq::poll(
                    &mut items,
                    Some(std::time::Duration::from_millis(time_left)),
                );
                if polled.is_err() {
                    self.voter = Some(voter);
                    break; // interrupted
                }
                let readable: Vec<bool> = items[2..].iter().map(|i| i.is_readable()).collect();
                (items[0].is_readable(), items[1].is_readable(), readable)
            };
            for (i, ready) in readable.into_iter().enumerate() {
                if ready {
                    let (socket, handler) = &mut self.readers[i];
                    handler(socket);
                }
            }
            let now = ch4_util::now_ms();
            for timer in &mut self.timers {
                if now >= timer.next {
                    (timer.handler)();
                    timer.next = now + timer.interval;
                }
            }
            if state_ready {
                // Receive the state from the peer and execute the state machine.
                if let Some(text) = zhelpers::s_recv(&self.statesub) {
                    if let Some(event) = Event::from_wire(&text) {
                        self.event = event;
                        self.update_peer_expiry();
                        if self.execute_fsm().is_err() {
                            self.voter = Some(voter);
                            break;
                        }
                    }
                }
            }
            if voter_ready {
                // The application wants to speak to us: see if it's possible.
                self.event = Event::ClientRequest;
                if self.execute_fsm().is_ok() {
                    if let Some(handler) = self.voter_fn.as_mut() {
                        handler(&voter);
                    }
                } else {
                    // Destroy the waiting message: no one is to read it.
                    let _ = voter.recv_multipart();
                }
            }
            self.voter = Some(voter);
            if ch4_util::now_ms() >= send_state_at {
                // Publish our state to the peer.
                let _ = zhelpers::s_send(&self.statepub, &(self.state as u32).to_string());
                send_state_at = ch4_util::now_ms() + self.heartbeat;
            }
        }
    }
}
