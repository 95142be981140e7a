//! The option table: one row per socket option of libzmq 4.3.5 (see the `options!` macro for
//! the row syntax), from which the tags, their `Get`/`Set` impls, their docs, [`ALL`] and the
//! by-name parser's rows ([`super::named`]) are generated.

use super::*;

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
            // Every conditional row is a draft option (`zmq_has_draft`).
            $(#[cfg_attr(all(docsrs, $cfg), doc(cfg(feature = "draft")))])?
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
