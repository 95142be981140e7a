//! OpenPGM's log output, routed into the [`log`] crate.
//!
//! OpenPGM prints warnings such as `Warn: Interface lo reports as a loopback device.` straight to
//! stdout. With the vendored OpenPGM this crate installs OpenPGM's log handler the first time a
//! [`crate::Context`] is created, so those lines become `log` records with target `"openpgm"`:
//! OpenPGM `DEBUG`/`TRACE` → [`log::Level::Trace`], `MINOR` → `Debug`, `NORMAL` → `Info`,
//! `WARNING` → `Warn`, `ERROR`/`FATAL` → `Error`. The level prefix (`"Warn: "`) is removed.

/// Installs the handler once per process (called by `Context::new`). No-op without the vendored
/// OpenPGM (system mode links OpenPGM, if at all, inside the system libzmq).
pub(crate) fn route_log_once() {
    #[cfg(zmq_pgm_log)]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            // SAFETY: installs a function that lives for the program; called once, before any
            // PGM socket of this crate exists (pgm_init runs on the first PGM socket).
            unsafe {
                crate::sys::pgm::pgm_log_set_handler(Some(on_pgm_log), std::ptr::null_mut());
            }
        });
    }
}

#[cfg(zmq_pgm_log)]
fn level(pgm_level: i32) -> log::Level {
    use crate::sys::pgm::*;
    match pgm_level {
        PGM_LOG_LEVEL_DEBUG | PGM_LOG_LEVEL_TRACE => log::Level::Trace,
        PGM_LOG_LEVEL_MINOR => log::Level::Debug,
        PGM_LOG_LEVEL_NORMAL => log::Level::Info,
        PGM_LOG_LEVEL_WARNING => log::Level::Warn,
        _ => log::Level::Error,
    }
}

/// The handler OpenPGM calls (under its own mutex) for every log line. Never unwinds into C.
#[cfg(zmq_pgm_log)]
unsafe extern "C" fn on_pgm_log(
    pgm_level: std::os::raw::c_int,
    message: *const std::os::raw::c_char,
    _closure: *mut std::os::raw::c_void,
) {
    if message.is_null() {
        return;
    }
    // SAFETY: OpenPGM passes a NUL-terminated line valid for the duration of the call.
    let text = unsafe { std::ffi::CStr::from_ptr(message) }.to_string_lossy();
    let _ = std::panic::catch_unwind(|| {
        let body = text.split_once(": ").map_or(&*text, |(_, rest)| rest);
        log::log!(target: "openpgm", level(pgm_level), "{body}");
    });
}

#[cfg(all(test, zmq_pgm_log))]
mod tests {
    #[test]
    fn levels_map() {
        use crate::sys::pgm::*;
        assert_eq!(super::level(PGM_LOG_LEVEL_WARNING), log::Level::Warn);
        assert_eq!(super::level(PGM_LOG_LEVEL_FATAL), log::Level::Error);
        assert_eq!(super::level(PGM_LOG_LEVEL_NORMAL), log::Level::Info);
        assert_eq!(super::level(PGM_LOG_LEVEL_TRACE), log::Level::Trace);
    }
}
