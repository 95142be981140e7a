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

use std::cell::Cell;
use std::collections::BTreeMap;
use std::ffi::CString;
use std::fmt;
use std::ops::{BitOr, BitOrAssign};
use std::os::fd::RawFd;
use std::os::raw::c_int;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::error::{check, Error, Result};
use crate::message::Message;
use crate::opt;
use crate::poll::{PollEvents, PollItem};
use crate::socket::{Flags, Socket, SocketType};
use crate::sys;

// ---------------------------------------------------------------------------------------------
// Event masks

/// A set of monitor events (`ZMQ_EVENT_*` flags), combined with `|`: which events
/// [`Socket::monitor`] reports.
///
/// ```
/// use zmq::MonitorEvents;
/// let events = MonitorEvents::CONNECTED | MonitorEvents::DISCONNECTED;
/// assert!(events.contains(MonitorEvents::CONNECTED));
/// assert!(MonitorEvents::ALL.contains(events));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MonitorEvents(u64);

macro_rules! monitor_events {
    ($( $(#[$doc:meta])* $name:ident = $c:ident; )*) => {
        impl MonitorEvents {
            $( $(#[$doc])* pub const $name: MonitorEvents = MonitorEvents(sys::$c as u64); )*
        }

        /// Every `ZMQ_EVENT_*` flag of zmq.h 4.3.5 with its C name.
        const EVENT_NAMES: &[(MonitorEvents, &str)] = &[
            $( (MonitorEvents::$name, stringify!($c)), )*
            (PIPES_STATS_EVENT, "ZMQ_EVENT_PIPES_STATS"),
        ];
    };
}

monitor_events! {
    /// `ZMQ_EVENT_CONNECTED`: a connection was established.
    CONNECTED = ZMQ_EVENT_CONNECTED;
    /// `ZMQ_EVENT_CONNECT_DELAYED`: a connect did not complete at once and goes on in the
    /// background.
    CONNECT_DELAYED = ZMQ_EVENT_CONNECT_DELAYED;
    /// `ZMQ_EVENT_CONNECT_RETRIED`: a reconnect was scheduled.
    CONNECT_RETRIED = ZMQ_EVENT_CONNECT_RETRIED;
    /// `ZMQ_EVENT_LISTENING`: the socket was bound and listens.
    LISTENING = ZMQ_EVENT_LISTENING;
    /// `ZMQ_EVENT_BIND_FAILED`: a bind failed.
    BIND_FAILED = ZMQ_EVENT_BIND_FAILED;
    /// `ZMQ_EVENT_ACCEPTED`: a connection from a peer was accepted.
    ACCEPTED = ZMQ_EVENT_ACCEPTED;
    /// `ZMQ_EVENT_ACCEPT_FAILED`: accepting a connection failed.
    ACCEPT_FAILED = ZMQ_EVENT_ACCEPT_FAILED;
    /// `ZMQ_EVENT_CLOSED`: a listening or connecting socket was closed.
    CLOSED = ZMQ_EVENT_CLOSED;
    /// `ZMQ_EVENT_CLOSE_FAILED`: closing one failed.
    CLOSE_FAILED = ZMQ_EVENT_CLOSE_FAILED;
    /// `ZMQ_EVENT_DISCONNECTED`: a connection was broken.
    DISCONNECTED = ZMQ_EVENT_DISCONNECTED;
    /// `ZMQ_EVENT_MONITOR_STOPPED`: monitoring stopped (the last event of a monitor).
    MONITOR_STOPPED = ZMQ_EVENT_MONITOR_STOPPED;
    /// `ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL`: a handshake failed for a reason other than a
    /// protocol or authentication error (e.g. the peer went away).
    HANDSHAKE_FAILED_NO_DETAIL = ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL;
    /// `ZMQ_EVENT_HANDSHAKE_SUCCEEDED`: the ZMTP handshake (and security mechanism) succeeded.
    HANDSHAKE_SUCCEEDED = ZMQ_EVENT_HANDSHAKE_SUCCEEDED;
    /// `ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL`: a handshake failed with a protocol error.
    HANDSHAKE_FAILED_PROTOCOL = ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL;
    /// `ZMQ_EVENT_HANDSHAKE_FAILED_AUTH`: the ZAP handler refused the peer.
    HANDSHAKE_FAILED_AUTH = ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;
}

/// `ZMQ_EVENT_PIPES_STATS` (a draft constant), spelled out so the pure parser knows it in every
/// build.
const PIPES_STATS_EVENT: MonitorEvents = MonitorEvents(0x1_0000);

impl MonitorEvents {
    /// No event.
    pub const NONE: MonitorEvents = MonitorEvents(0);
    /// `ZMQ_EVENT_ALL`: every event a version 1 monitor can report (the low 16 bits).
    pub const ALL: MonitorEvents = MonitorEvents(sys::ZMQ_EVENT_ALL as u64);
    /// `ZMQ_EVENT_PIPES_STATS` (draft, version 2 monitors only): queue sizes, reported after
    /// [`Socket::monitor_pipes_stats`].
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    pub const PIPES_STATS: MonitorEvents = MonitorEvents(sys::ZMQ_EVENT_PIPES_STATS as u64);
    /// `ZMQ_EVENT_ALL_V2` (draft): every event a version 2 monitor can report.
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    pub const ALL_V2: MonitorEvents = MonitorEvents(sys::ZMQ_EVENT_ALL_V2 as u64);

    /// The bits libzmq takes (`events` of `zmq_socket_monitor_versioned`).
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// From raw `ZMQ_EVENT_*` bits.
    pub const fn from_bits(bits: u64) -> MonitorEvents {
        MonitorEvents(bits)
    }

    /// Whether every event of `other` is in `self`.
    pub const fn contains(self, other: MonitorEvents) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether no event is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl BitOr for MonitorEvents {
    type Output = MonitorEvents;
    fn bitor(self, rhs: MonitorEvents) -> MonitorEvents {
        MonitorEvents(self.0 | rhs.0)
    }
}

impl BitOrAssign for MonitorEvents {
    fn bitor_assign(&mut self, rhs: MonitorEvents) {
        self.0 |= rhs.0;
    }
}

impl fmt::Debug for MonitorEvents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MonitorEvents(")?;
        let mut rest = self.0;
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

// ---------------------------------------------------------------------------------------------
// Events

/// One event of a monitored socket (`ZMQ_EVENT_*`), decoded from the monitor's frames.
///
/// `endpoint` is the endpoint the event is about, as libzmq reports it: the bound or connected
/// endpoint (for a wildcard bind, the resolved one). `fd` is the socket's file descriptor at
/// the time of the event (it may be closed and reused by now: only for logging). `errno` values
/// are the OS error; [`MonitorEvent::error`] turns them into an [`Error`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MonitorEvent {
    /// `ZMQ_EVENT_CONNECTED`: a connection to `endpoint` was established (the ZMTP handshake
    /// follows).
    Connected {
        /// The endpoint connected to.
        endpoint: String,
        /// The connection's file descriptor.
        fd: RawFd,
    },
    /// `ZMQ_EVENT_CONNECT_DELAYED`: a connect did not complete at once; libzmq goes on in the
    /// background.
    ConnectDelayed {
        /// The endpoint being connected to.
        endpoint: String,
    },
    /// `ZMQ_EVENT_CONNECT_RETRIED`: a connect failed and will be retried after `interval`
    /// (`ZMQ_RECONNECT_IVL`, growing up to `ZMQ_RECONNECT_IVL_MAX`).
    ConnectRetried {
        /// The endpoint being connected to.
        endpoint: String,
        /// Time until the next attempt.
        interval: Duration,
    },
    /// `ZMQ_EVENT_LISTENING`: the socket is bound to `endpoint` and listens.
    Listening {
        /// The bound endpoint.
        endpoint: String,
        /// The listening file descriptor.
        fd: RawFd,
    },
    /// `ZMQ_EVENT_BIND_FAILED`: a bind to `endpoint` failed.
    BindFailed {
        /// The endpoint.
        endpoint: String,
        /// Why (OS `errno`).
        errno: i32,
    },
    /// `ZMQ_EVENT_ACCEPTED`: a connection from a peer to `endpoint` was accepted.
    Accepted {
        /// The local endpoint the peer connected to.
        endpoint: String,
        /// The new connection's file descriptor.
        fd: RawFd,
    },
    /// `ZMQ_EVENT_ACCEPT_FAILED`: accepting a connection on `endpoint` failed.
    AcceptFailed {
        /// The endpoint.
        endpoint: String,
        /// Why (OS `errno`).
        errno: i32,
    },
    /// `ZMQ_EVENT_CLOSED`: the listening or connecting file descriptor of `endpoint` was closed
    /// (unbind, disconnect, socket closed, or a failed connect attempt).
    Closed {
        /// The endpoint.
        endpoint: String,
        /// The closed file descriptor.
        fd: RawFd,
    },
    /// `ZMQ_EVENT_CLOSE_FAILED`: closing a file descriptor failed.
    CloseFailed {
        /// The endpoint.
        endpoint: String,
        /// Why (OS `errno`).
        errno: i32,
    },
    /// `ZMQ_EVENT_DISCONNECTED`: an established connection was broken (the peer closed it, or a
    /// handshake or heartbeat failed).
    Disconnected {
        /// The endpoint.
        endpoint: String,
        /// The connection's file descriptor.
        fd: RawFd,
    },
    /// `ZMQ_EVENT_MONITOR_STOPPED`: monitoring stopped; no event follows.
    MonitorStopped,
    /// `ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL`: a handshake failed for a reason other than a
    /// protocol or authentication error (the peer went away, a timeout, ...).
    HandshakeFailedNoDetail {
        /// The endpoint.
        endpoint: String,
        /// Why (OS `errno`).
        errno: i32,
    },
    /// `ZMQ_EVENT_HANDSHAKE_SUCCEEDED`: the ZMTP handshake, including the security mechanism,
    /// succeeded; messages flow.
    HandshakeSucceeded {
        /// The endpoint.
        endpoint: String,
    },
    /// `ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL`: a handshake failed with a protocol error.
    HandshakeFailedProtocol {
        /// The endpoint.
        endpoint: String,
        /// The `ZMQ_PROTOCOL_ERROR_*` reason.
        error: ProtocolError,
    },
    /// `ZMQ_EVENT_HANDSHAKE_FAILED_AUTH`: the ZAP handler refused the peer.
    HandshakeFailedAuth {
        /// The endpoint.
        endpoint: String,
        /// The ZAP status code (e.g. 400, 500).
        status_code: u32,
    },
    /// `ZMQ_EVENT_PIPES_STATS` (draft, version 2 monitors only): the queue sizes of one
    /// connection, reported after `Socket::monitor_pipes_stats`. The counts are libzmq's
    /// writer-side view (the reader's progress reaches it in batches), so they may lag a little.
    PipesStats {
        /// The endpoint.
        endpoint: String,
        /// Messages queued to send.
        outbound: u64,
        /// Messages received and not yet read.
        inbound: u64,
    },
    /// An event this crate does not know (a newer libzmq), kept as is.
    Unknown {
        /// The `ZMQ_EVENT_*` code.
        event: u64,
        /// Its first value (0 if none).
        value: u64,
        /// The endpoint.
        endpoint: String,
    },
}

fn malformed(reason: impl Into<String>) -> Error {
    Error::invalid("monitor event", reason)
}

fn endpoint_text(frame: &[u8]) -> Result<String> {
    match std::str::from_utf8(frame) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => Err(malformed(format!("endpoint is not UTF-8: {e}"))),
    }
}

fn u64_frame(frame: &[u8], what: &str) -> Result<u64> {
    match <[u8; 8]>::try_from(frame) {
        Ok(bytes) => Ok(u64::from_ne_bytes(bytes)),
        Err(_) => Err(malformed(format!(
            "{what} frame has {} bytes, expected 8",
            frame.len()
        ))),
    }
}

impl MonitorEvent {
    /// Decodes a version 1 event (`zmq_socket_monitor`): frame 1 is 6 bytes, a `u16` event code
    /// and a `u32` value in native byte order; frame 2 is the endpoint.
    ///
    /// Pure and total: malformed input (wrong frame count or size, an endpoint that is not UTF-8)
    /// gives [`Error::InvalidInput`], an unknown event code gives [`MonitorEvent::Unknown`]; it
    /// never panics.
    ///
    /// ```
    /// use zmq::MonitorEvent;
    /// let mut head = Vec::new();
    /// head.extend_from_slice(&(zmq::sys::ZMQ_EVENT_LISTENING as u16).to_ne_bytes());
    /// head.extend_from_slice(&7u32.to_ne_bytes());
    /// let event = MonitorEvent::parse(&[&head, b"tcp://127.0.0.1:5555"])?;
    /// assert_eq!(
    ///     event,
    ///     MonitorEvent::Listening { endpoint: "tcp://127.0.0.1:5555".into(), fd: 7 }
    /// );
    /// assert!(MonitorEvent::parse(&[&head[..5], b""]).is_err());
    /// # Ok::<(), zmq::Error>(())
    /// ```
    pub fn parse(frames: &[&[u8]]) -> Result<MonitorEvent> {
        let [head, endpoint] = frames else {
            return Err(malformed(format!(
                "expected 2 frames, got {}",
                frames.len()
            )));
        };
        let head = match <[u8; 6]>::try_from(*head) {
            Ok(h) => h,
            Err(_) => {
                return Err(malformed(format!(
                    "first frame has {} bytes, expected 6",
                    head.len()
                )))
            }
        };
        let event = u16::from_ne_bytes([head[0], head[1]]);
        let value = u32::from_ne_bytes([head[2], head[3], head[4], head[5]]);
        let endpoint = endpoint_text(endpoint)?;
        MonitorEvent::from_parts(u64::from(event), &[u64::from(value)], endpoint)
    }

    /// Decodes a version 2 event (`zmq_socket_monitor_versioned`, draft): a `u64` event code, a
    /// `u64` count of values, that many `u64` values (native byte order), the local endpoint and
    /// the remote endpoint.
    ///
    /// Pure and total like [`MonitorEvent::parse`]. The returned event's `endpoint` is the local
    /// endpoint for listener events (`LISTENING`, `BIND_FAILED`, `ACCEPTED`, `ACCEPT_FAILED`) and
    /// otherwise the remote one when libzmq reports it (the endpoint connected to, or the peer of
    /// an accepted connection), else the local one.
    pub fn parse_v2(frames: &[&[u8]]) -> Result<MonitorEventV2> {
        let [event, count, value_frames @ .., local, remote] = frames else {
            return Err(malformed(format!(
                "expected at least 4 frames, got {}",
                frames.len()
            )));
        };
        let event = u64_frame(event, "event")?;
        let count = u64_frame(count, "value count")?;
        if count != value_frames.len() as u64 {
            return Err(malformed(format!(
                "value count says {count}, but {} value frames follow",
                value_frames.len()
            )));
        }
        let values = value_frames
            .iter()
            .map(|f| u64_frame(f, "value"))
            .collect::<Result<Vec<u64>>>()?;
        let local = endpoint_text(local)?;
        let remote = endpoint_text(remote)?;
        let listener_event = [
            MonitorEvents::LISTENING,
            MonitorEvents::BIND_FAILED,
            MonitorEvents::ACCEPTED,
            MonitorEvents::ACCEPT_FAILED,
        ]
        .iter()
        .any(|e| e.bits() == event);
        let endpoint = if (listener_event && !local.is_empty()) || remote.is_empty() {
            local.clone()
        } else {
            remote.clone()
        };
        let event = MonitorEvent::from_parts(event, &values, endpoint)?;
        Ok(MonitorEventV2 {
            event,
            local,
            remote,
        })
    }

    fn from_parts(event: u64, values: &[u64], endpoint: String) -> Result<MonitorEvent> {
        let value = values.first().copied();
        let need = || value.ok_or_else(|| malformed(format!("event {event:#x} has no value")));
        // Values are C ints widened to u64 (v2) or narrowed to u32 (v1): the low 32 bits hold
        // the int, so truncating gives it back (-1 stays -1 either way).
        let int = || need().map(|v| v as u32 as i32);
        use MonitorEvent as E;
        let ep = endpoint;
        Ok(match MonitorEvents(event) {
            MonitorEvents::CONNECTED => E::Connected {
                endpoint: ep,
                fd: int()?,
            },
            MonitorEvents::CONNECT_DELAYED => E::ConnectDelayed { endpoint: ep },
            MonitorEvents::CONNECT_RETRIED => E::ConnectRetried {
                endpoint: ep,
                interval: Duration::from_millis(need()?),
            },
            MonitorEvents::LISTENING => E::Listening {
                endpoint: ep,
                fd: int()?,
            },
            MonitorEvents::BIND_FAILED => E::BindFailed {
                endpoint: ep,
                errno: int()?,
            },
            MonitorEvents::ACCEPTED => E::Accepted {
                endpoint: ep,
                fd: int()?,
            },
            MonitorEvents::ACCEPT_FAILED => E::AcceptFailed {
                endpoint: ep,
                errno: int()?,
            },
            MonitorEvents::CLOSED => E::Closed {
                endpoint: ep,
                fd: int()?,
            },
            MonitorEvents::CLOSE_FAILED => E::CloseFailed {
                endpoint: ep,
                errno: int()?,
            },
            MonitorEvents::DISCONNECTED => E::Disconnected {
                endpoint: ep,
                fd: int()?,
            },
            MonitorEvents::MONITOR_STOPPED => E::MonitorStopped,
            MonitorEvents::HANDSHAKE_FAILED_NO_DETAIL => E::HandshakeFailedNoDetail {
                endpoint: ep,
                errno: int()?,
            },
            MonitorEvents::HANDSHAKE_SUCCEEDED => E::HandshakeSucceeded { endpoint: ep },
            MonitorEvents::HANDSHAKE_FAILED_PROTOCOL => E::HandshakeFailedProtocol {
                endpoint: ep,
                error: ProtocolError::from_code(need()? as u32),
            },
            MonitorEvents::HANDSHAKE_FAILED_AUTH => E::HandshakeFailedAuth {
                endpoint: ep,
                status_code: need()? as u32,
            },
            PIPES_STATS_EVENT => match *values {
                [outbound, inbound, ..] => E::PipesStats {
                    endpoint: ep,
                    outbound,
                    inbound,
                },
                _ => E::Unknown {
                    event,
                    value: value.unwrap_or(0),
                    endpoint: ep,
                },
            },
            _ => E::Unknown {
                event,
                value: value.unwrap_or(0),
                endpoint: ep,
            },
        })
    }

    /// The `ZMQ_EVENT_*` code of this event (for [`MonitorEvent::Unknown`], the code received).
    pub fn code(&self) -> u64 {
        use MonitorEvent as E;
        let flag = match self {
            E::Connected { .. } => MonitorEvents::CONNECTED,
            E::ConnectDelayed { .. } => MonitorEvents::CONNECT_DELAYED,
            E::ConnectRetried { .. } => MonitorEvents::CONNECT_RETRIED,
            E::Listening { .. } => MonitorEvents::LISTENING,
            E::BindFailed { .. } => MonitorEvents::BIND_FAILED,
            E::Accepted { .. } => MonitorEvents::ACCEPTED,
            E::AcceptFailed { .. } => MonitorEvents::ACCEPT_FAILED,
            E::Closed { .. } => MonitorEvents::CLOSED,
            E::CloseFailed { .. } => MonitorEvents::CLOSE_FAILED,
            E::Disconnected { .. } => MonitorEvents::DISCONNECTED,
            E::MonitorStopped => MonitorEvents::MONITOR_STOPPED,
            E::HandshakeFailedNoDetail { .. } => MonitorEvents::HANDSHAKE_FAILED_NO_DETAIL,
            E::HandshakeSucceeded { .. } => MonitorEvents::HANDSHAKE_SUCCEEDED,
            E::HandshakeFailedProtocol { .. } => MonitorEvents::HANDSHAKE_FAILED_PROTOCOL,
            E::HandshakeFailedAuth { .. } => MonitorEvents::HANDSHAKE_FAILED_AUTH,
            E::PipesStats { .. } => PIPES_STATS_EVENT,
            E::Unknown { event, .. } => MonitorEvents(*event),
        };
        flag.bits()
    }

    /// The C name of the event (`"ZMQ_EVENT_CONNECTED"`), or `"unknown"`.
    pub fn name(&self) -> &'static str {
        if let MonitorEvent::Unknown { .. } = self {
            return "unknown";
        }
        let code = self.code();
        EVENT_NAMES
            .iter()
            .find(|(flag, _)| flag.bits() == code)
            .map_or("unknown", |(_, name)| name)
    }

    /// The endpoint the event is about (empty for [`MonitorEvent::MonitorStopped`]).
    pub fn endpoint(&self) -> &str {
        match self {
            MonitorEvent::Connected { endpoint, .. }
            | MonitorEvent::ConnectDelayed { endpoint }
            | MonitorEvent::ConnectRetried { endpoint, .. }
            | MonitorEvent::Listening { endpoint, .. }
            | MonitorEvent::BindFailed { endpoint, .. }
            | MonitorEvent::Accepted { endpoint, .. }
            | MonitorEvent::AcceptFailed { endpoint, .. }
            | MonitorEvent::Closed { endpoint, .. }
            | MonitorEvent::CloseFailed { endpoint, .. }
            | MonitorEvent::Disconnected { endpoint, .. }
            | MonitorEvent::HandshakeFailedNoDetail { endpoint, .. }
            | MonitorEvent::HandshakeSucceeded { endpoint }
            | MonitorEvent::HandshakeFailedProtocol { endpoint, .. }
            | MonitorEvent::HandshakeFailedAuth { endpoint, .. }
            | MonitorEvent::PipesStats { endpoint, .. }
            | MonitorEvent::Unknown { endpoint, .. } => endpoint,
            MonitorEvent::MonitorStopped => "",
        }
    }

    /// The OS error of the `*_FAILED` events that carry an `errno`, as an [`Error`].
    pub fn error(&self) -> Option<Error> {
        match self {
            MonitorEvent::BindFailed { errno, .. }
            | MonitorEvent::AcceptFailed { errno, .. }
            | MonitorEvent::CloseFailed { errno, .. }
            | MonitorEvent::HandshakeFailedNoDetail { errno, .. } => {
                Some(Error::from_errno(*errno))
            }
            _ => None,
        }
    }
}

impl fmt::Display for MonitorEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MonitorEvent::Unknown {
                event,
                value,
                endpoint,
            } => write!(f, "event {event:#x} (value {value}) {endpoint}"),
            MonitorEvent::MonitorStopped => f.write_str(self.name()),
            other => {
                write!(f, "{} {}", other.name(), other.endpoint())?;
                match other {
                    MonitorEvent::Connected { fd, .. }
                    | MonitorEvent::Listening { fd, .. }
                    | MonitorEvent::Accepted { fd, .. }
                    | MonitorEvent::Closed { fd, .. }
                    | MonitorEvent::Disconnected { fd, .. } => write!(f, " (fd {fd})"),
                    MonitorEvent::ConnectRetried { interval, .. } => {
                        write!(f, " (retry in {interval:?})")
                    }
                    MonitorEvent::HandshakeFailedProtocol { error, .. } => {
                        write!(f, " ({error})")
                    }
                    MonitorEvent::HandshakeFailedAuth { status_code, .. } => {
                        write!(f, " (ZAP status {status_code})")
                    }
                    MonitorEvent::PipesStats {
                        outbound, inbound, ..
                    } => write!(f, " (outbound {outbound}, inbound {inbound})"),
                    _ => match other.error() {
                        Some(e) => write!(f, " ({e})"),
                        None => Ok(()),
                    },
                }
            }
        }
    }
}

/// A version 2 event (`zmq_socket_monitor_versioned`, draft): the event and both endpoints.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MonitorEventV2 {
    /// The event (its `endpoint` is chosen as [`MonitorEvent::parse_v2`] describes).
    pub event: MonitorEvent,
    /// The local endpoint (e.g. `tcp://127.0.0.1:5555`), empty when libzmq reports none.
    pub local: String,
    /// The remote endpoint (the endpoint connected to, or the peer's address on an accepted
    /// connection), empty when libzmq reports none.
    pub remote: String,
}

/// The format of monitor events (`event_version` of `zmq_socket_monitor_versioned`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MonitorVersion {
    /// Version 1 (`zmq_socket_monitor`): 16-bit events, one 32-bit value, one endpoint.
    V1,
    /// Version 2 (`ZMQ_CURRENT_EVENT_VERSION_DRAFT`): 64-bit events and values, local and
    /// remote endpoints. Needs the `draft` feature to be started.
    V2,
}

impl MonitorVersion {
    /// The `event_version` libzmq takes (1 or 2).
    pub fn code(self) -> c_int {
        match self {
            MonitorVersion::V1 => 1,
            MonitorVersion::V2 => 2,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Starting and stopping

/// Which [`Monitor`] (by id) is the active one on a socket (by address): a newer monitor or
/// [`Socket::monitor_to`] replaces it, and the replaced one must not stop its successor.
static ACTIVE: Mutex<BTreeMap<usize, u64>> = Mutex::new(BTreeMap::new());
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn set_active(socket: &Socket, id: Option<u64>) {
    let mut active = ACTIVE.lock().unwrap_or_else(PoisonError::into_inner);
    let key = socket.as_raw() as usize;
    match id {
        Some(id) => active.insert(key, id),
        None => active.remove(&key),
    };
}

/// Removes `id` as the socket's active monitor; whether it was.
fn take_active(socket: &Socket, id: u64) -> bool {
    let mut active = ACTIVE.lock().unwrap_or_else(PoisonError::into_inner);
    let key = socket.as_raw() as usize;
    if active.get(&key) == Some(&id) {
        active.remove(&key);
        true
    } else {
        false
    }
}

fn c_monitor_endpoint(endpoint: &str) -> Result<CString> {
    // As `bind`/`connect`: an empty endpoint is refused here (libzmq would say EINVAL).
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

fn check_v1_events(events: MonitorEvents) -> Result<()> {
    if events.bits() >> 16 != 0 {
        return Err(Error::invalid(
            "monitor events",
            format!("{events:?}: a version 1 monitor reports only the low 16 bits (ZMQ_EVENT_ALL)"),
        ));
    }
    Ok(())
}

/// Calls `zmq_socket_monitor` (v1) or `zmq_socket_monitor_versioned` (v2).
fn start_raw(
    socket: &Socket,
    endpoint: &CString,
    events: MonitorEvents,
    version: MonitorVersion,
    kind: SocketType,
) -> Result<()> {
    match version {
        MonitorVersion::V1 => {
            check_v1_events(events)?;
            let _ = kind;
            // SAFETY: live socket (borrowed), NUL-terminated endpoint; the events fit in 16 bits.
            check(unsafe {
                sys::zmq_socket_monitor(socket.as_raw(), endpoint.as_ptr(), events.bits() as c_int)
            })
            .map(drop)
        }
        #[cfg(zmq_has_draft)]
        MonitorVersion::V2 => {
            // SAFETY: live socket (borrowed), NUL-terminated endpoint; libzmq validates the
            // version and the socket type (PAIR, PUB or PUSH).
            check(unsafe {
                sys::zmq_socket_monitor_versioned(
                    socket.as_raw(),
                    endpoint.as_ptr(),
                    events.bits(),
                    version.code(),
                    kind as c_int,
                )
            })
            .map(drop)
        }
        #[cfg(not(zmq_has_draft))]
        MonitorVersion::V2 => Err(Error::invalid(
            "monitor version",
            "version 2 monitors need libzmq's draft API (the `draft` feature)",
        )),
    }
}

impl Socket {
    /// Starts monitoring this socket (`zmq_socket_monitor`, version 1 events) and returns the
    /// [`Monitor`] that receives the events selected by `events`.
    ///
    /// The monitor borrows the socket; dropping it stops monitoring. A socket has at most one
    /// monitor: starting another stops the previous one (which then receives
    /// [`MonitorEvent::MonitorStopped`] if it asked for it).
    ///
    /// Events whose bits are above `ZMQ_EVENT_ALL` need a version 2 monitor and are refused
    /// with [`Error::InvalidInput`].
    pub fn monitor(&self, events: MonitorEvents) -> Result<Monitor<'_>> {
        Monitor::start(self, events, MonitorVersion::V1)
    }

    /// Starts monitoring this socket with the given event format (`zmq_socket_monitor_versioned`,
    /// draft): [`MonitorVersion::V2`] gives 64-bit events and values and both endpoints of each
    /// event (read them with [`Monitor::recv_v2`]).
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    pub fn monitor_versioned(
        &self,
        events: MonitorEvents,
        version: MonitorVersion,
    ) -> Result<Monitor<'_>> {
        Monitor::start(self, events, version)
    }

    /// The raw form of [`Socket::monitor`]: `zmq_socket_monitor(socket, endpoint, events)`.
    /// libzmq binds a PAIR socket to `endpoint` (`inproc://` only) and publishes the events
    /// there; connect a PAIR socket of the same context to read them (on any thread), decode them
    /// with [`MonitorEvent::parse`], and call [`Socket::stop_monitor`] before closing the reader.
    ///
    /// Connect the reader *before* this call (inproc allows connecting before the bind) and keep
    /// it until monitoring stops: libzmq's monitor socket blocks when it has no reader (or its
    /// queue is full), and it sends events from libzmq's I/O thread, so an event without a
    /// reader stalls every socket served by that thread. [`Socket::monitor`] does all of this.
    pub fn monitor_to(&self, endpoint: &str, events: MonitorEvents) -> Result<()> {
        let c = c_monitor_endpoint(endpoint)?;
        start_raw(self, &c, events, MonitorVersion::V1, SocketType::Pair)?;
        set_active(self, None);
        Ok(())
    }

    /// The raw form of [`Socket::monitor_versioned`]: `zmq_socket_monitor_versioned(socket,
    /// endpoint, events, version, kind)` (draft). `kind` is the type of the socket libzmq binds
    /// to `endpoint`: PAIR, PUB or PUSH. Decode version 2 events with
    /// [`MonitorEvent::parse_v2`].
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    pub fn monitor_versioned_to(
        &self,
        endpoint: &str,
        events: MonitorEvents,
        version: MonitorVersion,
        kind: SocketType,
    ) -> Result<()> {
        let c = c_monitor_endpoint(endpoint)?;
        start_raw(self, &c, events, version, kind)?;
        set_active(self, None);
        Ok(())
    }

    /// Stops monitoring this socket (`zmq_socket_monitor(socket, NULL, 0)`): the monitor receives
    /// [`MonitorEvent::MonitorStopped`] (if it asked for it) and libzmq closes its end. Does
    /// nothing if the socket is not monitored. With [`Socket::monitor_to`], the reader must
    /// still be connected: sending `MONITOR_STOPPED` to no reader blocks.
    pub fn stop_monitor(&self) -> Result<()> {
        set_active(self, None);
        // SAFETY: live socket (borrowed); a NULL endpoint asks libzmq to stop monitoring.
        check(unsafe { sys::zmq_socket_monitor(self.as_raw(), std::ptr::null(), 0) }).map(drop)
    }

    /// Asks for a [`MonitorEvent::PipesStats`] event per connection
    /// (`zmq_socket_monitor_pipes_stats`, draft). Needs a version 2 monitor that asked for
    /// [`MonitorEvents::PIPES_STATS`] (otherwise `EINVAL`); `EAGAIN` if there is no connection.
    ///
    /// The statistics come back to this socket as a command from libzmq's I/O thread: they are
    /// published when the socket next processes commands, i.e. on its next call (a receive, a
    /// poll, `get(opt::Events)`, ...).
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    pub fn monitor_pipes_stats(&self) -> Result<()> {
        // SAFETY: live socket (borrowed).
        check(unsafe { sys::zmq_socket_monitor_pipes_stats(self.as_raw()) }).map(drop)
    }
}

// ---------------------------------------------------------------------------------------------
// The monitor

/// The receiving end of a socket monitor, from [`Socket::monitor`]: a PAIR socket connected to
/// the `inproc://` endpoint libzmq publishes the socket's events on.
///
/// It borrows the monitored socket (see the [module docs](crate::monitor) for why): the socket
/// stays usable through `&Socket` (bind, connect, send, receive) and cannot be dropped or moved
/// before the monitor. Dropping the monitor stops monitoring (`zmq_socket_monitor(socket, NULL,
/// 0)`) and closes the reader with linger 0; it never panics or blocks.
///
/// A `Monitor` stays on the thread of the socket it watches:
///
/// ```compile_fail
/// fn send<T: Send>(_: T) {}
/// let ctx = zmq::Context::new()?;
/// let sock = ctx.socket(zmq::SocketType::Rep)?;
/// send(sock.monitor(zmq::MonitorEvents::ALL)?);
/// # Ok::<(), zmq::Error>(())
/// ```
///
/// and the socket outlives it:
///
/// ```compile_fail
/// let ctx = zmq::Context::new()?;
/// let sock = ctx.socket(zmq::SocketType::Rep)?;
/// let monitor = sock.monitor(zmq::MonitorEvents::ALL)?;
/// drop(sock);
/// let _ = monitor.try_recv();
/// # Ok::<(), zmq::Error>(())
/// ```
#[derive(Debug)]
#[must_use = "dropping the Monitor stops monitoring the socket"]
pub struct Monitor<'s> {
    socket: &'s Socket,
    reader: Socket,
    endpoint: String,
    version: MonitorVersion,
    id: u64,
    /// No event can come any more (MONITOR_STOPPED received, or [`Monitor::stop`] called).
    stopped: Cell<bool>,
}

impl<'s> Monitor<'s> {
    fn start(
        socket: &'s Socket,
        events: MonitorEvents,
        version: MonitorVersion,
    ) -> Result<Monitor<'s>> {
        if version == MonitorVersion::V1 {
            check_v1_events(events)?;
        }
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let endpoint = format!("inproc://zmq-rs-monitor-{id}-{:p}", socket.as_raw());
        let c = c_monitor_endpoint(&endpoint)?;
        // The reader connects first (inproc allows connect before bind), so the pipe exists the
        // moment libzmq binds its end and no event ever meets an unconnected monitor socket.
        let reader = socket.context().socket(SocketType::Pair)?;
        reader.set(opt::Linger, Some(Duration::ZERO))?;
        // No receive limit: unread events must queue, never block libzmq's I/O thread.
        reader.set(opt::RcvHwm, 0)?;
        reader.connect(&endpoint)?;
        start_raw(socket, &c, events, version, SocketType::Pair)?;
        set_active(socket, Some(id));
        Ok(Monitor {
            socket,
            reader,
            endpoint,
            version,
            id,
            stopped: Cell::new(false),
        })
    }

    /// The monitored socket.
    pub fn socket(&self) -> &'s Socket {
        self.socket
    }

    /// The `inproc://` endpoint libzmq publishes the events on.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The event format of this monitor.
    pub fn version(&self) -> MonitorVersion {
        self.version
    }

    /// Receives the frames of one event: waits up to `timeout` (`None`: forever), or not at all
    /// once the monitor has stopped.
    fn recv_frames(&self, timeout: Option<Duration>) -> Result<Option<Vec<Message>>> {
        let timeout = if self.stopped.get() {
            Some(Duration::ZERO)
        } else {
            timeout
        };
        let flags = match timeout {
            None => Flags::NONE,
            Some(t) => {
                if !self
                    .reader
                    .poll(PollEvents::POLLIN, Some(t))?
                    .contains(PollEvents::POLLIN)
                {
                    return Ok(None);
                }
                Flags::DONTWAIT
            }
        };
        match self.reader.recv_multipart_with(flags) {
            Ok(frames) => Ok(Some(frames)),
            Err(Error::WouldBlock) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Receives the next event, waiting up to `timeout` (`None`: until one arrives;
    /// `Some(Duration::ZERO)`: only if one is queued). `Ok(None)` means the time ran out.
    ///
    /// Once the monitor has stopped ([`MonitorEvent::MonitorStopped`] received, or
    /// [`Monitor::stop`] called) nothing new can arrive, so it no longer waits: `Ok(None)` then
    /// means every event has been read. (A monitor replaced by another one without asking for
    /// `MONITOR_STOPPED` cannot know it stopped: `recv(None)` then waits forever.)
    ///
    /// On a version 2 monitor this gives the event part of `Monitor::recv_v2`.
    /// [`Error::Interrupted`] if a signal interrupted the wait; [`Error::InvalidInput`] if the
    /// frames could not be decoded (they are consumed).
    pub fn recv(&self, timeout: Option<Duration>) -> Result<Option<MonitorEvent>> {
        let Some(frames) = self.recv_frames(timeout)? else {
            return Ok(None);
        };
        let frames: Vec<&[u8]> = frames.iter().map(|m| &m[..]).collect();
        let event = match self.version {
            MonitorVersion::V1 => MonitorEvent::parse(&frames)?,
            MonitorVersion::V2 => MonitorEvent::parse_v2(&frames)?.event,
        };
        self.note(&event);
        Ok(Some(event))
    }

    fn note(&self, event: &MonitorEvent) {
        if *event == MonitorEvent::MonitorStopped {
            self.stopped.set(true);
        }
    }

    /// Receives the next event if one is queued, without waiting.
    pub fn try_recv(&self) -> Result<Option<MonitorEvent>> {
        self.recv(Some(Duration::ZERO))
    }

    /// Receives the next event of a version 2 monitor with both of its endpoints, waiting up to
    /// `timeout` like [`Monitor::recv`]. On a version 1 monitor: [`Error::InvalidInput`].
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    pub fn recv_v2(&self, timeout: Option<Duration>) -> Result<Option<MonitorEventV2>> {
        if self.version != MonitorVersion::V2 {
            return Err(Error::invalid(
                "monitor version",
                "recv_v2 needs a monitor started with MonitorVersion::V2",
            ));
        }
        let Some(frames) = self.recv_frames(timeout)? else {
            return Ok(None);
        };
        let frames: Vec<&[u8]> = frames.iter().map(|m| &m[..]).collect();
        let event = MonitorEvent::parse_v2(&frames)?;
        self.note(&event.event);
        Ok(Some(event))
    }

    /// A blocking iterator over the events: each `next()` waits for one (as `recv(None)`). It
    /// ends when the monitor has stopped and every event is read (so right after
    /// [`MonitorEvent::MonitorStopped`]), or after yielding the first error.
    pub fn iter(&self) -> Iter<'_, 's> {
        Iter {
            monitor: self,
            done: false,
        }
    }

    /// A poll item for the monitor (readable when an event is queued), to wait on it together
    /// with other sockets in [`crate::poll`].
    pub fn as_poll_item(&self) -> PollItem<'_> {
        self.reader.as_poll_item(PollEvents::POLLIN)
    }

    /// Stops monitoring (`zmq_socket_monitor(socket, NULL, 0)`) but keeps the reader: the events
    /// already queued, ending with [`MonitorEvent::MonitorStopped`] if it was asked for, can
    /// still be received. Does nothing if this monitor was already stopped or replaced.
    pub fn stop(&self) -> Result<()> {
        if take_active(self.socket, self.id) {
            // libzmq writes the last events (and MONITOR_STOPPED) into the pipe before it
            // returns, so from now on a receive that finds nothing can stop waiting.
            self.stopped.set(true);
            // SAFETY: live socket (borrowed for 's); a NULL endpoint stops monitoring.
            check(unsafe { sys::zmq_socket_monitor(self.socket.as_raw(), std::ptr::null(), 0) })?;
        }
        Ok(())
    }
}

impl Drop for Monitor<'_> {
    fn drop(&mut self) {
        // Stop libzmq first so it never writes to a closed reader; a replaced monitor leaves its
        // successor alone. Errors (ETERM after a context shutdown, which stopped monitoring
        // already) are ignored. The reader is closed afterwards with linger 0.
        let _ = self.stop();
    }
}

/// The blocking iterator of [`Monitor::iter`].
#[derive(Debug)]
pub struct Iter<'m, 's> {
    monitor: &'m Monitor<'s>,
    done: bool,
}

impl Iterator for Iter<'_, '_> {
    type Item = Result<MonitorEvent>;

    fn next(&mut self) -> Option<Result<MonitorEvent>> {
        if self.done {
            return None;
        }
        match self.monitor.recv(None) {
            Ok(Some(event)) => Some(Ok(event)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

impl<'m, 's> IntoIterator for &'m Monitor<'s> {
    type Item = Result<MonitorEvent>;
    type IntoIter = Iter<'m, 's>;

    fn into_iter(self) -> Iter<'m, 's> {
        self.iter()
    }
}
