//! Reads the facts `zmq-sys` publishes as links metadata (`DEP_ZMQ_*`) and turns them into cfgs.
//! Never runs the host's libzmq to find anything out (that would break cross-compiling).

use std::env;

/// Reads an environment variable and tells cargo to rerun when it changes.
fn env_var(name: &str) -> Option<String> {
    println!("cargo:rerun-if-env-changed={name}");
    env::var(name).ok()
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    for (meta, cfg) in [
        ("DEP_ZMQ_HAS_PGM", "zmq_has_pgm"),
        ("DEP_ZMQ_HAS_CURVE", "zmq_has_curve"),
        ("DEP_ZMQ_HAS_DRAFT", "zmq_has_draft"),
        ("DEP_ZMQ_VENDORED", "zmq_vendored"),
    ] {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if env_var(meta).as_deref() == Some("1") {
            println!("cargo:rustc-cfg={cfg}");
        }
    }
    // OpenPGM's own symbols (its log hook) are reachable only when zmq-sys linked the static
    // OpenPGM itself.
    println!("cargo::rustc-check-cfg=cfg(zmq_pgm_log)");
    if env_var("DEP_ZMQ_VENDORED").as_deref() == Some("1")
        && env_var("DEP_ZMQ_HAS_PGM").as_deref() == Some("1")
    {
        println!("cargo:rustc-cfg=zmq_pgm_log");
    }
    let version = env_var("DEP_ZMQ_VERSION").unwrap_or_default();
    println!("cargo:rustc-env=ZMQ_BUILD_LIBZMQ_VERSION={version}");
    if let Some(include) = env_var("DEP_ZMQ_INCLUDE") {
        println!("cargo:rustc-env=ZMQ_BUILD_INCLUDE={include}");
    }
}
