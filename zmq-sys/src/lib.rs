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

#[cfg(not(unix))]
compile_error!("zmq and zmq-sys support Unix targets only (Linux, macOS, the BSDs): on Windows libzmq's socket handles are SOCKETs, not file descriptors, and there is no Windows build recipe; see the README's \"Platforms\" section");

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

/// OpenPGM's log hook (vendored builds with the `pgm` feature only: it lives in the static
/// OpenPGM linked here). Declarations from OpenPGM's `pgm/messages.h`.
#[cfg(zmq_sys_link_pgm)]
pub mod pgm {
    use core::ffi::{c_char, c_int, c_void};

    /// `pgm_log_func_t`: receives the level, the formatted line (`"Warn: ..."`) and the closure.
    pub type pgm_log_func_t = Option<
        unsafe extern "C" fn(log_level: c_int, message: *const c_char, closure: *mut c_void),
    >;

    pub const PGM_LOG_LEVEL_DEBUG: c_int = 0;
    pub const PGM_LOG_LEVEL_TRACE: c_int = 1;
    pub const PGM_LOG_LEVEL_MINOR: c_int = 2;
    pub const PGM_LOG_LEVEL_NORMAL: c_int = 3;
    pub const PGM_LOG_LEVEL_WARNING: c_int = 4;
    pub const PGM_LOG_LEVEL_ERROR: c_int = 5;
    pub const PGM_LOG_LEVEL_FATAL: c_int = 6;

    unsafe extern "C" {
        /// Replaces OpenPGM's log output (stdout by default); returns the previous handler.
        pub fn pgm_log_set_handler(handler: pgm_log_func_t, closure: *mut c_void)
            -> pgm_log_func_t;
        /// Messages below this level are not formatted at all (default `PGM_LOG_LEVEL_NORMAL`).
        pub static mut pgm_min_log_level: c_int;
    }
}
