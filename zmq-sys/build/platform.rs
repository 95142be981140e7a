//! libzmq's `platform.hpp` (the file CMake writes from `builds/cmake/platform.hpp.in`), from compile
//! and link probes with the target's C compiler, as libzmq's CMake does it.
//!
//! Every `ZMQ_HAVE_*` / `HAVE_*` that says what the target has is probed: a small program is compiled
//! (macros, headers, signatures) or compiled and linked (functions), never run, so cross-compiling
//! works and each target gets what its headers and libc really have. CMake *runs* some of its checks
//! (`SOCK_CLOEXEC`, `SO_PRIORITY`, TIPC...); those cannot be run when cross-compiling, so here they are
//! compile probes of the same programs: whether the running kernel supports a feature is libzmq's
//! business at run time (it reports the error of the failing `socket()`/`setsockopt()`).
//!
//! The probes are compiled with the feature macros of the libzmq build itself (`-D_GNU_SOURCE` on
//! Linux), not with CMake's `-std=c11`: that is why `SO_BINDTODEVICE`, `SO_PRIORITY` and `O_CLOEXEC`
//! are on here and off in a CMake build (whose checks miss them for lack of `_GNU_SOURCE`).
//! Choices that are not facts of the target stay fixed: the C++11 condition variable, `zmq_poll`
//! based on `poll()`, a cache line of 64 bytes.

use std::fs;
use std::path::Path;
use std::process::Command;

/// How a probe is checked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Compiles (a macro, a type, a header, a signature).
    Compile,
    /// Compiles and links (a function of the libc).
    Link,
}

/// One probe: what it defines, how it is checked, the program.
struct Probe {
    define: &'static str,
    check: Check,
    program: String,
}

/// A program that fails to compile unless `macro_name` is defined after including `headers`.
fn has_macro(headers: &[&str], macro_name: &str) -> String {
    format!(
        "{}\n#ifndef {macro_name}\n#error {macro_name} is not defined\n#endif\nint main(void) {{ return 0; }}\n",
        includes(headers)
    )
}

/// A program that takes the address of `function` (declared by `headers`), so linking needs it.
fn has_function(headers: &[&str], function: &str) -> String {
    format!(
        "{}\nint main(void) {{ void *volatile p = (void *) &{function}; return p == 0; }}\n",
        includes(headers)
    )
}

fn includes(headers: &[&str]) -> String {
    headers
        .iter()
        .map(|h| format!("#include <{h}>\n"))
        .collect()
}

/// The probes, in the order of the generated header.
fn probes() -> Vec<Probe> {
    use Check::{Compile, Link};
    let sock = ["sys/types.h", "sys/socket.h"];
    let tcp = [
        "sys/types.h",
        "sys/socket.h",
        "netinet/in.h",
        "netinet/tcp.h",
    ];
    let p = |define: &'static str, check: Check, program: String| Probe {
        define,
        check,
        program,
    };
    vec![
        p(
            "HAVE_POSIX_MEMALIGN 1",
            Link,
            has_function(&["stdlib.h"], "posix_memalign"),
        ),
        p("HAVE_FORK", Link, has_function(&["unistd.h"], "fork")),
        p(
            "HAVE_CLOCK_GETTIME",
            Link,
            has_function(&["time.h"], "clock_gettime"),
        ),
        p("HAVE_MKDTEMP", Link, has_function(&["stdlib.h"], "mkdtemp")),
        p(
            "ZMQ_HAVE_UIO",
            Compile,
            "#include <sys/uio.h>\nint main(void) { struct iovec v; (void) v; return 0; }\n".into(),
        ),
        p(
            "ZMQ_HAVE_IFADDRS",
            Link,
            has_function(&["sys/types.h", "ifaddrs.h"], "getifaddrs"),
        ),
        p("ZMQ_HAVE_O_CLOEXEC", Compile, has_macro(&["fcntl.h"], "O_CLOEXEC")),
        p(
            "ZMQ_HAVE_SO_KEEPALIVE",
            Compile,
            has_macro(&sock, "SO_KEEPALIVE"),
        ),
        p("ZMQ_HAVE_TCP_KEEPCNT", Compile, has_macro(&tcp, "TCP_KEEPCNT")),
        p(
            "ZMQ_HAVE_TCP_KEEPINTVL",
            Compile,
            has_macro(&tcp, "TCP_KEEPINTVL"),
        ),
        p("HAVE_STRNLEN", Link, has_function(&["string.h"], "strnlen")),
        p(
            "ZMQ_HAVE_IPC",
            Compile,
            "#include <sys/socket.h>\n#include <sys/un.h>\n\
             int main(void) { struct sockaddr_un a; a.sun_family = AF_UNIX; return a.sun_family == 0; }\n"
                .into(),
        ),
        p(
            "ZMQ_HAVE_STRUCT_SOCKADDR_UN",
            Compile,
            "#include <sys/socket.h>\n#include <sys/un.h>\n\
             int main(void) { struct sockaddr_un a; (void) a; return 0; }\n"
                .into(),
        ),
        p(
            "HAVE_IF_NAMETOINDEX",
            Link,
            has_function(&["net/if.h"], "if_nametoindex"),
        ),
        p(
            "ZMQ_IOTHREAD_POLLER_USE_EPOLL",
            Link,
            has_function(&["sys/epoll.h"], "epoll_create"),
        ),
        p(
            "ZMQ_IOTHREAD_POLLER_USE_EPOLL_CLOEXEC",
            Link,
            has_function(&["sys/epoll.h"], "epoll_create1"),
        ),
        p(
            "ZMQ_HAVE_PPOLL",
            Link,
            has_function(&["poll.h", "signal.h"], "ppoll"),
        ),
        p(
            "ZMQ_HAVE_EVENTFD",
            Link,
            has_function(&["sys/eventfd.h"], "eventfd"),
        ),
        p(
            "ZMQ_HAVE_EVENTFD_CLOEXEC",
            Compile,
            has_macro(&["sys/eventfd.h"], "EFD_CLOEXEC"),
        ),
        p(
            "ZMQ_HAVE_SO_BINDTODEVICE",
            Compile,
            has_macro(&sock, "SO_BINDTODEVICE"),
        ),
        p("ZMQ_HAVE_SO_PEERCRED", Compile, has_macro(&sock, "SO_PEERCRED")),
        p("ZMQ_HAVE_BUSY_POLL", Compile, has_macro(&sock, "SO_BUSY_POLL")),
        p(
            "ZMQ_HAVE_SOCK_CLOEXEC",
            Compile,
            has_macro(&sock, "SOCK_CLOEXEC"),
        ),
        p("ZMQ_HAVE_SO_PRIORITY", Compile, has_macro(&sock, "SO_PRIORITY")),
        p(
            "ZMQ_HAVE_TCP_KEEPIDLE",
            Compile,
            has_macro(&tcp, "TCP_KEEPIDLE"),
        ),
        // The four pthread name signatures and the affinity call: CMake compiles them with
        // -D_GNU_SOURCE -Werror; so do we (a wrong signature is then an error, not a warning).
        p(
            "ZMQ_HAVE_PTHREAD_SETNAME_1",
            Compile,
            "#include <pthread.h>\nint main(void) { pthread_setname_np(\"foo\"); return 0; }\n"
                .into(),
        ),
        p(
            "ZMQ_HAVE_PTHREAD_SETNAME_2",
            Compile,
            "#include <pthread.h>\nint main(void) { pthread_setname_np(pthread_self(), \"foo\"); return 0; }\n"
                .into(),
        ),
        p(
            "ZMQ_HAVE_PTHREAD_SETNAME_3",
            Compile,
            "#include <pthread.h>\nint main(void) { pthread_setname_np(pthread_self(), \"foo\", (void *) 0); return 0; }\n"
                .into(),
        ),
        p(
            "ZMQ_HAVE_PTHREAD_SET_NAME",
            Compile,
            "#include <pthread.h>\n#ifdef __has_include\n#if __has_include(<pthread_np.h>)\n#include <pthread_np.h>\n#endif\n#endif\n\
             int main(void) { pthread_set_name_np(pthread_self(), \"foo\"); return 0; }\n"
                .into(),
        ),
        p(
            "ZMQ_HAVE_PTHREAD_SET_AFFINITY",
            Compile,
            "#include <pthread.h>\nint main(void) { cpu_set_t t; CPU_ZERO(&t); \
             pthread_setaffinity_np(pthread_self(), sizeof(cpu_set_t), &t); return 0; }\n"
                .into(),
        ),
        p(
            "HAVE_ACCEPT4",
            Link,
            has_function(&["sys/types.h", "sys/socket.h"], "accept4"),
        ),
        p(
            "ZMQ_IOTHREAD_POLLER_USE_KQUEUE",
            Link,
            has_function(&["sys/types.h", "sys/event.h", "sys/time.h"], "kqueue"),
        ),
        p(
            "ZMQ_HAVE_LOCAL_PEERCRED",
            Compile,
            has_macro(&["sys/types.h", "sys/socket.h", "sys/un.h"], "LOCAL_PEERCRED"),
        ),
        p(
            "ZMQ_HAVE_TCP_KEEPALIVE",
            Compile,
            has_macro(&tcp, "TCP_KEEPALIVE"),
        ),
        p(
            "ZMQ_HAVE_STRLCPY",
            Link,
            has_function(&["string.h"], "strlcpy"),
        ),
        // CMake's TIPC check program (it runs it; we compile and link it).
        p(
            "ZMQ_HAVE_TIPC",
            Link,
            "#include <stdlib.h>\n#include <string.h>\n#include <fcntl.h>\n#include <errno.h>\n\
             #include <sys/socket.h>\n#include <linux/tipc.h>\n\
             int main(void) {\n    struct sockaddr_tipc topsrv;\n\
             int sd = socket(PF_TIPC, SOCK_SEQPACKET, 0);\n    memset(&topsrv, 0, sizeof(topsrv));\n\
             topsrv.family = AF_TIPC;\n    topsrv.addrtype = TIPC_ADDR_NAME;\n\
             topsrv.addr.name.name.type = TIPC_TOP_SRV;\n    topsrv.addr.name.name.instance = TIPC_TOP_SRV;\n\
             fcntl(sd, F_SETFL, O_NONBLOCK);\n    return (int) tipc_addr(0, 0, 0);\n}\n"
                .into(),
        ),
    ]
}

/// The I/O thread's poller, as libzmq's CMake picks it: epoll, else kqueue, else poll.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Poller {
    Epoll,
    Kqueue,
    Poll,
}

/// What the probes found, and the header written from them.
pub(crate) struct Platform {
    pub(crate) header: String,
    pub(crate) poller: Poller,
    pub(crate) tipc: bool,
}

/// Runs one probe: compiles (and links) `program` with the target's C compiler.
fn run_probe(out: &Path, name: &str, check: Check, program: &str, defines: &[&str]) -> bool {
    let dir = out.join("probe");
    let _ = fs::create_dir_all(&dir);
    let stem = name.split(' ').next().unwrap_or(name);
    let src = dir.join(format!("{stem}.c"));
    if fs::write(&src, program).is_err() {
        return false;
    }
    // A fresh configuration: the library's own flags include `-w`, which would hide the
    // diagnostics the probes rely on.
    let compiler = cc::Build::new()
        .cargo_metadata(false)
        .warnings(false)
        .get_compiler();
    let mut cmd: Command = compiler.to_command();
    for def in defines {
        cmd.arg(format!("-D{def}"));
    }
    cmd.arg("-Werror=implicit-function-declaration")
        .arg("-Werror=int-conversion")
        .arg("-Werror=incompatible-pointer-types");
    if stem.starts_with("ZMQ_HAVE_PTHREAD") {
        cmd.arg("-Werror").arg("-pthread");
    }
    match check {
        Check::Compile => cmd.arg("-fsyntax-only"),
        Check::Link => cmd.arg("-o").arg(dir.join(stem)),
    };
    cmd.arg(&src);
    cmd.output().map(|o| o.status.success()).unwrap_or(false)
}

/// Probes the target and generates `platform.hpp`. `defines` are the feature macros of the libzmq
/// build (`_GNU_SOURCE` on Linux), so the probes see what libzmq's sources will see.
pub(crate) fn probe_platform(
    out: &Path,
    os: &str,
    defines: &[&str],
    pgm: bool,
    curve: bool,
    draft: bool,
) -> Platform {
    let probes = probes();
    // Two at a time per core is plenty; the compiler dominates.
    let results: Vec<bool> = std::thread::scope(|scope| {
        let handles: Vec<_> = probes
            .iter()
            .map(|p| scope.spawn(move || run_probe(out, p.define, p.check, &p.program, defines)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or(false))
            .collect()
    });
    let has = |define: &str| {
        probes
            .iter()
            .zip(&results)
            .any(|(p, ok)| p.define == define && *ok)
    };
    let poller = if has("ZMQ_IOTHREAD_POLLER_USE_EPOLL") {
        Poller::Epoll
    } else if has("ZMQ_IOTHREAD_POLLER_USE_KQUEUE") {
        Poller::Kqueue
    } else {
        Poller::Poll
    };

    let mut defs: Vec<&str> = vec!["ZMQ_USE_CV_IMPL_STL11", "ZMQ_POLL_BASED_ON_POLL"];
    let mut pthread_name_done = false;
    for (probe, ok) in probes.iter().zip(&results) {
        if !ok {
            continue;
        }
        match probe.define {
            "HAVE_POSIX_MEMALIGN 1" => {
                defs.push(probe.define);
                defs.push("ZMQ_CACHELINE_SIZE 64");
            }
            "ZMQ_HAVE_UIO" => {
                defs.push(probe.define);
                // C++11 is required (-std=gnu++11), so noexcept is there (placed as before).
                defs.push("ZMQ_HAVE_NOEXCEPT");
            }
            // The poller: only the chosen one.
            "ZMQ_IOTHREAD_POLLER_USE_EPOLL" | "ZMQ_IOTHREAD_POLLER_USE_EPOLL_CLOEXEC" => {
                if poller == Poller::Epoll {
                    defs.push(probe.define);
                }
            }
            "ZMQ_IOTHREAD_POLLER_USE_KQUEUE" => {
                if poller == Poller::Kqueue {
                    defs.push(probe.define);
                }
            }
            // libzmq's thread.cpp takes the first matching signature; CMake defines each that
            // compiles, and at most one does.
            d if d.starts_with("ZMQ_HAVE_PTHREAD_SETNAME") || d == "ZMQ_HAVE_PTHREAD_SET_NAME" => {
                if !pthread_name_done {
                    defs.push(d);
                    pthread_name_done = true;
                }
            }
            // The I/O-thread's eventfd signaler needs the header and EFD_CLOEXEC only with it.
            "ZMQ_HAVE_EVENTFD_CLOEXEC" => {
                if has("ZMQ_HAVE_EVENTFD") {
                    defs.push(probe.define);
                }
            }
            d => defs.push(d),
        }
    }
    if !defs.contains(&"ZMQ_HAVE_NOEXCEPT") {
        defs.push("ZMQ_HAVE_NOEXCEPT");
    }
    if poller == Poller::Poll {
        defs.push("ZMQ_IOTHREAD_POLLER_USE_POLL");
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
        "// Generated by zmq-sys/build/platform.rs from compile and link probes. Do not edit.\n\
         #ifndef __ZMQ_PLATFORM_HPP_INCLUDED__\n#define __ZMQ_PLATFORM_HPP_INCLUDED__\n\n",
    );
    for def in &defs {
        text.push_str("#define ");
        text.push_str(def);
        text.push('\n');
    }
    // The operating system itself is a fact of the target triple, not a probe.
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
    Platform {
        header: text,
        poller,
        tipc: has("ZMQ_HAVE_TIPC"),
    }
}
