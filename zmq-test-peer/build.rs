//! Compiles `peer.c` against the headers of the libzmq that `zmq-sys` links (its `DEP_ZMQ_INCLUDE`
//! metadata, when it publishes one) into the static library `zmq_native_peer`, linked into this
//! crate.

use std::env;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=peer.c");
    println!("cargo:rerun-if-env-changed=DEP_ZMQ_INCLUDE");
    let mut build = cc::Build::new();
    build.file("peer.c");
    // Without it (a system libzmq whose headers are on the default path) the compiler's own
    // search path finds zmq.h.
    if let Ok(include) = env::var("DEP_ZMQ_INCLUDE") {
        build.include(include);
    }
    build.compile("zmq_native_peer");
}
