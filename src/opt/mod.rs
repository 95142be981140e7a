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

/// The value types of options that are neither numbers, strings nor durations.
pub mod value {
    use super::*;

    /// The security mechanism of a socket (`ZMQ_MECHANISM`), named as in libzmq.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    #[non_exhaustive]
    #[repr(i32)]
    pub enum SecurityMechanism {
        /// `ZMQ_NULL`: no security (the default).
        #[default]
        Null = sys::ZMQ_NULL,
        /// `ZMQ_PLAIN`: clear-text user name and password.
        Plain = sys::ZMQ_PLAIN,
        /// `ZMQ_CURVE`: CurveZMQ authentication and encryption.
        Curve = sys::ZMQ_CURVE,
        /// `ZMQ_GSSAPI`: Kerberos (needs a libzmq built with GSSAPI).
        Gssapi = sys::ZMQ_GSSAPI,
    }

    impl SecurityMechanism {
        /// The mechanism for a `ZMQ_NULL`/`ZMQ_PLAIN`/`ZMQ_CURVE`/`ZMQ_GSSAPI` value.
        pub fn from_raw(raw: i32) -> Option<SecurityMechanism> {
            [
                SecurityMechanism::Null,
                SecurityMechanism::Plain,
                SecurityMechanism::Curve,
                SecurityMechanism::Gssapi,
            ]
            .into_iter()
            .find(|m| *m as i32 == raw)
        }
    }

    /// How a GSSAPI principal name is interpreted (`ZMQ_GSSAPI_NT_*`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    #[repr(i32)]
    pub enum GssapiNameType {
        /// `ZMQ_GSSAPI_NT_HOSTBASED`: a host-based name (the default).
        #[default]
        HostBased = sys::ZMQ_GSSAPI_NT_HOSTBASED,
        /// `ZMQ_GSSAPI_NT_USER_NAME`: a local user name.
        UserName = sys::ZMQ_GSSAPI_NT_USER_NAME,
        /// `ZMQ_GSSAPI_NT_KRB5_PRINCIPAL`: an unparsed Kerberos principal name.
        Krb5Principal = sys::ZMQ_GSSAPI_NT_KRB5_PRINCIPAL,
    }

    impl GssapiNameType {
        /// The name type for a `ZMQ_GSSAPI_NT_*` value.
        pub fn from_raw(raw: i32) -> Option<GssapiNameType> {
            [
                GssapiNameType::HostBased,
                GssapiNameType::UserName,
                GssapiNameType::Krb5Principal,
            ]
            .into_iter()
            .find(|t| *t as i32 == raw)
        }
    }

    /// The NORM sender mode (`ZMQ_NORM_MODE`, draft).
    #[cfg(zmq_has_draft)]
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    #[repr(i32)]
    pub enum NormSenderMode {
        /// `ZMQ_NORM_FIXED`: fixed rate ([`super::Rate`]).
        Fixed = sys::ZMQ_NORM_FIXED,
        /// `ZMQ_NORM_CC`: TCP-friendly congestion control (the default).
        #[default]
        Cc = sys::ZMQ_NORM_CC,
        /// `ZMQ_NORM_CCL`: loss-tolerant congestion control.
        Ccl = sys::ZMQ_NORM_CCL,
        /// `ZMQ_NORM_CCE`: ECN-enabled congestion control.
        Cce = sys::ZMQ_NORM_CCE,
        /// `ZMQ_NORM_CCE_ECNONLY`: ECN-only congestion control.
        CceEcnOnly = sys::ZMQ_NORM_CCE_ECNONLY,
    }

    #[cfg(zmq_has_draft)]
    impl NormSenderMode {
        /// The mode for a `ZMQ_NORM_*` value.
        pub fn from_raw(raw: i32) -> Option<NormSenderMode> {
            [
                NormSenderMode::Fixed,
                NormSenderMode::Cc,
                NormSenderMode::Ccl,
                NormSenderMode::Cce,
                NormSenderMode::CceEcnOnly,
            ]
            .into_iter()
            .find(|m| *m as i32 == raw)
        }
    }

    /// Declares a set of `int` flags combined with `|`.
    macro_rules! flags {
        ($(#[$doc:meta])* $name:ident { $( $(#[$fdoc:meta])* $flag:ident = $c:ident; )* }) => {
            $(#[$doc])*
            #[cfg(zmq_has_draft)]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            pub struct $name(c_int);

            #[cfg(zmq_has_draft)]
            impl $name {
                /// No flag.
                pub const NONE: $name = $name(0);
                $( $(#[$fdoc])* pub const $flag: $name = $name(sys::$c); )*

                /// The `int` libzmq uses.
                pub fn bits(self) -> i32 {
                    self.0
                }

                /// From the `int` libzmq uses.
                pub fn from_bits(bits: i32) -> $name {
                    $name(bits)
                }

                /// Whether every flag of `other` is set.
                pub fn contains(self, other: $name) -> bool {
                    self.0 & other.0 == other.0
                }

                /// Whether no flag is set.
                pub fn is_empty(self) -> bool {
                    self.0 == 0
                }
            }

            #[cfg(zmq_has_draft)]
            impl std::ops::BitOr for $name {
                type Output = $name;
                fn bitor(self, rhs: $name) -> $name {
                    $name(self.0 | rhs.0)
                }
            }
        };
    }

    flags! {
        /// Which peer events a ROUTER reports as empty messages (`ZMQ_ROUTER_NOTIFY`, draft).
        NotifyFlags {
            /// `ZMQ_NOTIFY_CONNECT`: a peer connected.
            CONNECT = ZMQ_NOTIFY_CONNECT;
            /// `ZMQ_NOTIFY_DISCONNECT`: a peer disconnected.
            DISCONNECT = ZMQ_NOTIFY_DISCONNECT;
        }
    }

    flags! {
        /// When automatic reconnection stops (`ZMQ_RECONNECT_STOP`, draft).
        ReconnectStopFlags {
            /// `ZMQ_RECONNECT_STOP_CONN_REFUSED`: the peer refused the connection.
            CONN_REFUSED = ZMQ_RECONNECT_STOP_CONN_REFUSED;
            /// `ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED`: the ZMTP handshake failed.
            HANDSHAKE_FAILED = ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED;
            /// `ZMQ_RECONNECT_STOP_AFTER_DISCONNECT`: after `zmq_disconnect`.
            AFTER_DISCONNECT = ZMQ_RECONNECT_STOP_AFTER_DISCONNECT;
        }
    }
}

/// How each kind of option value travels through `zmq_setsockopt`/`zmq_getsockopt`.
///
/// Durations travel as whole milliseconds in an `int` (sub-millisecond parts are truncated;
/// durations over `i32::MAX` ms are refused with [`Error::InvalidInput`]).
pub(crate) mod codec {
    use super::*;

    /// Reads a value of some kind.
    pub trait Decode {
        /// The Rust value.
        type Out;
        /// Reads option `id`.
        fn read(socket: &Socket, id: c_int) -> Result<Self::Out>;
    }

    /// Writes a value of type `V`.
    pub trait Encode<V> {
        /// Writes option `id`.
        fn write(socket: &Socket, id: c_int, value: V) -> Result<()>;
    }

    /// The largest string or binary value read back (libzmq cannot report the length it needs).
    const MAX_READ: usize = 64 * 1024;

    pub(crate) fn read_int(socket: &Socket, id: c_int) -> Result<c_int> {
        let mut buf = [0u8; 4];
        socket.getsockopt_raw(id, &mut buf)?;
        Ok(c_int::from_ne_bytes(buf))
    }

    pub(crate) fn write_int(socket: &Socket, id: c_int, v: c_int) -> Result<()> {
        socket.setsockopt_raw(id, &v.to_ne_bytes())
    }

    fn read_i64(socket: &Socket, id: c_int) -> Result<i64> {
        let mut buf = [0u8; 8];
        socket.getsockopt_raw(id, &mut buf)?;
        Ok(i64::from_ne_bytes(buf))
    }

    /// Reads a string or binary option, growing the buffer while libzmq says it is too small.
    fn read_buf(socket: &Socket, id: c_int) -> Result<Vec<u8>> {
        let mut len = 256;
        loop {
            let mut buf = vec![0u8; len];
            match socket.getsockopt_raw(id, &mut buf) {
                Ok(n) => {
                    buf.truncate(n);
                    return Ok(buf);
                }
                Err(Error::Errno(libc::EINVAL)) if len < MAX_READ => len *= 16,
                Err(e) => return Err(e),
            }
        }
    }

    fn millis(d: Duration, what: &'static str) -> Result<c_int> {
        c_int::try_from(d.as_millis()).map_err(|_| {
            Error::invalid(
                "option value",
                format!("{what}: {d:?} exceeds i32 milliseconds"),
            )
        })
    }

    fn from_millis(ms: c_int) -> Duration {
        Duration::from_millis(u64::try_from(ms).unwrap_or(0))
    }

    /// `int` options.
    pub struct Int;
    impl Decode for Int {
        type Out = i32;
        fn read(s: &Socket, id: c_int) -> Result<i32> {
            read_int(s, id)
        }
    }
    impl Encode<i32> for Int {
        fn write(s: &Socket, id: c_int, v: i32) -> Result<()> {
            write_int(s, id, v)
        }
    }

    /// `int` options holding 0 or 1.
    pub struct Bool;
    impl Decode for Bool {
        type Out = bool;
        fn read(s: &Socket, id: c_int) -> Result<bool> {
            Ok(read_int(s, id)? != 0)
        }
    }
    impl Encode<bool> for Bool {
        fn write(s: &Socket, id: c_int, v: bool) -> Result<()> {
            write_int(s, id, v as c_int)
        }
    }

    /// `int` options holding -1 (leave the OS default: `None`), 0 or 1.
    pub struct BoolOrDefault;
    impl Decode for BoolOrDefault {
        type Out = Option<bool>;
        fn read(s: &Socket, id: c_int) -> Result<Option<bool>> {
            let v = read_int(s, id)?;
            Ok((v >= 0).then_some(v != 0))
        }
    }
    impl Encode<Option<bool>> for BoolOrDefault {
        fn write(s: &Socket, id: c_int, v: Option<bool>) -> Result<()> {
            write_int(s, id, v.map_or(-1, c_int::from))
        }
    }
    impl Encode<bool> for BoolOrDefault {
        fn write(s: &Socket, id: c_int, v: bool) -> Result<()> {
            write_int(s, id, v as c_int)
        }
    }

    /// `uint64_t` options (bitmaps, sizes).
    pub struct U64;
    impl Decode for U64 {
        type Out = u64;
        fn read(s: &Socket, id: c_int) -> Result<u64> {
            let mut buf = [0u8; 8];
            s.getsockopt_raw(id, &mut buf)?;
            Ok(u64::from_ne_bytes(buf))
        }
    }
    impl Encode<u64> for U64 {
        fn write(s: &Socket, id: c_int, v: u64) -> Result<()> {
            s.setsockopt_raw(id, &v.to_ne_bytes())
        }
    }

    /// `int64_t` size limits where -1 means "no limit" (`None`).
    pub struct SizeLimit;
    impl Decode for SizeLimit {
        type Out = Option<u64>;
        fn read(s: &Socket, id: c_int) -> Result<Option<u64>> {
            Ok(u64::try_from(read_i64(s, id)?).ok())
        }
    }
    impl Encode<Option<u64>> for SizeLimit {
        fn write(s: &Socket, id: c_int, v: Option<u64>) -> Result<()> {
            let raw = match v {
                None => -1,
                Some(n) => i64::try_from(n).map_err(|_| {
                    Error::invalid("option value", format!("size limit {n} exceeds i64::MAX"))
                })?,
            };
            s.setsockopt_raw(id, &raw.to_ne_bytes())
        }
    }
    impl Encode<u64> for SizeLimit {
        fn write(s: &Socket, id: c_int, v: u64) -> Result<()> {
            <SizeLimit as Encode<Option<u64>>>::write(s, id, Some(v))
        }
    }

    /// Millisecond `int` options where -1 is the sentinel (`None`): "forever" for linger and
    /// timeouts, "never" for `ZMQ_RECONNECT_IVL`.
    pub struct MillisOrForever;
    impl Decode for MillisOrForever {
        type Out = Option<Duration>;
        fn read(s: &Socket, id: c_int) -> Result<Option<Duration>> {
            let ms = read_int(s, id)?;
            Ok((ms >= 0).then(|| from_millis(ms)))
        }
    }
    impl Encode<Option<Duration>> for MillisOrForever {
        fn write(s: &Socket, id: c_int, v: Option<Duration>) -> Result<()> {
            let ms = match v {
                None => -1,
                Some(d) => millis(d, "duration")?,
            };
            write_int(s, id, ms)
        }
    }
    impl Encode<Duration> for MillisOrForever {
        fn write(s: &Socket, id: c_int, v: Duration) -> Result<()> {
            write_int(s, id, millis(v, "duration")?)
        }
    }

    /// Millisecond `int` options where 0 means "off" (`None`). `Some` of a duration under
    /// 1 ms is refused (it would read back as `None`).
    pub struct MillisOrOff;
    impl Decode for MillisOrOff {
        type Out = Option<Duration>;
        fn read(s: &Socket, id: c_int) -> Result<Option<Duration>> {
            let ms = read_int(s, id)?;
            Ok((ms > 0).then(|| from_millis(ms)))
        }
    }
    impl Encode<Option<Duration>> for MillisOrOff {
        fn write(s: &Socket, id: c_int, v: Option<Duration>) -> Result<()> {
            let ms = match v {
                None => 0,
                Some(d) => match millis(d, "duration")? {
                    0 => {
                        return Err(Error::invalid(
                            "option value",
                            format!("{d:?} is 0 ms, which means off: use None to switch off"),
                        ))
                    }
                    ms => ms,
                },
            };
            write_int(s, id, ms)
        }
    }

    /// Millisecond `int` options that are always a duration.
    pub struct Millis;
    impl Decode for Millis {
        type Out = Duration;
        fn read(s: &Socket, id: c_int) -> Result<Duration> {
            Ok(from_millis(read_int(s, id)?))
        }
    }
    impl Encode<Duration> for Millis {
        fn write(s: &Socket, id: c_int, v: Duration) -> Result<()> {
            write_int(s, id, millis(v, "duration")?)
        }
    }

    /// `ZMQ_HEARTBEAT_TIMEOUT`: reads `None` while unset (-1: the timeout follows
    /// `ZMQ_HEARTBEAT_IVL`); written as a duration, where zero means no timeout.
    pub struct HeartbeatTimeout;
    impl Decode for HeartbeatTimeout {
        type Out = Option<Duration>;
        fn read(s: &Socket, id: c_int) -> Result<Option<Duration>> {
            let ms = read_int(s, id)?;
            Ok((ms >= 0).then(|| from_millis(ms)))
        }
    }
    impl Encode<Duration> for HeartbeatTimeout {
        fn write(s: &Socket, id: c_int, v: Duration) -> Result<()> {
            write_int(s, id, millis(v, "heartbeat timeout")?)
        }
    }

    /// `ZMQ_HEARTBEAT_TTL`: milliseconds on the API, kept by libzmq in whole deciseconds in 16
    /// bits, so the value reads back rounded down to 100 ms and is at most 6553.5 s. `None`
    /// (0) means no TTL; `Some` of less than 100 ms (which libzmq would turn into 0) and more
    /// than 6553.599 s are refused with [`Error::InvalidInput`].
    pub struct HeartbeatTtl;
    /// The largest `ZMQ_HEARTBEAT_TTL` libzmq accepts, in milliseconds (65535 deciseconds).
    const HEARTBEAT_TTL_MAX_MS: u128 = 65_535 * 100 + 99;
    impl Decode for HeartbeatTtl {
        type Out = Option<Duration>;
        fn read(s: &Socket, id: c_int) -> Result<Option<Duration>> {
            let ms = read_int(s, id)?;
            Ok((ms > 0).then(|| from_millis(ms)))
        }
    }
    impl Encode<Option<Duration>> for HeartbeatTtl {
        fn write(s: &Socket, id: c_int, v: Option<Duration>) -> Result<()> {
            let ms = match v {
                None => 0,
                Some(d) if d.as_millis() < 100 => {
                    return Err(Error::invalid(
                        "option value",
                        format!("heartbeat TTL {d:?} is under 100 ms (one decisecond): use None"),
                    ))
                }
                Some(d) if d.as_millis() > HEARTBEAT_TTL_MAX_MS => {
                    return Err(Error::invalid(
                        "option value",
                        format!("heartbeat TTL {d:?} exceeds 6553.599 s (65535 deciseconds)"),
                    ))
                }
                Some(d) => millis(d, "heartbeat TTL")?,
            };
            write_int(s, id, ms)
        }
    }
    impl Encode<Duration> for HeartbeatTtl {
        fn write(s: &Socket, id: c_int, v: Duration) -> Result<()> {
            <HeartbeatTtl as Encode<Option<Duration>>>::write(s, id, Some(v))
        }
    }

    /// Whole-second `int` options where -1 means "leave the OS default" (`None`): the TCP
    /// keepalive timers. Durations with a fractional second are refused.
    pub struct SecsOrDefault;
    impl Decode for SecsOrDefault {
        type Out = Option<Duration>;
        fn read(s: &Socket, id: c_int) -> Result<Option<Duration>> {
            let secs = read_int(s, id)?;
            Ok(u64::try_from(secs).ok().map(Duration::from_secs))
        }
    }
    impl Encode<Option<Duration>> for SecsOrDefault {
        fn write(s: &Socket, id: c_int, v: Option<Duration>) -> Result<()> {
            let secs = match v {
                None => -1,
                Some(d) if d.subsec_nanos() != 0 => {
                    return Err(Error::invalid(
                        "option value",
                        format!("{d:?}: this option takes whole seconds"),
                    ))
                }
                Some(d) => c_int::try_from(d.as_secs()).map_err(|_| {
                    Error::invalid("option value", format!("{d:?} exceeds i32 seconds"))
                })?,
            };
            write_int(s, id, secs)
        }
    }
    impl Encode<Duration> for SecsOrDefault {
        fn write(s: &Socket, id: c_int, v: Duration) -> Result<()> {
            <SecsOrDefault as Encode<Option<Duration>>>::write(s, id, Some(v))
        }
    }

    /// Binary options (subscriptions, routing ids, messages). An empty value is passed to
    /// libzmq as a null pointer with length 0, which clears the options that can be cleared.
    pub struct Bytes;
    impl Decode for Bytes {
        type Out = Vec<u8>;
        fn read(s: &Socket, id: c_int) -> Result<Vec<u8>> {
            read_buf(s, id)
        }
    }
    impl Encode<&[u8]> for Bytes {
        fn write(s: &Socket, id: c_int, v: &[u8]) -> Result<()> {
            s.setsockopt_raw(id, v)
        }
    }
    impl Encode<&str> for Bytes {
        fn write(s: &Socket, id: c_int, v: &str) -> Result<()> {
            s.setsockopt_raw(id, v.as_bytes())
        }
    }
    impl Encode<&Vec<u8>> for Bytes {
        fn write(s: &Socket, id: c_int, v: &Vec<u8>) -> Result<()> {
            s.setsockopt_raw(id, v)
        }
    }
    impl Encode<Vec<u8>> for Bytes {
        fn write(s: &Socket, id: c_int, v: Vec<u8>) -> Result<()> {
            s.setsockopt_raw(id, &v)
        }
    }
    impl<const N: usize> Encode<&[u8; N]> for Bytes {
        fn write(s: &Socket, id: c_int, v: &[u8; N]) -> Result<()> {
            s.setsockopt_raw(id, v)
        }
    }

    /// Character-string options. Written without a terminating NUL; a string containing a NUL
    /// byte is refused with [`Error::InvalidInput`]. The empty string is passed as a null pointer
    /// with length 0 (which clears `ZMQ_SOCKS_PROXY`, resets `ZMQ_PLAIN_*` to the NULL
    /// mechanism, and is refused by libzmq for `ZMQ_ZAP_DOMAIN`).
    pub struct Str;
    impl Decode for Str {
        type Out = String;
        fn read(s: &Socket, id: c_int) -> Result<String> {
            let mut text = read_buf(s, id)?;
            if let Some(nul) = text.iter().position(|b| *b == 0) {
                text.truncate(nul);
            }
            String::from_utf8(text).map_err(|e| Error::NotUtf8 {
                bytes: e.into_bytes(),
            })
        }
    }
    impl Encode<&str> for Str {
        fn write(s: &Socket, id: c_int, v: &str) -> Result<()> {
            if v.as_bytes().contains(&0) {
                return Err(Error::invalid("option value", "string contains a NUL byte"));
            }
            s.setsockopt_raw(id, v.as_bytes())
        }
    }
    impl Encode<&String> for Str {
        fn write(s: &Socket, id: c_int, v: &String) -> Result<()> {
            <Str as Encode<&str>>::write(s, id, v)
        }
    }
    impl Encode<String> for Str {
        fn write(s: &Socket, id: c_int, v: String) -> Result<()> {
            <Str as Encode<&str>>::write(s, id, &v)
        }
    }

    /// CURVE keys: read as a [`CurveKey`]; written from a [`CurveKey`], `&CurveKey`, 32 bytes
    /// (`[u8; 32]`, `&[u8; 32]`) or 40 Z85 characters (`&str`; any other length or a character
    /// outside the Z85 alphabet is refused with [`Error::InvalidInput`]).
    pub struct Key;
    impl Decode for Key {
        type Out = CurveKey;
        fn read(s: &Socket, id: c_int) -> Result<CurveKey> {
            let mut key = [0u8; 32];
            s.getsockopt_raw(id, &mut key)?;
            Ok(CurveKey(key))
        }
    }
    impl Encode<&[u8; 32]> for Key {
        fn write(s: &Socket, id: c_int, v: &[u8; 32]) -> Result<()> {
            s.setsockopt_raw(id, v)
        }
    }
    impl Encode<[u8; 32]> for Key {
        fn write(s: &Socket, id: c_int, v: [u8; 32]) -> Result<()> {
            s.setsockopt_raw(id, &v)
        }
    }
    impl Encode<&CurveKey> for Key {
        fn write(s: &Socket, id: c_int, v: &CurveKey) -> Result<()> {
            s.setsockopt_raw(id, &v.0)
        }
    }
    impl Encode<CurveKey> for Key {
        fn write(s: &Socket, id: c_int, v: CurveKey) -> Result<()> {
            s.setsockopt_raw(id, &v.0)
        }
    }
    impl Encode<&str> for Key {
        fn write(s: &Socket, id: c_int, v: &str) -> Result<()> {
            let key = CurveKey::from_z85(v)?;
            s.setsockopt_raw(id, &key.0)
        }
    }

    /// The socket type (`ZMQ_TYPE`).
    pub struct Type;
    impl Decode for Type {
        type Out = SocketType;
        fn read(s: &Socket, id: c_int) -> Result<SocketType> {
            let raw = read_int(s, id)?;
            SocketType::from_raw(raw).ok_or(Error::Errno(libc::EINVAL))
        }
    }

    /// The security mechanism (`ZMQ_MECHANISM`).
    pub struct Mechanism;
    impl Decode for Mechanism {
        type Out = value::SecurityMechanism;
        fn read(s: &Socket, id: c_int) -> Result<value::SecurityMechanism> {
            let raw = read_int(s, id)?;
            value::SecurityMechanism::from_raw(raw).ok_or(Error::Errno(libc::EINVAL))
        }
    }

    /// GSSAPI name types (`ZMQ_GSSAPI_*_NAMETYPE`).
    pub struct GssapiNameType;
    impl Decode for GssapiNameType {
        type Out = value::GssapiNameType;
        fn read(s: &Socket, id: c_int) -> Result<value::GssapiNameType> {
            let raw = read_int(s, id)?;
            value::GssapiNameType::from_raw(raw).ok_or(Error::Errno(libc::EINVAL))
        }
    }
    impl Encode<value::GssapiNameType> for GssapiNameType {
        fn write(s: &Socket, id: c_int, v: value::GssapiNameType) -> Result<()> {
            write_int(s, id, v as c_int)
        }
    }

    /// The NORM sender mode (`ZMQ_NORM_MODE`, draft).
    #[cfg(zmq_has_draft)]
    pub struct NormMode;
    #[cfg(zmq_has_draft)]
    impl Decode for NormMode {
        type Out = value::NormSenderMode;
        fn read(s: &Socket, id: c_int) -> Result<value::NormSenderMode> {
            let raw = read_int(s, id)?;
            value::NormSenderMode::from_raw(raw).ok_or(Error::Errno(libc::EINVAL))
        }
    }
    #[cfg(zmq_has_draft)]
    impl Encode<value::NormSenderMode> for NormMode {
        fn write(s: &Socket, id: c_int, v: value::NormSenderMode) -> Result<()> {
            write_int(s, id, v as c_int)
        }
    }

    /// `ZMQ_ROUTER_NOTIFY` flags (draft).
    #[cfg(zmq_has_draft)]
    pub struct Notify;
    #[cfg(zmq_has_draft)]
    impl Decode for Notify {
        type Out = value::NotifyFlags;
        fn read(s: &Socket, id: c_int) -> Result<value::NotifyFlags> {
            Ok(value::NotifyFlags::from_bits(read_int(s, id)?))
        }
    }
    #[cfg(zmq_has_draft)]
    impl Encode<value::NotifyFlags> for Notify {
        fn write(s: &Socket, id: c_int, v: value::NotifyFlags) -> Result<()> {
            write_int(s, id, v.bits())
        }
    }

    /// `ZMQ_RECONNECT_STOP` flags (draft).
    #[cfg(zmq_has_draft)]
    pub struct ReconnectStop;
    #[cfg(zmq_has_draft)]
    impl Decode for ReconnectStop {
        type Out = value::ReconnectStopFlags;
        fn read(s: &Socket, id: c_int) -> Result<value::ReconnectStopFlags> {
            Ok(value::ReconnectStopFlags::from_bits(read_int(s, id)?))
        }
    }
    #[cfg(zmq_has_draft)]
    impl Encode<value::ReconnectStopFlags> for ReconnectStop {
        fn write(s: &Socket, id: c_int, v: value::ReconnectStopFlags) -> Result<()> {
            write_int(s, id, v.bits())
        }
    }

    /// Poll events (`ZMQ_EVENTS`).
    pub struct Events;
    impl Decode for Events {
        type Out = PollEvents;
        fn read(s: &Socket, id: c_int) -> Result<PollEvents> {
            let bits = read_int(s, id)?;
            Ok(PollEvents::from_bits(bits as i16))
        }
    }

    /// A file descriptor (`ZMQ_FD`).
    pub struct Fd;
    impl Decode for Fd {
        type Out = RawFd;
        fn read(s: &Socket, id: c_int) -> Result<RawFd> {
            read_int(s, id)
        }
    }

    /// A file descriptor or -1 for none (`ZMQ_USE_FD`).
    pub struct OptionalFd;
    impl Decode for OptionalFd {
        type Out = Option<RawFd>;
        fn read(s: &Socket, id: c_int) -> Result<Option<RawFd>> {
            let fd = read_int(s, id)?;
            Ok((fd >= 0).then_some(fd))
        }
    }
    impl Encode<Option<OwnedFd>> for OptionalFd {
        fn write(s: &Socket, _id: c_int, v: Option<OwnedFd>) -> Result<()> {
            s.set_use_fd(v)
        }
    }
    impl Encode<OwnedFd> for OptionalFd {
        fn write(s: &Socket, _id: c_int, v: OwnedFd) -> Result<()> {
            s.set_use_fd(Some(v))
        }
    }

    /// Process id filters (`ZMQ_IPC_FILTER_PID`): a `pid_t` adds a filter, `None` clears all.
    pub struct PidFilter;
    impl Encode<libc::pid_t> for PidFilter {
        fn write(s: &Socket, id: c_int, v: libc::pid_t) -> Result<()> {
            s.setsockopt_raw(id, &v.to_ne_bytes())
        }
    }
    impl Encode<Option<libc::pid_t>> for PidFilter {
        fn write(s: &Socket, id: c_int, v: Option<libc::pid_t>) -> Result<()> {
            match v {
                Some(pid) => s.setsockopt_raw(id, &pid.to_ne_bytes()),
                None => s.setsockopt_raw(id, &[]),
            }
        }
    }

    /// User or group id filters (`ZMQ_IPC_FILTER_UID`/`_GID`): an id adds a filter, `None`
    /// clears all.
    pub struct IdFilter;
    impl Encode<u32> for IdFilter {
        fn write(s: &Socket, id: c_int, v: u32) -> Result<()> {
            s.setsockopt_raw(id, &v.to_ne_bytes())
        }
    }
    impl Encode<Option<u32>> for IdFilter {
        fn write(s: &Socket, id: c_int, v: Option<u32>) -> Result<()> {
            match v {
                Some(n) => s.setsockopt_raw(id, &n.to_ne_bytes()),
                None => s.setsockopt_raw(id, &[]),
            }
        }
    }
}

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
/// `a == b` for the compile-time check that each row's `doc(alias)` is its constant's name.
const fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

macro_rules! options {
    ($(
        $(#[doc = $doc:literal])*
        $(#[cfg($cfg:meta)])?
        $(#[deprecated = $dep:literal])?
        #[doc(alias = $c_name:literal)]
        $name:ident = $id:ident : $codec:ident, $($dir:ident)+ $(, [$($sock:ident),* $(,)?])?
            $(=> [$($by_name:literal),+] $kind:ident $(($min:expr))?, $unit:literal)?;
    )*) => {
        $(
            $(#[doc = $doc])*
            #[doc = ""]
            #[doc = concat!(
                "**Value:** ", options!(@valdoc $codec $($dir)+), ". **",
                options!(@access $($dir)+), "**; C option `", stringify!($id),
                "`; socket types: ", options!(@sockets $($($sock)*)?), "."
            )]
            #[doc(alias = $c_name)]
            $(#[cfg($cfg)])?
            $(#[deprecated = $dep])?
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            pub struct $name;

            $(#[cfg($cfg)])?
            #[allow(deprecated)]
            const _: () = {
                impl sealed::Sealed for $name {}
                impl SocketOption for $name {
                    const ID: c_int = sys::$id;
                    const NAME: &'static str = $c_name;
                    const SOCKET_TYPES: &'static [SocketType] = &[$($(SocketType::$sock),*)?];
                }
                $( options!(@$dir $name $codec); )+
                assert!(same_name($c_name, stringify!($id)), "doc alias differs from the constant");
            };
        )*

        /// Every option of this table, in the order of the table: the data the option tests
        /// (and tools listing options) work from.
        pub const ALL: &[OptionInfo] = &[
            $(
                $(#[cfg($cfg)])?
                OptionInfo {
                    name: $c_name,
                    id: sys::$id,
                    readable: options!(@has get $($dir)+),
                    writable: options!(@has set $($dir)+),
                    draft: options!(@present $($cfg)?),
                    deprecated: options!(@present $($dep)?),
                    socket_types: &[$($(SocketType::$sock),*)?],
                },
            )*
        ];

        /// The rows settable by name (the `=>` clauses of the table), for [`named`].
        #[allow(deprecated)]
        pub(crate) const BY_NAME: &[named::Entry] = &[
            $($(
                named::Entry {
                    names: &[$($by_name),+],
                    c_name: $c_name,
                    id: sys::$id,
                    kind: named::Kind::$kind $(($min))?,
                    unit: $unit,
                },
            )?)*
        ];
    };
    (@get $name:ident $codec:ident) => {
        impl Get for $name {
            type Value = options!(@out $codec);
            #[inline]
            fn get_from(self, socket: &Socket) -> Result<Self::Value> {
                <codec::$codec as codec::Decode>::read(socket, Self::ID)
            }
        }
    };
    (@set $name:ident Bytes) => {
        options!(@impl_set $name Bytes: &[u8], &str, &Vec<u8>, Vec<u8>);
        impl<const N: usize> Set<&[u8; N]> for $name {
            #[inline]
            fn set_on(self, socket: &Socket, value: &[u8; N]) -> Result<()> {
                <codec::Bytes as codec::Encode<&[u8; N]>>::write(socket, Self::ID, value)
            }
        }
    };
    (@set $name:ident Int) => { options!(@impl_set $name Int: i32); };
    (@set $name:ident Bool) => { options!(@impl_set $name Bool: bool); };
    (@set $name:ident BoolOrDefault) => { options!(@impl_set $name BoolOrDefault: Option<bool>, bool); };
    (@set $name:ident U64) => { options!(@impl_set $name U64: u64); };
    (@set $name:ident SizeLimit) => { options!(@impl_set $name SizeLimit: Option<u64>, u64); };
    (@set $name:ident MillisOrForever) => { options!(@impl_set $name MillisOrForever: Option<Duration>, Duration); };
    (@set $name:ident MillisOrOff) => { options!(@impl_set $name MillisOrOff: Option<Duration>); };
    (@set $name:ident Millis) => { options!(@impl_set $name Millis: Duration); };
    (@set $name:ident HeartbeatTimeout) => { options!(@impl_set $name HeartbeatTimeout: Duration); };
    (@set $name:ident HeartbeatTtl) => { options!(@impl_set $name HeartbeatTtl: Option<Duration>, Duration); };
    (@set $name:ident SecsOrDefault) => { options!(@impl_set $name SecsOrDefault: Option<Duration>, Duration); };
    (@set $name:ident Str) => { options!(@impl_set $name Str: &str, &String, String); };
    (@set $name:ident Key) => { options!(@impl_set $name Key: &[u8; 32], [u8; 32], &CurveKey, CurveKey, &str); };
    (@set $name:ident GssapiNameType) => { options!(@impl_set $name GssapiNameType: value::GssapiNameType); };
    (@set $name:ident NormMode) => { options!(@impl_set $name NormMode: value::NormSenderMode); };
    (@set $name:ident Notify) => { options!(@impl_set $name Notify: value::NotifyFlags); };
    (@set $name:ident ReconnectStop) => { options!(@impl_set $name ReconnectStop: value::ReconnectStopFlags); };
    (@set $name:ident OptionalFd) => { options!(@impl_set $name OptionalFd: Option<OwnedFd>, OwnedFd); };
    (@set $name:ident PidFilter) => { options!(@impl_set $name PidFilter: libc::pid_t, Option<libc::pid_t>); };
    (@set $name:ident IdFilter) => { options!(@impl_set $name IdFilter: u32, Option<u32>); };
    (@out Int) => { i32 };
    (@out Bool) => { bool };
    (@out BoolOrDefault) => { Option<bool> };
    (@out U64) => { u64 };
    (@out SizeLimit) => { Option<u64> };
    (@out MillisOrForever) => { Option<Duration> };
    (@out MillisOrOff) => { Option<Duration> };
    (@out Millis) => { Duration };
    (@out HeartbeatTimeout) => { Option<Duration> };
    (@out HeartbeatTtl) => { Option<Duration> };
    (@out SecsOrDefault) => { Option<Duration> };
    (@out Bytes) => { Vec<u8> };
    (@out Str) => { String };
    (@out Key) => { CurveKey };
    (@out Type) => { SocketType };
    (@out Mechanism) => { value::SecurityMechanism };
    (@out GssapiNameType) => { value::GssapiNameType };
    (@out NormMode) => { value::NormSenderMode };
    (@out Notify) => { value::NotifyFlags };
    (@out ReconnectStop) => { value::ReconnectStopFlags };
    (@out Events) => { PollEvents };
    (@out Fd) => { RawFd };
    (@out OptionalFd) => { Option<RawFd> };
    (@outdoc Int) => { "`i32`" };
    (@outdoc Bool) => { "`bool`" };
    (@outdoc BoolOrDefault) => { "`Option<bool>` (`None`: -1, the OS default)" };
    (@outdoc U64) => { "`u64`" };
    (@outdoc SizeLimit) => { "`Option<u64>` (`None`: -1, no limit)" };
    (@outdoc MillisOrForever) => { "`Option<Duration>` in whole milliseconds (`None`: -1)" };
    (@outdoc MillisOrOff) => { "`Option<Duration>` in whole milliseconds (`None`: 0, off)" };
    (@outdoc Millis) => { "`Duration` in whole milliseconds" };
    (@outdoc HeartbeatTimeout) => { "`Option<Duration>` in whole milliseconds (`None`: -1, unset)" };
    (@outdoc HeartbeatTtl) => { "`Option<Duration>` in whole deciseconds (`None`: 0, off)" };
    (@outdoc SecsOrDefault) => { "`Option<Duration>` in whole seconds (`None`: -1, the OS default)" };
    (@outdoc Bytes) => { "`Vec<u8>`" };
    (@outdoc Str) => { "`String`" };
    (@outdoc Key) => { "`CurveKey`" };
    (@outdoc Type) => { "`SocketType`" };
    (@outdoc Mechanism) => { "`value::SecurityMechanism`" };
    (@outdoc GssapiNameType) => { "`value::GssapiNameType`" };
    (@outdoc NormMode) => { "`value::NormSenderMode`" };
    (@outdoc Notify) => { "`value::NotifyFlags`" };
    (@outdoc ReconnectStop) => { "`value::ReconnectStopFlags`" };
    (@outdoc Events) => { "`PollEvents`" };
    (@outdoc Fd) => { "`RawFd`" };
    (@outdoc OptionalFd) => { "`Option<RawFd>` (`None`: -1)" };
    (@indoc Int) => { "`i32`" };
    (@indoc Bool) => { "`bool`" };
    (@indoc BoolOrDefault) => { "`bool` or `Option<bool>`" };
    (@indoc U64) => { "`u64`" };
    (@indoc SizeLimit) => { "`u64` or `Option<u64>`" };
    (@indoc MillisOrForever) => { "`Duration` or `Option<Duration>`" };
    (@indoc MillisOrOff) => { "`Option<Duration>`" };
    (@indoc Millis) => { "`Duration`" };
    (@indoc HeartbeatTimeout) => { "`Duration`" };
    (@indoc HeartbeatTtl) => { "`Duration` or `Option<Duration>`" };
    (@indoc SecsOrDefault) => { "`Duration` or `Option<Duration>`" };
    (@indoc Bytes) => { "`&[u8]`, `&[u8; N]`, `&str`, `&Vec<u8>` or `Vec<u8>`" };
    (@indoc Str) => { "`&str`, `&String` or `String`" };
    (@indoc Key) => { "`CurveKey`, `&CurveKey`, `[u8; 32]`, `&[u8; 32]` or `&str` (40 Z85 characters)" };
    (@indoc GssapiNameType) => { "`value::GssapiNameType`" };
    (@indoc NormMode) => { "`value::NormSenderMode`" };
    (@indoc Notify) => { "`value::NotifyFlags`" };
    (@indoc ReconnectStop) => { "`value::ReconnectStopFlags`" };
    (@indoc OptionalFd) => { "`OwnedFd` or `Option<OwnedFd>`" };
    (@indoc PidFilter) => { "`pid_t` or `Option<pid_t>` (`None` clears)" };
    (@indoc IdFilter) => { "`u32` or `Option<u32>` (`None` clears)" };
    (@impl_set $name:ident $codec:ident: $($t:ty),+) => {
        $(
            impl Set<$t> for $name {
                #[inline]
                fn set_on(self, socket: &Socket, value: $t) -> Result<()> {
                    <codec::$codec as codec::Encode<$t>>::write(socket, Self::ID, value)
                }
            }
        )+
    };
    (@access get) => { "read-only" };
    (@access set) => { "write-only" };
    (@access get set) => { "read-write" };
    (@valdoc $c:ident get) => { concat!("`get` returns ", options!(@outdoc $c)) };
    (@valdoc $c:ident set) => { concat!("`set` takes ", options!(@indoc $c)) };
    (@valdoc $c:ident get set) => {
        concat!("`get` returns ", options!(@outdoc $c), "; `set` takes ", options!(@indoc $c))
    };
    (@sockets) => { "all" };
    (@sockets $first:ident $($sock:ident)*) => {
        concat!(
            "[`", stringify!($first), "`](SocketType::", stringify!($first), ")"
            $(, ", [`", stringify!($sock), "`](SocketType::", stringify!($sock), ")")*
        )
    };
    (@has $want:ident) => { false };
    (@has get get $($rest:ident)*) => { true };
    (@has set set $($rest:ident)*) => { true };
    (@has $want:ident $other:ident $($rest:ident)*) => { options!(@has $want $($rest)*) };
    (@present) => { false };
    (@present $($t:tt)+) => { true };
}
options! {
    // ---- Socket state -------------------------------------------------------------------------

    /// `ZMQ_TYPE`: the socket's type, fixed at creation.
    #[doc(alias = "ZMQ_TYPE")]
    Type = ZMQ_TYPE: Type, get;
    /// `ZMQ_RCVMORE`: more frames of the multipart message being received follow.
    #[doc(alias = "ZMQ_RCVMORE")]
    RcvMore = ZMQ_RCVMORE: Bool, get;
    /// `ZMQ_EVENTS`: whether a message can be received ([`PollEvents::POLLIN`]) or sent
    /// ([`PollEvents::POLLOUT`]) now without blocking. Reading it also processes pending
    /// commands (and so can reset the edge-triggered [`Fd`]).
    #[doc(alias = "ZMQ_EVENTS")]
    Events = ZMQ_EVENTS: Events, get;
    /// `ZMQ_FD`: a file descriptor that becomes readable (edge-triggered) when [`Events`] may have
    /// changed, for integration into other event loops. Owned by libzmq: never read, write or
    /// close it. Fails with `EINVAL` on thread-safe (draft) socket types.
    #[doc(alias = "ZMQ_FD")]
    Fd = ZMQ_FD: Fd, get;
    /// `ZMQ_LAST_ENDPOINT`: the endpoint last bound or connected, wildcards resolved
    /// (`tcp://127.0.0.1:41234`); empty before any.
    #[doc(alias = "ZMQ_LAST_ENDPOINT")]
    LastEndpoint = ZMQ_LAST_ENDPOINT: Str, get;
    /// `ZMQ_THREAD_SAFE`: whether the socket may be used from several threads at once (true for
    /// the draft SERVER, CLIENT, RADIO, DISH, GATHER, SCATTER, PEER, CHANNEL types).
    #[doc(alias = "ZMQ_THREAD_SAFE")]
    ThreadSafe = ZMQ_THREAD_SAFE: Bool, get;
    /// `ZMQ_MECHANISM`: the security mechanism the socket will use, set implicitly by the
    /// `PLAIN_*`, `CURVE_*` and `GSSAPI_*` options. Default [`value::SecurityMechanism::Null`].
    #[doc(alias = "ZMQ_MECHANISM")]
    Mechanism = ZMQ_MECHANISM: Mechanism, get;

    // ---- Queues and messages ------------------------------------------------------------------

    /// `ZMQ_SNDHWM`: high water mark for outbound messages, per peer, in messages (0: no
    /// limit). Default 1000.
    #[doc(alias = "ZMQ_SNDHWM")]
    SndHwm = ZMQ_SNDHWM: Int, get set
        => ["sndhwm"] Int(0), "messages, 0 = no limit";
    /// `ZMQ_RCVHWM`: high water mark for inbound messages, per peer, in messages (0: no limit).
    /// Default 1000. A SUB/XSUB on a PGM endpoint keeps 0 (see [`Socket::connect`]).
    #[doc(alias = "ZMQ_RCVHWM")]
    RcvHwm = ZMQ_RCVHWM: Int, get set
        => ["rcvhwm"] Int(0), "messages, 0 = no limit";
    /// `ZMQ_CONFLATE`: keep only the last message in the queues (ignores the HWMs; no multipart
    /// messages). Default false. Readable in libzmq 4.3.5 although `zmq_getsockopt(3)` does not
    /// list it.
    #[doc(alias = "ZMQ_CONFLATE")]
    Conflate = ZMQ_CONFLATE: Bool, get set, [Pull, Push, Sub, Pub, Dealer]
        => ["conflate"] Bool, "0/1";
    /// `ZMQ_IMMEDIATE`: queue messages only to completed connections, so round-robin sockets do
    /// not fill queues of peers still connecting. Default false. Connection-oriented transports.
    #[doc(alias = "ZMQ_IMMEDIATE")]
    Immediate = ZMQ_IMMEDIATE: Bool, get set
        => ["immediate"] Bool, "0/1";
    /// `ZMQ_MAXMSGSIZE`: largest inbound message in bytes; a peer sending a larger one is
    /// disconnected. `None` (-1): no limit (the default). Set with a `u64` or `Option<u64>`.
    #[doc(alias = "ZMQ_MAXMSGSIZE")]
    MaxMsgSize = ZMQ_MAXMSGSIZE: SizeLimit, get set
        => ["maxmsgsize"] I64(-1), "bytes, -1 = no limit";
    /// `ZMQ_SNDBUF`: kernel transmit buffer size (`SO_SNDBUF`) in bytes; -1 (the default) leaves
    /// the OS default. For PGM it sizes the sending socket's buffer: bursts larger than it are
    /// dropped by the kernel and must then be repaired.
    #[doc(alias = "ZMQ_SNDBUF")]
    SndBuf = ZMQ_SNDBUF: Int, get set
        => ["sndbuf"] Int(-1), "bytes, -1 = OS default";
    /// `ZMQ_RCVBUF`: kernel receive buffer size (`SO_RCVBUF`) in bytes; -1 (the default) leaves
    /// the OS default. For PGM a receiver whose buffer overflows loses packets and NAKs them:
    /// raise it for high rates.
    #[doc(alias = "ZMQ_RCVBUF")]
    RcvBuf = ZMQ_RCVBUF: Int, get set
        => ["rcvbuf"] Int(-1), "bytes, -1 = OS default";
    /// `ZMQ_AFFINITY`: bitmap of the context's I/O threads that handle new connections (bit 0:
    /// thread 1); 0, the default, means any.
    #[doc(alias = "ZMQ_AFFINITY")]
    Affinity = ZMQ_AFFINITY: U64, get set
        => ["affinity"] U64, "I/O thread bitmap (decimal or 0x hex)";

    // ---- Timeouts and connection life ---------------------------------------------------------

    /// `ZMQ_LINGER`: how long pending messages are kept after close or disconnect (`None`: -1,
    /// forever, libzmq's default; `Some(ZERO)`: discard at once). [`crate::Context`] sockets
    /// start with [`crate::DEFAULT_LINGER`].
    ///
    /// Linger is not a delivery guarantee over `ipc://`: libzmq 4.3.5 can drop the tail of an
    /// ipc stream when the sender closes its socket right after sending, even with an infinite
    /// linger (upstream libzmq issue 4660). When every message must arrive, have the receiver
    /// confirm before the sender closes.
    #[doc(alias = "ZMQ_LINGER")]
    Linger = ZMQ_LINGER: MillisOrForever, get set
        => ["linger"] Int(-1), "milliseconds, -1 = forever";
    /// `ZMQ_RCVTIMEO`: how long a receive blocks before `EAGAIN` (`None`: -1, forever, the
    /// default; `Some(ZERO)`: never blocks).
    #[doc(alias = "ZMQ_RCVTIMEO")]
    RcvTimeo = ZMQ_RCVTIMEO: MillisOrForever, get set;
    /// `ZMQ_SNDTIMEO`: how long a send blocks before `EAGAIN` (`None`: -1, forever, the default;
    /// `Some(ZERO)`: never blocks).
    #[doc(alias = "ZMQ_SNDTIMEO")]
    SndTimeo = ZMQ_SNDTIMEO: MillisOrForever, get set;
    /// `ZMQ_RECONNECT_IVL`: initial wait between reconnection attempts, in milliseconds (`None`:
    /// -1, never reconnect). Default 100 ms. Connection-oriented transports.
    #[doc(alias = "ZMQ_RECONNECT_IVL")]
    ReconnectIvl = ZMQ_RECONNECT_IVL: MillisOrForever, get set
        => ["reconnect_ivl"] Int(-1), "milliseconds, -1 = never";
    /// `ZMQ_RECONNECT_IVL_MAX`: upper bound of the exponentially growing reconnection interval,
    /// in milliseconds (`None`: 0, the default: always [`ReconnectIvl`], no backoff).
    #[doc(alias = "ZMQ_RECONNECT_IVL_MAX")]
    ReconnectIvlMax = ZMQ_RECONNECT_IVL_MAX: MillisOrOff, get set
        => ["reconnect_ivl_max"] Int(0), "milliseconds, 0 = no backoff";
    /// `ZMQ_CONNECT_TIMEOUT`: timeout of the TCP `connect()` call, in milliseconds (`None`: 0,
    /// the default: the OS's). TCP transport.
    #[doc(alias = "ZMQ_CONNECT_TIMEOUT")]
    ConnectTimeout = ZMQ_CONNECT_TIMEOUT: MillisOrOff, get set
        => ["connect_timeout"] Int(0), "milliseconds, 0 = OS default";
    /// `ZMQ_HANDSHAKE_IVL`: the ZMTP handshake must complete within this time or the connection
    /// is closed, in milliseconds (`None`: 0, no limit). Default 30 s. All types but STREAM.
    #[doc(alias = "ZMQ_HANDSHAKE_IVL")]
    HandshakeIvl = ZMQ_HANDSHAKE_IVL: MillisOrOff, get set
        => ["handshake_ivl"] Int(0), "milliseconds, 0 = none";
    /// `ZMQ_TCP_MAXRT`: how long unacknowledged TCP retransmissions go on
    /// (`TCP_USER_TIMEOUT`), in milliseconds (`None`: 0, the default: the OS's). TCP transport.
    #[doc(alias = "ZMQ_TCP_MAXRT")]
    TcpMaxRt = ZMQ_TCP_MAXRT: MillisOrOff, get set
        => ["tcp_maxrt"] Int(0), "milliseconds, 0 = OS default";

    // ---- Heartbeats ---------------------------------------------------------------------------

    /// `ZMQ_HEARTBEAT_IVL`: interval between ZMTP PING heartbeats, in milliseconds (`None`: 0,
    /// the default: no heartbeats). Connection-oriented transports.
    #[doc(alias = "ZMQ_HEARTBEAT_IVL")]
    HeartbeatIvl = ZMQ_HEARTBEAT_IVL: MillisOrOff, get set
        => ["heartbeat_ivl"] Int(0), "milliseconds, 0 = off";
    /// `ZMQ_HEARTBEAT_TTL`: the time the remote peer waits for traffic before timing out the
    /// connection, sent in each PING. Given in milliseconds but kept by libzmq in deciseconds:
    /// reads back rounded down to 100 ms, at most 6553.5 s; `None`: 0, the default, no TTL;
    /// `Some` under 100 ms or over 6553.599 s is refused with [`Error::InvalidInput`].
    /// Effective only with [`HeartbeatIvl`].
    #[doc(alias = "ZMQ_HEARTBEAT_TTL")]
    HeartbeatTtl = ZMQ_HEARTBEAT_TTL: HeartbeatTtl, get set
        => ["heartbeat_ttl"] Int(0), "milliseconds";
    /// `ZMQ_HEARTBEAT_TIMEOUT`: how long to wait for any traffic after a PING before closing the
    /// connection, in milliseconds. Reads `None` while unset (the default: the timeout equals
    /// [`HeartbeatIvl`]); set a `Duration` (`ZERO`: no timeout).
    #[doc(alias = "ZMQ_HEARTBEAT_TIMEOUT")]
    HeartbeatTimeout = ZMQ_HEARTBEAT_TIMEOUT: HeartbeatTimeout, get set
        => ["heartbeat_timeout"] Int(0), "milliseconds";

    // ---- Routing ------------------------------------------------------------------------------

    /// `ZMQ_ROUTING_ID` (formerly `ZMQ_IDENTITY`): the socket's routing id as seen by ROUTER
    /// peers, 1 to 255 bytes, not starting with a zero byte. Default empty (the ROUTER makes one
    /// up).
    #[doc(alias = "ZMQ_ROUTING_ID")]
    RoutingId = ZMQ_ROUTING_ID: Bytes, get set, [Req, Rep, Router, Dealer]
        => ["routing_id", "identity"] RoutingId, "1-255 bytes";
    /// `ZMQ_CONNECT_ROUTING_ID` (formerly `ZMQ_CONNECT_RID`): the routing id given to the peer of
    /// the next `connect` only, so it can be addressed at once (1 to 255 bytes, unique).
    #[doc(alias = "ZMQ_CONNECT_ROUTING_ID")]
    ConnectRoutingId = ZMQ_CONNECT_ROUTING_ID: Bytes, set, [Router, Stream];
    /// `ZMQ_ROUTER_MANDATORY`: report unroutable messages with `EHOSTUNREACH` (and a full peer
    /// with `EAGAIN`) instead of dropping them. Default false.
    #[doc(alias = "ZMQ_ROUTER_MANDATORY")]
    RouterMandatory = ZMQ_ROUTER_MANDATORY: Bool, set, [Router];
    /// `ZMQ_ROUTER_HANDOVER`: a new peer with a routing id already in use takes over the
    /// connection instead of being refused. Default false.
    #[doc(alias = "ZMQ_ROUTER_HANDOVER")]
    RouterHandover = ZMQ_ROUTER_HANDOVER: Bool, set, [Router];
    /// `ZMQ_ROUTER_RAW`: raw mode over TCP, without ZMTP framing. Default false. Deprecated by
    /// libzmq in favour of STREAM sockets.
    #[deprecated = "libzmq deprecates ZMQ_ROUTER_RAW: use SocketType::Stream"]
    #[doc(alias = "ZMQ_ROUTER_RAW")]
    RouterRaw = ZMQ_ROUTER_RAW: Bool, set, [Router];
    /// `ZMQ_PROBE_ROUTER`: send an empty message on each new connection, announcing the peer to a
    /// ROUTER. Default false.
    #[doc(alias = "ZMQ_PROBE_ROUTER")]
    ProbeRouter = ZMQ_PROBE_ROUTER: Bool, set, [Router, Dealer, Req];
    /// `ZMQ_STREAM_NOTIFY`: deliver an empty message when a peer connects or disconnects.
    /// Default true.
    #[doc(alias = "ZMQ_STREAM_NOTIFY")]
    StreamNotify = ZMQ_STREAM_NOTIFY: Bool, set, [Stream];
    /// `ZMQ_REQ_CORRELATE`: prefix requests with a request id and drop replies that do not match
    /// it. Default false.
    #[doc(alias = "ZMQ_REQ_CORRELATE")]
    ReqCorrelate = ZMQ_REQ_CORRELATE: Bool, set, [Req];
    /// `ZMQ_REQ_RELAXED`: allow a new request before the reply to the previous one arrived (use
    /// with [`ReqCorrelate`]). Default false.
    #[doc(alias = "ZMQ_REQ_RELAXED")]
    ReqRelaxed = ZMQ_REQ_RELAXED: Bool, set, [Req];

    // ---- Publish-subscribe --------------------------------------------------------------------

    /// `ZMQ_SUBSCRIBE`: add a message filter (prefix match; empty: everything). Also on XPUB in
    /// manual mode ([`XPubManual`]).
    ///
    /// A subscription takes effect only once it has reached the publisher, asynchronously after
    /// `connect` and after this call: what the publisher sends before that is dropped for this
    /// subscriber (the *slow joiner*; see [`crate::SocketType::Sub`] for the remedies).
    #[doc(alias = "ZMQ_SUBSCRIBE")]
    Subscribe = ZMQ_SUBSCRIBE: Bytes, set, [Sub]
        => ["subscribe"] Bytes, "topic prefix (SUB; empty = all)";
    /// `ZMQ_UNSUBSCRIBE`: remove one instance of a filter added with [`Subscribe`]. Also on XPUB
    /// in manual mode.
    #[doc(alias = "ZMQ_UNSUBSCRIBE")]
    Unsubscribe = ZMQ_UNSUBSCRIBE: Bytes, set, [Sub]
        => ["unsubscribe"] Bytes, "topic prefix (SUB)";
    /// `ZMQ_INVERT_MATCHING`: deliver (SUB) or send to (PUB, XPUB) only what does *not* match
    /// the subscriptions; both ends must agree. Default false.
    #[doc(alias = "ZMQ_INVERT_MATCHING")]
    InvertMatching = ZMQ_INVERT_MATCHING: Bool, get set, [Pub, XPub, Sub]
        => ["invert_matching"] Bool, "0/1";
    /// `ZMQ_XPUB_VERBOSE`: pass every subscription message up, duplicates included (not
    /// unsubscriptions). Default false.
    #[doc(alias = "ZMQ_XPUB_VERBOSE")]
    XPubVerbose = ZMQ_XPUB_VERBOSE: Bool, set, [XPub]
        => ["xpub_verbose"] Bool, "0/1 (XPUB)";
    /// `ZMQ_XPUB_VERBOSER`: pass every subscription and unsubscription message up, duplicates
    /// included. Default false.
    #[doc(alias = "ZMQ_XPUB_VERBOSER")]
    XPubVerboser = ZMQ_XPUB_VERBOSER: Bool, set, [XPub]
        => ["xpub_verboser"] Bool, "0/1 (XPUB)";
    /// `ZMQ_XPUB_NODROP`: fail a send with `EAGAIN` when a subscriber's HWM is reached instead
    /// of dropping the message. Default false.
    #[doc(alias = "ZMQ_XPUB_NODROP")]
    XPubNoDrop = ZMQ_XPUB_NODROP: Bool, set, [XPub, Pub]
        => ["xpub_nodrop"] Bool, "0/1 (XPUB, PUB)";
    /// `ZMQ_XPUB_MANUAL`: the application manages subscriptions itself with [`Subscribe`] and
    /// [`Unsubscribe`] on the XPUB. Default false.
    #[doc(alias = "ZMQ_XPUB_MANUAL")]
    XPubManual = ZMQ_XPUB_MANUAL: Bool, set, [XPub];
    /// `ZMQ_XPUB_WELCOME_MSG`: a message sent to each new subscriber (which must subscribe to
    /// it); empty: none, the default.
    #[doc(alias = "ZMQ_XPUB_WELCOME_MSG")]
    XPubWelcomeMsg = ZMQ_XPUB_WELCOME_MSG: Bytes, set, [XPub];

    // ---- Security -----------------------------------------------------------------------------

    /// `ZMQ_ZAP_DOMAIN`: the ZAP (RFC 27) authentication domain; ZAP is used when it is
    /// non-empty. Default empty; libzmq refuses to set the empty string.
    #[doc(alias = "ZMQ_ZAP_DOMAIN")]
    ZapDomain = ZMQ_ZAP_DOMAIN: Str, get set
        => ["zap_domain"] Str, "text";
    /// `ZMQ_PLAIN_SERVER`: act as PLAIN server (sets [`Mechanism`] to PLAIN; false resets it
    /// to NULL). Default false. TCP and IPC.
    #[doc(alias = "ZMQ_PLAIN_SERVER")]
    PlainServer = ZMQ_PLAIN_SERVER: Bool, get set
        => ["plain_server"] Bool, "0/1";
    /// `ZMQ_PLAIN_USERNAME`: user name of PLAIN client connections (1 to 255 bytes; sets
    /// [`Mechanism`] to PLAIN, the empty string resets it to NULL but libzmq keeps the old
    /// value, which still reads back). Default empty.
    #[doc(alias = "ZMQ_PLAIN_USERNAME")]
    PlainUsername = ZMQ_PLAIN_USERNAME: Str, get set
        => ["plain_username"] Str, "text";
    /// `ZMQ_PLAIN_PASSWORD`: password of PLAIN client connections (1 to 255 bytes; sets
    /// [`Mechanism`] to PLAIN, the empty string resets it to NULL but libzmq keeps the old
    /// value, which still reads back). Default empty.
    #[doc(alias = "ZMQ_PLAIN_PASSWORD")]
    PlainPassword = ZMQ_PLAIN_PASSWORD: Str, get set
        => ["plain_password"] Str, "text";
    /// `ZMQ_CURVE_SERVER`: act as CURVE server (needs [`CurveSecretKey`]; sets [`Mechanism`] to
    /// CURVE, false resets it to NULL). Default false. Needs a libzmq with CURVE
    /// (`zmq::has("curve")`), otherwise `EINVAL`.
    #[doc(alias = "ZMQ_CURVE_SERVER")]
    CurveServer = ZMQ_CURVE_SERVER: Bool, get set
        => ["curve_server"] Bool, "0/1";
    /// `ZMQ_CURVE_PUBLICKEY`: the socket's long-term public key (CURVE clients); see
    /// the value line below for the accepted forms (a `&str` must be 40 Z85 characters). Default
    /// all zero. Needs CURVE.
    #[doc(alias = "ZMQ_CURVE_PUBLICKEY")]
    CurvePublicKey = ZMQ_CURVE_PUBLICKEY: Key, get set
        => ["curve_publickey"] Key, "40 Z85 characters";
    /// `ZMQ_CURVE_SECRETKEY`: the socket's long-term secret key (CURVE clients and servers).
    /// Default all zero. Needs CURVE.
    #[doc(alias = "ZMQ_CURVE_SECRETKEY")]
    CurveSecretKey = ZMQ_CURVE_SECRETKEY: Key, get set
        => ["curve_secretkey"] Key, "40 Z85 characters";
    /// `ZMQ_CURVE_SERVERKEY`: the server's long-term public key (CURVE clients; makes the socket
    /// a client). Default all zero. Needs CURVE.
    #[doc(alias = "ZMQ_CURVE_SERVERKEY")]
    CurveServerKey = ZMQ_CURVE_SERVERKEY: Key, get set
        => ["curve_serverkey"] Key, "40 Z85 characters";
    /// `ZMQ_GSSAPI_SERVER`: act as GSSAPI server. Default false. Needs a libzmq built with GSSAPI
    /// (`zmq::has("gssapi")`; the vendored build has none): otherwise `EINVAL`.
    #[doc(alias = "ZMQ_GSSAPI_SERVER")]
    GssapiServer = ZMQ_GSSAPI_SERVER: Bool, get set;
    /// `ZMQ_GSSAPI_PRINCIPAL`: name of the principal whose credentials are used. Default unset.
    /// Needs GSSAPI (see [`GssapiServer`]).
    #[doc(alias = "ZMQ_GSSAPI_PRINCIPAL")]
    GssapiPrincipal = ZMQ_GSSAPI_PRINCIPAL: Str, get set;
    /// `ZMQ_GSSAPI_SERVICE_PRINCIPAL`: name of the server principal a GSSAPI client connects
    /// to. Default unset. Needs GSSAPI.
    #[doc(alias = "ZMQ_GSSAPI_SERVICE_PRINCIPAL")]
    GssapiServicePrincipal = ZMQ_GSSAPI_SERVICE_PRINCIPAL: Str, get set;
    /// `ZMQ_GSSAPI_PLAINTEXT`: GSSAPI without encryption. Default false. Needs GSSAPI.
    #[doc(alias = "ZMQ_GSSAPI_PLAINTEXT")]
    GssapiPlaintext = ZMQ_GSSAPI_PLAINTEXT: Bool, get set;
    /// `ZMQ_GSSAPI_PRINCIPAL_NAMETYPE`: how [`GssapiPrincipal`] is interpreted. Default
    /// [`value::GssapiNameType::HostBased`]. Needs GSSAPI.
    #[doc(alias = "ZMQ_GSSAPI_PRINCIPAL_NAMETYPE")]
    GssapiPrincipalNameType = ZMQ_GSSAPI_PRINCIPAL_NAMETYPE: GssapiNameType, get set;
    /// `ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE`: how [`GssapiServicePrincipal`] is interpreted.
    /// Default [`value::GssapiNameType::HostBased`]. Needs GSSAPI.
    #[doc(alias = "ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE")]
    GssapiServicePrincipalNameType = ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE: GssapiNameType, get set;

    // ---- TCP and the network ------------------------------------------------------------------

    /// `ZMQ_IPV6`: use IPv6 as well as IPv4 (false: IPv4 only). Default false (the context's
    /// `ZMQ_IPV6`). TCP transport.
    #[doc(alias = "ZMQ_IPV6")]
    Ipv6 = ZMQ_IPV6: Bool, get set
        => ["ipv6"] Bool, "0/1";
    /// `ZMQ_IPV4ONLY`: the inverse of [`Ipv6`]. Default true. Deprecated by libzmq.
    #[deprecated = "libzmq deprecates ZMQ_IPV4ONLY: use opt::Ipv6"]
    #[doc(alias = "ZMQ_IPV4ONLY")]
    Ipv4Only = ZMQ_IPV4ONLY: Bool, get set;
    /// `ZMQ_TCP_KEEPALIVE`: override `SO_KEEPALIVE` (`None`: -1, the default, leave the OS's).
    /// TCP transport.
    #[doc(alias = "ZMQ_TCP_KEEPALIVE")]
    TcpKeepalive = ZMQ_TCP_KEEPALIVE: BoolOrDefault, get set
        => ["tcp_keepalive"] TriState, "-1 = OS default, 0, 1";
    /// `ZMQ_TCP_KEEPALIVE_CNT`: override `TCP_KEEPCNT`, in probes; -1 (the default) leaves the
    /// OS's. TCP transport.
    #[doc(alias = "ZMQ_TCP_KEEPALIVE_CNT")]
    TcpKeepaliveCnt = ZMQ_TCP_KEEPALIVE_CNT: Int, get set
        => ["tcp_keepalive_cnt"] Int(-1), "probes, -1 = OS default";
    /// `ZMQ_TCP_KEEPALIVE_IDLE`: override `TCP_KEEPIDLE`, in whole seconds (`None`: -1, the
    /// default, leave the OS's). TCP transport.
    #[doc(alias = "ZMQ_TCP_KEEPALIVE_IDLE")]
    TcpKeepaliveIdle = ZMQ_TCP_KEEPALIVE_IDLE: SecsOrDefault, get set
        => ["tcp_keepalive_idle"] Int(-1), "seconds, -1 = OS default";
    /// `ZMQ_TCP_KEEPALIVE_INTVL`: override `TCP_KEEPINTVL`, in whole seconds (`None`: -1, the
    /// default, leave the OS's). TCP transport.
    #[doc(alias = "ZMQ_TCP_KEEPALIVE_INTVL")]
    TcpKeepaliveIntvl = ZMQ_TCP_KEEPALIVE_INTVL: SecsOrDefault, get set
        => ["tcp_keepalive_intvl"] Int(-1), "seconds, -1 = OS default";
    /// `ZMQ_TOS`: the IP type-of-service (DSCP and ECN bits) of outgoing packets. Default 0.
    /// Connection-oriented transports.
    #[doc(alias = "ZMQ_TOS")]
    Tos = ZMQ_TOS: Int, get set
        => ["tos"] Int(0), "IP type of service";
    /// `ZMQ_BACKLOG`: length of the queue of pending incoming connections (`listen()`), in
    /// connections. Default 100. Connection-oriented transports.
    #[doc(alias = "ZMQ_BACKLOG")]
    Backlog = ZMQ_BACKLOG: Int, get set
        => ["backlog"] Int(0), "pending connections";
    /// `ZMQ_BINDTODEVICE`: bind the underlying sockets to a network device or VRF
    /// (`SO_BINDTODEVICE`, at most 15 characters; needs `CAP_NET_RAW` when used). Default unset.
    /// TCP and UDP transports.
    #[doc(alias = "ZMQ_BINDTODEVICE")]
    BindToDevice = ZMQ_BINDTODEVICE: Str, get set
        => ["bindtodevice"] Str, "interface name";
    /// `ZMQ_USE_FD`: bind to this already bound and listening socket instead of creating one
    /// (systemd socket activation). Set before `bind`; TCP, IPC (and WS) transports.
    ///
    /// Takes an [`OwnedFd`], because libzmq takes the descriptor over and
    /// closes it: the socket keeps it until the next `bind` of a tcp/ipc/ws endpoint hands it
    /// to libzmq (and the option then reads back as `None` again, so a second bind does not
    /// reuse it); if never bound it is closed with the socket. It must be a listening stream
    /// socket (checked here: libzmq checks nothing and aborts the process on a bad descriptor),
    /// of family IPv4/IPv6 for tcp and ws, Unix for ipc (checked at `bind`). `None` (-1, the
    /// default) closes a descriptor given and not yet bound. The raw escape hatch accepts only
    /// -1 for this option.
    #[doc(alias = "ZMQ_USE_FD")]
    UseFd = ZMQ_USE_FD: OptionalFd, get set;
    /// `ZMQ_SOCKS_PROXY`: address (`host:port`) of a SOCKS5 proxy for TCP connections; empty:
    /// none, the default.
    #[doc(alias = "ZMQ_SOCKS_PROXY")]
    SocksProxy = ZMQ_SOCKS_PROXY: Str, get set
        => ["socks_proxy"] Str, "host:port";
    /// `ZMQ_TCP_ACCEPT_FILTER`: accept TCP connections only from this IPv4/IPv6 CIDR (several
    /// calls add filters; the empty string clears them). Write-only. Deprecated by libzmq in
    /// favour of ZAP.
    #[deprecated = "libzmq deprecates ZMQ_TCP_ACCEPT_FILTER: use ZAP authentication"]
    #[doc(alias = "ZMQ_TCP_ACCEPT_FILTER")]
    TcpAcceptFilter = ZMQ_TCP_ACCEPT_FILTER: Str, set;

    // ---- IPC ----------------------------------------------------------------------------------

    /// `ZMQ_IPC_FILTER_PID`: accept IPC connections only from this process id (several calls
    /// add filters; `None` clears them). Linux only. Deprecated by libzmq in favour of ZAP.
    #[deprecated = "libzmq deprecates ZMQ_IPC_FILTER_PID: use ZAP authentication"]
    #[doc(alias = "ZMQ_IPC_FILTER_PID")]
    IpcFilterPid = ZMQ_IPC_FILTER_PID: PidFilter, set;
    /// `ZMQ_IPC_FILTER_UID`: accept IPC connections only from this user id (several calls add
    /// filters; `None` clears them). Deprecated by libzmq in favour of ZAP.
    #[deprecated = "libzmq deprecates ZMQ_IPC_FILTER_UID: use ZAP authentication"]
    #[doc(alias = "ZMQ_IPC_FILTER_UID")]
    IpcFilterUid = ZMQ_IPC_FILTER_UID: IdFilter, set;
    /// `ZMQ_IPC_FILTER_GID`: accept IPC connections only from this group id (several calls add
    /// filters; `None` clears them). Deprecated by libzmq in favour of ZAP.
    #[deprecated = "libzmq deprecates ZMQ_IPC_FILTER_GID: use ZAP authentication"]
    #[doc(alias = "ZMQ_IPC_FILTER_GID")]
    IpcFilterGid = ZMQ_IPC_FILTER_GID: IdFilter, set;

    // ---- Multicast ----------------------------------------------------------------------------

    /// `ZMQ_RATE`: maximum multicast data rate, in kilobits per second. Default 100. PGM and
    /// NORM transports. For PGM this is OpenPGM's rate limit on everything the sender transmits,
    /// original data and NAK repairs alike: set it to what the network carries, as a publisher
    /// faster than its rate queues in its transmit window. Must be > 0 (libzmq refuses others).
    /// Set it on subscribers too: there `RATE × RECOVERY_IVL` sizes the receive window (at the
    /// default 100 kbit/s only about 80 packets). `bind`/`connect` of a PGM endpoint refuse a rate
    /// below one `MULTICAST_MAXTPDU` per second or above 17 179 869 (OpenPGM would abort).
    #[doc(alias = "ZMQ_RATE")]
    Rate = ZMQ_RATE: Int, get set
        => ["rate"] Int(1), "kilobits per second (PGM)";
    /// `ZMQ_RECOVERY_IVL`: how long a receiver can be absent from a multicast group before data
    /// is lost (the sender keeps that much data), in milliseconds. Default 10 s. For PGM the
    /// transmit window is `RATE × RECOVERY_IVL`: NAKs for data older than this cannot be repaired,
    /// and a publisher should stay open this long after its last send.
    #[doc(alias = "ZMQ_RECOVERY_IVL")]
    RecoveryIvl = ZMQ_RECOVERY_IVL: Millis, get set
        => ["recovery_ivl"] Int(0), "milliseconds (PGM)";
    /// `ZMQ_MULTICAST_HOPS`: time-to-live of multicast packets, in network hops. Default 1 (the
    /// local network: PGM packets are not routed further).
    #[doc(alias = "ZMQ_MULTICAST_HOPS")]
    MulticastHops = ZMQ_MULTICAST_HOPS: Int, get set
        => ["multicast_hops"] Int(1), "hops (PGM TTL)";
    /// `ZMQ_MULTICAST_MAXTPDU`: maximum transport data unit of outbound multicast packets, in
    /// bytes (at most the path MTU). Default 1500. PGM splits and packs messages into TPDUs of
    /// this size; larger ones fragment at the IP layer and lose more under packet loss.
    #[doc(alias = "ZMQ_MULTICAST_MAXTPDU")]
    MulticastMaxTpdu = ZMQ_MULTICAST_MAXTPDU: Int, get set
        => ["multicast_maxtpdu"] Int(1), "bytes (PGM)";

    // ---- VMCI (not in the vendored build) -----------------------------------------------------

    /// `ZMQ_VMCI_BUFFER_SIZE`: VMCI socket buffer size, in bytes. Default 65546. Needs a libzmq
    /// with the VMCI transport (`zmq::has("vmci")`; not the vendored build): otherwise `EINVAL`.
    #[doc(alias = "ZMQ_VMCI_BUFFER_SIZE")]
    VmciBufferSize = ZMQ_VMCI_BUFFER_SIZE: U64, get set;
    /// `ZMQ_VMCI_BUFFER_MIN_SIZE`: VMCI socket minimum buffer size, in bytes. Default 128. Needs
    /// VMCI.
    #[doc(alias = "ZMQ_VMCI_BUFFER_MIN_SIZE")]
    VmciBufferMinSize = ZMQ_VMCI_BUFFER_MIN_SIZE: U64, get set;
    /// `ZMQ_VMCI_BUFFER_MAX_SIZE`: VMCI socket maximum buffer size, in bytes. Default 262144.
    /// Needs VMCI.
    #[doc(alias = "ZMQ_VMCI_BUFFER_MAX_SIZE")]
    VmciBufferMaxSize = ZMQ_VMCI_BUFFER_MAX_SIZE: U64, get set;
    /// `ZMQ_VMCI_CONNECT_TIMEOUT`: VMCI connection timeout, in milliseconds (`None`: -1, the
    /// default, none). Needs VMCI.
    #[doc(alias = "ZMQ_VMCI_CONNECT_TIMEOUT")]
    VmciConnectTimeout = ZMQ_VMCI_CONNECT_TIMEOUT: MillisOrForever, get set;

    // ---- Draft options ------------------------------------------------------------------------

    /// `ZMQ_TOPICS_COUNT` (draft): the number of topic prefixes subscribed to: received from
    /// subscribers on (X)PUB, acknowledged by publishers on (X)SUB.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_TOPICS_COUNT")]
    TopicsCount = ZMQ_TOPICS_COUNT: Int, get, [XPub, Pub, XSub, Sub];
    /// `ZMQ_IN_BATCH_SIZE` (draft): most messages read in one `recv` system call. Default 8192;
    /// must not be 0. TCP, IPC, PGM and NORM transports.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_IN_BATCH_SIZE")]
    InBatchSize = ZMQ_IN_BATCH_SIZE: Int, get set;
    /// `ZMQ_OUT_BATCH_SIZE` (draft): most messages written in one `send` system call. Default
    /// 8192; must not be 0. TCP, IPC, PGM and NORM transports.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_OUT_BATCH_SIZE")]
    OutBatchSize = ZMQ_OUT_BATCH_SIZE: Int, get set;
    /// `ZMQ_RECONNECT_STOP` (draft): the conditions that stop automatic reconnection. Default
    /// none. Connection-oriented transports.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_RECONNECT_STOP")]
    ReconnectStop = ZMQ_RECONNECT_STOP: ReconnectStop, get set;
    /// `ZMQ_HELLO_MSG` (draft): a message sent to each new peer on connect or accept (empty:
    /// none, the default).
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_HELLO_MSG")]
    HelloMsg = ZMQ_HELLO_MSG: Bytes, set, [Router, Dealer, Client, Server, Peer];
    /// `ZMQ_DISCONNECT_MSG` (draft): a message the socket delivers to itself when an accepted
    /// peer disconnects (empty: none, the default).
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_DISCONNECT_MSG")]
    DisconnectMsg = ZMQ_DISCONNECT_MSG: Bytes, set, [Router, Server, Peer];
    /// `ZMQ_HICCUP_MSG` (draft): a message the socket delivers to itself when a connected peer
    /// disconnects temporarily (empty: none, the default).
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_HICCUP_MSG")]
    HiccupMsg = ZMQ_HICCUP_MSG: Bytes, set, [Dealer, Client, Peer];
    /// `ZMQ_ROUTER_NOTIFY` (draft): deliver an empty message (after the routing id) when a peer
    /// connects and/or disconnects. Default none. TCP and IPC transports.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_ROUTER_NOTIFY")]
    RouterNotify = ZMQ_ROUTER_NOTIFY: Notify, get set, [Router];
    /// `ZMQ_XPUB_MANUAL_LAST_VALUE` (draft): like [`XPubManual`], and send the next message only
    /// to the latest subscriber (last value caching). Default false.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_XPUB_MANUAL_LAST_VALUE")]
    XPubManualLastValue = ZMQ_XPUB_MANUAL_LAST_VALUE: Bool, set, [XPub];
    /// `ZMQ_XSUB_VERBOSE_UNSUBSCRIBE` (draft): pass every unsubscription up, duplicates
    /// included. Default false.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_XSUB_VERBOSE_UNSUBSCRIBE")]
    XSubVerboseUnsubscribe = ZMQ_XSUB_VERBOSE_UNSUBSCRIBE: Bool, set, [XSub];
    /// `ZMQ_ONLY_FIRST_SUBSCRIBE` (draft): treat only the first frame of a multipart message as
    /// a (un)subscription; the rest is data. Default false.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_ONLY_FIRST_SUBSCRIBE")]
    OnlyFirstSubscribe = ZMQ_ONLY_FIRST_SUBSCRIBE: Bool, set, [XSub, XPub];
    /// `ZMQ_ZAP_ENFORCE_DOMAIN` (draft): require a ZAP domain, as RFC 27 says. Default false.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_ZAP_ENFORCE_DOMAIN")]
    ZapEnforceDomain = ZMQ_ZAP_ENFORCE_DOMAIN: Bool, get set;
    /// `ZMQ_METADATA` (draft): add an application metadata property `"X-name:value"` sent to
    /// peers in the handshake (several calls add several).
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_METADATA")]
    Metadata = ZMQ_METADATA: Str, set;
    /// `ZMQ_SOCKS_USERNAME` (draft): user name for SOCKS5 basic authentication (empty: no
    /// authentication, the default).
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_SOCKS_USERNAME")]
    SocksUsername = ZMQ_SOCKS_USERNAME: Str, get set;
    /// `ZMQ_SOCKS_PASSWORD` (draft): password for SOCKS5 basic authentication. Default empty.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_SOCKS_PASSWORD")]
    SocksPassword = ZMQ_SOCKS_PASSWORD: Str, get set;
    /// `ZMQ_PRIORITY` (draft): `SO_PRIORITY` of outgoing packets (above 6 needs
    /// `CAP_NET_ADMIN`). Default 0. Connection-oriented transports.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_PRIORITY")]
    Priority = ZMQ_PRIORITY: Int, get set;
    /// `ZMQ_BUSY_POLL` (draft): `SO_BUSY_POLL` for the TCP sockets (the value goes to the kernel
    /// as is: microseconds on Linux; the man page says 0 or 1). Default 0. Write-only: libzmq
    /// 4.3.5 fails to read it back (`EINVAL`).
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_BUSY_POLL")]
    BusyPoll = ZMQ_BUSY_POLL: Int, set;
    /// `ZMQ_LOOPBACK_FASTPATH` (draft): Windows' `SIO_LOOPBACK_FAST_PATH` for loopback TCP; no
    /// effect elsewhere. Default false.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_LOOPBACK_FASTPATH")]
    LoopbackFastpath = ZMQ_LOOPBACK_FASTPATH: Bool, get set;
    /// `ZMQ_MULTICAST_LOOP` (draft): loop multicast UDP datagrams back to local listeners.
    /// Default true.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_MULTICAST_LOOP")]
    MulticastLoop = ZMQ_MULTICAST_LOOP: Bool, get set, [Radio];
    /// `ZMQ_WSS_KEY_PEM` (draft): the private key (PEM) of a `wss://` server. Needs a libzmq
    /// with WSS (`zmq::has("WSS")`; not the vendored build): otherwise `EINVAL`.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_WSS_KEY_PEM")]
    WssKeyPem = ZMQ_WSS_KEY_PEM: Str, set;
    /// `ZMQ_WSS_CERT_PEM` (draft): the certificate (PEM) of a `wss://` server. Needs WSS.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_WSS_CERT_PEM")]
    WssCertPem = ZMQ_WSS_CERT_PEM: Str, set;
    /// `ZMQ_WSS_TRUST_PEM` (draft): a trusted CA certificate (PEM) for `wss://` clients. Needs
    /// WSS.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_WSS_TRUST_PEM")]
    WssTrustPem = ZMQ_WSS_TRUST_PEM: Str, set;
    /// `ZMQ_WSS_HOSTNAME` (draft): the host name a `wss://` client verifies. Needs WSS.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_WSS_HOSTNAME")]
    WssHostname = ZMQ_WSS_HOSTNAME: Str, set;
    /// `ZMQ_WSS_TRUST_SYSTEM` (draft): trust the system's CA store for `wss://`. Default false.
    /// Needs WSS.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_WSS_TRUST_SYSTEM")]
    WssTrustSystem = ZMQ_WSS_TRUST_SYSTEM: Bool, set;
    /// `ZMQ_NORM_MODE` (draft): the NORM sender mode. Default
    /// [`value::NormSenderMode::Cc`]. Needs a libzmq with NORM (`zmq::has("norm")`; not the
    /// vendored build): otherwise `EINVAL`.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_NORM_MODE")]
    NormMode = ZMQ_NORM_MODE: NormMode, get set;
    /// `ZMQ_NORM_UNICAST_NACK` (draft): NORM receivers send NACKs by unicast. Default false.
    /// Needs NORM.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_NORM_UNICAST_NACK")]
    NormUnicastNack = ZMQ_NORM_UNICAST_NACK: Bool, get set;
    /// `ZMQ_NORM_BUFFER_SIZE` (draft): NORM buffer size, in kilobytes. Default 2048. Needs NORM.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_NORM_BUFFER_SIZE")]
    NormBufferSize = ZMQ_NORM_BUFFER_SIZE: Int, get set;
    /// `ZMQ_NORM_SEGMENT_SIZE` (draft): NORM segment (payload) size, in bytes. Default 1400.
    /// Needs NORM.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_NORM_SEGMENT_SIZE")]
    NormSegmentSize = ZMQ_NORM_SEGMENT_SIZE: Int, get set;
    /// `ZMQ_NORM_BLOCK_SIZE` (draft): segments per NORM FEC block (1 to 255). Default 16. Needs
    /// NORM.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_NORM_BLOCK_SIZE")]
    NormBlockSize = ZMQ_NORM_BLOCK_SIZE: Int, get set;
    /// `ZMQ_NORM_NUM_PARITY` (draft): most parity segments per NORM FEC block. Default 4. Needs
    /// NORM.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_NORM_NUM_PARITY")]
    NormNumParity = ZMQ_NORM_NUM_PARITY: Int, get set;
    /// `ZMQ_NORM_NUM_AUTOPARITY` (draft): parity segments sent proactively per NORM FEC block.
    /// Default 0. Needs NORM.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_NORM_NUM_AUTOPARITY")]
    NormNumAutoparity = ZMQ_NORM_NUM_AUTOPARITY: Int, get set;
    /// `ZMQ_NORM_PUSH` (draft): NORM push mode, dropping old data for new. Default false. Needs
    /// NORM.
    #[cfg(zmq_has_draft)]
    #[doc(alias = "ZMQ_NORM_PUSH")]
    NormPush = ZMQ_NORM_PUSH: Bool, get set;
}
