//! Inputs that make libzmq 4.3.5 (or OpenPGM) abort the process *after* the API call returned, and
//! the guards that refuse them first (`src/guard.rs`, `src/endpoint.rs`). Inventory and argument:
//! `docs/libzmq-asserts.md`.
//!
//! Every case runs in a child process: this test binary re-executed with `ABORTS_CASE=<name>` and
//! only the `child_case` test (the pattern of `tests/bad_input.rs`). Two kinds of case:
//!
//! - **guarded**: the input goes through the crate's API, which must return the typed error, and
//!   the child must then exit normally (no signal) after giving libzmq's I/O threads time to act.
//! - **control**: the same input goes to raw libzmq (`zmq::sys`), bypassing the guard; the child
//!   must be killed by `SIGABRT` (or, for the UDP buffer overflow, by any fatal signal). A control
//!   proves the guard matters: remove the guard and the guarded case fails the same way.
//! - **probe**: an input that looked dangerous but that libzmq survives on this platform (the
//!   kernel refuses the value and libzmq handles the refusal); kept so a regression shows.
//!
//! Tests needing something the machine may not give (root, a draft build) print `SKIPPED: ...`,
//! and fail instead when `CI=true`.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::os::raw::{c_int, c_void};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use zmq::{sys, Context, Socket, SocketType};

/// How long a child waits after the dangerous call, so libzmq's I/O thread gets to the assert.
const SETTLE: Duration = Duration::from_millis(1500);
/// A child that has not finished after this long is killed and the case fails.
const CHILD_LIMIT: Duration = Duration::from_secs(60);

const CHILD_ENV: &str = "ABORTS_CASE";

type Run = fn() -> Result<(), String>;

// ---- Child-process runner -----------------------------------------------------------------------

#[derive(Debug)]
#[allow(dead_code)] // the texts are read through Debug, in failure messages
enum Exit {
    /// Exited 0 and printed `CHILD OK`.
    Clean,
    /// Killed by this signal.
    Signal(i32, String),
    /// Exited otherwise (a failed check, a panic).
    Failed(String),
}

fn run_child(name: &str) -> Exit {
    let exe = std::env::current_exe().expect("current_exe");
    let mut child = Command::new(exe)
        .args(["child_case", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, name)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the test binary");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            break status;
        }
        if start.elapsed() > CHILD_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Exit::Failed(format!("{name}: timed out after {CHILD_LIMIT:?}"));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut out = String::new();
    let mut err = String::new();
    if let Some(mut s) = child.stdout.take() {
        let _ = s.read_to_string(&mut out);
    }
    if let Some(mut s) = child.stderr.take() {
        let _ = s.read_to_string(&mut err);
    }
    let detail = format!("--- stdout\n{out}\n--- stderr\n{err}");
    if let Some(sig) = status.signal() {
        return Exit::Signal(sig, detail);
    }
    if status.code() == Some(0) && out.contains("CHILD OK") {
        Exit::Clean
    } else {
        Exit::Failed(format!("{status}\n{detail}"))
    }
}

/// The guarded call returned the typed error and nothing was killed.
fn expect_clean(name: &str) {
    match run_child(name) {
        Exit::Clean => println!("  ok     {name}: typed error, no signal"),
        other => panic!("{name}: expected a clean exit, got {other:?}"),
    }
}

/// Raw libzmq, bypassing the guard, is killed by SIGABRT.
fn expect_abort(name: &str) {
    match run_child(name) {
        Exit::Signal(libc::SIGABRT, detail) => {
            let line = detail
                .lines()
                .find(|l| l.contains("Assertion") || l.contains("assert") || l.contains("("))
                .unwrap_or("")
                .to_owned();
            println!("  ok     {name}: SIGABRT as expected ({line})");
        }
        other => panic!("{name}: expected SIGABRT, got {other:?}"),
    }
}

/// Raw libzmq, bypassing the guard, dies of a fatal signal (memory corruption: which signal
/// depends on what the overflow hits).
#[cfg_attr(not(zmq_has_draft), allow(dead_code))]
fn expect_fatal_signal(name: &str) {
    match run_child(name) {
        Exit::Signal(sig, _) => println!("  ok     {name}: killed by signal {sig} as expected"),
        other => panic!("{name}: expected a fatal signal, got {other:?}"),
    }
}

/// The child looks its case up here and runs it.
#[test]
fn child_case() {
    let Ok(name) = std::env::var(CHILD_ENV) else {
        return;
    };
    let run = CASES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, run)| *run)
        .unwrap_or_else(|| panic!("no case {name:?}"));
    match run() {
        Ok(()) => println!("CHILD OK"),
        Err(why) => {
            println!("CHILD FAILED: {why}");
            std::process::exit(2);
        }
    }
}

/// Prints `SKIPPED: <reason>`, or panics when `CI=true`.
fn skip(reason: &str) {
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("CI=true: this test must run, but it {reason}");
    }
    println!("SKIPPED: {reason}");
}

#[cfg_attr(not(zmq_has_draft), allow(dead_code))]
fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

// ---- Helpers for the children -------------------------------------------------------------------

fn ctx() -> Context {
    Context::new().expect("zmq_ctx_new")
}

fn sock(ctx: &Context, kind: SocketType) -> Socket {
    let s = ctx.socket(kind).expect("zmq_socket");
    s.set_linger(Some(Duration::ZERO)).expect("linger");
    s
}

/// `zmq_setsockopt` with an `int`, straight to libzmq.
fn raw_set_int(s: &Socket, option: c_int, value: c_int) -> c_int {
    // SAFETY: live socket; the value is a readable int.
    unsafe {
        sys::zmq_setsockopt(
            s.as_raw(),
            option,
            &value as *const c_int as *const c_void,
            std::mem::size_of::<c_int>(),
        )
    }
}

/// `zmq_setsockopt` with bytes, straight to libzmq.
fn raw_set_bytes(s: &Socket, option: c_int, value: &[u8]) -> c_int {
    // SAFETY: live socket; the value is readable for its length.
    unsafe {
        sys::zmq_setsockopt(
            s.as_raw(),
            option,
            value.as_ptr() as *const c_void,
            value.len(),
        )
    }
}

fn raw_connect(s: &Socket, endpoint: &str) -> c_int {
    let c = std::ffi::CString::new(endpoint).unwrap();
    // SAFETY: live socket, NUL-terminated endpoint.
    unsafe { sys::zmq_connect(s.as_raw(), c.as_ptr()) }
}

fn raw_bind(s: &Socket, endpoint: &str) -> c_int {
    let c = std::ffi::CString::new(endpoint).unwrap();
    // SAFETY: live socket, NUL-terminated endpoint.
    unsafe { sys::zmq_bind(s.as_raw(), c.as_ptr()) }
}

fn settle() {
    std::thread::sleep(SETTLE);
}

fn errno() -> String {
    // SAFETY: reads the thread's errno.
    zmq::strerror(unsafe { sys::zmq_errno() })
}

/// A loopback TCP port nobody listens on (bound, then released).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

// ---- The cases ----------------------------------------------------------------------------------

/// A minimal SOCKS5 proxy on loopback: accepts one connection, answers the greeting with
/// "no authentication", then reads whatever comes (the connect request) until closed.
fn fake_socks_proxy() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        if let Ok((mut conn, _)) = listener.accept() {
            let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
            let mut greeting = [0u8; 3];
            if conn.read_exact(&mut greeting).is_ok() {
                let _ = conn.write_all(&[0x05, 0x00]);
                let mut sink = [0u8; 512];
                while matches!(conn.read(&mut sink), Ok(n) if n > 0) {}
            }
        }
    });
    port
}

fn long_host() -> String {
    format!("{}.example", "h".repeat(300))
}

fn socks_long_host_raw() -> Result<(), String> {
    let proxy = fake_socks_proxy();
    let ctx = ctx();
    let s = sock(&ctx, SocketType::Dealer);
    let addr = format!("127.0.0.1:{proxy}");
    if raw_set_bytes(&s, sys::ZMQ_SOCKS_PROXY, addr.as_bytes()) != 0 {
        return Err(format!("ZMQ_SOCKS_PROXY: {}", errno()));
    }
    let rc = raw_connect(&s, &format!("tcp://{}:5555", long_host()));
    println!("zmq_connect -> {rc}");
    settle();
    Ok(())
}

fn router_connect_routing_id_twice_raw() -> Result<(), String> {
    let ctx = ctx();
    let s = sock(&ctx, SocketType::Router);
    for port in [free_port(), free_port()] {
        if raw_set_bytes(&s, sys::ZMQ_CONNECT_ROUTING_ID, b"peer") != 0 {
            return Err(format!("ZMQ_CONNECT_ROUTING_ID: {}", errno()));
        }
        let rc = raw_connect(&s, &format!("tcp://127.0.0.1:{port}"));
        println!("zmq_connect -> {rc}");
    }
    settle();
    Ok(())
}

fn stream_connect_routing_id_twice_raw() -> Result<(), String> {
    let ctx = ctx();
    let s = sock(&ctx, SocketType::Stream);
    for port in [free_port(), free_port()] {
        if raw_set_bytes(&s, sys::ZMQ_CONNECT_ROUTING_ID, b"peer") != 0 {
            return Err(format!("ZMQ_CONNECT_ROUTING_ID: {}", errno()));
        }
        let rc = raw_connect(&s, &format!("tcp://127.0.0.1:{port}"));
        println!("zmq_connect -> {rc}");
    }
    settle();
    Ok(())
}

fn io_threads_huge_raw() -> Result<(), String> {
    // SAFETY: a fresh context, set before its first socket, terminated below.
    unsafe {
        let ctx = sys::zmq_ctx_new();
        let rc = sys::zmq_ctx_set(ctx, sys::ZMQ_IO_THREADS, 200_000);
        println!("zmq_ctx_set -> {rc}");
        let s = sys::zmq_socket(ctx, sys::ZMQ_PAIR);
        println!("zmq_socket -> {s:?}");
        if !s.is_null() {
            sys::zmq_close(s);
        }
        sys::zmq_ctx_term(ctx);
    }
    Ok(())
}

fn max_sockets_huge_raw() -> Result<(), String> {
    // SAFETY: a fresh context, set before its first socket, terminated below.
    unsafe {
        let ctx = sys::zmq_ctx_new();
        let rc = sys::zmq_ctx_set(ctx, sys::ZMQ_MAX_SOCKETS, i32::MAX);
        println!("zmq_ctx_set -> {rc}");
        let s = sys::zmq_socket(ctx, sys::ZMQ_PAIR);
        println!("zmq_socket -> {s:?}");
        if !s.is_null() {
            sys::zmq_close(s);
        }
        sys::zmq_ctx_term(ctx);
    }
    Ok(())
}

fn tos_probe_raw() -> Result<(), String> {
    let ctx = ctx();
    for (i, tos) in [-1, 256, 0x1ff, i32::MAX, i32::MIN].into_iter().enumerate() {
        for ipv6 in [false, true] {
            let s = sock(&ctx, SocketType::Pair);
            raw_set_int(&s, sys::ZMQ_IPV6, ipv6 as c_int);
            println!(
                "tos {tos} ipv6 {ipv6}: set -> {}",
                raw_set_int(&s, sys::ZMQ_TOS, tos)
            );
            let host = if ipv6 { "[::1]" } else { "127.0.0.1" };
            let rc = raw_bind(&s, &format!("tcp://{host}:*"));
            println!(
                "  bind -> {rc} {}",
                if rc != 0 { errno() } else { String::new() }
            );
            let ep = s.last_endpoint().unwrap_or_default();
            let c = sock(&ctx, SocketType::Pair);
            raw_set_int(&c, sys::ZMQ_IPV6, ipv6 as c_int);
            raw_set_int(&c, sys::ZMQ_TOS, tos);
            if !ep.is_empty() {
                println!("  connect -> {}", raw_connect(&c, &ep));
            }
            let _ = i;
        }
    }
    settle();
    Ok(())
}

fn keepalive_probe_raw() -> Result<(), String> {
    let ctx = ctx();
    let srv = sock(&ctx, SocketType::Pair);
    for (o, v) in [
        (sys::ZMQ_TCP_KEEPALIVE, 1),
        (sys::ZMQ_TCP_KEEPALIVE_CNT, 100_000),
        (sys::ZMQ_TCP_KEEPALIVE_IDLE, i32::MAX),
        (sys::ZMQ_TCP_KEEPALIVE_INTVL, i32::MAX),
        (sys::ZMQ_TCP_MAXRT, i32::MAX),
        (sys::ZMQ_SNDBUF, i32::MAX),
        (sys::ZMQ_RCVBUF, i32::MAX),
    ] {
        println!("opt {o} = {v}: {}", raw_set_int(&srv, o, v));
    }
    println!("bind -> {}", raw_bind(&srv, "tcp://127.0.0.1:*"));
    let ep = srv.last_endpoint().unwrap_or_default();
    let c = sock(&ctx, SocketType::Pair);
    for (o, v) in [
        (sys::ZMQ_TCP_KEEPALIVE, 1),
        (sys::ZMQ_TCP_KEEPALIVE_CNT, 100_000),
        (sys::ZMQ_TCP_KEEPALIVE_IDLE, i32::MAX),
        (sys::ZMQ_TCP_KEEPALIVE_INTVL, i32::MAX),
        (sys::ZMQ_TCP_MAXRT, i32::MAX),
    ] {
        raw_set_int(&c, o, v);
    }
    println!("connect -> {}", raw_connect(&c, &ep));
    settle();
    Ok(())
}

fn bindtodevice_probe_raw() -> Result<(), String> {
    let ctx = ctx();
    let s = sock(&ctx, SocketType::Pair);
    raw_set_bytes(&s, sys::ZMQ_BINDTODEVICE, b"nosuchdev0");
    println!("bind -> {} {}", raw_bind(&s, "tcp://127.0.0.1:*"), errno());
    let c = sock(&ctx, SocketType::Pair);
    raw_set_bytes(&c, sys::ZMQ_BINDTODEVICE, b"nosuchdev0");
    println!(
        "connect -> {}",
        raw_connect(&c, &format!("tcp://127.0.0.1:{}", free_port()))
    );
    settle();
    Ok(())
}

/// Drops `CAP_NET_ADMIN` and `CAP_NET_RAW` (either lets a socket take an `SO_PRIORITY` above 6 on
/// recent kernels) from the calling thread's effective set; threads it starts later, such as
/// libzmq's I/O threads, inherit that. Returns whether the capabilities are now off.
#[cfg_attr(not(zmq_has_draft), allow(dead_code))]
fn drop_net_caps() -> bool {
    #[repr(C)]
    struct Header {
        version: u32,
        pid: c_int,
    }
    #[repr(C)]
    #[derive(Clone, Copy, Default)]
    struct Data {
        effective: u32,
        permitted: u32,
        inheritable: u32,
    }
    let mut header = Header {
        version: 0x2008_0522, // _LINUX_CAPABILITY_VERSION_3
        pid: 0,
    };
    let mut data = [Data::default(); 2];
    // SAFETY: capget/capset with a v3 header and two data structs, as the ABI says.
    unsafe {
        if libc::syscall(libc::SYS_capget, &mut header, data.as_mut_ptr()) != 0 {
            return false;
        }
        data[0].effective &= !((1 << 12) | (1 << 13)); // CAP_NET_ADMIN, CAP_NET_RAW
        if libc::syscall(libc::SYS_capset, &mut header, data.as_ptr()) != 0 {
            return false;
        }
    }
    true
}

#[cfg(zmq_has_draft)]
fn priority_bind_raw() -> Result<(), String> {
    if !drop_net_caps() {
        return Err("capset failed".into());
    }
    let ctx = ctx();
    let s = sock(&ctx, SocketType::Pair);
    println!("set -> {}", raw_set_int(&s, sys::ZMQ_PRIORITY, 7));
    println!("bind -> {}", raw_bind(&s, "tcp://127.0.0.1:*"));
    settle();
    Ok(())
}

#[cfg(zmq_has_draft)]
fn priority_connect_raw() -> Result<(), String> {
    if !drop_net_caps() {
        return Err("capset failed".into());
    }
    let ctx = ctx();
    let s = sock(&ctx, SocketType::Pair);
    println!("set -> {}", raw_set_int(&s, sys::ZMQ_PRIORITY, 7));
    println!(
        "connect -> {}",
        raw_connect(&s, &format!("tcp://127.0.0.1:{}", free_port()))
    );
    settle();
    Ok(())
}

#[cfg(zmq_has_draft)]
fn udp_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[cfg(zmq_has_draft)]
fn radio_udp_oversize_raw() -> Result<(), String> {
    let ctx = ctx();
    let s = sock(&ctx, SocketType::Radio);
    println!(
        "connect -> {}",
        raw_connect(&s, &format!("udp://127.0.0.1:{}", udp_port()))
    );
    std::thread::sleep(Duration::from_millis(200));
    for _ in 0..20 {
        let mut msg = zmq::Message::from(vec![0x55u8; 64 * 1024]);
        msg.set_group("g").map_err(|e| e.to_string())?;
        // SAFETY: live socket, initialised message (closed by its owner afterwards).
        let rc = unsafe { sys::zmq_msg_send(msg.as_raw_mut(), s.as_raw(), 0) };
        println!("zmq_msg_send -> {rc}");
    }
    settle();
    Ok(())
}

#[cfg(zmq_has_draft)]
fn dgram_udp_oversize_raw() -> Result<(), String> {
    let ctx = ctx();
    let s = sock(&ctx, SocketType::Dgram);
    let port = udp_port();
    println!("bind -> {}", raw_bind(&s, "udp://127.0.0.1:*"));
    let addr = format!("127.0.0.1:{port}");
    let body = vec![0x55u8; 64 * 1024];
    for _ in 0..20 {
        // SAFETY: live socket; both buffers are readable for their lengths.
        let rc = unsafe {
            sys::zmq_send(
                s.as_raw(),
                addr.as_ptr() as *const c_void,
                addr.len(),
                sys::ZMQ_SNDMORE,
            );
            sys::zmq_send(s.as_raw(), body.as_ptr() as *const c_void, body.len(), 0)
        };
        println!("zmq_send -> {rc}");
    }
    settle();
    Ok(())
}

/// The soft `RLIMIT_NOFILE`.
fn nofile_limit() -> u64 {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes the struct.
    unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) };
    #[allow(clippy::unnecessary_cast)] // rlim_t is not u64 on every target
    let cur = lim.rlim_cur as u64;
    cur
}

fn poll_over_nofile_raw() -> Result<(), String> {
    let n = nofile_limit().min(1 << 20) as usize + 1;
    let (r, _w) = std::io::pipe().map_err(|e| e.to_string())?;
    use std::os::fd::AsRawFd;
    let mut items: Vec<sys::zmq_pollitem_t> = (0..n)
        .map(|_| sys::zmq_pollitem_t {
            socket: std::ptr::null_mut(),
            fd: r.as_raw_fd(),
            events: sys::ZMQ_POLLIN as i16,
            revents: 0,
        })
        .collect();
    // SAFETY: n valid items.
    let rc = unsafe { sys::zmq_poll(items.as_mut_ptr(), n as c_int, 0) };
    println!("zmq_poll({n} items) -> {rc} {}", errno());
    Ok(())
}

// ---- Guarded: the same inputs through the crate's API ------------------------------------------

fn expect_invalid_input<T: std::fmt::Debug>(what: &str, r: zmq::Result<T>) -> Result<(), String> {
    match r {
        Err(zmq::Error::InvalidInput { reason, .. }) if !reason.is_empty() => {
            println!("{what}: refused: {reason}");
            Ok(())
        }
        other => Err(format!("{what}: expected InvalidInput, got {other:?}")),
    }
}

fn expect_invalid_endpoint<T: std::fmt::Debug>(
    what: &str,
    r: zmq::Result<T>,
) -> Result<(), String> {
    match r {
        Err(zmq::Error::InvalidEndpoint { reason, .. }) if !reason.is_empty() => {
            println!("{what}: refused: {reason}");
            Ok(())
        }
        other => Err(format!("{what}: expected InvalidEndpoint, got {other:?}")),
    }
}

fn ok<T>(what: &str, r: zmq::Result<T>) -> Result<T, String> {
    r.map_err(|e| format!("{what}: {e:?}"))
}

fn socks_long_host() -> Result<(), String> {
    let proxy = fake_socks_proxy();
    let ctx = ctx();
    let s = sock(&ctx, SocketType::Dealer);
    ok(
        "SocksProxy",
        s.set(zmq::opt::SocksProxy, format!("127.0.0.1:{proxy}")),
    )?;
    let endpoint = format!("tcp://{}:5555", long_host());
    expect_invalid_endpoint("connect", s.connect(&endpoint))?;
    // A host of 255 bytes is still accepted (and only fails to resolve at the proxy).
    let at_limit = format!("tcp://{}:5555", "h".repeat(255));
    ok("connect 255", s.connect(&at_limit))?;
    settle();
    Ok(())
}

fn connect_routing_id_twice(kind: SocketType) -> Result<(), String> {
    let ctx = ctx();
    let s = sock(&ctx, kind);
    let a = format!("tcp://127.0.0.1:{}", free_port());
    let b = format!("tcp://127.0.0.1:{}", free_port());
    ok(
        "ConnectRoutingId",
        s.set(zmq::opt::ConnectRoutingId, b"peer"),
    )?;
    ok("connect a", s.connect(&a))?;
    ok(
        "ConnectRoutingId again",
        s.set(zmq::opt::ConnectRoutingId, b"peer"),
    )?;
    expect_invalid_endpoint("connect b with the same id", s.connect(&b))?;
    // The raw escape hatch sets the same pending id; still refused.
    ok(
        "raw",
        s.setsockopt_raw(sys::ZMQ_CONNECT_ROUTING_ID, b"peer"),
    )?;
    expect_invalid_endpoint("connect b (raw id)", s.connect(&b))?;
    // Another id is fine; after disconnecting `a` its id is free again.
    ok(
        "ConnectRoutingId other",
        s.set(zmq::opt::ConnectRoutingId, b"other"),
    )?;
    ok("connect b", s.connect(&b))?;
    ok("disconnect a", s.disconnect(&a))?;
    settle(); // the pipe of `a` terminates
    ok(
        "ConnectRoutingId reuse",
        s.set(zmq::opt::ConnectRoutingId, b"peer"),
    )?;
    ok("connect a again", s.connect(&a))?;
    settle();
    Ok(())
}

fn router_connect_routing_id_twice() -> Result<(), String> {
    connect_routing_id_twice(SocketType::Router)
}

fn stream_connect_routing_id_twice() -> Result<(), String> {
    connect_routing_id_twice(SocketType::Stream)
}

fn io_threads_huge() -> Result<(), String> {
    let ctx = ctx();
    expect_invalid_input("IoThreads", ctx.set(zmq::ctx_opt::IoThreads, 200_000))?;
    ok("IoThreads 4", ctx.set(zmq::ctx_opt::IoThreads, 4))?;
    let s = ok("socket", ctx.socket(SocketType::Pair))?;
    drop(s);
    Ok(())
}

fn max_sockets_huge() -> Result<(), String> {
    let ctx = ctx();
    expect_invalid_input("MaxSockets", ctx.set(zmq::ctx_opt::MaxSockets, i32::MAX))?;
    let limit = ok("SocketLimit", ctx.get(zmq::ctx_opt::SocketLimit))?;
    ok(
        "MaxSockets at the limit",
        ctx.set(zmq::ctx_opt::MaxSockets, limit),
    )?;
    let s = ok("socket", ctx.socket(SocketType::Pair))?;
    drop(s);
    Ok(())
}

fn poll_over_nofile() -> Result<(), String> {
    let n = nofile_limit().min(1 << 20) as usize + 1;
    let (r, _w) = std::io::pipe().map_err(|e| e.to_string())?;
    use std::os::fd::AsFd;
    let mut items: Vec<zmq::PollItem<'_>> = (0..n)
        .map(|_| zmq::PollItem::from_fd(r.as_fd(), zmq::POLLIN))
        .collect();
    expect_invalid_input("poll", zmq::poll(&mut items, Some(Duration::ZERO)))?;
    ok("poll 1", zmq::poll(&mut items[..1], Some(Duration::ZERO)))?;
    Ok(())
}

#[cfg(zmq_has_draft)]
fn priority() -> Result<(), String> {
    let ctx = ctx();
    // Set while the capabilities are there, used after they are gone: refused at bind/connect.
    let early = sock(&ctx, SocketType::Pair);
    ok("Priority 7 with caps", early.set(zmq::opt::Priority, 7))?;
    if !drop_net_caps() {
        return Err("capset failed".into());
    }
    let s = sock(&ctx, SocketType::Pair);
    expect_invalid_input("Priority", s.set(zmq::opt::Priority, 7))?;
    expect_invalid_input(
        "raw",
        s.setsockopt_raw(sys::ZMQ_PRIORITY, &7i32.to_ne_bytes()),
    )?;
    // The device's options by name go through the same setter (ZMQ_PRIORITY is not one of
    // them in this version; if it becomes one, the setter's guard applies).
    match zmq::device::parse_option("priority=7") {
        Ok(named) => expect_invalid_input("device option by name", named.apply(&s))?,
        Err(e) => expect_invalid_input("device option by name", Err::<(), _>(e))?,
    }
    ok("Priority 6", s.set(zmq::opt::Priority, 6))?;
    ok("bind", s.bind("tcp://127.0.0.1:*"))?;
    expect_invalid_endpoint("early bind", early.bind("tcp://127.0.0.1:*"))?;
    let to = format!("tcp://127.0.0.1:{}", free_port());
    expect_invalid_endpoint("early connect", early.connect(&to))?;
    settle();
    Ok(())
}

#[cfg(zmq_has_draft)]
fn radio_udp_oversize() -> Result<(), String> {
    let ctx = ctx();
    let s = sock(&ctx, SocketType::Radio);
    ok(
        "connect",
        s.connect(&format!("udp://127.0.0.1:{}", udp_port())),
    )?;
    let mut msg = zmq::Message::from(vec![0x55u8; 64 * 1024]);
    ok("group", msg.set_group("g"))?;
    match s.send(msg) {
        Err(zmq::SendError {
            error: zmq::Error::InvalidInput { .. },
            msg,
        }) if msg.len() == 64 * 1024 => println!("send: refused, message back"),
        other => return Err(format!("send: expected InvalidInput, got {other:?}")),
    }
    let mut big = zmq::Message::from(vec![0x55u8; 8191]);
    ok("group", big.set_group("g"))?;
    expect_invalid_input("send_from 8191 + group", s.send_from(&mut big))?;
    // 1 + 1 + 8190 = 8192 bytes: the largest datagram that fits.
    let mut fits = zmq::Message::from(vec![0x55u8; 8190]);
    ok("group", fits.set_group("g"))?;
    s.send(fits).map_err(|e| format!("send 8192: {e:?}"))?;
    settle();
    Ok(())
}

#[cfg(zmq_has_draft)]
fn dgram_udp_oversize() -> Result<(), String> {
    let ctx = ctx();
    let s = sock(&ctx, SocketType::Dgram);
    let port = udp_port();
    ok("bind", s.bind("udp://127.0.0.1:*"))?;
    let addr = format!("127.0.0.1:{port}");
    match s.send_multipart([addr.as_bytes().to_vec(), vec![0x55u8; 64 * 1024]]) {
        Err(zmq::SendMultipartError {
            error: zmq::Error::InvalidInput { .. },
            unsent,
        }) if unsent.len() == 2 => {
            println!("send_multipart: refused before the first part, both back")
        }
        other => {
            return Err(format!(
                "send_multipart: expected InvalidInput, got {other:?}"
            ))
        }
    }
    s.send_multipart([addr.as_bytes().to_vec(), vec![0x55u8; 8192]])
        .map_err(|e| format!("send 8192: {e:?}"))?;
    settle();
    Ok(())
}

/// A PLAIN server and client on loopback, the handshake asking the ZAP handler; returns after
/// the handshake had time to run.
fn plain_handshake(ctx: &Context) -> Result<(), String> {
    let server = sock(ctx, SocketType::Pull);
    ok("PlainServer", server.set(zmq::opt::PlainServer, true))?;
    ok("bind", server.bind("tcp://127.0.0.1:*"))?;
    let endpoint = ok("last_endpoint", server.last_endpoint())?;
    let client = sock(ctx, SocketType::Push);
    ok(
        "PlainUsername",
        client.set(zmq::opt::PlainUsername, "admin"),
    )?;
    ok(
        "PlainPassword",
        client.set(zmq::opt::PlainPassword, "secret"),
    )?;
    ok("connect", client.connect(&endpoint))?;
    settle();
    Ok(())
}

fn zap_handler_wrong_type() -> Result<(), String> {
    let ctx = ctx();
    let handler = sock(&ctx, SocketType::Pair);
    expect_invalid_endpoint(
        "bind PAIR as ZAP handler",
        handler.bind("inproc://zeromq.zap.01"),
    )?;
    let dealer = sock(&ctx, SocketType::Dealer);
    expect_invalid_endpoint(
        "bind DEALER as ZAP handler",
        dealer.bind("inproc://zeromq.zap.01"),
    )?;
    plain_handshake(&ctx)
}

fn zap_handler_wrong_type_raw() -> Result<(), String> {
    let ctx = ctx();
    let handler = sock(&ctx, SocketType::Pair);
    println!("bind -> {}", raw_bind(&handler, "inproc://zeromq.zap.01"));
    plain_handshake(&ctx)
}

/// A PAIR pair over loopback TCP, both configured by `tune`, exchanging one message each way.
#[cfg_attr(not(zmq_has_draft), allow(dead_code))]
fn tcp_exchange(kind: (SocketType, SocketType), tune: &dyn Fn(&Socket)) -> Result<(), String> {
    let ctx = ctx();
    let a = sock(&ctx, kind.0);
    let b = sock(&ctx, kind.1);
    tune(&a);
    tune(&b);
    ok("rcvtimeo", a.set_rcvtimeo(Some(Duration::from_secs(2))))?;
    ok("rcvtimeo", b.set_rcvtimeo(Some(Duration::from_secs(2))))?;
    ok("bind", a.bind("tcp://127.0.0.1:*"))?;
    ok(
        "connect",
        b.connect(&ok("last_endpoint", a.last_endpoint())?),
    )?;
    let r = b.send("hello").map_err(|e| e.error);
    println!("send -> {r:?}");
    println!("recv -> {:?}", a.recv_msg().map(|m| m.len()));
    settle();
    Ok(())
}

#[cfg(zmq_has_draft)]
fn batch_size_probe_raw() -> Result<(), String> {
    tcp_exchange((SocketType::Pair, SocketType::Pair), &|s| {
        println!("in  {}", raw_set_int(s, sys::ZMQ_IN_BATCH_SIZE, i32::MAX));
        println!("out {}", raw_set_int(s, sys::ZMQ_OUT_BATCH_SIZE, i32::MAX));
    })
}

fn conflate_multipart_probe_raw() -> Result<(), String> {
    let ctx = ctx();
    let push = sock(&ctx, SocketType::Push);
    let pull = sock(&ctx, SocketType::Pull);
    raw_set_int(&push, sys::ZMQ_CONFLATE, 1);
    raw_set_int(&pull, sys::ZMQ_CONFLATE, 1);
    ok("rcvtimeo", pull.set_rcvtimeo(Some(Duration::from_secs(1))))?;
    ok("bind", pull.bind("tcp://127.0.0.1:*"))?;
    ok(
        "connect",
        push.connect(&ok("last_endpoint", pull.last_endpoint())?),
    )?;
    for _ in 0..5 {
        let r = push.send_multipart(["a", "b", "c"]);
        println!("send_multipart -> {:?}", r.map_err(|e| e.error));
    }
    settle();
    for _ in 0..3 {
        println!(
            "recv -> {:?}",
            pull.recv_msg_with(zmq::Flags::DONTWAIT).map(|m| m.len())
        );
    }
    Ok(())
}

#[cfg(zmq_has_draft)]
fn dgram_ipv6_receive_raw() -> Result<(), String> {
    let ctx = ctx();
    let s = sock(&ctx, SocketType::Dgram);
    println!("ipv6 -> {}", raw_set_int(&s, sys::ZMQ_IPV6, 1));
    let port = std::net::UdpSocket::bind("[::1]:0")
        .map_err(|e| format!("no IPv6 loopback: {e}"))?
        .local_addr()
        .unwrap()
        .port();
    let rc = raw_bind(&s, &format!("udp://[::1]:{port}"));
    println!(
        "bind -> {rc} {}",
        if rc != 0 { errno() } else { String::new() }
    );
    let peer = std::net::UdpSocket::bind("[::1]:0").map_err(|e| e.to_string())?;
    // The engine binds in libzmq's I/O thread: keep sending until it has.
    let start = Instant::now();
    while start.elapsed() < SETTLE {
        let _ = peer.send_to(b"hello", ("::1", port));
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}

#[cfg(zmq_has_draft)]
fn dgram_ipv6() -> Result<(), String> {
    let ctx = ctx();
    let s = sock(&ctx, SocketType::Dgram);
    expect_invalid_endpoint("bind [::1]", s.bind("udp://[::1]:*"))?;
    ok("Ipv6", s.set(zmq::opt::Ipv6, true))?;
    expect_invalid_endpoint("bind * with ZMQ_IPV6", s.bind("udp://*:*"))?;
    expect_invalid_endpoint("connect with ZMQ_IPV6", s.connect("udp://127.0.0.1:5555"))?;
    ok("Ipv6 off", s.set(zmq::opt::Ipv6, false))?;
    ok("bind 127.0.0.1", s.bind("udp://127.0.0.1:*"))?;
    settle();
    Ok(())
}

#[cfg(zmq_has_draft)]
fn proxy_udp_radio() -> Result<(), String> {
    let ctx = ctx();
    let front = sock(&ctx, SocketType::Pull);
    let radio = sock(&ctx, SocketType::Radio);
    ok(
        "connect",
        radio.connect(&format!("udp://127.0.0.1:{}", udp_port())),
    )?;
    expect_invalid_input("proxy", zmq::proxy(&front, &radio))?;
    let capture = sock(&ctx, SocketType::Push);
    expect_invalid_input(
        "proxy_with_capture",
        zmq::proxy_with_capture(&front, &capture, &radio),
    )?;
    Ok(())
}

/// The child's table: name → what it runs.
const CASES: &[(&str, Run)] = &[
    ("socks_long_host", socks_long_host),
    ("socks_long_host_raw", socks_long_host_raw),
    (
        "router_connect_routing_id_twice",
        router_connect_routing_id_twice,
    ),
    (
        "router_connect_routing_id_twice_raw",
        router_connect_routing_id_twice_raw,
    ),
    (
        "stream_connect_routing_id_twice",
        stream_connect_routing_id_twice,
    ),
    (
        "stream_connect_routing_id_twice_raw",
        stream_connect_routing_id_twice_raw,
    ),
    ("io_threads_huge", io_threads_huge),
    ("io_threads_huge_raw", io_threads_huge_raw),
    ("max_sockets_huge", max_sockets_huge),
    ("max_sockets_huge_raw", max_sockets_huge_raw),
    ("zap_handler_wrong_type", zap_handler_wrong_type),
    ("zap_handler_wrong_type_raw", zap_handler_wrong_type_raw),
    ("poll_over_nofile", poll_over_nofile),
    ("poll_over_nofile_raw", poll_over_nofile_raw),
    ("tos_probe_raw", tos_probe_raw),
    ("keepalive_probe_raw", keepalive_probe_raw),
    ("bindtodevice_probe_raw", bindtodevice_probe_raw),
    ("conflate_multipart_probe_raw", conflate_multipart_probe_raw),
    #[cfg(zmq_has_draft)]
    ("dgram_ipv6", dgram_ipv6),
    #[cfg(zmq_has_draft)]
    ("dgram_ipv6_receive_raw", dgram_ipv6_receive_raw),
    #[cfg(zmq_has_draft)]
    ("batch_size_probe_raw", batch_size_probe_raw),
    #[cfg(zmq_has_draft)]
    ("priority", priority),
    #[cfg(zmq_has_draft)]
    ("priority_bind_raw", priority_bind_raw),
    #[cfg(zmq_has_draft)]
    ("priority_connect_raw", priority_connect_raw),
    #[cfg(zmq_has_draft)]
    ("radio_udp_oversize", radio_udp_oversize),
    #[cfg(zmq_has_draft)]
    ("radio_udp_oversize_raw", radio_udp_oversize_raw),
    #[cfg(zmq_has_draft)]
    ("proxy_udp_radio", proxy_udp_radio),
    #[cfg(zmq_has_draft)]
    ("dgram_udp_oversize", dgram_udp_oversize),
    #[cfg(zmq_has_draft)]
    ("dgram_udp_oversize_raw", dgram_udp_oversize_raw),
];

/// `true` in the child (the parent-side tests then do nothing).
fn in_child() -> bool {
    std::env::var_os(CHILD_ENV).is_some()
}

/// socks.cpp:198: `zmq_connect` through a SOCKS proxy to a host over 255 bytes.
#[test]
fn socks_host_over_255_bytes_is_refused() {
    if in_child() {
        return;
    }
    expect_clean("socks_long_host");
    expect_abort("socks_long_host_raw");
}

/// router.cpp:438: two connects of one ROUTER with the same ZMQ_CONNECT_ROUTING_ID.
#[test]
fn router_connect_routing_id_reuse_is_refused() {
    if in_child() {
        return;
    }
    expect_clean("router_connect_routing_id_twice");
    expect_abort("router_connect_routing_id_twice_raw");
}

/// stream.cpp:254: two connects of one STREAM with the same ZMQ_CONNECT_ROUTING_ID.
#[test]
fn stream_connect_routing_id_reuse_is_refused() {
    if in_child() {
        return;
    }
    expect_clean("stream_connect_routing_id_twice");
    expect_abort("stream_connect_routing_id_twice_raw");
}

/// epoll.cpp:38 / thread.cpp:224: more I/O threads than the system gives.
#[test]
fn io_threads_beyond_the_system_are_refused() {
    if in_child() {
        return;
    }
    expect_clean("io_threads_huge");
    if nofile_limit() < 400_000 {
        expect_abort("io_threads_huge_raw");
    } else {
        skip("RLIMIT_NOFILE is too high for the control (200 000 I/O threads fit)");
    }
}

/// ctx.cpp:395: ZMQ_MAX_SOCKETS above ZMQ_SOCKET_LIMIT (the slot count overflows; the C++
/// exception cannot unwind through Rust and aborts).
#[test]
fn max_sockets_above_socket_limit_is_refused() {
    if in_child() {
        return;
    }
    expect_clean("max_sockets_huge");
    expect_abort("max_sockets_huge_raw");
}

/// session_base.cpp:343: a PAIR (or any type but REP/ROUTER/SERVER) bound as the ZAP handler.
#[test]
fn zap_handler_of_the_wrong_type_is_refused() {
    if in_child() {
        return;
    }
    expect_clean("zap_handler_wrong_type");
    expect_abort("zap_handler_wrong_type_raw");
}

/// zmq.cpp:966: zmq_poll with more items than RLIMIT_NOFILE.
#[test]
fn poll_with_more_items_than_rlimit_nofile_is_refused() {
    if in_child() {
        return;
    }
    if nofile_limit() > 1 << 20 {
        return skip("RLIMIT_NOFILE is above 2^20: the probe would need too many items");
    }
    expect_clean("poll_over_nofile");
    expect_abort("poll_over_nofile_raw");
}

/// ip.cpp:212: ZMQ_PRIORITY above 6 without CAP_NET_ADMIN (draft option).
#[cfg(zmq_has_draft)]
#[test]
fn priority_above_6_without_cap_net_admin_is_refused() {
    if in_child() {
        return;
    }
    expect_clean("priority");
    if is_root() {
        expect_abort("priority_bind_raw");
        expect_abort("priority_connect_raw");
    } else {
        skip("needs root for the control (it drops CAP_NET_ADMIN/CAP_NET_RAW from a full set)");
    }
}

/// udp_engine.cpp:443/450: a RADIO datagram over 8192 bytes overruns the UDP engine's buffer.
#[cfg(zmq_has_draft)]
#[test]
fn radio_udp_datagram_over_8192_bytes_is_refused() {
    if in_child() {
        return;
    }
    expect_clean("radio_udp_oversize");
    expect_fatal_signal("radio_udp_oversize_raw");
}

/// udp_engine.cpp:443/450 through `zmq_proxy`, which forwards inside libzmq (past the send
/// guard): a RADIO or DGRAM with a udp:// endpoint is refused as a proxy socket.
#[cfg(zmq_has_draft)]
#[test]
fn zmq_proxy_with_a_udp_radio_is_refused() {
    if in_child() {
        return;
    }
    expect_clean("proxy_udp_radio");
}

/// udp_engine.cpp:443: a DGRAM body over 8192 bytes overruns the UDP engine's buffer.
#[cfg(zmq_has_draft)]
#[test]
fn dgram_udp_body_over_8192_bytes_is_refused() {
    if in_child() {
        return;
    }
    expect_clean("dgram_udp_oversize");
    expect_fatal_signal("dgram_udp_oversize_raw");
}

/// udp_engine.cpp:535: a DGRAM on an IPv6 UDP socket receives a datagram.
#[cfg(zmq_has_draft)]
#[test]
fn dgram_over_ipv6_udp_is_refused() {
    if in_child() {
        return;
    }
    expect_clean("dgram_ipv6");
    if std::net::UdpSocket::bind("[::1]:0").is_ok() {
        expect_abort("dgram_ipv6_receive_raw");
    } else {
        skip("has no IPv6 loopback for the control");
    }
}

/// Values that looked dangerous and that libzmq 4.3.5 survives on Linux: `ZMQ_TOS` of any int
/// (ip.cpp:190 asserts `IP_TOS`, which Linux never refuses for an int), TCP keepalive and
/// `ZMQ_TCP_MAXRT` out of the kernel's range, huge `ZMQ_SNDBUF`/`ZMQ_RCVBUF`, an unknown
/// `ZMQ_BINDTODEVICE` (all through `assert_success_or_recoverable`, which only looks at
/// `SO_ERROR`), multipart messages on `ZMQ_CONFLATE` sockets, `ZMQ_IN_BATCH_SIZE` and
/// `ZMQ_OUT_BATCH_SIZE` of `i32::MAX` (the buffers are allocated but only touched as used).
/// Raw libzmq, no guard: the child must live.
#[test]
fn unguarded_socket_values_libzmq_survives() {
    if in_child() {
        return;
    }
    expect_clean("tos_probe_raw");
    expect_clean("keepalive_probe_raw");
    expect_clean("bindtodevice_probe_raw");
    expect_clean("conflate_multipart_probe_raw");
    #[cfg(zmq_has_draft)]
    expect_clean("batch_size_probe_raw");
}

/// A manual survey: runs every case (or those whose name contains `ABORTS_PROBE`) in a child and
/// prints how it ended (`cargo test --test aborts probe_all -- --ignored --nocapture`).
#[test]
#[ignore = "a manual survey, printing how each case's child ends"]
fn probe_all() {
    if in_child() {
        return;
    }
    let only = std::env::var("ABORTS_PROBE").unwrap_or_default();
    for (name, _) in CASES {
        if name.contains(&only) {
            println!("{name}: {:?}", run_child(name));
        }
    }
}
