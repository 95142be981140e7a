//! Built-in proxies (`zmq_proxy`, `zmq_proxy_steerable`): shuttle messages between a frontend
//! and a backend socket, optionally copying everything to a capture socket.

use crate::error::{check, Result};
use crate::message::Message;
use crate::poll::{poll, PollEvents};
use crate::socket::{Flags, Socket};
use crate::sys;

/// Runs libzmq's proxy between `frontend` and `backend` (`zmq_proxy`) on the calling thread until
/// the context is shut down, then returns the error that stopped it (normally
/// [`crate::Error::ContextTerminated`]). Typical pairs: ROUTER/DEALER (queue), XSUB/XPUB
/// (forwarder), PULL/PUSH (streamer). Multipart messages pass intact in both directions.
pub fn proxy(frontend: &Socket, backend: &Socket) -> Result<()> {
    // SAFETY: both sockets are live and used only by this thread for the call's duration (they
    // are borrowed and !Sync).
    check(unsafe { sys::zmq_proxy(frontend.as_raw(), backend.as_raw(), std::ptr::null_mut()) })
        .map(drop)
}

/// Like [`proxy`], also sending a copy of every message to `capture` (a PUB, PUSH, DEALER or
/// PAIR socket).
pub fn proxy_with_capture(frontend: &Socket, backend: &Socket, capture: &Socket) -> Result<()> {
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
/// RESUME (a `memcmp` result is tested the wrong way round in its `proxy.cpp`). It otherwise keeps
/// libzmq's behaviour: whole multipart messages are forwarded, each part copied to `capture`, and
/// a context shutdown ends it with [`crate::Error::ContextTerminated`].
pub fn proxy_steerable(
    frontend: &Socket,
    backend: &Socket,
    capture: Option<&Socket>,
    control: &Socket,
) -> Result<()> {
    let mut stats = ProxyStatistics::default();
    let mut paused = false;
    let mut msg = Message::new();
    let single = frontend.as_raw() == backend.as_raw();
    loop {
        let (control_ready, front_ready, back_ready) = {
            let mut items = [
                control.as_poll_item(PollEvents::POLLIN),
                frontend.as_poll_item(if paused {
                    PollEvents::EMPTY
                } else {
                    PollEvents::POLLIN
                }),
                backend.as_poll_item(if paused || single {
                    PollEvents::EMPTY
                } else {
                    PollEvents::POLLIN
                }),
            ];
            poll(&mut items, None)?;
            (
                items[0].is_readable(),
                items[1].is_readable(),
                items[2].is_readable(),
            )
        };
        if control_ready {
            control.recv(&mut msg, Flags::NONE)?;
            // Discard any further parts of the command.
            while msg.more() {
                control.recv(&mut msg, Flags::NONE)?;
            }
            match &msg[..] {
                b"STATISTICS" => {
                    control.send_multipart(
                        stats.to_array().map(|v| v.to_ne_bytes().to_vec()),
                        Flags::NONE,
                    )?;
                    continue;
                }
                b"PAUSE" => paused = true,
                b"RESUME" => paused = false,
                b"TERMINATE" => {
                    control.send(Message::new(), Flags::NONE)?;
                    return Ok(());
                }
                _ => {}
            }
            control.send(Message::new(), Flags::NONE)?;
            continue;
        }
        if paused {
            continue;
        }
        // As libzmq's zmq_proxy: forward only towards a side that can take a message now, so a
        // stuck peer never blocks the loop (and TERMINATE is always heard).
        let (front_writable, back_writable) = {
            let mut out = [
                frontend.as_poll_item(PollEvents::POLLOUT),
                backend.as_poll_item(PollEvents::POLLOUT),
            ];
            poll(&mut out, Some(std::time::Duration::ZERO))?;
            (out[0].is_writable(), out[1].is_writable())
        };
        let mut moved = false;
        if front_ready && back_writable {
            let (recv, sent) = forward(frontend, backend, capture, &mut msg)?;
            stats.frontend_recv_parts += recv.0;
            stats.frontend_recv_bytes += recv.1;
            stats.backend_sent_parts += sent.0;
            stats.backend_sent_bytes += sent.1;
            moved = true;
        }
        if back_ready && front_writable {
            let (recv, sent) = forward(backend, frontend, capture, &mut msg)?;
            stats.backend_recv_parts += recv.0;
            stats.backend_recv_bytes += recv.1;
            stats.frontend_sent_parts += sent.0;
            stats.frontend_sent_bytes += sent.1;
            moved = true;
        }
        if !moved {
            // Input waits for a destination that cannot take it: listen to the control socket
            // for a moment instead of spinning.
            let mut items = [control.as_poll_item(PollEvents::POLLIN)];
            poll(&mut items, Some(std::time::Duration::from_millis(1)))?;
        }
    }
}

/// Moves one whole multipart message from `from` to `to` (copying each part to `capture`);
/// returns (parts, bytes) received and sent.
fn forward(
    from: &Socket,
    to: &Socket,
    capture: Option<&Socket>,
    msg: &mut Message,
) -> Result<((u64, u64), (u64, u64))> {
    let (mut recv, mut sent) = ((0, 0), (0, 0));
    loop {
        match from.recv(msg, Flags::DONTWAIT) {
            // A spurious wake-up: nothing to move yet.
            Err(crate::Error::WouldBlock) if recv.0 == 0 => return Ok((recv, sent)),
            other => other?,
        }
        let more = msg.more();
        let len = msg.len() as u64;
        recv.0 += 1;
        recv.1 += len;
        let flags = if more { Flags::SNDMORE } else { Flags::NONE };
        if let Some(capture) = capture {
            capture.send(msg.clone(), flags).map_err(|e| e.error)?;
        }
        to.send(std::mem::take(msg), flags).map_err(|e| e.error)?;
        sent.0 += 1;
        sent.1 += len;
        if !more {
            return Ok((recv, sent));
        }
    }
}
