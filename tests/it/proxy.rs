//! zmq_proxy and zmq_proxy_steerable: multipart messages pass intact both ways; control commands.

use std::time::Duration;

use crate::common::*;
use zmq::{Context, Error, SocketType};

#[test]
fn queue_proxy_forwards_multipart_both_ways_until_shutdown() {
    with_timeout(Duration::from_secs(20), || {
        let ctx = Context::new().unwrap();
        let frontend = ctx.socket(SocketType::Router).unwrap();
        let backend = ctx.socket(SocketType::Dealer).unwrap();
        frontend.bind("inproc://proxy-front").unwrap();
        backend.bind("inproc://proxy-back").unwrap();
        let device = std::thread::spawn(move || zmq::proxy(&frontend, &backend));

        let worker = socket(&ctx, SocketType::Rep);
        worker.connect("inproc://proxy-back").unwrap();
        let client = socket(&ctx, SocketType::Req);
        client.connect("inproc://proxy-front").unwrap();
        let dealer_client = socket(&ctx, SocketType::Dealer);
        dealer_client.connect("inproc://proxy-front").unwrap();

        for i in 0..50 {
            client
                .send_multipart([format!("req {i}"), "part two".into(), String::new()])
                .unwrap();
            let parts = worker.recv_multipart().unwrap();
            let parts: Vec<&str> = parts.iter().map(|m| m.as_str().unwrap()).collect();
            assert_eq!(parts, [format!("req {i}").as_str(), "part two", ""]);
            worker.send_multipart(["rep", "two", "three"]).unwrap();
            let reply = client.recv_multipart().unwrap();
            assert_eq!(reply.len(), 3);
            assert_eq!(reply[2].as_str(), Some("three"));
        }
        // A DEALER client's envelope (empty delimiter) passes untouched too.
        dealer_client.send_multipart(["", "via dealer"]).unwrap();
        assert_eq!(worker.recv_string().unwrap(), "via dealer");
        worker.send("back").unwrap();
        let back = dealer_client.recv_multipart().unwrap();
        assert_eq!(back.len(), 2);
        assert!(back[0].is_empty() && back[1].as_str() == Some("back"));

        ctx.shutdown().unwrap();
        assert_eq!(device.join().unwrap(), Err(Error::ContextTerminated));
    });
}

#[test]
fn steerable_proxy_pause_resume_statistics_terminate() {
    with_timeout(Duration::from_secs(20), || {
        let ctx = Context::new().unwrap();
        let frontend = ctx.socket(SocketType::Pull).unwrap();
        let backend = ctx.socket(SocketType::Push).unwrap();
        let capture = ctx.socket(SocketType::Push).unwrap();
        let control = ctx.socket(SocketType::Rep).unwrap();
        frontend.bind("inproc://st-front").unwrap();
        backend.bind("inproc://st-back").unwrap();
        capture.bind("inproc://st-capture").unwrap();
        control.bind("inproc://st-control").unwrap();
        let device = std::thread::spawn(move || {
            zmq::proxy_steerable(&frontend, &backend, Some(&capture), &control)
        });
        let producer = socket(&ctx, SocketType::Push);
        producer.connect("inproc://st-front").unwrap();
        let consumer = socket(&ctx, SocketType::Pull);
        consumer.connect("inproc://st-back").unwrap();
        let tap = socket(&ctx, SocketType::Pull);
        tap.connect("inproc://st-capture").unwrap();
        let ctl = socket(&ctx, SocketType::Req);
        ctl.connect("inproc://st-control").unwrap();
        let command = |c: &str| {
            ctl.send(c).unwrap();
            ctl.recv_multipart().unwrap()
        };

        producer.send("one").unwrap();
        assert_eq!(consumer.recv_string().unwrap(), "one");
        assert_eq!(tap.recv_string().unwrap(), "one");

        command("PAUSE");
        producer.send("two").unwrap();
        consumer
            .set_rcvtimeo(Some(Duration::from_millis(200)))
            .unwrap();
        assert_eq!(
            consumer.recv_msg().unwrap_err(),
            Error::WouldBlock,
            "paused"
        );
        command("RESUME");
        consumer.set_rcvtimeo(Some(IO_TIMEOUT)).unwrap();
        assert_eq!(
            consumer.recv_string().unwrap(),
            "two",
            "held, then delivered"
        );

        producer.send_multipart(["three", "parts", "here"]).unwrap();
        assert_eq!(consumer.recv_multipart().unwrap().len(), 3);
        let stats = zmq::ProxyStatistics::from_reply(&command("STATISTICS")).unwrap();
        assert_eq!(
            stats,
            zmq::ProxyStatistics {
                frontend_recv_parts: 5,
                frontend_recv_bytes: 3 + 3 + 5 + 5 + 4,
                backend_sent_parts: 5,
                backend_sent_bytes: 3 + 3 + 5 + 5 + 4,
                ..Default::default()
            }
        );
        for _ in 0..4 {
            tap.recv_msg().unwrap(); // the capture saw every part
        }
        // Unknown commands are answered with an empty reply.
        assert!(command("HELLO")[0].is_empty());

        ctl.send("TERMINATE").unwrap();
        assert_eq!(device.join().unwrap(), Ok(()));
    });
}

#[test]
fn steerable_proxy_hears_terminate_while_the_backend_is_stuck() {
    with_timeout(Duration::from_secs(10), || {
        let ctx = Context::new().unwrap();
        let frontend = ctx.socket(SocketType::Pull).unwrap();
        let backend = ctx.socket(SocketType::Push).unwrap(); // no consumer: never writable
        let control = ctx.socket(SocketType::Pair).unwrap();
        frontend.bind("inproc://stuck-front").unwrap();
        backend.bind("inproc://stuck-back").unwrap();
        control.bind("inproc://stuck-control").unwrap();
        let device =
            std::thread::spawn(move || zmq::proxy_steerable(&frontend, &backend, None, &control));
        let producer = socket(&ctx, SocketType::Push);
        producer.connect("inproc://stuck-front").unwrap();
        producer.send("waiting").unwrap();
        std::thread::sleep(Duration::from_millis(100));
        let ctl = socket(&ctx, SocketType::Pair);
        ctl.connect("inproc://stuck-control").unwrap();
        let start = std::time::Instant::now();
        ctl.send("TERMINATE").unwrap();
        assert_eq!(device.join().unwrap(), Ok(()));
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "{:?}",
            start.elapsed()
        );
    });
}
