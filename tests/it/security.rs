//! ZAP authentication (`zmq::auth::Authenticator`) with NULL, PLAIN and CURVE over
//! `tcp://127.0.0.1:*`, what the socket monitor reports for refused peers, and that CURVE traffic
//! is not readable on the wire (a recording TCP relay between client and server).

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::common::{socket, with_timeout, TempDir};
use zmq::auth::{parse_public_key, save_public_key};
use zmq::{
    opt, Authenticator, Context, CurveKeyPair, Flags, Monitor, MonitorEvent, MonitorEvents, Socket,
    SocketType, ZapRequest, ZapStatus,
};

const LIMIT: Duration = Duration::from_secs(30);
/// How long a refused client is given to get a message through (it must not).
const NOTHING_WITHIN: Duration = Duration::from_millis(700);

// ---------------------------------------------------------------------------------------------
// Helpers

/// Captures log records (see `common::logs`) so tests can check that `zmq::auth` logs its
/// decisions with reasons.
fn capture_logs() {
    crate::common::logs::install();
}

/// Whether a `zmq::auth` record, printed as "LEVEL message", contains `needle`.
fn logged(needle: &str) -> bool {
    crate::common::logs::records("zmq::auth")
        .iter()
        .any(|(level, _, msg)| format!("{level} {msg}").contains(needle))
}

fn keys() -> CurveKeyPair {
    CurveKeyPair::generate().expect("zmq_curve_keypair (CURVE support)")
}

/// A CURVE server bound to an ephemeral loopback port.
fn curve_server(ctx: &Context, kind: SocketType, keys: &CurveKeyPair) -> Socket {
    let s = socket(ctx, kind);
    s.set(opt::CurveServer, true).unwrap();
    s.set(opt::CurveSecretKey, &keys.secret).unwrap();
    s
}

/// A CURVE client of `server_key`, not yet connected.
fn curve_client(
    ctx: &Context,
    kind: SocketType,
    server_key: &zmq::CurveKey,
    mine: &CurveKeyPair,
) -> Socket {
    let s = socket(ctx, kind);
    s.set(opt::CurveServerKey, server_key).unwrap();
    s.set(opt::CurvePublicKey, &mine.public).unwrap();
    s.set(opt::CurveSecretKey, &mine.secret).unwrap();
    s
}

fn bind_loopback(s: &Socket) -> String {
    s.bind("tcp://127.0.0.1:*").unwrap();
    s.last_endpoint().unwrap()
}

/// Waits until the monitor reports an event matching `pred`; returns every event seen up to it.
fn wait_event(
    monitor: &Monitor<'_>,
    within: Duration,
    pred: impl Fn(&MonitorEvent) -> bool,
) -> Vec<MonitorEvent> {
    let deadline = Instant::now() + within;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match monitor.recv(Some(left)).unwrap() {
            Some(e) => {
                let hit = pred(&e);
                seen.push(e);
                if hit {
                    return seen;
                }
            }
            None => panic!("no matching monitor event within {within:?}; saw {seen:?}"),
        }
    }
}

fn is_auth_failure(code: u32) -> impl Fn(&MonitorEvent) -> bool {
    move |e| matches!(e, MonitorEvent::HandshakeFailedAuth { status_code, .. } if *status_code == code)
}

/// REQ sends "ping" and the REP must get it (returned) and answer "pong".
fn round_trip(client: &Socket, server: &Socket) -> zmq::Message {
    client.send("ping").unwrap();
    let msg = server.recv_msg().expect("request reached the server");
    assert_eq!(&msg[..], b"ping");
    server.send("pong").unwrap();
    assert_eq!(client.recv_string().unwrap(), "pong");
    msg
}

/// The client's message must not reach the server within [`NOTHING_WITHIN`].
fn nothing_gets_through(client: &Socket, server: &Socket) {
    // Queued while the handshake runs (or fails); never delivered.
    let _ = client.send_with("ping", Flags::DONTWAIT);
    server.set(opt::RcvTimeo, Some(NOTHING_WITHIN)).unwrap();
    match server.recv_msg() {
        Err(zmq::Error::WouldBlock) => {}
        other => panic!("a refused peer got a message through: {other:?}"),
    }
    server
        .set(opt::RcvTimeo, Some(crate::common::IO_TIMEOUT))
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// CURVE

#[test]
fn curve_client_with_an_allowed_key_talks_and_its_key_is_the_user_id() {
    with_timeout(LIMIT, || {
        capture_logs();
        let ctx = Context::new().unwrap();
        let auth = Authenticator::start(&ctx).unwrap();
        let (server_keys, client_keys) = (keys(), keys());
        auth.curve_allow(&client_keys.public);

        let server = curve_server(&ctx, SocketType::Rep, &server_keys);
        let endpoint = bind_loopback(&server);
        let client = curve_client(&ctx, SocketType::Req, &server_keys.public, &client_keys);
        client.connect(&endpoint).unwrap();

        let msg = round_trip(&client, &server);
        let z85 = client_keys.public.to_z85();
        assert_eq!(msg.gets("User-Id"), Some(z85.as_str()));
        assert_eq!(msg.gets("Peer-Address"), Some("127.0.0.1"));
        assert!(
            logged(&format!("CURVE key {z85} is allowed")),
            "decision not logged"
        );
        auth.stop();
    });
}

#[test]
fn curve_client_with_an_unknown_key_is_refused_and_the_monitors_say_400() {
    with_timeout(LIMIT, || {
        capture_logs();
        let ctx = Context::new().unwrap();
        let auth = Authenticator::start(&ctx).unwrap();
        let (server_keys, allowed, stranger) = (keys(), keys(), keys());
        auth.curve_allow(&allowed.public);

        let server = curve_server(&ctx, SocketType::Rep, &server_keys);
        let server_mon = server.monitor(MonitorEvents::ALL).unwrap();
        let endpoint = bind_loopback(&server);
        let client = curve_client(&ctx, SocketType::Req, &server_keys.public, &stranger);
        let client_mon = client.monitor(MonitorEvents::ALL).unwrap();
        client.connect(&endpoint).unwrap();

        nothing_gets_through(&client, &server);
        let events = wait_event(&server_mon, crate::common::IO_TIMEOUT, is_auth_failure(400));
        eprintln!("server monitor: {events:?}");
        assert!(!events
            .iter()
            .any(|e| matches!(e, MonitorEvent::HandshakeSucceeded { .. })));
        // The client learns why from the server's ERROR command.
        let events = wait_event(&client_mon, crate::common::IO_TIMEOUT, is_auth_failure(400));
        eprintln!("client monitor: {events:?}");
        let z85 = stranger.public.to_z85();
        assert!(logged(&format!(
            "CURVE key {z85} is not on the allowed list"
        )));

        // The allowed key still passes on the same server.
        let good = curve_client(&ctx, SocketType::Req, &server_keys.public, &allowed);
        good.connect(&endpoint).unwrap();
        let msg = round_trip(&good, &server);
        assert_eq!(msg.gets("User-Id"), Some(allowed.public.to_z85().as_str()));
    });
}

#[test]
fn curve_allow_any_accepts_every_key_and_policy_changes_apply_while_running() {
    with_timeout(LIMIT, || {
        let ctx = Context::new().unwrap();
        let auth = Authenticator::start(&ctx).unwrap();
        let server_keys = keys();
        let server = curve_server(&ctx, SocketType::Rep, &server_keys);
        let endpoint = bind_loopback(&server);

        // Nothing configured: CURVE refused.
        let first = curve_client(&ctx, SocketType::Req, &server_keys.public, &keys());
        first.connect(&endpoint).unwrap();
        nothing_gets_through(&first, &server);
        drop(first);

        auth.curve_allow_any();
        let anyone = keys();
        let second = curve_client(&ctx, SocketType::Req, &server_keys.public, &anyone);
        second.connect(&endpoint).unwrap();
        let msg = round_trip(&second, &server);
        assert_eq!(msg.gets("User-Id"), Some(anyone.public.to_z85().as_str()));
        drop(second);

        auth.curve_clear();
        let third = curve_client(&ctx, SocketType::Req, &server_keys.public, &keys());
        third.connect(&endpoint).unwrap();
        nothing_gets_through(&third, &server);
    });
}

#[test]
fn curve_keys_loaded_from_a_directory_of_key_files() {
    with_timeout(LIMIT, || {
        let dir = TempDir::new("auth-keys");
        let (server_keys, zcert, bare, unknown) = (keys(), keys(), keys(), keys());
        // czmq zcert format, written by the crate's helper, and the same by hand.
        save_public_key(dir.0.join("alice.key"), &zcert.public).unwrap();
        std::fs::write(
            dir.0.join("alice.key_secret"),
            format!(
                "curve\n    public-key = \"{}\"\n    secret-key = \"{}\"\n",
                zcert.public, zcert.secret
            ),
        )
        .unwrap();
        // One bare Z85 key.
        std::fs::write(dir.0.join("bob.txt"), format!("{}\n", bare.public)).unwrap();
        // Noise that must be skipped.
        std::fs::write(dir.0.join("README"), "not a key\nat all\n").unwrap();
        std::fs::write(dir.0.join(".hidden"), format!("{}\n", unknown.public)).unwrap();
        std::fs::create_dir(dir.0.join("subdir")).unwrap();

        let text = std::fs::read_to_string(dir.0.join("alice.key")).unwrap();
        assert!(text.contains(&format!("public-key = \"{}\"", zcert.public)));
        assert_eq!(parse_public_key(&text), Some(zcert.public));

        let ctx = Context::new().unwrap();
        let auth = Authenticator::start(&ctx).unwrap();
        assert_eq!(auth.curve_load_dir(&dir.0).unwrap(), 2);
        assert!(auth.curve_load_dir(dir.0.join("missing")).is_err());

        let server = curve_server(&ctx, SocketType::Rep, &server_keys);
        let endpoint = bind_loopback(&server);
        for (who, pair) in [("zcert", &zcert), ("bare", &bare)] {
            let client = curve_client(&ctx, SocketType::Req, &server_keys.public, pair);
            client.connect(&endpoint).unwrap();
            let msg = round_trip(&client, &server);
            assert_eq!(
                msg.gets("User-Id"),
                Some(pair.public.to_z85().as_str()),
                "{who}"
            );
        }
        let client = curve_client(&ctx, SocketType::Req, &server_keys.public, &unknown);
        client.connect(&endpoint).unwrap();
        nothing_gets_through(&client, &server);
    });
}

// ---------------------------------------------------------------------------------------------
// PLAIN

fn plain_client(ctx: &Context, user: &str, password: &str) -> Socket {
    let s = socket(ctx, SocketType::Req);
    s.set(opt::PlainUsername, user).unwrap();
    s.set(opt::PlainPassword, password).unwrap();
    s
}

#[test]
fn plain_right_password_passes_wrong_password_is_refused() {
    with_timeout(LIMIT, || {
        capture_logs();
        let ctx = Context::new().unwrap();
        let auth = Authenticator::start(&ctx).unwrap();
        auth.set_verbose(true);
        auth.plain_add(None, "admin", "secret");
        auth.plain_add(Some("billing"), "clerk", "ledger");

        let server = socket(&ctx, SocketType::Rep);
        server.set(opt::PlainServer, true).unwrap();
        let server_mon = server.monitor(MonitorEvents::ALL).unwrap();
        let endpoint = bind_loopback(&server);

        let good = plain_client(&ctx, "admin", "secret");
        good.connect(&endpoint).unwrap();
        let msg = round_trip(&good, &server);
        assert_eq!(msg.gets("User-Id"), Some("admin"));
        drop(good);

        let bad = plain_client(&ctx, "admin", "guess");
        bad.connect(&endpoint).unwrap();
        nothing_gets_through(&bad, &server);
        let events = wait_event(&server_mon, crate::common::IO_TIMEOUT, is_auth_failure(400));
        eprintln!("server monitor (wrong password): {events:?}");
        assert!(logged("INFO ZAP DENIED (400)"));
        assert!(logged("PLAIN user \"admin\": wrong password"));
        drop(bad);

        // A user of another domain is unknown here (this server has no ZAP domain).
        let other = plain_client(&ctx, "clerk", "ledger");
        other.connect(&endpoint).unwrap();
        nothing_gets_through(&other, &server);
    });
}

#[test]
fn plain_users_per_domain_and_from_a_password_file() {
    with_timeout(LIMIT, || {
        let dir = TempDir::new("auth-passwords");
        let file = dir.0.join("passwords.txt");
        std::fs::write(&file, "# czmq format\nclerk=ledger\n\nauditor = books\n").unwrap();
        let ctx = Context::new().unwrap();
        let auth = Authenticator::start(&ctx).unwrap();
        assert_eq!(auth.plain_load(Some("billing"), &file).unwrap(), 2);

        let server = socket(&ctx, SocketType::Rep);
        server.set(opt::PlainServer, true).unwrap();
        server.set(opt::ZapDomain, "billing").unwrap();
        let endpoint = bind_loopback(&server);
        for (user, password) in [("clerk", "ledger"), ("auditor", "books")] {
            let client = plain_client(&ctx, user, password);
            client.connect(&endpoint).unwrap();
            assert_eq!(round_trip(&client, &server).gets("User-Id"), Some(user));
        }
        auth.plain_remove(Some("billing"), "clerk");
        let client = plain_client(&ctx, "clerk", "ledger");
        client.connect(&endpoint).unwrap();
        nothing_gets_through(&client, &server);
    });
}

// ---------------------------------------------------------------------------------------------
// IP address rules (NULL mechanism: libzmq asks ZAP only when the server has a ZAP domain)

fn null_server(ctx: &Context) -> Socket {
    let s = socket(ctx, SocketType::Rep);
    s.set(opt::ZapDomain, "global").unwrap();
    s
}

#[test]
fn denied_address_is_refused_and_the_allow_list_takes_precedence() {
    with_timeout(LIMIT, || {
        capture_logs();
        let ctx = Context::new().unwrap();
        let auth = Authenticator::start(&ctx).unwrap();
        let server = null_server(&ctx);
        let server_mon = server.monitor(MonitorEvents::ALL).unwrap();
        let endpoint = bind_loopback(&server);

        // No rules: NULL passes.
        let client = socket(&ctx, SocketType::Req);
        client.connect(&endpoint).unwrap();
        assert_eq!(round_trip(&client, &server).gets("User-Id"), Some(""));
        drop(client);

        auth.deny("127.0.0.1");
        let client = socket(&ctx, SocketType::Req);
        client.connect(&endpoint).unwrap();
        nothing_gets_through(&client, &server);
        let events = wait_event(&server_mon, crate::common::IO_TIMEOUT, is_auth_failure(400));
        eprintln!("server monitor (denied address): {events:?}");
        assert!(logged("address \"127.0.0.1\" is on the deny list"));
        drop(client);

        // An allow list that holds another address: 127.0.0.1 is still refused.
        auth.allow("10.11.12.13");
        let client = socket(&ctx, SocketType::Req);
        client.connect(&endpoint).unwrap();
        nothing_gets_through(&client, &server);
        assert!(logged("address \"127.0.0.1\" is not on the allow list"));
        drop(client);

        // On the allow list: passes although it is also on the deny list.
        auth.allow("127.0.0.1");
        let client = socket(&ctx, SocketType::Req);
        client.connect(&endpoint).unwrap();
        round_trip(&client, &server);
        drop(client);

        // Rules removed while running.
        auth.clear_addresses();
        let client = socket(&ctx, SocketType::Req);
        client.connect(&endpoint).unwrap();
        round_trip(&client, &server);
    });
}

#[test]
fn address_rules_apply_to_curve_too() {
    with_timeout(LIMIT, || {
        let ctx = Context::new().unwrap();
        let auth = Authenticator::start(&ctx).unwrap();
        let (server_keys, client_keys) = (keys(), keys());
        auth.curve_allow(&client_keys.public);
        auth.deny("127.0.0.1");
        let server = curve_server(&ctx, SocketType::Rep, &server_keys);
        let endpoint = bind_loopback(&server);
        let client = curve_client(&ctx, SocketType::Req, &server_keys.public, &client_keys);
        client.connect(&endpoint).unwrap();
        nothing_gets_through(&client, &server);
        drop(client);
        auth.remove_denied("127.0.0.1");
        let client = curve_client(&ctx, SocketType::Req, &server_keys.public, &client_keys);
        client.connect(&endpoint).unwrap();
        round_trip(&client, &server);
    });
}

// ---------------------------------------------------------------------------------------------
// The policy without sockets (ZAP frames as RFC 27 defines them)

#[test]
fn policy_answers_raw_zap_requests() {
    let ctx = Context::new().unwrap();
    let auth = Authenticator::start(&ctx).unwrap();
    let key = keys().public;
    let req = |mechanism: &str, address: &str, creds: &[&[u8]]| {
        let mut frames: Vec<&[u8]> = vec![
            b"1.0",
            b"7",
            b"dom",
            address.as_bytes(),
            b"",
            mechanism.as_bytes(),
        ];
        frames.extend_from_slice(creds);
        ZapRequest::parse(&frames).unwrap()
    };
    let null = auth.authenticate(&req("NULL", "192.0.2.1", &[]));
    assert_eq!(null.status, ZapStatus::Success);
    assert_eq!(null.request_id, b"7");
    let frames = null.to_frames();
    assert_eq!(frames[0], b"1.0");
    assert_eq!(frames[2], b"200");

    let curve = req("CURVE", "192.0.2.1", &[key.as_bytes()]);
    assert!(format!("{curve:?}").contains(&key.to_z85()));
    assert_eq!(auth.authenticate(&curve).status.code(), 400);
    auth.curve_allow(&key);
    assert_eq!(auth.authenticate(&curve).user_id, key.to_z85());
    auth.curve_remove(&key);
    assert!(!auth.authenticate(&curve).is_success());
    // Not 32 bytes.
    assert!(!auth
        .authenticate(&req("CURVE", "192.0.2.1", &[b"short"]))
        .is_success());

    auth.plain_add(None, "u", "p");
    let plain = req("PLAIN", "192.0.2.1", &[b"u", b"p"]);
    assert!(!format!("{plain:?}").contains("\"p\""), "password printed");
    assert!(auth.authenticate(&plain).is_success());
    auth.plain_clear();
    assert!(!auth.authenticate(&plain).is_success());

    // IPv4-mapped IPv6 addresses match their IPv4 form.
    auth.deny("192.0.2.1");
    assert!(!auth
        .authenticate(&req("NULL", "::ffff:192.0.2.1", &[]))
        .is_success());
    assert!(!auth
        .authenticate(&req("GSSAPI", "192.0.2.2", &[b"principal"]))
        .is_success());

    // Malformed requests are refused by the parser.
    let short: [&[u8]; 3] = [b"1.0", b"1", b""];
    assert!(ZapRequest::parse(&short).is_err());
    let version: [&[u8]; 6] = [b"2.0", b"1", b"", b"", b"", b"NULL"];
    assert!(ZapRequest::parse(&version).is_err());
}

// ---------------------------------------------------------------------------------------------
// Life cycle

#[test]
fn stop_joins_quickly_and_afterwards_the_context_has_no_zap_handler() {
    with_timeout(LIMIT, || {
        let ctx = Context::new().unwrap();
        let auth = Authenticator::start(&ctx).unwrap();
        assert!(auth.is_running());
        // One handler per context.
        match Authenticator::start(&ctx) {
            Err(e) => assert_eq!(e.errno(), libc::EADDRINUSE, "{e}"),
            Ok(_) => panic!("a second ZAP handler bound the same context"),
        }
        auth.plain_add(None, "admin", "secret");
        let server = socket(&ctx, SocketType::Rep);
        server.set(opt::PlainServer, true).unwrap();
        let server_mon = server.monitor(MonitorEvents::ALL).unwrap();
        let endpoint = bind_loopback(&server);
        let client = plain_client(&ctx, "admin", "secret");
        client.connect(&endpoint).unwrap();
        round_trip(&client, &server);
        drop(client);

        let t = Instant::now();
        auth.stop();
        let took = t.elapsed();
        eprintln!("Authenticator::stop took {took:?}");
        assert!(took < Duration::from_secs(1), "stop took {took:?}");

        // PLAIN without a ZAP handler: libzmq refuses the handshake (EFAULT, no detail).
        let client = plain_client(&ctx, "admin", "secret");
        client.connect(&endpoint).unwrap();
        nothing_gets_through(&client, &server);
        let events = wait_event(
            &server_mon,
            crate::common::IO_TIMEOUT,
            |e| matches!(e, MonitorEvent::HandshakeFailedNoDetail { errno, .. } if *errno == libc::EFAULT),
        );
        eprintln!("server monitor (PLAIN after stop): {events:?}");
        drop(client);

        // CURVE without a ZAP handler: libzmq falls back to accepting every client that knows
        // the server key (no ZMQ_ZAP_ENFORCE_DOMAIN without the draft API).
        let server_keys = keys();
        let curve = curve_server(&ctx, SocketType::Rep, &server_keys);
        let curve_endpoint = bind_loopback(&curve);
        let stranger = keys();
        let client = curve_client(&ctx, SocketType::Req, &server_keys.public, &stranger);
        client.connect(&curve_endpoint).unwrap();
        let msg = round_trip(&client, &curve);
        assert_eq!(msg.gets("User-Id"), None, "no ZAP reply, no user id");
        drop(client);

        // NULL with a ZAP domain without a ZAP handler: accepted without asking anyone.
        let null = null_server(&ctx);
        let null_endpoint = bind_loopback(&null);
        let client = socket(&ctx, SocketType::Req);
        client.connect(&null_endpoint).unwrap();
        assert_eq!(round_trip(&client, &null).gets("User-Id"), None);
        drop(client);

        // The endpoint was unbound synchronously: a new handler starts at once.
        let again = Authenticator::start(&ctx).unwrap();
        again.plain_add(None, "admin", "secret");
        let client = plain_client(&ctx, "admin", "secret");
        client.connect(&endpoint).unwrap();
        round_trip(&client, &server);
        drop(again);
    });
}

/// With the draft option `ZMQ_ZAP_ENFORCE_DOMAIN` and a ZAP domain, a CURVE server without a
/// ZAP handler refuses clients instead of falling back to "Stonehouse".
#[cfg(zmq_has_draft)]
#[test]
fn with_zap_enforce_domain_curve_is_refused_once_the_handler_is_stopped() {
    with_timeout(LIMIT, || {
        let ctx = Context::new().unwrap();
        let auth = Authenticator::start(&ctx).unwrap();
        let (server_keys, client_keys) = (keys(), keys());
        auth.curve_allow(&client_keys.public);
        let server = curve_server(&ctx, SocketType::Rep, &server_keys);
        server.set(opt::ZapDomain, "secure").unwrap();
        server.set(opt::ZapEnforceDomain, true).unwrap();
        let server_mon = server.monitor(MonitorEvents::ALL).unwrap();
        let endpoint = bind_loopback(&server);
        let client = curve_client(&ctx, SocketType::Req, &server_keys.public, &client_keys);
        client.connect(&endpoint).unwrap();
        round_trip(&client, &server);
        drop(client);

        auth.stop();
        let client = curve_client(&ctx, SocketType::Req, &server_keys.public, &client_keys);
        client.connect(&endpoint).unwrap();
        nothing_gets_through(&client, &server);
        let events = wait_event(
            &server_mon,
            crate::common::IO_TIMEOUT,
            |e| matches!(e, MonitorEvent::HandshakeFailedNoDetail { errno, .. } if *errno == libc::EFAULT),
        );
        eprintln!("server monitor (CURVE, enforced domain, after stop): {events:?}");
    });
}

#[test]
fn the_handler_thread_ends_when_the_context_is_shut_down() {
    with_timeout(LIMIT, || {
        let ctx = Context::new().unwrap();
        let auth = Authenticator::start(&ctx).unwrap();
        ctx.shutdown().unwrap();
        let deadline = Instant::now() + Duration::from_secs(2);
        while auth.is_running() {
            assert!(Instant::now() < deadline, "ZAP thread still running");
            std::thread::sleep(Duration::from_millis(5));
        }
        let t = Instant::now();
        drop(auth);
        assert!(t.elapsed() < Duration::from_secs(1));
        assert!(Authenticator::start(&ctx).is_err());
    });
}

#[test]
fn authenticator_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Authenticator>();
}

// ---------------------------------------------------------------------------------------------
// On the wire: a recording TCP relay between client and server

/// Forwards every TCP connection made to it to `target`, recording the bytes of both directions.
struct Relay {
    addr: SocketAddr,
    recorded: Arc<Mutex<Vec<u8>>>,
    streams: Arc<Mutex<Vec<TcpStream>>>,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl Relay {
    fn start(target: SocketAddr) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let recorded = Arc::new(Mutex::new(Vec::new()));
        let streams = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let acceptor = {
            let (recorded, streams, stop) = (recorded.clone(), streams.clone(), stop.clone());
            std::thread::spawn(move || {
                for client in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(client) = client else { continue };
                    let Ok(server) = TcpStream::connect(target) else {
                        continue;
                    };
                    let mut all = streams.lock().unwrap();
                    all.push(client.try_clone().unwrap());
                    all.push(server.try_clone().unwrap());
                    drop(all);
                    for (from, to) in [
                        (client.try_clone().unwrap(), server.try_clone().unwrap()),
                        (server, client),
                    ] {
                        let recorded = recorded.clone();
                        std::thread::spawn(move || pump(from, to, &recorded));
                    }
                }
            })
        };
        Relay {
            addr,
            recorded,
            streams,
            stop,
            acceptor: Some(acceptor),
        }
    }

    fn endpoint(&self) -> String {
        format!("tcp://{}", self.addr)
    }

    fn saw(&self, needle: &[u8]) -> bool {
        let bytes = self.recorded.lock().unwrap();
        bytes.windows(needle.len()).any(|w| w == needle)
    }

    fn bytes(&self) -> usize {
        self.recorded.lock().unwrap().len()
    }
}

fn pump(mut from: TcpStream, mut to: TcpStream, recorded: &Mutex<Vec<u8>>) {
    let mut buf = [0u8; 4096];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                recorded.lock().unwrap().extend_from_slice(&buf[..n]);
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = from.shutdown(Shutdown::Both);
    let _ = to.shutdown(Shutdown::Both);
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr); // wakes the acceptor
        if let Some(t) = self.acceptor.take() {
            let _ = t.join();
        }
        for s in self.streams.lock().unwrap().iter() {
            let _ = s.shutdown(Shutdown::Both);
        }
    }
}

fn tcp_addr(endpoint: &str) -> SocketAddr {
    endpoint.trim_start_matches("tcp://").parse().unwrap()
}

const SECRET: &[u8] = b"TOP-SECRET-PAYLOAD-1234";

/// Sends SECRET both ways through the relay; returns (whether the relay saw it, bytes relayed).
fn exchange_through_relay(ctx: &Context, server: &Socket, client: &Socket) -> (bool, usize) {
    let relay = Relay::start(tcp_addr(&bind_loopback(server)));
    client.connect(&relay.endpoint()).unwrap();
    client.send(SECRET).unwrap();
    assert_eq!(&server.recv_msg().unwrap()[..], SECRET);
    server.send(SECRET).unwrap();
    assert_eq!(&client.recv_msg().unwrap()[..], SECRET);
    let _ = ctx;
    (relay.saw(SECRET), relay.bytes())
}

#[test]
fn curve_payload_is_not_readable_on_the_wire_but_null_payload_is() {
    with_timeout(LIMIT, || {
        let ctx = Context::new().unwrap();
        let auth = Authenticator::start(&ctx).unwrap();
        let (server_keys, client_keys) = (keys(), keys());
        auth.curve_allow(&client_keys.public);

        // CURVE through the relay.
        let server = curve_server(&ctx, SocketType::Rep, &server_keys);
        let client = curve_client(&ctx, SocketType::Req, &server_keys.public, &client_keys);
        let (seen, bytes) = exchange_through_relay(&ctx, &server, &client);
        eprintln!("CURVE: relay carried {bytes} bytes, plaintext visible: {seen}");
        assert!(bytes > 0);
        assert!(!seen, "CURVE payload visible on the wire");

        // Control: NULL through the same kind of relay shows the payload.
        let server = socket(&ctx, SocketType::Rep);
        let client = socket(&ctx, SocketType::Req);
        let (seen, bytes) = exchange_through_relay(&ctx, &server, &client);
        eprintln!("NULL: relay carried {bytes} bytes, plaintext visible: {seen}");
        assert!(
            seen,
            "the relay did not see the NULL payload: the check proves nothing"
        );
    });
}
