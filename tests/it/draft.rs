//! The draft API (feature `draft`): thread-safe socket types, routing ids, groups, zmq_poller.
#![cfg(zmq_has_draft)]

use std::time::Duration;

use crate::common::*;
use zmq::{Context, Message, Poller, PollerEvent, SocketType};

#[test]
fn draft_is_reported() {
    assert!(zmq::has("draft"));
}

#[test]
fn server_client_routing_ids() {
    with_timeout(Duration::from_secs(10), || {
        let ctx = Context::new().unwrap();
        let server = socket(&ctx, SocketType::Server);
        server.bind("tcp://127.0.0.1:*").unwrap();
        let client = socket(&ctx, SocketType::Client);
        client.connect(&server.last_endpoint().unwrap()).unwrap();
        client.send("ping").unwrap();
        let request = server.recv_msg().unwrap();
        let id = request
            .routing_id()
            .expect("SERVER messages carry a routing id");
        let mut reply = Message::from("pong");
        reply.set_routing_id(id).unwrap();
        server.send(reply).unwrap();
        assert_eq!(client.recv_string().unwrap(), "pong");
        // Without a routing id, SERVER cannot route: the message comes back.
        let err = server.send("nowhere").unwrap_err();
        assert_eq!(err.error, zmq::Error::from_errno(libc::EHOSTUNREACH));
        assert_eq!(err.msg.as_str(), Some("nowhere"));
    });
}

#[test]
fn radio_dish_groups() {
    with_timeout(Duration::from_secs(10), || {
        let ctx = Context::new().unwrap();
        let radio = socket(&ctx, SocketType::Radio);
        let dish = socket(&ctx, SocketType::Dish);
        radio.bind("inproc://radio").unwrap();
        dish.connect("inproc://radio").unwrap();
        dish.join("weather").unwrap();
        std::thread::sleep(Duration::from_millis(50));
        let mut sports = Message::from("goal");
        sports.set_group("sports").unwrap();
        radio.send(sports).unwrap();
        let mut weather = Message::from("sunny");
        weather.set_group("weather").unwrap();
        radio.send(weather).unwrap();
        let m = dish.recv_msg().unwrap();
        assert_eq!(m.as_str(), Some("sunny"));
        assert_eq!(m.group(), Some("weather"));
        dish.leave("weather").unwrap();
        assert!(Message::from("x").set_group("bad\0group").is_err());
    });
}

#[test]
fn poller_waits_on_sockets() {
    with_timeout(Duration::from_secs(10), || {
        let ctx = Context::new().unwrap();
        let a = socket(&ctx, SocketType::Pull);
        let b = socket(&ctx, SocketType::Pull);
        a.bind("inproc://poller-a").unwrap();
        b.bind("inproc://poller-b").unwrap();
        let to_b = socket(&ctx, SocketType::Push);
        to_b.connect("inproc://poller-b").unwrap();
        let mut poller = Poller::new().unwrap();
        poller.add(&a, zmq::POLLIN, 1).unwrap();
        poller.add(&b, zmq::POLLIN, 2).unwrap();
        assert_eq!(poller.len(), 2);
        assert!(
            poller.add(&a, zmq::POLLIN, 3).is_err(),
            "already registered"
        );
        assert_eq!(poller.wait(Some(Duration::from_millis(20))).unwrap(), None);
        to_b.send("hi").unwrap();
        let ev = poller.wait(Some(IO_TIMEOUT)).unwrap().unwrap();
        assert_eq!(
            ev,
            PollerEvent {
                token: 2,
                events: zmq::POLLIN
            }
        );
        let mut all = [PollerEvent {
            token: 0,
            events: zmq::PollEvents::EMPTY,
        }; 4];
        assert_eq!(poller.wait_all(&mut all, Some(Duration::ZERO)).unwrap(), 1);
        assert_eq!(b.recv_string().unwrap(), "hi");
        poller.remove(&b).unwrap();
        assert_eq!(poller.len(), 1);
    });
}
