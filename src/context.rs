//! `Context`: the libzmq context (`zmq_ctx_new`), shared by every socket made from it.

use std::os::raw::{c_int, c_void};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
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
    /// The thread scheduling options, mirrored to check them before libzmq applies them.
    sched: Mutex<sched::Sched>,
    /// Whether libzmq has started its threads (the first socket): scheduling options no longer
    /// matter then.
    started: AtomicBool,
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

    /// `zmq_socket`, after checking the scheduling options if this starts libzmq's threads.
    fn create_socket(&self, kind: c_int) -> Result<*mut c_void> {
        let raw_socket = || {
            // SAFETY: the context is alive (we hold it); NULL means failure with errno set.
            let ptr = unsafe { sys::zmq_socket(self.ptr, kind) };
            if ptr.is_null() {
                Err(Error::last())
            } else {
                Ok(ptr)
            }
        };
        if self.started.load(Ordering::Acquire) {
            return raw_socket();
        }
        // Held across the check and the start, so no option changes in between.
        let sched = self.sched.lock().unwrap_or_else(PoisonError::into_inner);
        if !self.started.load(Ordering::Acquire) {
            sched.check_applies()?;
        }
        let ptr = raw_socket()?;
        self.started.store(true, Ordering::Release);
        drop(sched);
        Ok(ptr)
    }

    /// `zmq_ctx_set` of a scheduling option: kept in the mirror that the first socket checks.
    fn set_sched(&self, id: c_int, value: c_int) -> Result<()> {
        let mut sched = self.sched.lock().unwrap_or_else(PoisonError::into_inner);
        let next = sched.with(id, value)?;
        // SAFETY: the context is alive.
        check(unsafe { sys::zmq_ctx_set(self.ptr, id, value) })?;
        *sched = next;
        Ok(())
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
#[doc(alias = "zmq_ctx_new")]
#[doc(alias = "zmq_ctx_term")]
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
    #[doc(alias = "zmq_ctx_new")]
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
    #[doc(alias = "zmq_ctx_new")]
    #[doc(alias = "zmq_ctx_set")]
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
    ///
    /// The first socket starts libzmq's I/O threads, which apply the thread scheduling options
    /// (`ThreadSchedPolicy`, `ThreadPriority`, `ThreadAffinityCpuAdd`); libzmq aborts the process
    /// when the OS refuses them (thread.cpp:315, :326, :343). So before the first socket they are
    /// tried on a short-lived thread, exactly as libzmq will apply them, and a refusal is
    /// returned here as [`Error::InvalidInput`] (naming the option and the OS's reason) instead.
    #[doc(alias = "zmq_socket")]
    pub fn socket(&self, kind: SocketType) -> Result<Socket> {
        let ptr = self.raw.create_socket(kind as c_int)?;
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
    #[doc(alias = "zmq_ctx_shutdown")]
    pub fn shutdown(&self) -> Result<()> {
        // SAFETY: the context is alive.
        check(unsafe { sys::zmq_ctx_shutdown(self.raw.ptr) }).map(drop)
    }

    /// Reads a context option (`zmq_ctx_get`), e.g. `ctx.get(ctx_opt::IoThreads)`.
    #[doc(alias = "zmq_ctx_get")]
    pub fn get<O: ctx_opt::Get>(&self, option: O) -> Result<O::Value> {
        let _ = option;
        // SAFETY: the context is alive.
        let v = check(unsafe { sys::zmq_ctx_get(self.raw.ptr, O::ID) })?;
        O::from_int(v)
    }

    /// Sets a context option (`zmq_ctx_set`), e.g. `ctx.set(ctx_opt::MaxSockets, 64)`.
    ///
    /// The thread scheduling options are checked against what the OS accepts when the first
    /// socket is created (see [`Context::socket`]); values the OS can never accept (a CPU
    /// beyond `CPU_SETSIZE`, a policy it does not know) are refused here.
    #[doc(alias = "zmq_ctx_set")]
    pub fn set<O: ctx_opt::Set>(&self, option: O, value: O::Value) -> Result<()> {
        let _ = option;
        let v = O::to_int(value)?;
        crate::guard::check_ctx_option(self.raw.ptr, O::ID, v)?;
        if sched::is_sched_option(O::ID) {
            return self.raw.set_sched(O::ID, v);
        }
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
    /// `ptr` must be a live context that nothing else terminates. If the context has no socket
    /// yet and C code set `ZMQ_THREAD_SCHED_POLICY`, `ZMQ_THREAD_PRIORITY` or
    /// `ZMQ_THREAD_AFFINITY_CPU_ADD` on it directly (`zmq_ctx_set`), the values must be ones the
    /// OS accepts: libzmq applies them when the first socket starts its I/O threads and aborts the
    /// process if the OS refuses (`thread.cpp`). Options set through [`Context::set`] are checked
    /// before libzmq sees them; options set behind this value's back cannot be.
    pub unsafe fn from_raw(ptr: *mut c_void) -> Context {
        Context {
            raw: Arc::new(RawContext {
                ptr,
                default_linger_ms: AtomicI32::new(DEFAULT_LINGER.as_millis() as i32),
                sched: Mutex::new(sched::Sched::default()),
                started: AtomicBool::new(false),
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

/// The I/O threads' scheduling options, checked before libzmq applies them.
///
/// libzmq stores `ZMQ_THREAD_SCHED_POLICY`, `ZMQ_THREAD_PRIORITY` and the affinity set without
/// looking at them (any value >= 0), and applies them in each new I/O thread
/// (`thread_t::applySchedulingParameters`, thread.cpp) with `posix_assert`/`errno_assert` on
/// `pthread_setschedparam`, `nice (-20)` and `pthread_setaffinity_np`: a value the OS refuses
/// (an unknown policy, a priority outside the policy's range, a CPU not in the process's set,
/// or a lack of privilege: `EPERM`) kills the process at the first `zmq_socket`. The same steps,
/// in the same order, run here on a throw-away thread first.
mod sched {
    use std::collections::BTreeSet;
    use std::os::raw::c_int;

    use crate::error::{Error, Result};
    use crate::sys;

    /// `ZMQ_THREAD_PRIORITY_DFLT` / `ZMQ_THREAD_SCHED_POLICY_DFLT`.
    const DFLT: c_int = -1;

    pub(super) fn is_sched_option(id: c_int) -> bool {
        matches!(
            id,
            sys::ZMQ_THREAD_SCHED_POLICY
                | sys::ZMQ_THREAD_PRIORITY
                | sys::ZMQ_THREAD_AFFINITY_CPU_ADD
                | sys::ZMQ_THREAD_AFFINITY_CPU_REMOVE
        )
    }

    #[derive(Clone, Debug)]
    pub(super) struct Sched {
        policy: c_int,
        priority: c_int,
        cpus: BTreeSet<c_int>,
    }

    impl Default for Sched {
        fn default() -> Sched {
            Sched {
                policy: DFLT,
                priority: DFLT,
                cpus: BTreeSet::new(),
            }
        }
    }

    fn refuse(option: &str, value: c_int, reason: impl std::fmt::Display) -> Error {
        Error::invalid("context option", format!("{option} {value}: {reason}"))
    }

    impl Sched {
        /// The state after `zmq_ctx_set (id, value)`, or why the value can never apply. Values
        /// libzmq refuses itself (negative ones) pass through to get libzmq's `EINVAL`.
        pub(super) fn with(&self, id: c_int, value: c_int) -> Result<Sched> {
            let mut next = self.clone();
            if value < 0 {
                return Ok(next);
            }
            match id {
                sys::ZMQ_THREAD_SCHED_POLICY => {
                    // SAFETY: sched_get_priority_min only reads its argument.
                    if unsafe { libc::sched_get_priority_min(value) } == -1 {
                        return Err(refuse(
                            "ZMQ_THREAD_SCHED_POLICY",
                            value,
                            "not a scheduling policy of this OS (libc::SCHED_OTHER, SCHED_FIFO, \
                             SCHED_RR, ...)",
                        ));
                    }
                    next.policy = value;
                }
                sys::ZMQ_THREAD_PRIORITY => next.priority = value,
                sys::ZMQ_THREAD_AFFINITY_CPU_ADD => {
                    #[cfg(target_os = "linux")]
                    if value as usize >= libc::CPU_SETSIZE as usize {
                        return Err(refuse(
                            "ZMQ_THREAD_AFFINITY_CPU_ADD",
                            value,
                            format_args!("beyond CPU_SETSIZE ({})", libc::CPU_SETSIZE),
                        ));
                    }
                    next.cpus.insert(value);
                }
                sys::ZMQ_THREAD_AFFINITY_CPU_REMOVE => {
                    next.cpus.remove(&value);
                }
                _ => {}
            }
            Ok(next)
        }

        fn is_default(&self) -> bool {
            self.policy == DFLT && self.priority == DFLT && self.cpus.is_empty()
        }

        /// Applies the settings to a throw-away thread exactly as libzmq's I/O threads will, and
        /// reports the first step the OS refuses.
        pub(super) fn check_applies(&self) -> Result<()> {
            if self.is_default() {
                return Ok(());
            }
            let this = self.clone();
            match std::thread::Builder::new()
                .name("zmq-sched-check".into())
                .spawn(move || this.apply_here())
            {
                Ok(handle) => handle.join().unwrap_or_else(|_| {
                    Err(Error::invalid(
                        "context option",
                        "the scheduling check panicked",
                    ))
                }),
                // No thread to try on: libzmq could not start its own either.
                Err(e) => Err(Error::invalid(
                    "context option",
                    format!("cannot start a thread to check the scheduling options: {e}"),
                )),
            }
        }

        /// thread.cpp, `applySchedulingParameters`, step by step.
        fn apply_here(&self) -> Result<()> {
            let settings = || {
                format!(
                    "ZMQ_THREAD_SCHED_POLICY {}, ZMQ_THREAD_PRIORITY {}",
                    self.policy, self.priority
                )
            };
            // SAFETY: sched_param is plain data.
            let mut param: libc::sched_param = unsafe { std::mem::zeroed() };
            let mut policy: c_int = 0;
            // SAFETY: pthread_self is this live thread; policy and param are valid for writes.
            let rc = unsafe {
                libc::pthread_getschedparam(libc::pthread_self(), &mut policy, &mut param)
            };
            if rc != 0 {
                return Err(Error::invalid(
                    "context option",
                    format!(
                        "pthread_getschedparam: {}",
                        std::io::Error::from_raw_os_error(rc)
                    ),
                ));
            }
            if self.policy != DFLT {
                policy = self.policy;
            }
            let use_nice = policy != libc::SCHED_FIFO && policy != libc::SCHED_RR;
            if use_nice {
                param.sched_priority = 0;
            } else if self.priority != DFLT {
                param.sched_priority = self.priority;
            }
            // SAFETY: as above; param is initialised.
            let rc = unsafe { libc::pthread_setschedparam(libc::pthread_self(), policy, &param) };
            if rc != 0 {
                return Err(Error::invalid(
                    "context option",
                    format!(
                        "{}: the OS refuses scheduling policy {policy} with priority {} ({}), \
                         and libzmq would abort the process when it starts its I/O threads \
                         (thread.cpp:315); FIFO and RR need a priority in their range \
                         (sched_get_priority_min/max) and privileges (CAP_SYS_NICE or \
                         RLIMIT_RTPRIO)",
                        settings(),
                        param.sched_priority,
                        std::io::Error::from_raw_os_error(rc)
                    ),
                ));
            }
            if use_nice && self.priority != DFLT && self.priority > 0 {
                // libzmq calls nice (-20) and asserts `rc != -1` (errno_assert): mirror that.
                // SAFETY: nice has no memory preconditions; on Linux it changes this thread only.
                let rc = unsafe { libc::nice(-20) };
                if rc == -1 {
                    return Err(Error::invalid(
                        "context option",
                        format!(
                            "{}: a positive priority with a non-realtime policy makes libzmq \
                             call nice(-20), which the OS refuses ({}); libzmq would abort the \
                             process (thread.cpp:326). Needs CAP_SYS_NICE or RLIMIT_NICE",
                            settings(),
                            std::io::Error::last_os_error()
                        ),
                    ));
                }
            }
            #[cfg(target_os = "linux")]
            if !self.cpus.is_empty() {
                // SAFETY: cpu_set_t is plain data; CPU_SET is given indexes below CPU_SETSIZE
                // (checked in `with`).
                let rc = unsafe {
                    let mut set: libc::cpu_set_t = std::mem::zeroed();
                    libc::CPU_ZERO(&mut set);
                    for &cpu in &self.cpus {
                        libc::CPU_SET(cpu as usize, &mut set);
                    }
                    libc::pthread_setaffinity_np(
                        libc::pthread_self(),
                        std::mem::size_of::<libc::cpu_set_t>(),
                        &set,
                    )
                };
                if rc != 0 {
                    return Err(Error::invalid(
                        "context option",
                        format!(
                            "ZMQ_THREAD_AFFINITY_CPU_ADD {:?}: the OS refuses this CPU set ({}); \
                             libzmq would abort the process (thread.cpp:343). Use CPUs this \
                             process may run on (sched_getaffinity)",
                            self.cpus,
                            std::io::Error::from_raw_os_error(rc)
                        ),
                    ));
                }
            }
            Ok(())
        }
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
        #[doc(alias = "ZMQ_IO_THREADS")]
        IoThreads = ZMQ_IO_THREADS: i32, get set;
        /// `ZMQ_MAX_SOCKETS`: maximum number of sockets (default 1023).
        #[doc(alias = "ZMQ_MAX_SOCKETS")]
        MaxSockets = ZMQ_MAX_SOCKETS: i32, get set;
        /// `ZMQ_SOCKET_LIMIT`: the largest `MaxSockets` this build accepts (read-only).
        #[doc(alias = "ZMQ_SOCKET_LIMIT")]
        SocketLimit = ZMQ_SOCKET_LIMIT: i32, get;
        /// `ZMQ_IPV6`: new sockets use IPv6 (default false).
        #[doc(alias = "ZMQ_IPV6")]
        Ipv6 = ZMQ_IPV6: bool, get set;
        /// `ZMQ_BLOCKY`: `zmq_ctx_term` waits for lingering messages (default true); false sets
        /// linger 0 on every socket at termination.
        #[doc(alias = "ZMQ_BLOCKY")]
        Blocky = ZMQ_BLOCKY: bool, get set;
        /// `ZMQ_THREAD_PRIORITY`: scheduling priority of the I/O threads (write-only, OS-specific).
        #[doc(alias = "ZMQ_THREAD_PRIORITY")]
        ThreadPriority = ZMQ_THREAD_PRIORITY: i32, set;
        /// `ZMQ_THREAD_SCHED_POLICY`: scheduling policy of the I/O threads (write-only, e.g.
        /// `libc::SCHED_OTHER`).
        #[doc(alias = "ZMQ_THREAD_SCHED_POLICY")]
        ThreadSchedPolicy = ZMQ_THREAD_SCHED_POLICY: i32, set;
        /// `ZMQ_THREAD_AFFINITY_CPU_ADD`: add a CPU to the I/O threads' affinity set (write-only).
        #[doc(alias = "ZMQ_THREAD_AFFINITY_CPU_ADD")]
        ThreadAffinityCpuAdd = ZMQ_THREAD_AFFINITY_CPU_ADD: i32, set;
        /// `ZMQ_THREAD_AFFINITY_CPU_REMOVE`: remove a CPU from that set (write-only).
        #[doc(alias = "ZMQ_THREAD_AFFINITY_CPU_REMOVE")]
        ThreadAffinityCpuRemove = ZMQ_THREAD_AFFINITY_CPU_REMOVE: i32, set;
        /// `ZMQ_THREAD_NAME_PREFIX`: numeric prefix of the I/O threads' names (`ZMQbg/<prefix>/...`).
        #[doc(alias = "ZMQ_THREAD_NAME_PREFIX")]
        ThreadNamePrefix = ZMQ_THREAD_NAME_PREFIX: i32, get set;
        /// `ZMQ_MAX_MSGSZ`: largest message size the context accepts (default `i32::MAX`).
        #[doc(alias = "ZMQ_MAX_MSGSZ")]
        MaxMsgSz = ZMQ_MAX_MSGSZ: i32, get set;
        /// `ZMQ_MSG_T_SIZE`: `sizeof(zmq_msg_t)` as libzmq sees it (read-only).
        #[doc(alias = "ZMQ_MSG_T_SIZE")]
        MsgTSize = ZMQ_MSG_T_SIZE: i32, get;
    }

    #[cfg(zmq_has_draft)]
    ctx_options! {
        /// `ZMQ_ZERO_COPY_RECV` (draft): receive large messages without copying (default true).
        ZeroCopyRecv = ZMQ_ZERO_COPY_RECV: bool, get set;
    }
}
