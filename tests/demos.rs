//! Runs the classic pattern demos (`demo_hello_server`/`demo_hello_client`, the log pipeline
//! `demo_log_client` -> `demo_log_aggregator` -> `demo_log_writer`, `demo_event_repeater`) and
//! the existing `queue_demo` as real processes, with peers written with this crate, pyzmq and
//! python3's `json` module. Build them first:
//! `cargo build --example demo_hello_server --example demo_hello_client ...`.
//!
//! Each test has its own `ZGUIDE_PORT_OFFSET` (5000-5999) and `ZGUIDE_IPC_DIR`.

#![allow(dead_code)] // The process harness below is the same text in all three Guide test files.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

// ---- Process harness (the same in tests/zguide_ch3.rs, tests/zguide_pirate.rs, tests/demos.rs)

/// Where cargo puts the example binaries: `target/<profile>/examples/<name>`.
fn example_bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>");
    let bin = profile_dir.join("examples").join(name);
    assert!(
        bin.exists(),
        "{} is missing: build it with cargo build --example {name}",
        bin.display()
    );
    bin
}

/// The isolation of one test: a tcp port offset and a private directory for ipc endpoints.
struct Env {
    offset: u32,
    dir: PathBuf,
    vars: Vec<(String, String)>,
}

impl Env {
    fn new(test: &str, offset: u32) -> Env {
        let dir = std::env::temp_dir().join(format!("zg-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("creating the ipc dir");
        Env {
            offset,
            dir,
            vars: Vec::new(),
        }
    }

    /// Adds an environment variable for every process started from now on.
    fn var(mut self, key: &str, value: &str) -> Env {
        self.vars.push((key.to_owned(), value.to_owned()));
        self
    }

    /// A Guide tcp endpoint as the programs see it (`tcp://localhost:5555` + offset).
    fn tcp(&self, port: u32) -> String {
        format!("tcp://127.0.0.1:{}", port + self.offset)
    }

    fn spawn(&self, name: &str, args: &[&str]) -> Proc {
        let mut cmd = Command::new(example_bin(name));
        cmd.args(args)
            .env("ZGUIDE_PORT_OFFSET", self.offset.to_string())
            .env("ZGUIDE_IPC_DIR", &self.dir)
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("starting {name}: {e}"));
        let out = Arc::new(Mutex::new(Vec::new()));
        let err = Arc::new(Mutex::new(Vec::new()));
        let closed = Arc::new(AtomicUsize::new(0));
        collect(child.stdout.take().unwrap(), out.clone(), closed.clone());
        collect(child.stderr.take().unwrap(), err.clone(), closed.clone());
        Proc {
            name: format!("{name} {}", args.join(" ")),
            child,
            out,
            err,
            closed,
        }
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn collect(
    pipe: impl Read + Send + 'static,
    lines: Arc<Mutex<Vec<String>>>,
    closed: Arc<AtomicUsize>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            match line {
                Ok(line) => lines.lock().unwrap().push(line),
                Err(_) => break,
            }
        }
        closed.fetch_add(1, Ordering::SeqCst);
    });
}

/// A running example; killed (SIGKILL) when dropped.
struct Proc {
    name: String,
    child: Child,
    out: Arc<Mutex<Vec<String>>>,
    err: Arc<Mutex<Vec<String>>>,
    /// How many of stdout and stderr reached end of file.
    closed: Arc<AtomicUsize>,
}

impl Proc {
    /// After the process exited: waits (at most 5 s) until its output is all collected.
    fn drain(&self) {
        let end = Instant::now() + Duration::from_secs(5);
        while self.closed.load(Ordering::SeqCst) < 2 && Instant::now() < end {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn stdout(&self) -> Vec<String> {
        self.out.lock().unwrap().clone()
    }

    fn stderr(&self) -> Vec<String> {
        self.err.lock().unwrap().clone()
    }

    fn count(&self, pred: impl Fn(&str) -> bool) -> usize {
        self.out.lock().unwrap().iter().filter(|l| pred(l)).count()
    }

    fn count_err(&self, pred: impl Fn(&str) -> bool) -> usize {
        self.err.lock().unwrap().iter().filter(|l| pred(l)).count()
    }

    /// Waits until `n` stdout lines satisfy `pred`; panics with the output after `limit`.
    fn wait_for(&self, n: usize, limit: Duration, what: &str, pred: impl Fn(&str) -> bool) {
        let end = Instant::now() + limit;
        while self.count(&pred) < n {
            if Instant::now() > end {
                panic!(
                    "{}: no {n} lines {what} within {limit:?}\n{}",
                    self.name,
                    self.dump()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// As [`Proc::wait_for`], on stderr.
    fn wait_for_err(&self, n: usize, limit: Duration, what: &str, pred: impl Fn(&str) -> bool) {
        let end = Instant::now() + limit;
        while self.count_err(&pred) < n {
            if Instant::now() > end {
                panic!(
                    "{}: no {n} stderr lines {what} within {limit:?}\n{}",
                    self.name,
                    self.dump()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for the process to exit (killing it and panicking after `limit`); returns whether
    /// it succeeded, once its output is all collected.
    fn wait_exit(&mut self, limit: Duration) -> bool {
        let end = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                self.drain();
                return status.success();
            }
            if Instant::now() > end {
                let _ = self.child.kill();
                panic!(
                    "{} did not exit within {limit:?}\n{}",
                    self.name,
                    self.dump()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Whether the process has exited (without waiting).
    fn exited(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_some()
    }

    fn signal(&self, sig: libc::c_int) {
        // SAFETY: kill(2) on our own child's pid.
        unsafe { libc::kill(self.child.id() as libc::pid_t, sig) };
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn write_stdin(&mut self, text: &str) {
        let stdin = self.child.stdin.as_mut().expect("stdin");
        stdin.write_all(text.as_bytes()).expect("writing stdin");
        stdin.flush().unwrap();
    }

    fn dump(&self) -> String {
        format!(
            "--- stdout of {}:\n{}\n--- stderr:\n{}",
            self.name,
            self.stdout().join("\n"),
            self.stderr().join("\n")
        )
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Keeps one instance of a program running, restarting it when it exits (simulated crashes);
/// every instance ever started is kept for its output.
struct Supervised {
    name: &'static str,
    runs: Vec<Proc>,
    restarts: usize,
}

impl Supervised {
    fn start(env: &Env, name: &'static str) -> Supervised {
        Supervised {
            name,
            runs: vec![env.spawn(name, &[])],
            restarts: 0,
        }
    }

    /// Restarts the current instance if it has exited.
    fn tend(&mut self, env: &Env) {
        if self.runs.last_mut().unwrap().exited() {
            self.runs.push(env.spawn(self.name, &[]));
            self.restarts += 1;
        }
    }

    fn current(&mut self) -> &mut Proc {
        self.runs.last_mut().unwrap()
    }

    fn all_stdout(&self) -> Vec<String> {
        self.runs.iter().flat_map(|p| p.stdout()).collect()
    }
}

/// Runs `client` to completion while tending the supervised programs (restarting crashed
/// ones) and calling `step` every 10 ms; panics after `limit`.
fn run_supervised(
    client: &mut Proc,
    env: &Env,
    supervised: &mut [&mut Supervised],
    limit: Duration,
    mut step: impl FnMut(&mut Proc, &mut [&mut Supervised]),
) -> bool {
    let end = Instant::now() + limit;
    loop {
        if let Some(status) = client.child.try_wait().expect("try_wait") {
            client.drain();
            return status.success();
        }
        for s in supervised.iter_mut() {
            s.tend(env);
        }
        step(client, supervised);
        if Instant::now() > end {
            let others: Vec<String> = supervised
                .iter()
                .map(|s| format!("{}: {}", s.name, s.all_stdout().join("\n")))
                .collect();
            panic!(
                "{} did not finish within {limit:?}\n{}\n{}",
                client.name,
                client.dump(),
                others.join("\n")
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

// ---- Tests

/// Runs a python3 script with `args`, feeding it `input`; returns its stdout (panics on failure
/// or after 20 s).
fn python(script: &str, args: &[&str], input: &str) -> String {
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let end = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > end {
            let _ = child.kill();
            panic!("python3 timed out");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn hello_server_appends_world() {
    let env = Env::new("hello", 5000);
    let server = env.spawn("demo_hello_server", &[]);
    let mut client = env.spawn("demo_hello_client", &["5", "Hello"]);
    assert!(
        client.wait_exit(Duration::from_secs(15)),
        "{}",
        client.dump()
    );
    let expected: Vec<String> = (0..5)
        .map(|n| format!("Received reply {n}: [Hello World]"))
        .collect();
    assert_eq!(client.stdout(), expected);

    // A pyzmq REQ client gets the same treatment
    let script = r#"
import sys, zmq
s = zmq.Context().socket(zmq.REQ)
s.setsockopt(zmq.RCVTIMEO, 10000)
s.setsockopt(zmq.LINGER, 0)
s.connect(sys.argv[1])
for text in ["Ahoy", "Grüß dich"]:
    s.send_string(text)
    print(s.recv_string())
"#;
    let out = python(script, &[&env.tcp(5454)], "");
    assert_eq!(out, "Ahoy World\nGrüß dich World\n");
    server.wait_for(7, Duration::from_secs(5), "requests", |l| {
        l.starts_with("Received request: [")
    });
    assert_eq!(server.count(|l| l == "Received request: [Hello]"), 5);
    assert_eq!(server.count(|l| l == "Received request: [Ahoy]"), 1);
}

/// `HH:MM:SS.mmm` close to now (UTC).
fn recent_clock(time: &str) -> bool {
    let parts: Vec<u64> = time
        .split([':', '.'])
        .filter_map(|p| p.parse().ok())
        .collect();
    let [h, m, s, ms] = parts[..] else {
        return false;
    };
    let stamp = ((h * 60 + m) * 60 + s) * 1000 + ms;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
        % 86_400_000;
    let diff = now.abs_diff(stamp);
    diff.min(86_400_000 - diff) < 120_000
}

#[test]
fn log_pipeline_delivers_every_line_in_batches_of_three() {
    let env = Env::new("logs", 5010);
    let mut writer = env.spawn("demo_log_writer", &["12"]);
    let mut aggregator = env.spawn("demo_log_aggregator", &["4"]);
    // Client names that need escaping in JSON
    let names = ["c\"1\\x", "zwei-ü\ttab"];
    let mut clients: Vec<Proc> = names
        .iter()
        .map(|n| env.spawn("demo_log_client", &[n, "6"]))
        .collect();
    for c in &mut clients {
        assert!(c.wait_exit(Duration::from_secs(15)), "{}", c.dump());
    }
    assert!(
        aggregator.wait_exit(Duration::from_secs(15)),
        "{}",
        aggregator.dump()
    );
    assert_eq!(
        aggregator.stdout(),
        (1..=4)
            .map(|n| format!("forwarded batch {n}"))
            .collect::<Vec<_>>()
    );
    assert!(
        writer.wait_exit(Duration::from_secs(15)),
        "{}",
        writer.dump()
    );

    let out = writer.stdout();
    assert_eq!(
        out.len(),
        16,
        "4 batch headers + 12 lines\n{}",
        writer.dump()
    );
    let mut texts = Vec::new();
    for (b, batch) in out.chunks(4).enumerate() {
        assert_eq!(batch[0], format!("batch {}: 3 lines", b + 1));
        for line in &batch[1..] {
            let (time, text) = line.split_once(' ').unwrap();
            assert!(recent_clock(time), "time of {line:?}");
            texts.push(text.to_owned());
        }
    }
    // Every line arrived with its text, each client's lines in order
    for name in names {
        let mine: Vec<&String> = texts
            .iter()
            .filter(|t| t.starts_with(&format!("{name}: ")))
            .collect();
        let expected: Vec<String> = (1..=6).map(|n| format!("{name}: log line {n}")).collect();
        assert_eq!(
            mine,
            expected.iter().collect::<Vec<_>>(),
            "{}",
            writer.dump()
        );
    }
}

#[test]
fn event_repeater_publishes_escaped_json() {
    let env = Env::new("events", 5020);
    let repeater = env.spawn("demo_event_repeater", &[]);
    let ctx = zmq::Context::new().unwrap();
    let sub = ctx.socket(zmq::SocketType::Sub).unwrap();
    sub.subscribe("").unwrap();
    sub.set_rcvtimeo(Some(Duration::from_secs(10))).unwrap();
    sub.connect(&env.tcp(5459)).unwrap();
    let push = ctx.socket(zmq::SocketType::Push).unwrap();
    push.set_linger(Some(Duration::ZERO)).unwrap();
    push.connect(&env.tcp(5458)).unwrap();

    // Probe until the subscription has reached the repeater (the slow joiner)
    let end = Instant::now() + Duration::from_secs(10);
    loop {
        push.send_multipart(["probe", "0", "probe"], zmq::Flags::NONE)
            .unwrap();
        if !sub
            .poll(zmq::PollEvents::POLLIN, Some(Duration::from_millis(50)))
            .unwrap()
            .is_empty()
        {
            break;
        }
        assert!(
            Instant::now() < end,
            "no record came back\n{}",
            repeater.dump()
        );
    }
    while !sub
        .poll(zmq::PollEvents::POLLIN, Some(Duration::from_millis(200)))
        .unwrap()
        .is_empty()
    {
        sub.recv_msg(zmq::Flags::NONE).unwrap(); // the remaining probes
    }

    let events: Vec<[&str; 3]> = vec![
        ["create", "1", "user signed up"],
        ["update", "42", "said \"hi\" and left"],
        ["delete", "7", "path C:\\temp\\x"],
        [
            "notify",
            "id with\nnewline",
            "tab\there, bell\u{7}, nul\u{0} end",
        ],
        ["unicode", "∞", "ünïcødé ✓ 🦀"],
        ["", "", ""],
    ];
    let mut records = Vec::new();
    for event in &events {
        push.send_multipart(event.iter().copied(), zmq::Flags::NONE)
            .unwrap();
        records.push(sub.recv_string(zmq::Flags::NONE).unwrap());
    }
    for record in &records {
        assert!(!record.contains('\n'), "one line per record: {record:?}");
    }
    // python3's json module parses each record; it prints the fields' UTF-8 in hex
    let script = r#"
import sys, json
for line in sys.stdin:
    d = json.loads(line)
    assert sorted(d) == ["action", "event", "id"], d
    print(" ".join(d[k].encode("utf-8").hex() for k in ("action", "id", "event")))
"#;
    let parsed = python(script, &[], &(records.join("\n") + "\n"));
    let hex = |s: &str| s.bytes().map(|b| format!("{b:02x}")).collect::<String>();
    let expected: Vec<String> = events
        .iter()
        .map(|e| e.iter().map(|f| hex(f)).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(parsed.lines().collect::<Vec<_>>(), expected, "{records:#?}");
    assert_eq!(
        records[1],
        r#"{"action":"update","id":"42","event":"said \"hi\" and left"}"#
    );
    repeater.wait_for(events.len(), Duration::from_secs(5), "repeated", |l| {
        l.starts_with("repeated: {\"action\":") && !l.contains("probe")
    });
}

#[test]
fn queue_demo_forwards_between_real_clients_and_workers() {
    let env = Env::new("queue", 5030);
    let (front, back) = (env.tcp(5454), env.tcp(5455));
    let requests = 4;
    let count = (2 * requests).to_string();
    let mut queue = env.spawn(
        "queue_demo",
        &["--frontend", &front, "--backend", &back, "--count", &count],
    );
    // A REP worker with this crate, a REQ client with pyzmq
    let ctx = zmq::Context::new().unwrap();
    let worker = ctx.socket(zmq::SocketType::Rep).unwrap();
    worker.set_rcvtimeo(Some(Duration::from_secs(10))).unwrap();
    worker.connect(&back).unwrap();
    let worker = std::thread::spawn(move || {
        for _ in 0..requests {
            let request = worker.recv_string(zmq::Flags::NONE).unwrap();
            worker
                .send(format!("{request} World"), zmq::Flags::NONE)
                .unwrap();
        }
    });
    let script = r#"
import sys, zmq
s = zmq.Context().socket(zmq.REQ)
s.setsockopt(zmq.RCVTIMEO, 10000)
s.setsockopt(zmq.LINGER, 0)
s.connect(sys.argv[1])
for i in range(int(sys.argv[2])):
    s.send_string("Hello %d" % i)
    print(s.recv_string())
"#;
    let out = python(script, &[&front, &requests.to_string()], "");
    let expected: String = (0..requests)
        .map(|i| format!("Hello {i} World\n"))
        .collect();
    assert_eq!(out, expected);
    worker.join().unwrap();
    assert!(queue.wait_exit(Duration::from_secs(10)), "{}", queue.dump());
    assert_eq!(
        queue.count(|l| l == "queue: forwarded 8 messages"),
        1,
        "{}",
        queue.dump()
    );
    // Requests go frontend -> backend with the client's envelope, replies come back
    let forwarded = |dir: &str| queue.count(|l| l.contains(&format!("] {dir} part 0:")));
    assert_eq!(forwarded("frontend -> backend"), requests);
    assert_eq!(forwarded("backend -> frontend"), requests);
    assert_eq!(queue.count(|l| l.contains("\"Hello 2\"")), 1);
    assert_eq!(queue.count(|l| l.contains("\"Hello 2 World\"")), 1);

    // And its own self-test mode
    let mut selftest = env.spawn("queue_demo", &["--self-test", "--requests", "3"]);
    assert!(
        selftest.wait_exit(Duration::from_secs(15)),
        "{}",
        selftest.dump()
    );
    assert_eq!(
        selftest.count(|l| l == "self-test passed: 3 requests served, 3 replies received"),
        1,
        "{}",
        selftest.dump()
    );
}
