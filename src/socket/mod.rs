//! `Socket`: one libzmq socket (`zmq_socket`), its endpoints, and sending and receiving.
//!
//! The type and flag vocabulary lives in `kind` ([`SocketType`]), `flags` ([`Flags`]) and
//! `send_error` (the errors that give a refused message back); `ZMQ_USE_FD` in `use_fd`.

mod flags;
mod kind;
mod send_error;
mod use_fd;

use std::cell::Cell;
use std::ffi::CString;
use std::fmt;
use std::marker::PhantomData;
use std::os::fd::OwnedFd;
use std::os::raw::{c_int, c_void};
use std::sync::Arc;
use std::time::Duration;

pub use flags::Flags;
pub use kind::SocketType;
pub use send_error::{SendError, SendMultipartError};

use crate::context::{Context, RawContext};
use crate::error::{check, EndpointCall, Error, Result};
use crate::message::Message;
use crate::multipart::Multipart;
use crate::opt;
use crate::sys;

/// A ØMQ socket (`zmq_socket`).
///
/// `Send` but not `Sync`: a libzmq socket may move between threads but not be used from two at
/// once. It keeps its [`Context`] alive. Dropping it closes it (`zmq_close`); pending outgoing
/// messages then linger for the socket's `ZMQ_LINGER` (see [`crate::DEFAULT_LINGER`]). `Drop` never
/// panics.
///
/// ```
/// use zmq::{Context, SocketType};
/// let ctx = Context::new()?;
/// let rep = ctx.socket(SocketType::Rep)?;
/// rep.bind("tcp://127.0.0.1:*")?;
/// let req = ctx.socket(SocketType::Req)?;
/// req.connect(&rep.last_endpoint()?)?;
/// req.send("Hello")?;
/// assert_eq!(rep.recv_string()?, "Hello");
/// rep.send("World")?;
/// assert_eq!(req.recv_msg()?.as_str(), Some("World"));
/// # Ok::<(), zmq::Error>(())
/// ```
///
/// A socket cannot be shared between threads (it is not `Sync`):
///
/// ```compile_fail
/// fn shared_between_threads<T: Sync>() {}
/// shared_between_threads::<zmq::Socket>();
/// ```
///
/// ```compile_fail
/// let ctx = zmq::Context::new().unwrap();
/// let sock = ctx.socket(zmq::SocketType::Pull).unwrap();
/// std::thread::scope(|s| {
///     s.spawn(|| sock.recv_msg()); // &Socket is not Send
/// });
/// ```
#[doc(alias = "zmq_socket")]
#[doc(alias = "zmq_close")]
pub struct Socket {
    ptr: *mut c_void,
    ctx: Arc<RawContext>,
    /// Bound or connected to a PGM endpoint as a SUB/XSUB: `ZMQ_RCVHWM` must stay 0 (see
    /// [`Socket::connect`]).
    pgm_receiver: Cell<bool>,
    /// The descriptor given with [`opt::UseFd`], owned here until a `bind` hands it to libzmq
    /// (which then closes it); closed on drop if never bound.
    use_fd: Cell<Option<OwnedFd>>,
    /// State of the checks of [`crate::guard`].
    pub(crate) guard: crate::guard::SocketGuard,
    _not_sync: PhantomData<Cell<()>>,
}

// SAFETY: libzmq sockets may be migrated between threads (zmq_socket(3): "with a full memory
// barrier"); moving the owner is such a migration. Not Sync: no shared use from two threads.
unsafe impl Send for Socket {}

impl fmt::Debug for Socket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Socket");
        d.field("ptr", &self.ptr);
        if let Ok(t) = self.socket_type() {
            d.field("type", &t);
        }
        d.finish()
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        // SAFETY: ptr is a live socket owned by this value, closed exactly once. zmq_close only
        // fails (ENOTSOCK) for an invalid pointer.
        unsafe { sys::zmq_close(self.ptr) };
    }
}

/// The endpoint as a C string for `zmq_bind`, `zmq_connect`, `zmq_socket_monitor`, ...: an empty
/// endpoint is refused here (libzmq would say EINVAL), as is one with a NUL byte.
pub(crate) fn c_endpoint(endpoint: &str) -> Result<CString> {
    if endpoint.is_empty() {
        return Err(Error::InvalidEndpoint {
            endpoint: String::new(),
            reason: "empty endpoint".into(),
        });
    }
    CString::new(endpoint).map_err(|_| Error::InvalidEndpoint {
        endpoint: endpoint.to_owned(),
        reason: "contains a NUL byte".into(),
    })
}

impl Socket {
    /// # Safety
    /// `ptr` must be a live socket created in the context `ctx`, owned by the new value.
    pub(crate) unsafe fn from_raw_parts(ptr: *mut c_void, ctx: Arc<RawContext>) -> Socket {
        Socket {
            ptr,
            ctx,
            pgm_receiver: Cell::new(false),
            use_fd: Cell::new(None),
            guard: Default::default(),
            _not_sync: PhantomData,
        }
    }

    /// A new handle to the context this socket was created in.
    pub(crate) fn context(&self) -> Context {
        Context::from_shared(self.ctx.clone())
    }

    /// Accepts connections on an endpoint (`zmq_bind`): `tcp://127.0.0.1:5555`,
    /// `tcp://*:*` (ephemeral port, see [`Socket::last_endpoint`]), `ipc:///tmp/x`,
    /// `inproc://name`, `epgm://eth0;239.192.1.1:5555`, ...
    ///
    /// # Errors
    /// libzmq's refusals carry the endpoint ([`Error::Endpoint`]:
    /// `Address already in use (bind to "tcp://127.0.0.1:5555")`). Endpoints that would make
    /// libzmq abort the process (see [`crate::endpoint`]) are refused with
    /// [`Error::InvalidEndpoint`] before libzmq sees them.
    ///
    /// # PGM receivers
    /// A SUB/XSUB on a PGM endpoint gets an unbounded receive queue, as with
    /// [`Socket::connect`].
    #[doc(alias = "zmq_bind")]
    pub fn bind(&self, endpoint: &str) -> Result<()> {
        self.bind_with_use_fd(endpoint)
            .map_err(|e| e.at(EndpointCall::Bind, endpoint))?;
        self.guard.after_attach(endpoint, false);
        Ok(())
    }

    /// Connects to an endpoint (`zmq_connect`). The peer need not be there yet: libzmq
    /// reconnects in the background until it is.
    ///
    /// # Errors
    /// As [`Socket::bind`]: libzmq's refusals carry the endpoint, endpoints that would make
    /// libzmq abort are refused first.
    ///
    /// # PGM receivers
    /// A SUB or XSUB bound or connected to a `pgm://`/`epgm://` endpoint gets
    /// [`opt::RcvHwm`] 0 (an unbounded receive queue) for the rest of its life; setting a
    /// non-zero value afterwards returns [`Error::InvalidInput`]. libzmq 4.3.5 aborts the process
    /// (`pgm_receiver.cpp:104`) or stops delivering when a PGM receive queue fills, which a
    /// subscriber slower than the stream causes. Multicast has no flow control, so a bound would
    /// not slow the sender anyway; a slow subscriber's queue grows until it catches up.
    #[doc(alias = "zmq_connect")]
    pub fn connect(&self, endpoint: &str) -> Result<()> {
        self.guard.before_connect(endpoint)?;
        self.attach(endpoint, sys::zmq_connect)
            .map_err(|e| e.at(EndpointCall::Connect, endpoint))?;
        self.guard.after_attach(endpoint, true);
        Ok(())
    }

    /// `zmq_bind` or `zmq_connect` after the checks of [`crate::endpoint`]. A SUB/XSUB on a PGM
    /// endpoint gets an unbounded receive pipe first (`ZMQ_RCVHWM` 0, kept for the socket's
    /// life): libzmq 4.3.5 aborts the process when a PGM receiver's pipe fills and a stale
    /// "pipe has room" command arrives (`errno_assert` in `pgm_receiver_t::restart_input`,
    /// pgm_receiver.cpp:104), which a subscriber slower than the multicast stream triggers.
    fn attach(
        &self,
        endpoint: &str,
        call: unsafe extern "C" fn(*mut c_void, *const std::os::raw::c_char) -> c_int,
    ) -> Result<()> {
        let c = c_endpoint(endpoint)?;
        let pgm_receiver = crate::endpoint::check_before_libzmq(endpoint, self)?;
        let mut restore = None;
        if pgm_receiver && !self.pgm_receiver.get() {
            let hwm = opt::codec::read_int(self, sys::ZMQ_RCVHWM)?;
            if hwm != 0 {
                opt::codec::write_int(self, sys::ZMQ_RCVHWM, 0)?;
                restore = Some(hwm);
            }
        }
        // SAFETY: live socket, NUL-terminated endpoint.
        match check(unsafe { call(self.ptr, c.as_ptr()) }) {
            Ok(_) => {
                if pgm_receiver {
                    if restore.is_some() {
                        log::debug!("{endpoint}: ZMQ_RCVHWM set to 0 for the PGM receiver");
                    }
                    self.pgm_receiver.set(true);
                }
                Ok(())
            }
            Err(e) => {
                if let Some(hwm) = restore {
                    // Nothing was attached: the socket gets its HWM back. Best effort; the
                    // attach error is the one to report.
                    let _ = opt::codec::write_int(self, sys::ZMQ_RCVHWM, hwm);
                }
                Err(e)
            }
        }
    }

    /// Sends a message (`zmq_msg_send`), blocking until libzmq takes it (or `ZMQ_SNDTIMEO`
    /// passes). Anything convertible into a [`Message`] works: `&str`, `&[u8]`, `Vec<u8>`
    /// (zero-copy), `String`, a received `Message`. [`Socket::send_with`] takes flags
    /// (`DONTWAIT`, `SNDMORE`).
    ///
    /// On failure the message comes back in [`SendError::msg`].
    #[inline]
    #[doc(alias = "zmq_msg_send")]
    #[doc(alias = "zmq_send")]
    pub fn send(&self, msg: impl Into<Message>) -> Result<(), SendError> {
        self.send_with(msg, Flags::EMPTY)
    }

    /// [`Socket::send`] with flags: [`Flags::DONTWAIT`] (fail with [`Error::WouldBlock`]
    /// instead of blocking), [`Flags::SNDMORE`] (more frames of this message follow), or both.
    #[inline]
    #[doc(alias = "zmq_msg_send")]
    #[doc(alias = "zmq_send")]
    pub fn send_with(&self, msg: impl Into<Message>, flags: Flags) -> Result<(), SendError> {
        let mut msg = msg.into();
        if let Err(error) = self.guard.check_send(self, &msg) {
            return Err(SendError { error, msg });
        }
        // SAFETY: live socket and initialised message; on success libzmq takes the content and
        // leaves `msg` empty (still initialised), on failure it leaves it unchanged.
        let rc = unsafe { sys::zmq_msg_send(msg.raw_mut(), self.ptr, flags.bits()) };
        if rc == -1 {
            return Err(SendError {
                error: Error::last(),
                msg,
            });
        }
        Ok(())
    }

    /// Sends the content of `msg` and leaves it empty, ready for the next [`Socket::recv`] or
    /// [`Clone::clone_from`] (`zmq_msg_send` on the caller's message). This is the C loop
    /// `zmq_msg_send (&msg, s, 0); zmq_msg_recv (&msg, s, 0);`: unlike [`Socket::send`], no
    /// message is created or closed per call, so an echo or request-reply loop over one reused
    /// `Message` makes exactly one FFI call per send.
    ///
    /// On failure `msg` is left unchanged (libzmq does not take the content).
    ///
    /// ```
    /// use zmq::{Context, Message, SocketType};
    /// let ctx = Context::new()?;
    /// let (a, b) = (ctx.socket(SocketType::Pair)?, ctx.socket(SocketType::Pair)?);
    /// a.bind("inproc://doc-send-from")?;
    /// b.connect("inproc://doc-send-from")?;
    /// let mut msg = Message::from("ping");
    /// a.send_from(&mut msg)?;
    /// assert!(msg.is_empty());
    /// b.recv(&mut msg)?; // the same Message, reused
    /// assert_eq!(&msg[..], b"ping");
    /// # Ok::<(), zmq::Error>(())
    /// ```
    #[inline]
    #[doc(alias = "zmq_msg_send")]
    pub fn send_from(&self, msg: &mut Message) -> Result<()> {
        self.send_from_with(msg, Flags::EMPTY)
    }

    /// [`Socket::send_from`] with flags (see [`Socket::send_with`]).
    #[inline]
    #[doc(alias = "zmq_msg_send")]
    pub fn send_from_with(&self, msg: &mut Message, flags: Flags) -> Result<()> {
        self.guard.check_send(self, msg)?;
        // SAFETY: live socket and initialised message; on success libzmq takes the content and
        // re-initialises `msg` as empty, on failure it leaves it unchanged. Either way it stays
        // initialised and owned by the caller.
        check(unsafe { sys::zmq_msg_send(msg.raw_mut(), self.ptr, flags.bits()) }).map(drop)
    }

    /// Sends all parts of a multipart message: every part but the last with `ZMQ_SNDMORE`.
    ///
    /// All parts are converted before the first is sent. libzmq delivers multipart messages
    /// atomically: once the first part is accepted, the rest are; if the first is refused, every
    /// part comes back in the error.
    #[doc(alias = "zmq_msg_send")]
    #[doc(alias = "ZMQ_SNDMORE")]
    pub fn send_multipart<I>(&self, parts: I) -> Result<(), SendMultipartError>
    where
        I: IntoIterator,
        I::Item: Into<Message>,
    {
        self.send_multipart_with(parts, Flags::EMPTY)
    }

    /// [`Socket::send_multipart`] with flags: [`Flags::DONTWAIT`] applies to every part
    /// ([`Flags::SNDMORE`] also marks the last part, to go on with further frames).
    #[doc(alias = "zmq_msg_send")]
    #[doc(alias = "ZMQ_SNDMORE")]
    pub fn send_multipart_with<I>(&self, parts: I, flags: Flags) -> Result<(), SendMultipartError>
    where
        I: IntoIterator,
        I::Item: Into<Message>,
    {
        let mut parts: Vec<Message> = parts.into_iter().map(Into::into).collect();
        if let Some(error) = parts
            .iter()
            .find_map(|p| self.guard.check_send(self, p).err())
        {
            return Err(SendMultipartError {
                error,
                unsent: parts,
            });
        }
        let n = parts.len();
        let mut drained = parts.drain(..);
        let mut i = 0;
        while let Some(part) = drained.next() {
            let more = if i + 1 < n {
                Flags::SNDMORE
            } else {
                Flags::EMPTY
            };
            if let Err(e) = self.send_with(part, flags | more) {
                let mut unsent = Vec::with_capacity(n - i);
                unsent.push(e.msg);
                unsent.extend(drained);
                return Err(SendMultipartError {
                    error: e.error,
                    unsent,
                });
            }
            i += 1;
        }
        Ok(())
    }

    /// Receives one frame into `msg` (`zmq_msg_recv`), replacing its content, blocking until
    /// one arrives (or `ZMQ_RCVTIMEO` passes: [`Error::WouldBlock`]). Reusing one `Message` in a
    /// loop makes no Rust allocation per message. Every receive has a `_with` form taking
    /// [`Flags::DONTWAIT`].
    #[inline]
    #[doc(alias = "zmq_msg_recv")]
    pub fn recv(&self, msg: &mut Message) -> Result<()> {
        self.recv_with(msg, Flags::EMPTY)
    }

    /// [`Socket::recv`] with flags ([`Flags::DONTWAIT`]).
    #[inline]
    #[doc(alias = "zmq_msg_recv")]
    pub fn recv_with(&self, msg: &mut Message, flags: Flags) -> Result<()> {
        // SAFETY: live socket and initialised message; libzmq releases the old content.
        check(unsafe { sys::zmq_msg_recv(msg.raw_mut(), self.ptr, flags.bits()) }).map(drop)
    }

    /// Receives one frame as a new [`Message`].
    #[inline]
    #[doc(alias = "zmq_msg_recv")]
    pub fn recv_msg(&self) -> Result<Message> {
        self.recv_msg_with(Flags::EMPTY)
    }

    /// [`Socket::recv_msg`] with flags ([`Flags::DONTWAIT`]).
    #[inline]
    #[doc(alias = "zmq_msg_recv")]
    pub fn recv_msg_with(&self, flags: Flags) -> Result<Message> {
        let mut msg = Message::new();
        self.recv_with(&mut msg, flags)?;
        Ok(msg)
    }

    /// Receives one frame into `buf` (`zmq_recv`) and returns the frame's full size, which is
    /// larger than `buf.len()` if the frame was truncated.
    #[inline]
    #[doc(alias = "zmq_recv")]
    pub fn recv_into(&self, buf: &mut [u8]) -> Result<usize> {
        self.recv_into_with(buf, Flags::EMPTY)
    }

    /// [`Socket::recv_into`] with flags ([`Flags::DONTWAIT`]).
    #[inline]
    #[doc(alias = "zmq_recv")]
    pub fn recv_into_with(&self, buf: &mut [u8], flags: Flags) -> Result<usize> {
        // SAFETY: live socket; buf is writable for buf.len() bytes.
        let n = check(unsafe {
            sys::zmq_recv(
                self.ptr,
                buf.as_mut_ptr() as *mut c_void,
                buf.len(),
                flags.bits(),
            )
        })?;
        Ok(n as usize)
    }

    /// Receives one frame as a byte vector.
    #[doc(alias = "zmq_msg_recv")]
    pub fn recv_bytes(&self) -> Result<Vec<u8>> {
        self.recv_bytes_with(Flags::EMPTY)
    }

    /// [`Socket::recv_bytes`] with flags ([`Flags::DONTWAIT`]).
    #[doc(alias = "zmq_msg_recv")]
    pub fn recv_bytes_with(&self, flags: Flags) -> Result<Vec<u8>> {
        Ok(self.recv_msg_with(flags)?.to_vec())
    }

    /// Receives one frame as a string; [`Error::NotUtf8`] (holding the bytes) if it is not UTF-8.
    #[doc(alias = "zmq_msg_recv")]
    pub fn recv_string(&self) -> Result<String> {
        self.recv_string_with(Flags::EMPTY)
    }

    /// [`Socket::recv_string`] with flags ([`Flags::DONTWAIT`]).
    #[doc(alias = "zmq_msg_recv")]
    pub fn recv_string_with(&self, flags: Flags) -> Result<String> {
        let bytes = self.recv_bytes_with(flags)?;
        String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
            bytes: e.into_bytes(),
        })
    }

    /// Receives every frame of one multipart message.
    #[doc(alias = "zmq_msg_recv")]
    #[doc(alias = "ZMQ_RCVMORE")]
    pub fn recv_multipart(&self) -> Result<Vec<Message>> {
        self.recv_multipart_with(Flags::EMPTY)
    }

    /// [`Socket::recv_multipart`] with flags ([`Flags::DONTWAIT`] applies to the first frame;
    /// the rest arrive with it).
    #[doc(alias = "zmq_msg_recv")]
    #[doc(alias = "ZMQ_RCVMORE")]
    pub fn recv_multipart_with(&self, flags: Flags) -> Result<Vec<Message>> {
        let mut parts = Multipart::new();
        self.recv_multipart_into_with(&mut parts, flags)?;
        Ok(parts.into_vec())
    }

    /// Receives every frame of one multipart message into a reusable container. In a loop that
    /// reuses the container, no Rust allocation happens once it has grown to the largest message.
    ///
    /// If the first frame cannot be received (e.g. [`Error::WouldBlock`]) the container is left
    /// empty; libzmq delivers the remaining frames of a message together with the first.
    #[doc(alias = "zmq_msg_recv")]
    #[doc(alias = "ZMQ_RCVMORE")]
    pub fn recv_multipart_into(&self, parts: &mut Multipart) -> Result<()> {
        self.recv_multipart_into_with(parts, Flags::EMPTY)
    }

    /// [`Socket::recv_multipart_into`] with flags ([`Flags::DONTWAIT`]).
    #[doc(alias = "zmq_msg_recv")]
    #[doc(alias = "ZMQ_RCVMORE")]
    pub fn recv_multipart_into_with(&self, parts: &mut Multipart, flags: Flags) -> Result<()> {
        parts.clear();
        loop {
            let slot = parts.next_slot();
            if let Err(e) = self.recv_with(slot, flags) {
                parts.clear();
                return Err(e);
            }
            let more = slot.more();
            parts.commit_slot();
            if !more {
                return Ok(());
            }
        }
    }

    /// Stops accepting connections on an endpoint bound earlier (`zmq_unbind`); for wildcard
    /// binds pass the [`Socket::last_endpoint`] value.
    #[doc(alias = "zmq_unbind")]
    pub fn unbind(&self, endpoint: &str) -> Result<()> {
        let c = c_endpoint(endpoint)?;
        // SAFETY: live socket, NUL-terminated endpoint.
        check(unsafe { sys::zmq_unbind(self.ptr, c.as_ptr()) })
            .map(drop)
            .map_err(|e| e.at(EndpointCall::Unbind, endpoint))
    }

    /// Disconnects from an endpoint connected earlier (`zmq_disconnect`).
    #[doc(alias = "zmq_disconnect")]
    pub fn disconnect(&self, endpoint: &str) -> Result<()> {
        let c = c_endpoint(endpoint)?;
        // SAFETY: live socket, NUL-terminated endpoint.
        check(unsafe { sys::zmq_disconnect(self.ptr, c.as_ptr()) })
            .map_err(|e| e.at(EndpointCall::Disconnect, endpoint))?;
        self.guard.after_disconnect(endpoint);
        Ok(())
    }

    /// The endpoint last bound or connected (`ZMQ_LAST_ENDPOINT`), with wildcards resolved
    /// (`tcp://127.0.0.1:41234`).
    #[doc(alias = "ZMQ_LAST_ENDPOINT")]
    pub fn last_endpoint(&self) -> Result<String> {
        self.get(opt::LastEndpoint)
    }

    /// The socket's type (`ZMQ_TYPE`).
    #[doc(alias = "ZMQ_TYPE")]
    pub fn socket_type(&self) -> Result<SocketType> {
        let raw = self.get(opt::Type)?;
        Ok(raw)
    }

    /// Whether the last frame received has more frames following (`ZMQ_RCVMORE`).
    #[doc(alias = "ZMQ_RCVMORE")]
    #[doc(alias = "get_rcvmore")]
    pub fn rcvmore(&self) -> Result<bool> {
        self.get(opt::RcvMore)
    }

    /// Subscribes a SUB socket to messages starting with `prefix` (`ZMQ_SUBSCRIBE`; empty: all).
    #[doc(alias = "ZMQ_SUBSCRIBE")]
    pub fn subscribe(&self, prefix: impl AsRef<[u8]>) -> Result<()> {
        self.set(opt::Subscribe, prefix.as_ref())
    }

    /// Removes a subscription (`ZMQ_UNSUBSCRIBE`).
    #[doc(alias = "ZMQ_UNSUBSCRIBE")]
    pub fn unsubscribe(&self, prefix: impl AsRef<[u8]>) -> Result<()> {
        self.set(opt::Unsubscribe, prefix.as_ref())
    }

    /// Sets `ZMQ_LINGER`: how long pending outgoing messages are kept after close (`None`:
    /// forever, `Some(ZERO)`: discard at once).
    #[doc(alias = "ZMQ_LINGER")]
    pub fn set_linger(&self, linger: Option<Duration>) -> Result<()> {
        self.set(opt::Linger, linger)
    }

    pub(crate) fn set_linger_ms(&self, ms: i32) -> Result<()> {
        self.setsockopt_raw(sys::ZMQ_LINGER, &ms.to_ne_bytes())
    }

    /// Sets `ZMQ_RCVTIMEO`: how long a blocking receive waits before [`Error::WouldBlock`]
    /// (`None`: forever).
    #[doc(alias = "ZMQ_RCVTIMEO")]
    pub fn set_rcvtimeo(&self, timeout: Option<Duration>) -> Result<()> {
        self.set(opt::RcvTimeo, timeout)
    }

    /// Sets `ZMQ_SNDTIMEO`: how long a blocking send waits before [`Error::WouldBlock`]
    /// (`None`: forever).
    #[doc(alias = "ZMQ_SNDTIMEO")]
    pub fn set_sndtimeo(&self, timeout: Option<Duration>) -> Result<()> {
        self.set(opt::SndTimeo, timeout)
    }

    /// Reads a typed socket option (`zmq_getsockopt`), e.g. `sock.get(opt::RcvMore)?`.
    /// Only readable options compile. A refusal by libzmq is an [`Error::SocketOption`] naming
    /// the option and the socket type.
    #[inline]
    #[doc(alias = "zmq_getsockopt")]
    pub fn get<O: opt::Get>(&self, option: O) -> Result<O::Value> {
        option
            .get_from(self)
            .map_err(|e| opt::option_error::<O>(self, e))
    }

    /// Sets a typed socket option (`zmq_setsockopt`), e.g. `sock.set(opt::SndHwm, 1000)?`.
    /// Only writable options with a matching value type compile. A refusal by libzmq is an
    /// [`Error::SocketOption`] naming the option and the socket type.
    #[inline]
    #[doc(alias = "zmq_setsockopt")]
    pub fn set<O: opt::Set<V>, V>(&self, option: O, value: V) -> Result<()> {
        option
            .set_on(self, value)
            .map_err(|e| opt::option_error::<O>(self, e))
    }

    /// The escape hatch for options newer than [`opt`]: `zmq_getsockopt` into `buf`, returning the
    /// number of bytes written.
    #[doc(alias = "zmq_getsockopt")]
    pub fn getsockopt_raw(&self, option: i32, buf: &mut [u8]) -> Result<usize> {
        let mut len = buf.len();
        // SAFETY: live socket; buf is writable for len bytes and libzmq writes at most len.
        check(unsafe {
            sys::zmq_getsockopt(self.ptr, option, buf.as_mut_ptr() as *mut c_void, &mut len)
        })?;
        Ok(len.min(buf.len()))
    }

    /// The escape hatch for options newer than [`opt`]: `zmq_setsockopt` with raw bytes
    /// (integers in native byte order). A non-zero `ZMQ_RCVHWM` on a PGM receiver is refused,
    /// as with [`Socket::set`] (see [`Socket::connect`]). `ZMQ_USE_FD` accepts only -1 (no
    /// descriptor): libzmq takes ownership of the descriptor, which a raw integer cannot carry;
    /// pass an [`OwnedFd`] to [`opt::UseFd`] instead.
    #[doc(alias = "zmq_setsockopt")]
    pub fn setsockopt_raw(&self, option: i32, value: &[u8]) -> Result<()> {
        if option == sys::ZMQ_USE_FD {
            return match <[u8; 4]>::try_from(value).map(c_int::from_ne_bytes) {
                Ok(-1) => self.set_use_fd(None),
                _ => Err(Error::invalid(
                    "option value",
                    "ZMQ_USE_FD hands a descriptor to libzmq, which closes it: pass an OwnedFd \
                     with sock.set(opt::UseFd, fd); the raw form accepts only -1",
                )),
            };
        }
        if option == sys::ZMQ_RCVHWM && self.pgm_receiver.get() && value.iter().any(|&b| b != 0) {
            return Err(Error::invalid(
                "option value",
                "ZMQ_RCVHWM must stay 0 on a socket receiving from a PGM endpoint: libzmq 4.3.5 \
                 aborts the process when a PGM receive pipe fills (pgm_receiver.cpp:104)",
            ));
        }
        crate::guard::check_setsockopt(option, value)?;
        let ptr = if value.is_empty() {
            std::ptr::null()
        } else {
            value.as_ptr() as *const c_void
        };
        // SAFETY: live socket; value is readable for its length (or null with length 0, which
        // libzmq accepts for byte options).
        check(unsafe { sys::zmq_setsockopt(self.ptr, option, ptr, value.len()) })?;
        self.guard.after_setsockopt(option, value);
        Ok(())
    }

    /// Joins a group on a DISH socket (`zmq_join`; draft).
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    #[doc(alias = "zmq_join")]
    pub fn join(&self, group: &str) -> Result<()> {
        let c = CString::new(group).map_err(|_| Error::invalid("group", "contains a NUL byte"))?;
        // SAFETY: live socket, NUL-terminated group.
        check(unsafe { sys::zmq_join(self.ptr, c.as_ptr()) }).map(drop)
    }

    /// Leaves a group on a DISH socket (`zmq_leave`; draft).
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    #[doc(alias = "zmq_leave")]
    pub fn leave(&self, group: &str) -> Result<()> {
        let c = CString::new(group).map_err(|_| Error::invalid("group", "contains a NUL byte"))?;
        // SAFETY: live socket, NUL-terminated group.
        check(unsafe { sys::zmq_leave(self.ptr, c.as_ptr()) }).map(drop)
    }

    /// The raw `void *` socket, still owned by this value (e.g. to pass to C in the same binary).
    #[inline]
    pub fn as_raw(&self) -> *mut c_void {
        self.ptr
    }

    /// Gives up ownership: the caller must `zmq_close` the socket. (Its context is then
    /// terminated only after that close, as `zmq_ctx_term` waits for it.)
    pub fn into_raw(self) -> *mut c_void {
        let this = std::mem::ManuallyDrop::new(self);
        // SAFETY: read out the Arc once so the context handle is released; `this` is not
        // dropped, so the socket is not closed.
        drop(unsafe { std::ptr::read(&this.ctx) });
        this.ptr
    }

    /// Takes ownership of a raw socket created in `ctx` (closed on drop).
    ///
    /// # Safety
    /// `ptr` must be a live socket of `ctx` that nothing else closes or uses concurrently.
    pub unsafe fn from_raw(ptr: *mut c_void, ctx: &Context) -> Socket {
        // SAFETY: forwarded.
        unsafe { Socket::from_raw_parts(ptr, ctx.raw().clone()) }
    }
}
