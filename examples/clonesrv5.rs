//! Clone server, Model Five (`clonesrv5.c`, chapter 5): Model Four on `kvmsg` (UUID and
//! properties) with ephemeral values. An update carrying a `ttl` property (seconds) is stored
//! with `ttl` rewritten to its expiry time (ms since the epoch); once a second the server
//! deletes every expired value and publishes the deletion (the same key with an empty body and
//! the next sequence number). Sockets as before: ROUTER snapshots `tcp://*:5556`
//! (`[ICANHAZ?][subtree]`), PUB updates `tcp://*:5557`, PULL client updates `tcp://*:5558`.
//!
//! Run: `cargo run --example clonesrv5`, with `clonecli5`. Logs
//! `YY-MM-DD HH:MM:SS I: publishing update=N`, `... I: publishing delete=N` and
//! `... I: sending shapshot=N` (the C's typo kept).
//!
//! Differences from the C: the `zloop` reactor is a poll loop over the snapshot and collector
//! sockets with the flush as a timer; the second and the TTLs are Guide time
//! (`ZGUIDE_TIME_SCALE`).

#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/kvmsg.rs"]
mod kvmsg;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::time::Duration;

use ch4_util::{log, now_ms, scaled_ms};
use kvmsg::{KvMap, KvMsg};
use zmq::{Error, PollEvents, Socket, SocketType};

/// Our server is defined by these properties.
struct CloneSrv {
    /// Key-value store.
    kvmap: KvMap,
    /// How many updates we're at.
    sequence: i64,
    /// Handle snapshot requests.
    snapshot: Socket,
    /// Publish updates to clients.
    publisher: Socket,
    /// Collect updates from clients.
    collector: Socket,
}

fn main() -> anyhow::Result<()> {
    zhelpers::s_catch_signals();
    let port = 5556;
    let ctx = zmq::Context::new()?;
    // Set up our clone server sockets.
    let snapshot = ctx.socket(SocketType::Router)?;
    snapshot.bind(&zhelpers::ep!("tcp://*:{port}"))?;
    let publisher = ctx.socket(SocketType::Pub)?;
    publisher.bind(&zhelpers::ep!("tcp://*:{}", port + 1))?;
    let collector = ctx.socket(SocketType::Pull)?;
    collector.bind(&zhelpers::ep!("tcp://*:{}", port + 2))?;
    let mut srv = CloneSrv {
        kvmap: KvMap::new(),
        sequence: 0,
        snapshot,
        publisher,
        collector,
    };

    // Run reactor until process interrupted.
    let period = scaled_ms(1000);
    let mut flush_at = now_ms() + period;
    while !zhelpers::s_interrupted() {
        let mut items = [
            srv.snapshot.as_poll_item(PollEvents::POLLIN),
            srv.collector.as_poll_item(PollEvents::POLLIN),
        ];
        let wait = Duration::from_millis(flush_at.saturating_sub(now_ms()));
        match zmq::poll(&mut items, Some(wait)) {
            Ok(_) => {}
            Err(Error::Interrupted) => break,
            Err(e) => return Err(e.into()),
        }
        let (snapshots, updates) = (items[0].is_readable(), items[1].is_readable());
        if snapshots {
            srv.snapshots()?;
        }
        if updates {
            srv.collect()?;
        }
        if now_ms() >= flush_at {
            srv.flush_ttl()?;
            flush_at = now_ms() + period;
        }
    }
    Ok(())
}

impl CloneSrv {
    /// We handle ICANHAZ? requests by sending snapshot data to the client that requested it.
    fn snapshots(&mut self) -> anyhow::Result<()> {
        let request = self.snapshot.recv_multipart()?;
        // Request is in second frame of message, the subtree in the third.
        if request.len() != 3 || &request[1][..] != b"ICANHAZ?" {
            println!("E: bad request, aborting");
            return Ok(());
        }
        let identity = &request[0][..];
        let subtree = &request[2][..];
        // Send state snapshot to client, for each pair whose key is in the subtree.
        for kvmsg in self.kvmap.values() {
            if kvmsg
                .key()
                .is_some_and(|k| k.as_bytes().starts_with(subtree))
            {
                kvmsg.send_to(&self.snapshot, identity)?;
            }
        }
        // Now send END message with sequence number.
        log(&format!("I: sending shapshot={}", self.sequence));
        let mut kvmsg = KvMsg::new(self.sequence);
        kvmsg.set_key("KTHXBAI");
        kvmsg.set_body(b"");
        kvmsg.send_to(&self.snapshot, identity)?;
        Ok(())
    }

    /// We store each update with a new sequence number, and if necessary, a time-to-live. We
    /// publish updates immediately on our publisher socket.
    fn collect(&mut self) -> anyhow::Result<()> {
        let Some(mut kvmsg) = KvMsg::recv(&self.collector) else {
            return Ok(());
        };
        self.sequence += 1;
        kvmsg.set_sequence(self.sequence);
        kvmsg.send(&self.publisher)?;
        let ttl: u64 = kvmsg.get_prop("ttl").parse().unwrap_or(0);
        if ttl > 0 {
            let expiry = now_ms() + ttl * scaled_ms(1000);
            kvmsg.set_prop("ttl", &expiry.to_string());
        }
        kvmsg.store(&mut self.kvmap);
        log(&format!("I: publishing update={}", self.sequence));
        Ok(())
    }

    /// At regular intervals, we flush ephemeral values that have expired: if a key-value pair
    /// has expired, delete it and publish the fact to listening clients. This could be slow on
    /// very large data sets.
    fn flush_ttl(&mut self) -> anyhow::Result<()> {
        let now = now_ms();
        let mut expired: Vec<String> = self
            .kvmap
            .iter()
            .filter(|(_, kvmsg)| {
                let ttl: u64 = kvmsg.get_prop("ttl").parse().unwrap_or(0);
                ttl > 0 && now >= ttl
            })
            .map(|(key, _)| key.clone())
            .collect();
        expired.sort();
        for key in expired {
            let Some(mut kvmsg) = self.kvmap.remove(&key) else {
                continue;
            };
            self.sequence += 1;
            kvmsg.set_sequence(self.sequence);
            kvmsg.set_body(b"");
            kvmsg.send(&self.publisher)?;
            kvmsg.store(&mut self.kvmap);
            log(&format!("I: publishing delete={}", self.sequence));
        }
        Ok(())
    }
}
