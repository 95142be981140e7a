//! `poll`: wait for events on several sockets and file descriptors (`zmq_poll`).

use std::marker::PhantomData;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::os::raw::c_short;
use std::time::{Duration, Instant};

use crate::error::{check, Error, Result};
use crate::socket::Socket;
use crate::sys;

bitflags::bitflags! {
    /// Events of a poll item (`ZMQ_POLLIN`, `ZMQ_POLLOUT`, `ZMQ_POLLERR`, `ZMQ_POLLPRI`), combined
    /// with `|`. A [`bitflags`] set like [`crate::Flags`]; bits libzmq reports that have no name
    /// here are kept ([`PollEvents::from_bits_retain`]).
    ///
    /// ```
    /// use zmq::PollEvents;
    /// let both = PollEvents::POLLIN | PollEvents::POLLOUT;
    /// assert!(both.contains(PollEvents::POLLIN) && !both.contains(PollEvents::POLLERR));
    /// assert_eq!(both & PollEvents::POLLOUT, PollEvents::POLLOUT);
    /// assert_eq!(both.iter().count(), 2);
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct PollEvents: c_short {
        /// `ZMQ_POLLIN`: a message (or fd data) can be received without blocking.
        #[doc(alias = "ZMQ_POLLIN")]
        const POLLIN = sys::ZMQ_POLLIN as c_short;
        /// `ZMQ_POLLOUT`: a message can be sent without blocking.
        #[doc(alias = "ZMQ_POLLOUT")]
        const POLLOUT = sys::ZMQ_POLLOUT as c_short;
        /// `ZMQ_POLLERR`: an error condition on a file descriptor.
        #[doc(alias = "ZMQ_POLLERR")]
        const POLLERR = sys::ZMQ_POLLERR as c_short;
        /// `ZMQ_POLLPRI`: urgent data on a file descriptor.
        #[doc(alias = "ZMQ_POLLPRI")]
        const POLLPRI = sys::ZMQ_POLLPRI as c_short;
    }
}

impl PollEvents {
    /// No event.
    pub const EMPTY: PollEvents = PollEvents::empty();
}

/// One entry of a [`poll`] call (`zmq_pollitem_t`): a socket or a file descriptor borrowed for
/// the item's lifetime, the events asked for and, after the call, the events that happened.
///
/// The borrow makes it impossible for the socket to be dropped while an item refers to it:
///
/// ```compile_fail
/// let ctx = zmq::Context::new().unwrap();
/// let item = {
///     let sock = ctx.socket(zmq::SocketType::Pull).unwrap();
///     sock.as_poll_item(zmq::PollEvents::POLLIN)
/// }; // `sock` dropped here while borrowed
/// let mut items = [item];
/// zmq::poll(&mut items, None).unwrap();
/// ```
#[repr(transparent)]
#[doc(alias = "zmq_pollitem_t")]
pub struct PollItem<'a> {
    raw: sys::zmq_pollitem_t,
    _borrow: PhantomData<&'a ()>,
}

impl<'a> PollItem<'a> {
    /// An item for a socket.
    #[inline]
    #[doc(alias = "zmq_pollitem_t")]
    pub fn from_socket(socket: &'a Socket, events: PollEvents) -> PollItem<'a> {
        PollItem {
            raw: sys::zmq_pollitem_t {
                socket: socket.as_raw(),
                fd: 0,
                events: events.bits(),
                revents: 0,
            },
            _borrow: PhantomData,
        }
    }

    /// An item for a file descriptor (a pipe, a TCP stream, a timerfd, ...).
    #[doc(alias = "zmq_pollitem_t")]
    pub fn from_fd(fd: BorrowedFd<'a>, events: PollEvents) -> PollItem<'a> {
        PollItem {
            raw: sys::zmq_pollitem_t {
                socket: std::ptr::null_mut(),
                fd: fd.as_raw_fd(),
                events: events.bits(),
                revents: 0,
            },
            _borrow: PhantomData,
        }
    }

    /// The events that happened in the last [`poll`].
    #[inline]
    #[doc(alias = "ZMQ_POLLIN")]
    #[doc(alias = "ZMQ_POLLOUT")]
    pub fn revents(&self) -> PollEvents {
        PollEvents::from_bits_retain(self.raw.revents)
    }

    /// Whether the last poll found the item readable (`ZMQ_POLLIN`).
    #[inline]
    pub fn is_readable(&self) -> bool {
        self.revents().contains(PollEvents::POLLIN)
    }

    /// Whether the last poll found the item writable (`ZMQ_POLLOUT`).
    #[inline]
    pub fn is_writable(&self) -> bool {
        self.revents().contains(PollEvents::POLLOUT)
    }

    /// Whether the last poll found an error condition (`ZMQ_POLLERR`).
    pub fn is_error(&self) -> bool {
        self.revents().contains(PollEvents::POLLERR)
    }

    /// Changes the events asked for.
    pub fn set_events(&mut self, events: PollEvents) {
        self.raw.events = events.bits();
    }

    /// Whether this item refers to `socket`.
    pub fn has_socket(&self, socket: &Socket) -> bool {
        self.raw.socket == socket.as_raw()
    }
}

impl Socket {
    /// A poll item for this socket.
    #[inline]
    #[doc(alias = "zmq_pollitem_t")]
    pub fn as_poll_item(&self, events: PollEvents) -> PollItem<'_> {
        PollItem::from_socket(self, events)
    }

    /// Waits until this socket has one of `events` (or `timeout` passes), returning the events
    /// that happened (empty on timeout).
    #[doc(alias = "zmq_poll")]
    pub fn poll(&self, events: PollEvents, timeout: Option<Duration>) -> Result<PollEvents> {
        let mut items = [self.as_poll_item(events)];
        poll(&mut items, timeout)?;
        Ok(items[0].revents())
    }
}

/// The longest wait handed to libzmq in one call, in milliseconds: about 35 minutes. libzmq
/// sleeps with `usleep (timeout * 1000)` when there is nothing to poll (zmq.cpp, zmq_poll;
/// socket_poller.cpp, wait), which overflows a signed `long` for huge timeouts (undefined
/// behaviour in C) and truncates to 32-bit microseconds beyond ~71 minutes. Longer waits are
/// made of several calls of at most this length, up to the same deadline.
pub(crate) const MAX_WAIT_MS: libc::c_long = (i32::MAX / 1000) as libc::c_long;

/// One call's timeout for libzmq: `-1` for `None` (forever), else the time left, rounded up to
/// whole milliseconds (a sub-millisecond timeout still waits rather than spinning) and capped at
/// [`MAX_WAIT_MS`].
#[inline]
pub(crate) fn timeout_ms(timeout: Option<Duration>) -> libc::c_long {
    match timeout {
        None => -1,
        Some(d) => {
            let ms = d.as_micros().div_ceil(1000);
            libc::c_long::try_from(ms).map_or(MAX_WAIT_MS, |ms| ms.min(MAX_WAIT_MS))
        }
    }
}

/// A deadline for waits longer than one libzmq call may be.
#[derive(Clone, Copy)]
pub(crate) struct Deadline(Option<Instant>);

impl Deadline {
    /// `None` for no deadline (wait forever), or for a timeout too large to represent as an
    /// instant (which is forever in practice).
    #[inline]
    pub(crate) fn after(timeout: Option<Duration>) -> Deadline {
        Deadline(timeout.and_then(|t| Instant::now().checked_add(t)))
    }

    /// Whether the deadline has passed.
    #[inline]
    pub(crate) fn passed(self) -> bool {
        self.0.is_some_and(|d| Instant::now() >= d)
    }

    /// The timeout of the next libzmq call: the time left, at most [`MAX_WAIT_MS`] (that much
    /// when there is no deadline).
    #[inline]
    pub(crate) fn next_ms(self) -> libc::c_long {
        match self.0 {
            None => MAX_WAIT_MS,
            Some(d) => timeout_ms(Some(d.saturating_duration_since(Instant::now()))),
        }
    }
}

/// Waits for events on the items (`zmq_poll`): returns how many items have events, 0 if
/// `timeout` passed first (`None`: wait forever; `Some(ZERO)`: check and return at once).
///
/// A signal interrupts it with [`Error::Interrupted`]; see [`poll_retry`] for a loop that keeps
/// the original deadline.
///
/// Any timeout is safe to pass, `Some(Duration::MAX)` included: waits longer than libzmq can
/// take in one call are split into several calls up to the same deadline. With no items at all,
/// the call sleeps for the timeout without entering libzmq (whose empty-list sleep overflows for
/// long timeouts): `None` then sleeps until a signal arrives ([`Error::Interrupted`]), like
/// `poll(2)` with no descriptors.
///
/// ```
/// use std::time::Duration;
/// use zmq::{poll, Context, PollEvents, SocketType};
///
/// let ctx = Context::new()?;
/// let a = ctx.socket(SocketType::Pull)?;
/// a.bind("inproc://poll-doc-a")?;
/// let b = ctx.socket(SocketType::Pull)?;
/// b.bind("inproc://poll-doc-b")?;
/// let push = ctx.socket(SocketType::Push)?;
/// push.connect("inproc://poll-doc-b")?;
/// push.send("to b")?;
///
/// let mut items = [a.as_poll_item(PollEvents::POLLIN), b.as_poll_item(PollEvents::POLLIN)];
/// let ready = poll(&mut items, Some(Duration::from_secs(5)))?;
/// assert_eq!(ready, 1);
/// assert!(!items[0].is_readable() && items[1].is_readable());
/// assert_eq!(b.recv_string()?, "to b");
/// # Ok::<(), zmq::Error>(())
/// ```
#[inline]
#[doc(alias = "zmq_poll")]
pub fn poll(items: &mut [PollItem<'_>], timeout: Option<Duration>) -> Result<usize> {
    let n = libc::c_int::try_from(items.len())
        .map_err(|_| Error::invalid("poll items", "more than i32::MAX items"))?;
    if n == 0 {
        return sleep_without_items(timeout);
    }
    crate::guard::check_poll_items(items.len())?;
    let ms = timeout_ms(timeout);
    let first = poll_once(items, n, ms)?;
    if first != 0 || ms < MAX_WAIT_MS {
        return Ok(first);
    }
    // A wait longer than one call: go on until the original deadline.
    let deadline = Deadline::after(timeout);
    loop {
        if deadline.passed() {
            return Ok(0);
        }
        let k = poll_once(items, n, deadline.next_ms())?;
        if k != 0 {
            return Ok(k);
        }
    }
}

#[inline]
fn poll_once(items: &mut [PollItem<'_>], n: libc::c_int, ms: libc::c_long) -> Result<usize> {
    // SAFETY: PollItem is repr(transparent) over zmq_pollitem_t; every item's socket or fd is
    // borrowed for the items' lifetime, so all are live during the call. `n` is items.len() and
    // `ms` is -1 or in 0..=MAX_WAIT_MS.
    let rc = unsafe { sys::zmq_poll(items.as_mut_ptr() as *mut sys::zmq_pollitem_t, n, ms) };
    check(rc).map(|n| n as usize)
}

/// `zmq_poll` with no items, done here: sleep for the timeout in `poll(2)` calls of at most
/// [`MAX_WAIT_MS`] each (forever for `None`), reporting a signal as [`Error::Interrupted`].
fn sleep_without_items(timeout: Option<Duration>) -> Result<usize> {
    let deadline = Deadline::after(timeout);
    loop {
        if deadline.passed() {
            return Ok(0);
        }
        let ms = if timeout.is_none() {
            -1
        } else {
            deadline.next_ms()
        };
        // SAFETY: poll(2) with no descriptors reads nothing through the (null) pointer; `ms` is
        // -1 or in 0..=MAX_WAIT_MS, which fits a c_int.
        let rc = unsafe { libc::poll(std::ptr::null_mut(), 0, ms as libc::c_int) };
        if rc == -1 {
            return Err(Error::last());
        }
    }
}

/// Like [`poll`], but retries after [`Error::Interrupted`] with the time left until the
/// original deadline (never restarting the full timeout).
#[doc(alias = "zmq_poll")]
pub fn poll_retry(items: &mut [PollItem<'_>], timeout: Option<Duration>) -> Result<usize> {
    let deadline = timeout.map(|t| Instant::now() + t);
    loop {
        let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
        match poll(items, left) {
            Err(Error::Interrupted) => continue,
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// libzmq computes `timeout * 1000` (microseconds, `long`, then `usleep`'s 32-bit
    /// `useconds_t`) for an empty item list: no timeout handed to libzmq may overflow either.
    #[test]
    fn no_timeout_handed_to_libzmq_overflows_its_usleep() {
        for t in [
            Duration::MAX,
            Duration::from_secs(u64::MAX / 2),
            Duration::from_secs(3 * 3600),
            Duration::from_millis(MAX_WAIT_MS as u64 + 1),
        ] {
            let ms = timeout_ms(Some(t));
            assert!(ms <= MAX_WAIT_MS, "{t:?} -> {ms}");
        }
        assert!(MAX_WAIT_MS * 1000 <= i32::MAX as libc::c_long);
        assert_eq!(timeout_ms(Some(Duration::from_micros(1))), 1);
        assert_eq!(timeout_ms(Some(Duration::ZERO)), 0);
        assert_eq!(timeout_ms(None), -1);
    }
}
