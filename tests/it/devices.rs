//! Devices (zmq::device): queue, forwarder and streamer forward traffic; the handle pauses,
//! resumes, reads statistics and stops them (within 1 s, thread joined), as do drop and a context
//! shutdown; bad endpoints and options fail `start`; the `name=value` option parser.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::common::*;
use zmq::device::{named_options, parse_option, NamedOption};
use zmq::{opt, Context, Device, DeviceKind, Error, ProxyStatistics, SocketType};

const LIMIT: Duration = Duration::from_secs(30);
const STOP_LIMIT: Duration = Duration::from_secs(1);

/// Tests that start devices run one at a time, so a test counting device threads sees only its own.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// Threads of this process named `name` (the device thread is `zmq-<kind>`).
fn threads_named(name: &str) -> usize {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path().join("comm")).ok())
        .filter(|comm| comm.trim_end() == name)
        .count()
}

/// Waits up to 200 ms for the count of `zmq-<kind>` threads to become `n`: a new thread names
/// itself once it runs, and a joined thread's `/proc` entry goes a moment after `pthread_join`.
fn assert_threads(kind: DeviceKind, n: usize) {
    let name = thread_name(kind);
    let t = Instant::now();
    while threads_named(&name) != n {
        assert!(
            t.elapsed() < Duration::from_millis(200),
            "{} threads named {name}, expected {n}",
            threads_named(&name)
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn thread_name(kind: DeviceKind) -> String {
    format!("zmq-{kind}")
}

#[test]
fn queue_forwards_req_rep_multipart_both_ways() {
    with_timeout(LIMIT, || {
        let _serial = serial();
        let ctx = Context::new().unwrap();
        let dir = TempDir::new("queue");
        let device = Device::queue()
            .frontend_bind("tcp://127.0.0.1:*")
            .frontend_bind("inproc://queue-front")
            .backend_bind(dir.ipc("back"))
            .start(&ctx)
            .unwrap();
        assert_eq!(device.frontend_type(), SocketType::Router);
        assert_eq!(device.backend_type(), SocketType::Dealer);
        let front = device.frontend_endpoints()[0].clone();
        assert!(front.starts_with("tcp://127.0.0.1:") && !front.ends_with(":*"));
        assert_eq!(device.frontend_endpoints()[1], "inproc://queue-front");

        // Two REP workers echoing every part with a prefix.
        let workers: Vec<_> = (0..2)
            .map(|w| {
                let worker = socket(&ctx, SocketType::Rep);
                worker.connect(&device.backend_endpoints()[0]).unwrap();
                std::thread::spawn(move || -> usize {
                    let mut served = 0;
                    while let Ok(parts) = worker.recv_multipart() {
                        let reply: Vec<Vec<u8>> = parts
                            .iter()
                            .map(|p| [format!("w{w}:").as_bytes(), &p[..]].concat())
                            .collect();
                        worker.send_multipart(reply).unwrap();
                        served += 1;
                    }
                    served
                })
            })
            .collect();

        let clients = [socket(&ctx, SocketType::Req), socket(&ctx, SocketType::Req)];
        clients[0].connect(&front).unwrap();
        clients[1].connect("inproc://queue-front").unwrap();
        for i in 0..20 {
            let client = &clients[i % 2];
            client
                .send_multipart([
                    format!("req {i}").into_bytes(),
                    b"part two".to_vec(),
                    Vec::new(),
                ])
                .unwrap();
            let reply = client.recv_multipart().unwrap();
            let reply: Vec<String> = reply
                .iter()
                .map(|m| m.as_str().unwrap().to_owned())
                .collect();
            assert_eq!(reply.len(), 3, "{reply:?}");
            let w = &reply[0][..3];
            assert!(w == "w0:" || w == "w1:", "{reply:?}");
            assert_eq!(
                reply,
                [format!("{w}req {i}"), format!("{w}part two"), w.to_owned()]
            );
        }
        let stats = device.statistics().unwrap();
        // Each request: routing id + empty delimiter + 3 parts in, the same out.
        assert_eq!(stats.frontend_recv_parts, 20 * 5);
        assert_eq!(stats.backend_sent_parts, 20 * 5);
        assert_eq!(stats.backend_recv_parts, 20 * 5);
        assert_eq!(stats.frontend_sent_parts, 20 * 5);

        let t = Instant::now();
        device.stop().unwrap();
        let took = t.elapsed();
        eprintln!("queue stop took {took:?}");
        assert!(took < STOP_LIMIT, "stop took {took:?}");
        assert_threads(DeviceKind::Queue, 0);
        drop(clients);
        ctx.shutdown().unwrap();
        let served: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
        assert_eq!(served, 20);
    });
}

#[test]
fn forwarder_passes_subscriptions_upstream_and_messages_down() {
    with_timeout(LIMIT, || {
        let _serial = serial();
        let ctx = Context::new().unwrap();
        let device = Device::forwarder()
            .frontend_bind("tcp://127.0.0.1:*")
            .backend_bind("inproc://forwarder-back")
            .start(&ctx)
            .unwrap();
        assert_eq!(device.frontend_type(), SocketType::XSub);
        assert_eq!(device.backend_type(), SocketType::XPub);

        // An XPUB publisher sees the subscriptions that travel up through the device.
        let publisher = socket(&ctx, SocketType::XPub);
        publisher.connect(&device.frontend_endpoints()[0]).unwrap();
        let subscriber = socket(&ctx, SocketType::Sub);
        subscriber.connect("inproc://forwarder-back").unwrap();
        subscriber.subscribe("A").unwrap();
        let subscription = publisher.recv_bytes().unwrap();
        assert_eq!(subscription, b"\x01A", "subscription forwarded upstream");

        for i in 0..10 {
            publisher
                .send_multipart([format!("B{i}"), "not for you".into()])
                .unwrap();
            publisher
                .send_multipart([format!("A{i}"), "body".into()])
                .unwrap();
        }
        for i in 0..10 {
            let parts = subscriber.recv_multipart().unwrap();
            let parts: Vec<&str> = parts.iter().map(|m| m.as_str().unwrap()).collect();
            assert_eq!(parts, [format!("A{i}").as_str(), "body"]);
        }
        subscriber.unsubscribe("A").unwrap();
        assert_eq!(publisher.recv_bytes().unwrap(), b"\x00A");

        let t = Instant::now();
        device.stop().unwrap();
        let took = t.elapsed();
        eprintln!("forwarder stop took {took:?}");
        assert!(took < STOP_LIMIT, "stop took {took:?}");
        assert_threads(DeviceKind::Forwarder, 0);
    });
}

#[test]
fn forwarder_sub_pub_subscribes_to_everything() {
    with_timeout(LIMIT, || {
        let _serial = serial();
        let ctx = Context::new().unwrap();
        let publisher = socket(&ctx, SocketType::Pub);
        publisher.bind("tcp://127.0.0.1:*").unwrap();
        let device = Device::forwarder()
            .frontend_type(SocketType::Sub)
            .backend_type(SocketType::Pub)
            .frontend_connect(publisher.last_endpoint().unwrap())
            .backend_bind("inproc://subpub-back")
            .start(&ctx)
            .unwrap();
        let subscriber = socket(&ctx, SocketType::Sub);
        subscriber.connect("inproc://subpub-back").unwrap();
        subscriber.subscribe("").unwrap();
        subscriber
            .set_rcvtimeo(Some(Duration::from_millis(20)))
            .unwrap();
        // PUB/SUB joins late: publish until the chain is up.
        let received = loop {
            publisher.send("anything").unwrap();
            match subscriber.recv_string() {
                Ok(s) => break s,
                Err(Error::WouldBlock) => continue,
                Err(e) => panic!("{e}"),
            }
        };
        assert_eq!(received, "anything");
        device.stop().unwrap();
    });
}

#[test]
fn streamer_pushes_to_pull_and_pub_backends() {
    with_timeout(LIMIT, || {
        let _serial = serial();
        let ctx = Context::new().unwrap();
        let dir = TempDir::new("streamer");
        let device = Device::streamer()
            .frontend_bind(dir.ipc("in"))
            .backend_bind("tcp://127.0.0.1:*")
            .start(&ctx)
            .unwrap();
        assert_eq!(
            (device.frontend_type(), device.backend_type()),
            (SocketType::Pull, SocketType::Push)
        );
        let producer = socket(&ctx, SocketType::Push);
        producer.connect(&device.frontend_endpoints()[0]).unwrap();
        let consumer = socket(&ctx, SocketType::Pull);
        consumer.connect(&device.backend_endpoints()[0]).unwrap();
        for i in 0..100 {
            producer
                .send_multipart([format!("job {i}"), "payload".into()])
                .unwrap();
        }
        for i in 0..100 {
            let parts = consumer.recv_multipart().unwrap();
            assert_eq!(parts[0].as_str(), Some(format!("job {i}").as_str()));
            assert_eq!(parts[1].as_str(), Some("payload"));
        }
        let t = Instant::now();
        device.stop().unwrap();
        let took = t.elapsed();
        eprintln!("streamer stop took {took:?}");
        assert!(took < STOP_LIMIT, "stop took {took:?}");
        assert_threads(DeviceKind::Streamer, 0);

        // PULL/PUB: the streamer in front of subscribers.
        let device = Device::streamer()
            .frontend_bind("inproc://streamer-pub-in")
            .backend_type(SocketType::Pub)
            .backend_bind("inproc://streamer-pub-out")
            .start(&ctx)
            .unwrap();
        let subscriber = socket(&ctx, SocketType::Sub);
        subscriber.connect("inproc://streamer-pub-out").unwrap();
        subscriber.subscribe("tick").unwrap();
        let producer = socket(&ctx, SocketType::Push);
        producer.connect("inproc://streamer-pub-in").unwrap();
        // inproc subscriptions are in place once connect returns.
        producer.send("tick 1").unwrap();
        assert_eq!(subscriber.recv_string().unwrap(), "tick 1");
        device.stop().unwrap();
    });
}

#[test]
fn pause_resume_statistics_and_capture_through_the_handle() {
    with_timeout(LIMIT, || {
        let _serial = serial();
        let ctx = Context::new().unwrap();
        let device = Device::streamer()
            .frontend_bind("inproc://steer-in")
            .backend_bind("inproc://steer-out")
            .capture_type(SocketType::Push)
            .capture_bind("inproc://steer-capture")
            .start(&ctx)
            .unwrap();
        assert_eq!(device.capture_endpoints(), ["inproc://steer-capture"]);
        let producer = socket(&ctx, SocketType::Push);
        producer.connect("inproc://steer-in").unwrap();
        let consumer = socket(&ctx, SocketType::Pull);
        consumer.connect("inproc://steer-out").unwrap();
        let tap = socket(&ctx, SocketType::Pull);
        tap.connect("inproc://steer-capture").unwrap();

        producer.send("one").unwrap();
        assert_eq!(consumer.recv_string().unwrap(), "one");
        assert_eq!(tap.recv_string().unwrap(), "one");

        device.pause().unwrap();
        producer.send("two").unwrap();
        consumer
            .set_rcvtimeo(Some(Duration::from_millis(300)))
            .unwrap();
        assert_eq!(
            consumer.recv_msg().unwrap_err(),
            Error::WouldBlock,
            "held while paused"
        );
        // Statistics are answered while paused.
        assert_eq!(device.statistics().unwrap().frontend_recv_parts, 1);
        device.resume().unwrap();
        consumer.set_rcvtimeo(Some(IO_TIMEOUT)).unwrap();
        assert_eq!(consumer.recv_string().unwrap(), "two");

        producer.send_multipart(["three", "parts", "here"]).unwrap();
        assert_eq!(consumer.recv_multipart().unwrap().len(), 3);
        let bytes = 3 + 3 + 5 + 5 + 4;
        assert_eq!(
            device.statistics().unwrap(),
            ProxyStatistics {
                frontend_recv_parts: 5,
                frontend_recv_bytes: bytes,
                backend_sent_parts: 5,
                backend_sent_bytes: bytes,
                ..Default::default()
            }
        );
        for expected in ["two", "three", "parts", "here"] {
            assert_eq!(tap.recv_string().unwrap(), expected);
        }
        device.stop().unwrap();
    });
}

/// A destination without peers (PUSH, DEALER) cannot take messages: the device holds them and
/// still stops at once.
#[test]
fn each_device_stops_within_a_second_even_with_messages_stuck() {
    with_timeout(LIMIT, || {
        let _serial = serial();
        let ctx = Context::new().unwrap();
        for kind in [
            DeviceKind::Queue,
            DeviceKind::Forwarder,
            DeviceKind::Streamer,
        ] {
            let tag = kind.name();
            let device = Device::new(kind)
                .frontend_bind(format!("inproc://stuck-{tag}-in"))
                .backend_bind(format!("inproc://stuck-{tag}-out"))
                .start(&ctx)
                .unwrap();
            assert_threads(kind, 1);
            let sender = socket(
                &ctx,
                match kind {
                    DeviceKind::Queue => SocketType::Dealer,
                    DeviceKind::Forwarder => SocketType::Pub,
                    DeviceKind::Streamer => SocketType::Push,
                },
            );
            sender.connect(&format!("inproc://stuck-{tag}-in")).unwrap();
            for i in 0..10 {
                sender
                    .send_multipart(["", "nobody listens", &i.to_string()])
                    .unwrap();
            }
            std::thread::sleep(Duration::from_millis(100));
            // The device still answers while the backend has nobody to take the messages.
            let stats = device.statistics().unwrap();
            assert_eq!(stats.backend_sent_parts, 0, "{kind}: {stats:?}");
            let t = Instant::now();
            device.stop().unwrap();
            let took = t.elapsed();
            eprintln!("{kind} stop with stuck messages took {took:?}");
            assert!(took < STOP_LIMIT, "{kind}: stop took {took:?}");
            assert_threads(kind, 0);
        }
    });
}

#[test]
fn dropping_the_handle_stops_and_joins_the_device() {
    with_timeout(LIMIT, || {
        let _serial = serial();
        let ctx = Context::new().unwrap();
        for kind in [
            DeviceKind::Queue,
            DeviceKind::Forwarder,
            DeviceKind::Streamer,
        ] {
            let device = Device::new(kind)
                .frontend_bind("tcp://127.0.0.1:*")
                .backend_bind("tcp://127.0.0.1:*")
                .start(&ctx)
                .unwrap();
            assert!(!device.is_finished());
            assert_threads(kind, 1);
            let t = Instant::now();
            drop(device);
            let took = t.elapsed();
            eprintln!("{kind} drop took {took:?}");
            assert!(took < STOP_LIMIT, "{kind}: drop took {took:?}");
            assert_threads(kind, 0);
        }
    });
}

#[test]
fn context_shutdown_stops_the_device() {
    with_timeout(LIMIT, || {
        let _serial = serial();
        let ctx = Context::new().unwrap();
        let device = Device::queue()
            .frontend_bind("inproc://shutdown-front")
            .backend_bind("inproc://shutdown-back")
            .start(&ctx)
            .unwrap();
        device.statistics().unwrap();
        let t = Instant::now();
        ctx.shutdown().unwrap();
        while !device.is_finished() {
            assert!(
                t.elapsed() < STOP_LIMIT,
                "device still running after shutdown"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        eprintln!("device ended {:?} after zmq_ctx_shutdown", t.elapsed());
        assert_eq!(device.pause().unwrap_err(), Error::ContextTerminated);
        assert_eq!(device.statistics().unwrap_err(), Error::ContextTerminated);
        let t = Instant::now();
        device.stop().unwrap();
        assert!(t.elapsed() < STOP_LIMIT);
        assert_threads(DeviceKind::Queue, 0);
    });
}

#[test]
fn options_and_configure_closures_are_applied_in_order_before_binding() {
    with_timeout(LIMIT, || {
        let _serial = serial();
        let ctx = Context::new().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (front_seen, back_seen) = (seen.clone(), seen.clone());
        let device = Device::queue()
            .frontend_option("sndhwm=7")
            .frontend_option("ZMQ_RCVHWM=8")
            .frontend_configure(move |s| {
                front_seen.lock().unwrap().push((
                    "front",
                    s.get(opt::SndHwm)?,
                    s.get(opt::RcvHwm)?,
                    s.last_endpoint()?,
                ));
                Ok(())
            })
            .backend_configure(|s| s.set(opt::SndHwm, 11))
            .backend_named_option(parse_option("Rcv-Hwm=12").unwrap())
            .backend_configure(move |s| {
                back_seen.lock().unwrap().push((
                    "back",
                    s.get(opt::SndHwm)?,
                    s.get(opt::RcvHwm)?,
                    s.last_endpoint()?,
                ));
                Ok(())
            })
            .frontend_bind("inproc://order-front")
            .backend_bind("inproc://order-back")
            .start(&ctx)
            .unwrap();
        assert_eq!(
            *seen.lock().unwrap(),
            [
                ("front", 7, 8, String::new()),
                ("back", 11, 12, String::new())
            ]
        );
        device.stop().unwrap();
    });
}

#[test]
fn bad_endpoints_options_and_types_fail_start() {
    with_timeout(LIMIT, || {
        let _serial = serial();
        let ctx = Context::new().unwrap();
        let taken = ctx.socket(SocketType::Pull).unwrap();
        taken.bind("tcp://127.0.0.1:*").unwrap();
        let taken = taken.last_endpoint().unwrap();

        let cases: Vec<(Device, &str)> = vec![
            (
                Device::streamer()
                    .frontend_bind("tcp://127.0.0.1:notaport")
                    .backend_bind("inproc://bad-1"),
                "bind frontend PULL to tcp://127.0.0.1:notaport",
            ),
            (
                Device::streamer()
                    .frontend_bind("inproc://bad-2")
                    .backend_bind(taken.clone()),
                "bind backend PUSH to tcp://127.0.0.1:",
            ),
            // A multicast endpoint turns a streamer side into PUB/SUB (shown by the error: this
            // build has no NORM transport, so nothing is sent anywhere).
            (
                Device::streamer()
                    .frontend_bind("inproc://bad-10")
                    .backend_connect("norm://127.0.0.1;239.192.0.1:5555"),
                "connect backend PUB to norm://",
            ),
            (
                Device::streamer()
                    .frontend_connect("norm://127.0.0.1;239.192.0.1:5555")
                    .backend_bind("inproc://bad-11"),
                "connect frontend SUB to norm://",
            ),
            (
                Device::queue()
                    .frontend_connect("nosuch://transport")
                    .backend_bind("inproc://bad-3"),
                "connect frontend ROUTER to nosuch://transport",
            ),
            (
                Device::queue()
                    .frontend_bind("inproc://bad-4")
                    .frontend_option("sndhwm=lots")
                    .backend_bind("inproc://bad-4b"),
                "frontend option \"sndhwm=lots\": invalid socket option",
            ),
            (
                Device::queue()
                    .frontend_bind("inproc://bad-5")
                    .backend_option("no_such_option=1")
                    .backend_bind("inproc://bad-5b"),
                "unknown option \"no_such_option\"",
            ),
            (
                Device::queue()
                    .frontend_bind("inproc://bad-6")
                    .backend_bind("inproc://bad-6b")
                    .backend_configure(|_| Err(Error::from_errno(libc::EPERM))),
                "configure the backend",
            ),
            (
                Device::queue()
                    .frontend_type(SocketType::Pull)
                    .frontend_bind("inproc://bad-7")
                    .backend_bind("inproc://bad-7b"),
                "the frontend cannot be PULL (allowed: ROUTER)",
            ),
            (
                Device::forwarder().frontend_bind("inproc://bad-8"),
                "no backend endpoint",
            ),
            (
                Device::streamer()
                    .frontend_bind("inproc://bad-9")
                    .backend_bind("inproc://bad-9b")
                    .capture_type(SocketType::Sub)
                    .capture_bind("inproc://bad-9c"),
                "a capture socket cannot be SUB",
            ),
        ];
        for (device, expected) in cases {
            let err = device.start(&ctx).unwrap_err();
            let text = err.to_string();
            eprintln!("start failed as expected: {text}");
            assert!(text.contains(expected), "{text:?} lacks {expected:?}");
            // Converts into the crate's error, keeping the errno.
            let _: Error = err.into();
        }
        // Nothing was left running, and the endpoints of failed starts are free again.
        for kind in [
            DeviceKind::Queue,
            DeviceKind::Forwarder,
            DeviceKind::Streamer,
        ] {
            assert_threads(kind, 0);
        }
        let in_use = Device::streamer()
            .frontend_bind("inproc://bad-2")
            .backend_bind(taken.clone())
            .start(&ctx)
            .unwrap_err();
        assert_eq!(in_use.error.errno(), libc::EADDRINUSE);
        let again = Device::streamer()
            .frontend_bind("inproc://bad-2")
            .backend_bind("inproc://bad-2b")
            .start(&ctx)
            .unwrap();
        again.stop().unwrap();
    });
}

#[test]
fn option_parser_table() {
    let ne = |v: i32| v.to_ne_bytes().to_vec();
    let good: &[(&str, &str, Vec<u8>)] = &[
        ("rate=10000", "ZMQ_RATE", ne(10000)),
        ("RATE=1", "ZMQ_RATE", ne(1)),
        ("sndhwm=0", "ZMQ_SNDHWM", ne(0)),
        ("rcvhwm= 5000 ", "ZMQ_RCVHWM", ne(5000)),
        ("ZMQ_SNDHWM=10", "ZMQ_SNDHWM", ne(10)),
        ("zmq_rcvhwm=10", "ZMQ_RCVHWM", ne(10)),
        ("linger=-1", "ZMQ_LINGER", ne(-1)),
        ("linger=0", "ZMQ_LINGER", ne(0)),
        ("recovery_ivl=2000", "ZMQ_RECOVERY_IVL", ne(2000)),
        ("recovery-ivl=2000", "ZMQ_RECOVERY_IVL", ne(2000)),
        ("multicast_hops=4", "ZMQ_MULTICAST_HOPS", ne(4)),
        ("sndbuf=1048576", "ZMQ_SNDBUF", ne(1 << 20)),
        ("rcvbuf=-1", "ZMQ_RCVBUF", ne(-1)),
        ("affinity=3", "ZMQ_AFFINITY", 3u64.to_ne_bytes().to_vec()),
        (
            "affinity=0x10",
            "ZMQ_AFFINITY",
            16u64.to_ne_bytes().to_vec(),
        ),
        ("identity=worker-1", "ZMQ_ROUTING_ID", b"worker-1".to_vec()),
        ("routing_id=a", "ZMQ_ROUTING_ID", b"a".to_vec()),
        ("subscribe=", "ZMQ_SUBSCRIBE", Vec::new()),
        (
            "subscribe=weather=rain",
            "ZMQ_SUBSCRIBE",
            b"weather=rain".to_vec(),
        ),
        ("tcp_keepalive=1", "ZMQ_TCP_KEEPALIVE", ne(1)),
        ("tcp_keepalive=-1", "ZMQ_TCP_KEEPALIVE", ne(-1)),
        ("tcp_keepalive=off", "ZMQ_TCP_KEEPALIVE", ne(0)),
        ("tcp_keepalive_idle=60", "ZMQ_TCP_KEEPALIVE_IDLE", ne(60)),
        ("immediate=true", "ZMQ_IMMEDIATE", ne(1)),
        ("xpub_verbose=yes", "ZMQ_XPUB_VERBOSE", ne(1)),
        ("conflate=0", "ZMQ_CONFLATE", ne(0)),
        (
            "maxmsgsize=-1",
            "ZMQ_MAXMSGSIZE",
            (-1i64).to_ne_bytes().to_vec(),
        ),
        ("heartbeat_ivl=1000", "ZMQ_HEARTBEAT_IVL", ne(1000)),
        ("reconnect_ivl=-1", "ZMQ_RECONNECT_IVL", ne(-1)),
        ("bindtodevice=eth0", "ZMQ_BINDTODEVICE", b"eth0".to_vec()),
        (
            "curve_serverkey=rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7",
            "ZMQ_CURVE_SERVERKEY",
            zmq::z85_decode("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7").unwrap(),
        ),
    ];
    for (spec, c_name, raw) in good {
        let option = parse_option(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
        assert_eq!(option.c_name(), *c_name, "{spec}");
        assert_eq!(option.raw_value(), &raw[..], "{spec}");
        assert_eq!(spec.parse::<NamedOption>().unwrap(), option);
    }

    let bad: &[(&str, &str)] = &[
        ("rate", "expected name=value"),
        ("", "expected name=value"),
        ("=5", "empty option name"),
        ("frobnicate=1", "unknown option \"frobnicate\""),
        ("sndhwm=lots", "sndhwm=lots: expected an integer"),
        ("sndhwm=-1", "expected an integer >= 0"),
        ("sndhwm=99999999999", "expected an integer"),
        ("sndhwm=1.5", "expected an integer"),
        ("rate=0", "expected an integer >= 1"),
        ("linger=-2", "expected an integer >= -1"),
        ("multicast_hops=0", "expected an integer >= 1"),
        ("affinity=-1", "unsigned 64-bit integer"),
        ("affinity=0xZZ", "unsigned 64-bit integer"),
        ("immediate=maybe", "expected 0/1"),
        ("tcp_keepalive=2", "-1 (OS default), 0 or 1"),
        ("identity=", "1 to 255 bytes"),
        ("curve_serverkey=short", "CURVE key of 40 Z85 characters"),
        ("rcvtimeo=100", "ZMQ_RCVTIMEO cannot be set by name here"),
        ("sndtimeo=100", "ZMQ_SNDTIMEO cannot be set by name here"),
        (
            "rcvmore=1",
            "ZMQ_RCVMORE cannot be set by name here (it is read-only)",
        ),
    ];
    for (spec, expected) in bad {
        let err = parse_option(spec).expect_err(spec);
        let text = err.to_string();
        assert!(
            text.contains(expected),
            "{spec}: {text:?} lacks {expected:?}"
        );
        assert_eq!(err.errno(), libc::EINVAL, "{spec}");
    }
    let long_id = format!("identity={}", "x".repeat(256));
    assert!(parse_option(&long_id).is_err());
}

/// Every option known by name is the writable C option of the typed table with the same id, and
/// libzmq accepts the parsed value on a fitting socket.
#[test]
fn named_options_match_the_typed_table_and_libzmq_accepts_them() {
    let ctx = Context::new().unwrap();
    let mut count = 0;
    for info in named_options() {
        let row = opt::ALL
            .iter()
            .find(|r| r.name == info.c_name)
            .unwrap_or_else(|| panic!("{} not in opt::ALL", info.c_name));
        assert_eq!(row.id, info.id, "{}", info.c_name);
        assert!(row.writable, "{}", info.c_name);
        count += 1;
    }
    assert!(count >= 40, "{count} named options");

    let samples: &[(SocketType, &str)] = &[
        (SocketType::Pub, "rate=10000"),
        (SocketType::Pub, "recovery_ivl=3000"),
        (SocketType::Pub, "multicast_hops=2"),
        (SocketType::Push, "sndhwm=10"),
        (SocketType::Pull, "rcvhwm=10"),
        (SocketType::Dealer, "identity=abc"),
        (SocketType::Sub, "subscribe=x"),
        (SocketType::Dealer, "affinity=1"),
        (SocketType::Dealer, "tcp_keepalive=1"),
        (SocketType::Dealer, "maxmsgsize=1024"),
        (SocketType::XPub, "xpub_verbose=1"),
    ];
    for (ty, spec) in samples {
        let s = ctx.socket(*ty).unwrap();
        parse_option(spec)
            .unwrap()
            .apply(&s)
            .unwrap_or_else(|e| panic!("{spec} on {ty}: {e}"));
    }
    let s = ctx.socket(SocketType::Pub).unwrap();
    parse_option("rate=12345").unwrap().apply(&s).unwrap();
    assert_eq!(s.get(opt::Rate).unwrap(), 12345);
    parse_option("affinity=0x5").unwrap().apply(&s).unwrap();
    assert_eq!(s.get(opt::Affinity).unwrap(), 5);
    parse_option("linger=250").unwrap().apply(&s).unwrap();
    assert_eq!(
        s.get(opt::Linger).unwrap(),
        Some(Duration::from_millis(250))
    );
}

#[test]
fn device_kind_parses_case_insensitively() {
    assert_eq!("Queue".parse::<DeviceKind>().unwrap(), DeviceKind::Queue);
    assert_eq!(
        "FORWARDER".parse::<DeviceKind>().unwrap(),
        DeviceKind::Forwarder
    );
    assert_eq!(
        "streamer".parse::<DeviceKind>().unwrap(),
        DeviceKind::Streamer
    );
    let err = "broker".parse::<DeviceKind>().unwrap_err().to_string();
    assert!(err.contains("unknown device \"broker\""), "{err}");
}
