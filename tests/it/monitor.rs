//! Socket monitors (`zmq_socket_monitor`): the typed events of a tcp connection's life, CURVE
//! handshake failures, stopping and replacing monitors, and the pure frame parser.

use std::time::{Duration, Instant};

use crate::common::*;
use zmq::{
    opt, Context, CurveKeyPair, Error, Monitor, MonitorEvent, MonitorEvents, PollEvents,
    ProtocolError, SocketType,
};

/// How long a test waits for one expected event.
const EVENT_WAIT: Duration = Duration::from_secs(5);

/// Receives events until one matches `want`, returning it; fails (listing what was seen) if none
/// does within [`EVENT_WAIT`].
fn wait_for(
    monitor: &Monitor<'_>,
    what: &str,
    want: impl Fn(&MonitorEvent) -> bool,
) -> MonitorEvent {
    let deadline = Instant::now() + EVENT_WAIT;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match monitor.recv(Some(left)).expect("monitor recv") {
            Some(event) if want(&event) => {
                println!("  got {event}");
                return event;
            }
            Some(event) => seen.push(event),
            None => panic!("no {what} within {EVENT_WAIT:?}; saw {seen:#?}"),
        }
    }
}

/// Every event queued now.
fn drain(monitor: &Monitor<'_>) -> Vec<MonitorEvent> {
    let mut events = Vec::new();
    while let Some(e) = monitor.try_recv().expect("monitor try_recv") {
        events.push(e);
    }
    events
}

/// A loopback tcp endpoint nobody listens on: a TCP socket bound to an ephemeral port but not
/// listening keeps the port reserved (so no parallel test's wildcard bind, and no outgoing
/// connection's source port, can take it) while connections to it are refused.
fn dead_tcp_endpoint() -> (std::os::fd::OwnedFd, String) {
    use std::os::fd::{FromRawFd, OwnedFd};
    // SAFETY: plain socket calls on a fresh descriptor that the OwnedFd then owns; the address
    // structures are initialised and their sizes passed.
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        assert!(fd >= 0, "socket: {}", std::io::Error::last_os_error());
        let owned = OwnedFd::from_raw_fd(fd);
        let mut addr: libc::sockaddr_in = std::mem::zeroed();
        addr.sin_family = libc::AF_INET as libc::sa_family_t;
        addr.sin_addr.s_addr = u32::from(std::net::Ipv4Addr::LOCALHOST).to_be();
        let len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
        let rc = libc::bind(fd, &addr as *const _ as *const libc::sockaddr, len);
        assert_eq!(rc, 0, "bind: {}", std::io::Error::last_os_error());
        let mut len = len;
        let rc = libc::getsockname(fd, &mut addr as *mut _ as *mut libc::sockaddr, &mut len);
        assert_eq!(rc, 0, "getsockname: {}", std::io::Error::last_os_error());
        let port = u16::from_be(addr.sin_port);
        (owned, format!("tcp://127.0.0.1:{port}"))
    }
}

#[test]
fn tcp_connection_life_is_reported_on_both_sides() {
    with_timeout(Duration::from_secs(30), || {
        let ctx = Context::new().unwrap();
        let server = socket(&ctx, SocketType::Rep);
        let server_mon = server.monitor(MonitorEvents::ALL).unwrap();
        assert!(server_mon.endpoint().starts_with("inproc://"));
        server.bind("tcp://127.0.0.1:*").unwrap();
        let endpoint = server.last_endpoint().unwrap();
        println!("server {endpoint}:");

        let listening = wait_for(&server_mon, "LISTENING", |e| {
            matches!(e, MonitorEvent::Listening { .. })
        });
        assert_eq!(listening.endpoint(), endpoint);
        assert_eq!(listening.code(), zmq::sys::ZMQ_EVENT_LISTENING as u64);
        assert_eq!(listening.name(), "ZMQ_EVENT_LISTENING");
        let MonitorEvent::Listening { fd, .. } = listening else {
            unreachable!()
        };
        assert!(fd >= 0);

        {
            let client = socket(&ctx, SocketType::Req);
            let client_mon = client.monitor(MonitorEvents::ALL).unwrap();
            client.connect(&endpoint).unwrap();
            println!("client:");
            let connected = wait_for(&client_mon, "CONNECTED", |e| {
                matches!(e, MonitorEvent::Connected { .. })
            });
            assert_eq!(connected.endpoint(), endpoint);
            wait_for(
                &client_mon,
                "client HANDSHAKE_SUCCEEDED",
                |e| matches!(e, MonitorEvent::HandshakeSucceeded { endpoint: ep } if *ep == endpoint),
            );

            println!("server:");
            let accepted = wait_for(&server_mon, "ACCEPTED", |e| {
                matches!(e, MonitorEvent::Accepted { .. })
            });
            assert_eq!(accepted.endpoint(), endpoint);
            wait_for(&server_mon, "server HANDSHAKE_SUCCEEDED", |e| {
                matches!(e, MonitorEvent::HandshakeSucceeded { .. })
            });

            // The connection carries messages.
            client.send("ping").unwrap();
            assert_eq!(server.recv_string().unwrap(), "ping");
            server.send("pong").unwrap();
            assert_eq!(client.recv_string().unwrap(), "pong");
            // The client (and its monitor) are closed here.
        }

        let disconnected = wait_for(&server_mon, "DISCONNECTED", |e| {
            matches!(e, MonitorEvent::Disconnected { .. })
        });
        assert_eq!(disconnected.endpoint(), endpoint);

        server.unbind(&endpoint).unwrap();
        wait_for(
            &server_mon,
            "CLOSED",
            |e| matches!(e, MonitorEvent::Closed { endpoint: ep, .. } if *ep == endpoint),
        );

        server_mon.stop().unwrap();
        wait_for(&server_mon, "MONITOR_STOPPED", |e| {
            *e == MonitorEvent::MonitorStopped
        });
        assert_eq!(server_mon.try_recv().unwrap(), None);
        // Stopping twice (and the drop after it) does nothing.
        server_mon.stop().unwrap();
    });
}

#[test]
fn connect_to_a_port_nobody_listens_on_is_delayed_and_retried() {
    with_timeout(Duration::from_secs(30), || {
        let ctx = Context::new().unwrap();
        let (_reserved, endpoint) = dead_tcp_endpoint();
        let client = socket(&ctx, SocketType::Dealer);
        client
            .set(opt::ReconnectIvl, Some(Duration::from_millis(50)))
            .unwrap();
        let monitor = client.monitor(MonitorEvents::ALL).unwrap();
        client.connect(&endpoint).unwrap();
        println!("client -> {endpoint} (nobody listens):");
        wait_for(
            &monitor,
            "CONNECT_DELAYED",
            |e| matches!(e, MonitorEvent::ConnectDelayed { endpoint: ep } if *ep == endpoint),
        );
        let retried = wait_for(&monitor, "CONNECT_RETRIED", |e| {
            matches!(e, MonitorEvent::ConnectRetried { .. })
        });
        let MonitorEvent::ConnectRetried {
            endpoint: ep,
            interval,
        } = retried
        else {
            unreachable!()
        };
        assert_eq!(ep, endpoint);
        assert!(
            interval >= Duration::from_millis(50) && interval < Duration::from_secs(5),
            "{interval:?}"
        );
    });
}

#[test]
fn only_the_requested_events_are_reported() {
    with_timeout(Duration::from_secs(30), || {
        let ctx = Context::new().unwrap();
        let server = socket(&ctx, SocketType::Pull);
        let monitor = server
            .monitor(MonitorEvents::ACCEPTED | MonitorEvents::MONITOR_STOPPED)
            .unwrap();
        server.bind("tcp://127.0.0.1:*").unwrap();
        let client = socket(&ctx, SocketType::Push);
        client.connect(&server.last_endpoint().unwrap()).unwrap();
        let first = monitor.recv(Some(EVENT_WAIT)).unwrap();
        assert!(
            matches!(first, Some(MonitorEvent::Accepted { .. })),
            "{first:?}"
        );
        monitor.stop().unwrap();
        // LISTENING and HANDSHAKE_SUCCEEDED were not asked for.
        assert_eq!(drain(&monitor), [MonitorEvent::MonitorStopped]);
    });
}

#[test]
fn the_iterator_ends_after_monitor_stopped() {
    with_timeout(Duration::from_secs(30), || {
        let ctx = Context::new().unwrap();
        let server = socket(&ctx, SocketType::Pull);
        let monitor = server.monitor(MonitorEvents::ALL).unwrap();
        server.bind("tcp://127.0.0.1:*").unwrap();
        let endpoint = server.last_endpoint().unwrap();
        server.unbind(&endpoint).unwrap();
        // Wait for the CLOSED from the I/O thread before stopping.
        wait_for(&monitor, "CLOSED", |e| {
            matches!(e, MonitorEvent::Closed { .. })
        });
        monitor.stop().unwrap();
        let rest: Vec<MonitorEvent> = monitor.iter().map(Result::unwrap).collect();
        assert_eq!(rest, [MonitorEvent::MonitorStopped]);
        // A stopped monitor never waits: new iterators (`for event in &monitor`) end at once.
        assert_eq!((&monitor).into_iter().count(), 0);
        assert_eq!(monitor.recv(None).unwrap(), None);
    });
}

#[test]
fn a_new_monitor_replaces_the_old_one_which_does_not_stop_it_when_dropped() {
    with_timeout(Duration::from_secs(30), || {
        let ctx = Context::new().unwrap();
        let server = socket(&ctx, SocketType::Pull);
        let first = server.monitor(MonitorEvents::ALL).unwrap();
        let second = server.monitor(MonitorEvents::ALL).unwrap();
        assert_ne!(first.endpoint(), second.endpoint());
        // libzmq stopped the first monitor when the second started.
        assert_eq!(
            first.recv(Some(EVENT_WAIT)).unwrap(),
            Some(MonitorEvent::MonitorStopped)
        );
        drop(first);
        // The second still reports.
        server.bind("tcp://127.0.0.1:*").unwrap();
        wait_for(&second, "LISTENING", |e| {
            matches!(e, MonitorEvent::Listening { .. })
        });
        // The raw API replaces it too, and stop_monitor stops that one. (Its reader connects
        // first and stays until the monitor is stopped: libzmq blocks sending to no reader.)
        let raw_reader = socket(&ctx, SocketType::Pair);
        raw_reader.connect("inproc://monitor-raw").unwrap();
        server
            .monitor_to("inproc://monitor-raw", MonitorEvents::ALL)
            .unwrap();
        assert_eq!(
            second.recv(Some(EVENT_WAIT)).unwrap(),
            Some(MonitorEvent::MonitorStopped)
        );
        drop(second);
        server.stop_monitor().unwrap();
        let frames = raw_reader.recv_multipart().unwrap();
        let frames: Vec<&[u8]> = frames.iter().map(|m| &m[..]).collect();
        assert_eq!(
            MonitorEvent::parse(&frames).unwrap(),
            MonitorEvent::MonitorStopped
        );
        // Stopping an unmonitored socket is fine.
        server.stop_monitor().unwrap();
    });
}

#[test]
fn raw_monitor_read_on_another_thread() {
    with_timeout(Duration::from_secs(30), || {
        let ctx = Context::new().unwrap();
        let server = socket(&ctx, SocketType::Pull);
        let reader = socket(&ctx, SocketType::Pair);
        reader.connect("inproc://monitor-elsewhere").unwrap();
        server
            .monitor_to("inproc://monitor-elsewhere", MonitorEvents::ALL)
            .unwrap();
        let handle = std::thread::spawn(move || -> Vec<MonitorEvent> {
            let mut events = Vec::new();
            loop {
                let frames = reader.recv_multipart().unwrap();
                let frames: Vec<&[u8]> = frames.iter().map(|m| &m[..]).collect();
                let event = MonitorEvent::parse(&frames).unwrap();
                let stop = event == MonitorEvent::MonitorStopped;
                events.push(event);
                if stop {
                    return events;
                }
            }
        });
        server.bind("tcp://127.0.0.1:*").unwrap();
        std::thread::sleep(Duration::from_millis(100));
        server.stop_monitor().unwrap();
        let events = handle.join().unwrap();
        assert!(
            matches!(events[0], MonitorEvent::Listening { .. }),
            "{events:?}"
        );
        assert_eq!(events.last(), Some(&MonitorEvent::MonitorStopped));
    });
}

#[test]
fn monitor_polls_together_with_other_sockets() {
    with_timeout(Duration::from_secs(30), || {
        let ctx = Context::new().unwrap();
        let server = socket(&ctx, SocketType::Pull);
        let monitor = server.monitor(MonitorEvents::LISTENING).unwrap();
        let mut items = [
            server.as_poll_item(PollEvents::POLLIN),
            monitor.as_poll_item(),
        ];
        assert_eq!(zmq::poll(&mut items, Some(Duration::ZERO)).unwrap(), 0);
        server.bind("tcp://127.0.0.1:*").unwrap();
        assert_eq!(zmq::poll(&mut items, Some(EVENT_WAIT)).unwrap(), 1);
        assert!(!items[0].is_readable());
        assert!(items[1].is_readable());
        assert!(matches!(
            monitor.try_recv().unwrap(),
            Some(MonitorEvent::Listening { .. })
        ));
        assert_eq!(monitor.recv(Some(Duration::from_millis(20))).unwrap(), None);
    });
}

/// Unread events queue without limit: libzmq's I/O thread is never blocked by a full monitor.
#[test]
fn thousands_of_unread_events_do_not_block_the_socket() {
    with_timeout(Duration::from_secs(60), || {
        let ctx = Context::new().unwrap();
        let server = socket(&ctx, SocketType::Pull);
        let monitor = server.monitor(MonitorEvents::ALL).unwrap();
        // Each bind/unbind raises LISTENING and CLOSED: 3000 events, more than the 2000
        // messages a default-HWM inproc pipe holds.
        for _ in 0..1500 {
            server.bind("tcp://127.0.0.1:*").unwrap();
            server.unbind(&server.last_endpoint().unwrap()).unwrap();
        }
        // The socket (and its I/O thread) still work.
        server.bind("tcp://127.0.0.1:*").unwrap();
        let client = socket(&ctx, SocketType::Push);
        client.connect(&server.last_endpoint().unwrap()).unwrap();
        client.send("still alive").unwrap();
        assert_eq!(server.recv_string().unwrap(), "still alive");
        monitor.stop().unwrap();
        let events: Vec<MonitorEvent> = monitor.iter().map(Result::unwrap).collect();
        let listening = events
            .iter()
            .filter(|e| matches!(e, MonitorEvent::Listening { .. }))
            .count();
        assert_eq!(listening, 1501);
        assert_eq!(events.last(), Some(&MonitorEvent::MonitorStopped));
    });
}

#[test]
fn dropping_a_monitor_with_unread_events_and_after_shutdown_neither_hangs_nor_panics() {
    with_timeout(Duration::from_secs(30), || {
        let ctx = Context::new().unwrap();
        let server = socket(&ctx, SocketType::Pull);
        {
            let _monitor = server.monitor(MonitorEvents::ALL).unwrap();
            server.bind("tcp://127.0.0.1:*").unwrap();
        }
        // Events after the monitor is gone go nowhere (monitoring stopped).
        let endpoint = server.last_endpoint().unwrap();
        server.unbind(&endpoint).unwrap();
        server.bind("tcp://127.0.0.1:*").unwrap();

        let monitor = server.monitor(MonitorEvents::ALL).unwrap();
        ctx.shutdown().unwrap();
        assert_eq!(
            monitor.recv(Some(EVENT_WAIT)),
            Err(Error::ContextTerminated)
        );
        drop(monitor);
        // A terminated context refuses new monitors.
        assert!(server.monitor(MonitorEvents::ALL).is_err());
    });
}

#[test]
fn invalid_monitor_requests_are_refused() {
    let ctx = Context::new().unwrap();
    let s = ctx.socket(SocketType::Pull).unwrap();
    // Version 1 carries 16-bit events only.
    match s.monitor(MonitorEvents::from_bits_retain(1 << 16)) {
        Err(Error::InvalidInput { .. }) => {}
        other => panic!("{other:?}"),
    }
    // libzmq publishes events on inproc only.
    let err = s
        .monitor_to("tcp://127.0.0.1:*", MonitorEvents::ALL)
        .unwrap_err();
    assert_eq!(err.errno(), libc::EPROTONOSUPPORT);
    assert!(matches!(
        s.monitor_to("inproc://a\0b", MonitorEvents::ALL),
        Err(Error::InvalidEndpoint { .. })
    ));
}

/// A CURVE client that uses the wrong server public key: the server cannot open its HELLO box
/// and reports `HANDSHAKE_FAILED_PROTOCOL` with `ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC`.
#[test]
fn curve_handshake_with_the_wrong_server_key_fails_with_its_reason() {
    if !zmq::has("curve") {
        return crate::common::skip::skip(
            "needs CURVE, which this build of libzmq lacks (feature `curve` off)",
        );
    }
    with_timeout(Duration::from_secs(30), || {
        let ctx = Context::new().unwrap();
        let server_keys = CurveKeyPair::generate().unwrap();
        let wrong_keys = CurveKeyPair::generate().unwrap();
        let client_keys = CurveKeyPair::generate().unwrap();

        let server = socket(&ctx, SocketType::Rep);
        server.set(opt::CurveServer, true).unwrap();
        server
            .set(opt::CurveSecretKey, &server_keys.secret)
            .unwrap();
        let server_mon = server.monitor(MonitorEvents::ALL).unwrap();
        server.bind("tcp://127.0.0.1:*").unwrap();
        let endpoint = server.last_endpoint().unwrap();

        let client = socket(&ctx, SocketType::Req);
        client.set(opt::CurveServerKey, &wrong_keys.public).unwrap();
        client
            .set(opt::CurvePublicKey, &client_keys.public)
            .unwrap();
        client
            .set(opt::CurveSecretKey, &client_keys.secret)
            .unwrap();
        // One attempt is enough.
        client.set(opt::ReconnectIvl, None).unwrap();
        client.connect(&endpoint).unwrap();

        println!("CURVE server {endpoint}, client with the wrong server key:");
        let failed = wait_for(&server_mon, "a handshake failure", |e| {
            matches!(
                e,
                MonitorEvent::HandshakeFailedProtocol { .. }
                    | MonitorEvent::HandshakeFailedNoDetail { .. }
                    | MonitorEvent::HandshakeFailedAuth { .. }
            )
        });
        println!("server reports: {failed:?}");
        assert_eq!(
            failed,
            MonitorEvent::HandshakeFailedProtocol {
                endpoint: endpoint.clone(),
                error: ProtocolError::ZmtpCryptographic,
            }
        );
        // The same client with the right key gets through.
        let good = socket(&ctx, SocketType::Req);
        good.set(opt::CurveServerKey, &server_keys.public).unwrap();
        good.set(opt::CurvePublicKey, &client_keys.public).unwrap();
        good.set(opt::CurveSecretKey, &client_keys.secret).unwrap();
        good.connect(&endpoint).unwrap();
        wait_for(&server_mon, "HANDSHAKE_SUCCEEDED", |e| {
            matches!(e, MonitorEvent::HandshakeSucceeded { .. })
        });
        good.send("hello").unwrap();
        assert_eq!(server.recv_string().unwrap(), "hello");
    });
}

// ---------------------------------------------------------------------------------------------
// The pure parser

fn v1_frames(event: u16, value: u32) -> Vec<u8> {
    let mut head = event.to_ne_bytes().to_vec();
    head.extend_from_slice(&value.to_ne_bytes());
    head
}

fn parse_v1(event: u16, value: u32, endpoint: &str) -> zmq::Result<MonitorEvent> {
    MonitorEvent::parse(&[&v1_frames(event, value), endpoint.as_bytes()])
}

#[test]
fn every_zmq_event_maps_to_its_variant_and_back() {
    use zmq::sys::*;
    let ep = "tcp://127.0.0.1:5555";
    let s = || ep.to_owned();
    let table: Vec<(i32, &str, u32, MonitorEvent)> = vec![
        (
            ZMQ_EVENT_CONNECTED,
            "ZMQ_EVENT_CONNECTED",
            7,
            MonitorEvent::Connected {
                endpoint: s(),
                fd: 7,
            },
        ),
        (
            ZMQ_EVENT_CONNECT_DELAYED,
            "ZMQ_EVENT_CONNECT_DELAYED",
            115,
            MonitorEvent::ConnectDelayed { endpoint: s() },
        ),
        (
            ZMQ_EVENT_CONNECT_RETRIED,
            "ZMQ_EVENT_CONNECT_RETRIED",
            250,
            MonitorEvent::ConnectRetried {
                endpoint: s(),
                interval: Duration::from_millis(250),
            },
        ),
        (
            ZMQ_EVENT_LISTENING,
            "ZMQ_EVENT_LISTENING",
            9,
            MonitorEvent::Listening {
                endpoint: s(),
                fd: 9,
            },
        ),
        (
            ZMQ_EVENT_BIND_FAILED,
            "ZMQ_EVENT_BIND_FAILED",
            98,
            MonitorEvent::BindFailed {
                endpoint: s(),
                errno: 98,
            },
        ),
        (
            ZMQ_EVENT_ACCEPTED,
            "ZMQ_EVENT_ACCEPTED",
            10,
            MonitorEvent::Accepted {
                endpoint: s(),
                fd: 10,
            },
        ),
        (
            ZMQ_EVENT_ACCEPT_FAILED,
            "ZMQ_EVENT_ACCEPT_FAILED",
            24,
            MonitorEvent::AcceptFailed {
                endpoint: s(),
                errno: 24,
            },
        ),
        (
            ZMQ_EVENT_CLOSED,
            "ZMQ_EVENT_CLOSED",
            9,
            MonitorEvent::Closed {
                endpoint: s(),
                fd: 9,
            },
        ),
        (
            ZMQ_EVENT_CLOSE_FAILED,
            "ZMQ_EVENT_CLOSE_FAILED",
            9,
            MonitorEvent::CloseFailed {
                endpoint: s(),
                errno: 9,
            },
        ),
        (
            ZMQ_EVENT_DISCONNECTED,
            "ZMQ_EVENT_DISCONNECTED",
            10,
            MonitorEvent::Disconnected {
                endpoint: s(),
                fd: 10,
            },
        ),
        (
            ZMQ_EVENT_MONITOR_STOPPED,
            "ZMQ_EVENT_MONITOR_STOPPED",
            0,
            MonitorEvent::MonitorStopped,
        ),
        (
            ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL,
            "ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL",
            104,
            MonitorEvent::HandshakeFailedNoDetail {
                endpoint: s(),
                errno: 104,
            },
        ),
        (
            ZMQ_EVENT_HANDSHAKE_SUCCEEDED,
            "ZMQ_EVENT_HANDSHAKE_SUCCEEDED",
            0,
            MonitorEvent::HandshakeSucceeded { endpoint: s() },
        ),
        (
            ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
            "ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL",
            ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC as u32,
            MonitorEvent::HandshakeFailedProtocol {
                endpoint: s(),
                error: ProtocolError::ZmtpCryptographic,
            },
        ),
        (
            ZMQ_EVENT_HANDSHAKE_FAILED_AUTH,
            "ZMQ_EVENT_HANDSHAKE_FAILED_AUTH",
            400,
            MonitorEvent::HandshakeFailedAuth {
                endpoint: s(),
                status_code: 400,
            },
        ),
    ];
    let mut all = 0;
    for (code, name, value, expected) in &table {
        let endpoint = if *expected == MonitorEvent::MonitorStopped {
            ""
        } else {
            ep
        };
        let event = parse_v1(*code as u16, *value, endpoint).unwrap();
        assert_eq!(&event, expected, "{name}");
        assert_eq!(event.code(), *code as u64, "{name}");
        assert_eq!(event.name(), *name);
        assert_eq!(event.endpoint(), endpoint);
        assert!(MonitorEvents::ALL.contains(MonitorEvents::from_bits_retain(*code as u64)));
        assert!(!event.to_string().is_empty());
        all |= *code;
    }
    // The table covers every event of ZMQ_EVENT_ALL that libzmq 4.3.5 defines.
    assert_eq!(all, 0x7fff);
    assert_eq!(MonitorEvents::ALL.bits(), ZMQ_EVENT_ALL as u64);
    // Errno-carrying events give the Error.
    assert_eq!(
        parse_v1(ZMQ_EVENT_BIND_FAILED as u16, libc::EADDRINUSE as u32, ep)
            .unwrap()
            .error(),
        Some(Error::from_errno(libc::EADDRINUSE))
    );
    // An fd of -1 survives the u32 narrowing.
    assert_eq!(
        parse_v1(ZMQ_EVENT_CLOSED as u16, u32::MAX, ep).unwrap(),
        MonitorEvent::Closed {
            endpoint: s(),
            fd: -1
        }
    );
    assert_eq!(
        format!("{:?}", MonitorEvents::CONNECTED | MonitorEvents::CLOSED),
        "MonitorEvents(CONNECTED | CLOSED)"
    );
}

#[test]
fn every_protocol_error_maps_to_its_code_and_back() {
    use zmq::sys::*;
    let codes = [
        ZMQ_PROTOCOL_ERROR_ZMTP_UNSPECIFIED,
        ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
        ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE,
        ZMQ_PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE,
        ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED,
        ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE,
        ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO,
        ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE,
        ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR,
        ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY,
        ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME,
        ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_METADATA,
        ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC,
        ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH,
        ZMQ_PROTOCOL_ERROR_ZAP_UNSPECIFIED,
        ZMQ_PROTOCOL_ERROR_ZAP_MALFORMED_REPLY,
        ZMQ_PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID,
        ZMQ_PROTOCOL_ERROR_ZAP_BAD_VERSION,
        ZMQ_PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE,
        ZMQ_PROTOCOL_ERROR_ZAP_INVALID_METADATA,
        ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED,
    ];
    assert_eq!(ProtocolError::ALL.len(), codes.len());
    for (code, err) in codes.iter().zip(ProtocolError::ALL) {
        let code = *code as u32;
        assert_eq!(ProtocolError::from_code(code), *err);
        assert_eq!(err.code(), code);
        assert!(err.name().starts_with("ZMQ_PROTOCOL_ERROR_"), "{err:?}");
        assert_eq!(err.to_string(), err.name());
    }
    assert_eq!(
        ProtocolError::ZmtpCryptographic.name(),
        "ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC"
    );
    assert_eq!(
        ProtocolError::from_code(0x1234),
        ProtocolError::Other(0x1234)
    );
    assert_eq!(ProtocolError::Other(0x1234).code(), 0x1234);
    assert_eq!(
        parse_v1(
            zmq::sys::ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL as u16,
            0x1234,
            "x"
        )
        .unwrap(),
        MonitorEvent::HandshakeFailedProtocol {
            endpoint: "x".into(),
            error: ProtocolError::Other(0x1234)
        }
    );
}

#[test]
fn malformed_v1_frames_are_errors_and_unknown_events_are_kept() {
    let head = v1_frames(zmq::sys::ZMQ_EVENT_CONNECTED as u16, 3);
    let cases: Vec<(&str, Vec<&[u8]>)> = vec![
        ("no frame", vec![]),
        ("one frame", vec![&head]),
        ("three frames", vec![&head, b"tcp://x", b"extra"]),
        ("empty first frame", vec![b"", b"tcp://x"]),
        ("short first frame", vec![&head[..5], b"tcp://x"]),
        ("long first frame", vec![b"1234567", b"tcp://x"]),
        ("non-UTF-8 endpoint", vec![&head, b"tcp://\xff\xfe"]),
    ];
    for (what, frames) in cases {
        match MonitorEvent::parse(&frames) {
            Err(Error::InvalidInput { what: w, reason }) => {
                assert_eq!(w, "monitor event");
                println!("{what}: {reason}");
            }
            other => panic!("{what}: {other:?}"),
        }
    }
    // Unknown codes (and combinations of bits) are kept, not refused.
    for code in [0u16, 0x8000, 0x0003, 0xffff] {
        assert_eq!(
            parse_v1(code, 42, "ipc:///x").unwrap(),
            MonitorEvent::Unknown {
                event: u64::from(code),
                value: 42,
                endpoint: "ipc:///x".into()
            }
        );
    }
    assert_eq!(parse_v1(0x8000, 1, "").unwrap().name(), "unknown");
    // Every 6-byte head with every small endpoint: never a panic.
    let mut bytes = [0u8; 6];
    for i in 0..=u16::MAX {
        bytes[..2].copy_from_slice(&i.to_ne_bytes());
        bytes[2..].copy_from_slice(&u32::from(i).wrapping_mul(2_654_435_761).to_ne_bytes());
        let _ = MonitorEvent::parse(&[&bytes, &bytes[..usize::from(i % 7)]]);
    }
}

fn v2_frames(event: u64, values: &[u64], local: &str, remote: &str) -> Vec<Vec<u8>> {
    let mut frames = vec![
        event.to_ne_bytes().to_vec(),
        (values.len() as u64).to_ne_bytes().to_vec(),
    ];
    frames.extend(values.iter().map(|v| v.to_ne_bytes().to_vec()));
    frames.push(local.as_bytes().to_vec());
    frames.push(remote.as_bytes().to_vec());
    frames
}

fn parse_v2(frames: &[Vec<u8>]) -> zmq::Result<zmq::MonitorEventV2> {
    let frames: Vec<&[u8]> = frames.iter().map(Vec::as_slice).collect();
    MonitorEvent::parse_v2(&frames)
}

#[test]
fn v2_frames_parse_with_both_endpoints_and_malformed_ones_are_errors() {
    use zmq::sys::*;
    let local = "tcp://127.0.0.1:5555";
    let remote = "tcp://127.0.0.1:40000";
    let accepted = parse_v2(&v2_frames(ZMQ_EVENT_ACCEPTED as u64, &[12], local, remote)).unwrap();
    assert_eq!(
        accepted.event,
        MonitorEvent::Accepted {
            endpoint: local.into(),
            fd: 12
        }
    );
    assert_eq!(
        (accepted.local.as_str(), accepted.remote.as_str()),
        (local, remote)
    );
    let connected = parse_v2(&v2_frames(ZMQ_EVENT_CONNECTED as u64, &[13], remote, local)).unwrap();
    assert_eq!(
        connected.event,
        MonitorEvent::Connected {
            endpoint: local.into(),
            fd: 13
        }
    );
    // An fd of -1 widened to u64 by libzmq.
    let closed = parse_v2(&v2_frames(ZMQ_EVENT_CLOSED as u64, &[u64::MAX], local, "")).unwrap();
    assert_eq!(
        closed.event,
        MonitorEvent::Closed {
            endpoint: local.into(),
            fd: -1
        }
    );
    let stats = parse_v2(&v2_frames(0x1_0000, &[3, 4], local, remote)).unwrap();
    assert_eq!(
        stats.event,
        MonitorEvent::PipesStats {
            endpoint: remote.into(),
            outbound: 3,
            inbound: 4
        }
    );
    assert_eq!(stats.event.name(), "ZMQ_EVENT_PIPES_STATS");
    let unknown = parse_v2(&v2_frames(1 << 40, &[], "", "")).unwrap();
    assert_eq!(
        unknown.event,
        MonitorEvent::Unknown {
            event: 1 << 40,
            value: 0,
            endpoint: String::new()
        }
    );

    let good = v2_frames(ZMQ_EVENT_CONNECTED as u64, &[13], local, remote);
    let mut wrong_count = good.clone();
    wrong_count[1] = 5u64.to_ne_bytes().to_vec();
    let mut huge_count = good.clone();
    huge_count[1] = u64::MAX.to_ne_bytes().to_vec();
    let mut short_event = good.clone();
    short_event[0].pop();
    let mut short_value = good.clone();
    short_value[2].pop();
    let mut bad_utf8 = good.clone();
    bad_utf8[4] = vec![0xc3, 0x28];
    let cases = [
        ("no frames", vec![]),
        ("three frames", good[..3].to_vec()),
        ("wrong count", wrong_count),
        ("huge count", huge_count),
        ("short event", short_event),
        ("short value", short_value),
        ("non-UTF-8 remote", bad_utf8),
        (
            "known event without its value",
            v2_frames(ZMQ_EVENT_CONNECTED as u64, &[], local, remote),
        ),
    ];
    for (what, frames) in cases {
        match parse_v2(&frames) {
            Err(Error::InvalidInput { reason, .. }) => println!("{what}: {reason}"),
            other => panic!("{what}: {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Version 2 (draft)

#[cfg(feature = "draft")]
#[test]
fn v2_monitor_reports_both_endpoints_of_a_tcp_connection() {
    use zmq::MonitorVersion;
    with_timeout(Duration::from_secs(30), || {
        let ctx = Context::new().unwrap();
        let server = socket(&ctx, SocketType::Pull);
        let server_mon = server
            .monitor_versioned(MonitorEvents::ALL_V2, MonitorVersion::V2)
            .unwrap();
        assert_eq!(server_mon.version(), MonitorVersion::V2);
        server.bind("tcp://127.0.0.1:*").unwrap();
        let endpoint = server.last_endpoint().unwrap();

        let client = socket(&ctx, SocketType::Push);
        let client_mon = client
            .monitor_versioned(MonitorEvents::ALL_V2, MonitorVersion::V2)
            .unwrap();
        client.connect(&endpoint).unwrap();

        let wait_v2 = |mon: &Monitor<'_>, what: &str, want: &dyn Fn(&MonitorEvent) -> bool| {
            let deadline = Instant::now() + EVENT_WAIT;
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                match mon.recv_v2(Some(left)).unwrap() {
                    Some(e) if want(&e.event) => {
                        println!(
                            "  got {} local={:?} remote={:?}",
                            e.event, e.local, e.remote
                        );
                        return e;
                    }
                    Some(_) => {}
                    None => panic!("no {what}"),
                }
            }
        };

        let listening = wait_v2(&server_mon, "LISTENING", &|e| {
            matches!(e, MonitorEvent::Listening { .. })
        });
        assert_eq!(listening.local, endpoint);
        assert_eq!(listening.remote, "");
        assert_eq!(listening.event.endpoint(), endpoint);

        let connected = wait_v2(&client_mon, "CONNECTED", &|e| {
            matches!(e, MonitorEvent::Connected { .. })
        });
        assert_eq!(connected.remote, endpoint);
        assert!(
            connected.local.starts_with("tcp://127.0.0.1:"),
            "{connected:?}"
        );

        let accepted = wait_v2(&server_mon, "ACCEPTED", &|e| {
            matches!(e, MonitorEvent::Accepted { .. })
        });
        assert_eq!(accepted.local, endpoint);
        // The server sees the client's address: the client's local endpoint.
        assert_eq!(accepted.remote, connected.local);
        assert_eq!(accepted.event.endpoint(), endpoint);

        let handshake = wait_v2(&server_mon, "HANDSHAKE_SUCCEEDED", &|e| {
            matches!(e, MonitorEvent::HandshakeSucceeded { .. })
        });
        assert_eq!(handshake.remote, connected.local);

        // Queue statistics on request (ZMQ_EVENT_PIPES_STATS).
        client.send("one").unwrap();
        assert_eq!(server.recv_string().unwrap(), "one");
        server.monitor_pipes_stats().unwrap();
        // The statistics come back as a command to the server socket: it publishes them when
        // it next processes commands (any call on it, here ZMQ_EVENTS).
        let deadline = Instant::now() + EVENT_WAIT;
        let stats = loop {
            let _ = server.get(opt::Events).unwrap();
            match server_mon.recv_v2(Some(Duration::from_millis(10))).unwrap() {
                Some(e) if matches!(e.event, MonitorEvent::PipesStats { .. }) => break e,
                _ => assert!(Instant::now() < deadline, "no PIPES_STATS"),
            }
        };
        println!(
            "  got {} local={:?} remote={:?}",
            stats.event, stats.local, stats.remote
        );
        // A PULL sends nothing; libzmq learns what the reader consumed in batches, so the one
        // message already read may still count as queued.
        assert!(
            matches!(
                stats.event,
                MonitorEvent::PipesStats {
                    outbound: 0,
                    inbound: 0 | 1,
                    ..
                }
            ),
            "{stats:?}"
        );
        assert_eq!(stats.local, endpoint);
        assert_eq!(stats.remote, connected.local);

        // recv (without the v2 details) works on a v2 monitor too; recv_v2 needs one.
        drop(client_mon);
        drop(client);
        let event = server_mon.recv(Some(EVENT_WAIT)).unwrap();
        assert!(
            matches!(event, Some(MonitorEvent::Disconnected { .. })),
            "{event:?}"
        );
        let v1 = server.monitor(MonitorEvents::ALL).unwrap();
        assert!(matches!(
            v1.recv_v2(Some(Duration::ZERO)),
            Err(Error::InvalidInput { .. })
        ));
    });
}
