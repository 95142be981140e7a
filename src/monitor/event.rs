//! Monitor events: the typed [`MonitorEvent`] and [`MonitorEventV2`], parsed from the frames
//! libzmq sends (the pure parser the `monitor_event` fuzz target exercises).

use std::fmt;
use std::os::fd::RawFd;
use std::os::raw::c_int;
use std::time::Duration;

use super::{MonitorEvents, ProtocolError, EVENT_NAMES, PIPES_STATS_EVENT};
use crate::error::{Error, Result};

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
        Ok(match MonitorEvents::from_bits_retain(event) {
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
            E::Unknown { event, .. } => MonitorEvents::from_bits_retain(*event),
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
