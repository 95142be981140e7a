//! Typed socket options (`zmq_setsockopt` / `zmq_getsockopt`): one zero-sized type per option of
//! libzmq 4.3.5, each carrying its value type and direction.
//!
//! ```
//! use std::time::Duration;
//! use zmq::{opt, Context, SocketType};
//! let ctx = Context::new()?;
//! let sock = ctx.socket(SocketType::Dealer)?;
//! sock.set(opt::SndHwm, 1000)?;
//! sock.set(opt::Linger, Some(Duration::from_millis(50)))?;
//! assert_eq!(sock.get(opt::SndHwm)?, 1000);
//! assert!(!sock.get(opt::RcvMore)?);
//! # Ok::<(), zmq::Error>(())
//! ```
//!
//! Write-only options have no `get`, read-only ones no `set`; both are compile errors:
//!
//! ```compile_fail
//! # let ctx = zmq::Context::new().unwrap();
//! # let sock = ctx.socket(zmq::SocketType::Sub).unwrap();
//! sock.get(zmq::opt::Subscribe); // ZMQ_SUBSCRIBE is write-only
//! ```
//!
//! ```compile_fail
//! # let ctx = zmq::Context::new().unwrap();
//! # let sock = ctx.socket(zmq::SocketType::Sub).unwrap();
//! sock.set(zmq::opt::RcvMore, true); // ZMQ_RCVMORE is read-only
//! ```
//!
//! Values are typed: durations are [`Duration`]s, with `None` standing for libzmq's sentinel
//! (`-1` "forever" for [`Linger`]/[`RcvTimeo`]/[`SndTimeo`], `0` "off" for [`HandshakeIvl`],
//! [`HeartbeatIvl`], [`ConnectTimeout`], ...); CURVE keys are [`CurveKey`]s and can be given as 32
//! bytes or as 40 Z85 characters:
//!
//! ```
//! use std::time::Duration;
//! use zmq::{opt, Context, CurveKeyPair, SocketType};
//! # if !zmq::has("curve") { return Ok(()); }
//! let ctx = Context::new()?;
//! let client = ctx.socket(SocketType::Dealer)?;
//! let server_public = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
//! let mine = CurveKeyPair::generate()?;
//! client.set(opt::CurveServerKey, server_public)?;        // Z85 text
//! client.set(opt::CurvePublicKey, &mine.public)?;         // CurveKey
//! client.set(opt::CurveSecretKey, mine.secret.as_bytes())?; // &[u8; 32]
//! assert_eq!(client.get(opt::CurveServerKey)?.to_z85(), server_public);
//! assert_eq!(client.get(opt::Mechanism)?, opt::value::SecurityMechanism::Curve);
//!
//! client.set(opt::HeartbeatIvl, Some(Duration::from_secs(1)))?;
//! client.set(opt::ReconnectIvl, None)?; // -1: never reconnect
//! assert_eq!(client.get(opt::HandshakeIvl)?, Some(Duration::from_secs(30)));
//! # Ok::<(), zmq::Error>(())
//! ```
//!
//! Options newer than this table: [`Socket::getsockopt_raw`] / [`Socket::setsockopt_raw`].
//! [`ALL`] lists every option of the table with its id and direction; the integration test
//! `tests/it/options.rs` walks it, so every option is set and read back on a fitting socket type.
//!
//! # The options by topic
//!
//! Draft options (`#[cfg(zmq_has_draft)]`, crate feature `draft`) are marked *(draft)*; options
//! libzmq deprecated are marked *(deprecated)* and carry `#[deprecated]`.
//!
//! - **Socket state** (read-only): [`Type`], [`RcvMore`], [`Events`], [`Fd`], [`LastEndpoint`],
//!   [`ThreadSafe`], [`Mechanism`], `TopicsCount` *(draft)*.
//! - **Queues and messages**: [`SndHwm`], [`RcvHwm`], [`Conflate`], [`Immediate`],
//!   [`MaxMsgSize`], [`SndBuf`], [`RcvBuf`], [`Affinity`], `InBatchSize`, `OutBatchSize`
//!   *(draft)*.
//! - **Timeouts, connection life**: [`Linger`], [`RcvTimeo`], [`SndTimeo`], [`ReconnectIvl`],
//!   [`ReconnectIvlMax`], [`ConnectTimeout`], [`HandshakeIvl`], [`TcpMaxRt`], `ReconnectStop`
//!   *(draft)*.
//! - **Heartbeats**: [`HeartbeatIvl`], [`HeartbeatTtl`], [`HeartbeatTimeout`]; the messages
//!   `HelloMsg`, `DisconnectMsg`, `HiccupMsg` *(draft)*.
//! - **Routing** (ROUTER, STREAM, DEALER, REQ): [`RoutingId`], [`ConnectRoutingId`],
//!   [`RouterMandatory`], [`RouterHandover`], [`RouterRaw`] *(deprecated)*, [`ProbeRouter`],
//!   [`StreamNotify`], [`ReqCorrelate`], [`ReqRelaxed`], `RouterNotify` *(draft)*.
//! - **Publish-subscribe**: [`Subscribe`], [`Unsubscribe`], [`InvertMatching`], [`XPubVerbose`],
//!   [`XPubVerboser`], [`XPubNoDrop`], [`XPubManual`], [`XPubWelcomeMsg`],
//!   `XPubManualLastValue`, `XSubVerboseUnsubscribe`, `OnlyFirstSubscribe` *(draft)*.
//! - **Security**: [`Mechanism`], [`ZapDomain`], [`PlainServer`], [`PlainUsername`],
//!   [`PlainPassword`], [`CurveServer`], [`CurvePublicKey`], [`CurveSecretKey`],
//!   [`CurveServerKey`], `ZapEnforceDomain`, `Metadata` *(draft)*; GSSAPI (not in the vendored
//!   build): [`GssapiServer`], [`GssapiPrincipal`], [`GssapiServicePrincipal`],
//!   [`GssapiPlaintext`], [`GssapiPrincipalNameType`], [`GssapiServicePrincipalNameType`].
//! - **TCP and the network**: [`Ipv6`], [`Ipv4Only`] *(deprecated)*, [`TcpKeepalive`],
//!   [`TcpKeepaliveCnt`], [`TcpKeepaliveIdle`], [`TcpKeepaliveIntvl`], [`Tos`], [`Backlog`],
//!   [`BindToDevice`], [`UseFd`], [`SocksProxy`], [`TcpAcceptFilter`] *(deprecated)*,
//!   `SocksUsername`, `SocksPassword`, `Priority`, `BusyPoll`, `LoopbackFastpath` *(draft)*.
//! - **IPC**: [`IpcFilterPid`], [`IpcFilterUid`], [`IpcFilterGid`] *(deprecated)*.
//! - **Multicast** (PGM, UDP, NORM): [`Rate`], [`RecoveryIvl`], [`MulticastHops`],
//!   [`MulticastMaxTpdu`], `MulticastLoop` *(draft)*; NORM (not in the vendored build):
//!   `NormMode`, `NormUnicastNack`, `NormBufferSize`, `NormSegmentSize`, `NormBlockSize`,
//!   `NormNumParity`, `NormNumAutoparity`, `NormPush` *(draft)*.
//! - **Transports not in the vendored build**: VMCI ([`VmciBufferSize`], [`VmciBufferMinSize`],
//!   [`VmciBufferMaxSize`], [`VmciConnectTimeout`]), WSS (`WssKeyPem`, `WssCertPem`,
//!   `WssTrustPem`, `WssHostname`, `WssTrustSystem` *(draft)*). Setting or reading them fails
//!   with `EINVAL` unless libzmq was built with the transport ([`crate::has`]).
//!
//! Not here: `ZMQ_BLOCKY` sits among the socket options in `zmq.h` but is a context option
//! ([`crate::ctx_opt::Blocky`]); the aliases `ZMQ_IDENTITY` (= [`RoutingId`]), `ZMQ_CONNECT_RID`
//! (= [`ConnectRoutingId`]), `ZMQ_DELAY_ATTACH_ON_CONNECT` (= [`Immediate`]),
//! `ZMQ_FAIL_UNROUTABLE` and `ZMQ_ROUTER_BEHAVIOR` (= [`RouterMandatory`]) share those ids.
//!
//! Where libzmq's implementation and its man pages disagree, this table follows the
//! implementation: [`Conflate`], [`SocksProxy`]'s draft siblings `SocksUsername`/`SocksPassword`
//! and `LoopbackFastpath` are readable although `zmq_getsockopt(3)` does not list them, and
//! `BusyPoll` is write-only because libzmq 4.3.5 reads it back with `EINVAL`.

use std::os::fd::{OwnedFd, RawFd};
use std::os::raw::c_int;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::poll::PollEvents;
use crate::socket::{Socket, SocketType};
use crate::sys;
use crate::util::CurveKey;

#[doc(hidden)]
mod diagnostics;
pub mod named;

mod sealed {
    /// Keeps [`super::SocketOption`] (and so [`super::Get`] and [`super::Set`]) to the tags of
    /// this module's table.
    pub trait Sealed {}
}

/// A socket option: its libzmq id and name. Implemented by the tags of this module only
/// (sealed).
pub trait SocketOption: Copy + sealed::Sealed {
    /// The `ZMQ_*` constant.
    const ID: c_int;
    /// The C name (`"ZMQ_SNDHWM"`).
    const NAME: &'static str;
    /// The socket types the option applies to per libzmq's documentation; empty: all types.
    const SOCKET_TYPES: &'static [SocketType];
}

/// A readable option (`zmq_getsockopt`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read: it is a write-only socket option (or not an option)",
    label = "`Socket::get` needs a readable option",
    note = "write-only options such as `ZMQ_SUBSCRIBE` have no `get`; each option's page in `zmq::opt` says whether it is read-only, write-only or read-write"
)]
pub trait Get: SocketOption {
    /// The value type.
    type Value;
    /// Reads the option from `socket`.
    fn get_from(self, socket: &Socket) -> Result<Self::Value>;
}

/// A writable option (`zmq_setsockopt`) taking values of type `V`.
#[diagnostic::on_unimplemented(
    message = "socket option `{Self}` cannot be set to a `{V}`",
    label = "`{Self}` does not take a `{V}`, or is read-only",
    note = "each option's page in `zmq::opt` lists the value types `set` takes (\"`set` takes ...\") and whether it is read-only"
)]
pub trait Set<V>: SocketOption {
    /// Writes the option on `socket`.
    fn set_on(self, socket: &Socket, value: V) -> Result<()>;
}

/// Adds the option and the socket's type to an `errno` libzmq reported for `O` on `socket`
/// ([`Error::SocketOption`]); other errors pass unchanged. Only called on failure, so successful
/// `get`/`set` calls stay free of extra calls and allocations.
#[cold]
pub(crate) fn option_error<O: SocketOption>(socket: &Socket, error: Error) -> Error {
    match error {
        Error::Errno(errno) => Error::SocketOption {
            option: O::NAME,
            // Not `Socket::socket_type`, which reports its own failure through this function.
            socket_type: codec::read_int(socket, sys::ZMQ_TYPE)
                .ok()
                .and_then(SocketType::from_raw),
            errno,
            applies_to: O::SOCKET_TYPES,
        },
        other => other,
    }
}

/// One row of the option table (see [`ALL`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct OptionInfo {
    /// The C name (`"ZMQ_SNDHWM"`), as [`SocketOption::NAME`].
    pub name: &'static str,
    /// The `ZMQ_*` id, as [`SocketOption::ID`].
    pub id: c_int,
    /// Whether the option implements [`Get`].
    pub readable: bool,
    /// Whether the option implements [`Set`].
    pub writable: bool,
    /// A draft option (present only with `cfg(zmq_has_draft)`).
    pub draft: bool,
    /// An option libzmq deprecated (still a distinct id).
    pub deprecated: bool,
    /// The socket types it applies to, as [`SocketOption::SOCKET_TYPES`]; empty: all types.
    pub socket_types: &'static [SocketType],
}

pub mod value;

pub(crate) mod codec;

/// Declares the option table:
///
/// ```text
/// /// docs
/// #[cfg(zmq_has_draft)]           (optional)
/// #[deprecated = "why"]           (optional)
/// #[doc(alias = "ZMQ_ID")]        (the C name; checked against `ZMQ_ID` at compile time)
/// Name = ZMQ_ID: Codec, get set, [SocketType, ...]   (`get`/`set`/both; types optional)
///     => ["name", "alias"] Kind(min), "unit";         (optional: settable by name)
/// ```
///
/// Each row becomes a unit struct with `SocketOption`, `Get` and/or `Set` impls whose value
/// types are spelled out (so rustdoc shows `i32`, not a codec projection), a generated line of
/// docs (value types, direction, C name, socket types), a `ZMQ_*` doc alias, an entry of
/// [`ALL`], and for rows with `=>` an entry of the by-name parser ([`named`]). The `=>` clause is
/// not supported on `#[cfg]` rows.
mod table;
pub use table::*;
