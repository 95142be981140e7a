//! Sockets over inproc, ipc and tcp: endpoints, send/recv variants, errors that give messages back.

use std::time::Duration;

use crate::common::*;
use zmq::{opt, Context, Error, Flags, Message, Multipart, SocketType};

#[test]
fn req_rep_over_every_transport() {
    with_timeout(Duration::from_secs(20), || {
        let dir = TempDir::new("reqrep");
        let ctx = Context::new().unwrap();
        for endpoint in endpoints(&dir, "reqrep") {
            let rep = socket(&ctx, SocketType::Rep);
            let req = socket(&ctx, SocketType::Req);
            rep.bind(&endpoint).unwrap();
            let bound = rep.last_endpoint().unwrap();
            if endpoint.starts_with("tcp://") {
                assert!(
                    bound.starts_with("tcp://127.0.0.1:") && !bound.ends_with(":*"),
                    "{bound}"
                );
            } else {
                assert_eq!(bound, endpoint);
            }
            req.connect(&bound).unwrap();
            assert_eq!(req.last_endpoint().unwrap(), bound);
            for i in 0..100 {
                req.send(format!("request {i}")).unwrap();
                assert_eq!(rep.recv_string().unwrap(), format!("request {i}"));
                rep.send(&b"reply"[..]).unwrap();
                assert_eq!(req.recv_bytes().unwrap(), b"reply");
            }
            req.disconnect(&bound).unwrap();
            rep.unbind(&bound).unwrap();
            assert_eq!(rep.socket_type().unwrap(), SocketType::Rep);
        }
    });
}

#[test]
fn req_in_the_wrong_state_gives_efsm_and_the_message_back() {
    let ctx = Context::new().unwrap();
    let rep = socket(&ctx, SocketType::Rep);
    let req = socket(&ctx, SocketType::Req);
    rep.bind("inproc://efsm").unwrap();
    req.connect("inproc://efsm").unwrap();
    req.send("first").unwrap();
    let err = req.send(vec![7u8; 100]).unwrap_err();
    assert_eq!(err.error, Error::InvalidState);
    assert_eq!(err.error.errno(), zmq::sys::EFSM);
    assert_eq!(&err.msg[..], &[7u8; 100][..], "message returned intact");
    // REP cannot send before it received.
    let rep2 = socket(&ctx, SocketType::Rep);
    let err = rep2.send("no").unwrap_err();
    assert_eq!(err.error, Error::InvalidState);
    assert_eq!(err.msg.as_str(), Some("no"));
    // And REQ cannot receive before it sent.
    let req2 = socket(&ctx, SocketType::Req);
    assert_eq!(req2.recv_msg().unwrap_err(), Error::InvalidState);
}

#[test]
fn full_hwm_with_dontwait_gives_eagain_and_the_message_back() {
    let ctx = Context::new().unwrap();
    let push = socket(&ctx, SocketType::Push);
    let pull = socket(&ctx, SocketType::Pull);
    push.set(opt::SndHwm, 10).unwrap();
    pull.set(opt::RcvHwm, 10).unwrap();
    pull.bind("inproc://hwm").unwrap();
    push.connect("inproc://hwm").unwrap();
    let mut accepted = 0;
    let refused = loop {
        match push.send_with(format!("m{accepted}"), Flags::DONTWAIT) {
            Ok(()) => accepted += 1,
            Err(e) => break e,
        }
        assert!(accepted < 1000, "HWM never reached");
    };
    assert_eq!(refused.error, Error::WouldBlock);
    assert!(refused.error.is_would_block());
    assert_eq!(refused.msg.as_str(), Some(format!("m{accepted}").as_str()));
    // Nothing accepted was lost: all arrive, in order, then the refused one can be retried.
    for i in 0..accepted {
        assert_eq!(pull.recv_string().unwrap(), format!("m{i}"));
    }
    push.send(refused.msg).unwrap();
    assert_eq!(pull.recv_string().unwrap(), format!("m{accepted}"));
    assert!(accepted >= 10, "accepted {accepted}");
}

#[test]
fn receive_timeout_and_dontwait_are_would_block() {
    let ctx = Context::new().unwrap();
    let pull = ctx.socket(SocketType::Pull).unwrap();
    pull.bind("inproc://nothing").unwrap();
    assert_eq!(
        pull.recv_msg_with(Flags::DONTWAIT).unwrap_err(),
        Error::WouldBlock
    );
    pull.set_rcvtimeo(Some(Duration::from_millis(50))).unwrap();
    let start = std::time::Instant::now();
    assert_eq!(pull.recv_msg().unwrap_err(), Error::WouldBlock);
    assert!(start.elapsed() >= Duration::from_millis(45));
    let io: std::io::Error = Error::WouldBlock.into();
    assert_eq!(io.kind(), std::io::ErrorKind::WouldBlock);
}

#[test]
fn connect_before_bind_gets_through() {
    with_timeout(Duration::from_secs(20), || {
        let dir = TempDir::new("order");
        let ctx = Context::new().unwrap();
        let port = {
            // Find a free loopback port, then release it for the late binder.
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        for endpoint in [
            "inproc://late-binder".to_owned(),
            dir.ipc("late"),
            format!("tcp://127.0.0.1:{port}"),
        ] {
            let req = socket(&ctx, SocketType::Req);
            // The raw escape hatch: ZMQ_RECONNECT_IVL in ms.
            req.setsockopt_raw(zmq::sys::ZMQ_RECONNECT_IVL, &20i32.to_ne_bytes())
                .unwrap();
            req.connect(&endpoint).unwrap();
            req.send("early").unwrap(); // queued until the peer exists
            std::thread::sleep(Duration::from_millis(100));
            let rep = socket(&ctx, SocketType::Rep);
            rep.bind(&endpoint).unwrap();
            assert_eq!(rep.recv_string().unwrap(), "early", "{endpoint}");
            rep.send("late").unwrap();
            assert_eq!(req.recv_string().unwrap(), "late");
        }
    });
}

#[test]
fn sub_binds_while_several_pubs_connect() {
    with_timeout(Duration::from_secs(20), || {
        let ctx = Context::new().unwrap();
        let sub = socket(&ctx, SocketType::Sub);
        sub.bind("tcp://127.0.0.1:*").unwrap();
        sub.subscribe("weather").unwrap();
        let ep = sub.last_endpoint().unwrap();
        let pubs: Vec<_> = (0..3)
            .map(|_| {
                let p = socket(&ctx, SocketType::Pub);
                p.connect(&ep).unwrap();
                p
            })
            .collect();
        // Subscriptions travel to the publishers asynchronously: publish until all are heard.
        let mut heard = [false; 3];
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        sub.set_rcvtimeo(Some(Duration::from_millis(20))).unwrap();
        while heard.iter().any(|h| !h) {
            assert!(std::time::Instant::now() < deadline, "heard {heard:?}");
            for (i, p) in pubs.iter().enumerate() {
                p.send(format!("weather {i}")).unwrap();
                p.send(format!("sports {i}")).unwrap();
            }
            while let Ok(m) = sub.recv_string() {
                assert!(m.starts_with("weather "), "filtered: {m}");
                let i: usize = m["weather ".len()..].parse().unwrap();
                heard[i] = true;
            }
        }
    });
}

#[test]
fn one_socket_binds_and_connects_several_endpoints() {
    with_timeout(Duration::from_secs(20), || {
        let dir = TempDir::new("multi");
        let ctx = Context::new().unwrap();
        let hub = socket(&ctx, SocketType::Pull);
        hub.bind("inproc://multi-a").unwrap();
        hub.bind(&dir.ipc("multi-b")).unwrap();
        hub.bind("tcp://127.0.0.1:*").unwrap();
        let tcp = hub.last_endpoint().unwrap();
        let far = socket(&ctx, SocketType::Push);
        far.bind("inproc://multi-far").unwrap();
        hub.connect("inproc://multi-far").unwrap();

        let senders: Vec<_> = ["inproc://multi-a".to_owned(), dir.ipc("multi-b"), tcp]
            .iter()
            .map(|ep| {
                let s = socket(&ctx, SocketType::Push);
                s.connect(ep).unwrap();
                s
            })
            .collect();
        for (i, s) in senders.iter().enumerate() {
            s.send(format!("from {i}")).unwrap();
        }
        far.send("from far").unwrap();
        let mut got: Vec<String> = (0..4).map(|_| hub.recv_string().unwrap()).collect();
        got.sort();
        assert_eq!(got, ["from 0", "from 1", "from 2", "from far"]);
    });
}

#[test]
fn multipart_round_trip_and_reuse() {
    let ctx = Context::new().unwrap();
    let a = socket(&ctx, SocketType::Pair);
    let b = socket(&ctx, SocketType::Pair);
    a.bind("inproc://multipart").unwrap();
    b.connect("inproc://multipart").unwrap();
    a.send_multipart(["routing", "", "body"]).unwrap();
    a.send_multipart(vec![vec![1u8; 100], vec![], vec![2u8; 5000]])
        .unwrap();
    a.send("single").unwrap();

    let parts = b.recv_multipart().unwrap();
    let parts: Vec<&[u8]> = parts.iter().map(|m| &m[..]).collect();
    assert_eq!(parts, [&b"routing"[..], b"", b"body"]);

    let mut buf = Multipart::new();
    b.recv_multipart_into(&mut buf).unwrap();
    assert_eq!(buf.len(), 3);
    assert_eq!(&buf[0][..], &[1u8; 100][..]);
    assert!(buf[1].is_empty());
    assert_eq!(buf[2].len(), 5000);
    assert!(buf[0].more() && buf[1].more() && !buf[2].more());
    b.recv_multipart_into(&mut buf).unwrap();
    assert_eq!(buf.len(), 1);
    assert_eq!(&buf[0][..], b"single");
    assert!(!b.rcvmore().unwrap());
    // Nothing more: the container is left empty.
    assert_eq!(
        b.recv_multipart_into_with(&mut buf, Flags::DONTWAIT)
            .unwrap_err(),
        Error::WouldBlock
    );
    assert!(buf.is_empty());
}

#[test]
fn multipart_refused_gives_every_part_back() {
    let ctx = Context::new().unwrap();
    let rep = socket(&ctx, SocketType::Rep);
    let err = rep.send_multipart(["a", "b", "c"]).unwrap_err();
    assert_eq!(err.error, Error::InvalidState);
    let back: Vec<&str> = err.unsent.iter().map(|m| m.as_str().unwrap()).collect();
    assert_eq!(back, ["a", "b", "c"]);
}

#[test]
fn sndmore_flag_by_hand_and_rcvmore() {
    let ctx = Context::new().unwrap();
    let a = socket(&ctx, SocketType::Pair);
    let b = socket(&ctx, SocketType::Pair);
    a.bind("inproc://sndmore").unwrap();
    b.connect("inproc://sndmore").unwrap();
    a.send_with("key", zmq::SNDMORE).unwrap();
    a.send("value").unwrap();
    let mut m = Message::new();
    b.recv(&mut m).unwrap();
    assert_eq!(m.as_str(), Some("key"));
    assert!(m.more() && b.rcvmore().unwrap());
    b.recv(&mut m).unwrap();
    assert_eq!(m.as_str(), Some("value"));
    assert!(!m.more() && !b.rcvmore().unwrap());
}

#[test]
fn recv_into_reports_truncation() {
    let ctx = Context::new().unwrap();
    let a = socket(&ctx, SocketType::Pair);
    let b = socket(&ctx, SocketType::Pair);
    a.bind("inproc://truncate").unwrap();
    b.connect("inproc://truncate").unwrap();
    a.send("0123456789").unwrap();
    a.send("abc").unwrap();
    let mut buf = [0u8; 4];
    assert_eq!(b.recv_into(&mut buf).unwrap(), 10);
    assert_eq!(&buf, b"0123");
    assert_eq!(b.recv_into(&mut buf).unwrap(), 3);
    assert_eq!(&buf[..3], b"abc");
}

#[test]
fn recv_string_keeps_non_utf8_bytes() {
    let ctx = Context::new().unwrap();
    let a = socket(&ctx, SocketType::Pair);
    let b = socket(&ctx, SocketType::Pair);
    a.bind("inproc://utf8").unwrap();
    b.connect("inproc://utf8").unwrap();
    a.send(&[0xffu8, 0xfe, 0x00][..]).unwrap();
    match b.recv_string() {
        Err(Error::NotUtf8 { bytes }) => assert_eq!(bytes, [0xff, 0xfe, 0x00]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_endpoints_are_errors() {
    let ctx = Context::new().unwrap();
    let s = ctx.socket(SocketType::Pair).unwrap();
    assert!(matches!(s.bind(""), Err(Error::InvalidEndpoint { .. })));
    assert!(matches!(
        s.bind("tcp://127.0.0.1:5\0"),
        Err(Error::InvalidEndpoint { .. })
    ));
    // libzmq's refusals name the call and the endpoint.
    let cases: [(Error, i32, &str); 4] = [
        (
            s.bind("nonsense").unwrap_err(),
            libc::EINVAL,
            "Invalid argument (bind to \"nonsense\")",
        ),
        (
            s.bind("carrier-pigeon://x").unwrap_err(),
            libc::EPROTONOSUPPORT,
            "Protocol not supported (bind to \"carrier-pigeon://x\")",
        ),
        (
            s.connect("tcp://no-port").unwrap_err(),
            libc::EINVAL,
            "Invalid argument (connect to \"tcp://no-port\")",
        ),
        (
            s.unbind("tcp://127.0.0.1:9").unwrap_err(),
            libc::ENOENT,
            "No such file or directory (unbind from \"tcp://127.0.0.1:9\")",
        ),
    ];
    for (err, errno, text) in cases {
        assert_eq!(err.errno(), errno, "{err:?}");
        assert_eq!(err.to_string(), text);
        assert!(matches!(err, Error::Endpoint { .. }), "{err:?}");
    }
    // PGM on a socket type libzmq would abort on is refused before libzmq sees it.
    assert!(matches!(
        s.connect("epgm://127.0.0.1;239.192.0.1:5555"),
        Err(Error::InvalidEndpoint { .. })
    ));
    let p = ctx.socket(SocketType::Pub).unwrap();
    assert!(matches!(
        p.connect("epgm://;239.192.0.1:5555"),
        Err(Error::InvalidEndpoint { .. })
    ));
}

#[test]
fn socket_types_report_themselves() {
    let ctx = Context::new().unwrap();
    for &t in SocketType::ALL {
        let s = ctx.socket(t).unwrap();
        assert_eq!(s.socket_type().unwrap(), t);
        assert_eq!(SocketType::try_from(t as i32), Ok(t));
        assert!(!t.name().is_empty());
    }
}

#[test]
fn raw_socket_round_trip() {
    let ctx = Context::new().unwrap();
    let a = ctx.socket(SocketType::Pair).unwrap();
    let raw = a.into_raw();
    // SAFETY: raw came from into_raw of a socket of this context.
    let a = unsafe { zmq::Socket::from_raw(raw, &ctx) };
    a.bind("inproc://raw-socket").unwrap();
    assert_eq!(a.as_raw(), raw);
}

#[test]
fn io_error_conversion_keeps_errno() {
    let ctx = Context::new().unwrap();
    let s = ctx.socket(SocketType::Pair).unwrap();
    // A plain libzmq errno becomes an OS error.
    let err: std::io::Error = s
        .get(zmq::opt::Events)
        .map(drop)
        .and_then(|()| s.getsockopt_raw(9999, &mut [0u8; 4]).map(drop))
        .unwrap_err()
        .into();
    assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
    // With an endpoint, the text keeps it and the kind follows the errno; the zmq::Error (and
    // its errno) is inside.
    let err: std::io::Error = s.bind("carrier-pigeon://x").unwrap_err().into();
    assert_eq!(
        err.to_string(),
        "Protocol not supported (bind to \"carrier-pigeon://x\")"
    );
    let inner = err
        .get_ref()
        .and_then(|e| e.downcast_ref::<zmq::Error>())
        .expect("a zmq::Error inside");
    assert_eq!(inner.errno(), libc::EPROTONOSUPPORT);
}
