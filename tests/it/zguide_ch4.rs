//! Runs the chapter 4 Guide ports (Majordomo, Titanic, Binary Star, Freelance) as real
//! processes and checks what the Guide says they do.
//!
//! Build the examples first, then run:
//! ```text
//! cargo build --example mdbroker --example mdclient --example mdworker --example mdclient2 \
//!   --example mmiecho --example tripping --example titanic --example ticlient \
//!   --example bstarsrv --example bstarsrv2 --example bstarcli --example flserver1 \
//!   --example flclient1 --example flserver2 --example flclient2 --example flserver3 \
//!   --example flclient3
//! cargo test --test it -- zguide_ch4::
//! ```
//!
//! Every test has its own `ZGUIDE_PORT_OFFSET` (6000–8999), `ZGUIDE_IPC_DIR` and, where the
//! program keeps files, `TITANIC_DIR`; `ZGUIDE_TIME_SCALE` shrinks the Guide's heartbeats and
//! timeouts. Every wait is bounded and every child is killed on drop.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use zmq::SocketType;

/// The programs this file runs.
const PROGRAMS: &[&str] = &[
    "mdbroker",
    "mdclient",
    "mdworker",
    "mdclient2",
    "mmiecho",
    "tripping",
    "titanic",
    "ticlient",
    "bstarsrv",
    "bstarsrv2",
    "bstarcli",
    "flserver1",
    "flclient1",
    "flserver2",
    "flclient2",
    "flserver3",
    "flclient3",
];

/// `target/<profile>/examples/<name>`, or a panic saying how to build it.
fn bin(name: &str) -> PathBuf {
    assert!(PROGRAMS.contains(&name), "{name} is not one of ours");
    let exe = std::env::current_exe().expect("test executable path");
    // target/debug/deps/zguide_ch4-xxxx → target/debug/examples/<name>
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target profile directory");
    let path = dir.join("examples").join(name);
    assert!(
        path.exists(),
        "{} is missing: build it with cargo build --example {name}",
        path.display()
    );
    path
}

/// The isolated environment of one test.
struct Env {
    offset: u32,
    scale: f64,
    dir: PathBuf,
}

impl Env {
    fn new(offset: u32, scale: f64) -> Env {
        let dir = std::env::temp_dir().join(format!("zguide-ch4-{}-{offset}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Env { offset, scale, dir }
    }

    /// A Guide port after the offset.
    fn port(&self, port: u32) -> u32 {
        port + self.offset
    }

    /// Guide milliseconds, scaled.
    fn ms(&self, ms: u64) -> Duration {
        Duration::from_millis((ms as f64 * self.scale) as u64)
    }

    fn command(&self, name: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(bin(name));
        cmd.args(args)
            .env("ZGUIDE_PORT_OFFSET", self.offset.to_string())
            .env("ZGUIDE_IPC_DIR", &self.dir)
            .env("ZGUIDE_TIME_SCALE", self.scale.to_string())
            .env("TITANIC_DIR", self.dir.join("titanic"))
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Starts a program; its output lines are collected in the background.
    fn spawn(&self, name: &str, args: &[&str]) -> Proc {
        let mut child = self
            .command(name, args)
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {name}: {e}"));
        let output: Output = Arc::new((Mutex::new(Vec::new()), Condvar::new()));
        let mut readers = Vec::new();
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        for (stream, prefix) in [
            (Box::new(stdout) as Box<dyn std::io::Read + Send>, ""),
            (Box::new(stderr), "stderr: "),
        ] {
            let output = Arc::clone(&output);
            readers.push(std::thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    let (lines, cv) = &*output;
                    lines
                        .lock()
                        .unwrap()
                        .push((Instant::now(), format!("{prefix}{line}")));
                    cv.notify_all();
                }
            }));
        }
        Proc {
            name: name.to_owned(),
            child,
            output,
            killed_at: None,
        }
    }

    /// Runs a program to completion (bounded) and returns its status and output lines.
    fn run(&self, name: &str, args: &[&str], limit: Duration) -> (ExitStatus, Vec<String>) {
        let mut proc = self.spawn(name, args);
        let status = proc.wait_exit(limit);
        // Let the reader threads drain the pipes.
        std::thread::sleep(Duration::from_millis(20));
        (status, proc.lines())
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A program's output lines with when they were read, and a condvar signalled per line.
type Output = Arc<(Mutex<Vec<(Instant, String)>>, Condvar)>;

/// A running program, killed on drop.
struct Proc {
    name: String,
    child: Child,
    output: Output,
    killed_at: Option<Instant>,
}

impl Proc {
    fn lines(&self) -> Vec<String> {
        self.output
            .0
            .lock()
            .unwrap()
            .iter()
            .map(|(_, l)| l.clone())
            .collect()
    }

    fn timed_lines(&self) -> Vec<(Instant, String)> {
        self.output.0.lock().unwrap().clone()
    }

    /// Waits until `count` lines match `pred`; returns the last of them.
    fn wait_lines(
        &self,
        what: &str,
        count: usize,
        limit: Duration,
        pred: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + limit;
        let (lines, cv) = &*self.output;
        let mut guard = lines.lock().unwrap();
        loop {
            let matching: Vec<&String> = guard.iter().map(|(_, l)| l).filter(|l| pred(l)).collect();
            if matching.len() >= count {
                return matching[count - 1].clone();
            }
            let now = Instant::now();
            assert!(
                now < deadline,
                "{}: no {count} line(s) {what} within {limit:?}; output:\n{}",
                self.name,
                guard
                    .iter()
                    .map(|(_, l)| l.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            guard = cv.wait_timeout(guard, deadline - now).unwrap().0;
        }
    }

    fn wait_line(&self, what: &str, limit: Duration, pred: impl Fn(&str) -> bool) -> String {
        self.wait_lines(what, 1, limit, pred)
    }

    fn wait_exit(&mut self, limit: Duration) -> ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            if Instant::now() >= deadline {
                let _ = self.child.kill();
                panic!(
                    "{} did not exit within {limit:?}; output:\n{}",
                    self.name,
                    self.lines().join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// SIGKILL, like a crash; records when.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.killed_at = Some(Instant::now());
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        if self.killed_at.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

const LONG: Duration = Duration::from_secs(20);

fn contains(needle: &'static str) -> impl Fn(&str) -> bool {
    move |l: &str| l.contains(needle)
}

// ---------------------------------------------------------------------------------------------
// Majordomo

/// A client of this file speaking MDP/Client on a REQ socket: returns the reply frames.
fn mdp_call(endpoint: &str, frames: &[&[u8]]) -> Vec<Vec<u8>> {
    let ctx = zmq::Context::new().unwrap();
    let req = ctx.socket(SocketType::Req).unwrap();
    req.set_linger(Some(Duration::ZERO)).unwrap();
    req.set_rcvtimeo(Some(Duration::from_secs(10))).unwrap();
    req.connect(endpoint).unwrap();
    req.send_multipart(frames.iter().copied()).unwrap();
    req.recv_multipart()
        .expect("MDP reply within 10 s")
        .iter()
        .map(|m| m.to_vec())
        .collect()
}

/// mdclient's and mdclient2's requests all get replies from mdworker through mdbroker, and
/// the broker's replies have exactly the MDP/Client frames.
#[test]
fn majordomo_sync_and_async_clients() {
    let env = Env::new(6000, 0.2);
    let broker = env.spawn("mdbroker", &[]);
    broker.wait_line(
        "broker active",
        LONG,
        contains("I: MDP broker/0.2.0 is active at tcp://*:11555"),
    );
    let _worker = env.spawn("mdworker", &[]);

    let (status, out) = env.run("mdclient", &["1000"], LONG);
    assert!(status.success(), "mdclient: {status:?} {out:?}");
    assert_eq!(out, ["1000 requests/replies processed"]);

    let (status, out) = env.run("mdclient2", &["1000"], LONG);
    assert!(status.success(), "mdclient2: {status:?} {out:?}");
    assert_eq!(out, ["1000 replies received"]);

    // The wire format, seen from a client written with the crate's API.
    let reply = mdp_call(
        &format!("tcp://localhost:{}", env.port(5555)),
        &[b"MDPC01", b"echo", b"one", b"two"],
    );
    assert_eq!(reply, [&b"MDPC01"[..], b"echo", b"one", b"two"]);
}

/// The MMI: `mmi.service` says 200 for a service with workers, 404 for an unknown one (or one
/// without workers yet), 501 for an unknown `mmi.*` request.
#[test]
fn majordomo_mmi() {
    let env = Env::new(6100, 0.2);
    let broker = env.spawn("mdbroker", &[]);
    broker.wait_line("broker active", LONG, contains("is active at"));

    let (_, out) = env.run("mmiecho", &[], LONG);
    assert_eq!(out, ["Lookup echo service: 404"], "no worker yet");

    let _worker = env.spawn("mdworker", &[]);
    // The worker registers asynchronously: poll until the broker knows it.
    let deadline = Instant::now() + LONG;
    loop {
        let (status, out) = env.run("mmiecho", &[], LONG);
        assert!(status.success());
        if out == ["Lookup echo service: 200"] {
            break;
        }
        assert_eq!(out, ["Lookup echo service: 404"]);
        assert!(Instant::now() < deadline, "echo never registered");
        std::thread::sleep(Duration::from_millis(50));
    }
    let (_, out) = env.run("mmiecho", &["nosuch"], LONG);
    assert_eq!(out, ["Lookup nosuch service: 404"]);
    let (_, out) = env.run("mmiecho", &["echo", "mmi.nosuch"], LONG);
    assert_eq!(out, ["Lookup echo service: 501"]);
}

/// A Majordomo worker written in Python (pyzmq) serves clients of this broker; the Rust
/// `mmiecho` sees its service.
#[test]
fn majordomo_pyzmq_worker_interop() {
    let Some(py) = crate::common::pyzmq::python(false) else {
        return;
    };
    let env = Env::new(6200, 0.2);
    let broker = env.spawn("mdbroker", &[]);
    broker.wait_line("broker active", LONG, contains("is active at"));
    let endpoint = format!("tcp://localhost:{}", env.port(5555));
    let script = r#"
import sys, time, zmq
ctx = zmq.Context()
s = ctx.socket(zmq.DEALER)
s.linger = 0
s.connect(sys.argv[1])
s.send_multipart([b"", b"MDPW01", b"\x01", b"pyecho"])
print("ready", flush=True)
last = time.time()
while True:
    if s.poll(50):
        f = s.recv_multipart()
        assert f[0] == b"" and f[1] == b"MDPW01", f
        if f[2] == b"\x02":
            client, empty, body = f[3], f[4], f[5:]
            assert empty == b""
            s.send_multipart([b"", b"MDPW01", b"\x03", client, b""] + [b.upper() for b in body])
        elif f[2] == b"\x05":
            print("disconnected", flush=True)
            break
    if time.time() - last > 0.1:
        s.send_multipart([b"", b"MDPW01", b"\x04"])
        last = time.time()
"#;
    let mut python = Command::new(py)
        .args(["-c", script, &endpoint])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("python3");
    struct KillOnDrop(Child);
    impl Drop for KillOnDrop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut stdout = BufReader::new(python.stdout.take().unwrap());
    let _python = KillOnDrop(python);
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "ready");

    let reply = mdp_call(&endpoint, &[b"MDPC01", b"pyecho", b"hello", b"world"]);
    assert_eq!(reply, [&b"MDPC01"[..], b"pyecho", b"HELLO", b"WORLD"]);
    let (_, out) = env.run("mmiecho", &["pyecho"], LONG);
    assert_eq!(out, ["Lookup pyecho service: 200"]);
}

/// mdworker notices a dead broker by its missing heartbeats and registers again with a new
/// one; clients are served again.
#[test]
fn majordomo_worker_survives_broker_restart() {
    let env = Env::new(6300, 0.2);
    let mut broker = env.spawn("mdbroker", &["-v"]);
    broker.wait_line("broker active", LONG, contains("is active at"));
    let _worker = env.spawn("mdworker", &["-v"]);
    let (_, out) = env.run("mdclient", &["100"], LONG);
    assert_eq!(out, ["100 requests/replies processed"]);

    broker.kill();
    let broker = env.spawn("mdbroker", &["-v"]);
    broker.wait_line("broker active", LONG, contains("is active at"));
    // The new broker learns of the worker only by a new READY.
    broker.wait_line("worker registers", LONG, contains("I: added service: echo"));
    let (status, out) = env.run("mdclient", &["100"], LONG);
    assert!(status.success());
    assert_eq!(out, ["100 requests/replies processed"]);
}

/// tripping reports synchronous and asynchronous round-trip rates.
#[test]
fn tripping_reports_round_trips() {
    let env = Env::new(6400, 1.0);
    let (status, out) = env.run("tripping", &["500"], LONG);
    assert!(status.success(), "{out:?}");
    assert_eq!(out[0], "Setting up test...");
    assert_eq!(out[1], "Synchronous round-trip test...");
    assert_eq!(out[3], "Asynchronous round-trip test...");
    for line in [&out[2], &out[4]] {
        let rate: u64 = line
            .trim()
            .strip_suffix(" calls/second")
            .unwrap_or_else(|| panic!("rate line: {line:?}"))
            .parse()
            .unwrap();
        assert!(rate > 0, "{line}");
    }
    assert_eq!(out.len(), 5, "{out:?}");
}

// ---------------------------------------------------------------------------------------------
// Titanic

/// A request given to Titanic survives Titanic's crash: ticlient submits while no echo worker
/// exists, titanic is killed (SIGKILL) and restarted, a worker appears, and the reply arrives.
#[test]
fn titanic_delivers_across_restart() {
    let env = Env::new(6500, 0.2);
    let titanic_dir = env.dir.join("titanic");
    let broker = env.spawn("mdbroker", &[]);
    broker.wait_line("broker active", LONG, contains("is active at"));
    let mut titanic = env.spawn("titanic", &["-v"]);
    let client = env.spawn("ticlient", &[]);

    let uuid_line = client.wait_line("with the UUID", LONG, contains("I: request UUID "));
    let uuid = uuid_line
        .strip_prefix("I: request UUID [032] ")
        .unwrap_or_else(|| panic!("UUID line: {uuid_line}"))
        .to_owned();
    assert!(
        uuid.len() == 32 && uuid.chars().all(|c| c.is_ascii_hexdigit()),
        "{uuid}"
    );
    client.wait_line(
        "pending",
        LONG,
        contains("I: no reply yet, trying again..."),
    );
    titanic.wait_line("dispatch attempt", LONG, |l| {
        l == format!("I: processing request {uuid}")
    });

    titanic.kill();
    // The request is on disk, pending.
    let queue = std::fs::read_to_string(titanic_dir.join("queue")).expect("queue file");
    assert_eq!(queue, format!("-{uuid}\n"));
    assert!(titanic_dir.join(format!("{uuid}.req")).exists());
    assert!(!client.lines().iter().any(|l| l.starts_with("Reply:")));

    let _titanic = env.spawn("titanic", &["-v"]);
    let _worker = env.spawn("mdworker", &[]);
    let mut client = client;
    client.wait_line("the reply", LONG, contains("Reply: "));
    let status = client.wait_exit(LONG);
    assert!(status.success());
    let lines = client.lines();
    assert_eq!(lines.iter().filter(|l| l.starts_with("Reply:")).count(), 1);
    assert!(
        lines.contains(&"Reply: Hello world".to_owned()),
        "{lines:?}"
    );
    // The entry is marked done, and titanic.close removed the stored messages.
    let queue = std::fs::read_to_string(titanic_dir.join("queue")).expect("queue file");
    assert_eq!(queue, format!("+{uuid}\n"));
    assert!(!titanic_dir.join(format!("{uuid}.req")).exists());
    assert!(!titanic_dir.join(format!("{uuid}.rep")).exists());
}

// ---------------------------------------------------------------------------------------------
// Binary Star

fn is_active_line(line: &str) -> bool {
    line.contains("ready active") || line.contains("ready as active")
}

fn is_passive_line(line: &str) -> bool {
    line.contains("ready passive") || line.contains("ready as passive")
}

/// The `n` of every `I: server replied OK (n)` line.
fn replies(client: &Proc) -> Vec<u64> {
    client
        .lines()
        .iter()
        .filter_map(|l| l.strip_prefix("I: server replied OK ("))
        .map(|rest| rest.trim_end_matches(')').parse().expect("sequence"))
        .collect()
}

fn wait_replies(client: &Proc, at_least: usize) {
    client.wait_lines(
        "replied OK",
        at_least,
        LONG,
        contains("I: server replied OK"),
    );
}

/// From each server's printed state lines, the interval in which it was active (`None` if it
/// never was): from its "ready (as) active" line to its death or the end.
fn active_interval(server: &Proc, end: Instant) -> Option<(Instant, Instant)> {
    let start = server
        .timed_lines()
        .into_iter()
        .find(|(_, l)| is_active_line(l))
        .map(|(t, _)| t)?;
    Some((start, server.killed_at.unwrap_or(end)))
}

/// The Binary Star scenario for `bstarsrv` or `bstarsrv2`: a pair serves bstarcli; the primary
/// is killed and the client fails over to the backup, which takes over; the primary restarts
/// and goes passive. At no time are both active.
fn binary_star(server: &str, offset: u32) {
    let env = Env::new(offset, 0.5);
    let mut primary = env.spawn(server, &["-p"]);
    let backup = env.spawn(server, &["-b"]);
    primary.wait_line(
        "startup",
        LONG,
        contains("I: Primary active, waiting for backup (passive)"),
    );
    backup.wait_line(
        "startup",
        LONG,
        contains("I: Backup passive, waiting for primary (active)"),
    );
    primary.wait_line("going active", LONG, |l| {
        l.contains("I: connected to backup (passive), ready") && is_active_line(l)
    });
    backup.wait_line("going passive", LONG, |l| {
        l.contains("I: connected to primary (active), ready") && is_passive_line(l)
    });

    let client = env.spawn("bstarcli", &[]);
    client.wait_line(
        "connecting to the primary",
        LONG,
        contains("I: connecting to server at tcp://localhost:"),
    );
    wait_replies(&client, 3);
    assert!(
        !client.lines().iter().any(|l| l.starts_with("W:")),
        "no failover while the primary lives: {:?}",
        client.lines()
    );

    primary.kill();
    let served_before = replies(&client).len();
    backup.wait_line("failover", LONG, |l| {
        l.contains("I: failover successful, ready") && is_active_line(l)
    });
    client.wait_line(
        "failing over",
        LONG,
        contains("W: no response from server, failing over"),
    );
    wait_replies(&client, served_before + 3);
    let backup_endpoint = format!(
        "I: connecting to server at tcp://localhost:{}...",
        env.port(5002)
    );
    assert!(
        client.lines().contains(&backup_endpoint),
        "{:?}",
        client.lines()
    );

    // The primary comes back: the backup stays active, the primary goes passive.
    let primary2 = env.spawn(server, &["-p"]);
    primary2.wait_line("going passive", LONG, |l| {
        l.contains("I: connected to backup (active), ready") && is_passive_line(l)
    });
    let served = replies(&client).len();
    wait_replies(&client, served + 2);
    std::thread::sleep(env.ms(3000)); // a few more heartbeats between the two
    let end = Instant::now();

    for proc in [&primary, &backup, &primary2] {
        let lines = proc.lines();
        assert!(
            !lines.iter().any(|l| l.contains("fatal error")),
            "{}: {lines:?}",
            proc.name
        );
    }
    assert!(
        !primary2.lines().iter().any(|l| is_active_line(l)),
        "the restarted primary must stay passive: {:?}",
        primary2.lines()
    );
    // Never dual-active: the active intervals of the primary (both runs) and the backup are
    // disjoint.
    let backup_active = active_interval(&backup, end).expect("backup went active");
    for p in [&primary, &primary2] {
        if let Some((start, stop)) = active_interval(p, end) {
            assert!(
                stop <= backup_active.0 || start >= backup_active.1,
                "{} was active while the backup was",
                p.name
            );
        }
    }
    // Every request was answered once, in order, without a bad reply.
    let seq = replies(&client);
    assert_eq!(
        seq,
        (1..=seq.len() as u64).collect::<Vec<_>>(),
        "{:?}",
        client.lines()
    );
    assert!(
        !client.lines().iter().any(|l| l.starts_with("E:")),
        "{:?}",
        client.lines()
    );
}

#[test]
fn binary_star_poc_failover() {
    binary_star("bstarsrv", 6600);
}

#[test]
fn binary_star_reactor_failover() {
    binary_star("bstarsrv2", 6700);
}

// ---------------------------------------------------------------------------------------------
// Freelance

/// Model 1: one endpoint is retried three times; with several, each is tried once and a dead
/// one is skipped.
#[test]
fn freelance_model1() {
    let env = Env::new(7000, 0.2);
    let mut first = env.spawn("flserver1", &["tcp://*:5555"]);
    let second = env.spawn("flserver1", &["tcp://*:5556"]);
    first.wait_line(
        "ready",
        LONG,
        contains("I: echo service is ready at tcp://*:12555"),
    );
    second.wait_line(
        "ready",
        LONG,
        contains("I: echo service is ready at tcp://*:12556"),
    );
    let e1 = format!("tcp://localhost:{}", env.port(5555));
    let e2 = format!("tcp://localhost:{}", env.port(5556));
    let e3 = format!("tcp://localhost:{}", env.port(5557));

    // Both alive: the first answers.
    let (_, out) = env.run(
        "flclient1",
        &["tcp://localhost:5555", "tcp://localhost:5556"],
        LONG,
    );
    assert_eq!(
        out,
        [
            format!("I: trying echo service at {e1}..."),
            "Service is running OK".into()
        ]
    );

    // The first is killed: the client fails over to the second.
    first.kill();
    let (_, out) = env.run(
        "flclient1",
        &["tcp://localhost:5555", "tcp://localhost:5556"],
        LONG,
    );
    assert_eq!(
        out,
        [
            format!("I: trying echo service at {e1}..."),
            format!("W: no response from {e1}"),
            format!("I: trying echo service at {e2}..."),
            "Service is running OK".into()
        ]
    );

    // One endpoint, alive.
    let (_, out) = env.run("flclient1", &["tcp://localhost:5556"], LONG);
    assert_eq!(
        out.last().map(String::as_str),
        Some("Service is running OK")
    );

    // One endpoint, dead: three tries, then give up.
    let (status, out) = env.run("flclient1", &["tcp://localhost:5557"], LONG);
    assert!(status.success());
    let mut expected = Vec::new();
    for _ in 0..3 {
        expected.push(format!("I: trying echo service at {e3}..."));
        expected.push(format!("W: no response from {e3}, retrying..."));
    }
    assert_eq!(out, expected);

    // Interop: a REQ client of this file gets the echo from flserver1.
    let ctx = zmq::Context::new().unwrap();
    let req = ctx.socket(SocketType::Req).unwrap();
    req.set_linger(Some(Duration::ZERO)).unwrap();
    req.set_rcvtimeo(Some(Duration::from_secs(10))).unwrap();
    req.connect(&e2).unwrap();
    req.send_multipart(["a", "b"]).unwrap();
    let echo: Vec<Vec<u8>> = req
        .recv_multipart()
        .unwrap()
        .iter()
        .map(|m| m.to_vec())
        .collect();
    assert_eq!(echo, [b"a".to_vec(), b"b".to_vec()]);
}

/// Model 2: every request is answered while both servers live, while one is killed during
/// the run, and with one dead from the start; flserver2 answers `[sequence]["OK"]`.
#[test]
fn freelance_model2() {
    let env = Env::new(7100, 0.2);
    let mut first = env.spawn("flserver2", &["tcp://*:5555"]);
    let second = env.spawn("flserver2", &["tcp://*:5556"]);
    first.wait_line("ready", LONG, contains("I: service is ready at"));
    second.wait_line("ready", LONG, contains("I: service is ready at"));
    let endpoints = ["tcp://localhost:5555", "tcp://localhost:5556"];

    // The wire format, from a REQ client of this file.
    let ctx = zmq::Context::new().unwrap();
    let req = ctx.socket(SocketType::Req).unwrap();
    req.set_linger(Some(Duration::ZERO)).unwrap();
    req.set_rcvtimeo(Some(Duration::from_secs(10))).unwrap();
    req.connect(&format!("tcp://localhost:{}", env.port(5556)))
        .unwrap();
    req.send_multipart(["42", "random name"]).unwrap();
    let reply: Vec<Vec<u8>> = req
        .recv_multipart()
        .unwrap()
        .iter()
        .map(|m| m.to_vec())
        .collect();
    assert_eq!(reply, [b"42".to_vec(), b"OK".to_vec()]);

    let check = |out: &[String]| {
        assert!(!out.iter().any(|l| l.starts_with("E:")), "{out:?}");
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(
            out[0].starts_with("Average round trip cost: ") && out[0].ends_with(" usec"),
            "{out:?}"
        );
    };
    let (status, out) = env.run(
        "flclient2",
        &["-n", "2000", endpoints[0], endpoints[1]],
        LONG,
    );
    assert!(status.success());
    check(&out);

    // Kill the first server while a long run is under way.
    let mut client = env.spawn("flclient2", &["-n", "20000", endpoints[0], endpoints[1]]);
    std::thread::sleep(Duration::from_millis(300));
    let running = client.child.try_wait().unwrap().is_none();
    first.kill();
    client.wait_exit(Duration::from_secs(40));
    std::thread::sleep(Duration::from_millis(20));
    check(&client.lines());
    assert!(running, "the run should outlast the kill; make it longer");

    // Dead from the start.
    let (_, out) = env.run(
        "flclient2",
        &["-n", "2000", endpoints[0], endpoints[1]],
        LONG,
    );
    check(&out);
}

/// A Freelance model 3 server written in this file: answers PING and requests like flserver3,
/// sleeping 1 ms per request, and closes its socket (dies) once `die` is set.
fn fake_flserver3(
    endpoint_port: u32,
    die: Arc<AtomicBool>,
    served: Arc<AtomicUsize>,
) -> std::thread::JoinHandle<()> {
    let ctx = zmq::Context::new().unwrap();
    let server = ctx.socket(SocketType::Router).unwrap();
    server.set_linger(Some(Duration::ZERO)).unwrap();
    let identity = format!("tcp://localhost:{endpoint_port}");
    server
        .set(zmq::opt::RoutingId, identity.as_bytes())
        .unwrap();
    server.bind(&format!("tcp://*:{endpoint_port}")).unwrap();
    std::thread::spawn(move || {
        server
            .set_rcvtimeo(Some(Duration::from_millis(50)))
            .unwrap();
        loop {
            let Ok(frames) = server.recv_multipart() else {
                if die.load(Ordering::SeqCst) {
                    break;
                }
                continue;
            };
            let frames: Vec<Vec<u8>> = frames.iter().map(|m| m.to_vec()).collect();
            if frames[1] == b"PING" {
                server
                    .send_multipart([&frames[0][..], &b"PONG"[..]])
                    .unwrap();
                continue;
            }
            if die.load(Ordering::SeqCst) {
                break; // dies with the request unanswered
            }
            std::thread::sleep(Duration::from_millis(1));
            server
                .send_multipart([&frames[0][..], &frames[1][..], &b"OK"[..]])
                .unwrap();
            served.fetch_add(1, Ordering::SeqCst);
        }
        drop(server);
        drop(ctx);
    })
}

/// Model 3 (flcliapi): the server that serves first dies in the middle of the run; the agent
/// skips it and every request is answered by the flserver3 processes.
#[test]
fn freelance_model3_failover_mid_run() {
    let env = Env::new(7200, 0.3);
    let die = Arc::new(AtomicBool::new(false));
    let served = Arc::new(AtomicUsize::new(0));
    let fake = fake_flserver3(env.port(5555), Arc::clone(&die), Arc::clone(&served));

    let requests = 3000;
    let mut client = env.spawn("flclient3", &[&requests.to_string()]);
    client.wait_lines(
        "connecting",
        3,
        LONG,
        contains("I: connecting to tcp://localhost:"),
    );
    let deadline = Instant::now() + LONG;
    while served.load(Ordering::SeqCst) == 0 {
        assert!(
            Instant::now() < deadline,
            "the first server never got a request"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // The real servers come up while the first one serves; after two ping intervals the agent
    // knows them.
    let s2 = env.spawn("flserver3", &["5556"]);
    let s3 = env.spawn("flserver3", &["5557"]);
    s2.wait_line("ready", LONG, contains("I: service is ready at"));
    s3.wait_line("ready", LONG, contains("I: service is ready at"));
    std::thread::sleep(env.ms(2 * 2000));
    assert!(
        client.child.try_wait().unwrap().is_none(),
        "the run should outlast the kill"
    );
    die.store(true, Ordering::SeqCst);
    fake.join().unwrap();
    let by_first = served.load(Ordering::SeqCst);

    client.wait_exit(LONG);
    std::thread::sleep(Duration::from_millis(20));
    let out = client.lines();
    assert!(!out.iter().any(|l| l.starts_with("E:")), "{out:?}");
    assert!(
        out.last()
            .is_some_and(|l| l.starts_with("Average round trip cost: ")),
        "{out:?}"
    );
    assert!(
        by_first > 0 && by_first < requests,
        "the first server answered {by_first} of {requests}"
    );
}

/// Model 3: a killed flserver3 and a missing one are skipped from the start.
#[test]
fn freelance_model3_skips_dead_servers() {
    let env = Env::new(7300, 0.3);
    let mut s1 = env.spawn("flserver3", &[]);
    let s2 = env.spawn("flserver3", &["5556"]);
    s1.wait_line("ready", LONG, contains(":12855"));
    s2.wait_line("ready", LONG, contains(":12856"));
    s1.kill();
    // 5557 never runs.
    let (status, out) = env.run("flclient3", &["500"], LONG);
    assert!(status.success());
    assert_eq!(
        out[..3],
        [
            format!("I: connecting to tcp://localhost:{}...", env.port(5555)),
            format!("I: connecting to tcp://localhost:{}...", env.port(5556)),
            format!("I: connecting to tcp://localhost:{}...", env.port(5557)),
        ]
    );
    assert_eq!(out.len(), 4, "{out:?}");
    assert!(out[3].starts_with("Average round trip cost: "), "{out:?}");
}
