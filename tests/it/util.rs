//! Utilities: version, capabilities, Z85, CURVE keys; the remaining socket shortcuts and the
//! Multipart container.

use std::time::Duration;

use crate::common::*;
use zmq::{Context, CurveKey, CurveKeyPair, Error, Flags, Message, Multipart, SocketType};

#[test]
fn version_and_capabilities() {
    assert_eq!(zmq::version(), (4, 3, 5));
    assert!(zmq::has("ipc"));
    assert_eq!(zmq::has("curve"), cfg!(feature = "curve"));
    assert_eq!(zmq::has("pgm"), cfg!(feature = "pgm"));
    assert!(!zmq::has("carrier-pigeon"));
    assert!(!zmq::has("ipc\0"));
}

#[test]
fn z85_round_trip_and_errors() {
    // The test vector of the Z85 specification (rfc.zeromq.org/spec/32).
    let data = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B];
    assert_eq!(zmq::z85_encode(&data).unwrap(), "HelloWorld");
    assert_eq!(zmq::z85_decode("HelloWorld").unwrap(), data);
    assert_eq!(zmq::z85_encode(&[]).unwrap(), "");
    assert!(matches!(
        zmq::z85_encode(&[1, 2, 3]),
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        zmq::z85_decode("Hell"),
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        zmq::z85_decode("Hell\""),
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        zmq::z85_decode("Hel\0o"),
        Err(Error::InvalidInput { .. })
    ));
    for len in [4usize, 32, 400] {
        let bytes: Vec<u8> = (0..len).map(|i| (i * 7) as u8).collect();
        assert_eq!(
            zmq::z85_decode(&zmq::z85_encode(&bytes).unwrap()).unwrap(),
            bytes
        );
    }
}

#[cfg(feature = "curve")]
#[test]
fn curve_keys() {
    let pair = CurveKeyPair::generate().unwrap();
    assert_ne!(pair.public, pair.secret);
    assert_eq!(zmq::curve_public(&pair.secret).unwrap(), pair.public);
    assert_eq!(CurveKeyPair::from_secret(pair.secret).unwrap(), pair);
    let z85 = pair.public.to_z85();
    assert_eq!(z85.len(), 40);
    assert_eq!(z85.parse::<CurveKey>().unwrap(), pair.public);
    assert_eq!(pair.public.to_string(), z85);
    assert!(
        !format!("{pair:?}").contains(&pair.secret.to_z85()),
        "Debug hides the secret"
    );
    assert!(matches!(
        CurveKey::from_z85("short"),
        Err(Error::InvalidInput { .. })
    ));
    assert!(CurveKey::from_z85(&"\"".repeat(40)).is_err());
    // Two generated pairs differ.
    assert_ne!(CurveKeyPair::generate().unwrap().secret, pair.secret);
}

#[test]
fn unsubscribe_stops_delivery() {
    with_timeout(Duration::from_secs(10), || {
        let ctx = Context::new().unwrap();
        let publisher = socket(&ctx, zmq::SocketType::Pub);
        publisher.bind("inproc://unsub").unwrap();
        let sub = socket(&ctx, SocketType::Sub);
        sub.connect("inproc://unsub").unwrap();
        sub.subscribe(b"a").unwrap();
        sub.subscribe("b").unwrap();
        std::thread::sleep(Duration::from_millis(50));
        sub.unsubscribe("a").unwrap();
        std::thread::sleep(Duration::from_millis(50));
        publisher.send("a1").unwrap();
        publisher.send("b1").unwrap();
        assert_eq!(sub.recv_string().unwrap(), "b1");
        assert_eq!(
            sub.recv_msg_with(Flags::DONTWAIT).unwrap_err(),
            Error::WouldBlock
        );
    });
}

#[test]
fn send_timeout_and_linger_shortcuts() {
    let ctx = Context::new().unwrap();
    let push = ctx.socket(SocketType::Push).unwrap();
    push.set_sndtimeo(Some(Duration::from_millis(30))).unwrap();
    push.set_linger(Some(Duration::ZERO)).unwrap();
    assert_eq!(push.get(zmq::opt::Linger).unwrap(), Some(Duration::ZERO));
    // No peer: the send times out and the message comes back.
    let err = push.send("stuck").unwrap_err();
    assert_eq!(err.error, Error::WouldBlock);
    assert_eq!(err.msg.as_str(), Some("stuck"));
    push.set_linger(None).unwrap();
    assert_eq!(push.get(zmq::opt::Linger).unwrap(), None);
    push.set_linger(Some(Duration::ZERO)).unwrap();
}

#[test]
fn raw_option_escape_hatch() {
    let ctx = Context::new().unwrap();
    let s = ctx.socket(SocketType::Dealer).unwrap();
    s.setsockopt_raw(zmq::sys::ZMQ_SNDHWM, &1234i32.to_ne_bytes())
        .unwrap();
    let mut buf = [0u8; 4];
    assert_eq!(s.getsockopt_raw(zmq::sys::ZMQ_SNDHWM, &mut buf).unwrap(), 4);
    assert_eq!(i32::from_ne_bytes(buf), 1234);
    assert_eq!(s.get(zmq::opt::SndHwm).unwrap(), 1234);
    // Unknown option ids are libzmq errors.
    assert_eq!(
        s.setsockopt_raw(9999, &[0; 4]).unwrap_err(),
        Error::from_errno(libc::EINVAL)
    );
    assert_eq!(
        s.getsockopt_raw(9999, &mut buf).unwrap_err(),
        Error::from_errno(libc::EINVAL)
    );
    // A buffer too small for an int option.
    assert_eq!(
        s.getsockopt_raw(zmq::sys::ZMQ_SNDHWM, &mut [0u8; 2])
            .unwrap_err(),
        Error::from_errno(libc::EINVAL)
    );
}

#[test]
fn multipart_container() {
    let mut parts: Multipart = ["a", "b"].into_iter().collect();
    assert_eq!(parts.len(), 2);
    parts.push(vec![1u8; 100]);
    assert_eq!(parts.len(), 3);
    parts.as_mut_slice()[0] = Message::from("A");
    let seen: Vec<usize> = (&parts).into_iter().map(|m| m.len()).collect();
    assert_eq!(seen, [1, 1, 100]);
    parts.clear();
    assert!(parts.is_empty());
    parts.push("again");
    let taken = parts.take();
    assert_eq!(taken.len(), 1);
    assert!(parts.is_empty());
    let reserved = Multipart::with_capacity(4);
    assert!(reserved.is_empty());
    let v: Vec<Message> = ["x", "y"]
        .into_iter()
        .collect::<Multipart>()
        .into_iter()
        .collect();
    assert_eq!(v.len(), 2);
}

#[test]
fn error_helpers() {
    assert!(Error::WouldBlock.is_would_block());
    assert!(Error::ContextTerminated.is_context_terminated());
    assert!(Error::Interrupted.is_interrupted());
    assert_eq!(Error::from_errno(libc::EAGAIN), Error::WouldBlock);
    assert_eq!(zmq::strerror(libc::EINVAL), "Invalid argument");
    let e = Error::InvalidEndpoint {
        endpoint: "x".into(),
        reason: "y".into(),
    };
    assert_eq!(e.errno(), libc::EINVAL);
    assert_eq!(e.to_string(), "invalid endpoint \"x\": y");
}
