//! The readiness core: libzmq's edge-triggered `ZMQ_FD` protocol on tokio's reactor.
//!
//! # The protocol, and why it does not miss wakeups
//!
//! `ZMQ_FD` does not say "a message is there"; it says "`ZMQ_EVENTS` may have changed", once per
//! change (edge-triggered), for both directions. libzmq consumes the edge inside any call that
//! processes commands: `zmq_msg_recv`, `zmq_msg_send` and reading `ZMQ_EVENTS`. So:
//!
//! 1. Every operation is first tried with `ZMQ_DONTWAIT`.
//! 2. On `EAGAIN`, `ZMQ_EVENTS` is read (which processes pending commands). If it reports the wanted
//!    event, the operation is retried at once: a task never waits while libzmq says it is ready.
//! 3. Otherwise the task parks on the reactor. The readiness tokio cached for the fd is cleared only
//!    after a `ZMQ_EVENTS` read that came *after* the edge that set it (the guard is obtained, then
//!    the loop goes back to step 1 before parking again), so an edge that arrives while the task
//!    checks is never thrown away.
//!
//! Each direction (a [`Half`]) registers its **own duplicate** of the `ZMQ_FD` descriptor with the
//! reactor, so the receive side clearing its readiness never hides an edge the send side needed,
//! and each side has its own waker slot. What one side cannot see is an edge that the *other*
//! side's libzmq call consumed before the reactor looked (epoll reports nothing for an eventfd that
//! was drained in between), or a state change made by the other side's own operation (a REP socket
//! becomes writable when a request is received; no edge is signalled for that). Both are covered
//! by one rule, applied under the socket's lock: after a successful operation, or when a
//! `ZMQ_EVENTS` read shows the other direction ready, the other side's parked task is woken. It then
//! runs the protocol from step 1. A parked side registers its waker under the same lock as the
//! `ZMQ_EVENTS` read that decided to park, so no change can fall between the two.
//!
//! There is no timer and no polling loop: a parked task uses no CPU until libzmq signals or the
//! other side makes progress.

use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd, RawFd};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{ready, Context, Poll, Waker};

use tokio::io::unix::AsyncFd;
use tokio::io::Interest;

use crate::error::{Error, Result};
use crate::opt;
use crate::poll::PollEvents;
use crate::socket::Socket;

/// The direction of a half.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    Recv = 0,
    Send = 1,
}

impl Dir {
    fn event(self) -> PollEvents {
        match self {
            Dir::Recv => PollEvents::POLLIN,
            Dir::Send => PollEvents::POLLOUT,
        }
    }

    fn other(self) -> Dir {
        match self {
            Dir::Recv => Dir::Send,
            Dir::Send => Dir::Recv,
        }
    }
}

/// The socket and the parked tasks of both directions, behind one lock that is held only for
/// non-blocking libzmq calls, never across an `.await`.
pub(crate) struct Inner {
    /// For a thread-safe draft socket: the `zmq_poller` whose fd stands in for `ZMQ_FD`. Declared
    /// before `sock` so it is destroyed first (`zmq_poller_destroy` detaches from the socket).
    #[cfg(zmq_has_draft)]
    poller: Option<draft::SocketPoller>,
    sock: Socket,
    parked: [Option<Waker>; 2],
}

impl Inner {
    /// `ZMQ_EVENTS` (for a thread-safe socket: `zmq_poller_wait_all` with a zero timeout, which
    /// also consumes the poller's signal and reads `ZMQ_EVENTS`).
    fn events(&self) -> Result<PollEvents> {
        #[cfg(zmq_has_draft)]
        if let Some(poller) = &self.poller {
            return poller.events();
        }
        self.sock.get(opt::Events)
    }
}

/// What both halves of one socket share.
pub(crate) struct Shared {
    inner: Mutex<Inner>,
}

impl Shared {
    /// Shares `sock`, and returns the descriptor that signals its `ZMQ_EVENTS` changes: `ZMQ_FD`,
    /// or for a thread-safe draft socket (which has none) the fd of a `zmq_poller` holding it
    /// (`zmq_poller_fd`).
    pub(crate) fn new(sock: Socket) -> Result<(Arc<Shared>, RawFd)> {
        #[cfg(zmq_has_draft)]
        if sock.get(opt::ThreadSafe)? {
            let (poller, fd) = draft::SocketPoller::new(&sock)?;
            let shared = Arc::new(Shared {
                inner: Mutex::new(Inner {
                    poller: Some(poller),
                    sock,
                    parked: [None, None],
                }),
            });
            return Ok((shared, fd));
        }
        #[cfg(not(zmq_has_draft))]
        if sock.get(opt::ThreadSafe)? {
            return Err(Error::invalid(
                "socket for AsyncSocket::new",
                "a thread-safe socket has no ZMQ_FD (async support for it needs the `draft` feature)",
            ));
        }
        let fd = sock.get(opt::Fd)?;
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner {
                #[cfg(zmq_has_draft)]
                poller: None,
                sock,
                parked: [None, None],
            }),
        });
        Ok((shared, fd))
    }

    /// The lock; a poisoned lock is taken over (nothing panics while holding it in this module,
    /// and the socket stays valid whatever a caller's closure did).
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` with the socket under the lock, then wakes both parked halves: `f` may have
    /// processed libzmq commands (any socket call does) and so consumed an edge they waited for.
    pub(crate) fn with_socket<R>(&self, f: impl FnOnce(&Socket) -> R) -> R {
        let (r, parked) = {
            let mut inner = self.lock();
            let r = f(&inner.sock);
            let parked = [inner.parked[0].take(), inner.parked[1].take()];
            (r, parked)
        };
        for w in parked.into_iter().flatten() {
            w.wake();
        }
        r
    }

    pub(crate) fn into_socket(self) -> Socket {
        let inner = self
            .inner
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        // The poller (if any) is destroyed here, before the socket can be closed.
        inner.sock
    }
}

pub(crate) fn io_error(e: std::io::Error) -> Error {
    Error::from_errno(e.raw_os_error().unwrap_or(libc::EIO))
}

/// One direction of an async socket: the shared socket and this direction's registration of the
/// `ZMQ_FD` (a duplicate descriptor of the same eventfd, closed with the half; libzmq's own
/// descriptor is never closed or registered here).
pub(crate) struct Half {
    pub(crate) shared: Arc<Shared>,
    fd: AsyncFd<OwnedFd>,
    dir: Dir,
}

/// What one locked attempt decided.
enum Step<T> {
    Done(Result<T>),
    Retry,
    Park,
}

impl Half {
    /// Registers a duplicate of `raw` (the socket's `ZMQ_FD`) with the current tokio reactor.
    pub(crate) fn new(shared: Arc<Shared>, raw: RawFd, dir: Dir) -> Result<Half> {
        // SAFETY: `raw` is the live ZMQ_FD of the socket in `shared` (kept alive by that Arc), and
        // it is only borrowed for the duplication below.
        let borrowed = unsafe { BorrowedFd::borrow_raw(raw) };
        let owned = borrowed.try_clone_to_owned().map_err(io_error)?;
        // SAFETY: the OwnedFd stays open, and refers to the same file description, for as long as
        // the AsyncFd owns it; it is closed only when the AsyncFd is dropped.
        let fd = unsafe { AsyncFd::register_with_interest(owned, Interest::READABLE) }
            .map_err(|e| io_error(e.into_parts().1))?;
        Ok(Half { shared, fd, dir })
    }

    /// The raw descriptor this half registered (a duplicate of `ZMQ_FD`).
    pub(crate) fn raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    /// Runs `op` (one non-blocking libzmq call, or a few, that returns [`Error::WouldBlock`] when it
    /// cannot proceed) under the lock until it completes, following the protocol described in
    /// the module documentation. `Pending` only after `ZMQ_EVENTS` said "not ready" and both
    /// wakeup paths (the reactor and the other half) are armed.
    pub(crate) fn poll_io<T>(
        &self,
        cx: &mut Context<'_>,
        mut op: impl FnMut(&Socket) -> Result<T>,
    ) -> Poll<Result<T>> {
        // Cooperative scheduling: a socket that is always ready yields to other tasks now and then.
        let coop = ready!(tokio::task::coop::poll_proceed(cx));
        let me = self.dir as usize;
        let other = self.dir.other() as usize;
        // Retries because ZMQ_EVENTS said ready but the operation still found nothing (possible
        // e.g. for ROUTER with ZMQ_ROUTER_MANDATORY, whose POLLOUT means "some peer has room"):
        // after one, the task waits for the next edge, as a blocking zmq_send would.
        let mut retried = false;
        loop {
            let mut wake = None;
            let step = {
                let mut inner = self.shared.lock();
                match op(&inner.sock) {
                    Ok(v) => {
                        inner.parked[me] = None;
                        wake = inner.parked[other].take();
                        Step::Done(Ok(v))
                    }
                    Err(Error::WouldBlock) => match inner.events() {
                        Err(e) => Step::Done(Err(e)),
                        Ok(events) => {
                            if events.contains(self.dir.other().event()) {
                                wake = inner.parked[other].take();
                            }
                            if events.contains(self.dir.event()) && !retried {
                                retried = true;
                                Step::Retry
                            } else {
                                match &mut inner.parked[me] {
                                    Some(w) if w.will_wake(cx.waker()) => {}
                                    slot => *slot = Some(cx.waker().clone()),
                                }
                                Step::Park
                            }
                        }
                    },
                    Err(e) => {
                        inner.parked[me] = None;
                        Step::Done(Err(e))
                    }
                }
            };
            if let Some(w) = wake {
                w.wake();
            }
            match step {
                Step::Done(r) => {
                    coop.made_progress();
                    return Poll::Ready(r);
                }
                Step::Retry => continue,
                Step::Park => {}
            }
            match self.fd.poll_read_ready(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(io_error(e))),
                // An edge arrived (possibly before the ZMQ_EVENTS read above): forget it and check
                // the socket again; clear_ready keeps any edge that arrived after the guard.
                Poll::Ready(Ok(mut guard)) => {
                    guard.clear_ready();
                    retried = false;
                }
            }
        }
    }
}

impl std::fmt::Debug for Half {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Half")
            .field("dir", &self.dir)
            .field("fd", &self.fd.as_raw_fd())
            .finish()
    }
}

/// The `zmq_poller` that gives a thread-safe draft socket (SERVER, CLIENT, RADIO, DISH, ...) a
/// descriptor to wait on.
#[cfg(zmq_has_draft)]
mod draft {
    use std::os::fd::RawFd;
    use std::os::raw::c_void;

    use crate::error::{check, Error, Result};
    use crate::poll::PollEvents;
    use crate::socket::Socket;
    use crate::sys;

    /// A `zmq_poller` with one thread-safe socket registered for `ZMQ_POLLIN | ZMQ_POLLOUT`.
    pub(super) struct SocketPoller(*mut c_void);

    // SAFETY: the poller is only used under the Shared lock (one thread at a time); libzmq pollers
    // may be used from any thread, one at a time.
    unsafe impl Send for SocketPoller {}

    impl Drop for SocketPoller {
        fn drop(&mut self) {
            // SAFETY: a live poller owned by this value, destroyed once; its socket is still open
            // (Inner declares the poller before the socket).
            unsafe { sys::zmq_poller_destroy(&mut self.0) };
        }
    }

    impl SocketPoller {
        /// `zmq_poller_new`, `zmq_poller_add(sock)`, `zmq_poller_fd`; then one zero-timeout wait,
        /// which attaches the poller's signaler to the socket.
        pub(super) fn new(sock: &Socket) -> Result<(SocketPoller, RawFd)> {
            // SAFETY: no preconditions; NULL means failure.
            let ptr = unsafe { sys::zmq_poller_new() };
            if ptr.is_null() {
                return Err(Error::last());
            }
            let poller = SocketPoller(ptr);
            let events = (PollEvents::POLLIN | PollEvents::POLLOUT).bits();
            // SAFETY: live poller and socket; the socket outlives the poller (see Inner).
            check(unsafe {
                sys::zmq_poller_add(poller.0, sock.as_raw(), std::ptr::null_mut(), events)
            })?;
            let mut fd: sys::zmq_fd_t = -1;
            // SAFETY: live poller; fd is a valid out pointer.
            check(unsafe { sys::zmq_poller_fd(poller.0, &mut fd) })?;
            poller.events()?;
            Ok((poller, fd))
        }

        /// `zmq_poller_wait_all` with a zero timeout: the socket's events, or none.
        pub(super) fn events(&self) -> Result<PollEvents> {
            // SAFETY: zmq_poller_event_t is plain data; all-zero is valid.
            let mut ev: sys::zmq_poller_event_t = unsafe { std::mem::zeroed() };
            // SAFETY: live poller; one writable event.
            match check(unsafe { sys::zmq_poller_wait_all(self.0, &mut ev, 1, 0) }) {
                Ok(n) if n >= 1 => Ok(PollEvents::from_bits_retain(ev.events)),
                Ok(_) | Err(Error::WouldBlock) => Ok(PollEvents::EMPTY),
                Err(e) => Err(e),
            }
        }
    }
}
