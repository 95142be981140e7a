//! Every buffer handed to libzmq without copying is freed exactly once (its own test binary, so
//! the process-wide counter sees no other test).

mod common;

use std::time::Duration;

use common::*;
use zmq::{Context, Flags, Message, SocketType};

#[test]
fn zero_copy_buffers_are_freed_exactly_once() {
    with_timeout(Duration::from_secs(10), || {
        let ctx = Context::new().unwrap();
        let a = socket(&ctx, SocketType::Pair);
        let b = socket(&ctx, SocketType::Pair);
        a.bind("inproc://free-once").unwrap();
        b.connect("inproc://free-once").unwrap();
        let before = zmq::testing::zero_copy_frees();
        const N: usize = 200;
        for i in 0..N {
            let mut v = vec![0u8; 1000 + i];
            v[0] = i as u8;
            a.send(v, Flags::NONE).unwrap();
        }
        let unsent = Message::from(vec![1u8; 5000]);
        let copy = unsent.clone();
        for i in 0..N {
            let m = b.recv_msg(Flags::NONE).unwrap();
            assert_eq!(m.len(), 1000 + i);
            assert_eq!(m[0], i as u8);
        }
        drop(unsent);
        assert_eq!(
            zmq::testing::zero_copy_frees() - before,
            N,
            "the shared copy still holds one buffer"
        );
        drop(copy);
        assert_eq!(zmq::testing::zero_copy_frees() - before, N + 1);
    });
}
