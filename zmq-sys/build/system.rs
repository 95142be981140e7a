//! System mode: link the libzmq that pkg-config finds (`ZMQ_SYS_USE_PKG_CONFIG=1`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{env_var, fail, feature, Facts, LIBZMQ_VERSION, SYSTEM_MIN_VERSION};

pub(crate) fn system() -> Facts {
    let lib = pkg_config::Config::new()
        .atleast_version(SYSTEM_MIN_VERSION)
        .probe("libzmq")
        .unwrap_or_else(|err| {
            fail(&format!(
                "ZMQ_SYS_USE_PKG_CONFIG is set, but pkg-config found no usable libzmq >= {SYSTEM_MIN_VERSION}:\n\
                 {err}\n\n\
                 Install the development package of libzmq, e.g. on Debian/Ubuntu:\n\
                 \x20   apt-get install libzmq3-dev\n\
                 or point PKG_CONFIG_PATH at the directory holding libzmq.pc,\n\
                 or unset ZMQ_SYS_USE_PKG_CONFIG to build the bundled libzmq {LIBZMQ_VERSION} instead."
            ))
        });
    let include = lib
        .include_paths
        .iter()
        .find(|dir| dir.join("zmq.h").is_file())
        .cloned()
        .unwrap_or_else(|| PathBuf::from("/usr/include"));
    let root = include
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| include.clone());
    // The private requirements in libzmq.pc say what the library was built with; reading them is a
    // fact of the build, unlike calling the host's zmq_has() (which would break cross-compiling).
    let private = pkg_config_private_requires();
    let pgm = private.contains("openpgm") || private.contains("-lpgm");
    let curve = private.contains("libsodium") || private.contains("-lsodium");
    Facts {
        include,
        root,
        version: lib.version,
        vendored: false,
        pgm,
        curve,
        draft: feature("draft"),
    }
}

fn pkg_config_private_requires() -> String {
    let exe = env_var("PKG_CONFIG").unwrap_or_else(|| "pkg-config".to_owned());
    let mut text = String::new();
    for arg in ["--print-requires-private", "--libs-only-l"] {
        let mut cmd = Command::new(&exe);
        cmd.arg(arg);
        if arg == "--libs-only-l" {
            cmd.arg("--static");
        }
        if let Ok(out) = cmd.arg("libzmq").output() {
            text.push_str(&String::from_utf8_lossy(&out.stdout));
            text.push('\n');
        }
    }
    text
}
