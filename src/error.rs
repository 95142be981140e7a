//! Errors: one type for everything libzmq (or this crate, before calling libzmq) can refuse.
//!
//! Every `errno` has one representation: [`Error::from_errno`] maps `ETERM`, `EAGAIN`, `EINTR`
//! and `EFSM` to their own variants and everything else to [`Error::Errno`], whose [`Errno`]
//! cannot be built from outside this crate. Failures of [`crate::Socket::bind`],
//! [`crate::Socket::connect`], [`crate::Socket::unbind`] and [`crate::Socket::disconnect`] carry
//! the endpoint ([`Error::Endpoint`]), except the four above, which are about the context or the
//! socket's state rather than the endpoint; ask any error for its [`Error::errno`] or use the `is_*`
//! helpers rather than matching variants when the context does not matter.

use std::ffi::CStr;
use std::fmt;
use std::os::raw::c_int;

use crate::socket::SocketType;
use crate::sys;

/// `Result` with this crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error from libzmq (keeping its `errno`), or an input this crate refused before libzmq saw it.
///
/// `Display` prints libzmq's own message (`zmq_strerror`), followed by the context when there is
/// one (the endpoint of a bind or connect). `Debug` names the `errno` symbolically
/// (`Errno(EADDRINUSE: Address already in use)`,
/// `InvalidState(EFSM: Operation cannot be accomplished in current state)`). Converts into [`std::io::Error`] keeping
/// libzmq's text (`EAGAIN` → [`std::io::ErrorKind::WouldBlock`], `EINTR` →
/// [`std::io::ErrorKind::Interrupted`], OS errors keep [`std::io::Error::raw_os_error`]). Nothing
/// here panics.
///
/// ```
/// use zmq::{Context, SocketType};
/// let ctx = Context::new()?;
/// let a = ctx.socket(SocketType::Pull)?;
/// a.bind("tcp://127.0.0.1:*")?;
/// let taken = a.last_endpoint()?;
/// let b = ctx.socket(SocketType::Pull)?;
/// let err = b.bind(&taken).unwrap_err();
/// assert_eq!(err.errno(), libc::EADDRINUSE);
/// assert_eq!(err.to_string(), format!("Address already in use (bind to \"{taken}\")"));
///
/// // A non-blocking receive with nothing queued: `WouldBlock`, however it is asked.
/// let err = b.recv_msg_with(zmq::DONTWAIT).unwrap_err();
/// assert!(matches!(err, zmq::Error::WouldBlock) && err.is_would_block());
/// # Ok::<(), zmq::Error>(())
/// ```
#[non_exhaustive]
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// `ETERM`: the context was shut down or terminated (`zmq_ctx_shutdown`, `zmq_ctx_term`).
    #[error("{}", strerror(sys::ETERM))]
    ContextTerminated,
    /// `EAGAIN`: a non-blocking call (`ZMQ_DONTWAIT`) or a timeout (`ZMQ_RCVTIMEO`, `ZMQ_SNDTIMEO`)
    /// found nothing to do.
    #[error("{}", strerror(libc::EAGAIN))]
    WouldBlock,
    /// `EINTR`: a signal interrupted a blocking call.
    #[error("{}", strerror(libc::EINTR))]
    Interrupted,
    /// `EFSM`: the operation is not valid in the socket's current state (e.g. two sends on REQ).
    #[error("{}", strerror(sys::EFSM))]
    InvalidState,
    /// Any other `errno` reported by libzmq (`zmq_errno`), printed with `zmq_strerror`. Never
    /// `EAGAIN`, `EINTR`, `ETERM` or `EFSM`, which have their own variants.
    #[error("{0}")]
    Errno(Errno),
    /// A failed `zmq_bind`, `zmq_connect`, `zmq_unbind` or `zmq_disconnect`, with the endpoint:
    /// `Address already in use (bind to "tcp://127.0.0.1:5555")`. (`ETERM`, `EAGAIN`, `EINTR` and
    /// `EFSM` keep their own variants there too.)
    #[non_exhaustive]
    #[error("{errno} ({} {endpoint:?})", .call.preposition())]
    Endpoint {
        /// Which call failed.
        call: EndpointCall,
        /// The endpoint as given.
        endpoint: String,
        /// libzmq's `errno`.
        errno: Errno,
    },
    /// An argument this crate rejected before calling libzmq (maps to `EINVAL`).
    #[error("invalid {what}: {reason}")]
    InvalidInput {
        /// What was invalid (e.g. "endpoint", "option value").
        what: &'static str,
        /// Why.
        reason: String,
    },
    /// An endpoint this crate rejected before libzmq saw it (maps to `EINVAL`), e.g. one that would
    /// make libzmq abort the process.
    #[error("invalid endpoint {endpoint:?}: {reason}")]
    InvalidEndpoint {
        /// The endpoint as given.
        endpoint: String,
        /// Why it was refused.
        reason: String,
    },
    /// libzmq refused a typed socket option ([`crate::Socket::set`] / [`crate::Socket::get`]):
    /// the `errno` with the option's C name and the socket's type, e.g. `Invalid argument
    /// (ZMQ_SUBSCRIBE on a PUB socket: applies to SUB sockets only)`. [`Error::errno`] and the
    /// `is_*` helpers see the `errno`.
    #[non_exhaustive]
    #[error("{}", socket_option_text(*.errno, .option, *.socket_type, .applies_to))]
    SocketOption {
        /// The option's C name (`"ZMQ_SUBSCRIBE"`).
        option: &'static str,
        /// The socket's type (`None` if it could not be read).
        socket_type: Option<SocketType>,
        /// The `errno` libzmq reported.
        errno: Errno,
        /// The socket types the option applies to (empty: all).
        applies_to: &'static [SocketType],
    },
    /// A received message was not UTF-8 (from the `*_string` receive helpers); the bytes are kept.
    #[error("message is not valid UTF-8 ({} bytes)", .bytes.len())]
    NotUtf8 {
        /// The message's bytes, intact.
        bytes: Vec<u8>,
    },
}

/// An `errno` value as reported by libzmq (`zmq_errno`). `Display` is libzmq's text
/// (`zmq_strerror`), `Debug` its symbolic name and text.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Errno(i32);

impl Errno {
    /// The raw value (`libc::EADDRINUSE`, `zmq::sys::ENOCOMPATPROTO`, ...).
    pub fn raw(self) -> i32 {
        self.0
    }

    /// The symbolic name (`"EADDRINUSE"`, `"ENOCOMPATPROTO"`), if it is one libzmq reports.
    pub fn name(self) -> Option<&'static str> {
        errno_name(self.0)
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&strerror(self.0))
    }
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name}: {self}"),
            None => write!(f, "{}: {self}", self.0),
        }
    }
}

/// The call an [`Error::Endpoint`] comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EndpointCall {
    /// `zmq_bind`.
    Bind,
    /// `zmq_connect`.
    Connect,
    /// `zmq_unbind`.
    Unbind,
    /// `zmq_disconnect`.
    Disconnect,
}

impl EndpointCall {
    /// The C function (`"zmq_bind"`, ...).
    pub fn c_name(self) -> &'static str {
        match self {
            EndpointCall::Bind => "zmq_bind",
            EndpointCall::Connect => "zmq_connect",
            EndpointCall::Unbind => "zmq_unbind",
            EndpointCall::Disconnect => "zmq_disconnect",
        }
    }

    fn preposition(self) -> &'static str {
        match self {
            EndpointCall::Bind => "bind to",
            EndpointCall::Connect => "connect to",
            EndpointCall::Unbind => "unbind from",
            EndpointCall::Disconnect => "disconnect from",
        }
    }
}

/// Symbolic names of the `errno` values libzmq's API documents (and a few the OS passes through).
fn errno_name(errno: i32) -> Option<&'static str> {
    Some(match errno {
        sys::EFSM => "EFSM",
        sys::ENOCOMPATPROTO => "ENOCOMPATPROTO",
        sys::ETERM => "ETERM",
        sys::EMTHREAD => "EMTHREAD",
        libc::EAGAIN => "EAGAIN",
        libc::EINTR => "EINTR",
        libc::EINVAL => "EINVAL",
        libc::EFAULT => "EFAULT",
        libc::ENOMEM => "ENOMEM",
        libc::EMFILE => "EMFILE",
        libc::ENFILE => "ENFILE",
        libc::ENOENT => "ENOENT",
        libc::EACCES => "EACCES",
        libc::EPERM => "EPERM",
        libc::EIO => "EIO",
        libc::EBUSY => "EBUSY",
        libc::ENODEV => "ENODEV",
        libc::ENOTSOCK => "ENOTSOCK",
        libc::ENOTSUP => "ENOTSUP",
        libc::EPROTONOSUPPORT => "EPROTONOSUPPORT",
        libc::ENOBUFS => "ENOBUFS",
        libc::ENETDOWN => "ENETDOWN",
        libc::ENETUNREACH => "ENETUNREACH",
        libc::ENETRESET => "ENETRESET",
        libc::EADDRINUSE => "EADDRINUSE",
        libc::EADDRNOTAVAIL => "EADDRNOTAVAIL",
        libc::ECONNABORTED => "ECONNABORTED",
        libc::ECONNREFUSED => "ECONNREFUSED",
        libc::ECONNRESET => "ECONNRESET",
        libc::ENOTCONN => "ENOTCONN",
        libc::ETIMEDOUT => "ETIMEDOUT",
        libc::EHOSTUNREACH => "EHOSTUNREACH",
        libc::EAFNOSUPPORT => "EAFNOSUPPORT",
        libc::EMSGSIZE => "EMSGSIZE",
        libc::ENAMETOOLONG => "ENAMETOOLONG",
        libc::ENOSPC => "ENOSPC",
        libc::EBADF => "EBADF",
        libc::EPIPE => "EPIPE",
        libc::ESRCH => "ESRCH",
        _ => return None,
    })
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Errno(errno) => write!(f, "Errno({errno:?})"),
            Error::Endpoint {
                call,
                endpoint,
                errno,
            } => f
                .debug_struct("Endpoint")
                .field("call", call)
                .field("endpoint", endpoint)
                .field("errno", errno)
                .finish(),
            Error::InvalidInput { what, reason } => f
                .debug_struct("InvalidInput")
                .field("what", what)
                .field("reason", reason)
                .finish(),
            Error::InvalidEndpoint { endpoint, reason } => f
                .debug_struct("InvalidEndpoint")
                .field("endpoint", endpoint)
                .field("reason", reason)
                .finish(),
            Error::NotUtf8 { bytes } => f
                .debug_struct("NotUtf8")
                .field("len", &bytes.len())
                .finish(),
            Error::ContextTerminated => write!(f, "ContextTerminated({:?})", Errno(sys::ETERM)),
            Error::WouldBlock => write!(f, "WouldBlock({:?})", Errno(libc::EAGAIN)),
            Error::Interrupted => write!(f, "Interrupted({:?})", Errno(libc::EINTR)),
            Error::InvalidState => write!(f, "InvalidState({:?})", Errno(sys::EFSM)),
            Error::SocketOption {
                option,
                socket_type,
                errno,
                ..
            } => f
                .debug_struct("SocketOption")
                .field("option", option)
                .field("socket_type", socket_type)
                .field("errno", errno)
                .field("message", &self.to_string())
                .finish(),
        }
    }
}

impl Error {
    /// Builds the error for an `errno` value reported by libzmq: `ETERM`, `EAGAIN`, `EINTR` and
    /// `EFSM` get their own variants, every other value [`Error::Errno`].
    #[inline]
    pub fn from_errno(errno: i32) -> Error {
        match errno {
            sys::ETERM => Error::ContextTerminated,
            libc::EAGAIN => Error::WouldBlock,
            libc::EINTR => Error::Interrupted,
            sys::EFSM => Error::InvalidState,
            other => Error::Errno(Errno(other)),
        }
    }

    /// The error of the last failed libzmq call on this thread (`zmq_errno`).
    #[inline]
    pub(crate) fn last() -> Error {
        // SAFETY: zmq_errno only reads the calling thread's errno.
        Error::from_errno(unsafe { sys::zmq_errno() })
    }

    /// This error with the endpoint of a bind/connect/unbind/disconnect as context. The errors
    /// that are about the socket or context rather than the endpoint (`ETERM`, `EAGAIN`, `EINTR`,
    /// `EFSM`) keep their own variants, so that `Err(Error::ContextTerminated)` matches whatever
    /// call saw it; errors that already carry context (or are not libzmq's) stay as they are.
    #[cold]
    pub(crate) fn at(self, call: EndpointCall, endpoint: &str) -> Error {
        match self {
            Error::Errno(errno) => Error::Endpoint {
                call,
                endpoint: endpoint.to_owned(),
                errno,
            },
            other => other,
        }
    }

    /// The `errno` value (`EINVAL` for inputs refused by this crate).
    #[doc(alias = "zmq_errno")]
    pub fn errno(&self) -> i32 {
        match self {
            Error::ContextTerminated => sys::ETERM,
            Error::WouldBlock => libc::EAGAIN,
            Error::Interrupted => libc::EINTR,
            Error::InvalidState => sys::EFSM,
            Error::Errno(e)
            | Error::Endpoint { errno: e, .. }
            | Error::SocketOption { errno: e, .. } => e.0,
            Error::InvalidInput { .. } | Error::InvalidEndpoint { .. } | Error::NotUtf8 { .. } => {
                libc::EINVAL
            }
        }
    }

    /// `EAGAIN`: nothing to do right now (non-blocking call or timeout).
    pub fn is_would_block(&self) -> bool {
        self.errno() == libc::EAGAIN
    }

    /// `ETERM`: the context is shut down.
    pub fn is_context_terminated(&self) -> bool {
        self.errno() == sys::ETERM
    }

    /// `EINTR`: interrupted by a signal.
    pub fn is_interrupted(&self) -> bool {
        self.errno() == libc::EINTR
    }

    /// `EFSM`: not valid in the socket's current state.
    pub fn is_invalid_state(&self) -> bool {
        self.errno() == sys::EFSM
    }

    pub(crate) fn invalid(what: &'static str, reason: impl Into<String>) -> Error {
        Error::InvalidInput {
            what,
            reason: reason.into(),
        }
    }
}

/// The text of [`Error::SocketOption`]: `strerror (OPTION on a TYPE socket[: applies to A and B
/// sockets only])`.
fn socket_option_text(
    errno: Errno,
    option: &str,
    socket_type: Option<SocketType>,
    applies_to: &[SocketType],
) -> String {
    let mut text = format!("{errno} ({option}");
    if let Some(ty) = socket_type {
        text.push_str(&format!(" on a {ty} socket"));
    }
    if !applies_to.is_empty() && !socket_type.is_some_and(|ty| applies_to.contains(&ty)) {
        let names: Vec<&str> = applies_to.iter().map(|t| t.name()).collect();
        let list = match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.join(""),
        };
        text.push_str(&format!(": applies to {list} sockets only"));
    }
    text.push(')');
    text
}

/// libzmq's message for an `errno` (`zmq_strerror`).
#[doc(alias = "zmq_strerror")]
pub fn strerror(errno: i32) -> String {
    // SAFETY: zmq_strerror returns a pointer to a static NUL-terminated string for any value.
    let ptr = unsafe { sys::zmq_strerror(errno as c_int) };
    if ptr.is_null() {
        return format!("errno {errno}");
    }
    // SAFETY: non-null, NUL-terminated, static (see above).
    unsafe { CStr::from_ptr(ptr) }
        .to_string_lossy()
        .into_owned()
}

impl From<Error> for std::io::Error {
    /// Keeps libzmq's text and the context; a plain OS `errno` becomes
    /// [`std::io::Error::from_raw_os_error`] (so `raw_os_error()` works), libzmq's own
    /// (`EFSM`, `ETERM`, `ENOCOMPATPROTO`, `EMTHREAD`) keep their names and text.
    fn from(err: Error) -> std::io::Error {
        use std::io::ErrorKind;
        let kind = match &err {
            Error::WouldBlock => ErrorKind::WouldBlock,
            Error::Interrupted => ErrorKind::Interrupted,
            Error::InvalidInput { .. } | Error::InvalidEndpoint { .. } => ErrorKind::InvalidInput,
            Error::NotUtf8 { .. } => ErrorKind::InvalidData,
            Error::ContextTerminated | Error::InvalidState => ErrorKind::Other,
            Error::Errno(e) if e.0 < sys::ZMQ_HAUSNUMERO => {
                return std::io::Error::from_raw_os_error(e.0)
            }
            Error::Errno(_) => ErrorKind::Other,
            Error::Endpoint { errno, .. } if errno.0 < sys::ZMQ_HAUSNUMERO => {
                std::io::Error::from_raw_os_error(errno.0).kind()
            }
            Error::Endpoint { .. } => ErrorKind::Other,
            Error::SocketOption { errno, .. } if errno.0 < sys::ZMQ_HAUSNUMERO => {
                std::io::Error::from_raw_os_error(errno.0).kind()
            }
            Error::SocketOption { .. } => ErrorKind::Other,
        };
        std::io::Error::new(kind, err)
    }
}

/// Converts a libzmq return code (`-1` = failure) into a `Result`.
#[inline]
pub(crate) fn check(rc: c_int) -> Result<c_int> {
    if rc == -1 {
        Err(Error::last())
    } else {
        Ok(rc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_round_trip_and_messages() {
        for e in [
            sys::ETERM,
            libc::EAGAIN,
            libc::EINTR,
            sys::EFSM,
            libc::EHOSTUNREACH,
            sys::EMTHREAD,
        ] {
            let err = Error::from_errno(e);
            assert_eq!(err.errno(), e);
            assert!(!err.to_string().is_empty());
        }
        assert_eq!(
            Error::ContextTerminated.to_string(),
            "Context was terminated"
        );
        assert_eq!(
            Error::InvalidState.to_string(),
            "Operation cannot be accomplished in current state"
        );
        // Unknown errno values never panic.
        let odd = Error::from_errno(987_654);
        assert_eq!(odd.errno(), 987_654);
        let _ = odd.to_string();
        assert_eq!(format!("{odd:?}"), format!("Errno(987654: {odd})"));
    }

    #[test]
    fn one_representation_per_errno() {
        assert_eq!(Error::from_errno(libc::EAGAIN), Error::WouldBlock);
        assert_eq!(Error::from_errno(libc::EINTR), Error::Interrupted);
        assert_eq!(Error::from_errno(sys::ETERM), Error::ContextTerminated);
        assert_eq!(Error::from_errno(sys::EFSM), Error::InvalidState);
        assert!(matches!(
            Error::from_errno(sys::ENOCOMPATPROTO),
            Error::Errno(e) if e.raw() == sys::ENOCOMPATPROTO
        ));
    }

    #[test]
    fn debug_names_the_errno() {
        assert_eq!(
            format!("{:?}", Error::from_errno(sys::ENOCOMPATPROTO)),
            "Errno(ENOCOMPATPROTO: The protocol is not compatible with the socket type)"
        );
        assert_eq!(
            format!("{:?}", Error::from_errno(libc::EADDRINUSE)),
            "Errno(EADDRINUSE: Address already in use)"
        );
        assert_eq!(
            format!("{:?}", Error::InvalidState),
            "InvalidState(EFSM: Operation cannot be accomplished in current state)"
        );
    }

    #[test]
    fn endpoint_context() {
        let err = Error::from_errno(libc::EADDRINUSE).at(EndpointCall::Bind, "tcp://127.0.0.1:1");
        assert_eq!(
            err.to_string(),
            "Address already in use (bind to \"tcp://127.0.0.1:1\")"
        );
        assert_eq!(err.errno(), libc::EADDRINUSE);
        // Errors about the context or socket state keep their variants.
        let term = Error::ContextTerminated.at(EndpointCall::Connect, "inproc://x");
        assert_eq!(term, Error::ContextTerminated);
    }

    #[test]
    fn io_error_kinds_and_text() {
        use std::io::ErrorKind;
        assert_eq!(
            std::io::Error::from(Error::WouldBlock).kind(),
            ErrorKind::WouldBlock
        );
        assert_eq!(
            std::io::Error::from(Error::Interrupted).kind(),
            ErrorKind::Interrupted
        );
        let refused = std::io::Error::from(Error::from_errno(libc::ECONNREFUSED));
        assert_eq!(refused.kind(), ErrorKind::ConnectionRefused);
        assert_eq!(refused.raw_os_error(), Some(libc::ECONNREFUSED));
        assert_eq!(
            std::io::Error::from(Error::invalid("x", "y")).kind(),
            ErrorKind::InvalidInput
        );
        // libzmq's own errno values keep libzmq's text ("Unknown error 156384764" otherwise).
        let proto = std::io::Error::from(Error::from_errno(sys::ENOCOMPATPROTO));
        assert_eq!(
            proto.to_string(),
            "The protocol is not compatible with the socket type"
        );
        let in_use = std::io::Error::from(
            Error::from_errno(libc::EADDRINUSE).at(EndpointCall::Bind, "tcp://127.0.0.1:1"),
        );
        assert_eq!(in_use.kind(), ErrorKind::AddrInUse);
        assert!(in_use.to_string().contains("tcp://127.0.0.1:1"));
    }
}
