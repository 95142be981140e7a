//! Build script of `zmq-sys`.
//!
//! Two modes:
//! - **vendored** (default): compiles libzmq 4.3.5 from the pristine tree carried by the `zeromq-src`
//!   crate with our own recipe (sorted source list, a `platform.hpp` generated from target facts,
//!   `-fvisibility=hidden`), against the static OpenPGM built by `openpgm-sys` (feature `pgm`) and the
//!   static libsodium built by `libsodium-sys-stable` (feature `curve`).
//! - **system**: `ZMQ_SYS_USE_PKG_CONFIG=1` beats every feature and links the system libzmq found by
//!   pkg-config (version >= 4.3.2).
//!
//! Facts of the build are published as `links` metadata (`DEP_ZMQ_*` for dependents).
//! Every environment variable is read through [`env_var`], which emits `rerun-if-env-changed`.
//!
//! The script is split by concern: `main.rs` (this file: environment, facts, entry point),
//! `system.rs` (pkg-config), `vendored.rs` (the static build and its source lists), `platform.rs`
//! (`platform.hpp`), `locate.rs` (finding the pristine trees), `bindings.rs` (bindgen).

use std::env;
use std::path::PathBuf;

mod bindings;
mod locate;
mod platform;
mod system;
mod vendored;

/// Version of libzmq this crate's vendored build and checked-in bindings are for.
pub(crate) const LIBZMQ_VERSION: &str = "4.3.5";
/// The one sentence for unsupported targets (also the `compile_error!` of both crates).
const UNSUPPORTED_TARGET: &str =
    "zmq and zmq-sys support Unix targets only (Linux, macOS, the BSDs): \
     on Windows libzmq's socket handles are SOCKETs, not file descriptors, and there is no Windows \
     build recipe; see the README's \"Platforms\" section";
/// Oldest system libzmq accepted in system mode.
pub(crate) const SYSTEM_MIN_VERSION: &str = "4.3.2";

/// Every environment variable this script reads, with what it does (printed in error messages).
const ENV_VARS: &[(&str, &str)] = &[
    (
        "ZMQ_SYS_USE_PKG_CONFIG",
        "=1 links the system libzmq through pkg-config; beats every cargo feature",
    ),
    (
        "ZMQ_SYS_LIBZMQ_SOURCE_DIR",
        "a pristine libzmq 4.3.5 tree to compile instead of the one carried by zeromq-src",
    ),
    (
        "ZMQ_SYS_OPENPGM_SOURCE_DIR",
        "the pristine OpenPGM tree (openpgm-sys's vendor/openpgm/pgm) whose cpu.c zmq-sys patches",
    ),
    (
        "ZMQ_SYS_SOURCE_DISCOVERY",
        "testing only: find the libzmq tree with this one method, report it and build nothing",
    ),
    (
        "ZMQ_SYS_BINDINGS_OUT",
        "with feature buildtime-bindgen: also write the generated bindings into this directory",
    ),
    (
        "PKG_CONFIG_PATH",
        "where pkg-config looks for libzmq.pc (system mode)",
    ),
    (
        "PKG_CONFIG_LIBDIR",
        "replaces pkg-config's default search path (system mode)",
    ),
    ("PKG_CONFIG", "the pkg-config program to run (system mode)"),
    (
        "CARGO_HOME",
        "where the cargo registry (registry/src/*/) and a config.toml are searched for sources",
    ),
];

/// Reads an environment variable and tells cargo to rerun this script when it changes.
/// Every variable this script reads goes through here.
fn env_var(name: &str) -> Option<String> {
    println!("cargo:rerun-if-env-changed={name}");
    env::var(name).ok()
}

/// Reads a variable cargo always sets for build scripts.
fn cargo_env(name: &str) -> String {
    env::var(name).unwrap_or_else(|_| fail(&format!("cargo did not set {name}")))
}

fn flag(name: &str) -> bool {
    matches!(
        env_var(name).as_deref().map(str::trim),
        Some("1" | "true" | "yes" | "on")
    )
}

fn feature(name: &str) -> bool {
    let var = format!("CARGO_FEATURE_{}", name.to_uppercase().replace('-', "_"));
    env::var_os(var).is_some()
}

/// Stops the build with a message cargo shows in full.
fn fail(msg: &str) -> ! {
    eprintln!("\nzmq-sys build failed:\n{msg}\n");
    eprintln!("Environment variables read by zmq-sys:");
    for (name, what) in ENV_VARS {
        eprintln!("  {name:<28} {what}");
    }
    std::process::exit(1);
}

/// What the build produced, published as links metadata and turned into cfgs.
pub(crate) struct Facts {
    include: PathBuf,
    root: PathBuf,
    version: String,
    vendored: bool,
    pgm: bool,
    curve: bool,
    draft: bool,
}

fn main() {
    locate::panic_probe_child();
    // Cargo watches the build script's own sources (build/*.rs) itself; the patch is include_str!'d.
    println!("cargo::rustc-check-cfg=cfg(zmq_sys_link_pgm)");
    println!("cargo::rustc-check-cfg=cfg(zmq_sys_link_sodium)");
    println!("cargo::rustc-check-cfg=cfg(zmq_sys_draft)");
    println!("cargo::rustc-check-cfg=cfg(zmq_sys_has_pgm)");
    println!("cargo::rustc-check-cfg=cfg(zmq_sys_has_curve)");
    println!("cargo::rustc-check-cfg=cfg(zmq_sys_vendored)");
    println!("cargo::rustc-check-cfg=cfg(zmq_sys_has_tipc)");

    if env::var("CARGO_CFG_TARGET_FAMILY").as_deref() != Ok("unix") {
        fail(&format!(
            "{UNSUPPORTED_TARGET} (target: {})",
            cargo_env("TARGET")
        ));
    }

    // scripts/check-source-discovery.sh: locate the libzmq tree with one method, report, build nothing.
    if let Some(method) = locate::only_method() {
        let found = locate::libzmq();
        vendored::check_libzmq_version(&found.dir);
        println!(
            "cargo:warning=zmq-sys: ZMQ_SYS_SOURCE_DISCOVERY={method}: libzmq 4.3.5 sources at {} \
             (found by: {}); nothing built",
            found.dir.display(),
            found.method
        );
        return;
    }

    // Regeneration of the checked-in bindings (regen-bindings.sh): header only, nothing compiled.
    if feature("buildtime-bindgen") && env_var("ZMQ_SYS_BINDINGS_OUT").is_some() {
        let source = vendored::libzmq_source_dir();
        vendored::check_libzmq_version(&source);
        bindings::generate_at_build_time(&source.join("include"), feature("draft"));
        return;
    }

    let facts = if flag("ZMQ_SYS_USE_PKG_CONFIG") {
        system::system()
    } else {
        vendored::vendored()
    };

    if facts.draft {
        println!("cargo:rustc-cfg=zmq_sys_draft");
    }
    if feature("buildtime-bindgen") {
        bindings::generate_at_build_time(&facts.include, facts.draft);
    }

    if facts.vendored {
        println!("cargo:rustc-cfg=zmq_sys_vendored");
    }
    if facts.pgm {
        println!("cargo:rustc-cfg=zmq_sys_has_pgm");
    }
    if facts.curve {
        println!("cargo:rustc-cfg=zmq_sys_has_curve");
    }
    println!("cargo:rustc-env=ZMQ_SYS_LIBZMQ_VERSION={}", facts.version);
    // For this crate's own tests (layout test against the same header).
    println!(
        "cargo:rustc-env=ZMQ_SYS_INCLUDE_DIR={}",
        facts.include.display()
    );
    println!("cargo:include={}", facts.include.display());
    println!("cargo:root={}", facts.root.display());
    println!("cargo:version={}", facts.version);
    println!("cargo:vendored={}", u8::from(facts.vendored));
    println!("cargo:has_pgm={}", u8::from(facts.pgm));
    println!("cargo:has_curve={}", u8::from(facts.curve));
    println!("cargo:has_draft={}", u8::from(facts.draft));
}
