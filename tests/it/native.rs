//! Native interop: C code in the same binary calls libzmq directly on a context and sockets
//! created in Rust (the C file is zmq-test-peer/peer.c, compiled by that dev-only crate).

use std::os::raw::c_char;
use std::time::Duration;

use crate::common::*;
use zmq::{Context, Socket, SocketType};

use zmq_test_peer::{native_peer_recv, native_peer_send, native_peer_socket, native_peer_version};

#[test]
fn c_code_uses_rust_created_context_and_sockets() {
    with_timeout(Duration::from_secs(10), || {
        // Same libzmq on both sides.
        let (major, minor, patch) = zmq::version();
        assert_eq!(
            unsafe { native_peer_version() },
            major * 10000 + minor * 100 + patch
        );

        let ctx = Context::new().unwrap();
        let rust_side = socket(&ctx, SocketType::Pair);
        rust_side.bind("inproc://native").unwrap();

        // C sends on a socket created in Rust.
        let c_side = socket(&ctx, SocketType::Pair);
        c_side.connect("inproc://native").unwrap();
        let rc = unsafe { native_peer_send(c_side.as_raw(), c"from C".as_ptr()) };
        assert_eq!(rc, 6);
        assert_eq!(rust_side.recv_string().unwrap(), "from C");

        // C receives what Rust sent.
        rust_side.send("from Rust").unwrap();
        let mut buf = [0 as c_char; 32];
        let n = unsafe { native_peer_recv(c_side.as_raw(), buf.as_mut_ptr(), buf.len()) };
        assert_eq!(n, 9);
        let got: Vec<u8> = buf[..9].iter().map(|c| *c as u8).collect();
        assert_eq!(got, b"from Rust");

        // C creates a socket in the Rust context; Rust takes ownership of it.
        let raw = unsafe { native_peer_socket(ctx.as_raw(), zmq::sys::ZMQ_PUSH) };
        assert!(!raw.is_null());
        // SAFETY: a live socket of `ctx`, owned by nobody else.
        let push = unsafe { Socket::from_raw(raw, &ctx) };
        assert_eq!(push.socket_type().unwrap(), SocketType::Push);
        let pull = socket(&ctx, SocketType::Pull);
        pull.bind("inproc://native-push").unwrap();
        push.connect("inproc://native-push").unwrap();
        push.send("owned by Rust now").unwrap();
        assert_eq!(pull.recv_string().unwrap(), "owned by Rust now");
    });
}
