//! Starting and stopping monitors on a socket, and the [`Monitor`] reader.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::ffi::CString;
use std::os::raw::c_int;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

#[cfg(zmq_has_draft)]
use super::event::MonitorEventV2;
use super::event::{MonitorEvent, MonitorVersion};
use super::MonitorEvents;
use crate::error::{check, Error, Result};
use crate::message::Message;
use crate::opt;
use crate::poll::{PollEvents, PollItem};
use crate::socket::{c_endpoint, Flags, Socket, SocketType};
use crate::sys;

// ---------------------------------------------------------------------------------------------
// Starting and stopping

/// Which [`Monitor`] (by id) is the active one on a socket (by address): a newer monitor or
/// [`Socket::monitor_to`] replaces it, and the replaced one must not stop its successor.
static ACTIVE: Mutex<BTreeMap<usize, u64>> = Mutex::new(BTreeMap::new());
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn set_active(socket: &Socket, id: Option<u64>) {
    let mut active = ACTIVE.lock().unwrap_or_else(PoisonError::into_inner);
    let key = socket.as_raw() as usize;
    match id {
        Some(id) => active.insert(key, id),
        None => active.remove(&key),
    };
}

/// Removes `id` as the socket's active monitor; whether it was.
fn take_active(socket: &Socket, id: u64) -> bool {
    let mut active = ACTIVE.lock().unwrap_or_else(PoisonError::into_inner);
    let key = socket.as_raw() as usize;
    if active.get(&key) == Some(&id) {
        active.remove(&key);
        true
    } else {
        false
    }
}

fn check_v1_events(events: MonitorEvents) -> Result<()> {
    if events.bits() >> 16 != 0 {
        return Err(Error::invalid(
            "monitor events",
            format!("{events:?}: a version 1 monitor reports only the low 16 bits (ZMQ_EVENT_ALL)"),
        ));
    }
    Ok(())
}

/// Calls `zmq_socket_monitor` (v1) or `zmq_socket_monitor_versioned` (v2).
fn start_raw(
    socket: &Socket,
    endpoint: &CString,
    events: MonitorEvents,
    version: MonitorVersion,
    kind: SocketType,
) -> Result<()> {
    match version {
        MonitorVersion::V1 => {
            check_v1_events(events)?;
            let _ = kind;
            // SAFETY: live socket (borrowed), NUL-terminated endpoint; the events fit in 16 bits.
            check(unsafe {
                sys::zmq_socket_monitor(socket.as_raw(), endpoint.as_ptr(), events.bits() as c_int)
            })
            .map(drop)
        }
        #[cfg(zmq_has_draft)]
        MonitorVersion::V2 => {
            // SAFETY: live socket (borrowed), NUL-terminated endpoint; libzmq validates the
            // version and the socket type (PAIR, PUB or PUSH).
            check(unsafe {
                sys::zmq_socket_monitor_versioned(
                    socket.as_raw(),
                    endpoint.as_ptr(),
                    events.bits(),
                    version.code(),
                    kind as c_int,
                )
            })
            .map(drop)
        }
        #[cfg(not(zmq_has_draft))]
        MonitorVersion::V2 => Err(Error::invalid(
            "monitor version",
            "version 2 monitors need libzmq's draft API (the `draft` feature)",
        )),
    }
}

impl Socket {
    /// Starts monitoring this socket (`zmq_socket_monitor`, version 1 events) and returns the
    /// [`Monitor`] that receives the events selected by `events`.
    ///
    /// The monitor borrows the socket; dropping it stops monitoring. A socket has at most one
    /// monitor: starting another stops the previous one (which then receives
    /// [`MonitorEvent::MonitorStopped`] if it asked for it).
    ///
    /// Events whose bits are above `ZMQ_EVENT_ALL` need a version 2 monitor and are refused
    /// with [`Error::InvalidInput`].
    #[doc(alias = "zmq_socket_monitor")]
    pub fn monitor(&self, events: MonitorEvents) -> Result<Monitor<'_>> {
        Monitor::start(self, events, MonitorVersion::V1)
    }

    /// Starts monitoring this socket with the given event format (`zmq_socket_monitor_versioned`,
    /// draft): [`MonitorVersion::V2`] gives 64-bit events and values and both endpoints of each
    /// event (read them with [`Monitor::recv_v2`]).
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    #[doc(alias = "zmq_socket_monitor_versioned")]
    pub fn monitor_versioned(
        &self,
        events: MonitorEvents,
        version: MonitorVersion,
    ) -> Result<Monitor<'_>> {
        Monitor::start(self, events, version)
    }

    /// The raw form of [`Socket::monitor`]: `zmq_socket_monitor(socket, endpoint, events)`.
    /// libzmq binds a PAIR socket to `endpoint` (`inproc://` only) and publishes the events
    /// there; connect a PAIR socket of the same context to read them (on any thread), decode them
    /// with [`MonitorEvent::parse`], and call [`Socket::stop_monitor`] before closing the reader.
    ///
    /// Connect the reader *before* this call (inproc allows connecting before the bind) and keep
    /// it until monitoring stops: libzmq's monitor socket blocks when it has no reader (or its
    /// queue is full), and it sends events from libzmq's I/O thread, so an event without a
    /// reader stalls every socket served by that thread. [`Socket::monitor`] does all of this.
    #[doc(alias = "zmq_socket_monitor")]
    pub fn monitor_to(&self, endpoint: &str, events: MonitorEvents) -> Result<()> {
        let c = c_endpoint(endpoint)?;
        start_raw(self, &c, events, MonitorVersion::V1, SocketType::Pair)?;
        set_active(self, None);
        Ok(())
    }

    /// The raw form of [`Socket::monitor_versioned`]: `zmq_socket_monitor_versioned(socket,
    /// endpoint, events, version, kind)` (draft). `kind` is the type of the socket libzmq binds
    /// to `endpoint`: PAIR, PUB or PUSH. Decode version 2 events with
    /// [`MonitorEvent::parse_v2`].
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    #[doc(alias = "zmq_socket_monitor_versioned")]
    pub fn monitor_versioned_to(
        &self,
        endpoint: &str,
        events: MonitorEvents,
        version: MonitorVersion,
        kind: SocketType,
    ) -> Result<()> {
        let c = c_endpoint(endpoint)?;
        start_raw(self, &c, events, version, kind)?;
        set_active(self, None);
        Ok(())
    }

    /// Stops monitoring this socket (`zmq_socket_monitor(socket, NULL, 0)`): the monitor receives
    /// [`MonitorEvent::MonitorStopped`] (if it asked for it) and libzmq closes its end. Does
    /// nothing if the socket is not monitored. With [`Socket::monitor_to`], the reader must
    /// still be connected: sending `MONITOR_STOPPED` to no reader blocks.
    #[doc(alias = "zmq_socket_monitor")]
    pub fn stop_monitor(&self) -> Result<()> {
        set_active(self, None);
        // SAFETY: live socket (borrowed); a NULL endpoint asks libzmq to stop monitoring.
        check(unsafe { sys::zmq_socket_monitor(self.as_raw(), std::ptr::null(), 0) }).map(drop)
    }

    /// Asks for a [`MonitorEvent::PipesStats`] event per connection
    /// (`zmq_socket_monitor_pipes_stats`, draft). Needs a version 2 monitor that asked for
    /// [`MonitorEvents::PIPES_STATS`] (otherwise `EINVAL`); `EAGAIN` if there is no connection.
    ///
    /// The statistics come back to this socket as a command from libzmq's I/O thread: they are
    /// published when the socket next processes commands, i.e. on its next call (a receive, a
    /// poll, `get(opt::Events)`, ...).
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    #[doc(alias = "zmq_socket_monitor_pipes_stats")]
    pub fn monitor_pipes_stats(&self) -> Result<()> {
        // SAFETY: live socket (borrowed).
        check(unsafe { sys::zmq_socket_monitor_pipes_stats(self.as_raw()) }).map(drop)
    }
}

// ---------------------------------------------------------------------------------------------
// The monitor

/// The receiving end of a socket monitor, from [`Socket::monitor`]: a PAIR socket connected to
/// the `inproc://` endpoint libzmq publishes the socket's events on.
///
/// It borrows the monitored socket (see the [module docs](crate::monitor) for why): the socket
/// stays usable through `&Socket` (bind, connect, send, receive) and cannot be dropped or moved
/// before the monitor. Dropping the monitor stops monitoring (`zmq_socket_monitor(socket, NULL,
/// 0)`) and closes the reader with linger 0; it never panics or blocks.
///
/// A `Monitor` stays on the thread of the socket it watches:
///
/// ```compile_fail
/// fn send<T: Send>(_: T) {}
/// let ctx = zmq::Context::new()?;
/// let sock = ctx.socket(zmq::SocketType::Rep)?;
/// send(sock.monitor(zmq::MonitorEvents::ALL)?);
/// # Ok::<(), zmq::Error>(())
/// ```
///
/// and the socket outlives it:
///
/// ```compile_fail
/// let ctx = zmq::Context::new()?;
/// let sock = ctx.socket(zmq::SocketType::Rep)?;
/// let monitor = sock.monitor(zmq::MonitorEvents::ALL)?;
/// drop(sock);
/// let _ = monitor.try_recv();
/// # Ok::<(), zmq::Error>(())
/// ```
#[derive(Debug)]
#[must_use = "dropping the Monitor stops monitoring the socket"]
pub struct Monitor<'s> {
    socket: &'s Socket,
    reader: Socket,
    endpoint: String,
    version: MonitorVersion,
    id: u64,
    /// No event can come any more (MONITOR_STOPPED received, or [`Monitor::stop`] called).
    stopped: Cell<bool>,
}

impl<'s> Monitor<'s> {
    fn start(
        socket: &'s Socket,
        events: MonitorEvents,
        version: MonitorVersion,
    ) -> Result<Monitor<'s>> {
        if version == MonitorVersion::V1 {
            check_v1_events(events)?;
        }
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let endpoint = format!("inproc://zmq-rs-monitor-{id}-{:p}", socket.as_raw());
        let c = c_endpoint(&endpoint)?;
        // The reader connects first (inproc allows connect before bind), so the pipe exists the
        // moment libzmq binds its end and no event ever meets an unconnected monitor socket.
        let reader = socket.context().socket(SocketType::Pair)?;
        reader.set(opt::Linger, Some(Duration::ZERO))?;
        // No receive limit: unread events must queue, never block libzmq's I/O thread.
        reader.set(opt::RcvHwm, 0)?;
        reader.connect(&endpoint)?;
        start_raw(socket, &c, events, version, SocketType::Pair)?;
        set_active(socket, Some(id));
        Ok(Monitor {
            socket,
            reader,
            endpoint,
            version,
            id,
            stopped: Cell::new(false),
        })
    }

    /// The monitored socket.
    pub fn socket(&self) -> &'s Socket {
        self.socket
    }

    /// The `inproc://` endpoint libzmq publishes the events on.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The event format of this monitor.
    pub fn version(&self) -> MonitorVersion {
        self.version
    }

    /// Receives the frames of one event: waits up to `timeout` (`None`: forever), or not at all
    /// once the monitor has stopped.
    fn recv_frames(&self, timeout: Option<Duration>) -> Result<Option<Vec<Message>>> {
        let timeout = if self.stopped.get() {
            Some(Duration::ZERO)
        } else {
            timeout
        };
        let flags = match timeout {
            None => Flags::EMPTY,
            Some(t) => {
                if !self
                    .reader
                    .poll(PollEvents::POLLIN, Some(t))?
                    .contains(PollEvents::POLLIN)
                {
                    return Ok(None);
                }
                Flags::DONTWAIT
            }
        };
        match self.reader.recv_multipart_with(flags) {
            Ok(frames) => Ok(Some(frames)),
            Err(Error::WouldBlock) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Receives the next event, waiting up to `timeout` (`None`: until one arrives;
    /// `Some(Duration::ZERO)`: only if one is queued). `Ok(None)` means the time ran out.
    ///
    /// Once the monitor has stopped ([`MonitorEvent::MonitorStopped`] received, or
    /// [`Monitor::stop`] called) nothing new can arrive, so it no longer waits: `Ok(None)` then
    /// means every event has been read. (A monitor replaced by another one without asking for
    /// `MONITOR_STOPPED` cannot know it stopped: `recv(None)` then waits forever.)
    ///
    /// On a version 2 monitor this gives the event part of `Monitor::recv_v2`.
    /// [`Error::Interrupted`] if a signal interrupted the wait; [`Error::InvalidInput`] if the
    /// frames could not be decoded (they are consumed).
    pub fn recv(&self, timeout: Option<Duration>) -> Result<Option<MonitorEvent>> {
        let Some(frames) = self.recv_frames(timeout)? else {
            return Ok(None);
        };
        let frames: Vec<&[u8]> = frames.iter().map(|m| &m[..]).collect();
        let event = match self.version {
            MonitorVersion::V1 => MonitorEvent::parse(&frames)?,
            MonitorVersion::V2 => MonitorEvent::parse_v2(&frames)?.event,
        };
        self.note(&event);
        Ok(Some(event))
    }

    fn note(&self, event: &MonitorEvent) {
        if *event == MonitorEvent::MonitorStopped {
            self.stopped.set(true);
        }
    }

    /// Receives the next event if one is queued, without waiting.
    pub fn try_recv(&self) -> Result<Option<MonitorEvent>> {
        self.recv(Some(Duration::ZERO))
    }

    /// Receives the next event of a version 2 monitor with both of its endpoints, waiting up to
    /// `timeout` like [`Monitor::recv`]. On a version 1 monitor: [`Error::InvalidInput`].
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    pub fn recv_v2(&self, timeout: Option<Duration>) -> Result<Option<MonitorEventV2>> {
        if self.version != MonitorVersion::V2 {
            return Err(Error::invalid(
                "monitor version",
                "recv_v2 needs a monitor started with MonitorVersion::V2",
            ));
        }
        let Some(frames) = self.recv_frames(timeout)? else {
            return Ok(None);
        };
        let frames: Vec<&[u8]> = frames.iter().map(|m| &m[..]).collect();
        let event = MonitorEvent::parse_v2(&frames)?;
        self.note(&event.event);
        Ok(Some(event))
    }

    /// A blocking iterator over the events: each `next()` waits for one (as `recv(None)`). It
    /// ends when the monitor has stopped and every event is read (so right after
    /// [`MonitorEvent::MonitorStopped`]), or after yielding the first error.
    pub fn iter(&self) -> Iter<'_, 's> {
        Iter {
            monitor: self,
            done: false,
        }
    }

    /// A poll item for the monitor (readable when an event is queued), to wait on it together
    /// with other sockets in [`crate::poll`].
    pub fn as_poll_item(&self) -> PollItem<'_> {
        self.reader.as_poll_item(PollEvents::POLLIN)
    }

    /// Stops monitoring (`zmq_socket_monitor(socket, NULL, 0)`) but keeps the reader: the events
    /// already queued, ending with [`MonitorEvent::MonitorStopped`] if it was asked for, can
    /// still be received. Does nothing if this monitor was already stopped or replaced.
    pub fn stop(&self) -> Result<()> {
        if take_active(self.socket, self.id) {
            // libzmq writes the last events (and MONITOR_STOPPED) into the pipe before it
            // returns, so from now on a receive that finds nothing can stop waiting.
            self.stopped.set(true);
            // SAFETY: live socket (borrowed for 's); a NULL endpoint stops monitoring.
            check(unsafe { sys::zmq_socket_monitor(self.socket.as_raw(), std::ptr::null(), 0) })?;
        }
        Ok(())
    }
}

impl Drop for Monitor<'_> {
    fn drop(&mut self) {
        // Stop libzmq first so it never writes to a closed reader; a replaced monitor leaves its
        // successor alone. Errors (ETERM after a context shutdown, which stopped monitoring
        // already) are ignored. The reader is closed afterwards with linger 0.
        let _ = self.stop();
    }
}

/// The blocking iterator of [`Monitor::iter`].
#[derive(Debug)]
pub struct Iter<'m, 's> {
    monitor: &'m Monitor<'s>,
    done: bool,
}

impl Iterator for Iter<'_, '_> {
    type Item = Result<MonitorEvent>;

    fn next(&mut self) -> Option<Result<MonitorEvent>> {
        if self.done {
            return None;
        }
        match self.monitor.recv(None) {
            Ok(Some(event)) => Some(Ok(event)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

impl<'m, 's> IntoIterator for &'m Monitor<'s> {
    type Item = Result<MonitorEvent>;
    type IntoIter = Iter<'m, 's>;

    fn into_iter(self) -> Iter<'m, 's> {
        self.iter()
    }
}
