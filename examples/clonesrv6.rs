//! Clone server, Model Six (`clonesrv6.c`, chapter 5): Model Five made reliable as a Binary
//! Star pair. The primary (`-p`) serves snapshots on `tcp://*:5556`, publishes on 5557 and
//! collects client updates on 5558; the backup (`-b`) on 5566, 5567, 5568; they exchange Binary
//! Star state on 5003/5004. Clients send every update to both servers (PUB → SUB collectors);
//! the active server numbers and publishes it; the passive one subscribes to the active one's
//! updates (after a snapshot of its own), holds client updates it has not yet seen published in
//! a pending list, and on failover publishes those first, so no update is lost. Both publish
//! `HUGZ` (with their sequence) every second, so clients can tell a silent server from a dead
//! one. Snapshot requests are the Binary Star votes.
//!
//! Run: `cargo run --example clonesrv6 -- -p` and `cargo run --example clonesrv6 -- -b`, then
//! `clonecli6`. Logs (`zclock_log` format) `I: publishing update=N`, `I: publishing
//! pending=N`, `I: received update=N`, `I: sending shapshot=N` (the C's typo kept)...
//!
//! Differences from the C: the reactor is `bstar`'s poll loop (see `zguide/bstar.rs`) with the
//! collector, the peer subscriber and the two timers registered on it; the peer subscriber is
//! always polled and its messages are dropped unless we are passive (the C adds and removes it
//! from the `zloop`). Only the active server expires TTL values: the C also runs the expiry on
//! the passive server, whose map holds the TTLs as published (seconds, not yet expiry times),
//! so it would delete them at once and publish deletes nobody listens to. Heartbeats, the
//! one-second timers and TTLs are Guide time (`ZGUIDE_TIME_SCALE`).

#[path = "zguide/bstar.rs"]
mod bstar;
#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/kvmsg.rs"]
mod kvmsg;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::cell::RefCell;
use std::rc::Rc;

use ch4_util::{log, now_ms, scaled_ms};
use kvmsg::{KvMap, KvMsg};
use zmq::{Socket, SocketType};

/// Our server is defined by these properties.
struct CloneSrv {
    ctx: zmq::Context,
    /// Key-value store (none while passive and not yet synchronised).
    kvmap: Option<KvMap>,
    /// How many updates we're at.
    sequence: i64,
    /// Main port of our peer.
    peer: u32,
    /// Publish updates and hugz.
    publisher: Socket,
    /// Pending updates from clients.
    pending: Vec<KvMsg>,
    /// True if we're active.
    active: bool,
    /// True if we're passive.
    passive: bool,
}

fn main() -> anyhow::Result<()> {
    zhelpers::s_catch_signals();
    let (primary, port, peer) = match std::env::args().nth(1).as_deref() {
        Some("-p") => {
            log("I: primary active, waiting for backup (passive)");
            (true, 5556, 5566)
        }
        Some("-b") => {
            log("I: backup passive, waiting for primary (active)");
            (false, 5566, 5556)
        }
        _ => {
            println!("Usage: clonesrv6 {{ -p | -b }}");
            return Ok(());
        }
    };
    let mut bstar = if primary {
        bstar::Bstar::new(
            bstar::BSTAR_PRIMARY,
            &zhelpers::ep!("tcp://*:5003"),
            &zhelpers::ep!("tcp://localhost:5004"),
        )
    } else {
        bstar::Bstar::new(
            bstar::BSTAR_BACKUP,
            &zhelpers::ep!("tcp://*:5004"),
            &zhelpers::ep!("tcp://localhost:5003"),
        )
    };
    let (port, peer) = (zhelpers::port(port), zhelpers::port(peer));

    let ctx = zmq::Context::new()?;
    ctx.set_default_linger(Some(std::time::Duration::ZERO));
    let publisher = ctx.socket(SocketType::Pub)?;
    publisher.bind(&format!("tcp://*:{}", port + 1))?;
    let collector = ctx.socket(SocketType::Sub)?;
    collector.subscribe("")?;
    collector.bind(&format!("tcp://*:{}", port + 2))?;
    // Set up our own clone client interface to the peer.
    let subscriber = ctx.socket(SocketType::Sub)?;
    subscriber.subscribe("")?;
    subscriber.connect(&format!("tcp://localhost:{}", peer + 1))?;

    let srv = Rc::new(RefCell::new(CloneSrv {
        ctx,
        kvmap: primary.then(KvMap::new),
        sequence: 0,
        peer,
        publisher,
        pending: Vec::new(),
        active: false,
        passive: false,
    }));

    // Register state change handlers, the voter, the readers and the timers.
    let s = srv.clone();
    bstar.voter(
        &format!("tcp://*:{port}"),
        SocketType::Router,
        move |socket| s.borrow_mut().snapshots(socket),
    )?;
    let s = srv.clone();
    bstar.new_active(move || s.borrow_mut().new_active());
    let s = srv.clone();
    bstar.new_passive(move || s.borrow_mut().new_passive());
    let s = srv.clone();
    bstar.poller(collector, move |socket| s.borrow_mut().collector(socket));
    let s = srv.clone();
    bstar.poller(subscriber, move |socket| s.borrow_mut().subscriber(socket));
    let s = srv.clone();
    bstar.timer(scaled_ms(1000), move || s.borrow_mut().flush_ttl());
    let s = srv.clone();
    bstar.timer(scaled_ms(1000), move || s.borrow_mut().send_hugz());

    // Start the Binary Star reactor.
    bstar.start();
    Ok(())
}

impl CloneSrv {
    /// We handle ICANHAZ? requests exactly as in the clonesrv5 example.
    fn snapshots(&mut self, socket: &Socket) {
        let Ok(request) = socket.recv_multipart() else {
            return;
        };
        // Request is in second frame of message, the subtree in the third.
        if request.len() != 3 || &request[1][..] != b"ICANHAZ?" {
            println!("E: bad request, aborting");
            return;
        }
        let identity = &request[0][..];
        let subtree = &request[2][..];
        for kvmsg in self.kvmap.iter().flat_map(|m| m.values()) {
            if kvmsg
                .key()
                .is_some_and(|k| k.as_bytes().starts_with(subtree))
            {
                let _ = kvmsg.send_to(socket, identity);
            }
        }
        // Now send END message with sequence number.
        log(&format!("I: sending shapshot={}", self.sequence));
        let mut kvmsg = KvMsg::new(self.sequence);
        kvmsg.set_key("KTHXBAI");
        kvmsg.set_body(b"");
        let _ = kvmsg.send_to(socket, identity);
    }

    /// If the update was in our pending list, removes it from there (`s_was_pending`).
    fn was_pending(&mut self, kvmsg: &KvMsg) -> bool {
        match self
            .pending
            .iter()
            .position(|held| held.uuid() == kvmsg.uuid())
        {
            Some(i) => {
                self.pending.remove(i);
                true
            }
            None => false,
        }
    }

    /// The collector is more complex than in clonesrv5 because the way it processes updates
    /// depends on whether we're active or passive. The active applies them immediately to its
    /// kvmap, whereas the passive queues them as pending.
    fn collector(&mut self, socket: &Socket) {
        let Some(mut kvmsg) = KvMsg::recv(socket) else {
            return;
        };
        if self.active {
            self.sequence += 1;
            kvmsg.set_sequence(self.sequence);
            let _ = kvmsg.send(&self.publisher);
            let ttl: u64 = kvmsg.get_prop("ttl").parse().unwrap_or(0);
            if ttl > 0 {
                let expiry = now_ms() + ttl * scaled_ms(1000);
                kvmsg.set_prop("ttl", &expiry.to_string());
            }
            kvmsg.store(self.kvmap.get_or_insert_with(KvMap::new));
            log(&format!("I: publishing update={}", self.sequence));
        } else if !self.was_pending(&kvmsg) {
            // If we already got the message from the active, drop it, else hold it pending.
            self.pending.push(kvmsg);
        }
    }

    /// We purge ephemeral values using exactly the same code as in the clonesrv5 example (on
    /// the active server only, see the module doc).
    fn flush_ttl(&mut self) {
        if !self.active {
            return;
        }
        let Some(kvmap) = self.kvmap.as_mut() else {
            return;
        };
        let now = now_ms();
        let mut expired: Vec<String> = kvmap
            .iter()
            .filter(|(_, kvmsg)| {
                let ttl: u64 = kvmsg.get_prop("ttl").parse().unwrap_or(0);
                ttl > 0 && now >= ttl
            })
            .map(|(key, _)| key.clone())
            .collect();
        expired.sort();
        for key in expired {
            let Some(mut kvmsg) = kvmap.remove(&key) else {
                continue;
            };
            self.sequence += 1;
            kvmsg.set_sequence(self.sequence);
            kvmsg.set_body(b"");
            let _ = kvmsg.send(&self.publisher);
            log(&format!("I: publishing delete={}", self.sequence));
        }
    }

    /// We send a HUGZ message once a second to all subscribers so that they can detect if our
    /// server dies. They'll then switch over to the backup server, which will become active.
    fn send_hugz(&mut self) {
        let mut kvmsg = KvMsg::new(self.sequence);
        kvmsg.set_key("HUGZ");
        kvmsg.set_body(b"");
        let _ = kvmsg.send(&self.publisher);
    }

    /// When we switch to active mode, we have to flush our pending list so that any updates
    /// clients sent only to us are published in order.
    fn new_active(&mut self) {
        self.active = true;
        self.passive = false;
        // Stop subscribing to updates (the subscriber's messages are dropped from now on).
        for mut kvmsg in std::mem::take(&mut self.pending) {
            self.sequence += 1;
            kvmsg.set_sequence(self.sequence);
            let _ = kvmsg.send(&self.publisher);
            kvmsg.store(self.kvmap.get_or_insert_with(KvMap::new));
            log(&format!("I: publishing pending={}", self.sequence));
        }
    }

    /// In passive mode, we listen to updates from the active server; our map is rebuilt from a
    /// fresh snapshot when the first one arrives.
    fn new_passive(&mut self) {
        self.kvmap = None;
        self.active = false;
        self.passive = true;
    }

    /// When we get an update, we create a new kvmap if necessary, and then add our update to
    /// our kvmap. We're always passive in this case.
    fn subscriber(&mut self, socket: &Socket) {
        if !self.passive {
            let _ = socket.recv_multipart();
            return;
        }
        // Get state snapshot if necessary.
        if self.kvmap.is_none() {
            let mut kvmap = KvMap::new();
            let endpoint = format!("tcp://localhost:{}", self.peer);
            log(&format!("I: asking for snapshot from: {endpoint}"));
            if let Ok(snapshot) = self.ctx.socket(SocketType::Dealer) {
                let _ = snapshot.connect(&endpoint);
                // Blank subtree to get all.
                let _ = snapshot.send_multipart(["ICANHAZ?", ""]);
                while let Some(kvmsg) = KvMsg::recv(&snapshot) {
                    if kvmsg.key() == Some("KTHXBAI") {
                        self.sequence = kvmsg.sequence();
                        break; // Done
                    }
                    kvmsg.store(&mut kvmap);
                }
            }
            log(&format!("I: received snapshot={}", self.sequence));
            self.kvmap = Some(kvmap);
        }
        // Find and remove update off pending list.
        let Some(kvmsg) = KvMsg::recv(socket) else {
            return;
        };
        if kvmsg.key() != Some("HUGZ") {
            if !self.was_pending(&kvmsg) {
                // If the active update came before the client update, flip it around: store
                // the update in the pending list and use it when we receive it on the
                // collector socket.
                self.pending.push(kvmsg.clone());
            }
            // If update is more recent than our kvmap, apply it.
            if kvmsg.sequence() > self.sequence {
                self.sequence = kvmsg.sequence();
                log(&format!("I: received update={}", self.sequence));
                if let Some(kvmap) = self.kvmap.as_mut() {
                    kvmsg.store(kvmap);
                }
            }
        }
    }
}
