//! Built-in proxies (`zmq_proxy`, `zmq_proxy_steerable`): shuttle messages between a frontend
//! and a backend socket, optionally copying everything to a capture socket.

use crate::error::{check, Error, Result};
use crate::message::Message;
use crate::poll::{poll, PollEvents};
use crate::socket::{Flags, Socket};
use crate::sys;

/// Runs libzmq's proxy between `frontend` and `backend` (`zmq_proxy`) on the calling thread until
/// the context is shut down, then returns the error that stopped it (normally
/// [`crate::Error::ContextTerminated`]). Typical pairs: ROUTER/DEALER (queue), XSUB/XPUB
/// (forwarder), PULL/PUSH (streamer). Multipart messages pass intact in both directions.
///
/// ```
/// use std::time::Duration;
/// use zmq::{Context, Error, SocketType};
///
/// let ctx = Context::new()?;
/// let frontend = ctx.socket(SocketType::Pull)?;
/// frontend.bind("inproc://proxy-doc-in")?;
/// let backend = ctx.socket(SocketType::Push)?;
/// backend.bind("inproc://proxy-doc-out")?;
/// let streamer = std::thread::spawn(move || zmq::proxy(&frontend, &backend));
///
/// let producer = ctx.socket(SocketType::Push)?;
/// producer.connect("inproc://proxy-doc-in")?;
/// let worker = ctx.socket(SocketType::Pull)?;
/// worker.set_rcvtimeo(Some(Duration::from_secs(5)))?;
/// worker.connect("inproc://proxy-doc-out")?;
/// producer.send("job")?;
/// assert_eq!(worker.recv_string()?, "job");
///
/// ctx.shutdown()?; // ends the proxy
/// let stopped = streamer.join().expect("proxy thread panicked");
/// assert_eq!(stopped, Err(Error::ContextTerminated));
/// # Ok::<(), zmq::Error>(())
/// ```
#[doc(alias = "zmq_proxy")]
pub fn proxy(frontend: &Socket, backend: &Socket) -> Result<()> {
    crate::guard::check_proxy_ends(&[frontend, backend])?;
    // SAFETY: both sockets are live and used only by this thread for the call's duration (they
    // are borrowed and !Sync).
    check(unsafe { sys::zmq_proxy(frontend.as_raw(), backend.as_raw(), std::ptr::null_mut()) })
        .map(drop)
}

/// Like [`proxy`], also sending a copy of every message to `capture` (a PUB, PUSH, DEALER or
/// PAIR socket).
#[doc(alias = "zmq_proxy")]
pub fn proxy_with_capture(frontend: &Socket, backend: &Socket, capture: &Socket) -> Result<()> {
    crate::guard::check_proxy_ends(&[frontend, backend, capture])?;
    // SAFETY: as in `proxy`, with a third live borrowed socket.
    check(unsafe { sys::zmq_proxy(frontend.as_raw(), backend.as_raw(), capture.as_raw()) })
        .map(drop)
}

/// Counters of a steerable proxy, as its `STATISTICS` command reports them (eight 64-bit values in
/// this order): message parts and bytes received and sent on the frontend and on the backend.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProxyStatistics {
    /// Parts received on the frontend.
    pub frontend_recv_parts: u64,
    /// Bytes received on the frontend.
    pub frontend_recv_bytes: u64,
    /// Parts sent on the frontend.
    pub frontend_sent_parts: u64,
    /// Bytes sent on the frontend.
    pub frontend_sent_bytes: u64,
    /// Parts received on the backend.
    pub backend_recv_parts: u64,
    /// Bytes received on the backend.
    pub backend_recv_bytes: u64,
    /// Parts sent on the backend.
    pub backend_sent_parts: u64,
    /// Bytes sent on the backend.
    pub backend_sent_bytes: u64,
}

impl ProxyStatistics {
    /// The eight counters in wire order.
    pub fn to_array(&self) -> [u64; 8] {
        [
            self.frontend_recv_parts,
            self.frontend_recv_bytes,
            self.frontend_sent_parts,
            self.frontend_sent_bytes,
            self.backend_recv_parts,
            self.backend_recv_bytes,
            self.backend_sent_parts,
            self.backend_sent_bytes,
        ]
    }

    /// Parses a `STATISTICS` reply: eight parts of eight bytes (native byte order, as libzmq
    /// sends them). `None` for anything else.
    pub fn from_reply(parts: &[Message]) -> Option<ProxyStatistics> {
        if parts.len() != 8 {
            return None;
        }
        let mut v = [0u64; 8];
        for (slot, part) in v.iter_mut().zip(parts) {
            *slot = u64::from_ne_bytes(part[..].try_into().ok()?);
        }
        Some(ProxyStatistics {
            frontend_recv_parts: v[0],
            frontend_recv_bytes: v[1],
            frontend_sent_parts: v[2],
            frontend_sent_bytes: v[3],
            backend_recv_parts: v[4],
            backend_recv_bytes: v[5],
            backend_sent_parts: v[6],
            backend_sent_bytes: v[7],
        })
    }
}

/// The steerable proxy (`zmq_proxy_steerable(3)`): like [`proxy_with_capture`] (capture
/// optional), controlled by messages on `control` (a REP or PAIR socket; every command is
/// answered, so a REQ peer works): `PAUSE` stops forwarding (messages wait in the queues),
/// `RESUME` restarts it, `TERMINATE` makes the call return `Ok(())`, `STATISTICS` replies with the
/// eight counters of [`ProxyStatistics`]; other commands get an empty reply.
///
/// Implemented here on `zmq_poll` because libzmq 4.3.5's own `zmq_proxy_steerable` swaps PAUSE and
/// RESUME (a `memcmp` result is tested the wrong way round in its `proxy.cpp`). It keeps
/// libzmq's behaviour otherwise: whole multipart messages are forwarded, only towards a side that
/// reports `ZMQ_POLLOUT` (so a stuck peer never blocks the loop and TERMINATE is always heard), and
/// a context shutdown ends it with [`crate::Error::ContextTerminated`]. One difference: copies to
/// `capture` are sent without blocking and dropped while the capture peer is slow, instead of
/// stalling the proxy. The devices of [`crate::device`] run this same loop.
#[doc(alias = "zmq_proxy_steerable")]
pub fn proxy_steerable(
    frontend: &Socket,
    backend: &Socket,
    capture: Option<&Socket>,
    control: &Socket,
) -> Result<()> {
    Steerable {
        frontend,
        backend,
        capture,
        control,
    }
    .run()
}

/// The sockets of one steerable proxy loop (shared by [`proxy_steerable`] and the devices).
pub(crate) struct Steerable<'a> {
    pub(crate) frontend: &'a Socket,
    pub(crate) backend: &'a Socket,
    pub(crate) capture: Option<&'a Socket>,
    pub(crate) control: &'a Socket,
}

/// Direction of one forwarding step, for the statistics.
#[derive(Clone, Copy, PartialEq)]
enum Direction {
    FrontToBack,
    BackToFront,
}

/// Most messages moved in one direction per wake-up, so the other direction and the control
/// socket are served in between.
const BATCH: usize = 256;

impl Steerable<'_> {
    /// Runs until `TERMINATE` (`Ok`) or a context shutdown (`Err(ContextTerminated)`).
    pub(crate) fn run(&self) -> Result<()> {
        let mut stats = ProxyStatistics::default();
        let mut paused = false;
        // A side with input waiting for the other side to accept it (ZMQ_POLLOUT).
        let mut front_waits = false;
        let mut back_waits = false;
        // One message per direction: a first part refused by a full destination waits in it.
        let mut front_msg = Message::new();
        let mut back_msg = Message::new();
        loop {
            // Read a side unless its input waits for the other side; watch for room on a side
            // whose peer's input waits for it.
            let interest = |waits: bool, other_waits: bool| {
                let mut ev = PollEvents::EMPTY;
                if !paused && !waits {
                    ev |= PollEvents::POLLIN;
                }
                if !paused && other_waits {
                    ev |= PollEvents::POLLOUT;
                }
                ev
            };
            let (control, front, back) = {
                let mut items = [
                    self.control.as_poll_item(PollEvents::POLLIN),
                    self.frontend
                        .as_poll_item(interest(front_waits, back_waits)),
                    self.backend.as_poll_item(interest(back_waits, front_waits)),
                ];
                match poll(&mut items, None) {
                    Ok(_) => {}
                    Err(Error::Interrupted) => continue,
                    Err(e) => return Err(e),
                }
                let [control, front, back] = &items;
                (control.revents(), front.revents(), back.revents())
            };
            if control.contains(PollEvents::POLLIN) {
                if self.command(&mut paused, &stats)? {
                    return Ok(());
                }
                continue;
            }
            if paused {
                continue;
            }
            if front.contains(PollEvents::POLLIN)
                || (front_waits && back.contains(PollEvents::POLLOUT))
            {
                front_waits = self.pump(
                    Direction::FrontToBack,
                    &mut front_msg,
                    front_waits,
                    &mut stats,
                )?;
            }
            if back.contains(PollEvents::POLLIN)
                || (back_waits && front.contains(PollEvents::POLLOUT))
            {
                back_waits = self.pump(
                    Direction::BackToFront,
                    &mut back_msg,
                    back_waits,
                    &mut stats,
                )?;
            }
        }
    }

    /// Handles one control command; `true` after `TERMINATE`.
    fn command(&self, paused: &mut bool, stats: &ProxyStatistics) -> Result<bool> {
        let parts = match self.control.recv_multipart_with(Flags::DONTWAIT) {
            Ok(parts) => parts,
            Err(Error::WouldBlock) | Err(Error::Interrupted) => return Ok(false),
            Err(e) => return Err(e),
        };
        let command = parts.first().map(|m| &m[..]).unwrap_or(b"");
        match command {
            b"STATISTICS" => {
                self.control
                    .send_multipart(stats.to_array().map(|v| v.to_ne_bytes().to_vec()))
                    .map_err(|e| e.error)?;
                return Ok(false);
            }
            b"PAUSE" => *paused = true,
            b"RESUME" => *paused = false,
            _ => {}
        }
        self.control.send(Message::new()).map_err(|e| e.error)?;
        Ok(command == b"TERMINATE")
    }

    /// Moves up to [`BATCH`] whole messages in one direction while the destination accepts them;
    /// returns whether input is left waiting for the destination.
    ///
    /// `msg` is this direction's own message: when `pending`, it holds the first part of a
    /// message the destination refused last time (`EAGAIN`), which is offered again first.
    /// Each first part is sent with `ZMQ_DONTWAIT`, so a full destination never blocks the loop;
    /// that costs nothing per message, unlike asking for `ZMQ_EVENTS` (which makes libzmq process
    /// the socket's command mailbox, about 1.4 us, on every call).
    fn pump(
        &self,
        dir: Direction,
        msg: &mut Message,
        mut pending: bool,
        stats: &mut ProxyStatistics,
    ) -> Result<bool> {
        let (from, to) = match dir {
            Direction::FrontToBack => (self.frontend, self.backend),
            Direction::BackToFront => (self.backend, self.frontend),
        };
        for _ in 0..BATCH {
            if !pending {
                match from.recv_with(msg, Flags::DONTWAIT) {
                    Ok(()) => {}
                    Err(Error::WouldBlock) | Err(Error::Interrupted) => return Ok(false),
                    Err(e) => return Err(e),
                }
            }
            if !self.forward(from, to, dir, msg, stats)? {
                // The destination has no room (or no peer): keep the part until it has.
                return Ok(true);
            }
            pending = false;
        }
        Ok(false)
    }

    /// Offers the first part in `msg` to `to` without blocking; `false` (with `msg` intact) if
    /// it is refused. Once it is taken, sends every further part of its message (libzmq accepts
    /// the rest of a multipart message once its first part is in) and copies to the capture,
    /// counting them.
    fn forward(
        &self,
        from: &Socket,
        to: &Socket,
        dir: Direction,
        msg: &mut Message,
        stats: &mut ProxyStatistics,
    ) -> Result<bool> {
        let capture = self.capture;
        let mut capturing = capture.is_some();
        let mut first = true;
        loop {
            let more = msg.more();
            let len = msg.len() as u64;
            let flags = if more { Flags::SNDMORE } else { Flags::EMPTY };
            // Shares the buffer (a reference count), taken before the send empties `msg`.
            let copy = capturing.then(|| msg.share());
            loop {
                let attempt = if first {
                    to.send_from_with(msg, flags | Flags::DONTWAIT)
                } else {
                    to.send_from_with(msg, flags)
                };
                match attempt {
                    Ok(()) => break,
                    Err(Error::Interrupted) => continue,
                    Err(Error::WouldBlock) if first => return Ok(false),
                    Err(e) => return Err(e),
                }
            }
            first = false;
            if let (Some(copy), Some(capture)) = (copy, capture) {
                // A slow capture peer loses copies rather than stalling the device.
                capturing = capture.send_with(copy, flags | Flags::DONTWAIT).is_ok();
            }
            match dir {
                Direction::FrontToBack => {
                    stats.frontend_recv_parts += 1;
                    stats.frontend_recv_bytes += len;
                    stats.backend_sent_parts += 1;
                    stats.backend_sent_bytes += len;
                }
                Direction::BackToFront => {
                    stats.backend_recv_parts += 1;
                    stats.backend_recv_bytes += len;
                    stats.frontend_sent_parts += 1;
                    stats.frontend_sent_bytes += len;
                }
            }
            if !more {
                return Ok(true);
            }
            // The rest of a multipart message arrives with its first part: never blocks.
            loop {
                match from.recv(msg) {
                    Err(Error::Interrupted) => continue,
                    other => break other?,
                }
            }
        }
    }
}
