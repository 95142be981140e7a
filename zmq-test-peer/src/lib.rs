//! A C peer for the `zmq` crate's native interop test (`tests/it/native.rs`): C code in the same
//! binary calls libzmq directly on contexts and sockets created in Rust. Dev-only: `zmq` uses it
//! as a `[dev-dependencies]`, so no downstream build of `zmq` compiles C for its tests.

use std::os::raw::{c_char, c_int, c_void};

// libzmq itself: the peer's static library is resolved against zmq-sys' link.
use zmq_sys as _;

extern "C" {
    /// `zmq_send(socket, text, strlen(text), 0)`.
    pub fn native_peer_send(socket: *mut c_void, text: *const c_char) -> c_int;
    /// `zmq_recv(socket, buf, len, 0)`.
    pub fn native_peer_recv(socket: *mut c_void, buf: *mut c_char, len: usize) -> c_int;
    /// `zmq_socket(context, kind)`.
    pub fn native_peer_socket(context: *mut c_void, kind: c_int) -> *mut c_void;
    /// `zmq_version` as `major * 10000 + minor * 100 + patch`.
    pub fn native_peer_version() -> c_int;
}
