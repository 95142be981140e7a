//! The integration tests, one module per concern, in one test binary: each binary links the
//! whole native stack (libzmq, OpenPGM, libsodium), so one binary instead of thirty keeps
//! `cargo test` fast. Tests that need a process of their own stay separate binaries in tests/:
//! `alloc` and `perf_alloc` (a counting global allocator), `faults` and `bad_input` (they
//! re-execute their own binary as child processes that are killed, stopped or aborted).
//!
//! Run one concern with a filter: `cargo test --test it -- socket::`.

#[path = "../common/mod.rs"]
mod common;

mod aio;
mod context;
mod demos;
mod devices;
mod draft;
mod endpoint;
mod free_once;
mod interop_pyzmq;
mod message;
mod monitor;
mod native;
mod options;
mod pgm;
mod pgm_examples;
mod pgm_log;
mod pgm_slow_consumer;
mod poll;
mod proxy;
mod security;
mod socket;
mod util;
mod zguide_ch1_2;
mod zguide_ch3;
mod zguide_ch4;
mod zguide_ch5;
mod zguide_ch5_chp;
mod zguide_ch78;
mod zguide_index;
mod zguide_pirate;
mod zmq_device_cli;
