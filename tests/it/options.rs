//! Socket options: the table in `zmq::opt` drives a test that sets and reads back every
//! read-write option, sets every write-only option and reads every read-only option, each on a
//! socket type the option applies to (`SocketOption::SOCKET_TYPES`). Adding an option to the
//! table without a check here fails `every_option_round_trips`.
//!
//! No call here blocks (no receive, no connect that waits), so no test needs a timeout.
#![allow(deprecated)] // the deprecated options are part of the table and are tested too

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::time::{Duration, Instant};

use zmq::opt::{self, Get, OptionInfo, Set, SocketOption};
use zmq::{Context, CurveKey, Error, Flags, PollEvents, Socket, SocketType};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn is_einval<T: Debug>(r: zmq::Result<T>) -> bool {
    matches!(r, Err(Error::SocketOption { .. }))
        && r.as_ref().is_err_and(|e| e.errno() == libc::EINVAL)
}

fn info_of<O: SocketOption>() -> &'static OptionInfo {
    opt::ALL
        .iter()
        .find(|i| i.name == O::NAME)
        .unwrap_or_else(|| panic!("{} is not in opt::ALL", O::NAME))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    ReadWrite,
    WriteOnly,
    ReadOnly,
}

/// Runs one check per option and records which options were checked, and how.
struct Checker {
    ctx: Context,
    checked: BTreeMap<&'static str, Access>,
}

impl Checker {
    fn new() -> Checker {
        Checker {
            ctx: Context::new().unwrap(),
            checked: BTreeMap::new(),
        }
    }

    /// A fresh socket of the first type the option applies to (DEALER for "all").
    fn socket_for<O: SocketOption>(&self) -> Socket {
        let ty = O::SOCKET_TYPES
            .first()
            .copied()
            .unwrap_or(SocketType::Dealer);
        let s = self.ctx.socket(ty).unwrap();
        s.set(opt::Linger, Some(Duration::ZERO)).unwrap();
        s
    }

    fn record<O: SocketOption>(&mut self, access: Access) {
        let info = info_of::<O>();
        assert_eq!(info.id, O::ID, "{}", O::NAME);
        assert_eq!(info.socket_types, O::SOCKET_TYPES, "{}", O::NAME);
        let expected = match (info.readable, info.writable) {
            (true, true) => Access::ReadWrite,
            (false, true) => Access::WriteOnly,
            (true, false) => Access::ReadOnly,
            (false, false) => panic!("{} is neither readable nor writable", O::NAME),
        };
        assert_eq!(
            access,
            expected,
            "{}: checked as {access:?}, table says {expected:?}",
            O::NAME
        );
        assert!(
            self.checked.insert(O::NAME, access).is_none(),
            "{} checked twice",
            O::NAME
        );
    }

    /// Reads the default, sets `value`, reads back `expected` (which must differ from the
    /// default, so the round trip shows the value arrived).
    fn rw<O, V>(&mut self, o: O, value: V, expected: O::Value)
    where
        O: Get + Set<V>,
        O::Value: PartialEq + Debug,
    {
        let s = self.socket_for::<O>();
        let default = s.get(o).unwrap_or_else(|e| panic!("get {}: {e}", O::NAME));
        assert_ne!(
            default,
            expected,
            "{}: test value equals the default",
            O::NAME
        );
        s.set(o, value)
            .unwrap_or_else(|e| panic!("set {}: {e}", O::NAME));
        assert_eq!(s.get(o).unwrap(), expected, "{} read back", O::NAME);
        self.record::<O>(Access::ReadWrite);
    }

    /// Sets a write-only option successfully.
    fn w<O: Set<V>, V>(&mut self, o: O, value: V) {
        let s = self.socket_for::<O>();
        s.set(o, value)
            .unwrap_or_else(|e| panic!("set {}: {e}", O::NAME));
        self.record::<O>(Access::WriteOnly);
    }

    /// Reads a read-only option after `setup` and checks the value.
    fn r<O: Get>(&mut self, o: O, setup: impl FnOnce(&Socket), check: impl FnOnce(O::Value)) {
        let s = self.socket_for::<O>();
        setup(&s);
        check(s.get(o).unwrap_or_else(|e| panic!("get {}: {e}", O::NAME)));
        self.record::<O>(Access::ReadOnly);
    }

    /// A read-write option of a build capability (`zmq::has(cap)`): a round trip if this libzmq
    /// has it, otherwise libzmq's `EINVAL` in both directions.
    fn rw_if<O, V>(&mut self, cap: &str, o: O, value: V, expected: O::Value)
    where
        O: Get + Set<V>,
        O::Value: PartialEq + Debug,
    {
        if zmq::has(cap) {
            return self.rw(o, value, expected);
        }
        let s = self.socket_for::<O>();
        assert!(is_einval(s.set(o, value)), "set {} without {cap}", O::NAME);
        assert!(is_einval(s.get(o)), "get {} without {cap}", O::NAME);
        self.record::<O>(Access::ReadWrite);
    }

    /// A write-only option of a build capability (only the draft WSS options so far).
    #[cfg_attr(not(zmq_has_draft), allow(dead_code))]
    fn w_if<O: Set<V>, V>(&mut self, cap: &str, o: O, value: V) {
        if zmq::has(cap) {
            return self.w(o, value);
        }
        let s = self.socket_for::<O>();
        assert!(is_einval(s.set(o, value)), "set {} without {cap}", O::NAME);
        self.record::<O>(Access::WriteOnly);
    }
}

#[test]
fn every_option_round_trips() {
    let mut ck = Checker::new();
    let key_a = CurveKey([7u8; 32]);
    let key_z85 = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
    let key_b = CurveKey::from_z85(key_z85).unwrap();

    // Socket state (read-only).
    ck.r(opt::Type, |_| {}, |t| assert_eq!(t, SocketType::Dealer));
    ck.r(opt::RcvMore, |_| {}, |more| assert!(!more));
    ck.r(
        opt::Events,
        |_| {},
        |ev| assert!(!ev.contains(PollEvents::POLLIN)),
    );
    ck.r(opt::Fd, |_| {}, |fd| assert!(fd >= 0, "fd {fd}"));
    ck.r(
        opt::LastEndpoint,
        |s| s.bind("tcp://127.0.0.1:*").unwrap(),
        |ep| {
            assert!(
                ep.starts_with("tcp://127.0.0.1:") && !ep.ends_with(":*"),
                "{ep}"
            )
        },
    );
    ck.r(opt::ThreadSafe, |_| {}, |safe| assert!(!safe));
    ck.r(
        opt::Mechanism,
        |_| {},
        |m| assert_eq!(m, opt::value::SecurityMechanism::Null),
    );

    // Queues and messages.
    ck.rw(opt::SndHwm, 1234, 1234);
    ck.rw(opt::RcvHwm, 0, 0);
    ck.rw(opt::Conflate, true, true);
    ck.rw(opt::Immediate, true, true);
    ck.rw(opt::MaxMsgSize, 1 << 20, Some(1 << 20));
    ck.rw(opt::SndBuf, 65536, 65536);
    ck.rw(opt::RcvBuf, 32768, 32768);
    ck.rw(opt::Affinity, 0b11, 0b11);

    // Timeouts and connection life.
    ck.rw(opt::Linger, Some(ms(250)), Some(ms(250)));
    ck.rw(opt::RcvTimeo, ms(1500), Some(ms(1500)));
    ck.rw(opt::SndTimeo, Some(Duration::ZERO), Some(Duration::ZERO));
    ck.rw(opt::ReconnectIvl, None, None);
    ck.rw(opt::ReconnectIvlMax, Some(ms(5000)), Some(ms(5000)));
    ck.rw(opt::ConnectTimeout, Some(ms(750)), Some(ms(750)));
    ck.rw(opt::HandshakeIvl, None, None);
    ck.rw(opt::TcpMaxRt, Some(ms(20_000)), Some(ms(20_000)));

    // Heartbeats.
    ck.rw(opt::HeartbeatIvl, Some(ms(1000)), Some(ms(1000)));
    ck.rw(opt::HeartbeatTtl, Some(ms(2500)), Some(ms(2500)));
    ck.rw(opt::HeartbeatTimeout, ms(3000), Some(ms(3000)));

    // Routing.
    ck.rw(opt::RoutingId, b"client-1", b"client-1".to_vec());
    ck.w(opt::ConnectRoutingId, b"peer-1");
    ck.w(opt::RouterMandatory, true);
    ck.w(opt::RouterHandover, true);
    ck.w(opt::RouterRaw, true);
    ck.w(opt::ProbeRouter, true);
    ck.w(opt::StreamNotify, false);
    ck.w(opt::ReqCorrelate, true);
    ck.w(opt::ReqRelaxed, true);

    // Publish-subscribe.
    ck.w(opt::Subscribe, b"weather.");
    ck.w(opt::Unsubscribe, "weather.");
    ck.rw(opt::InvertMatching, true, true);
    ck.w(opt::XPubVerbose, true);
    ck.w(opt::XPubVerboser, true);
    ck.w(opt::XPubNoDrop, true);
    ck.w(opt::XPubManual, true);
    ck.w(opt::XPubWelcomeMsg, b"welcome");

    // Security.
    ck.rw(opt::ZapDomain, "global", "global".to_owned());
    ck.rw(opt::PlainServer, true, true);
    ck.rw(opt::PlainUsername, "admin", "admin".to_owned());
    ck.rw(opt::PlainPassword, "secret".to_owned(), "secret".to_owned());
    ck.rw_if("curve", opt::CurveServer, true, true);
    ck.rw_if("curve", opt::CurvePublicKey, key_z85, key_b);
    ck.rw_if("curve", opt::CurveSecretKey, &key_a, key_a);
    ck.rw_if(
        "curve",
        opt::CurveServerKey,
        &[9u8; 32],
        CurveKey([9u8; 32]),
    );
    ck.rw_if("gssapi", opt::GssapiServer, true, true);
    ck.rw_if("gssapi", opt::GssapiPrincipal, "svc", "svc".to_owned());
    ck.rw_if(
        "gssapi",
        opt::GssapiServicePrincipal,
        "host",
        "host".to_owned(),
    );
    ck.rw_if("gssapi", opt::GssapiPlaintext, true, true);
    ck.rw_if(
        "gssapi",
        opt::GssapiPrincipalNameType,
        opt::value::GssapiNameType::UserName,
        opt::value::GssapiNameType::UserName,
    );
    ck.rw_if(
        "gssapi",
        opt::GssapiServicePrincipalNameType,
        opt::value::GssapiNameType::Krb5Principal,
        opt::value::GssapiNameType::Krb5Principal,
    );

    // TCP and the network.
    ck.rw(opt::Ipv6, true, true);
    ck.rw(opt::Ipv4Only, false, false);
    ck.rw(opt::TcpKeepalive, Some(true), Some(true));
    ck.rw(opt::TcpKeepaliveCnt, 5, 5);
    ck.rw(
        opt::TcpKeepaliveIdle,
        Duration::from_secs(60),
        Some(Duration::from_secs(60)),
    );
    ck.rw(
        opt::TcpKeepaliveIntvl,
        Some(Duration::from_secs(10)),
        Some(Duration::from_secs(10)),
    );
    ck.rw(opt::Tos, 0x10, 0x10);
    ck.rw(opt::Backlog, 50, 50);
    ck.rw(opt::BindToDevice, "lo", "lo".to_owned());
    // ZMQ_USE_FD takes ownership of a listening socket (checked before libzmq sees it).
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let listener_fd = std::os::fd::AsRawFd::as_raw_fd(&listener);
    ck.rw(
        opt::UseFd,
        std::os::fd::OwnedFd::from(listener),
        Some(listener_fd),
    );
    ck.rw(
        opt::SocksProxy,
        "127.0.0.1:1080",
        "127.0.0.1:1080".to_owned(),
    );
    ck.w(opt::TcpAcceptFilter, "127.0.0.1");

    // IPC.
    ck.w(opt::IpcFilterPid, std::process::id() as libc::pid_t);
    ck.w(opt::IpcFilterUid, Some(1000));
    ck.w(opt::IpcFilterGid, 1000);

    // Multicast.
    ck.rw(opt::Rate, 1000, 1000);
    ck.rw(opt::RecoveryIvl, ms(2000), ms(2000));
    ck.rw(opt::MulticastHops, 8, 8);
    ck.rw(opt::MulticastMaxTpdu, 1400, 1400);

    // VMCI.
    ck.rw_if("vmci", opt::VmciBufferSize, 1 << 17, 1 << 17);
    ck.rw_if("vmci", opt::VmciBufferMinSize, 256, 256);
    ck.rw_if("vmci", opt::VmciBufferMaxSize, 1 << 19, 1 << 19);
    ck.rw_if("vmci", opt::VmciConnectTimeout, ms(500), Some(ms(500)));

    #[cfg(zmq_has_draft)]
    draft_options(&mut ck);

    // The table and the checks agree: nothing unchecked, nothing checked that is not there.
    let in_table: BTreeSet<&str> = opt::ALL.iter().map(|i| i.name).collect();
    let checked: BTreeSet<&str> = ck.checked.keys().copied().collect();
    let missing: Vec<&str> = in_table.difference(&checked).copied().collect();
    assert!(
        missing.is_empty(),
        "options in opt::ALL without a check: {missing:?}"
    );
    assert_eq!(checked.len(), opt::ALL.len());
}

#[cfg(zmq_has_draft)]
fn draft_options(ck: &mut Checker) {
    use zmq::opt::value::{NormSenderMode, NotifyFlags, ReconnectStopFlags};

    ck.r(opt::TopicsCount, |_| {}, |n| assert_eq!(n, 0));
    ck.rw(opt::InBatchSize, 128, 128);
    ck.rw(opt::OutBatchSize, 256, 256);
    ck.rw(
        opt::ReconnectStop,
        ReconnectStopFlags::CONN_REFUSED | ReconnectStopFlags::AFTER_DISCONNECT,
        ReconnectStopFlags::CONN_REFUSED | ReconnectStopFlags::AFTER_DISCONNECT,
    );
    ck.w(opt::HelloMsg, b"hello");
    ck.w(opt::DisconnectMsg, b"gone");
    ck.w(opt::HiccupMsg, b"hiccup");
    ck.rw(
        opt::RouterNotify,
        NotifyFlags::CONNECT | NotifyFlags::DISCONNECT,
        NotifyFlags::CONNECT | NotifyFlags::DISCONNECT,
    );
    ck.w(opt::XPubManualLastValue, true);
    ck.w(opt::XSubVerboseUnsubscribe, true);
    ck.w(opt::OnlyFirstSubscribe, true);
    ck.rw(opt::ZapEnforceDomain, true, true);
    ck.w(opt::Metadata, "X-Service:weather");
    ck.rw(opt::SocksUsername, "user", "user".to_owned());
    ck.rw(opt::SocksPassword, "pass", "pass".to_owned());
    ck.rw(opt::Priority, 3, 3);
    ck.w(opt::BusyPoll, 1);
    ck.rw(opt::LoopbackFastpath, true, true);
    ck.rw(opt::MulticastLoop, false, false);
    ck.w_if("WSS", opt::WssKeyPem, "-----BEGIN PRIVATE KEY-----");
    ck.w_if("WSS", opt::WssCertPem, "-----BEGIN CERTIFICATE-----");
    ck.w_if("WSS", opt::WssTrustPem, "-----BEGIN CERTIFICATE-----");
    ck.w_if("WSS", opt::WssHostname, "localhost");
    ck.w_if("WSS", opt::WssTrustSystem, true);
    ck.rw_if(
        "norm",
        opt::NormMode,
        NormSenderMode::Fixed,
        NormSenderMode::Fixed,
    );
    ck.rw_if("norm", opt::NormUnicastNack, true, true);
    ck.rw_if("norm", opt::NormBufferSize, 1024, 1024);
    ck.rw_if("norm", opt::NormSegmentSize, 1200, 1200);
    ck.rw_if("norm", opt::NormBlockSize, 32, 32);
    ck.rw_if("norm", opt::NormNumParity, 8, 8);
    ck.rw_if("norm", opt::NormNumAutoparity, 2, 2);
    ck.rw_if("norm", opt::NormPush, true, true);
}

/// The table holds every socket option of the `zmq.h` this crate was built against: the
/// "Socket options" block, the distinct deprecated ids and (with `draft`) the "DRAFT Socket
/// options" block. `ZMQ_BLOCKY` is a context option despite where `zmq.h` lists it.
#[test]
fn table_matches_zmq_h() {
    let mut names = BTreeSet::new();
    let mut ids = BTreeSet::new();
    for info in opt::ALL {
        assert!(info.name.starts_with("ZMQ_"), "{}", info.name);
        assert!(names.insert(info.name), "{} twice", info.name);
        assert!(ids.insert(info.id), "id {} twice ({})", info.id, info.name);
        assert!(info.readable || info.writable, "{}", info.name);
        assert_eq!(
            info.draft,
            cfg!(zmq_has_draft) && info.id >= 93,
            "{}",
            info.name
        );
    }

    let Some(include) = option_env!("ZMQ_BUILD_INCLUDE") else {
        eprintln!("ZMQ_BUILD_INCLUDE not set: zmq.h comparison skipped");
        return;
    };
    let header = std::fs::read_to_string(format!("{include}/zmq.h")).unwrap();
    let mut expected = BTreeMap::new();
    let mut section = "";
    for line in header.lines() {
        let line = line.trim();
        if let Some(comment) = line.strip_prefix("/*") {
            section = match comment.trim().trim_end_matches("*/").trim() {
                "Socket options." => "stable",
                "Deprecated options and aliases" => "deprecated",
                "DRAFT Socket options." => "draft",
                _ => "",
            };
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some("#define"), Some(name), Some(value)) = (words.next(), words.next(), words.next())
        else {
            continue;
        };
        let Ok(id) = value.parse::<i32>() else {
            continue; // an alias of another option
        };
        let wanted = match section {
            "stable" | "deprecated" => name != "ZMQ_BLOCKY",
            "draft" => cfg!(zmq_has_draft),
            _ => false,
        };
        if wanted {
            expected.insert(name, id);
        }
    }
    assert!(
        expected.len() > 70,
        "parsed only {} options from zmq.h",
        expected.len()
    );
    let table: BTreeMap<&str, i32> = opt::ALL.iter().map(|i| (i.name, i.id)).collect();
    assert_eq!(table, expected);
}

#[test]
fn durations_and_sentinels() {
    let ctx = Context::new().unwrap();
    let s = ctx.socket(SocketType::Dealer).unwrap();
    let raw = |id: i32| {
        let mut buf = [0u8; 4];
        s.getsockopt_raw(id, &mut buf).unwrap();
        i32::from_ne_bytes(buf)
    };

    // Round trips, and the sub-millisecond part is truncated.
    s.set(opt::RcvTimeo, ms(1234)).unwrap();
    assert_eq!(s.get(opt::RcvTimeo).unwrap(), Some(ms(1234)));
    s.set(opt::SndTimeo, Duration::from_micros(2_999)).unwrap();
    assert_eq!(s.get(opt::SndTimeo).unwrap(), Some(ms(2)));
    s.set(opt::RecoveryIvl, Duration::from_secs(3)).unwrap();
    assert_eq!(s.get(opt::RecoveryIvl).unwrap(), ms(3000));

    // None is -1 for "forever"/"never" ...
    s.set(opt::Linger, None).unwrap();
    assert_eq!(raw(opt::Linger::ID), -1);
    assert_eq!(s.get(opt::Linger).unwrap(), None);
    s.set(opt::ReconnectIvl, None).unwrap();
    assert_eq!(raw(opt::ReconnectIvl::ID), -1);
    assert_eq!(s.get(opt::ReconnectIvl).unwrap(), None);
    // ... and 0 for "off".
    assert_eq!(
        s.get(opt::HandshakeIvl).unwrap(),
        Some(Duration::from_secs(30))
    );
    s.set(opt::HandshakeIvl, None).unwrap();
    assert_eq!(raw(opt::HandshakeIvl::ID), 0);
    assert_eq!(s.get(opt::ReconnectIvlMax).unwrap(), None);
    assert_eq!(s.get(opt::HeartbeatIvl).unwrap(), None);
    // A duration that would mean "off" on the wire is refused.
    for d in [Duration::ZERO, Duration::from_micros(500)] {
        let err = s.set(opt::ConnectTimeout, Some(d)).unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    }
    let too_long = Duration::from_millis(i32::MAX as u64 + 1);
    assert!(matches!(
        s.set(opt::Linger, Some(too_long)),
        Err(Error::InvalidInput { .. })
    ));

    // Other sentinels: -1 for "no limit", "OS default", "no fd".
    assert_eq!(s.get(opt::MaxMsgSize).unwrap(), None);
    s.set(opt::MaxMsgSize, Some(4096)).unwrap();
    s.set(opt::MaxMsgSize, None).unwrap();
    let mut buf = [0u8; 8];
    s.getsockopt_raw(opt::MaxMsgSize::ID, &mut buf).unwrap();
    assert_eq!(i64::from_ne_bytes(buf), -1);
    assert!(matches!(
        s.set(opt::MaxMsgSize, u64::MAX),
        Err(Error::InvalidInput { .. })
    ));
    assert_eq!(s.get(opt::TcpKeepalive).unwrap(), None);
    s.set(opt::TcpKeepalive, false).unwrap();
    assert_eq!(s.get(opt::TcpKeepalive).unwrap(), Some(false));
    s.set(opt::TcpKeepalive, None).unwrap();
    assert_eq!(raw(opt::TcpKeepalive::ID), -1);
    assert_eq!(s.get(opt::TcpKeepaliveIdle).unwrap(), None);
    assert!(matches!(
        s.set(opt::TcpKeepaliveIdle, ms(1500)),
        Err(Error::InvalidInput { .. })
    ));
    assert_eq!(s.get(opt::UseFd).unwrap(), None);
    assert_eq!(raw(opt::UseFd::ID), -1);

    // ZMQ_HEARTBEAT_TIMEOUT: unset (-1) follows the interval; zero means no timeout.
    assert_eq!(raw(opt::HeartbeatTimeout::ID), -1);
    assert_eq!(s.get(opt::HeartbeatTimeout).unwrap(), None);
    s.set(opt::HeartbeatTimeout, Duration::ZERO).unwrap();
    assert_eq!(s.get(opt::HeartbeatTimeout).unwrap(), Some(Duration::ZERO));

    // ZMQ_HEARTBEAT_TTL is kept in deciseconds: rounded down, at most 6553.5 s.
    s.set(opt::HeartbeatTtl, ms(2550)).unwrap();
    assert_eq!(s.get(opt::HeartbeatTtl).unwrap(), Some(ms(2500)));
    s.set(opt::HeartbeatTtl, ms(6_553_599)).unwrap();
    assert_eq!(s.get(opt::HeartbeatTtl).unwrap(), Some(ms(6_553_500)));
    for bad in [ms(99), ms(6_553_600)] {
        let err = s.set(opt::HeartbeatTtl, Some(bad)).unwrap_err();
        assert!(
            matches!(err, Error::InvalidInput { .. }),
            "{bad:?}: {err:?}"
        );
    }
    s.set(opt::HeartbeatTtl, None).unwrap();
    assert_eq!(raw(opt::HeartbeatTtl::ID), 0);
    assert_eq!(s.get(opt::HeartbeatTtl).unwrap(), None);
}

#[test]
fn curve_keys_as_z85_bytes_and_keys() {
    if !zmq::has("curve") {
        eprintln!("libzmq without CURVE: key tests skipped");
        return;
    }
    let ctx = Context::new().unwrap();
    let s = ctx.socket(SocketType::Dealer).unwrap();
    let pair = zmq::CurveKeyPair::generate().unwrap();
    let z85 = pair.public.to_z85();

    s.set(opt::CurveServerKey, z85.as_str()).unwrap();
    let key = s.get(opt::CurveServerKey).unwrap();
    assert_eq!(key.0.to_vec(), zmq::z85_decode(&z85).unwrap());
    assert_eq!(key, pair.public);
    // libzmq hands the key out as Z85 too, given a 41-byte buffer.
    let mut text = [0u8; 41];
    s.getsockopt_raw(opt::CurveServerKey::ID, &mut text)
        .unwrap();
    assert_eq!(&text[..40], z85.as_bytes());

    s.set(opt::CurveSecretKey, pair.secret).unwrap();
    assert_eq!(s.get(opt::CurveSecretKey).unwrap(), pair.secret);
    s.set(opt::CurvePublicKey, pair.public.0).unwrap();
    assert_eq!(s.get(opt::CurvePublicKey).unwrap(), pair.public);
    assert_eq!(
        s.get(opt::Mechanism).unwrap(),
        opt::value::SecurityMechanism::Curve
    );
    assert!(
        !s.get(opt::CurveServer).unwrap(),
        "a server key makes a client"
    );

    // Bad Z85 is refused before libzmq sees it, and the key is unchanged.
    for bad in ["", "short", &z85[..39], &format!("{z85}0"), &"~".repeat(40)] {
        let err = s.set(opt::CurveServerKey, bad).unwrap_err();
        assert!(
            matches!(err, Error::InvalidInput { .. }),
            "{bad:?}: {err:?}"
        );
        assert_eq!(err.errno(), libc::EINVAL);
    }
    assert_eq!(s.get(opt::CurveServerKey).unwrap(), pair.public);

    let server = ctx.socket(SocketType::Router).unwrap();
    server.set(opt::CurveServer, true).unwrap();
    server.set(opt::CurveSecretKey, &pair.secret).unwrap();
    assert!(server.get(opt::CurveServer).unwrap());
    assert_eq!(
        server.get(opt::Mechanism).unwrap(),
        opt::value::SecurityMechanism::Curve
    );
}

#[test]
fn strings_bytes_and_mechanisms() {
    let ctx = Context::new().unwrap();
    let s = ctx.socket(SocketType::Dealer).unwrap();

    // A NUL inside a string option is refused; binary options take any byte.
    for (what, r) in [
        ("PLAIN_USERNAME", s.set(opt::PlainUsername, "ad\0min")),
        ("ZAP_DOMAIN", s.set(opt::ZapDomain, "a\0b")),
        (
            "SOCKS_PROXY",
            s.set(opt::SocksProxy, "host\0:1080".to_owned()),
        ),
    ] {
        let err = r.unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{what}: {err:?}");
    }
    assert_eq!(s.get(opt::PlainUsername).unwrap(), "");
    s.set(opt::RoutingId, &b"a\0b"[..]).unwrap();
    assert_eq!(s.get(opt::RoutingId).unwrap(), b"a\0b");
    // libzmq refuses an empty routing id and an empty ZAP domain.
    assert!(is_einval(s.set(opt::RoutingId, &b""[..])));
    assert!(is_einval(s.set(opt::ZapDomain, "")));

    // Long strings are read back whole.
    let long = format!("{}:1080", "h".repeat(3000));
    s.set(opt::SocksProxy, &long).unwrap();
    assert_eq!(s.get(opt::SocksProxy).unwrap(), long);
    s.set(opt::SocksProxy, "").unwrap();
    assert_eq!(s.get(opt::SocksProxy).unwrap(), "");

    // Mechanisms follow the security options.
    use zmq::opt::value::SecurityMechanism;
    assert_eq!(s.get(opt::Mechanism).unwrap(), SecurityMechanism::Null);
    s.set(opt::PlainUsername, "admin").unwrap();
    s.set(opt::PlainPassword, "password").unwrap();
    assert_eq!(s.get(opt::Mechanism).unwrap(), SecurityMechanism::Plain);
    assert!(!s.get(opt::PlainServer).unwrap());
    s.set(opt::PlainUsername, "").unwrap(); // null: back to NULL
    assert_eq!(s.get(opt::Mechanism).unwrap(), SecurityMechanism::Null);
    s.set(opt::PlainServer, true).unwrap();
    assert_eq!(s.get(opt::Mechanism).unwrap(), SecurityMechanism::Plain);
    assert!(s.get(opt::PlainServer).unwrap());
    s.set(opt::PlainServer, false).unwrap();
    assert_eq!(s.get(opt::Mechanism).unwrap(), SecurityMechanism::Null);
}

#[test]
fn options_on_the_wrong_socket_type_give_libzmq_errors() {
    let ctx = Context::new().unwrap();
    let sock = |t| ctx.socket(t).unwrap();
    let dealer = sock(SocketType::Dealer);
    let sub = sock(SocketType::Sub);
    let router = sock(SocketType::Router);
    let publisher = sock(SocketType::Pub);

    let errors = [
        (
            "ROUTER_MANDATORY on DEALER",
            dealer.set(opt::RouterMandatory, true),
        ),
        ("ROUTER_HANDOVER on SUB", sub.set(opt::RouterHandover, true)),
        (
            "CONNECT_ROUTING_ID on DEALER",
            dealer.set(opt::ConnectRoutingId, b"x"),
        ),
        ("SUBSCRIBE on DEALER", dealer.set(opt::Subscribe, b"x")),
        ("SUBSCRIBE on PUB", publisher.set(opt::Subscribe, b"x")),
        ("UNSUBSCRIBE on ROUTER", router.set(opt::Unsubscribe, b"x")),
        (
            "REQ_CORRELATE on DEALER",
            dealer.set(opt::ReqCorrelate, true),
        ),
        ("REQ_RELAXED on ROUTER", router.set(opt::ReqRelaxed, true)),
        ("XPUB_VERBOSE on SUB", sub.set(opt::XPubVerbose, true)),
        (
            "XPUB_WELCOME_MSG on DEALER",
            dealer.set(opt::XPubWelcomeMsg, b"hi"),
        ),
        (
            "STREAM_NOTIFY on ROUTER",
            router.set(opt::StreamNotify, true),
        ),
        ("PROBE_ROUTER on SUB", sub.set(opt::ProbeRouter, true)),
        // Values libzmq refuses on any socket.
        ("SNDHWM -1", dealer.set(opt::SndHwm, -1)),
        ("RATE 0", dealer.set(opt::Rate, 0)),
        (
            "BINDTODEVICE too long",
            dealer.set(opt::BindToDevice, "a-very-long-device-name"),
        ),
    ];
    for (what, r) in errors {
        let err = r.expect_err(what);
        assert!(matches!(err, Error::SocketOption { .. }), "{what}: {err:?}");
        assert_eq!(err.errno(), libc::EINVAL);
    }
    // The sockets are still fine afterwards.
    assert_eq!(dealer.get(opt::Type).unwrap(), SocketType::Dealer);
    assert_eq!(sub.get(opt::SndHwm).unwrap(), 1000);

    #[cfg(zmq_has_draft)]
    {
        let server = sock(SocketType::Server);
        assert!(server.get(opt::ThreadSafe).unwrap());
        assert!(
            is_einval(server.get(opt::Fd)),
            "no ZMQ_FD on thread-safe sockets"
        );
        assert!(is_einval(dealer.get(opt::TopicsCount)));
        assert!(is_einval(
            dealer.set(opt::RouterNotify, opt::value::NotifyFlags::CONNECT)
        ));
        assert!(is_einval(sub.set(opt::XSubVerboseUnsubscribe, true)));
    }
}

#[test]
fn events_follow_the_queues() {
    let ctx = Context::new().unwrap();
    let a = ctx.socket(SocketType::Pair).unwrap();
    let b = ctx.socket(SocketType::Pair).unwrap();
    a.bind("inproc://opt-events").unwrap();
    b.connect("inproc://opt-events").unwrap();
    b.send_with("ping", Flags::DONTWAIT).unwrap();
    // Delivery is asynchronous (commands between the sockets); poll ZMQ_EVENTS without
    // blocking, for at most 5 s.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let events = a.get(opt::Events).unwrap();
        if events.contains(PollEvents::POLLIN) {
            assert!(events.contains(PollEvents::POLLOUT));
            break;
        }
        assert!(Instant::now() < deadline, "POLLIN never showed: {events:?}");
        std::thread::sleep(ms(1));
    }
    assert_eq!(a.recv_string_with(Flags::DONTWAIT).unwrap(), "ping");
    assert!(!a.get(opt::RcvMore).unwrap());
    assert!(!a.get(opt::Events).unwrap().contains(PollEvents::POLLIN));
}

/// A refused option names itself and the socket type, and which types it applies to.
#[test]
fn refused_options_name_the_option_and_the_socket_type() {
    let ctx = Context::new().unwrap();
    let publisher = ctx.socket(SocketType::Pub).unwrap();
    let err = publisher.set(opt::Subscribe, b"").unwrap_err();
    assert_eq!(err.errno(), libc::EINVAL);
    assert_eq!(
        err.to_string(),
        format!(
            "{} (ZMQ_SUBSCRIBE on a PUB socket: applies to SUB sockets only)",
            zmq::strerror(libc::EINVAL)
        )
    );
    let dealer = ctx.socket(SocketType::Dealer).unwrap();
    let err = dealer.set(opt::Rate, 0).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{} (ZMQ_RATE on a DEALER socket)",
            zmq::strerror(libc::EINVAL)
        )
    );
    assert_eq!(
        std::io::Error::from(err).raw_os_error(),
        None,
        "kept as a zmq error inside the io::Error"
    );
}

#[test]
fn value_enums_convert_from_and_to_the_numbers_libzmq_uses() {
    use zmq::{GssapiNameType, SecurityMechanism, SocketType};
    assert_eq!(
        SecurityMechanism::try_from(zmq::sys::ZMQ_CURVE),
        Ok(SecurityMechanism::Curve)
    );
    assert_eq!(i32::from(SecurityMechanism::Plain), zmq::sys::ZMQ_PLAIN);
    assert_eq!(
        GssapiNameType::try_from(zmq::sys::ZMQ_GSSAPI_NT_USER_NAME),
        Ok(GssapiNameType::UserName)
    );
    assert_eq!(
        SocketType::try_from(zmq::sys::ZMQ_XPUB),
        Ok(SocketType::XPub)
    );
    assert_eq!(i32::from(SocketType::Dealer), zmq::sys::ZMQ_DEALER);
    for bad in [-1, 99, i32::MAX] {
        let err = SecurityMechanism::try_from(bad).unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
        assert!(SocketType::try_from(bad).is_err());
        assert!(GssapiNameType::try_from(bad).is_err());
    }
}
