//! Vendored mode: libzmq 4.3.5 compiled from the pristine tree of `zeromq-src` with our recipe,
//! against the static OpenPGM (with our `pgm_cpuid` fix) and libsodium of their crates.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use crate::platform::{probe_platform, Poller};
use crate::{cargo_env, fail, feature, locate, Facts, LIBZMQ_VERSION};

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

/// libzmq sources for the TIPC transport (where the target's headers have it, as upstream's CMake
/// does), sorted.
const LIBZMQ_TIPC_SOURCES: &[&str] = &["tipc_address", "tipc_connecter", "tipc_listener"];

/// libzmq sources for the PGM transports (feature `pgm`), sorted.
const LIBZMQ_PGM_SOURCES: &[&str] = &["pgm_receiver", "pgm_sender", "pgm_socket"];

pub(crate) fn vendored() -> Facts {
    let out = PathBuf::from(cargo_env("OUT_DIR"));
    let source = libzmq_source_dir();
    check_libzmq_version(&source);

    let pgm = feature("pgm");
    let curve = feature("curve");
    let draft = feature("draft");

    let target_os = cargo_env("CARGO_CFG_TARGET_OS");
    // openpgm-sys 0.7 picks its defines with #[cfg] in its build script, i.e. from the host.
    if pgm {
        let (host, target) = (cargo_env("HOST"), cargo_env("TARGET"));
        if host != target {
            println!(
                "cargo:warning=zmq-sys: feature `pgm` while cross-compiling ({host} -> {target}): \
                 openpgm-sys 0.7 compiles OpenPGM with the defines of the host, not the target; \
                 if OpenPGM fails to build or epgm:// misbehaves, turn `pgm` off \
                 (default-features = false, features = [\"curve\"])"
            );
        }
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

    // The feature macros libzmq is compiled with; the probes see what its sources will see.
    let os_defines: &[&str] = if target_os == "linux" || target_os == "android" {
        &["_GNU_SOURCE", "_REENTRANT", "_THREAD_SAFE"]
    } else {
        &["_REENTRANT", "_THREAD_SAFE"]
    };
    let platform = probe_platform(&out, &target_os, os_defines, pgm, curve, draft);
    fs::write(gen_dir.join("platform.hpp"), &platform.header)
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
    if platform.tipc {
        files.extend_from_slice(LIBZMQ_TIPC_SOURCES);
        println!("cargo:rustc-cfg=zmq_sys_has_tipc");
    }
    println!("cargo:has_tipc={}", u8::from(platform.tipc));
    // The I/O thread's poller, as probed.
    files.push(match platform.poller {
        Poller::Epoll => "epoll",
        Poller::Kqueue => "kqueue",
        Poller::Poll => "poll",
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
pub(crate) fn libzmq_source_dir() -> PathBuf {
    let found = locate::libzmq();
    println!(
        "zmq-sys: libzmq sources: {} (found by: {})",
        found.dir.display(),
        found.method
    );
    found.dir
}

/// The patch we apply to OpenPGM's `cpu.c` (see the file and vendor/README.md).
const OPENPGM_CPUID_PATCH: &str = include_str!("openpgm-cpuid.patch");

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

pub(crate) fn check_libzmq_version(source: &Path) {
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
