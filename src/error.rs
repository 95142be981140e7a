//! Errors: one type for everything libzmq (or this crate, before calling libzmq) can refuse.

use std::ffi::CStr;
use std::fmt;
use std::os::raw::c_int;

use crate::socket::SocketType;
use crate::sys;

/// `Result` with this crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error from libzmq (keeping its `errno`), or an input this crate refused before libzmq saw it.
///
/// `Display` prints libzmq's own message (`zmq_strerror`). Converts into [`std::io::Error`]
/// (`EAGAIN` → [`std::io::ErrorKind::WouldBlock`], `EINTR` → [`std::io::ErrorKind::Interrupted`]).
/// Unknown `errno` values are kept as [`Error::Errno`]; nothing here panics.
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
    /// Any other `errno` reported by libzmq (`zmq_errno`), printed with `zmq_strerror`.
    #[error("{}", strerror(*.0))]
    Errno(i32),
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
    #[error("{}", socket_option_text(*.errno, .option, *.socket_type, .applies_to))]
    SocketOption {
        /// The option's C name (`"ZMQ_SUBSCRIBE"`).
        option: &'static str,
        /// The socket's type (`None` if it could not be read).
        socket_type: Option<SocketType>,
        /// The `errno` libzmq reported.
        errno: i32,
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

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
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
            other => write!(f, "{}({}: {})", other.name(), other.errno(), other),
        }
    }
}

impl Error {
    /// Builds the error for an `errno` value reported by libzmq.
    #[inline]
    pub fn from_errno(errno: i32) -> Error {
        match errno {
            sys::ETERM => Error::ContextTerminated,
            libc::EAGAIN => Error::WouldBlock,
            libc::EINTR => Error::Interrupted,
            sys::EFSM => Error::InvalidState,
            other => Error::Errno(other),
        }
    }

    /// The error of the last failed libzmq call on this thread (`zmq_errno`).
    #[inline]
    pub(crate) fn last() -> Error {
        // SAFETY: zmq_errno only reads the calling thread's errno.
        Error::from_errno(unsafe { sys::zmq_errno() })
    }

    /// The `errno` value (`EINVAL` for inputs refused by this crate).
    pub fn errno(&self) -> i32 {
        match self {
            Error::ContextTerminated => sys::ETERM,
            Error::WouldBlock => libc::EAGAIN,
            Error::Interrupted => libc::EINTR,
            Error::InvalidState => sys::EFSM,
            Error::Errno(e) | Error::SocketOption { errno: e, .. } => *e,
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

    fn name(&self) -> &'static str {
        match self {
            Error::ContextTerminated => "ContextTerminated",
            Error::WouldBlock => "WouldBlock",
            Error::Interrupted => "Interrupted",
            Error::InvalidState => "InvalidState",
            Error::Errno(_) => "Errno",
            Error::InvalidInput { .. } => "InvalidInput",
            Error::InvalidEndpoint { .. } => "InvalidEndpoint",
            Error::NotUtf8 { .. } => "NotUtf8",
            Error::SocketOption { .. } => "SocketOption",
        }
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
    errno: i32,
    option: &str,
    socket_type: Option<SocketType>,
    applies_to: &[SocketType],
) -> String {
    let mut text = format!("{} ({option}", strerror(errno));
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
    fn from(err: Error) -> std::io::Error {
        use std::io::ErrorKind;
        let kind = match &err {
            Error::WouldBlock => ErrorKind::WouldBlock,
            Error::Interrupted => ErrorKind::Interrupted,
            Error::InvalidInput { .. } | Error::InvalidEndpoint { .. } => ErrorKind::InvalidInput,
            Error::NotUtf8 { .. } => ErrorKind::InvalidData,
            Error::ContextTerminated | Error::InvalidState => ErrorKind::Other,
            Error::Errno(e) => return std::io::Error::from_raw_os_error(*e),
            Error::SocketOption { errno, .. } => std::io::Error::from_raw_os_error(*errno).kind(),
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
        let _ = format!("{odd:?}");
    }

    #[test]
    fn io_error_kinds() {
        use std::io::ErrorKind;
        assert_eq!(
            std::io::Error::from(Error::WouldBlock).kind(),
            ErrorKind::WouldBlock
        );
        assert_eq!(
            std::io::Error::from(Error::Interrupted).kind(),
            ErrorKind::Interrupted
        );
        assert_eq!(
            std::io::Error::from(Error::Errno(libc::ECONNREFUSED)).kind(),
            ErrorKind::ConnectionRefused
        );
        assert_eq!(
            std::io::Error::from(Error::invalid("x", "y")).kind(),
            ErrorKind::InvalidInput
        );
    }
}
