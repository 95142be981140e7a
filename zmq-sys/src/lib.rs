//! Raw FFI bindings to libzmq 4.3.5.
//!
//! By default the library is compiled from the pristine libzmq 4.3.5 sources, with OpenPGM
//! (`epgm://`, `pgm://`; feature `pgm`) and libsodium (CURVE; feature `curve`), into static
//! libraries. `ZMQ_SYS_USE_PKG_CONFIG=1` links the system libzmq instead.
//!
//! The declarations are bindgen output from the vendored `zmq.h` (see `regen-bindings.sh`); the
//! draft API (`zmq_poller_*`, thread-safe socket types, draft options) is present with the `draft`
//! feature. This crate holds no logic: use the `zmq` crate for a safe API.
//!
//! Facts of the build are published to dependents' build scripts as `DEP_ZMQ_INCLUDE`,
//! `DEP_ZMQ_ROOT`, `DEP_ZMQ_VERSION`, `DEP_ZMQ_VENDORED`, `DEP_ZMQ_HAS_PGM`, `DEP_ZMQ_HAS_CURVE` and
//! `DEP_ZMQ_HAS_DRAFT`.
#![no_std]
#![allow(non_camel_case_types, non_upper_case_globals, non_snake_case)]
#![allow(missing_docs, clippy::all)]

// The static OpenPGM and libsodium libraries come from these crates; naming them makes rustc link
// their archives after libzmq's.
#[cfg(zmq_sys_link_sodium)]
extern crate libsodium_sys;
#[cfg(zmq_sys_link_pgm)]
extern crate openpgm_sys;

#[cfg(feature = "buildtime-bindgen")]
include!(concat!(env!("OUT_DIR"), "/bindings.rs"));

#[cfg(all(not(feature = "buildtime-bindgen"), zmq_sys_draft))]
include!("bindings/draft.rs");

#[cfg(all(not(feature = "buildtime-bindgen"), not(zmq_sys_draft)))]
include!("bindings/stable.rs");
