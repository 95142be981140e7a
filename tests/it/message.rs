//! Messages: zero-copy ownership, sharing, mutability rules, metadata.

use std::time::Duration;

use crate::common::*;
use zmq::{Context, Message, SocketType};

#[test]
fn construction_and_deref() {
    assert!(Message::new().is_empty());
    let m = Message::with_size(5).unwrap();
    assert_eq!(&m[..], &[0u8; 5], "never exposes uninitialised bytes");
    assert_eq!(&Message::from("hello")[..], b"hello");
    assert_eq!(&Message::from(String::from("owned"))[..], b"owned");
    assert_eq!(&Message::from(&b"bytes"[..])[..], b"bytes");
    assert_eq!(&Message::from(b"array")[..], b"array");
    assert_eq!(&Message::from(vec![9u8; 1000])[..], &[9u8; 1000][..]);
    assert_eq!(
        &Message::from(vec![1u8, 2, 3].into_boxed_slice())[..],
        &[1, 2, 3]
    );
    static BIG: [u8; 4096] = [42; 4096];
    assert_eq!(&Message::from_static(&BIG).unwrap()[..], &BIG[..]);
    assert_eq!(Message::from("x"), Message::from(vec![b'x']));
    assert_eq!(format!("{:?}", Message::from("hi")), "Message(\"hi\")");
}

#[test]
fn data_mut_on_owned_messages() {
    let mut m = Message::with_size(4).unwrap();
    m.data_mut().unwrap().copy_from_slice(b"abcd");
    assert_eq!(&m[..], b"abcd");
    let mut big = Message::from(vec![0u8; 1000]);
    big.data_mut().unwrap()[999] = 1;
    assert_eq!(big[999], 1);
}

#[test]
fn static_memory_is_never_writable() {
    static DATA: [u8; 100] = [0; 100];
    let mut m = Message::from_static(&DATA).unwrap();
    assert!(m.data_mut().is_none());
}

#[test]
fn share_shares_and_then_refuses_mutation() {
    let mut a = Message::from(vec![5u8; 1000]);
    assert!(!a.is_shared());
    let b = a.share();
    assert!(a.is_shared() && b.is_shared());
    assert!(a.data_mut().is_none(), "shared buffer must not be writable");
    assert_eq!(a, b);
    drop(b);
    // libzmq keeps the shared flag once set (it cannot tell how many sharers remain without a
    // race), so the message stays read-only: conservative and sound.
    assert!(a.is_shared());
    assert!(a.data_mut().is_none());
    // Unshared messages stay writable after a send/recv cycle of others.
    let mut c = Message::from(vec![1u8; 1000]);
    assert!(c.data_mut().is_some());
}

#[test]
fn pub_fan_out_messages_are_shared_and_refuse_mutation() {
    with_timeout(Duration::from_secs(10), || {
        let ctx = Context::new().unwrap();
        let publisher = socket(&ctx, SocketType::Pub);
        publisher.bind("inproc://fan-out").unwrap();
        let subs: Vec<_> = (0..2)
            .map(|_| {
                let s = socket(&ctx, SocketType::Sub);
                s.connect("inproc://fan-out").unwrap();
                s.subscribe("").unwrap();
                s
            })
            .collect();
        // Give the subscriptions time to reach the publisher over inproc.
        std::thread::sleep(Duration::from_millis(100));
        publisher.send(vec![3u8; 1000]).unwrap();
        let received: Vec<Message> = subs.iter().map(|s| s.recv_msg().unwrap()).collect();
        for mut m in received {
            assert_eq!(&m[..], &[3u8; 1000][..]);
            assert!(m.is_shared(), "one refcounted buffer for both subscribers");
            assert!(m.data_mut().is_none());
        }
    });
}

#[test]
fn metadata_of_received_messages() {
    with_timeout(Duration::from_secs(10), || {
        let ctx = Context::new().unwrap();
        let server = socket(&ctx, SocketType::Rep);
        server.bind("tcp://127.0.0.1:*").unwrap();
        let client = socket(&ctx, SocketType::Req);
        client.connect(&server.last_endpoint().unwrap()).unwrap();
        client.send("hi").unwrap();
        let m = server.recv_msg().unwrap();
        assert_eq!(m.gets("Socket-Type"), Some("REQ"));
        assert_eq!(m.gets("Peer-Address"), Some("127.0.0.1"));
        assert_eq!(m.gets("No-Such-Property"), None);
        assert_eq!(m.gets("bad\0key"), None);
        assert_eq!(Message::from("local").gets("Socket-Type"), None);
    });
}

#[test]
fn raw_message_round_trip() {
    let m = Message::from(vec![4u8; 100]);
    let raw = m.into_raw();
    // SAFETY: raw came from into_raw and is used once.
    let m = unsafe { Message::from_raw(raw) };
    assert_eq!(&m[..], &[4u8; 100][..]);
}

#[cfg(feature = "bytes")]
#[test]
fn zero_copy_from_bytes() {
    let b = bytes::Bytes::from(vec![8u8; 1000]);
    let mut m = Message::from(b.clone());
    assert_eq!(m.as_ptr(), b.as_ptr(), "no copy");
    assert!(m.data_mut().is_none(), "Bytes may be shared");
}

#[test]
fn zero_copy_from_vec_keeps_the_buffer() {
    let v = vec![6u8; 4096];
    let ptr = v.as_ptr();
    let m = Message::from(v);
    assert_eq!(m.as_ptr(), ptr, "no copy");
}
