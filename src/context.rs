//! `Context`: the libzmq context (`zmq_ctx_new`), shared by every socket made from it.

use std::os::raw::{c_int, c_void};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::error::{check, Error, Result};
use crate::socket::{Socket, SocketType};
use crate::sys;

/// The linger every new socket gets unless changed with [`Context::set_default_linger`]: 1 second.
///
/// libzmq's own default (`ZMQ_LINGER` = -1) makes closing a socket with undelivered messages to an
/// absent peer hang `zmq_ctx_term` forever, the most reported hang in every binding. One second
/// delivers what a connected peer can take (loopback and LAN deliver in micro- to milliseconds)
/// and bounds the wait when the peer is gone. Set `None` to get libzmq's wait-forever back.
///
/// Linger is not a delivery guarantee over `ipc://`: libzmq 4.3.5 can drop the tail of an ipc
/// stream when the sender closes its socket right after sending, even with an infinite linger
/// (upstream libzmq issue 4660; pyzmq shows the same loss). When every message must arrive, have
/// the receiver confirm (a reply, or a final acknowledged message) before the sender closes.
pub const DEFAULT_LINGER: Duration = Duration::from_secs(1);

/// The owner of a `void *` context: terminates it (`zmq_ctx_term`) when the last handle and the
/// last socket are gone.
pub(crate) struct RawContext {
    ptr: *mut c_void,
    /// Linger in ms given to new sockets (-1: forever).
    default_linger_ms: AtomicI32,
}

// SAFETY: a libzmq context is thread-safe: every zmq_ctx_* function and zmq_socket may be called
// on it from any thread.
unsafe impl Send for RawContext {}
// SAFETY: see above.
unsafe impl Sync for RawContext {}

impl RawContext {
    pub(crate) fn default_linger_ms(&self) -> i32 {
        self.default_linger_ms.load(Ordering::Relaxed)
    }
}

impl Drop for RawContext {
    fn drop(&mut self) {
        // Every socket holds an Arc to this, so all of them are closed: zmq_ctx_term waits at most
        // for their linger. It is restarted after EINTR (as zmq_ctx_term(3) recommends).
        loop {
            // SAFETY: ptr is a live context owned by this value and terminated exactly once.
            let rc = unsafe { sys::zmq_ctx_term(self.ptr) };
            // SAFETY: reads this thread's errno.
            if rc == 0 || unsafe { sys::zmq_errno() } != libc::EINTR {
                break;
            }
        }
    }
}

/// A ØMQ context (`zmq_ctx_new`): the container of sockets and I/O threads.
///
/// Cheap to clone (a shared handle), `Send + Sync`. Every [`Socket`] keeps its context alive, so the
/// context is terminated (`zmq_ctx_term`) only after the last handle *and* the last socket are
/// dropped, and then waits at most for the sockets' linger (see [`DEFAULT_LINGER`], and its
/// caveat for `ipc://`: linger does not guarantee that the tail of a stream is delivered).
///
/// ```
/// let ctx = zmq::Context::new()?;
/// let rep = ctx.socket(zmq::SocketType::Rep)?;
/// rep.bind("inproc://doc-context")?;
/// # Ok::<(), zmq::Error>(())
/// ```
#[derive(Clone)]
pub struct Context {
    raw: Arc<RawContext>,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("ptr", &self.raw.ptr)
            .finish()
    }
}

impl Context {
    /// Creates a context (`zmq_ctx_new`).
    pub fn new() -> Result<Context> {
        crate::pgm::route_log_once();
        // SAFETY: no preconditions; NULL means failure with errno set.
        let ptr = unsafe { sys::zmq_ctx_new() };
        if ptr.is_null() {
            return Err(Error::last());
        }
        // SAFETY: ptr is a fresh context we own.
        Ok(unsafe { Context::from_raw(ptr) })
    }

    /// Creates a context and applies options before any socket exists (some, like
    /// `IoThreads`, only take effect then).
    ///
    /// ```
    /// use zmq::ctx_opt;
    /// let ctx = zmq::Context::with(|ctx| {
    ///     ctx.set(ctx_opt::IoThreads, 2)?;
    ///     ctx.set(ctx_opt::MaxSockets, 64)
    /// })?;
    /// assert_eq!(ctx.get(ctx_opt::IoThreads)?, 2);
    /// # Ok::<(), zmq::Error>(())
    /// ```
    pub fn with(configure: impl FnOnce(&Context) -> Result<()>) -> Result<Context> {
        let ctx = Context::new()?;
        configure(&ctx)?;
        Ok(ctx)
    }

    /// Creates a socket of the given type (`zmq_socket`). The socket's `ZMQ_LINGER` is set to the
    /// context's default linger ([`DEFAULT_LINGER`] unless changed).
    ///
    /// Fails with [`Error::ContextTerminated`] after [`Context::shutdown`], and with `EMFILE` when
    /// `MaxSockets` is reached.
    pub fn socket(&self, kind: SocketType) -> Result<Socket> {
        // SAFETY: the context is alive (we hold it); NULL means failure with errno set.
        let ptr = unsafe { sys::zmq_socket(self.raw.ptr, kind as c_int) };
        if ptr.is_null() {
            return Err(Error::last());
        }
        // SAFETY: ptr is a fresh socket of this context.
        let socket = unsafe { Socket::from_raw_parts(ptr, self.raw.clone()) };
        socket.set_linger_ms(self.raw.default_linger_ms())?;
        Ok(socket)
    }

    /// Sets the linger given to sockets created from now on (`None`: wait forever, libzmq's own
    /// default). Sockets that exist keep theirs.
    pub fn set_default_linger(&self, linger: Option<Duration>) {
        let ms = match linger {
            None => -1,
            Some(d) => i32::try_from(d.as_millis()).unwrap_or(i32::MAX),
        };
        self.raw.default_linger_ms.store(ms, Ordering::Relaxed);
    }

    /// The linger given to new sockets (`None`: forever).
    pub fn default_linger(&self) -> Option<Duration> {
        let ms = self.raw.default_linger_ms();
        (ms >= 0).then(|| Duration::from_millis(ms as u64))
    }

    /// Shuts the context down (`zmq_ctx_shutdown`), from any thread: every blocking call on its
    /// sockets returns [`Error::ContextTerminated`] at once. Later calls fail the same way once
    /// the socket has seen the shutdown, which libzmq checks between messages: at the latest
    /// when a call would block, so a receive may still return messages already queued, and a
    /// send issued right after the shutdown may still be queued. Closing always works. Creating
    /// a socket afterwards fails. The context is still terminated only when the last socket and
    /// handle are dropped.
    pub fn shutdown(&self) -> Result<()> {
        // SAFETY: the context is alive.
        check(unsafe { sys::zmq_ctx_shutdown(self.raw.ptr) }).map(drop)
    }

    /// Reads a context option (`zmq_ctx_get`), e.g. `ctx.get(ctx_opt::IoThreads)`.
    pub fn get<O: ctx_opt::Get>(&self, option: O) -> Result<O::Value> {
        let _ = option;
        // SAFETY: the context is alive.
        let v = check(unsafe { sys::zmq_ctx_get(self.raw.ptr, O::ID) })?;
        O::from_int(v)
    }

    /// Sets a context option (`zmq_ctx_set`), e.g. `ctx.set(ctx_opt::MaxSockets, 64)`.
    pub fn set<O: ctx_opt::Set>(&self, option: O, value: O::Value) -> Result<()> {
        let _ = option;
        let v = O::to_int(value)?;
        // SAFETY: the context is alive.
        check(unsafe { sys::zmq_ctx_set(self.raw.ptr, O::ID, v) }).map(drop)
    }

    /// The raw `void *` context, still owned by this handle.
    pub fn as_raw(&self) -> *mut c_void {
        self.raw.ptr
    }

    /// Gives up ownership of the raw context: the caller must `zmq_ctx_term` it. Fails (returning
    /// the handle) while other handles or sockets of this context exist.
    pub fn into_raw(self) -> std::result::Result<*mut c_void, Context> {
        match Arc::try_unwrap(self.raw) {
            Ok(raw) => {
                let ptr = raw.ptr;
                std::mem::forget(raw);
                Ok(ptr)
            }
            Err(raw) => Err(Context { raw }),
        }
    }

    /// Takes ownership of a raw context (from `zmq_ctx_new`); it is terminated when the last
    /// handle and socket are dropped.
    ///
    /// # Safety
    /// `ptr` must be a live context that nothing else terminates.
    pub unsafe fn from_raw(ptr: *mut c_void) -> Context {
        Context {
            raw: Arc::new(RawContext {
                ptr,
                default_linger_ms: AtomicI32::new(DEFAULT_LINGER.as_millis() as i32),
            }),
        }
    }

    pub(crate) fn raw(&self) -> &Arc<RawContext> {
        &self.raw
    }

    pub(crate) fn from_shared(raw: Arc<RawContext>) -> Context {
        Context { raw }
    }
}

/// Typed context options (`zmq_ctx_set` / `zmq_ctx_get`): one zero-sized type per option.
pub mod ctx_opt {
    use super::*;

    /// A context option: its libzmq id.
    pub trait ContextOption: Copy {
        /// The `ZMQ_*` constant.
        const ID: c_int;
    }
    /// A readable context option (`zmq_ctx_get`).
    pub trait Get: ContextOption {
        /// The value type.
        type Value;
        #[doc(hidden)]
        fn from_int(v: c_int) -> Result<Self::Value>;
    }
    /// A writable context option (`zmq_ctx_set`).
    pub trait Set: ContextOption {
        /// The value type.
        type Value;
        #[doc(hidden)]
        fn to_int(v: Self::Value) -> Result<c_int>;
    }

    macro_rules! ctx_options {
        ($( $(#[$doc:meta])* $name:ident = $id:ident : $ty:ident, $($dir:ident)+; )*) => {$(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy)]
            pub struct $name;
            impl ContextOption for $name { const ID: c_int = sys::$id as c_int; }
            $( ctx_options!(@$dir $name $ty); )+
        )*};
        (@get $name:ident bool) => {
            impl Get for $name { type Value = bool; fn from_int(v: c_int) -> Result<bool> { Ok(v != 0) } }
        };
        (@set $name:ident bool) => {
            impl Set for $name { type Value = bool; fn to_int(v: bool) -> Result<c_int> { Ok(v as c_int) } }
        };
        (@get $name:ident i32) => {
            impl Get for $name { type Value = i32; fn from_int(v: c_int) -> Result<i32> { Ok(v) } }
        };
        (@set $name:ident i32) => {
            impl Set for $name { type Value = i32; fn to_int(v: i32) -> Result<c_int> { Ok(v) } }
        };
    }

    ctx_options! {
        /// `ZMQ_IO_THREADS`: size of the I/O thread pool (set before the first socket; default 1).
        IoThreads = ZMQ_IO_THREADS: i32, get set;
        /// `ZMQ_MAX_SOCKETS`: maximum number of sockets (default 1023).
        MaxSockets = ZMQ_MAX_SOCKETS: i32, get set;
        /// `ZMQ_SOCKET_LIMIT`: the largest `MaxSockets` this build accepts (read-only).
        SocketLimit = ZMQ_SOCKET_LIMIT: i32, get;
        /// `ZMQ_IPV6`: new sockets use IPv6 (default false).
        Ipv6 = ZMQ_IPV6: bool, get set;
        /// `ZMQ_BLOCKY`: `zmq_ctx_term` waits for lingering messages (default true); false sets
        /// linger 0 on every socket at termination.
        Blocky = ZMQ_BLOCKY: bool, get set;
        /// `ZMQ_THREAD_PRIORITY`: scheduling priority of the I/O threads (write-only, OS-specific).
        ThreadPriority = ZMQ_THREAD_PRIORITY: i32, set;
        /// `ZMQ_THREAD_SCHED_POLICY`: scheduling policy of the I/O threads (write-only, e.g.
        /// `libc::SCHED_OTHER`).
        ThreadSchedPolicy = ZMQ_THREAD_SCHED_POLICY: i32, set;
        /// `ZMQ_THREAD_AFFINITY_CPU_ADD`: add a CPU to the I/O threads' affinity set (write-only).
        ThreadAffinityCpuAdd = ZMQ_THREAD_AFFINITY_CPU_ADD: i32, set;
        /// `ZMQ_THREAD_AFFINITY_CPU_REMOVE`: remove a CPU from that set (write-only).
        ThreadAffinityCpuRemove = ZMQ_THREAD_AFFINITY_CPU_REMOVE: i32, set;
        /// `ZMQ_THREAD_NAME_PREFIX`: numeric prefix of the I/O threads' names (`ZMQbg/<prefix>/...`).
        ThreadNamePrefix = ZMQ_THREAD_NAME_PREFIX: i32, get set;
        /// `ZMQ_MAX_MSGSZ`: largest message size the context accepts (default `i32::MAX`).
        MaxMsgSz = ZMQ_MAX_MSGSZ: i32, get set;
        /// `ZMQ_MSG_T_SIZE`: `sizeof(zmq_msg_t)` as libzmq sees it (read-only).
        MsgTSize = ZMQ_MSG_T_SIZE: i32, get;
    }

    #[cfg(zmq_has_draft)]
    ctx_options! {
        /// `ZMQ_ZERO_COPY_RECV` (draft): receive large messages without copying (default true).
        ZeroCopyRecv = ZMQ_ZERO_COPY_RECV: bool, get set;
    }
}
