//! Bad input, table-driven: every public entry point fed invalid arguments must return the exact
//! typed error (an [`Error`] variant, with the `errno` where libzmq decides), never panic, never
//! abort the process, and give back any message it was handed.
//!
//! Each case runs under `catch_unwind`. Cases marked `isolated` (transports this build may or may
//! not have, an ipc path over `sun_path`, a device name the kernel refuses: inputs where libzmq
//! could assert) run in a child process: the test binary re-executes itself with
//! `BAD_INPUT_CASE=<name>` and only the `child_case` test, and the parent checks the exit status
//! (a signal counts as an abort).
//!
//! The summary line counts typed errors and the few inputs libzmq accepts by design (asserted
//! exactly too), e.g. `bad inputs: 143 cases, 138 typed errors, 5 accepted as documented,
//! 0 panics, 0 aborts`.
//!
//! The expected errors come from libzmq 4.3.5's documentation and source (`zmq_bind(3)`,
//! `zmq_connect(3)`, `zmq_setsockopt(3)`, `zmq_ctx_set(3)`, `zmq_socket_monitor(3)`; `parse_uri`,
//! `check_protocol`, `tcp_address_t::resolve`, `ipc_address_t::resolve`) and, for inputs this
//! crate refuses itself, from `src/endpoint.rs`, `src/opt/` and `src/util.rs`.

mod common;

use std::fmt::Debug;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::Command;
use std::time::Duration;

use common::{socket, with_timeout, TempDir, IO_TIMEOUT};
use zmq::{
    ctx_opt, opt, Context, CurveKey, Error, Flags, Message, MonitorEvent, MonitorEvents, SendError,
    SendMultipartError, SocketType,
};

/// What a case showed: the exact typed error it expected, or (for the few inputs libzmq
/// accepts) the exact accepted result.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Verdict {
    TypedError,
    Accepted,
}
use Verdict::{Accepted, TypedError};

type Check = Result<Verdict, String>;

/// One row of the table.
struct Case {
    name: &'static str,
    /// Run in a child process (the case may reach code in libzmq that could abort).
    isolated: bool,
    run: fn() -> Check,
}

const fn case(name: &'static str, run: fn() -> Check) -> Case {
    Case {
        name,
        isolated: false,
        run,
    }
}

const fn isolated(name: &'static str, run: fn() -> Check) -> Case {
    Case {
        name,
        isolated: true,
        run,
    }
}

// ---- Assertions ---------------------------------------------------------------------------------

fn errno<T: Debug>(r: zmq::Result<T>, want: i32) -> Check {
    match r {
        Err(e) if e.errno() == want => Ok(TypedError),
        other => Err(format!(
            "expected Errno({want}: {}), got {other:?}",
            zmq::strerror(want)
        )),
    }
}

fn exactly<T: Debug>(r: zmq::Result<T>, want: Error) -> Check {
    match r {
        Err(e) if e == want => Ok(TypedError),
        other => Err(format!("expected {want:?}, got {other:?}")),
    }
}

fn bad_endpoint<T: Debug>(r: zmq::Result<T>, endpoint: &str) -> Check {
    match r {
        Err(Error::InvalidEndpoint {
            endpoint: e,
            reason,
        }) if e == endpoint && !reason.is_empty() => Ok(TypedError),
        other => Err(format!(
            "expected InvalidEndpoint {{ endpoint: {endpoint:?}, .. }}, got {other:?}"
        )),
    }
}

fn bad_input<T: Debug>(r: zmq::Result<T>, what: &str) -> Check {
    match r {
        Err(Error::InvalidInput { what: w, reason }) if w == what && !reason.is_empty() => {
            Ok(TypedError)
        }
        other => Err(format!(
            "expected InvalidInput {{ what: {what:?}, .. }}, got {other:?}"
        )),
    }
}

/// A refused send: the exact error, and the message back intact.
fn send_refused(r: Result<(), SendError>, want: Error, payload: &[u8]) -> Check {
    match r {
        Err(SendError { error, msg }) if error == want => {
            if &msg[..] == payload {
                Ok(TypedError)
            } else {
                Err(format!(
                    "{want:?} as expected, but the message came back as {:?}, not {payload:?}",
                    &msg[..]
                ))
            }
        }
        Err(SendError { error, .. }) => Err(format!("expected {want:?}, got {error:?}")),
        Ok(()) => Err(format!("expected {want:?}, the send succeeded")),
    }
}

fn ensure(cond: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(what())
    }
}

// ---- Fixtures -----------------------------------------------------------------------------------

fn ctx() -> Context {
    Context::new().expect("zmq_ctx_new")
}

fn bind(kind: SocketType, endpoint: &str) -> zmq::Result<()> {
    let ctx = ctx();
    let s = socket(&ctx, kind);
    s.bind(endpoint)
}

fn connect(kind: SocketType, endpoint: &str) -> zmq::Result<()> {
    let ctx = ctx();
    let s = socket(&ctx, kind);
    s.connect(endpoint)
}

/// An ipc endpoint whose path is `len` bytes long (in a fresh temporary directory).
fn ipc_of_len(dir: &TempDir, len: usize) -> String {
    let base = dir.0.join("s").display().to_string();
    assert!(base.len() < len, "temp dir path too long for the case");
    format!("ipc://{base}{}", "x".repeat(len - base.len()))
}

/// A context already shut down (`zmq_ctx_shutdown`), with a socket created before.
fn shut_down(kind: SocketType) -> (Context, zmq::Socket) {
    let ctx = ctx();
    let s = socket(&ctx, kind);
    ctx.shutdown().expect("zmq_ctx_shutdown");
    (ctx, s)
}

const Z85_KEY: &str = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";

// ---- The table ----------------------------------------------------------------------------------

fn cases() -> Vec<Case> {
    use SocketType::*;
    vec![
        // -- Endpoints: syntax refused by this crate before libzmq sees them.
        case("bind empty endpoint", || bad_endpoint(bind(Pair, ""), "")),
        case("connect empty endpoint", || {
            bad_endpoint(connect(Pair, ""), "")
        }),
        case("bind interior NUL", || {
            bad_endpoint(bind(Pair, "inproc://a\0b"), "inproc://a\0b")
        }),
        case("connect interior NUL", || {
            bad_endpoint(connect(Pair, "tcp://127.0.0.1:1\0"), "tcp://127.0.0.1:1\0")
        }),
        case("unbind interior NUL", || {
            let ctx = ctx();
            bad_endpoint(socket(&ctx, Pair).unbind("inproc://\0"), "inproc://\0")
        }),
        case("disconnect empty endpoint", || {
            let ctx = ctx();
            bad_endpoint(socket(&ctx, Pair).disconnect(""), "")
        }),
        // -- Endpoints: refused by libzmq's URI parser.
        case("bind missing ://", || {
            errno(bind(Pair, "127.0.0.1:5555"), libc::EINVAL)
        }),
        case("connect missing ://", || {
            errno(connect(Pair, "inproc:x"), libc::EINVAL)
        }),
        case("bind unknown transport foo://", || {
            errno(bind(Pair, "foo://bar"), libc::EPROTONOSUPPORT)
        }),
        case("connect unknown transport foo://", || {
            errno(connect(Pair, "foo://bar"), libc::EPROTONOSUPPORT)
        }),
        case("bind tcp:// without address", || {
            errno(bind(Pair, "tcp://"), libc::EINVAL)
        }),
        case("bind inproc:// empty name", || {
            errno(bind(Pair, "inproc://"), libc::EINVAL)
        }),
        case("connect inproc:// empty name", || {
            errno(connect(Pair, "inproc://"), libc::EINVAL)
        }),
        case("bind ipc:// empty path", || {
            errno(bind(Pair, "ipc://"), libc::EINVAL)
        }),
        // -- tcp.
        case("bind tcp without port", || {
            errno(bind(Pair, "tcp://127.0.0.1"), libc::EINVAL)
        }),
        case("connect tcp without port", || {
            errno(connect(Pair, "tcp://127.0.0.1"), libc::EINVAL)
        }),
        case("connect tcp empty port", || {
            errno(connect(Pair, "tcp://127.0.0.1:"), libc::EINVAL)
        }),
        case("connect tcp wildcard port", || {
            errno(connect(Pair, "tcp://127.0.0.1:*"), libc::EINVAL)
        }),
        // libzmq 4.3.5 reads ports with atoi and a 16-bit cast: these bound or connected to
        // another port (34463, 65535, 5555) without an error before this crate checked them.
        case("bind tcp port 65536", || {
            bad_endpoint(bind(Pair, "tcp://127.0.0.1:65536"), "tcp://127.0.0.1:65536")
        }),
        case("bind tcp port 99999 (was: bound 34463)", || {
            bad_endpoint(bind(Pair, "tcp://127.0.0.1:99999"), "tcp://127.0.0.1:99999")
        }),
        case("connect tcp port 99999 (was: connected 34463)", || {
            bad_endpoint(
                connect(Pair, "tcp://127.0.0.1:99999"),
                "tcp://127.0.0.1:99999",
            )
        }),
        case("bind tcp port -1 (was: bound 65535)", || {
            bad_endpoint(bind(Pair, "tcp://127.0.0.1:-1"), "tcp://127.0.0.1:-1")
        }),
        case("bind tcp port 5555x (was: bound 5555)", || {
            bad_endpoint(bind(Pair, "tcp://127.0.0.1:5555x"), "tcp://127.0.0.1:5555x")
        }),
        case("connect tcp source;dest with a bad source port", || {
            bad_endpoint(
                connect(Pair, "tcp://127.0.0.1:70000;127.0.0.1:5555"),
                "tcp://127.0.0.1:70000;127.0.0.1:5555",
            )
        }),
        case("bind tcp port abc", || {
            bad_endpoint(bind(Pair, "tcp://127.0.0.1:abc"), "tcp://127.0.0.1:abc")
        }),
        case("connect tcp port abc", || {
            bad_endpoint(connect(Pair, "tcp://127.0.0.1:abc"), "tcp://127.0.0.1:abc")
        }),
        case("connect udp port 123456", || {
            bad_endpoint(
                connect(Pair, "udp://127.0.0.1:123456"),
                "udp://127.0.0.1:123456",
            )
        }),
        case("connect tcp host with space", || {
            errno(connect(Pair, "tcp://127.0.0 .1:5555"), libc::EINVAL)
        }),
        case("connect tcp host with bad char", || {
            errno(connect(Pair, "tcp://!127.0.0.1:5555"), libc::EINVAL)
        }),
        case("bind tcp unbalanced bracket", || {
            errno(bind(Pair, "tcp://[::1:5555"), libc::ENODEV)
        }),
        case("bind tcp unknown interface", || {
            errno(bind(Pair, "tcp://no-such-if0:5555"), libc::ENODEV)
        }),
        case("bind tcp address 256.1.1.1", || {
            errno(bind(Pair, "tcp://256.1.1.1:5555"), libc::ENODEV)
        }),
        case("bind tcp port in use", || {
            let ctx = ctx();
            let a = socket(&ctx, Pair);
            a.bind("tcp://127.0.0.1:*").map_err(|e| e.to_string())?;
            let taken = a.last_endpoint().map_err(|e| e.to_string())?;
            errno(socket(&ctx, Pair).bind(&taken), libc::EADDRINUSE)
        }),
        // -- ipc.
        isolated("bind ipc path of 108 bytes (sun_path limit)", || {
            let dir = TempDir::new("bad-ipc");
            errno(bind(Pair, &ipc_of_len(&dir, 108)), libc::ENAMETOOLONG)
        }),
        isolated("connect ipc path of 200 bytes", || {
            let dir = TempDir::new("bad-ipc");
            errno(connect(Pair, &ipc_of_len(&dir, 200)), libc::ENAMETOOLONG)
        }),
        case("bind ipc in a missing directory", || {
            let dir = TempDir::new("bad-ipc");
            let ep = format!("ipc://{}/missing/sock", dir.0.display());
            errno(bind(Pair, &ep), libc::ENOENT)
        }),
        // -- inproc.
        case("bind inproc name twice", || {
            let ctx = ctx();
            let a = socket(&ctx, Pair);
            a.bind("inproc://bad-input-twice")
                .map_err(|e| e.to_string())?;
            errno(
                socket(&ctx, Pair).bind("inproc://bad-input-twice"),
                libc::EADDRINUSE,
            )
        }),
        // -- Other transports: not built in, or not for this socket type.
        case("bind udp on PUSH", || {
            errno(bind(Push, "udp://127.0.0.1:5555"), zmq::sys::ENOCOMPATPROTO)
        }),
        case("connect udp on SUB", || {
            errno(
                connect(Sub, "udp://127.0.0.1:5555"),
                zmq::sys::ENOCOMPATPROTO,
            )
        }),
        isolated("bind ws (if not built)", || {
            if zmq::has("WS") {
                return errno(bind(Pair, "ws://"), libc::EINVAL);
            }
            errno(bind(Pair, "ws://127.0.0.1:5555"), libc::EPROTONOSUPPORT)
        }),
        isolated("bind tipc (bad address or not built)", || {
            let r = bind(Pair, "tipc://{5560,0,0,9}");
            if zmq::has("tipc") {
                // Built (Linux, as CMake does): without the kernel's tipc module (containers),
                // the socket cannot even be opened.
                if matches!(&r, Err(e) if e.errno() == libc::EAFNOSUPPORT) {
                    return Ok(TypedError);
                }
                errno(r, libc::EINVAL)
            } else {
                errno(r, libc::EPROTONOSUPPORT)
            }
        }),
        isolated("connect vmci (not built)", || {
            let r = connect(Pair, "vmci://1:5555");
            if zmq::has("vmci") {
                return r.map(|()| Accepted).map_err(|e| e.to_string());
            }
            errno(r, libc::EPROTONOSUPPORT)
        }),
        isolated("connect norm (not built)", || {
            let r = connect(Pub, "norm://1,127.0.0.1:5555");
            if zmq::has("norm") {
                return r.map(|()| Accepted).map_err(|e| e.to_string());
            }
            errno(r, libc::EPROTONOSUPPORT)
        }),
        // -- PGM: refused by this crate before any socket opens (tests/pgm.rs covers the rest).
        case("connect epgm on PUSH", || {
            bad_endpoint(
                connect(Push, "epgm://127.0.0.1;239.192.1.1:5555"),
                "epgm://127.0.0.1;239.192.1.1:5555",
            )
        }),
        case("connect epgm empty interface", || {
            bad_endpoint(
                connect(Sub, "epgm://;239.192.1.1:5555"),
                "epgm://;239.192.1.1:5555",
            )
        }),
        case("connect epgm without ;", || {
            bad_endpoint(
                connect(Sub, "epgm://239.192.1.1:5555"),
                "epgm://239.192.1.1:5555",
            )
        }),
        case("bind pgm unicast group", || {
            bad_endpoint(
                bind(Pub, "pgm://127.0.0.1;10.0.0.1:5555"),
                "pgm://127.0.0.1;10.0.0.1:5555",
            )
        }),
        case("connect epgm port 0", || {
            bad_endpoint(
                connect(Sub, "epgm://127.0.0.1;239.192.1.1:0"),
                "epgm://127.0.0.1;239.192.1.1:0",
            )
        }),
        // -- Endpoints never bound or connected.
        case("unbind tcp never bound", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Pair).unbind("tcp://127.0.0.1:5555"),
                libc::ENOENT,
            )
        }),
        case("unbind tcp wildcard", || {
            let ctx = ctx();
            let s = socket(&ctx, Pair);
            s.bind("tcp://127.0.0.1:*").map_err(|e| e.to_string())?;
            errno(s.unbind("tcp://127.0.0.1:*"), libc::ENOENT)
        }),
        case("unbind inproc never bound", || {
            let ctx = ctx();
            errno(socket(&ctx, Pair).unbind("inproc://nobody"), libc::ENOENT)
        }),
        case("disconnect tcp never connected", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Pair).disconnect("tcp://127.0.0.1:5555"),
                libc::ENOENT,
            )
        }),
        case("disconnect unknown transport", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Pair).disconnect("foo://x"),
                libc::EPROTONOSUPPORT,
            )
        }),
        // -- Socket options: values libzmq refuses.
        case("SNDHWM -1", || {
            let ctx = ctx();
            errno(socket(&ctx, Push).set(opt::SndHwm, -1), libc::EINVAL)
        }),
        case("RCVHWM -5", || {
            let ctx = ctx();
            errno(socket(&ctx, Pull).set(opt::RcvHwm, -5), libc::EINVAL)
        }),
        case("RATE 0", || {
            let ctx = ctx();
            errno(socket(&ctx, Pub).set(opt::Rate, 0), libc::EINVAL)
        }),
        case("ROUTING_ID of 256 bytes", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Dealer).set(opt::RoutingId, &[1u8; 256][..]),
                libc::EINVAL,
            )
        }),
        isolated("bind with a BINDTODEVICE of 16 characters", || {
            // libzmq stores any name; SO_BINDTODEVICE refuses it when the listener opens.
            let ctx = ctx();
            let s = socket(&ctx, Dealer);
            s.set(opt::BindToDevice, "0123456789abcdef")
                .map_err(|e| e.to_string())?;
            errno(s.bind("tcp://127.0.0.1:*"), libc::ENODEV)
        }),
        case("ZAP_DOMAIN empty", || {
            let ctx = ctx();
            errno(socket(&ctx, Dealer).set(opt::ZapDomain, ""), libc::EINVAL)
        }),
        case("GSSAPI_SERVER (not built)", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Dealer).set(opt::GssapiServer, true),
                libc::EINVAL,
            )
        }),
        case("VMCI_BUFFER_SIZE (not built)", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Dealer).set(opt::VmciBufferSize, 1024),
                libc::EINVAL,
            )
        }),
        // -- Socket options on the wrong socket type.
        case("SUBSCRIBE on PUSH", || {
            let ctx = ctx();
            errno(socket(&ctx, Push).subscribe("x"), libc::EINVAL)
        }),
        case("UNSUBSCRIBE on PUB", || {
            let ctx = ctx();
            errno(socket(&ctx, Pub).unsubscribe("x"), libc::EINVAL)
        }),
        case("ROUTER_MANDATORY on REQ", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Req).set(opt::RouterMandatory, true),
                libc::EINVAL,
            )
        }),
        case("ROUTER_HANDOVER on DEALER", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Dealer).set(opt::RouterHandover, true),
                libc::EINVAL,
            )
        }),
        case("XPUB_VERBOSE on SUB", || {
            let ctx = ctx();
            errno(socket(&ctx, Sub).set(opt::XPubVerbose, true), libc::EINVAL)
        }),
        case("REQ_CORRELATE on DEALER", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Dealer).set(opt::ReqCorrelate, true),
                libc::EINVAL,
            )
        }),
        // -- Socket options: values this crate refuses before libzmq.
        case("PLAIN_USERNAME with NUL", || {
            let ctx = ctx();
            bad_input(
                socket(&ctx, Dealer).set(opt::PlainUsername, "a\0b"),
                "option value",
            )
        }),
        case("SOCKS_PROXY with NUL", || {
            let ctx = ctx();
            bad_input(
                socket(&ctx, Dealer).set(opt::SocksProxy, "127.0.0.1:1080\0"),
                "option value",
            )
        }),
        case("LINGER of u64::MAX seconds", || {
            let ctx = ctx();
            bad_input(
                socket(&ctx, Dealer).set(opt::Linger, Some(Duration::from_secs(u64::MAX))),
                "option value",
            )
        }),
        case("RCVTIMEO of i32::MAX + 1 ms", || {
            let ctx = ctx();
            let d = Duration::from_millis(i32::MAX as u64 + 1);
            bad_input(
                socket(&ctx, Dealer).set(opt::RcvTimeo, Some(d)),
                "option value",
            )
        }),
        case("RECONNECT_IVL_MAX overflowing i32 ms", || {
            let ctx = ctx();
            bad_input(
                socket(&ctx, Dealer)
                    .set(opt::ReconnectIvlMax, Some(Duration::from_secs(3_000_000))),
                "option value",
            )
        }),
        case("HANDSHAKE_IVL of 500 µs (reads back as off)", || {
            let ctx = ctx();
            bad_input(
                socket(&ctx, Dealer).set(opt::HandshakeIvl, Some(Duration::from_micros(500))),
                "option value",
            )
        }),
        case("HEARTBEAT_TTL under 100 ms", || {
            let ctx = ctx();
            bad_input(
                socket(&ctx, Dealer).set(opt::HeartbeatTtl, Duration::from_millis(50)),
                "option value",
            )
        }),
        case("HEARTBEAT_TTL over 6553.599 s", || {
            let ctx = ctx();
            bad_input(
                socket(&ctx, Dealer).set(opt::HeartbeatTtl, Duration::from_secs(7000)),
                "option value",
            )
        }),
        case("TCP_KEEPALIVE_IDLE with a fraction of a second", || {
            let ctx = ctx();
            bad_input(
                socket(&ctx, Dealer).set(opt::TcpKeepaliveIdle, Duration::from_millis(1500)),
                "option value",
            )
        }),
        case("MAXMSGSIZE over i64::MAX", || {
            let ctx = ctx();
            bad_input(
                socket(&ctx, Dealer).set(opt::MaxMsgSize, Some(u64::MAX)),
                "option value",
            )
        }),
        case("CURVE_SERVERKEY of 39 characters", || {
            let ctx = ctx();
            bad_input(
                socket(&ctx, Dealer).set(opt::CurveServerKey, &Z85_KEY[..39]),
                "CURVE key",
            )
        }),
        case("CURVE_SERVERKEY with a non-Z85 character", || {
            let ctx = ctx();
            let key = format!("{}~", &Z85_KEY[..39]);
            bad_input(
                socket(&ctx, Dealer).set(opt::CurveServerKey, key.as_str()),
                "Z85 text",
            )
        }),
        // -- setsockopt_raw / getsockopt_raw with wrong sizes and ids.
        case("setsockopt_raw SNDHWM with 2 bytes", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Push).setsockopt_raw(zmq::sys::ZMQ_SNDHWM, &[1, 0]),
                libc::EINVAL,
            )
        }),
        case("setsockopt_raw LINGER with 8 bytes", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Push).setsockopt_raw(zmq::sys::ZMQ_LINGER, &0i64.to_ne_bytes()),
                libc::EINVAL,
            )
        }),
        case("setsockopt_raw AFFINITY with 4 bytes", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Push).setsockopt_raw(zmq::sys::ZMQ_AFFINITY, &1i32.to_ne_bytes()),
                libc::EINVAL,
            )
        }),
        case("setsockopt_raw CURVE_SERVERKEY with 31 bytes", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Dealer).setsockopt_raw(zmq::sys::ZMQ_CURVE_SERVERKEY, &[7u8; 31]),
                libc::EINVAL,
            )
        }),
        case("setsockopt_raw unknown option 9999", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Push).setsockopt_raw(9999, &1i32.to_ne_bytes()),
                libc::EINVAL,
            )
        }),
        case("setsockopt_raw int option with no bytes", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Push).setsockopt_raw(zmq::sys::ZMQ_SNDHWM, &[]),
                libc::EINVAL,
            )
        }),
        case("getsockopt_raw SNDHWM into 2 bytes", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Push).getsockopt_raw(zmq::sys::ZMQ_SNDHWM, &mut [0u8; 2]),
                libc::EINVAL,
            )
        }),
        case("getsockopt_raw unknown option 9999", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Push).getsockopt_raw(9999, &mut [0u8; 8]),
                libc::EINVAL,
            )
        }),
        case("getsockopt_raw write-only SUBSCRIBE", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Sub).getsockopt_raw(zmq::sys::ZMQ_SUBSCRIBE, &mut [0u8; 8]),
                libc::EINVAL,
            )
        }),
        // -- Context options out of range.
        case("ctx IO_THREADS -1", || {
            errno(ctx().set(ctx_opt::IoThreads, -1), libc::EINVAL)
        }),
        case("ctx MAX_SOCKETS 0", || {
            errno(ctx().set(ctx_opt::MaxSockets, 0), libc::EINVAL)
        }),
        case("ctx MAX_SOCKETS -1", || {
            errno(ctx().set(ctx_opt::MaxSockets, -1), libc::EINVAL)
        }),
        case("ctx MAX_MSGSZ -1", || {
            errno(ctx().set(ctx_opt::MaxMsgSz, -1), libc::EINVAL)
        }),
        case("ctx THREAD_AFFINITY_CPU_ADD -1", || {
            errno(ctx().set(ctx_opt::ThreadAffinityCpuAdd, -1), libc::EINVAL)
        }),
        case("ctx unknown option through a raw zmq_ctx_set", || {
            let ctx = ctx();
            // SAFETY: a live context; an unknown option id is refused with EINVAL.
            let rc = unsafe { zmq::sys::zmq_ctx_set(ctx.as_raw(), 9999, 1) };
            ensure(rc == -1, || format!("rc {rc}"))?;
            // SAFETY: reads this thread's errno.
            errno(
                Err::<(), _>(Error::from_errno(unsafe { zmq::sys::zmq_errno() })),
                libc::EINVAL,
            )
        }),
        // -- Send and receive in the wrong state or on the wrong socket type.
        case("REQ recv before send", || {
            let ctx = ctx();
            exactly(
                socket(&ctx, Req).recv_msg_with(Flags::DONTWAIT),
                Error::InvalidState,
            )
        }),
        case("REQ two sends in a row (message back)", || {
            let ctx = ctx();
            let (rep, req) = (socket(&ctx, Rep), socket(&ctx, Req));
            rep.bind("inproc://bad-req").map_err(|e| e.to_string())?;
            req.connect("inproc://bad-req").map_err(|e| e.to_string())?;
            req.send("first").map_err(|e| e.to_string())?;
            send_refused(req.send("second"), Error::InvalidState, b"second")
        }),
        case("REP send before recv (message back)", || {
            let ctx = ctx();
            send_refused(
                socket(&ctx, Rep).send("reply"),
                Error::InvalidState,
                b"reply",
            )
        }),
        case("send on SUB (message back)", || {
            let ctx = ctx();
            let r = socket(&ctx, Sub).send(vec![9u8; 100]);
            send_refused(r, Error::from_errno(libc::ENOTSUP), &[9u8; 100])
        }),
        case("recv on PUSH", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Push).recv_msg_with(Flags::DONTWAIT),
                libc::ENOTSUP,
            )
        }),
        case("recv_into on PUB", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Pub).recv_into_with(&mut [0u8; 8], Flags::DONTWAIT),
                libc::ENOTSUP,
            )
        }),
        case("send_multipart on PULL (all parts back)", || {
            let ctx = ctx();
            match socket(&ctx, Pull).send_multipart(["a", "b", "c"]) {
                Err(SendMultipartError { error, unsent }) => {
                    ensure(error == Error::from_errno(libc::ENOTSUP), || {
                        format!("{error:?}")
                    })?;
                    let parts: Vec<&[u8]> = unsent.iter().map(|m| &m[..]).collect();
                    ensure(parts == [b"a", b"b", b"c"], || format!("{parts:?}"))?;
                    Ok(TypedError)
                }
                Ok(()) => Err("send_multipart on PULL succeeded".into()),
            }
        }),
        case("send DONTWAIT on PUSH without peers (message back)", || {
            let ctx = ctx();
            send_refused(
                socket(&ctx, Push).send_with("queued?", Flags::DONTWAIT),
                Error::WouldBlock,
                b"queued?",
            )
        }),
        case("ROUTER_MANDATORY to an unknown peer (parts back)", || {
            let ctx = ctx();
            let router = socket(&ctx, Router);
            router
                .set(opt::RouterMandatory, true)
                .map_err(|e| e.to_string())?;
            match router.send_multipart_with(["nobody", "payload"], Flags::DONTWAIT) {
                Err(SendMultipartError { error, unsent }) => {
                    ensure(error == Error::from_errno(libc::EHOSTUNREACH), || {
                        format!("{error:?}")
                    })?;
                    let parts: Vec<&[u8]> = unsent.iter().map(|m| &m[..]).collect();
                    ensure(parts == [&b"nobody"[..], b"payload"], || {
                        format!("{parts:?}")
                    })?;
                    Ok(TypedError)
                }
                Ok(()) => Err("send to an unknown peer succeeded".into()),
            }
        }),
        case("recv_string of non-UTF-8 (bytes kept)", || {
            let ctx = ctx();
            let (a, b) = (socket(&ctx, Pair), socket(&ctx, Pair));
            a.bind("inproc://bad-utf8").map_err(|e| e.to_string())?;
            b.connect("inproc://bad-utf8").map_err(|e| e.to_string())?;
            a.send(&[0xff, 0xfe, b'x'][..]).map_err(|e| e.to_string())?;
            match b.recv_string() {
                Err(Error::NotUtf8 { bytes }) => {
                    ensure(bytes == [0xff, 0xfe, b'x'], || format!("{bytes:?}"))?;
                    Ok(TypedError)
                }
                other => Err(format!("expected NotUtf8, got {other:?}")),
            }
        }),
        case("recv DONTWAIT with nothing queued", || {
            let ctx = ctx();
            exactly(
                socket(&ctx, Pull).recv_msg_with(Flags::DONTWAIT),
                Error::WouldBlock,
            )
        }),
        // -- A terminated (shut down) context.
        case("send after shutdown (message back)", || {
            let (_ctx, s) = shut_down(Push);
            send_refused(s.send("late"), Error::ContextTerminated, b"late")
        }),
        case("recv after shutdown", || {
            let (_ctx, s) = shut_down(Pull);
            exactly(s.recv_msg(), Error::ContextTerminated)
        }),
        case("blocking recv interrupted by shutdown", || {
            with_timeout(IO_TIMEOUT, || {
                let ctx = ctx();
                let s = ctx.socket(SocketType::Pull).expect("socket");
                let stopper = ctx.clone();
                let t = std::thread::spawn(move || {
                    std::thread::sleep(Duration::from_millis(50));
                    stopper.shutdown()
                });
                let r = exactly(s.recv_msg(), Error::ContextTerminated);
                t.join().expect("join").map_err(|e| e.to_string())?;
                r
            })
        }),
        case("socket after shutdown", || {
            let (ctx, _s) = shut_down(Push);
            exactly(ctx.socket(SocketType::Pull), Error::ContextTerminated)
        }),
        case("bind after shutdown", || {
            let (_ctx, s) = shut_down(Pair);
            exactly(s.bind("inproc://late"), Error::ContextTerminated)
        }),
        case("connect after shutdown", || {
            let (_ctx, s) = shut_down(Pair);
            exactly(s.connect("inproc://late"), Error::ContextTerminated)
        }),
        case("read EVENTS after shutdown", || {
            let (_ctx, s) = shut_down(Pair);
            exactly(s.get(opt::Events), Error::ContextTerminated)
        }),
        case("poll after shutdown", || {
            let (_ctx, s) = shut_down(Pull);
            let mut items = [s.as_poll_item(zmq::POLLIN)];
            exactly(
                zmq::poll(&mut items, Some(Duration::ZERO)),
                Error::ContextTerminated,
            )
        }),
        case("proxy after shutdown", || {
            let ctx = ctx();
            let (front, back) = (socket(&ctx, Router), socket(&ctx, Dealer));
            ctx.shutdown().map_err(|e| e.to_string())?;
            with_timeout(IO_TIMEOUT, move || {
                exactly(zmq::proxy(&front, &back), Error::ContextTerminated)
            })
        }),
        case("proxy_steerable after shutdown", || {
            let ctx = ctx();
            let (front, back, control) = (
                socket(&ctx, Router),
                socket(&ctx, Dealer),
                socket(&ctx, Rep),
            );
            ctx.shutdown().map_err(|e| e.to_string())?;
            with_timeout(IO_TIMEOUT, move || {
                exactly(
                    zmq::proxy_steerable(&front, &back, None, &control),
                    Error::ContextTerminated,
                )
            })
        }),
        case("monitor after shutdown", || {
            let (_ctx, s) = shut_down(Pair);
            exactly(
                s.monitor(MonitorEvents::ALL).map(drop),
                Error::ContextTerminated,
            )
        }),
        // -- Monitors.
        case("monitor_to tcp endpoint", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Pair).monitor_to("tcp://127.0.0.1:5555", MonitorEvents::ALL),
                libc::EPROTONOSUPPORT,
            )
        }),
        case("monitor_to without ://", || {
            let ctx = ctx();
            errno(
                socket(&ctx, Pair).monitor_to("monitor", MonitorEvents::ALL),
                libc::EINVAL,
            )
        }),
        case("monitor_to empty endpoint", || {
            let ctx = ctx();
            bad_endpoint(socket(&ctx, Pair).monitor_to("", MonitorEvents::ALL), "")
        }),
        case("monitor_to interior NUL", || {
            let ctx = ctx();
            bad_endpoint(
                socket(&ctx, Pair).monitor_to("inproc://m\0", MonitorEvents::ALL),
                "inproc://m\0",
            )
        }),
        case("monitor v1 with v2-only events", || {
            let ctx = ctx();
            bad_input(
                socket(&ctx, Pair)
                    .monitor(MonitorEvents::ALL | MonitorEvents::from_bits_retain(1 << 16))
                    .map(drop),
                "monitor events",
            )
        }),
        case("monitor_to an endpoint in use", || {
            let ctx = ctx();
            let (a, b) = (socket(&ctx, Pair), socket(&ctx, Pair));
            let taken = socket(&ctx, Pair);
            taken
                .bind("inproc://bad-monitor")
                .map_err(|e| e.to_string())?;
            let r = b.monitor_to("inproc://bad-monitor", MonitorEvents::ALL);
            drop(a);
            errno(r, libc::EADDRINUSE)
        }),
        case("MonitorEvent::parse of a 5-byte head", || {
            bad_input(
                MonitorEvent::parse(&[&[1, 0, 0, 0, 0], b"tcp://x"]),
                "monitor event",
            )
        }),
        case("MonitorEvent::parse of 3 frames", || {
            bad_input(
                MonitorEvent::parse(&[&[1, 0, 0, 0, 0, 0], b"a", b"b"]),
                "monitor event",
            )
        }),
        case("MonitorEvent::parse_v2 with a wrong value count", || {
            let count = 5u64.to_ne_bytes();
            let code = 1u64.to_ne_bytes();
            bad_input(
                MonitorEvent::parse_v2(&[&code, &count, &[0u8; 8], b"", b""]),
                "monitor event",
            )
        }),
        case("MonitorEvent::parse of a non-UTF-8 endpoint", || {
            bad_input(
                MonitorEvent::parse(&[&[1, 0, 0, 0, 0, 0], &[0xff]]),
                "monitor event",
            )
        }),
        // -- Polling.
        case("poll with no items", || {
            let n = zmq::poll(&mut [], Some(Duration::ZERO)).map_err(|e| e.to_string())?;
            ensure(n == 0, || format!("{n} items ready"))?;
            Ok(Accepted)
        }),
        case("poll with unknown event bits and Duration::MAX", || {
            // Unknown bits are ignored; the timeout saturates instead of overflowing.
            let ctx = ctx();
            let (a, b) = (socket(&ctx, Pair), socket(&ctx, Pair));
            a.bind("inproc://bad-poll").map_err(|e| e.to_string())?;
            b.connect("inproc://bad-poll").map_err(|e| e.to_string())?;
            let all = zmq::PollEvents::from_bits_retain(-1);
            let got = b
                .poll(all, Some(Duration::MAX))
                .map_err(|e| e.to_string())?;
            ensure(got.contains(zmq::POLLOUT), || format!("{got:?}"))?;
            Ok(Accepted)
        }),
        case("poll of nothing ready with unknown bits", || {
            let ctx = ctx();
            let s = socket(&ctx, Pull);
            let got = s
                .poll(
                    zmq::PollEvents::from_bits_retain(0x7f00),
                    Some(Duration::ZERO),
                )
                .map_err(|e| e.to_string())?;
            ensure(got.is_empty(), || format!("{got:?}"))?;
            Ok(Accepted)
        }),
        // -- Z85 and CURVE keys.
        case("z85_decode length 4", || {
            bad_input(zmq::z85_decode("abcd"), "Z85 text")
        }),
        case("z85_decode length 6", || {
            bad_input(zmq::z85_decode("abcdef"), "Z85 text")
        }),
        case("z85_decode bad character", || {
            bad_input(zmq::z85_decode("abc~e"), "Z85 text")
        }),
        case("z85_decode space", || {
            bad_input(zmq::z85_decode("ab de"), "Z85 text")
        }),
        case("z85_decode non-ASCII", || {
            bad_input(zmq::z85_decode("éab\u{7f}"), "Z85 text")
        }),
        case("z85_decode interior NUL", || {
            bad_input(zmq::z85_decode("ab\0de"), "Z85 text")
        }),
        case("z85_decode value over u32::MAX", || {
            bad_input(zmq::z85_decode("#####"), "Z85 text")
        }),
        // Fuzz regression (fuzz/ z85): decode(encode([])) failed, as libzmq refuses "".
        case("z85 of no bytes round trips", || {
            let text = zmq::z85_encode(&[]).map_err(|e| e.to_string())?;
            let back = zmq::z85_decode(&text).map_err(|e| format!("{text:?}: {e:?}"))?;
            ensure(text.is_empty() && back.is_empty(), || {
                format!("{text:?} {back:?}")
            })?;
            Ok(Accepted)
        }),
        case("z85_encode length 3", || {
            bad_input(zmq::z85_encode(&[1, 2, 3]), "Z85 input")
        }),
        case("CurveKey of 41 characters", || {
            bad_input(format!("{Z85_KEY}0").parse::<CurveKey>(), "CURVE key")
        }),
        case("CurveKey of 40 bad characters", || {
            bad_input(CurveKey::from_z85(&"~".repeat(40)), "Z85 text")
        }),
        // -- Messages.
        case("Message::with_size(usize::MAX)", || {
            errno(Message::with_size(usize::MAX), libc::ENOMEM)
        }),
        case("Message::gets with NUL and unknown property", || {
            let m = Message::copy_from(b"x").map_err(|e| e.to_string())?;
            ensure(
                m.gets("Socket\0Type").is_none() && m.gets("No-Such").is_none(),
                || "gets found a property on a message never received".into(),
            )?;
            Ok(Accepted)
        }),
        // -- MAXMSGSIZE: the receiver drops a peer that sends more; the big message never
        //    arrives, a small one sent after the reconnect does.
        case("message over MAXMSGSIZE", maxmsgsize_drops_peer),
    ]
}

/// `zmq_setsockopt(3)`, `ZMQ_MAXMSGSIZE`: "If a peer sends a message larger than
/// ZMQ_MAXMSGSIZE it is disconnected." The sender's connecting side reconnects and keeps its
/// queue, so a small message sent after the disconnect arrives; the big one never does.
fn maxmsgsize_drops_peer() -> Check {
    with_timeout(Duration::from_secs(20), || {
        let ctx = ctx();
        let pull = socket(&ctx, SocketType::Pull);
        pull.set(opt::MaxMsgSize, Some(64))
            .map_err(|e| e.to_string())?;
        pull.bind("tcp://127.0.0.1:*").map_err(|e| e.to_string())?;
        let endpoint = pull.last_endpoint().map_err(|e| e.to_string())?;
        let push = socket(&ctx, SocketType::Push);
        let monitor = push
            .monitor(MonitorEvents::HANDSHAKE_SUCCEEDED | MonitorEvents::DISCONNECTED)
            .map_err(|e| e.to_string())?;
        push.connect(&endpoint).map_err(|e| e.to_string())?;
        let wait_for = |want: fn(&MonitorEvent) -> bool, what: &str| -> Result<(), String> {
            loop {
                match monitor.recv(Some(IO_TIMEOUT)) {
                    Ok(Some(e)) if want(&e) => return Ok(()),
                    Ok(Some(_)) => continue,
                    other => return Err(format!("waiting for {what}: {other:?}")),
                }
            }
        };
        wait_for(
            |e| matches!(e, MonitorEvent::HandshakeSucceeded { .. }),
            "handshake",
        )?;
        push.send(vec![b'B'; 1000]).map_err(|e| e.to_string())?;
        wait_for(
            |e| matches!(e, MonitorEvent::Disconnected { .. }),
            "the receiver dropping the peer",
        )?;
        push.send("small").map_err(|e| e.to_string())?;
        let got = pull.recv_msg().map_err(|e| e.to_string())?;
        ensure(&got[..] == b"small", || {
            format!("expected the small message, got {} bytes", got.len())
        })?;
        exactly(pull.recv_msg_with(Flags::DONTWAIT), Error::WouldBlock)
    })
}

// ---- The runner ---------------------------------------------------------------------------------

#[derive(Debug, PartialEq)]
enum Outcome {
    Passed(Verdict),
    Failed(String),
    Panicked(String),
    Aborted(String),
}

fn run_in_process(case: &Case) -> Outcome {
    match catch_unwind(AssertUnwindSafe(case.run)) {
        Ok(Ok(v)) => Outcome::Passed(v),
        Ok(Err(why)) => Outcome::Failed(why),
        Err(panic) => Outcome::Panicked(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default(),
        ),
    }
}

const CHILD_ENV: &str = "BAD_INPUT_CASE";

/// Runs the case in a child: this test binary, only `child_case`, with the case's name.
fn run_in_child(case: &Case) -> Outcome {
    use std::os::unix::process::ExitStatusExt;
    let exe = std::env::current_exe().expect("current_exe");
    let out = Command::new(exe)
        .args(["child_case", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, case.name)
        .output()
        .expect("spawn the test binary");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if let Some(sig) = out.status.signal() {
        return Outcome::Aborted(format!("signal {sig}\n{stdout}\n{stderr}"));
    }
    match out.status.code() {
        Some(0) if stdout.contains("CHILD PASSED: TypedError") => Outcome::Passed(TypedError),
        Some(0) if stdout.contains("CHILD PASSED: Accepted") => Outcome::Passed(Accepted),
        _ => {
            let detail = format!("{}\n{stdout}\n{stderr}", out.status);
            if stdout.contains("CHILD PANICKED") {
                Outcome::Panicked(detail)
            } else {
                Outcome::Failed(detail)
            }
        }
    }
}

/// The child's side of [`run_in_child`]; does nothing in a normal test run.
#[test]
fn child_case() {
    let Ok(name) = std::env::var(CHILD_ENV) else {
        return;
    };
    let cases = cases();
    let case = cases
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case {name:?}"));
    match run_in_process(case) {
        Outcome::Passed(v) => println!("CHILD PASSED: {v:?}"),
        Outcome::Panicked(why) => {
            println!("CHILD PANICKED: {why}");
            std::process::exit(3);
        }
        other => {
            println!("CHILD FAILED: {other:?}");
            std::process::exit(2);
        }
    }
}

#[test]
fn bad_inputs() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let cases = cases();
    let mut names = std::collections::HashSet::new();
    for c in &cases {
        assert!(names.insert(c.name), "duplicate case name {:?}", c.name);
    }
    let (mut typed, mut accepted, mut panics, mut aborts) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for case in &cases {
        let outcome = if case.isolated {
            run_in_child(case)
        } else {
            run_in_process(case)
        };
        let tag = match &outcome {
            Outcome::Passed(TypedError) => {
                typed += 1;
                "ok"
            }
            Outcome::Passed(Accepted) => {
                accepted += 1;
                "ok (accepted)"
            }
            Outcome::Failed(_) => "FAILED",
            Outcome::Panicked(_) => {
                panics += 1;
                "PANIC"
            }
            Outcome::Aborted(_) => {
                aborts += 1;
                "ABORT"
            }
        };
        let place = if case.isolated { " (child)" } else { "" };
        println!("  {tag:13} {}{place}", case.name);
        if !matches!(outcome, Outcome::Passed(_)) {
            failures.push(format!("{}: {outcome:?}", case.name));
        }
    }
    println!(
        "bad inputs: {} cases, {typed} typed errors, {accepted} accepted as documented, \
         {panics} panics, {aborts} aborts",
        cases.len()
    );
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
