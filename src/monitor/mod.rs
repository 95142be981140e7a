//! Socket monitors (`zmq_socket_monitor`): typed events about a socket's endpoints and
//! connections — listening, accepted, connected, handshakes, disconnections, retries.
//!
//! libzmq reports a socket's events as two-frame messages on an `inproc://` PAIR socket.
//! [`Socket::monitor`] sets that up (a unique endpoint, the PAIR reader in the socket's context) and
//! returns a [`Monitor`] that receives [`MonitorEvent`]s:
//!
//! ```
//! use std::time::Duration;
//! use zmq::{Context, MonitorEvent, MonitorEvents, SocketType};
//!
//! let ctx = Context::new()?;
//! let server = ctx.socket(SocketType::Rep)?;
//! let monitor = server.monitor(MonitorEvents::ALL)?;
//! server.bind("tcp://127.0.0.1:*")?;
//!
//! let event = monitor.recv(Some(Duration::from_secs(5)))?;
//! assert!(matches!(event, Some(MonitorEvent::Listening { .. })));
//! println!("{}", event.map(|e| e.to_string()).unwrap_or_default()); // ZMQ_EVENT_LISTENING tcp://...
//!
//! // Dropping the monitor stops monitoring; `stop` does it but keeps the queued events.
//! monitor.stop()?;
//! assert_eq!(monitor.recv(None)?, Some(MonitorEvent::MonitorStopped));
//! assert_eq!(monitor.recv(None)?, None); // stopped: nothing more, no waiting
//! # Ok::<(), zmq::Error>(())
//! ```
//!
//! ## Design
//!
//! A [`Monitor`] borrows the socket it watches (`Monitor<'s>` holds `&'s Socket`). Dropping it
//! stops monitoring with `zmq_socket_monitor(socket, NULL, 0)` and then closes the PAIR reader
//! (linger 0). That call must not race with other use of the socket, and libzmq must never be
//! left writing events to a reader that is gone (its monitor socket would block the I/O thread
//! that raises the event). Borrowing gives both for free: the socket cannot be closed or moved
//! while it is monitored, and the `Monitor` stays on the socket's thread (it is not `Send`,
//! because `&Socket` is not), so `Drop` calls libzmq from the thread that owns the socket.
//!
//! To read events on another thread, start the monitor with [`Socket::monitor_to`] on an endpoint
//! of your choice, connect a PAIR socket there in the other thread, parse the frames with
//! [`MonitorEvent::parse`], and stop with [`Socket::stop_monitor`] before closing the reader.
//!
//! The reader is created with `ZMQ_RCVHWM` 0 (no limit): events that are not read accumulate in
//! memory instead of blocking libzmq's I/O thread, so read them (or drop the `Monitor`).
//!
//! With the `draft` feature, `Socket::monitor_versioned` starts a version 2 monitor
//! (`zmq_socket_monitor_versioned`): 64-bit events and values, with the local and the remote
//! endpoint of each event (`Monitor::recv_v2`, [`MonitorEventV2`]).

use std::fmt;

use crate::sys;
#[cfg(doc)]
use crate::Socket;
mod event;
mod reader;

pub use event::{MonitorEvent, MonitorEventV2, MonitorVersion};
pub use reader::{Iter, Monitor};

// ---------------------------------------------------------------------------------------------
// Event masks

bitflags::bitflags! {
    /// A set of monitor events (`ZMQ_EVENT_*` flags), combined with `|`: which events
    /// [`Socket::monitor`] reports. A [`bitflags`] set like [`crate::Flags`]; `Debug` prints the
    /// event names, and bits without a name are kept ([`MonitorEvents::from_bits_retain`]).
    ///
    /// ```
    /// use zmq::MonitorEvents;
    /// let events = MonitorEvents::CONNECTED | MonitorEvents::DISCONNECTED;
    /// assert!(events.contains(MonitorEvents::CONNECTED));
    /// assert!(MonitorEvents::ALL.contains(events));
    /// assert_eq!(format!("{events:?}"), "MonitorEvents(CONNECTED | DISCONNECTED)");
    /// ```
    #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct MonitorEvents: u64 {
        /// `ZMQ_EVENT_CONNECTED`: a connection was established.
        #[doc(alias = "ZMQ_EVENT_CONNECTED")]
        const CONNECTED = sys::ZMQ_EVENT_CONNECTED as u64;
        /// `ZMQ_EVENT_CONNECT_DELAYED`: a connect did not complete at once and goes on in the
        /// background.
        #[doc(alias = "ZMQ_EVENT_CONNECT_DELAYED")]
        const CONNECT_DELAYED = sys::ZMQ_EVENT_CONNECT_DELAYED as u64;
        /// `ZMQ_EVENT_CONNECT_RETRIED`: a reconnect was scheduled.
        #[doc(alias = "ZMQ_EVENT_CONNECT_RETRIED")]
        const CONNECT_RETRIED = sys::ZMQ_EVENT_CONNECT_RETRIED as u64;
        /// `ZMQ_EVENT_LISTENING`: the socket was bound and listens.
        #[doc(alias = "ZMQ_EVENT_LISTENING")]
        const LISTENING = sys::ZMQ_EVENT_LISTENING as u64;
        /// `ZMQ_EVENT_BIND_FAILED`: a bind failed.
        #[doc(alias = "ZMQ_EVENT_BIND_FAILED")]
        const BIND_FAILED = sys::ZMQ_EVENT_BIND_FAILED as u64;
        /// `ZMQ_EVENT_ACCEPTED`: a connection from a peer was accepted.
        #[doc(alias = "ZMQ_EVENT_ACCEPTED")]
        const ACCEPTED = sys::ZMQ_EVENT_ACCEPTED as u64;
        /// `ZMQ_EVENT_ACCEPT_FAILED`: accepting a connection failed.
        #[doc(alias = "ZMQ_EVENT_ACCEPT_FAILED")]
        const ACCEPT_FAILED = sys::ZMQ_EVENT_ACCEPT_FAILED as u64;
        /// `ZMQ_EVENT_CLOSED`: a listening or connecting socket was closed.
        #[doc(alias = "ZMQ_EVENT_CLOSED")]
        const CLOSED = sys::ZMQ_EVENT_CLOSED as u64;
        /// `ZMQ_EVENT_CLOSE_FAILED`: closing one failed.
        #[doc(alias = "ZMQ_EVENT_CLOSE_FAILED")]
        const CLOSE_FAILED = sys::ZMQ_EVENT_CLOSE_FAILED as u64;
        /// `ZMQ_EVENT_DISCONNECTED`: a connection was broken.
        #[doc(alias = "ZMQ_EVENT_DISCONNECTED")]
        const DISCONNECTED = sys::ZMQ_EVENT_DISCONNECTED as u64;
        /// `ZMQ_EVENT_MONITOR_STOPPED`: monitoring stopped (the last event of a monitor).
        #[doc(alias = "ZMQ_EVENT_MONITOR_STOPPED")]
        const MONITOR_STOPPED = sys::ZMQ_EVENT_MONITOR_STOPPED as u64;
        /// `ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL`: a handshake failed for a reason other than a
        /// protocol or authentication error (e.g. the peer went away).
        #[doc(alias = "ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL")]
        const HANDSHAKE_FAILED_NO_DETAIL = sys::ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL as u64;
        /// `ZMQ_EVENT_HANDSHAKE_SUCCEEDED`: the ZMTP handshake (and security mechanism) succeeded.
        #[doc(alias = "ZMQ_EVENT_HANDSHAKE_SUCCEEDED")]
        const HANDSHAKE_SUCCEEDED = sys::ZMQ_EVENT_HANDSHAKE_SUCCEEDED as u64;
        /// `ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL`: a handshake failed with a protocol error.
        #[doc(alias = "ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL")]
        const HANDSHAKE_FAILED_PROTOCOL = sys::ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL as u64;
        /// `ZMQ_EVENT_HANDSHAKE_FAILED_AUTH`: the ZAP handler refused the peer.
        #[doc(alias = "ZMQ_EVENT_HANDSHAKE_FAILED_AUTH")]
        const HANDSHAKE_FAILED_AUTH = sys::ZMQ_EVENT_HANDSHAKE_FAILED_AUTH as u64;
        /// `ZMQ_EVENT_ALL`: every event a version 1 monitor can report (the low 16 bits).
        #[doc(alias = "ZMQ_EVENT_ALL")]
        const ALL = sys::ZMQ_EVENT_ALL as u64;
        /// `ZMQ_EVENT_PIPES_STATS` (draft, version 2 monitors only): queue sizes, reported after
        /// [`Socket::monitor_pipes_stats`].
        #[cfg(zmq_has_draft)]
        #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
        #[doc(alias = "ZMQ_EVENT_PIPES_STATS")]
        const PIPES_STATS = sys::ZMQ_EVENT_PIPES_STATS as u64;
        /// `ZMQ_EVENT_ALL_V2` (draft): every event a version 2 monitor can report.
        #[cfg(zmq_has_draft)]
        #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
        #[doc(alias = "ZMQ_EVENT_ALL_V2")]
        const ALL_V2 = sys::ZMQ_EVENT_ALL_V2 as u64;
    }
}

/// Every `ZMQ_EVENT_*` flag of zmq.h 4.3.5 with its C name.
const EVENT_NAMES: &[(MonitorEvents, &str)] = &[
    (MonitorEvents::CONNECTED, "ZMQ_EVENT_CONNECTED"),
    (MonitorEvents::CONNECT_DELAYED, "ZMQ_EVENT_CONNECT_DELAYED"),
    (MonitorEvents::CONNECT_RETRIED, "ZMQ_EVENT_CONNECT_RETRIED"),
    (MonitorEvents::LISTENING, "ZMQ_EVENT_LISTENING"),
    (MonitorEvents::BIND_FAILED, "ZMQ_EVENT_BIND_FAILED"),
    (MonitorEvents::ACCEPTED, "ZMQ_EVENT_ACCEPTED"),
    (MonitorEvents::ACCEPT_FAILED, "ZMQ_EVENT_ACCEPT_FAILED"),
    (MonitorEvents::CLOSED, "ZMQ_EVENT_CLOSED"),
    (MonitorEvents::CLOSE_FAILED, "ZMQ_EVENT_CLOSE_FAILED"),
    (MonitorEvents::DISCONNECTED, "ZMQ_EVENT_DISCONNECTED"),
    (MonitorEvents::MONITOR_STOPPED, "ZMQ_EVENT_MONITOR_STOPPED"),
    (
        MonitorEvents::HANDSHAKE_FAILED_NO_DETAIL,
        "ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL",
    ),
    (
        MonitorEvents::HANDSHAKE_SUCCEEDED,
        "ZMQ_EVENT_HANDSHAKE_SUCCEEDED",
    ),
    (
        MonitorEvents::HANDSHAKE_FAILED_PROTOCOL,
        "ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL",
    ),
    (
        MonitorEvents::HANDSHAKE_FAILED_AUTH,
        "ZMQ_EVENT_HANDSHAKE_FAILED_AUTH",
    ),
    (PIPES_STATS_EVENT, "ZMQ_EVENT_PIPES_STATS"),
];

/// `ZMQ_EVENT_PIPES_STATS` (a draft constant), spelled out so the pure parser knows it in every
/// build.
const PIPES_STATS_EVENT: MonitorEvents = MonitorEvents::from_bits_retain(0x1_0000);

impl MonitorEvents {
    /// No event.
    pub const EMPTY: MonitorEvents = MonitorEvents::empty();
}

impl fmt::Debug for MonitorEvents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MonitorEvents(")?;
        let mut rest = self.bits();
        let mut first = true;
        for (flag, name) in EVENT_NAMES {
            let bit = flag.bits();
            if rest & bit != 0 {
                if !first {
                    f.write_str(" | ")?;
                }
                f.write_str(name.trim_start_matches("ZMQ_EVENT_"))?;
                rest &= !bit;
                first = false;
            }
        }
        if rest != 0 || first {
            if !first {
                f.write_str(" | ")?;
            }
            write!(f, "{rest:#x}")?;
        }
        f.write_str(")")
    }
}

// ---------------------------------------------------------------------------------------------
// Protocol errors

macro_rules! protocol_errors {
    ($( $(#[$doc:meta])* $name:ident = $c:ident, )*) => {
        /// Why a handshake failed with a protocol error: the value of
        /// `ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL`, one of zmq.h's `ZMQ_PROTOCOL_ERROR_*`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ProtocolError {
            $( $(#[$doc])* $name, )*
            /// A code this crate does not know (kept as is).
            Other(u32),
        }

        impl ProtocolError {
            /// Every known protocol error of zmq.h 4.3.5.
            pub const ALL: &'static [ProtocolError] = &[$( ProtocolError::$name, )*];

            /// The error for a `ZMQ_PROTOCOL_ERROR_*` code; unknown codes give
            /// [`ProtocolError::Other`].
            pub fn from_code(code: u32) -> ProtocolError {
                $( if code == sys::$c as u32 { return ProtocolError::$name; } )*
                ProtocolError::Other(code)
            }

            /// The `ZMQ_PROTOCOL_ERROR_*` code.
            pub fn code(self) -> u32 {
                match self {
                    $( ProtocolError::$name => sys::$c as u32, )*
                    ProtocolError::Other(code) => code,
                }
            }

            /// The C name (`"ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC"`), or `"unknown"`.
            pub fn name(self) -> &'static str {
                match self {
                    $( ProtocolError::$name => stringify!($c), )*
                    ProtocolError::Other(_) => "unknown",
                }
            }
        }
    };
}

protocol_errors! {
    /// `ZMQ_PROTOCOL_ERROR_ZMTP_UNSPECIFIED`.
    ZmtpUnspecified = ZMQ_PROTOCOL_ERROR_ZMTP_UNSPECIFIED,
    /// `ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND`: a command the handshake did not expect.
    ZmtpUnexpectedCommand = ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
    /// `ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE`: a CurveZMQ nonce out of sequence.
    ZmtpInvalidSequence = ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE,
    /// `ZMQ_PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE`: the key exchange failed.
    ZmtpKeyExchange = ZMQ_PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE,
    /// `ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED`.
    ZmtpMalformedCommandUnspecified = ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED,
    /// `ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE`: a malformed MESSAGE command.
    ZmtpMalformedCommandMessage = ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE,
    /// `ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO`: a malformed HELLO command.
    ZmtpMalformedCommandHello = ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO,
    /// `ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE`: a malformed INITIATE command.
    ZmtpMalformedCommandInitiate = ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE,
    /// `ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR`: a malformed ERROR command.
    ZmtpMalformedCommandError = ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR,
    /// `ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY`: a malformed READY command.
    ZmtpMalformedCommandReady = ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY,
    /// `ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME`: a malformed WELCOME command.
    ZmtpMalformedCommandWelcome = ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME,
    /// `ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_METADATA`: invalid metadata in a command.
    ZmtpInvalidMetadata = ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_METADATA,
    /// `ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC`: a CurveZMQ box did not open (e.g. the client
    /// used the wrong server key).
    ZmtpCryptographic = ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC,
    /// `ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH`: the peers use different security
    /// mechanisms.
    ZmtpMechanismMismatch = ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH,
    /// `ZMQ_PROTOCOL_ERROR_ZAP_UNSPECIFIED`.
    ZapUnspecified = ZMQ_PROTOCOL_ERROR_ZAP_UNSPECIFIED,
    /// `ZMQ_PROTOCOL_ERROR_ZAP_MALFORMED_REPLY`: the ZAP handler sent a malformed reply.
    ZapMalformedReply = ZMQ_PROTOCOL_ERROR_ZAP_MALFORMED_REPLY,
    /// `ZMQ_PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID`: the ZAP reply's request id does not match.
    ZapBadRequestId = ZMQ_PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID,
    /// `ZMQ_PROTOCOL_ERROR_ZAP_BAD_VERSION`: the ZAP reply's version is not "1.0".
    ZapBadVersion = ZMQ_PROTOCOL_ERROR_ZAP_BAD_VERSION,
    /// `ZMQ_PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE`: the ZAP reply's status code is invalid.
    ZapInvalidStatusCode = ZMQ_PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE,
    /// `ZMQ_PROTOCOL_ERROR_ZAP_INVALID_METADATA`: the ZAP reply's metadata is invalid.
    ZapInvalidMetadata = ZMQ_PROTOCOL_ERROR_ZAP_INVALID_METADATA,
    /// `ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED`: a WebSocket protocol error.
    WsUnspecified = ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED,
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolError::Other(code) => write!(f, "protocol error {code:#x}"),
            known => f.write_str(known.name()),
        }
    }
}
