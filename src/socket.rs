//! `Socket`: one libzmq socket (`zmq_socket`), its endpoints, and sending and receiving.

use std::cell::Cell;
use std::ffi::CString;
use std::fmt;
use std::marker::PhantomData;
use std::ops::BitOr;
use std::os::fd::{AsRawFd, IntoRawFd, OwnedFd};
use std::os::raw::{c_int, c_void};
use std::sync::Arc;
use std::time::Duration;

use crate::context::{Context, RawContext};
use crate::error::{check, Error, Result};
use crate::message::Message;
use crate::multipart::Multipart;
use crate::opt;
use crate::sys;

/// The type of a socket (`zmq_socket(3)`'s `type` argument), named as in libzmq.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[repr(i32)]
pub enum SocketType {
    /// `ZMQ_PAIR`: exclusive pair.
    Pair = sys::ZMQ_PAIR,
    /// `ZMQ_PUB`: publisher of a pub-sub pattern.
    ///
    /// A PUB sends each message only to the subscribers connected and subscribed *at that moment*
    /// and drops it for everyone else, so a subscriber that connects after the publisher started
    /// sending misses the first messages (the *slow joiner*: connecting and subscribing take a
    /// few milliseconds, more over a network). See [`SocketType::Sub`] for the remedies.
    Pub = sys::ZMQ_PUB,
    /// `ZMQ_SUB`: subscriber.
    ///
    /// Set at least one [`crate::opt::Subscribe`] filter (the empty one receives everything): a
    /// SUB without one receives nothing. **Slow joiner**: messages a PUB sends before this
    /// subscriber's connection and subscription reach it are lost for this subscriber; a plain
    /// PUB/SUB program that sends right after starting often receives nothing. Remedies, as in the
    /// ZeroMQ Guide (chapter 2, "Node Coordination"):
    /// - synchronise: the subscriber tells the publisher it is ready over a REQ/REP pair, and the
    ///   publisher starts only when all expected subscribers have (the Guide's `syncpub`/`syncsub`,
    ///   ported as the `syncpub` and `syncsub` examples);
    /// - an XPUB publisher sees each subscription arrive and can answer it with a welcome or the
    ///   last value ([`SocketType::XPub`], `opt::XPubVerbose`, `XPubManual`);
    /// - or make the protocol tolerate the gap: the subscriber asks again, or the publisher
    ///   repeats state periodically.
    ///
    /// A `sleep` between connecting and sending is not a fix: it only makes the loss less likely
    /// on an idle machine.
    Sub = sys::ZMQ_SUB,
    /// `ZMQ_REQ`: request side of request-reply (strict send/receive alternation).
    Req = sys::ZMQ_REQ,
    /// `ZMQ_REP`: reply side of request-reply.
    Rep = sys::ZMQ_REP,
    /// `ZMQ_DEALER`: asynchronous request-reply, load-balances outgoing messages.
    Dealer = sys::ZMQ_DEALER,
    /// `ZMQ_ROUTER`: asynchronous reply, addresses peers by routing id.
    Router = sys::ZMQ_ROUTER,
    /// `ZMQ_PULL`: pipeline receiver.
    Pull = sys::ZMQ_PULL,
    /// `ZMQ_PUSH`: pipeline sender.
    Push = sys::ZMQ_PUSH,
    /// `ZMQ_XPUB`: publisher that sees subscriptions.
    XPub = sys::ZMQ_XPUB,
    /// `ZMQ_XSUB`: subscriber that sends subscriptions as messages.
    XSub = sys::ZMQ_XSUB,
    /// `ZMQ_STREAM`: raw TCP peers.
    Stream = sys::ZMQ_STREAM,
    /// `ZMQ_SERVER` (draft, thread-safe).
    #[cfg(zmq_has_draft)]
    Server = sys::ZMQ_SERVER,
    /// `ZMQ_CLIENT` (draft, thread-safe).
    #[cfg(zmq_has_draft)]
    Client = sys::ZMQ_CLIENT,
    /// `ZMQ_RADIO` (draft, thread-safe): group publisher (udp, inproc, tcp).
    #[cfg(zmq_has_draft)]
    Radio = sys::ZMQ_RADIO,
    /// `ZMQ_DISH` (draft, thread-safe): group subscriber.
    #[cfg(zmq_has_draft)]
    Dish = sys::ZMQ_DISH,
    /// `ZMQ_GATHER` (draft, thread-safe): like PULL.
    #[cfg(zmq_has_draft)]
    Gather = sys::ZMQ_GATHER,
    /// `ZMQ_SCATTER` (draft, thread-safe): like PUSH.
    #[cfg(zmq_has_draft)]
    Scatter = sys::ZMQ_SCATTER,
    /// `ZMQ_DGRAM` (draft): raw UDP datagrams.
    #[cfg(zmq_has_draft)]
    Dgram = sys::ZMQ_DGRAM,
    /// `ZMQ_PEER` (draft, thread-safe).
    #[cfg(zmq_has_draft)]
    Peer = sys::ZMQ_PEER,
    /// `ZMQ_CHANNEL` (draft, thread-safe): like PAIR.
    #[cfg(zmq_has_draft)]
    Channel = sys::ZMQ_CHANNEL,
}

impl SocketType {
    /// Every socket type of this build.
    pub const ALL: &'static [SocketType] = &[
        SocketType::Pair,
        SocketType::Pub,
        SocketType::Sub,
        SocketType::Req,
        SocketType::Rep,
        SocketType::Dealer,
        SocketType::Router,
        SocketType::Pull,
        SocketType::Push,
        SocketType::XPub,
        SocketType::XSub,
        SocketType::Stream,
        #[cfg(zmq_has_draft)]
        SocketType::Server,
        #[cfg(zmq_has_draft)]
        SocketType::Client,
        #[cfg(zmq_has_draft)]
        SocketType::Radio,
        #[cfg(zmq_has_draft)]
        SocketType::Dish,
        #[cfg(zmq_has_draft)]
        SocketType::Gather,
        #[cfg(zmq_has_draft)]
        SocketType::Scatter,
        #[cfg(zmq_has_draft)]
        SocketType::Dgram,
        #[cfg(zmq_has_draft)]
        SocketType::Peer,
        #[cfg(zmq_has_draft)]
        SocketType::Channel,
    ];

    /// The type for a `ZMQ_*` socket type number (as `ZMQ_TYPE` reports it).
    pub fn from_raw(raw: i32) -> Option<SocketType> {
        SocketType::ALL.iter().copied().find(|t| *t as i32 == raw)
    }

    /// The name libzmq uses on the wire and in metadata (`"REQ"`, `"PUB"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            SocketType::Pair => "PAIR",
            SocketType::Pub => "PUB",
            SocketType::Sub => "SUB",
            SocketType::Req => "REQ",
            SocketType::Rep => "REP",
            SocketType::Dealer => "DEALER",
            SocketType::Router => "ROUTER",
            SocketType::Pull => "PULL",
            SocketType::Push => "PUSH",
            SocketType::XPub => "XPUB",
            SocketType::XSub => "XSUB",
            SocketType::Stream => "STREAM",
            #[cfg(zmq_has_draft)]
            SocketType::Server => "SERVER",
            #[cfg(zmq_has_draft)]
            SocketType::Client => "CLIENT",
            #[cfg(zmq_has_draft)]
            SocketType::Radio => "RADIO",
            #[cfg(zmq_has_draft)]
            SocketType::Dish => "DISH",
            #[cfg(zmq_has_draft)]
            SocketType::Gather => "GATHER",
            #[cfg(zmq_has_draft)]
            SocketType::Scatter => "SCATTER",
            #[cfg(zmq_has_draft)]
            SocketType::Dgram => "DGRAM",
            #[cfg(zmq_has_draft)]
            SocketType::Peer => "PEER",
            #[cfg(zmq_has_draft)]
            SocketType::Channel => "CHANNEL",
        }
    }
}

impl fmt::Display for SocketType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Flags of send and receive calls (`ZMQ_DONTWAIT`, `ZMQ_SNDMORE`), combined with `|`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Flags(c_int);

impl Flags {
    /// No flag: block until the call can complete (or `ZMQ_SNDTIMEO`/`ZMQ_RCVTIMEO` expires).
    pub const NONE: Flags = Flags(0);
    /// `ZMQ_DONTWAIT`: fail with [`Error::WouldBlock`] instead of blocking.
    pub const DONTWAIT: Flags = Flags(sys::ZMQ_DONTWAIT);
    /// `ZMQ_SNDMORE`: more frames of this multipart message follow.
    pub const SNDMORE: Flags = Flags(sys::ZMQ_SNDMORE);

    /// The `int` libzmq takes.
    #[inline]
    pub fn bits(self) -> c_int {
        self.0
    }

    /// Whether every flag of `other` is set.
    pub fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for Flags {
    type Output = Flags;
    #[inline]
    fn bitor(self, rhs: Flags) -> Flags {
        Flags(self.0 | rhs.0)
    }
}

/// A failed send, with the message given back: nothing is lost because a call failed
/// (`EAGAIN` on a full HWM with `DONTWAIT`, `EFSM` on a REQ in the wrong state,
/// `EHOSTUNREACH` with `ZMQ_ROUTER_MANDATORY`, ...).
#[derive(Debug, thiserror::Error)]
#[error("send failed: {error}")]
pub struct SendError {
    /// Why libzmq refused the message.
    pub error: Error,
    /// The message, intact, to retry or drop.
    pub msg: Message,
}

impl From<SendError> for Error {
    fn from(e: SendError) -> Error {
        e.error
    }
}

impl From<SendError> for std::io::Error {
    fn from(e: SendError) -> std::io::Error {
        e.error.into()
    }
}

/// A failed multipart send, with every part that was not sent given back (all of them when the
/// first part was refused).
#[derive(Debug, thiserror::Error)]
#[error("multipart send failed: {error} ({} parts unsent)", .unsent.len())]
pub struct SendMultipartError {
    /// Why libzmq refused the message.
    pub error: Error,
    /// The parts not sent, in order.
    pub unsent: Vec<Message>,
}

impl From<SendMultipartError> for Error {
    fn from(e: SendMultipartError) -> Error {
        e.error
    }
}

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

fn c_endpoint(endpoint: &str) -> Result<CString> {
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

    /// The socket's type (`ZMQ_TYPE`).
    pub fn socket_type(&self) -> Result<SocketType> {
        let raw = self.get(opt::Type)?;
        Ok(raw)
    }

    /// Accepts connections on an endpoint (`zmq_bind`): `tcp://127.0.0.1:5555`,
    /// `tcp://*:*` (ephemeral port, see [`Socket::last_endpoint`]), `ipc:///tmp/x`,
    /// `inproc://name`, `epgm://eth0;239.192.1.1:5555`, ...
    ///
    /// Endpoints that would make libzmq abort the process (see [`crate::endpoint`]) are refused
    /// with [`Error::InvalidEndpoint`] first. A SUB/XSUB on a PGM endpoint gets an unbounded
    /// receive queue, as with [`Socket::connect`].
    pub fn bind(&self, endpoint: &str) -> Result<()> {
        self.bind_with_use_fd(endpoint)?;
        self.guard.after_attach(endpoint, false);
        Ok(())
    }

    /// `zmq_bind`, handing a descriptor given with [`opt::UseFd`] to a tcp/ipc/ws listener.
    fn bind_with_use_fd(&self, endpoint: &str) -> Result<()> {
        let Some(fd) = self.use_fd.take() else {
            return self.attach(endpoint, sys::zmq_bind);
        };
        // A descriptor given with opt::UseFd: libzmq's tcp, ipc and ws listeners take it over
        // (and close it when the socket closes); other transports ignore it.
        let family = match use_fd_family(endpoint) {
            Some(family) => family,
            None => {
                self.use_fd.set(Some(fd));
                return self.attach(endpoint, sys::zmq_bind);
            }
        };
        if let Err(e) = check_use_fd(&fd, Some((endpoint, family))) {
            self.use_fd.set(Some(fd));
            return Err(e);
        }
        match self.attach(endpoint, sys::zmq_bind) {
            Ok(()) => {
                // libzmq's listener owns the descriptor now. Clear the option so that another
                // bind does not hand the same descriptor to a second listener (both would close
                // it: the second close fails and libzmq aborts).
                let _ = fd.into_raw_fd();
                self.write_use_fd(-1)
            }
            Err(e) => {
                // The tcp and ipc listeners fail before taking the descriptor: it stays ours.
                self.use_fd.set(Some(fd));
                Err(e)
            }
        }
    }

    /// Stops accepting connections on an endpoint bound earlier (`zmq_unbind`); for wildcard
    /// binds pass the [`Socket::last_endpoint`] value.
    pub fn unbind(&self, endpoint: &str) -> Result<()> {
        let c = c_endpoint(endpoint)?;
        // SAFETY: live socket, NUL-terminated endpoint.
        check(unsafe { sys::zmq_unbind(self.ptr, c.as_ptr()) }).map(drop)
    }

    /// Connects to an endpoint (`zmq_connect`). The peer need not be there yet: libzmq
    /// reconnects in the background until it is.
    ///
    /// Endpoints that would make libzmq abort the process (see [`crate::endpoint`]) are refused
    /// with [`Error::InvalidEndpoint`] first.
    ///
    /// **PGM receivers**: a SUB or XSUB bound or connected to a `pgm://`/`epgm://` endpoint gets
    /// [`opt::RcvHwm`] 0 (an unbounded receive queue) for the rest of its life; setting a
    /// non-zero value afterwards returns [`Error::InvalidInput`]. libzmq 4.3.5 aborts the process
    /// (`pgm_receiver.cpp:104`) or stops delivering when a PGM receive queue fills, which a
    /// subscriber slower than the stream causes. Multicast has no flow control, so a bound would
    /// not slow the sender anyway; a slow subscriber's queue grows until it catches up.
    pub fn connect(&self, endpoint: &str) -> Result<()> {
        self.guard.before_connect(endpoint)?;
        self.attach(endpoint, sys::zmq_connect)?;
        self.guard.after_attach(endpoint, true);
        Ok(())
    }

    /// Disconnects from an endpoint connected earlier (`zmq_disconnect`).
    pub fn disconnect(&self, endpoint: &str) -> Result<()> {
        let c = c_endpoint(endpoint)?;
        // SAFETY: live socket, NUL-terminated endpoint.
        check(unsafe { sys::zmq_disconnect(self.ptr, c.as_ptr()) })?;
        self.guard.after_disconnect(endpoint);
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

    /// The endpoint last bound or connected (`ZMQ_LAST_ENDPOINT`), with wildcards resolved
    /// (`tcp://127.0.0.1:41234`).
    pub fn last_endpoint(&self) -> Result<String> {
        self.get(opt::LastEndpoint)
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
        self.send_with(msg, Flags::NONE)
    }

    /// [`Socket::send`] with flags: [`Flags::DONTWAIT`] (fail with [`Error::WouldBlock`]
    /// instead of blocking), [`Flags::SNDMORE`] (more frames of this message follow), or both.
    #[inline]
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
    pub fn send_from(&self, msg: &mut Message) -> Result<()> {
        self.send_from_with(msg, Flags::NONE)
    }

    /// [`Socket::send_from`] with flags (see [`Socket::send_with`]).
    #[inline]
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
    pub fn send_multipart<I>(&self, parts: I) -> Result<(), SendMultipartError>
    where
        I: IntoIterator,
        I::Item: Into<Message>,
    {
        self.send_multipart_with(parts, Flags::NONE)
    }

    /// [`Socket::send_multipart`] with flags: [`Flags::DONTWAIT`] applies to every part
    /// ([`Flags::SNDMORE`] also marks the last part, to go on with further frames).
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
                Flags::NONE
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
        self.recv_with(msg, Flags::NONE)
    }

    /// [`Socket::recv`] with flags ([`Flags::DONTWAIT`]).
    #[inline]
    pub fn recv_with(&self, msg: &mut Message, flags: Flags) -> Result<()> {
        // SAFETY: live socket and initialised message; libzmq releases the old content.
        check(unsafe { sys::zmq_msg_recv(msg.raw_mut(), self.ptr, flags.bits()) }).map(drop)
    }

    /// Receives one frame as a new [`Message`].
    #[inline]
    pub fn recv_msg(&self) -> Result<Message> {
        self.recv_msg_with(Flags::NONE)
    }

    /// [`Socket::recv_msg`] with flags ([`Flags::DONTWAIT`]).
    #[inline]
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
        self.recv_into_with(buf, Flags::NONE)
    }

    /// [`Socket::recv_into`] with flags ([`Flags::DONTWAIT`]).
    #[inline]
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
    pub fn recv_bytes(&self) -> Result<Vec<u8>> {
        self.recv_bytes_with(Flags::NONE)
    }

    /// [`Socket::recv_bytes`] with flags ([`Flags::DONTWAIT`]).
    pub fn recv_bytes_with(&self, flags: Flags) -> Result<Vec<u8>> {
        Ok(self.recv_msg_with(flags)?.to_vec())
    }

    /// Receives one frame as a string; [`Error::NotUtf8`] (holding the bytes) if it is not UTF-8.
    pub fn recv_string(&self) -> Result<String> {
        self.recv_string_with(Flags::NONE)
    }

    /// [`Socket::recv_string`] with flags ([`Flags::DONTWAIT`]).
    pub fn recv_string_with(&self, flags: Flags) -> Result<String> {
        let bytes = self.recv_bytes_with(flags)?;
        String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
            bytes: e.into_bytes(),
        })
    }

    /// Receives every frame of one multipart message.
    pub fn recv_multipart(&self) -> Result<Vec<Message>> {
        self.recv_multipart_with(Flags::NONE)
    }

    /// [`Socket::recv_multipart`] with flags ([`Flags::DONTWAIT`] applies to the first frame;
    /// the rest arrive with it).
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
    pub fn recv_multipart_into(&self, parts: &mut Multipart) -> Result<()> {
        self.recv_multipart_into_with(parts, Flags::NONE)
    }

    /// [`Socket::recv_multipart_into`] with flags ([`Flags::DONTWAIT`]).
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

    /// Whether the last frame received has more frames following (`ZMQ_RCVMORE`).
    pub fn get_rcvmore(&self) -> Result<bool> {
        self.get(opt::RcvMore)
    }

    /// Subscribes a SUB socket to messages starting with `prefix` (`ZMQ_SUBSCRIBE`; empty: all).
    pub fn subscribe(&self, prefix: impl AsRef<[u8]>) -> Result<()> {
        self.set(opt::Subscribe, prefix.as_ref())
    }

    /// Removes a subscription (`ZMQ_UNSUBSCRIBE`).
    pub fn unsubscribe(&self, prefix: impl AsRef<[u8]>) -> Result<()> {
        self.set(opt::Unsubscribe, prefix.as_ref())
    }

    /// Sets `ZMQ_LINGER`: how long pending outgoing messages are kept after close (`None`:
    /// forever, `Some(ZERO)`: discard at once).
    pub fn set_linger(&self, linger: Option<Duration>) -> Result<()> {
        self.set(opt::Linger, linger)
    }

    pub(crate) fn set_linger_ms(&self, ms: i32) -> Result<()> {
        self.setsockopt_raw(sys::ZMQ_LINGER, &ms.to_ne_bytes())
    }

    /// Sets `ZMQ_RCVTIMEO`: how long a blocking receive waits before [`Error::WouldBlock`]
    /// (`None`: forever).
    pub fn set_rcvtimeo(&self, timeout: Option<Duration>) -> Result<()> {
        self.set(opt::RcvTimeo, timeout)
    }

    /// Sets `ZMQ_SNDTIMEO`: how long a blocking send waits before [`Error::WouldBlock`]
    /// (`None`: forever).
    pub fn set_sndtimeo(&self, timeout: Option<Duration>) -> Result<()> {
        self.set(opt::SndTimeo, timeout)
    }

    /// Reads a typed socket option (`zmq_getsockopt`), e.g. `sock.get(opt::RcvMore)?`.
    /// Only readable options compile. A refusal by libzmq is an [`Error::SocketOption`] naming
    /// the option and the socket type.
    #[inline]
    pub fn get<O: opt::Get>(&self, option: O) -> Result<O::Value> {
        option
            .get_from(self)
            .map_err(|e| opt::option_error::<O>(self, e))
    }

    /// Sets a typed socket option (`zmq_setsockopt`), e.g. `sock.set(opt::SndHwm, 1000)?`.
    /// Only writable options with a matching value type compile. A refusal by libzmq is an
    /// [`Error::SocketOption`] naming the option and the socket type.
    #[inline]
    pub fn set<O: opt::Set<V>, V>(&self, option: O, value: V) -> Result<()> {
        option
            .set_on(self, value)
            .map_err(|e| opt::option_error::<O>(self, e))
    }

    /// The escape hatch for options newer than [`opt`]: `zmq_getsockopt` into `buf`, returning the
    /// number of bytes written.
    pub fn getsockopt_raw(&self, option: i32, buf: &mut [u8]) -> Result<usize> {
        let mut len = buf.len();
        // SAFETY: live socket; buf is writable for len bytes and libzmq writes at most len.
        check(unsafe {
            sys::zmq_getsockopt(self.ptr, option, buf.as_mut_ptr() as *mut c_void, &mut len)
        })?;
        Ok(len.min(buf.len()))
    }

    /// Gives libzmq a listening descriptor for the next `bind` (`ZMQ_USE_FD`, see
    /// [`opt::UseFd`]), or takes a pending one back (`None`, closing it).
    pub(crate) fn set_use_fd(&self, fd: Option<OwnedFd>) -> Result<()> {
        match fd {
            None => {
                self.write_use_fd(-1)?;
                drop(self.use_fd.take());
                Ok(())
            }
            Some(fd) => {
                check_use_fd(&fd, None)?;
                self.write_use_fd(fd.as_raw_fd())?;
                // Replaces (and closes) a descriptor given earlier and never bound.
                self.use_fd.set(Some(fd));
                Ok(())
            }
        }
    }

    fn write_use_fd(&self, fd: c_int) -> Result<()> {
        let v = fd.to_ne_bytes();
        // SAFETY: live socket; v is readable for its 4 bytes.
        check(unsafe {
            sys::zmq_setsockopt(
                self.ptr,
                sys::ZMQ_USE_FD,
                v.as_ptr() as *const c_void,
                v.len(),
            )
        })
        .map(drop)
    }

    /// The escape hatch for options newer than [`opt`]: `zmq_setsockopt` with raw bytes
    /// (integers in native byte order). A non-zero `ZMQ_RCVHWM` on a PGM receiver is refused,
    /// as with [`Socket::set`] (see [`Socket::connect`]). `ZMQ_USE_FD` accepts only -1 (no
    /// descriptor): libzmq takes ownership of the descriptor, which a raw integer cannot carry;
    /// pass an [`OwnedFd`] to [`opt::UseFd`] instead.
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

/// The address family a descriptor given with [`opt::UseFd`] must have for `endpoint`'s
/// transport, or `None` for transports whose listeners ignore `ZMQ_USE_FD` (inproc, pgm, udp,
/// ...). libzmq 4.3.5 reads `use_fd` in tcp_listener.cpp, ipc_listener.cpp and ws_listener.cpp.
fn use_fd_family(endpoint: &str) -> Option<UseFdFamily> {
    let scheme = endpoint.split("://").next()?;
    match scheme {
        "tcp" | "ws" | "wss" => Some(UseFdFamily::Ip),
        "ipc" => Some(UseFdFamily::Unix),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum UseFdFamily {
    Ip,
    Unix,
}

/// Checks that `fd` is what libzmq's listeners can use without aborting: a stream socket that
/// listens, of family AF_INET/AF_INET6 (tcp, ws) or AF_UNIX (ipc). libzmq checks nothing and
/// asserts on the first failing call in its I/O thread (`epoll.cpp:73` for a closed descriptor,
/// `tcp.cpp` tuning a non-TCP socket, ...). With `bind`, also the family the endpoint needs.
fn check_use_fd(fd: &OwnedFd, bind: Option<(&str, UseFdFamily)>) -> Result<()> {
    let raw = fd.as_raw_fd();
    let refuse =
        |reason: String| Error::invalid("option value", format!("ZMQ_USE_FD {raw}: {reason}"));
    let int_opt = |name: c_int| -> Result<c_int> {
        let mut v: c_int = 0;
        let mut len = std::mem::size_of::<c_int>() as libc::socklen_t;
        // SAFETY: fd is an open descriptor (owned); v and len are valid for writes.
        let rc = unsafe {
            libc::getsockopt(
                raw,
                libc::SOL_SOCKET,
                name,
                &mut v as *mut c_int as *mut c_void,
                &mut len,
            )
        };
        if rc == -1 {
            return Err(refuse(format!(
                "not a socket ({})",
                std::io::Error::last_os_error()
            )));
        }
        Ok(v)
    };
    if int_opt(libc::SO_TYPE)? != libc::SOCK_STREAM {
        return Err(refuse("not a stream socket (SOCK_STREAM)".into()));
    }
    if int_opt(libc::SO_ACCEPTCONN)? == 0 {
        return Err(refuse("not listening: bind and listen() it first".into()));
    }
    let family = match int_opt(libc::SO_DOMAIN)? {
        libc::AF_INET | libc::AF_INET6 => UseFdFamily::Ip,
        libc::AF_UNIX => UseFdFamily::Unix,
        other => {
            return Err(refuse(format!(
                "address family {other} is neither IP nor Unix"
            )))
        }
    };
    if let Some((endpoint, want)) = bind {
        if family != want {
            return Err(Error::InvalidEndpoint {
                endpoint: endpoint.to_owned(),
                reason: format!(
                    "the ZMQ_USE_FD descriptor {raw} is {}, but this transport needs {}",
                    family.describe(),
                    want.describe()
                ),
            });
        }
    }
    Ok(())
}

impl UseFdFamily {
    fn describe(self) -> &'static str {
        match self {
            UseFdFamily::Ip => "an IPv4/IPv6 socket",
            UseFdFamily::Unix => "a Unix domain socket",
        }
    }
}
