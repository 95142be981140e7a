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

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "build/bindings.rs"]
mod bindings;
#[path = "build/locate.rs"]
mod locate;

/// Version of libzmq this crate's vendored build and checked-in bindings are for.
const LIBZMQ_VERSION: &str = "4.3.5";
/// Oldest system libzmq accepted in system mode.
const SYSTEM_MIN_VERSION: &str = "4.3.2";

/// libzmq sources (under `src/`) compiled on every target, sorted.
const LIBZMQ_SOURCES: &[&str] = &[
    "address",
    "channel",
    "client",
    "clock",
    "ctx",
    "curve_client",
    "curve_mechanism_base",
    "curve_server",
    "dealer",
    "decoder_allocators",
    "dgram",
    "dish",
    "dist",
    "endpoint",
    "err",
    "fq",
    "gather",
    "io_object",
    "io_thread",
    "ip",
    "ip_resolver",
    "ipc_address",
    "ipc_connecter",
    "ipc_listener",
    "lb",
    "mailbox",
    "mailbox_safe",
    "mechanism",
    "mechanism_base",
    "metadata",
    "msg",
    "mtrie",
    "null_mechanism",
    "object",
    "options",
    "own",
    "pair",
    "peer",
    "pipe",
    "plain_client",
    "plain_server",
    "poller_base",
    "polling_util",
    "proxy",
    "pub",
    "pull",
    "push",
    "radio",
    "radix_tree",
    "random",
    "raw_decoder",
    "raw_encoder",
    "raw_engine",
    "reaper",
    "rep",
    "req",
    "router",
    "scatter",
    "server",
    "session_base",
    "signaler",
    "socket_base",
    "socket_poller",
    "socks",
    "socks_connecter",
    "stream",
    "stream_connecter_base",
    "stream_engine_base",
    "stream_listener_base",
    "sub",
    "tcp",
    "tcp_address",
    "tcp_connecter",
    "tcp_listener",
    "thread",
    "timers",
    "trie",
    "udp_address",
    "udp_engine",
    "v1_decoder",
    "v1_encoder",
    "v2_decoder",
    "v2_encoder",
    "v3_1_encoder",
    "xpub",
    "xsub",
    "zap_client",
    "zmq",
    "zmq_utils",
    "zmtp_engine",
];

/// libzmq sources for the WebSocket transport, built with the draft API as upstream does, sorted.
const LIBZMQ_WS_SOURCES: &[&str] = &[
    "ws_address",
    "ws_connecter",
    "ws_decoder",
    "ws_encoder",
    "ws_engine",
    "ws_listener",
];

/// libzmq sources for the PGM transports (feature `pgm`), sorted.
const LIBZMQ_PGM_SOURCES: &[&str] = &["pgm_receiver", "pgm_sender", "pgm_socket"];

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
struct Facts {
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
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build/bindings.rs");
    println!("cargo:rerun-if-changed=build/locate.rs");
    println!("cargo::rustc-check-cfg=cfg(zmq_sys_link_pgm)");
    println!("cargo::rustc-check-cfg=cfg(zmq_sys_link_sodium)");
    println!("cargo::rustc-check-cfg=cfg(zmq_sys_draft)");
    println!("cargo::rustc-check-cfg=cfg(zmq_sys_has_pgm)");
    println!("cargo::rustc-check-cfg=cfg(zmq_sys_has_curve)");
    println!("cargo::rustc-check-cfg=cfg(zmq_sys_vendored)");

    // scripts/check-source-discovery.sh: locate the libzmq tree with one method, report, build nothing.
    if let Some(method) = locate::only_method() {
        let found = locate::libzmq();
        check_libzmq_version(&found.dir);
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
        let source = libzmq_source_dir();
        check_libzmq_version(&source);
        bindings::generate_at_build_time(&source.join("include"), feature("draft"));
        return;
    }

    let facts = if flag("ZMQ_SYS_USE_PKG_CONFIG") {
        system()
    } else {
        vendored()
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

// ---------------------------------------------------------------------------------------------------
// System mode

fn system() -> Facts {
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

// ---------------------------------------------------------------------------------------------------
// Vendored mode

fn vendored() -> Facts {
    let out = PathBuf::from(cargo_env("OUT_DIR"));
    let source = libzmq_source_dir();
    check_libzmq_version(&source);

    let pgm = feature("pgm");
    let curve = feature("curve");
    let draft = feature("draft");

    let target_os = cargo_env("CARGO_CFG_TARGET_OS");
    let target_env = cargo_env("CARGO_CFG_TARGET_ENV");
    let target_family = env::var("CARGO_CFG_TARGET_FAMILY").unwrap_or_default();
    if target_family != "unix" {
        fail(&format!(
            "the vendored build supports unix targets (this is `{target_os}`); \
             set ZMQ_SYS_USE_PKG_CONFIG=1 to link a libzmq built for it"
        ));
    }

    let gen_dir = out.join("gen");
    let include_dir = out.join("include");
    fs::create_dir_all(&gen_dir).unwrap_or_else(|e| fail(&format!("creating {gen_dir:?}: {e}")));
    fs::create_dir_all(&include_dir)
        .unwrap_or_else(|e| fail(&format!("creating {include_dir:?}: {e}")));
    for header in ["zmq.h", "zmq_utils.h"] {
        let from = source.join("include").join(header);
        fs::copy(&from, include_dir.join(header))
            .unwrap_or_else(|e| fail(&format!("copying {from:?}: {e}")));
    }

    let mut build = cc::Build::new();
    build.cpp(true).warnings(false).extra_warnings(false);

    let has_strlcpy = compiles(
        &out,
        "#include <string.h>\nint main(void) { char b[4]; return (int) strlcpy(b, \"x\", sizeof b); }\n",
    );
    let platform = platform_hpp(&target_os, &target_env, pgm, curve, draft, has_strlcpy);
    fs::write(gen_dir.join("platform.hpp"), platform)
        .unwrap_or_else(|e| fail(&format!("writing platform.hpp: {e}")));

    build
        .include(&gen_dir)
        .include(source.join("include"))
        .include(source.join("src"))
        .define("ZMQ_CUSTOM_PLATFORM_HPP", None)
        .define("_REENTRANT", None)
        .define("_THREAD_SAFE", None)
        .define("ZMQ_HAVE_ATOMIC_INTRINSICS", None)
        .flag_if_supported("-std=gnu++11")
        .flag("-fvisibility=hidden")
        .flag_if_supported("-fno-common");
    if target_os == "linux" || target_os == "android" {
        build.define("_GNU_SOURCE", None);
    }
    if draft {
        build.define("ZMQ_BUILD_DRAFT_API", "1");
    }

    if pgm {
        let pgm_include = env::var("DEP_PGM_INCLUDE").unwrap_or_else(|_| {
            fail("feature `pgm` is on but openpgm-sys published no DEP_PGM_INCLUDE")
        });
        build.include(pgm_include);
        settle_openpgm_sys_version_file();
        // OpenPGM's headers rely on these on glibc.
        build.define("_DEFAULT_SOURCE", None);
        println!("cargo:rustc-cfg=zmq_sys_link_pgm");
    }
    if curve {
        let sodium_include = env::var("DEP_SODIUM_INCLUDE").unwrap_or_else(|_| {
            fail("feature `curve` is on but libsodium-sys-stable published no DEP_SODIUM_INCLUDE")
        });
        build.include(sodium_include);
        println!("cargo:rustc-cfg=zmq_sys_link_sodium");
    }

    let mut files: Vec<&str> = LIBZMQ_SOURCES.to_vec();
    if pgm {
        files.extend_from_slice(LIBZMQ_PGM_SOURCES);
    }
    if draft {
        files.extend_from_slice(LIBZMQ_WS_SOURCES);
    }
    files.push(match target_os.as_str() {
        "linux" | "android" => "epoll",
        "macos" | "ios" | "freebsd" | "netbsd" | "openbsd" | "dragonfly" => "kqueue",
        _ => "poll",
    });
    files.sort_unstable();
    for name in &files {
        let file = source.join("src").join(format!("{name}.cpp"));
        if !file.is_file() {
            fail(&format!("libzmq source {file:?} is missing"));
        }
        build.file(file);
    }
    if draft {
        // The WebSocket transport's SHA-1, kept by libzmq under external/.
        build.file(source.join("external/sha1/sha1.c"));
    }

    build.out_dir(out.join("lib"));
    build.compile("zmq");

    if pgm {
        openpgm_with_fixed_cpuid(&out);
    }
    if target_os == "linux" || target_os == "android" {
        println!("cargo:rustc-link-lib=pthread");
    }

    Facts {
        include: include_dir,
        root: out,
        version: LIBZMQ_VERSION.to_owned(),
        vendored: true,
        pgm,
        curve,
        draft,
    }
}

/// openpgm-sys 0.7 writes `OUT_DIR/version.c` on every run of its build script and declares that
/// very file with `rerun-if-changed`. The file is always newer than the run that wrote it, so cargo
/// would rebuild OpenPGM, and after it libzmq, on every single invocation. Its content is fine;
/// only its timestamp is moved into the past so cargo sees it unchanged. (When openpgm-sys does
/// rerun for a real reason it rewrites the file, this script reruns after it and settles it again.)
fn settle_openpgm_sys_version_file() {
    let Ok(out) = env::var("DEP_PGM_OUT") else {
        return;
    };
    let file = Path::new(&out).join("version.c");
    if let Ok(f) = fs::File::options().write(true).open(&file) {
        let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(86_400);
        let _ = f.set_modified(past);
    }
}

/// Finds the pristine libzmq tree (see `build/locate.rs`).
fn libzmq_source_dir() -> PathBuf {
    let found = locate::libzmq();
    println!(
        "zmq-sys: libzmq sources: {} (found by: {})",
        found.dir.display(),
        found.method
    );
    found.dir
}

/// The patch we apply to OpenPGM's `cpu.c` (see the file and vendor/README.md).
const OPENPGM_CPUID_PATCH: &str = include_str!("build/openpgm-cpuid.patch");

/// Applies a unified diff of one file to `text`: each hunk's old lines (context and `-`) must occur
/// exactly once and are replaced by its new lines (context and `+`).
fn apply_patch(text: &str, patch: &str) -> Result<String, String> {
    let mut hunks: Vec<(String, String)> = Vec::new();
    let mut in_hunk = false;
    for line in patch.lines() {
        if line.starts_with("@@") {
            hunks.push((String::new(), String::new()));
            in_hunk = true;
            continue;
        }
        let Some((old, new)) = hunks.last_mut().filter(|_| in_hunk) else {
            continue;
        };
        if let Some(l) = line.strip_prefix(' ') {
            old.push_str(l);
            old.push('\n');
            new.push_str(l);
            new.push('\n');
        } else if let Some(l) = line.strip_prefix('-') {
            old.push_str(l);
            old.push('\n');
        } else if let Some(l) = line.strip_prefix('+') {
            new.push_str(l);
            new.push('\n');
        } else {
            in_hunk = false;
        }
    }
    if hunks.is_empty() {
        return Err("the patch has no hunk".to_owned());
    }
    let mut text = text.to_owned();
    for (i, (old, new)) in hunks.iter().enumerate() {
        match text.matches(old.as_str()).count() {
            1 => text = text.replacen(old.as_str(), new, 1),
            n => return Err(format!("hunk {} matches {n} times instead of once", i + 1)),
        }
    }
    Ok(text)
}

/// OpenPGM's `pgm_cpuid` (cpu.c, run by `pgm_init` from `zmq_ctx_new`) clobbers the upper half of
/// the callee-saved `rbx` on x86_64. openpgm-sys builds `libpgm.a` from the pristine file; we
/// compile a patched copy of `cpu.c` in `OUT_DIR` and link `libzmq_sys_pgm.a`: the objects of
/// openpgm-sys's `libpgm.a` with its `cpu.o` replaced by ours. It is linked right after `libzmq.a`,
/// so every OpenPGM symbol libzmq needs is resolved from it and nothing of the original `libpgm.a`
/// (still named by openpgm-sys, later on the link line) is pulled in.
fn openpgm_with_fixed_cpuid(out: &Path) {
    let tree = locate::openpgm();
    println!(
        "zmq-sys: OpenPGM sources: {} (found by: {})",
        tree.dir.display(),
        tree.method
    );
    let pristine = tree.dir.join("cpu.c");
    let text = fs::read_to_string(&pristine)
        .unwrap_or_else(|e| fail(&format!("reading {pristine:?}: {e}")));
    let fixed = apply_patch(&text, OPENPGM_CPUID_PATCH).unwrap_or_else(|e| {
        fail(&format!(
            "build/openpgm-cpuid.patch does not apply to {pristine:?}: {e}"
        ))
    });
    let dir = out.join("openpgm-fix");
    let objects = dir.join("objects");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&objects).unwrap_or_else(|e| fail(&format!("creating {objects:?}: {e}")));
    let cpu_c = dir.join("cpu.c");
    fs::write(&cpu_c, fixed).unwrap_or_else(|e| fail(&format!("writing {cpu_c:?}: {e}")));

    // The flags openpgm-sys 0.7.0 compiles cpu.c with (its build.rs), for the target.
    let mut build = cc::Build::new();
    build
        .cargo_metadata(false)
        .warnings(false)
        .std("gnu99")
        .include(tree.dir.join("include"))
        .define("GETTEXT_PACKAGE", "pgm")
        .define("HAVE_ISO_VARARGS", None)
        .define("HAVE_DSO_VISIBILITY", None)
        .define("USE_BIND_INADDR_ANY", None)
        .define("USE_TICKET_SPINLOCK", None)
        .define("USE_DUMB_RWSPINLOCK", None)
        .define("USE_GALOIS_MUL_LUT", None)
        .define("_REENTRANT", None)
        .define("_DEFAULT_SOURCE", None)
        .file(&cpu_c)
        .out_dir(dir.join("build"));
    if env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu") {
        for def in [
            "HAVE_PTHREAD_SPINLOCK",
            "HAVE_GETPROTOBYNAME_R",
            "HAVE_GETNETENT",
            "HAVE_ALLOCA_H",
            "HAVE_PROC_CPUINFO",
            "HAVE_BACKTRACE",
            "HAVE_GETTIMEOFDAY",
            "HAVE_CLOCKGETTIME",
            "HAVE_PSELECT",
            "HAVE_DEV_RTC",
            "HAVE_RDTSC",
            "HAVE_POLL",
            "HAVE_EPOLL_CTL",
            "HAVE_GETIFADDRS",
            "HAVE_STRUCT_IFADDRS_IFR_NETMASK",
            "HAVE_STRUCT_GROUP_REQ",
            "HAVE_STRUCT_IP_MREQN",
            "HAVE_STRUCT_IP_MSFILTER",
            "HAVE_SPRINTF_GROUPING",
            "HAVE_VASPRINTF",
            "HAVE_GETOPT",
        ] {
            build.define(def, None);
        }
    }
    let fixed_objects = build.compile_intermediates();
    let [fixed_cpu_o] = fixed_objects.as_slice() else {
        fail("compiling the patched OpenPGM cpu.c gave no single object");
    };

    let lib_dir = env::var("DEP_PGM_LIB")
        .unwrap_or_else(|_| fail("feature `pgm` is on but openpgm-sys published no DEP_PGM_LIB"));
    let original = Path::new(&lib_dir).join("libpgm.a");
    let ar = |args: &[&std::ffi::OsStr], cwd: &Path| -> String {
        let mut cmd = build.get_archiver();
        cmd.args(args).current_dir(cwd);
        match cmd.output() {
            Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
            Ok(o) => fail(&format!(
                "{cmd:?} failed: {}",
                String::from_utf8_lossy(&o.stderr)
            )),
            Err(e) => fail(&format!("running {cmd:?}: {e}")),
        }
    };
    let members = ar(&["t".as_ref(), original.as_os_str()], &objects);
    let members: Vec<&str> = members.lines().collect();
    let is_cpu = |m: &&str| *m == "cpu.o" || m.ends_with("-cpu.o");
    if members.iter().filter(|m| is_cpu(m)).count() != 1
        || members.len()
            != members
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len()
    {
        fail(&format!(
            "{original:?} does not have the expected members (one cpu.o, unique names): {members:?}"
        ));
    }
    ar(&["x".as_ref(), original.as_os_str()], &objects);
    let mut inputs: Vec<PathBuf> = members
        .iter()
        .filter(|m| !is_cpu(m))
        .map(|m| objects.join(m))
        .collect();
    inputs.push(fixed_cpu_o.clone());
    let lib_out = out.join("lib");
    let archive = lib_out.join("libzmq_sys_pgm.a");
    let _ = fs::remove_file(&archive);
    let mut args: Vec<&std::ffi::OsStr> = vec!["crs".as_ref(), archive.as_os_str()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    ar(&args, &objects);
    println!("cargo:rustc-link-search=native={}", lib_out.display());
    println!("cargo:rustc-link-lib=static=zmq_sys_pgm");
    println!("cargo:rerun-if-changed=build/openpgm-cpuid.patch");
}

fn check_libzmq_version(source: &Path) {
    let header = source.join("include/zmq.h");
    let text =
        fs::read_to_string(&header).unwrap_or_else(|e| fail(&format!("reading {header:?}: {e}")));
    let define = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(&format!("#define {name} ")))
            .map(str::trim)
            .unwrap_or("?")
            .to_owned()
    };
    let found = format!(
        "{}.{}.{}",
        define("ZMQ_VERSION_MAJOR"),
        define("ZMQ_VERSION_MINOR"),
        define("ZMQ_VERSION_PATCH")
    );
    if found != LIBZMQ_VERSION {
        fail(&format!(
            "{header:?} is libzmq {found}, but zmq-sys is made for {LIBZMQ_VERSION}"
        ));
    }
}

/// Whether a small C program compiles (not links) with the target's C compiler.
fn compiles(out: &Path, program: &str) -> bool {
    let probe_dir = out.join("probe");
    let _ = fs::create_dir_all(&probe_dir);
    let src = probe_dir.join("probe.c");
    if fs::write(&src, program).is_err() {
        return false;
    }
    // A fresh configuration: the library's own flags include `-w`, which would hide the
    // implicit-declaration diagnostic this probe relies on.
    let compiler = cc::Build::new().cargo_metadata(false).get_compiler();
    compiler
        .to_command()
        .arg("-fsyntax-only")
        .arg("-Werror=implicit-function-declaration")
        .arg(&src)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Generates libzmq's `platform.hpp` (the file CMake writes from `builds/cmake/platform.hpp.in`)
/// from target facts only.
fn platform_hpp(
    os: &str,
    env: &str,
    pgm: bool,
    curve: bool,
    draft: bool,
    has_strlcpy: bool,
) -> String {
    let linux = os == "linux" || os == "android";
    let bsd_like = matches!(
        os,
        "macos" | "ios" | "freebsd" | "netbsd" | "openbsd" | "dragonfly"
    );
    let mut defs: Vec<&str> = vec![
        "ZMQ_USE_CV_IMPL_STL11",
        "ZMQ_POLL_BASED_ON_POLL",
        "HAVE_POSIX_MEMALIGN 1",
        "ZMQ_CACHELINE_SIZE 64",
        "HAVE_FORK",
        "HAVE_CLOCK_GETTIME",
        "HAVE_MKDTEMP",
        "ZMQ_HAVE_UIO",
        "ZMQ_HAVE_NOEXCEPT",
        "ZMQ_HAVE_IFADDRS",
        "ZMQ_HAVE_O_CLOEXEC",
        "ZMQ_HAVE_SO_KEEPALIVE",
        "ZMQ_HAVE_TCP_KEEPCNT",
        "ZMQ_HAVE_TCP_KEEPINTVL",
        "HAVE_STRNLEN",
        "ZMQ_HAVE_IPC",
        "ZMQ_HAVE_STRUCT_SOCKADDR_UN",
        "HAVE_IF_NAMETOINDEX",
    ];
    if linux {
        defs.extend([
            "ZMQ_IOTHREAD_POLLER_USE_EPOLL",
            "ZMQ_IOTHREAD_POLLER_USE_EPOLL_CLOEXEC",
            "ZMQ_HAVE_PPOLL",
            "ZMQ_HAVE_EVENTFD",
            "ZMQ_HAVE_EVENTFD_CLOEXEC",
            "ZMQ_HAVE_SO_BINDTODEVICE",
            "ZMQ_HAVE_SO_PEERCRED",
            "ZMQ_HAVE_BUSY_POLL",
            "ZMQ_HAVE_SOCK_CLOEXEC",
            "ZMQ_HAVE_SO_PRIORITY",
            "ZMQ_HAVE_TCP_KEEPIDLE",
            "ZMQ_HAVE_PTHREAD_SETNAME_2",
            "ZMQ_HAVE_PTHREAD_SET_AFFINITY",
            "HAVE_ACCEPT4",
        ]);
    } else if bsd_like {
        defs.extend([
            "ZMQ_IOTHREAD_POLLER_USE_KQUEUE",
            "ZMQ_HAVE_LOCAL_PEERCRED",
            "ZMQ_HAVE_TCP_KEEPALIVE",
        ]);
    } else {
        defs.push("ZMQ_IOTHREAD_POLLER_USE_POLL");
    }
    if has_strlcpy || (bsd_like && env != "gnu") {
        defs.push("ZMQ_HAVE_STRLCPY");
    }
    if pgm {
        defs.push("ZMQ_HAVE_OPENPGM");
    }
    if curve {
        defs.extend(["ZMQ_HAVE_CURVE", "ZMQ_USE_LIBSODIUM", "SODIUM_STATIC"]);
    }
    if draft {
        // As upstream's CMake: the WebSocket transport (ws://) and the radix-tree subscription
        // store come with the draft API.
        defs.extend(["ZMQ_USE_RADIX_TREE", "ZMQ_HAVE_WS", "ZMQ_USE_BUILTIN_SHA1"]);
    }
    let mut text = String::from(
        "// Generated by zmq-sys/build.rs from target facts. Do not edit.\n\
         #ifndef __ZMQ_PLATFORM_HPP_INCLUDED__\n#define __ZMQ_PLATFORM_HPP_INCLUDED__\n\n",
    );
    for def in defs {
        text.push_str("#define ");
        text.push_str(def);
        text.push('\n');
    }
    text.push_str(match os {
        "linux" => "\n#define ZMQ_HAVE_LINUX\n",
        "android" => "\n#define ZMQ_HAVE_LINUX\n#define ZMQ_HAVE_ANDROID\n",
        "macos" | "ios" => "\n#define ZMQ_HAVE_OSX\n",
        "freebsd" => "\n#define ZMQ_HAVE_FREEBSD\n",
        "dragonfly" => "\n#define ZMQ_HAVE_FREEBSD\n#define ZMQ_HAVE_DRAGONFLY\n",
        "netbsd" => "\n#define ZMQ_HAVE_NETBSD\n",
        "openbsd" => "\n#define ZMQ_HAVE_OPENBSD\n",
        "solaris" | "illumos" => "\n#define ZMQ_HAVE_SOLARIS\n",
        _ => "\n",
    });
    text.push_str("\n#endif\n");
    text
}
