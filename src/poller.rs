//! `Poller`: libzmq's `zmq_poller` (draft API), for many sockets, thread-safe socket types and
//! file descriptors, with a registration that persists across waits.

use std::marker::PhantomData;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::os::raw::{c_int, c_void};
use std::time::Duration;

use crate::error::{check, Error, Result};
use crate::poll::PollEvents;
use crate::socket::Socket;
use crate::sys;

/// One ready entry reported by [`Poller::wait`] / [`Poller::wait_all`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
pub struct PollerEvent {
    /// The token given when the socket or fd was added.
    pub token: usize,
    /// The events that happened.
    pub events: PollEvents,
}

/// A set of sockets and file descriptors to wait on (`zmq_poller_new`). Registrations borrow the
/// sockets and fds for `'a`, so none can be closed while registered.
///
/// Neither `Send` nor `Sync`: waiting reads the state of every registered socket, which belongs
/// to the thread that owns the socket (a [`Socket`] is not `Sync`, so `&Socket` is not `Send`).
/// A poller therefore stays on the thread of the sockets it borrows:
///
/// ```compile_fail
/// let ctx = zmq::Context::new().unwrap();
/// let sock = ctx.socket(zmq::SocketType::Pull).unwrap();
/// let mut poller = zmq::Poller::new().unwrap();
/// poller.add(&sock, zmq::PollEvents::POLLIN, 0).unwrap();
/// std::thread::scope(|s| {
///     // Would wait on `sock` in another thread while this one receives on it.
///     s.spawn(move || poller.wait(None));
///     let _ = sock.recv_msg();
/// });
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
#[doc(alias = "zmq_poller_new")]
#[doc(alias = "zmq_poller_destroy")]
pub struct Poller<'a> {
    ptr: *mut c_void,
    _borrows: PhantomData<&'a Socket>,
}

impl Drop for Poller<'_> {
    fn drop(&mut self) {
        // SAFETY: ptr is the live poller owned by this value; zmq_poller_destroy sets it to NULL.
        unsafe { sys::zmq_poller_destroy(&mut self.ptr) };
    }
}

impl<'a> Poller<'a> {
    /// Creates an empty poller (`zmq_poller_new`).
    #[doc(alias = "zmq_poller_new")]
    pub fn new() -> Result<Poller<'a>> {
        // SAFETY: no preconditions; NULL means failure.
        let ptr = unsafe { sys::zmq_poller_new() };
        if ptr.is_null() {
            return Err(Error::last());
        }
        Ok(Poller {
            ptr,
            _borrows: PhantomData,
        })
    }

    /// Number of registrations (`zmq_poller_size`).
    pub fn len(&self) -> usize {
        // SAFETY: live poller.
        unsafe { sys::zmq_poller_size(self.ptr) }.max(0) as usize
    }

    /// Whether nothing is registered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Registers a socket with the events to wait for and a token reported back
    /// (`zmq_poller_add`). `EINVAL` if it is already registered.
    #[doc(alias = "zmq_poller_add")]
    pub fn add(&mut self, socket: &'a Socket, events: PollEvents, token: usize) -> Result<()> {
        // SAFETY: live poller and socket (borrowed for 'a); the token is stored as a pointer
        // value and never dereferenced.
        check(unsafe {
            sys::zmq_poller_add(
                self.ptr,
                socket.as_raw(),
                token as *mut c_void,
                events.bits(),
            )
        })
        .map(drop)
    }

    /// Changes the events of a registered socket (`zmq_poller_modify`).
    #[doc(alias = "zmq_poller_modify")]
    pub fn modify(&mut self, socket: &Socket, events: PollEvents) -> Result<()> {
        // SAFETY: live poller and socket.
        check(unsafe { sys::zmq_poller_modify(self.ptr, socket.as_raw(), events.bits()) }).map(drop)
    }

    /// Unregisters a socket (`zmq_poller_remove`).
    #[doc(alias = "zmq_poller_remove")]
    pub fn remove(&mut self, socket: &Socket) -> Result<()> {
        // SAFETY: live poller and socket.
        check(unsafe { sys::zmq_poller_remove(self.ptr, socket.as_raw()) }).map(drop)
    }

    /// Registers a file descriptor (`zmq_poller_add_fd`).
    #[doc(alias = "zmq_poller_add_fd")]
    pub fn add_fd(&mut self, fd: BorrowedFd<'a>, events: PollEvents, token: usize) -> Result<()> {
        // SAFETY: live poller; the fd is borrowed for 'a.
        check(unsafe {
            sys::zmq_poller_add_fd(
                self.ptr,
                fd.as_raw_fd(),
                token as *mut c_void,
                events.bits(),
            )
        })
        .map(drop)
    }

    /// Unregisters a file descriptor (`zmq_poller_remove_fd`).
    #[doc(alias = "zmq_poller_remove_fd")]
    pub fn remove_fd(&mut self, fd: BorrowedFd<'_>) -> Result<()> {
        // SAFETY: live poller.
        check(unsafe { sys::zmq_poller_remove_fd(self.ptr, fd.as_raw_fd()) }).map(drop)
    }

    /// Waits for one ready registration (`zmq_poller_wait`); `Ok(None)` when `timeout` passes
    /// (libzmq reports that as `EAGAIN`).
    #[doc(alias = "zmq_poller_wait")]
    pub fn wait(&mut self, timeout: Option<Duration>) -> Result<Option<PollerEvent>> {
        let mut events = [PollerEvent {
            token: 0,
            events: PollEvents::EMPTY,
        }];
        Ok((self.wait_all(&mut events, timeout)? == 1).then_some(events[0]))
    }

    /// Waits for ready registrations and fills `out` with up to `out.len()` of them
    /// (`zmq_poller_wait_all`), returning how many; 0 when `timeout` passes.
    ///
    /// Any timeout is safe, `Some(Duration::MAX)` included (long waits are split into several
    /// calls up to the same deadline; see [`crate::poll`]). Waiting with `None` on a poller with
    /// nothing to wait for fails with `EFAULT` (libzmq refuses to sleep forever); with a timeout
    /// it sleeps for the timeout.
    #[doc(alias = "zmq_poller_wait_all")]
    pub fn wait_all(
        &mut self,
        out: &mut [PollerEvent],
        timeout: Option<Duration>,
    ) -> Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        // More registrations than RLIMIT_NOFILE: poll(2) refuses them and libzmq asserts
        // (socket_poller.cpp:570).
        crate::guard::check_poll_items(self.len())?;
        let ms = crate::poll::timeout_ms(timeout);
        let first = self.wait_once(out, ms)?;
        if first != 0 || ms < crate::poll::MAX_WAIT_MS {
            return Ok(first);
        }
        let deadline = crate::poll::Deadline::after(timeout);
        loop {
            if deadline.passed() {
                return Ok(0);
            }
            let k = self.wait_once(out, deadline.next_ms())?;
            if k != 0 {
                return Ok(k);
            }
        }
    }

    /// One `zmq_poller_wait_all` with a timeout of -1 or 0..=MAX_WAIT_MS milliseconds.
    fn wait_once(&mut self, out: &mut [PollerEvent], ms: libc::c_long) -> Result<usize> {
        const BATCH: usize = 64;
        let mut raw: [sys::zmq_poller_event_t; BATCH] =
            // SAFETY: zmq_poller_event_t is plain data (pointers, ints); all-zero is valid.
            unsafe { std::mem::zeroed() };
        let n = out.len().min(BATCH);
        // SAFETY: live poller; raw holds n writable entries; ms is -1 or at most MAX_WAIT_MS, so
        // libzmq's empty-poller `usleep (timeout * 1000)` cannot overflow.
        let rc = unsafe { sys::zmq_poller_wait_all(self.ptr, raw.as_mut_ptr(), n as c_int, ms) };
        match check(rc) {
            Ok(k) => {
                let k = k as usize;
                for (dst, src) in out.iter_mut().zip(&raw[..k]) {
                    *dst = PollerEvent {
                        token: src.user_data as usize,
                        events: PollEvents::from_bits_retain(src.events),
                    };
                }
                Ok(k)
            }
            Err(Error::WouldBlock) => Ok(0),
            Err(e) => Err(e),
        }
    }
}
