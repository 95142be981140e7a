//! PGM multicast end to end: `epgm://` (PGM over UDP) and `pgm://` (raw PGM, IP protocol 113).
//!
//! **Network rule**: every PGM socket here lives in a network namespace the test creates (see
//! `common/netns.rs`), on its own `lo` (127.0.0.1) or on veth pairs joined by a bridge
//! (10.99.0.0/24); groups are in 239.192.0.0/16. A `Context` that may touch PGM is only ever
//! created on a thread that has joined such a namespace (`netns::assert_isolated`), and child
//! processes run under `ip netns exec`. Namespaces are deleted on drop, also on panic.
//!
//! What is covered:
//! - endpoints and socket types that libzmq would refuse or abort on are refused by this crate
//!   with an error (never a signal), run in child processes through `examples/pgm_probe`; one
//!   known gap (interface without an address of the group's family) is an ignored test;
//! - 100 000 sequence-numbered messages, in order and complete, from one publisher to two
//!   subscribers over loopback, and across hosts (namespaces) over veth and a bridge;
//! - repairs (NAK/RDATA) under 5 % random loss made by nftables;
//! - what late joiners and restarted subscribers/publishers receive;
//! - raw `pgm://` as root, and its refusal without `CAP_NET_RAW`.
//!
//! Rate: PGM sends at most `ZMQ_RATE` kbit/s (default 100). Both sides need it: on a SUB,
//! `RATE x RECOVERY_IVL` sizes the *receive* window (libzmq's `compute_sqns`), and with the
//! defaults (100 kbit/s x 10 s = 80 packets of 1500 bytes) a burst of 100 000 messages outruns it.
//! The tests use 100 000 kbit/s (100 Mbit/s): fast enough for 100 000 small messages in well under
//! a second of wire time, slow enough that the 2-core test machine keeps up, and a 10 s recovery
//! window of 125 MB (83 333 packets) covers every repair.
//!
//! Queues: `SNDHWM = 0` on the PUB (a PUB drops at its high-water mark, and the PGM sender drains
//! at the rate limit) and `RCVHWM = 0` on the SUBs, so only the network can lose messages.

use crate::common::netns;

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use netns::{spawn_in, NetNs, Topology};
use zmq::{opt, Context, Error, Flags, Message, Socket, SocketType};

// ---- Shared helpers ------------------------------------------------------------------------------

/// `ZMQ_RATE` for every PGM socket here, in kbit/s (see the module doc).
const RATE_KBPS: i32 = 100_000;
/// `ZMQ_RECOVERY_IVL`: how long the publisher keeps data for repairs (libzmq's default).
const RECOVERY_IVL: Duration = Duration::from_secs(10);
/// How long a blocking receive waits, so every loop checks its deadline often.
const POLL: Duration = Duration::from_millis(100);
/// The publisher's quiet time between warm-up and data. An OpenPGM receiver can ask for repairs
/// (NAK) only once an SPM has told it the source's address; a loss seen before that is declared
/// unrecoverable at once (receiver.c: "Dropped %u messages due to invalid NLA"). While data flows
/// (warm-up every 10 ms) the source sends no heartbeat SPMs; after 100, 200, 300 and 400 ms of
/// quiet it does. Without this pause, 5 % loss broke about 1 run in 6 (a gap, or a stall that
/// was neither repaired nor reported for 60 s) within the first packets; with it, 0 of 70.
const SPM_PAUSE: Duration = Duration::from_millis(500);

/// Waits for a thread until `deadline`; a panic there is re-raised here, a timeout panics.
fn join_by<T>(handle: JoinHandle<T>, deadline: Instant, what: &str) -> T {
    while !handle.is_finished() {
        assert!(
            Instant::now() < deadline,
            "{what}: timed out (the namespaces are removed now)"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    handle
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p))
}

/// A 9-byte message: a tag and a big-endian sequence number.
fn encode(tag: u8, seq: u64) -> [u8; 9] {
    let mut m = [0u8; 9];
    m[0] = tag;
    m[1..].copy_from_slice(&seq.to_be_bytes());
    m
}

fn decode(m: &[u8]) -> Option<(u8, u64)> {
    if m.len() != 9 {
        return None;
    }
    Some((m[0], u64::from_be_bytes(m[1..].try_into().unwrap())))
}

/// A new context; only on a thread inside a private namespace.
fn isolated_context() -> Context {
    netns::assert_isolated();
    Context::new().expect("zmq_ctx_new")
}

/// A PUB on `endpoint` with the rate, recovery interval and queue settings of the module doc.
fn pgm_pub(ctx: &Context, endpoint: &str) -> Socket {
    netns::assert_isolated();
    let s = ctx.socket(SocketType::Pub).unwrap();
    // The tests wait for their subscribers before closing: nothing to flush after that.
    s.set(opt::Linger, Some(Duration::ZERO)).unwrap();
    s.set(opt::SndHwm, 0).unwrap();
    s.set(opt::Rate, RATE_KBPS).unwrap();
    s.set(opt::RecoveryIvl, RECOVERY_IVL).unwrap();
    s.connect(endpoint)
        .unwrap_or_else(|e| panic!("PUB connect {endpoint}: {e}"));
    s
}

/// A SUB subscribed to everything on `endpoint`.
fn pgm_sub(ctx: &Context, endpoint: &str) -> Socket {
    netns::assert_isolated();
    let s = ctx.socket(SocketType::Sub).unwrap();
    s.set(opt::Linger, Some(Duration::ZERO)).unwrap();
    s.set(opt::RcvHwm, 0).unwrap();
    s.set(opt::Rate, RATE_KBPS).unwrap();
    s.set(opt::RecoveryIvl, RECOVERY_IVL).unwrap();
    s.set(opt::RcvTimeo, Some(POLL)).unwrap();
    s.subscribe("").unwrap();
    s.connect(endpoint)
        .unwrap_or_else(|e| panic!("SUB connect {endpoint}: {e}"));
    s
}

/// State shared by one publisher and its subscribers (possibly in different namespaces).
struct Shared {
    /// Subscriber i has received a warm-up message.
    heard: Vec<AtomicBool>,
    /// Subscribers that have finished (all messages, an error, or their deadline).
    done: AtomicUsize,
    /// Someone failed: everybody stops.
    abort: AtomicBool,
}

impl Shared {
    fn new(subscribers: usize) -> Arc<Shared> {
        Arc::new(Shared {
            heard: (0..subscribers).map(|_| AtomicBool::new(false)).collect(),
            done: AtomicUsize::new(0),
            abort: AtomicBool::new(false),
        })
    }
}

/// Sets `abort` if the thread holding it panics, so the others stop waiting.
struct AbortOnPanic(Arc<Shared>);

impl Drop for AbortOnPanic {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.abort.store(true, Ordering::SeqCst);
        }
    }
}

#[derive(Debug)]
struct PubReport {
    /// Warm-up messages sent before every subscriber heard one.
    warmups: u64,
    warmup_time: Duration,
    /// When the first data message was sent.
    t0: Instant,
    /// How long queueing all data messages took (SNDHWM 0: never blocks).
    queue_time: Duration,
}

#[derive(Debug)]
struct SubReport {
    who: String,
    warmups: u64,
    /// Data messages received in order (0..received).
    received: u64,
    error: Option<String>,
    last_at: Option<Instant>,
}

/// Warm-up (tag `W`) until every subscriber has heard one, a pause for SPMs ([`SPM_PAUSE`]),
/// then `n` data messages (tag `D`, 0..n), then stays up (its transmit window serves repairs)
/// until every subscriber is done.
fn publish(sock: &Socket, n: u64, shared: &Shared, deadline: Instant) -> PubReport {
    let start = Instant::now();
    let mut warmups = 0;
    while !shared.heard.iter().all(|h| h.load(Ordering::SeqCst)) {
        assert!(
            !shared.abort.load(Ordering::SeqCst),
            "a subscriber failed during warm-up"
        );
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "subscribers never heard the publisher (heard: {:?})",
            shared.heard
        );
        sock.send(&encode(b'W', warmups)[..]).expect("send warm-up");
        warmups += 1;
        std::thread::sleep(Duration::from_millis(10));
    }
    let warmup_time = start.elapsed();
    std::thread::sleep(SPM_PAUSE);
    let t0 = Instant::now();
    for seq in 0..n {
        sock.send(&encode(b'D', seq)[..]).expect("send data");
    }
    let queue_time = t0.elapsed();
    while shared.done.load(Ordering::SeqCst) < shared.heard.len()
        && !shared.abort.load(Ordering::SeqCst)
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    PubReport {
        warmups,
        warmup_time,
        t0,
        queue_time,
    }
}

/// Receives warm-ups (marking `heard[index]`) and then `D 0..n` in order; stops at the first
/// message out of order, at `n`, at `deadline` or when someone aborts.
fn subscribe(
    who: &str,
    sock: &Socket,
    index: usize,
    n: u64,
    shared: &Shared,
    deadline: Instant,
) -> SubReport {
    let mut r = SubReport {
        who: who.to_owned(),
        warmups: 0,
        received: 0,
        error: None,
        last_at: None,
    };
    let mut msg = Message::new();
    while r.received < n {
        if shared.abort.load(Ordering::SeqCst) {
            r.error = Some("aborted".into());
            break;
        }
        if Instant::now() > deadline {
            r.error = Some(format!(
                "deadline: {} of {n} messages, the last {:?} ago",
                r.received,
                r.last_at.map(|t| t.elapsed())
            ));
            break;
        }
        match sock.recv(&mut msg) {
            Ok(()) => {}
            Err(Error::WouldBlock) => continue,
            Err(e) => {
                r.error = Some(format!("recv: {e}"));
                break;
            }
        }
        match decode(&msg) {
            Some((b'W', _)) => {
                r.warmups += 1;
                shared.heard[index].store(true, Ordering::SeqCst);
            }
            Some((b'D', seq)) if seq == r.received => {
                r.received += 1;
                r.last_at = Some(Instant::now());
            }
            other => {
                r.error = Some(format!(
                    "expected D{}, got {other:?} (a gap or a reorder)",
                    r.received
                ));
                break;
            }
        }
    }
    if r.error.is_some() {
        shared.abort.store(true, Ordering::SeqCst);
    }
    shared.done.fetch_add(1, Ordering::SeqCst);
    r
}

/// Checks that every subscriber got all `n` messages and prints the figures.
fn check_delivery(label: &str, n: u64, p: &PubReport, subs: &[SubReport]) -> Duration {
    for s in subs {
        assert_eq!(
            (s.received, &s.error),
            (n, &None),
            "{label}: {} got {} of {n} in order: {:?}",
            s.who,
            s.received,
            s.error
        );
    }
    let last = subs.iter().filter_map(|s| s.last_at).max().unwrap();
    let elapsed = last - p.t0;
    println!(
        "{label}: {n} messages to {} subscribers, all in order, in {:.3} s = {:.0} msg/s \
         (warm-up: {} messages, {:.0} ms; queueing the sends: {:.0} ms; warm-ups heard: {:?})",
        subs.len(),
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        p.warmups,
        p.warmup_time.as_secs_f64() * 1e3,
        p.queue_time.as_secs_f64() * 1e3,
        subs.iter().map(|s| s.warmups).collect::<Vec<_>>()
    );
    elapsed
}

/// One publisher and `subscribers` SUBs in one namespace, one context, one thread each.
fn pub_subs_in_one_namespace(
    ns: &NetNs,
    endpoint: &'static str,
    subscribers: usize,
    n: u64,
    limit: Duration,
) -> (PubReport, Vec<SubReport>) {
    let deadline = Instant::now() + limit;
    let shared = Shared::new(subscribers);
    let handle = spawn_in(ns, move || {
        let ctx = isolated_context();
        std::thread::scope(|s| {
            let subs: Vec<_> = (0..subscribers)
                .map(|i| {
                    let (ctx, shared) = (&ctx, shared.clone());
                    s.spawn(move || {
                        // Threads started here inherit the namespace (pgm_sub checks).
                        let _guard = AbortOnPanic(shared.clone());
                        let sock = pgm_sub(ctx, endpoint);
                        subscribe(&format!("sub{}", i + 1), &sock, i, n, &shared, deadline)
                    })
                })
                .collect();
            let _guard = AbortOnPanic(shared.clone());
            let sock = pgm_pub(&ctx, endpoint);
            let report = publish(&sock, n, &shared, deadline);
            let subs: Vec<SubReport> = subs
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect();
            (report, subs)
        })
    });
    join_by(handle, deadline + Duration::from_secs(5), "publisher")
}

// ---- 1. Bad endpoints: errors, never an abort --------------------------------------------------

/// The newest modification time of the sources the probe is built from.
fn newest_source() -> SystemTime {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack: Vec<PathBuf> = [
        "src",
        "build.rs",
        "Cargo.toml",
        "Cargo.lock",
        "examples/pgm_probe.rs",
        "zmq-sys/src",
        "zmq-sys/build",
        "zmq-sys/build.rs",
        "zmq-sys/Cargo.toml",
    ]
    .iter()
    .map(|p| root.join(p))
    .collect();
    let mut newest = SystemTime::UNIX_EPOCH;
    while let Some(path) = stack.pop() {
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(dir) = std::fs::read_dir(&path) {
                stack.extend(dir.flatten().map(|e| e.path()));
            }
        } else if let Ok(modified) = meta.modified() {
            newest = newest.max(modified);
        }
    }
    newest
}

/// `target/<profile>/examples/pgm_probe` (found from this test's own path, `deps/..`).
///
/// `cargo test --test it` builds only this test, not the examples, so the probe may be missing
/// or older than the sources: then it is built here (`cargo build --example pgm_probe`, same
/// target dir, profile and features). A probe newer than every source file is used as it is:
/// a nested cargo run is not a cheap no-op while a dependency's build script reruns on every
/// build (openpgm-sys 0.7.0 marks its own generated `version.c` as an input), which would rebuild
/// the native stack each time. `ZMQ_PGM_PROBE=<path>` uses a given binary instead.
fn probe_binary() -> PathBuf {
    static PROBE: OnceLock<PathBuf> = OnceLock::new();
    PROBE
        .get_or_init(|| {
            if let Some(path) = std::env::var_os("ZMQ_PGM_PROBE") {
                return PathBuf::from(path);
            }
            let exe = std::env::current_exe().expect("current_exe");
            // target/<profile>/deps/pgm-<hash>
            let profile_dir = exe.parent().and_then(|d| d.parent()).expect("target dir");
            let target_dir = profile_dir.parent().expect("target dir");
            let profile = profile_dir.file_name().unwrap().to_string_lossy();
            let probe = profile_dir.join("examples").join("pgm_probe");
            let built = std::fs::metadata(&probe).and_then(|m| m.modified());
            if built.is_ok_and(|t| t > newest_source()) {
                return probe;
            }
            println!("building examples/pgm_probe (missing or older than the sources)");
            let mut cmd = Command::new(env!("CARGO"));
            cmd.args([
                "build",
                "--quiet",
                "--example",
                "pgm_probe",
                "--manifest-path",
            ])
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
            .arg("--target-dir")
            .arg(target_dir);
            match profile.as_ref() {
                "debug" => {}
                "release" => {
                    cmd.arg("--release");
                }
                other => {
                    cmd.args(["--profile", other]);
                }
            }
            if cfg!(zmq_vendored) {
                // The features this test was built with, so the build reuses its artifacts.
                let mut features = Vec::new();
                if cfg!(zmq_has_pgm) {
                    features.push("pgm");
                }
                if cfg!(zmq_has_curve) {
                    features.push("curve");
                }
                if cfg!(zmq_has_draft) {
                    features.push("draft");
                }
                cmd.arg("--no-default-features");
                if !features.is_empty() {
                    cmd.arg("--features").arg(features.join(","));
                }
            }
            let out = cmd.output().expect("run cargo");
            assert!(
                out.status.success(),
                "building examples/pgm_probe failed: {:?}\n{}",
                cmd,
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(probe.exists(), "{} is missing", probe.display());
            probe
        })
        .clone()
}

/// Which namespace a probe runs in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Where {
    /// `lo` with multicast, `vdown0` (down, 10.99.7.1), `vnomc0` (up, no MULTICAST, 10.99.8.1),
    /// `v4only` (10.99.9.1, IPv6 off), `v6only` (fd00:99::1, no IPv4), `v6ll` (only an IPv6
    /// link-local address).
    Probe,
    /// Only `lo`, without the MULTICAST flag: no interface can do multicast.
    Bare,
}

struct Case {
    what: &'static str,
    kind: &'static str,
    op: &'static str,
    endpoint: &'static str,
    place: Where,
    /// Run under `setpriv --bounding-set -net_raw` (root without CAP_NET_RAW after exec).
    no_net_raw: bool,
    /// Our error must contain each of these. `None`: informational row, only "no signal" is
    /// asserted (the outcome depends on the machine's resolver).
    expect: Option<&'static [&'static str]>,
}

fn case(
    what: &'static str,
    kind: &'static str,
    op: &'static str,
    endpoint: &'static str,
    expect: &'static [&'static str],
) -> Case {
    Case {
        what,
        kind,
        op,
        endpoint,
        place: Where::Probe,
        no_net_raw: false,
        expect: Some(expect),
    }
}

/// The namespace for the probes: `lo` up with multicast, an interface that is down and one
/// without the MULTICAST flag (veth pairs: this kernel may have no `dummy` driver).
fn probe_namespace() -> NetNs {
    let ns = NetNs::new("probe");
    ns.ip(&[
        "link", "add", "vdown0", "type", "veth", "peer", "name", "vdown1",
    ]);
    ns.ip(&["addr", "add", "10.99.7.1/24", "dev", "vdown0"]);
    ns.ip(&[
        "link", "add", "vnomc0", "type", "veth", "peer", "name", "vnomc1",
    ]);
    ns.ip(&["link", "set", "vnomc0", "multicast", "off"]);
    ns.ip(&["addr", "add", "10.99.8.1/24", "dev", "vnomc0"]);
    ns.ip(&["link", "set", "vnomc0", "up"]);
    ns.ip(&["link", "set", "vnomc1", "up"]);
    // Up and multicast, IPv4 only (IPv6 off).
    ns.ip(&[
        "link", "add", "v4only", "type", "veth", "peer", "name", "v4peer",
    ]);
    ns.sh("sysctl", &["-qw", "net.ipv6.conf.v4only.disable_ipv6=1"]);
    ns.ip(&["addr", "add", "10.99.9.1/24", "dev", "v4only"]);
    ns.ip(&["link", "set", "v4only", "up"]);
    ns.ip(&["link", "set", "v4peer", "up"]);
    // Up and multicast, IPv6 only (no IPv4 address).
    ns.ip(&[
        "link", "add", "v6only", "type", "veth", "peer", "name", "v6peer",
    ]);
    ns.ip(&["addr", "add", "fd00:99::1/64", "dev", "v6only", "nodad"]);
    ns.ip(&["link", "set", "v6only", "up"]);
    ns.ip(&["link", "set", "v6peer", "up"]);
    // Up and multicast, nothing but its automatic IPv6 link-local address (no DAD wait).
    ns.ip(&[
        "link", "add", "v6ll", "type", "veth", "peer", "name", "v6llp",
    ]);
    ns.sh("sysctl", &["-qw", "net.ipv6.conf.v6ll.accept_dad=0"]);
    ns.ip(&["link", "set", "v6ll", "up"]);
    ns.ip(&["link", "set", "v6llp", "up"]);
    ns
}

struct Outcome {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

impl Outcome {
    fn describe(&self) -> String {
        if let Some(sig) = self.status.signal() {
            let name = if sig == libc::SIGABRT {
                "SIGABRT"
            } else {
                "signal"
            };
            return format!("killed by {name} ({sig})");
        }
        let line = self.result_line();
        match self.status.code() {
            Some(0) => "accepted (no error)".into(),
            Some(2) => line.to_owned(),
            other => format!("exit {other:?}: {line} {}", self.stderr.trim()),
        }
    }

    /// The probe's `error: ...` or `ok` line (OpenPGM also logs `Warn: ...` lines to stdout).
    fn result_line(&self) -> &str {
        let mut lines = self.stdout.lines().map(str::trim);
        lines
            .clone()
            .find(|l| l.starts_with("error:") || *l == "ok")
            .or_else(|| lines.next())
            .unwrap_or("")
    }

    /// The reason in our error: `error: invalid endpoint "<ep>": <reason> [<Debug>]`.
    fn reason(&self) -> String {
        let line = self.result_line();
        let line = line.split(" [").next().unwrap_or(line);
        let line = line.strip_prefix("error: ").unwrap_or(line);
        match line.split_once("\": ") {
            Some((_, reason)) if line.starts_with("invalid endpoint") => reason.to_owned(),
            _ => line.to_owned(),
        }
    }
}

fn spawn_probe(ns: &NetNs, raw: bool, c: &Case) -> Child {
    let probe = probe_binary();
    let mut cmd = if c.no_net_raw {
        let mut cmd = ns.command("setpriv");
        cmd.args(["--bounding-set", "-net_raw"]).arg(&probe);
        cmd
    } else {
        ns.command(&probe)
    };
    if raw {
        cmd.arg("--raw");
    }
    cmd.args([c.kind, c.op, c.endpoint])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd.spawn().expect("spawn pgm_probe")
}

/// Waits for every child until `limit`; kills (by its own handle) any still running and fails.
fn collect(children: Vec<Child>, limit: Duration) -> Vec<Outcome> {
    let deadline = Instant::now() + limit;
    let mut children: Vec<(Child, Option<ExitStatus>)> =
        children.into_iter().map(|c| (c, None)).collect();
    loop {
        for (child, status) in children.iter_mut() {
            if status.is_none() {
                *status = child.try_wait().expect("wait pgm_probe");
            }
        }
        if children.iter().all(|(_, s)| s.is_some()) {
            break;
        }
        if Instant::now() > deadline {
            for (child, status) in children.iter_mut() {
                if status.is_none() {
                    let _ = child.kill();
                    let _ = child.wait();
                }
            }
            panic!("pgm_probe children still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    children
        .into_iter()
        .map(|(mut child, status)| {
            let mut stdout = String::new();
            let mut stderr = String::new();
            child
                .stdout
                .take()
                .unwrap()
                .read_to_string(&mut stdout)
                .unwrap();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            Outcome {
                status: status.unwrap(),
                stdout,
                stderr,
            }
        })
        .collect()
}

#[test]
fn bad_pgm_endpoints_never_abort() {
    if !netns::ready() {
        return;
    }
    const EMPTY_IF: &[&str] = &["interface is empty"];
    const NO_SEMI: &[&str] = &["no `;`"];
    const NO_PORT: &[&str] = &["`:<port>`"];
    const BAD_PORT: &[&str] = &["not in 1..=65535"];
    const TYPE: &[&str] = &["only with PUB, XPUB, SUB and XSUB"];
    const NET_RAW: &[&str] = &["permission denied", "CAP_NET_RAW"];
    let mut cases = vec![
        case(
            "empty interface",
            "PUB",
            "connect",
            "epgm://;239.192.1.1:7501",
            EMPTY_IF,
        ),
        case(
            "blank interface",
            "SUB",
            "connect",
            "epgm:// ;239.192.1.1:7501",
            EMPTY_IF,
        ),
        case(
            "missing `;` (no interface part)",
            "SUB",
            "connect",
            "epgm://239.192.1.1:7501",
            NO_SEMI,
        ),
        case(
            "missing port",
            "PUB",
            "connect",
            "epgm://127.0.0.1;239.192.1.1",
            NO_PORT,
        ),
        case(
            "port 0",
            "PUB",
            "connect",
            "epgm://127.0.0.1;239.192.1.1:0",
            BAD_PORT,
        ),
        case(
            "port 99999",
            "SUB",
            "bind",
            "epgm://127.0.0.1;239.192.1.1:99999",
            BAD_PORT,
        ),
        case(
            "non-numeric port",
            "XPUB",
            "connect",
            "epgm://127.0.0.1;239.192.1.1:http",
            BAD_PORT,
        ),
        case(
            "empty group",
            "PUB",
            "connect",
            "epgm://127.0.0.1;:7501",
            &["group is empty"],
        ),
        case(
            "non-multicast group",
            "PUB",
            "connect",
            "epgm://127.0.0.1;10.1.2.3:7501",
            &["not multicast"],
        ),
        case(
            "host name as group",
            "XSUB",
            "connect",
            "epgm://127.0.0.1;mcast.example.com:7501",
            &["not a numeric IP address"],
        ),
        case(
            "unknown interface name",
            "PUB",
            "connect",
            "epgm://nosuch0;239.192.1.1:7501",
            &["no interface is named \"nosuch0\""],
        ),
        case(
            "address no interface has",
            "SUB",
            "connect",
            "epgm://10.123.45.67;239.192.1.1:7501",
            &["no interface has the address \"10.123.45.67\""],
        ),
        case(
            "interface down (by name)",
            "PUB",
            "connect",
            "epgm://vdown0;239.192.1.1:7501",
            &["vdown0 is down"],
        ),
        case(
            "interface down (by address)",
            "SUB",
            "connect",
            "epgm://10.99.7.1;239.192.1.1:7501",
            &["vdown0 is down"],
        ),
        case(
            "interface without MULTICAST (name)",
            "PUB",
            "connect",
            "epgm://vnomc0;239.192.1.1:7501",
            &["vnomc0 cannot do multicast"],
        ),
        case(
            "interface without MULTICAST (address)",
            "SUB",
            "connect",
            "epgm://10.99.8.1;239.192.1.1:7501",
            &["vnomc0 cannot do multicast"],
        ),
        case(
            "separate send group `iface;g1;g2:port`",
            "PUB",
            "connect",
            "epgm://127.0.0.1;239.192.1.1;239.192.1.2:7501",
            &["separate send/receive groups"],
        ),
        case(
            "PGM on PAIR",
            "PAIR",
            "connect",
            "epgm://127.0.0.1;239.192.1.1:7501",
            TYPE,
        ),
        case(
            "PGM on REQ",
            "REQ",
            "connect",
            "epgm://127.0.0.1;239.192.1.1:7501",
            TYPE,
        ),
        case(
            "PGM on REP",
            "REP",
            "bind",
            "epgm://127.0.0.1;239.192.1.1:7501",
            TYPE,
        ),
        case(
            "PGM on DEALER",
            "DEALER",
            "connect",
            "pgm://127.0.0.1;239.192.1.1:7501",
            TYPE,
        ),
        case(
            "PGM on ROUTER",
            "ROUTER",
            "bind",
            "epgm://127.0.0.1;239.192.1.1:7501",
            TYPE,
        ),
        case(
            "PGM on PUSH",
            "PUSH",
            "connect",
            "epgm://127.0.0.1;239.192.1.1:7501",
            TYPE,
        ),
        case(
            "PGM on PULL",
            "PULL",
            "bind",
            "epgm://127.0.0.1;239.192.1.1:7501",
            TYPE,
        ),
        case(
            "PGM on STREAM",
            "STREAM",
            "connect",
            "epgm://127.0.0.1;239.192.1.1:7501",
            TYPE,
        ),
    ];
    // Past our checks, refused by OpenPGM with a plain EINVAL (no abort): it skips loopback
    // devices named as such (use 127.0.0.1). An interface name is resolved as a host name first;
    // in these children that is `files` only (netns.rs), so a real interface name works: the
    // info row (outcome not asserted, only "no signal") shows it.
    cases.push(case(
        "loopback by name (OpenPGM skips loopback devices by name)",
        "PUB",
        "connect",
        "epgm://lo;239.192.1.1:7501",
        &["loopback device by name", "127.0.0.1"],
    ));
    cases.push(Case {
        expect: None,
        ..case(
            "interface by name: up, multicast (info: works)",
            "SUB",
            "connect",
            "epgm://v4only;239.192.1.1:7501",
            &[],
        )
    });
    cases.push(Case {
        no_net_raw: true,
        ..case(
            "pgm:// without CAP_NET_RAW",
            "PUB",
            "connect",
            "pgm://127.0.0.1;239.192.1.1:7501",
            NET_RAW,
        )
    });
    cases.push(Case {
        no_net_raw: true,
        ..case(
            "pgm:// without CAP_NET_RAW",
            "SUB",
            "bind",
            "pgm://127.0.0.1;239.192.1.1:7501",
            NET_RAW,
        )
    });
    cases.push(Case {
        place: Where::Bare,
        ..case(
            "empty interface, no multicast interface at all",
            "PUB",
            "connect",
            "epgm://;239.192.1.1:7501",
            EMPTY_IF,
        )
    });
    cases.push(Case {
        place: Where::Bare,
        ..case(
            "lo without MULTICAST",
            "SUB",
            "connect",
            "epgm://127.0.0.1;239.192.1.1:7501",
            &["lo cannot do multicast"],
        )
    });
    // Controls: libzmq alone aborts on these (which the rows above refuse).
    let controls = [
        Case {
            no_net_raw: true,
            ..case(
                "control: raw libzmq, pgm:// without CAP_NET_RAW",
                "PUB",
                "connect",
                "pgm://127.0.0.1;239.192.1.1:7501",
                &[],
            )
        },
        Case {
            place: Where::Bare,
            ..case(
                "control: raw libzmq, empty interface, no multicast interface",
                "PUB",
                "connect",
                "epgm://;239.192.1.1:7501",
                &[],
            )
        },
    ];

    assert!(cases.iter().filter(|c| c.expect.is_some()).count() >= 15);
    let failures = probe_table(&cases, &controls);
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}

/// Runs every case through this crate (asserted) and through libzmq alone (`--raw`, printed),
/// and every control through libzmq alone (must be killed by SIGABRT), all at once (each probe
/// sleeps at most 0.7 s), in fresh namespaces. Prints the table; returns the failures.
fn probe_table(cases: &[Case], controls: &[Case]) -> Vec<String> {
    let probe_ns = probe_namespace();
    let bare_ns = NetNs::bare("bare");
    let ns_of = |c: &Case| match c.place {
        Where::Probe => &probe_ns,
        Where::Bare => &bare_ns,
    };
    let mut children = Vec::new();
    for c in cases {
        children.push(spawn_probe(ns_of(c), false, c));
        children.push(spawn_probe(ns_of(c), true, c));
    }
    for c in controls {
        children.push(spawn_probe(ns_of(c), true, c));
    }
    let mut outcomes = collect(children, Duration::from_secs(60)).into_iter();

    println!("| # | case | socket | endpoint | zmq crate (this test asserts) | libzmq alone |");
    println!("|---|---|---|---|---|---|");
    let mut failures = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let ours = outcomes.next().unwrap();
        let raw = outcomes.next().unwrap();
        let place = match (c.place, c.no_net_raw) {
            (Where::Bare, _) => " (ns without multicast)",
            (_, true) => " (no CAP_NET_RAW)",
            _ => "",
        };
        let shown = if ours.status.signal().is_some() || ours.status.code() != Some(2) {
            ours.describe()
        } else {
            ours.reason()
        };
        println!(
            "| {} | {}{place} | {} {} | `{}` | {} | {} |",
            i + 1,
            c.what,
            c.kind,
            c.op,
            c.endpoint,
            shown,
            raw.describe()
        );
        let ok = ours.status.signal().is_none()
            && match c.expect {
                None => true,
                Some(expect) => {
                    ours.status.code() == Some(2)
                        && ours.stdout.starts_with("error:")
                        && expect.iter().all(|e| ours.stdout.contains(e))
                }
            };
        if !ok {
            failures.push(format!(
                "{} {} {} {}: {} / stdout {:?} / stderr {:?}",
                c.what, c.kind, c.op, c.endpoint, ours.status, ours.stdout, ours.stderr
            ));
        }
    }
    for c in controls {
        let raw = outcomes.next().unwrap();
        println!(
            "| - | {} | {} {} | `{}` | (not run) | {} |",
            c.what,
            c.kind,
            c.op,
            c.endpoint,
            raw.describe()
        );
        if raw.status.signal() != Some(libc::SIGABRT) {
            failures.push(format!(
                "{}: expected SIGABRT, got {} / stdout {:?} / stderr {:?}",
                c.what, raw.status, raw.stdout, raw.stderr
            ));
        }
    }
    failures
}

/// An interface without an address of the group's family passes `src/endpoint.rs` (it exists,
/// is up and multicast) and then makes libzmq abort in its I/O thread (`errno_assert` after
/// `pgm_socket_t::init` fails, session_base.cpp:700 for PUB, :711 for SUB). Ignored until
/// `check_pgm_interface` also requires an IPv4 address for IPv4 groups and an IPv6 one for
/// IPv6 groups; then remove the `#[ignore]`.
#[test]
fn bad_pgm_family_mismatch_never_aborts() {
    if !netns::ready() {
        return;
    }
    const FAMILY: &[&str] = &["address"];
    let cases = [
        case(
            "IPv4 group, interface (by name) with only an IPv6 link-local address",
            "PUB",
            "connect",
            "epgm://v6ll;239.192.1.1:7501",
            FAMILY,
        ),
        case(
            "IPv4 group, interface (by name) with only an IPv6 link-local address",
            "SUB",
            "connect",
            "epgm://v6ll;239.192.1.1:7501",
            FAMILY,
        ),
        case(
            "IPv4 group, interface (by name) without IPv4 address",
            "PUB",
            "connect",
            "epgm://v6only;239.192.1.1:7501",
            FAMILY,
        ),
        case(
            "IPv4 group, interface (by name) without IPv4 address",
            "SUB",
            "connect",
            "epgm://v6only;239.192.1.1:7501",
            FAMILY,
        ),
        case(
            "IPv4 group, interface (by IPv6 address) without IPv4 address",
            "SUB",
            "connect",
            "epgm://fd00:99::1;239.192.1.1:7501",
            FAMILY,
        ),
        case(
            "IPv6 group, interface (by name) without IPv6 address",
            "PUB",
            "connect",
            "epgm://v4only;ff0e::1:7501",
            FAMILY,
        ),
        case(
            "IPv6 group, interface (by IPv4 address) without IPv6 address",
            "SUB",
            "connect",
            "epgm://10.99.9.1;ff0e::1:7501",
            FAMILY,
        ),
    ];
    let failures = probe_table(&cases, &[]);
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}

#[test]
fn pgm_without_cap_net_raw_is_a_permission_error() {
    if !netns::ready() {
        return;
    }
    let ns = NetNs::new("noraw");
    let cases: Vec<Case> = [
        ("PUB", "connect"),
        ("SUB", "connect"),
        ("XPUB", "bind"),
        ("XSUB", "bind"),
    ]
    .into_iter()
    .map(|(kind, op)| Case {
        no_net_raw: true,
        ..case(
            "pgm:// without CAP_NET_RAW",
            kind,
            op,
            "pgm://127.0.0.1;239.192.7.1:7507",
            &["permission denied", "CAP_NET_RAW"],
        )
    })
    .collect();
    let children = cases.iter().map(|c| spawn_probe(&ns, false, c)).collect();
    for (c, o) in cases.iter().zip(collect(children, Duration::from_secs(30))) {
        println!("{} {} {}: {}", c.kind, c.op, c.endpoint, o.describe());
        assert_eq!(o.status.signal(), None, "{} {}", c.kind, o.stderr);
        assert_eq!(o.status.code(), Some(2), "{} {}", c.kind, o.stdout);
        assert!(o.stdout.starts_with("error:"), "{}", o.stdout);
        for e in c.expect.unwrap() {
            assert!(
                o.stdout.contains(e),
                "{}: {:?} lacks {e:?}",
                c.kind,
                o.stdout
            );
        }
    }
    // The same socket types with CAP_NET_RAW (root) get past the check: pgm_raw_works_as_root.
}

// ---- 2. Loopback: one publisher, two subscribers, 100 000 messages -----------------------------

#[test]
fn epgm_loopback_one_pub_two_subs_100k() {
    if !netns::ready() {
        return;
    }
    let ns = NetNs::new("lo100k");
    const N: u64 = 100_000;
    let (p, subs) = pub_subs_in_one_namespace(
        &ns,
        "epgm://127.0.0.1;239.192.2.1:7502",
        2,
        N,
        Duration::from_secs(60),
    );
    check_delivery("epgm loopback", N, &p, &subs);
}

// ---- 3. Two hosts over veth and a bridge -------------------------------------------------------

/// Publisher on host 1, subscribers on hosts 2.., each host a thread in its namespace with its own context.
fn across_hosts(
    topo: &Topology,
    group: &str,
    port: u16,
    n: u64,
    limit: Duration,
) -> (PubReport, Vec<SubReport>) {
    let deadline = Instant::now() + limit;
    let subscribers = topo.hosts.len() - 1;
    let shared = Shared::new(subscribers);
    let subs: Vec<JoinHandle<SubReport>> = topo.hosts[1..]
        .iter()
        .enumerate()
        .map(|(i, host)| {
            let endpoint = format!("epgm://{};{group}:{port}", host.addr);
            let who = format!("host{} ({})", i + 2, host.addr);
            let shared = shared.clone();
            spawn_in(&host.ns, move || {
                let _guard = AbortOnPanic(shared.clone());
                let ctx = isolated_context();
                let sock = pgm_sub(&ctx, &endpoint);
                subscribe(&who, &sock, i, n, &shared, deadline)
            })
        })
        .collect();
    // By address: OpenPGM resolves an interface *name* as a host name first, and this process's
    // resolver cannot be reached from the namespace (EAI_AGAIN), so `epgm://veth0;...` would be
    // EINVAL here (see netns.rs).
    let endpoint = format!("epgm://{};{group}:{port}", topo.host(1).addr);
    let publisher = {
        let shared = shared.clone();
        spawn_in(&topo.host(1).ns, move || {
            let _guard = AbortOnPanic(shared.clone());
            let ctx = isolated_context();
            let sock = pgm_pub(&ctx, &endpoint);
            publish(&sock, n, &shared, deadline)
        })
    };
    let grace = deadline + Duration::from_secs(5);
    let subs: Vec<SubReport> = subs
        .into_iter()
        .map(|h| join_by(h, grace, "subscriber"))
        .collect();
    (join_by(publisher, grace, "publisher"), subs)
}

#[test]
fn epgm_two_hosts_over_veth() {
    if !netns::ready() {
        return;
    }
    let topo = Topology::new("veth", 3);
    const N: u64 = 100_000;
    let (p, subs) = across_hosts(&topo, "239.192.3.1", 7503, N, Duration::from_secs(60));
    check_delivery("epgm host1 -> host2, host3 over veth+bridge", N, &p, &subs);
}

// ---- 4. Repairs under 5 % loss -----------------------------------------------------------------

/// Packets the `inet loss input` rule of `ns` has dropped.
fn dropped(ns: &NetNs) -> u64 {
    let out = ns.sh("nft", &["list", "chain", "inet", "loss", "input"]);
    out.split_whitespace()
        .skip_while(|w| *w != "packets")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no counter in {out}"))
}

#[test]
fn epgm_repairs_5_percent_loss() {
    if !netns::ready() {
        return;
    }
    if !netns::have_tool("nft", "--version") {
        return netns::skip("needs `nft` (apt-get install -y nftables)");
    }
    const PORT: u16 = 7504;
    const N: u64 = 100_000;
    let topo = Topology::new("loss", 3);
    // Both subscribers lose 5 % of every UDP packet to the PGM port (ODATA, RDATA, SPM, NCF),
    // independently.
    for host in &topo.hosts[1..] {
        let port = PORT.to_string();
        host.ns.sh("nft", &["add", "table", "inet", "loss"]);
        host.ns.sh(
            "nft",
            &[
                "add",
                "chain",
                "inet",
                "loss",
                "input",
                "{ type filter hook input priority 0; }",
            ],
        );
        host.ns.sh(
            "nft",
            &[
                "add", "rule", "inet", "loss", "input", "udp", "dport", &port, "numgen", "random",
                "mod", "100", "<", "5", "counter", "drop",
            ],
        );
    }
    let (p, subs) = across_hosts(&topo, "239.192.4.1", PORT, N, Duration::from_secs(60));
    let drops: Vec<u64> = topo.hosts[1..].iter().map(|h| dropped(&h.ns)).collect();
    println!("nft dropped packets (host2, host3): {drops:?}");
    check_delivery("epgm with 5% loss at each subscriber", N, &p, &subs);
    for (host, d) in topo.hosts[1..].iter().zip(&drops) {
        assert!(
            *d > 0,
            "{}: nothing dropped, so nothing was repaired",
            host.addr
        );
    }
}

// ---- 5. Late joiners and restarts ----------------------------------------------------------------

/// Everything a subscriber received, as (tag, seq).
fn drain(sock: &Socket, into: &mut Vec<(u8, u64)>) {
    while let Ok(m) = sock.recv_msg_with(Flags::DONTWAIT) {
        into.push(decode(&m).expect("9-byte message"));
    }
}

/// Sends warm-ups tagged `tag` until `sub` receives one; everything received goes to `got`.
fn warm_up(pub_sock: &Socket, sub: &Socket, tag: u8, got: &mut Vec<(u8, u64)>) -> u64 {
    let start = Instant::now();
    let mut n = 0;
    while !got.iter().any(|(t, _)| *t == tag) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the subscriber never heard warm-up {}",
            tag as char
        );
        pub_sock.send(&encode(tag, n)[..]).unwrap();
        n += 1;
        std::thread::sleep(Duration::from_millis(10));
        drain(sub, got);
    }
    n
}

/// Receives until `want` messages tagged `tag` arrived (or 10 s passed).
fn receive_until(sub: &Socket, tag: u8, want: usize, got: &mut Vec<(u8, u64)>) {
    let start = Instant::now();
    while got.iter().filter(|(t, _)| *t == tag).count() < want
        && start.elapsed() < Duration::from_secs(10)
    {
        if let Ok(m) = sub.recv_msg() {
            got.push(decode(&m).expect("9-byte message"));
        }
    }
    std::thread::sleep(Duration::from_millis(200));
    drain(sub, got);
}

/// Runs of equal tags: `A 0..999, W 3..7, B 0..999` (and whether each run is consecutive).
fn summary(got: &[(u8, u64)]) -> String {
    let mut out = Vec::new();
    let mut i = 0;
    while i < got.len() {
        let tag = got[i].0;
        let mut j = i;
        let mut consecutive = true;
        while j + 1 < got.len() && got[j + 1].0 == tag {
            consecutive &= got[j + 1].1 == got[j].1 + 1;
            j += 1;
        }
        out.push(format!(
            "{} {}..={}{} ({})",
            tag as char,
            got[i].1,
            got[j].1,
            if consecutive { "" } else { " with gaps" },
            j - i + 1
        ));
        i = j + 1;
    }
    out.join(", ")
}

#[test]
fn epgm_late_joiner() {
    if !netns::ready() {
        return;
    }
    let ns = NetNs::new("late");
    const ENDPOINT: &str = "epgm://127.0.0.1;239.192.5.1:7505";
    const N: u64 = 1000;
    let handle = spawn_in(&ns, || {
        let ctx = isolated_context();
        let send = |s: &Socket, tag: u8| {
            for seq in 0..N {
                s.send(&encode(tag, seq)[..]).unwrap();
            }
        };
        let publisher = pgm_pub(&ctx, ENDPOINT);
        // A: sent before any subscriber exists; let it reach the wire (and the window).
        send(&publisher, b'A');
        std::thread::sleep(Duration::from_millis(500));
        // sub1 joins late; W: warm-up; B: sent once sub1 heard the publisher.
        let sub1 = pgm_sub(&ctx, ENDPOINT);
        let mut got1 = Vec::new();
        warm_up(&publisher, &sub1, b'W', &mut got1);
        send(&publisher, b'B');
        receive_until(&sub1, b'B', N as usize, &mut got1);
        // sub1 closes; C: sent while nobody listens; sub2 (a restarted subscriber) joins;
        // V: warm-up; E: sent once sub2 heard.
        drop(sub1);
        send(&publisher, b'C');
        std::thread::sleep(Duration::from_millis(500));
        let sub2 = pgm_sub(&ctx, ENDPOINT);
        let mut got2 = Vec::new();
        warm_up(&publisher, &sub2, b'V', &mut got2);
        send(&publisher, b'E');
        receive_until(&sub2, b'E', N as usize, &mut got2);
        // The publisher restarts (new socket, new PGM source); sub2 stays. X: warm-up;
        // F: sent once sub2 heard the new publisher.
        drop(publisher);
        std::thread::sleep(Duration::from_millis(200));
        let publisher2 = pgm_pub(&ctx, ENDPOINT);
        let mut got3 = Vec::new();
        warm_up(&publisher2, &sub2, b'X', &mut got3);
        send(&publisher2, b'F');
        receive_until(&sub2, b'F', N as usize, &mut got3);
        (got1, got2, got3)
    });
    let (got1, got2, got3) = join_by(handle, Instant::now() + Duration::from_secs(90), "late");
    println!("late joiner sub1 received: {}", summary(&got1));
    println!("restarted subscriber sub2 received: {}", summary(&got2));
    println!(
        "sub2 after the publisher restarted received: {}",
        summary(&got3)
    );
    // The rule observed: a subscriber receives nothing sent before it joined (although the
    // publisher still holds that data in its 10 s transmit window: PGM late join is not used,
    // a receiver starts at the first packet it sees), and everything sent after it heard the
    // publisher, in order. A closed and re-created subscriber is a new late joiner. A restarted
    // publisher is a new source: a subscriber that stayed up hears it like the first one.
    assert_joined("late joiner", &got1, b'W', b'B', N);
    assert_joined("restarted subscriber", &got2, b'V', b'E', N);
    assert_joined("after the publisher restarted", &got3, b'X', b'F', N);
}

/// `got` is a run of consecutive warm-ups tagged `warm` (at least one; the first few may be
/// missed while joining), then `data` 0..n in order, and nothing else: nothing sent before.
fn assert_joined(label: &str, got: &[(u8, u64)], warm: u8, data: u8, n: u64) {
    let warmups = got.iter().take_while(|(t, _)| *t == warm).count();
    let expected: Vec<(u8, u64)> = (0..n).map(|seq| (data, seq)).collect();
    assert!(
        warmups >= 1
            && got[..warmups].windows(2).all(|w| w[1].1 == w[0].1 + 1)
            && got[warmups..] == expected[..],
        "{label}: expected warm-ups {} then {} 0..{n}, got {}",
        warm as char,
        data as char,
        summary(got)
    );
}

// ---- 6. Raw PGM as root --------------------------------------------------------------------------

#[test]
fn pgm_raw_works_as_root() {
    if !netns::ready() {
        return;
    }
    if !zmq::endpoint::has_cap_net_raw() {
        return netns::skip("needs CAP_NET_RAW for pgm://");
    }
    let ns = NetNs::new("raw");
    const N: u64 = 10_000;
    let (p, subs) = pub_subs_in_one_namespace(
        &ns,
        "pgm://127.0.0.1;239.192.6.1:7506",
        1,
        N,
        Duration::from_secs(30),
    );
    check_delivery("raw pgm:// loopback", N, &p, &subs);
}

/// PGM option values OpenPGM asserts on when the socket opens (libzmq then aborts the process):
/// each is refused by `connect` with an error naming the option; the raw control row shows the
/// abort is real.
#[test]
fn bad_pgm_options_never_abort() {
    if !netns::ready() {
        return;
    }
    let ns = NetNs::new("opts");
    let probe = probe_binary();
    let endpoint = "epgm://127.0.0.1;239.192.1.9:7509";
    let rows: &[(&str, &str, &str)] = &[
        (
            "PUB",
            "rate=10",
            "ZMQ_RATE 10 kbit/s is below one ZMQ_MULTICAST_MAXTPDU",
        ),
        (
            "PUB",
            "rate=20000000",
            "ZMQ_RATE 20000000 kbit/s is outside",
        ),
        // libzmq's `rate * 1000` is an int product: beyond 2147483 kbit/s it overflows (UB).
        ("PUB", "rate=3000000", "ZMQ_RATE 3000000 kbit/s is outside"),
        // The recovery window RECOVERY_IVL × RATE / 8 / MAX_TPDU overflows what OpenPGM takes
        // (session_base.cpp:700 for PUB, :711 for SUB), though each option alone is valid.
        (
            "PUB",
            "rate=1000000,recovery_ivl=2147483647",
            "makes a window of 178956970583 packets",
        ),
        (
            "SUB",
            "rate=1000000,recovery_ivl=2147483647",
            "makes a window of 178956970583 packets",
        ),
        ("PUB", "hops=300", "ZMQ_MULTICAST_HOPS 300 is outside"),
        ("PUB", "maxtpdu=20", "ZMQ_MULTICAST_MAXTPDU 20 is outside"),
        (
            "SUB",
            "maxtpdu=70000",
            "ZMQ_MULTICAST_MAXTPDU 70000 is outside",
        ),
        ("SUB", "rate=5", "ZMQ_RATE 5 kbit/s is below"),
    ];
    for (kind, opts, expect) in rows {
        let out = ns
            .command(&probe)
            .env("PGM_PROBE_OPTS", opts)
            .args([*kind, "connect", endpoint])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        println!("{kind} {opts}: {}", stdout.trim());
        assert_eq!(
            out.status.signal(),
            None,
            "{kind} {opts} was killed: {stdout}"
        );
        assert_eq!(out.status.code(), Some(2), "{kind} {opts}: {stdout}");
        assert!(stdout.contains(expect), "{kind} {opts}: {stdout}");
    }
    // Controls: libzmq alone aborts on the first row and on the window rows.
    for (kind, opts) in [
        ("PUB", "rate=10"),
        ("PUB", "rate=1000000,recovery_ivl=2147483647"),
        ("SUB", "rate=1000000,recovery_ivl=2147483647"),
    ] {
        let raw = ns
            .command(&probe)
            .env("PGM_PROBE_OPTS", opts)
            .args(["--raw", kind, "connect", endpoint])
            .output()
            .unwrap();
        assert_eq!(
            raw.status.signal(),
            Some(libc::SIGABRT),
            "raw libzmq, {kind} with {opts}: {raw:?}"
        );
    }
}
