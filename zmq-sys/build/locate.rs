//! Finding the pristine third-party trees the build compiles, without a panic trick.
//!
//! The libzmq tree is the `vendor/` directory of the `zeromq-src` crate (a build-dependency, so cargo
//! has fetched and unpacked it); the OpenPGM tree is `vendor/openpgm/pgm/` of `openpgm-sys`. Neither
//! crate publishes its location, so it is found, in this order:
//!
//! 1. `override`: `ZMQ_SYS_LIBZMQ_SOURCE_DIR` (libzmq) / `ZMQ_SYS_OPENPGM_SOURCE_DIR` (OpenPGM);
//! 2. `dep-info`: the paths rustc recorded when it compiled that crate for this very build
//!    (`deps/zeromq_src-*.d` next to this build script, or the `rerun-if-changed` lines that
//!    openpgm-sys's build script printed in the run whose `DEP_PGM_*` we read). They are real paths
//!    whatever the source (registry, `cargo vendor`, git, `[patch]`), and `--remap-path-prefix` /
//!    `trim-paths` do not touch them;
//! 3. `vendor-config`: `directory = "..."` source replacements (`cargo vendor`) in the
//!    `.cargo/config.toml` files cargo reads (the ancestors of the working, manifest and output
//!    directories, then `CARGO_HOME`);
//! 4. `registry`: `CARGO_HOME/registry/src/*/<name>-<version>`;
//! 5. `panic-probe` (libzmq only, last resort): runs this build script again as a child process
//!    with `TARGET` removed from the *child's* environment, so `zeromq_src::Build::build()` panics
//!    on its `TARGET` unwrap and the child's panic hook prints the panic location (`src/lib.rs` of
//!    the crate). Works with `-C panic=abort` (the hook runs before the abort); it cannot work with
//!    remapped paths, which is why it comes last. Our own environment is never modified.
//!
//! Every candidate is checked (the crate's `Cargo.toml` version, the files we need) before use.
//! `ZMQ_SYS_SOURCE_DISCOVERY=<method>` restricts the search to one method, `=all` keeps them all;
//! either way the build script then reports and stops without building (for
//! `scripts/check-source-discovery.sh`).

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{env_var, fail};

/// The exact `zeromq-src` version of zmq-sys's `Cargo.toml` (`=0.3.6`), as its directory is named.
pub const ZEROMQ_SRC: (&str, &str) = ("zeromq-src", "0.3.6+4.3.5");
/// The exact `openpgm-sys` version of zmq-sys's `Cargo.toml` (`=0.7.0`).
pub const OPENPGM_SYS: (&str, &str) = ("openpgm-sys", "0.7.0");

/// Set in the child process of the panic probe.
const PANIC_PROBE_VAR: &str = "ZMQ_SYS_INTERNAL_PANIC_PROBE";
/// Printed by the child before the panic location.
const PANIC_PROBE_TAG: &str = "zmq-sys-panic-probe-location=";

/// The discovery methods, in the order they are tried.
pub const METHODS: &[&str] = &[
    "override",
    "dep-info",
    "vendor-config",
    "registry",
    "panic-probe",
];

/// Where a tree was found and how.
pub struct Found {
    pub dir: PathBuf,
    pub method: &'static str,
}

/// Called first thing in `main`: when this process is the panic probe's child, run the probe and
/// exit.
pub fn panic_probe_child() {
    if env::var_os(PANIC_PROBE_VAR).is_none() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        if let Some(loc) = info.location() {
            println!("{PANIC_PROBE_TAG}{}", loc.file());
        }
    }));
    // TARGET is absent from this child's environment (the parent removed it for the child only):
    // zeromq-src reads it with unwrap() before building anything.
    zeromq_src::Build::new().build();
    std::process::exit(3);
}

/// `ZMQ_SYS_SOURCE_DISCOVERY`: one method, or `all` (every method in order); `None` when unset.
pub fn only_method() -> Option<String> {
    let m = env_var("ZMQ_SYS_SOURCE_DISCOVERY").filter(|m| !m.is_empty())?;
    if m != "all" && !METHODS.contains(&m.as_str()) {
        fail(&format!(
            "ZMQ_SYS_SOURCE_DISCOVERY={m} is not `all` or one of {}",
            METHODS.join(", ")
        ));
    }
    Some(m)
}

fn allowed(method: &str) -> bool {
    only_method().is_none_or(|m| m == "all" || m == method)
}

/// The pristine libzmq tree (the directory holding `include/zmq.h`, `src/`, `tests/`...).
pub fn libzmq() -> Found {
    let check = |crate_dir: &Path| {
        let v = crate_dir.join("vendor");
        v.join("include/zmq.h").is_file().then_some(v)
    };
    if allowed("override") {
        if let Some(dir) = env_var("ZMQ_SYS_LIBZMQ_SOURCE_DIR") {
            return Found {
                dir: PathBuf::from(dir),
                method: "override",
            };
        }
    }
    let found = find_crate(ZEROMQ_SRC, &check, dep_info_crate_dirs("zeromq_src")).or_else(|| {
        allowed("panic-probe")
            .then(panic_probe)
            .flatten()
            .and_then(|d| check(&d).map(|dir| (dir, "panic-probe")))
    });
    match found {
        Some((dir, method)) => {
            println!(
                "cargo:rerun-if-changed={}",
                dir.join("include/zmq.h").display()
            );
            Found { dir, method }
        }
        None => fail(&format!(
            "could not find the libzmq sources carried by the crate {}-{} (tried: {}).\n\
             Set ZMQ_SYS_LIBZMQ_SOURCE_DIR to a pristine libzmq 4.3.5 tree (the directory holding \
             include/zmq.h), e.g. the vendor/ directory of that crate.",
            ZEROMQ_SRC.0,
            ZEROMQ_SRC.1,
            tried()
        )),
    }
}

/// The pristine OpenPGM tree (`vendor/openpgm/pgm` of openpgm-sys: `cpu.c`, `include/impl/`...).
pub fn openpgm() -> Found {
    let check = |crate_dir: &Path| {
        let d = crate_dir.join("vendor/openpgm/pgm");
        d.join("cpu.c").is_file().then_some(d)
    };
    if allowed("override") {
        if let Some(dir) = env_var("ZMQ_SYS_OPENPGM_SOURCE_DIR") {
            return Found {
                dir: PathBuf::from(dir),
                method: "override",
            };
        }
    }
    // openpgm-sys's build script printed `rerun-if-changed=<its vendor dir>/cpu.c` in the very run
    // whose DEP_PGM_OUT we were given: cargo keeps those lines in `<out>/../output`.
    let from_output = || -> Option<PathBuf> {
        let out = PathBuf::from(env::var_os("DEP_PGM_OUT")?);
        let text = fs::read_to_string(out.parent()?.join("output")).ok()?;
        text.lines()
            .filter_map(|l| l.strip_prefix("cargo:rerun-if-changed="))
            .map(Path::new)
            .find(|p| p.ends_with("cpu.c") && p.is_file())
            .and_then(|p| {
                p.parent()?
                    .parent()?
                    .parent()?
                    .parent()
                    .map(Path::to_path_buf)
            })
    };
    let dep_info: Vec<PathBuf> = from_output().into_iter().collect();
    match find_crate(OPENPGM_SYS, &check, dep_info) {
        Some((dir, method)) => Found { dir, method },
        None => fail(&format!(
            "could not find the OpenPGM sources carried by the crate {}-{} (tried: {}).\n\
             Set ZMQ_SYS_OPENPGM_SOURCE_DIR to that crate's vendor/openpgm/pgm directory.",
            OPENPGM_SYS.0,
            OPENPGM_SYS.1,
            tried()
        )),
    }
}

fn tried() -> String {
    match only_method() {
        Some(m) if m != "all" => format!("only {m}, as ZMQ_SYS_SOURCE_DISCOVERY says"),
        _ => METHODS.join(", "),
    }
}

/// Methods 2-4 for one crate. `check` maps a crate directory to the tree wanted inside it.
fn find_crate(
    (name, version): (&str, &str),
    check: &dyn Fn(&Path) -> Option<PathBuf>,
    dep_info: Vec<PathBuf>,
) -> Option<(PathBuf, &'static str)> {
    let accept = |dir: &Path| -> Option<PathBuf> {
        (crate_version(dir)?.as_str() == version && crate_name(dir).as_deref() == Some(name))
            .then(|| check(dir))
            .flatten()
    };
    if allowed("dep-info") {
        if let Some(d) = dep_info.iter().find_map(|d| accept(d)) {
            return Some((d, "dep-info"));
        }
    }
    if allowed("vendor-config") {
        for vendor in vendor_dirs() {
            for dir in [vendor.join(name), vendor.join(format!("{name}-{version}"))] {
                if let Some(d) = accept(&dir) {
                    return Some((d, "vendor-config"));
                }
            }
        }
    }
    if allowed("registry") {
        let src = cargo_home().join("registry/src");
        let mut indexes: Vec<PathBuf> = fs::read_dir(&src)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        indexes.sort();
        for index in indexes {
            if let Some(d) = accept(&index.join(format!("{name}-{version}"))) {
                return Some((d, "registry"));
            }
        }
    }
    None
}

/// `[package] name` / `version` of a crate directory's `Cargo.toml` (the normalized manifest of a
/// registry or vendored crate).
fn manifest_field(dir: &Path, key: &str) -> Option<String> {
    let text = fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    let mut in_package = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            if k.trim() == key {
                return Some(v.trim().trim_matches('"').to_owned());
            }
        }
    }
    None
}

fn crate_version(dir: &Path) -> Option<String> {
    manifest_field(dir, "version")
}

fn crate_name(dir: &Path) -> Option<String> {
    manifest_field(dir, "name")
}

fn cargo_home() -> PathBuf {
    if let Some(home) = env_var("CARGO_HOME") {
        return PathBuf::from(home);
    }
    env::var_os("HOME")
        .map(|h| PathBuf::from(h).join(".cargo"))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

/// Crate directories named by rustc's dep-info files for crate `lib_name` (`zeromq_src`), in the
/// host `deps/` directory next to this build script's own directory (`<profile>/build/<pkg>-<hash>/`).
fn dep_info_crate_dirs(lib_name: &str) -> Vec<PathBuf> {
    let Some(deps) = env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.join("deps")))
    else {
        return Vec::new();
    };
    let prefix = format!("{lib_name}-");
    let mut files: Vec<PathBuf> = fs::read_dir(&deps)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "d")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&prefix))
        })
        .collect();
    // Newest first: the one compiled for this build.
    files.sort_by_key(|p| std::cmp::Reverse(fs::metadata(p).and_then(|m| m.modified()).ok()));
    let mut dirs = Vec::new();
    for file in files {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        // `<dep-info target>: <source> <source>...` then one `<source>:` line per source.
        for line in text.lines() {
            let Some(path) = line.strip_suffix(':') else {
                continue;
            };
            let path = Path::new(path);
            if !path.ends_with("src/lib.rs") {
                continue;
            }
            // Relative paths (path dependencies) are relative to the workspace root, an ancestor
            // of the target directory.
            let candidates: Vec<PathBuf> = if path.is_absolute() {
                vec![path.to_path_buf()]
            } else {
                deps.ancestors().map(|a| a.join(path)).collect()
            };
            for lib_rs in candidates {
                if let Some(dir) = lib_rs.parent().and_then(Path::parent) {
                    if lib_rs.is_file() && !dirs.iter().any(|d| d == dir) {
                        dirs.push(dir.to_path_buf());
                    }
                }
            }
        }
    }
    dirs
}

/// `directory = "..."` of the `[source.*]` tables in the cargo configuration files cargo would read
/// (`cargo vendor`'s source replacement).
fn vendor_dirs() -> Vec<PathBuf> {
    let mut starts = Vec::new();
    if let Ok(cwd) = env::current_dir() {
        starts.push(cwd);
    }
    // The build script runs in its package's directory; for a path dependency the workspace (and
    // its .cargo/) is found above the default target directory instead.
    for var in ["CARGO_MANIFEST_DIR", "OUT_DIR"] {
        if let Some(dir) = env::var_os(var) {
            starts.push(PathBuf::from(dir));
        }
    }
    let mut configs = Vec::new();
    for start in &starts {
        for dir in start.ancestors() {
            for name in ["config.toml", "config"] {
                let file = dir.join(".cargo").join(name);
                if file.is_file() && !configs.contains(&file) {
                    configs.push(file);
                }
            }
        }
    }
    for name in ["config.toml", "config"] {
        let file = cargo_home().join(name);
        if file.is_file() && !configs.contains(&file) {
            configs.push(file);
        }
    }
    let mut dirs = Vec::new();
    for file in configs {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        // Relative directories are relative to the directory holding `.cargo/`.
        let base = file
            .parent()
            .and_then(Path::parent)
            .unwrap_or(Path::new("."));
        let mut in_source = false;
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                in_source = line.starts_with("[source.");
                continue;
            }
            if !in_source {
                continue;
            }
            if let Some((k, v)) = line.split_once('=') {
                if k.trim() == "directory" {
                    let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
                    dirs.push(base.join(v));
                }
            }
        }
    }
    dirs
}

/// Method 5: the crate directory of zeromq-src from a panic location, in a child process.
fn panic_probe() -> Option<PathBuf> {
    let exe = env::current_exe().ok()?;
    let out = Command::new(exe)
        .env(PANIC_PROBE_VAR, "1")
        .env_remove("TARGET")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let file = text.lines().find_map(|l| l.strip_prefix(PANIC_PROBE_TAG))?;
    let file = Path::new(file);
    // `<crate dir>/src/lib.rs`
    Some(file.parent()?.parent()?.to_path_buf())
}
