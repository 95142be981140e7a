//! Finding a Python interpreter with pyzmq for the interop tests.
//!
//! The interpreter is `$ZMQ_TEST_PYTHON` when set (e.g. `~/.venv/pyzmq/bin/python`), else
//! `python3`. When it cannot `import zmq`, the test skips (see [`super::skip`]) with advice that
//! works on Debian 12, whose system Python refuses `pip install` (externally-managed-environment):
//!
//! ```sh
//! python3 -m venv ~/.venv/pyzmq && ~/.venv/pyzmq/bin/pip install pyzmq
//! ZMQ_TEST_PYTHON=~/.venv/pyzmq/bin/python cargo test --workspace
//! ```
#![allow(dead_code)]

use std::process::{Command, Stdio};
use std::sync::OnceLock;

use super::skip;

/// The variable naming the interpreter.
pub const VAR: &str = "ZMQ_TEST_PYTHON";

/// How to get pyzmq, for skip messages.
pub const ADVICE: &str = "python3 -m venv ~/.venv/pyzmq && ~/.venv/pyzmq/bin/pip install pyzmq, \
    then run the tests with ZMQ_TEST_PYTHON=~/.venv/pyzmq/bin/python";

/// The interpreter to try: `$ZMQ_TEST_PYTHON`, else `python3`.
pub fn interpreter() -> String {
    std::env::var(VAR)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "python3".to_owned())
}

/// Why pyzmq (with CURVE when `curve`) cannot be used, if it cannot.
fn unmet(curve: bool) -> Option<String> {
    let python = interpreter();
    let check = "import zmq, sys; sys.exit(0 if zmq.has('curve') else 7)";
    match Command::new(&python)
        .args(["-c", check])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
    {
        Ok(s) if s.success() => None,
        Ok(s) if s.code() == Some(7) => {
            if curve {
                Some(format!(
                    "needs a pyzmq with CURVE; the libzmq of {python}'s pyzmq has none"
                ))
            } else {
                None
            }
        }
        Ok(_) => Some(format!(
            "needs pyzmq, and `{python} -c 'import zmq'` failed: {ADVICE}"
        )),
        Err(e) => Some(format!(
            "needs pyzmq, and {python} cannot be run ({e}): {ADVICE}"
        )),
    }
}

fn checked(curve: bool) -> &'static Option<String> {
    static PLAIN: OnceLock<Option<String>> = OnceLock::new();
    static CURVE: OnceLock<Option<String>> = OnceLock::new();
    if curve {
        CURVE.get_or_init(|| unmet(true))
    } else {
        PLAIN.get_or_init(|| unmet(false))
    }
}

/// The interpreter with pyzmq (with CURVE when `curve`), or `None` after skipping the calling
/// test (a failure under `CI=true`): `let Some(python) = pyzmq::python(false) else { return };`.
pub fn python(curve: bool) -> Option<String> {
    match checked(curve) {
        None => Some(interpreter()),
        Some(reason) => {
            skip::skip(reason);
            None
        }
    }
}

/// The interpreter for a script that needs only Python's standard library, or `None` after
/// skipping the calling test when it cannot be run.
pub fn plain_python() -> Option<String> {
    static CHECKED: OnceLock<Option<String>> = OnceLock::new();
    let unmet = CHECKED.get_or_init(|| {
        let python = interpreter();
        match Command::new(&python)
            .args(["-c", "import json"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
        {
            Ok(s) if s.success() => None,
            Ok(s) => Some(format!(
                "needs Python 3, and `{python} -c 'import json'` failed ({s})"
            )),
            Err(e) => Some(format!("needs Python 3, and {python} cannot be run ({e})")),
        }
    });
    match unmet {
        None => Some(interpreter()),
        Some(reason) => {
            skip::skip(reason);
            None
        }
    }
}
