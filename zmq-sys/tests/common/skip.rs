//! The one skip mechanism of the tests: a test whose need the machine does not meet (root,
//! network namespaces, `CAP_NET_RAW`, pyzmq, a build feature) calls [`skip`] and returns.
//!
//! - Under `CI=true` a skip is a failure: [`skip`] panics, because CI must run every test.
//! - Otherwise the reason is written at once to the process's stderr (file descriptor 2, with
//!   `write(2)`: libtest captures `println!`/`eprintln!` of passing tests, not the descriptor),
//!   and remembered. When the test binary exits, an `atexit` handler prints, after libtest's
//!   `test result:` line, how many tests skipped and why, e.g.
//!   `SKIPPED: 9 tests of this binary did not run ...` with each reason and its tests.
//!
//! This file is also used, unchanged, by zmq-sys's tests (`zmq-sys/tests/common/skip.rs` is a
//! copy, because a packaged zmq-sys cannot read `../tests`; CI checks the two are identical), so
//! it depends on nothing but `std` and `libc`.
#![allow(dead_code)]

use std::sync::{Mutex, Once};

/// The skips of this process: (test name, reason).
static SKIPPED: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

/// Whether this run is CI (`CI=true`), where nothing may skip.
pub fn under_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// Writes `text` straight to file descriptor 2, past libtest's output capture.
fn write_stderr(text: &str) {
    let mut bytes = text.as_bytes();
    while !bytes.is_empty() {
        // SAFETY: the pointer and length describe the live slice `bytes`.
        let n = unsafe { libc::write(2, bytes.as_ptr().cast(), bytes.len()) };
        if n <= 0 {
            return;
        }
        bytes = &bytes[n as usize..];
    }
}

/// The `atexit` handler: the summary of this binary's skips.
extern "C" fn summary() {
    let skipped = match SKIPPED.lock() {
        Ok(s) => s,
        Err(poisoned) => poisoned.into_inner(),
    };
    if skipped.is_empty() {
        return;
    }
    // The tests grouped by reason, reasons in the order they first appeared.
    let mut reasons: Vec<(&str, Vec<&str>)> = Vec::new();
    for (test, reason) in skipped.iter() {
        match reasons.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, tests)) => tests.push(test),
            None => reasons.push((reason, vec![test])),
        }
    }
    let n = skipped.len();
    let mut text = format!(
        "\nSKIPPED: {n} test{} of this binary did not run (reported as passed; under CI=true \
         they fail):\n",
        if n == 1 { "" } else { "s" }
    );
    for (reason, tests) in reasons {
        text.push_str(&format!("  {} {reason}:\n", tests.len()));
        for test in tests {
            text.push_str(&format!("    {test}\n"));
        }
    }
    write_stderr(&text);
}

/// Skips the calling test because of `reason` (say what is needed and how to get it): panics
/// under `CI=true`; otherwise prints the reason past the output capture and records it for the
/// summary at exit. The caller returns right after.
pub fn skip(reason: &str) {
    if under_ci() {
        panic!("CI=true: this test must run, but it {reason}");
    }
    static ATEXIT: Once = Once::new();
    ATEXIT.call_once(|| {
        // SAFETY: `summary` is an `extern "C" fn()` that never unwinds (it does not panic: a
        // poisoned lock is taken over, formatting into a String cannot fail).
        unsafe { libc::atexit(summary) };
    });
    let test = std::thread::current()
        .name()
        .unwrap_or("<unnamed test thread>")
        .to_owned();
    write_stderr(&format!("SKIPPED {test}: it {reason}\n"));
    let mut skipped = match SKIPPED.lock() {
        Ok(s) => s,
        Err(poisoned) => poisoned.into_inner(),
    };
    skipped.push((test, reason.to_owned()));
}

/// `true` when `unmet` is `None`; otherwise skips with that reason (see [`skip`]) and returns
/// `false`: `if !skip::unless(why_not()) { return; }`.
pub fn unless(unmet: Option<String>) -> bool {
    match unmet {
        None => true,
        Some(reason) => {
            skip(&reason);
            false
        }
    }
}
