//! Runs the chapter 4 Pirate ports (`lpclient`, `lpserver`, `spqueue`, `spworker`, `ppqueue`,
//! `ppworker`) as real processes: the Lazy Pirate client's retries and abandonment, recovery
//! from the servers' simulated crashes (the test restarts crashed programs, as an operator
//! would), workers killed with SIGKILL, and heartbeat failure detection both ways. Build them
//! first: `cargo build --example lpclient --example lpserver ...`.
//!
//! Each test has its own `ZGUIDE_PORT_OFFSET` (4000-4999) and `ZGUIDE_IPC_DIR`, and shortens
//! the Guide's seconds with `ZGUIDE_TIME_SCALE`; `lpclient` takes its request count, timeout
//! and retries as arguments.

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

fn replied_ok(line: &str) -> Option<u64> {
    line.strip_prefix("I: server replied OK (")
        .and_then(|l| l.strip_suffix(')'))
        .and_then(|n| n.parse().ok())
}

/// Every request 1..=n was answered, in order, and the client never gave up.
fn assert_all_replied(client: &Proc, n: u64) {
    let replies: Vec<u64> = client
        .stdout()
        .iter()
        .filter_map(|l| replied_ok(l))
        .collect();
    assert_eq!(replies, (1..=n).collect::<Vec<_>>(), "{}", client.dump());
    assert_eq!(
        client.count(|l| l.contains("abandoning")),
        0,
        "{}",
        client.dump()
    );
}

#[test]
fn lpclient_abandons_after_three_tries_without_server() {
    let env = Env::new("lp-abandon", 4000);
    let started = Instant::now();
    let mut client = env.spawn("lpclient", &["5", "200", "3"]);
    assert!(
        client.wait_exit(Duration::from_secs(10)),
        "{}",
        client.dump()
    );
    let elapsed = started.elapsed();
    assert_eq!(
        client.stdout(),
        [
            "I: connecting to server...",
            "W: no response from server, retrying...",
            "I: reconnecting to server...",
            "W: no response from server, retrying...",
            "I: reconnecting to server...",
            "E: server seems to be offline, abandoning",
        ]
    );
    assert!(
        elapsed >= Duration::from_millis(600),
        "3 tries of 200 ms: {elapsed:?}"
    );
}

#[test]
fn lpclient_completes_against_crashing_lpserver() {
    let env = Env::new("lp-crash", 4010).var("ZGUIDE_TIME_SCALE", "0.1");
    let mut server = Supervised::start(&env, "lpserver");
    // Normal requests take 100 ms, an overload 300 ms: a 600 ms timeout only trips on crashes
    let mut client = env.spawn("lpclient", &["15", "600", "3"]);
    let ok = run_supervised(
        &mut client,
        &env,
        &mut [&mut server],
        Duration::from_secs(40),
        |_, _| {},
    );
    assert!(ok, "{}", client.dump());
    assert_all_replied(&client, 15);
    let out = server.all_stdout();
    let crashes = out.iter().filter(|l| *l == "I: simulating a crash").count();
    assert_eq!(
        crashes, server.restarts,
        "each restart followed a simulated crash"
    );
    if crashes > 0 {
        // The request lost in a crash was retried on a new socket
        assert!(client.count(|l| l == "W: no response from server, retrying...") >= 1);
        assert!(client.count(|l| l == "I: reconnecting to server...") >= 1);
    }
    // The server echoed every request at least once
    for n in 1..=15 {
        assert!(
            out.contains(&format!("I: normal request ({n})")),
            "request {n}"
        );
    }
}

#[test]
fn spqueue_survives_a_killed_worker() {
    let env = Env::new("sp", 4020).var("ZGUIDE_TIME_SCALE", "0.1");
    let _queue = env.spawn("spqueue", &[]);
    let mut w1 = Supervised::start(&env, "spworker");
    let mut w2 = Supervised::start(&env, "spworker");
    for w in [&w1, &w2] {
        w.runs[0].wait_for(1, Duration::from_secs(10), "worker ready", |l| {
            l.ends_with(" worker ready")
        });
    }
    // Work takes 100 ms, an overload 400 ms: an 800 ms timeout only trips on lost requests
    let mut client = env.spawn("lpclient", &["15", "800", "3"]);
    let mut killed = false;
    let ok = run_supervised(
        &mut client,
        &env,
        &mut [&mut w1, &mut w2],
        Duration::from_secs(40),
        |client, workers| {
            if !killed && client.count(|l| replied_ok(l).is_some()) >= 5 {
                workers[0].current().kill();
                killed = true;
            }
        },
    );
    assert!(ok, "{}", client.dump());
    assert!(killed);
    assert_all_replied(&client, 15);
    // Every request was served by some worker, including after the kill
    let served = |w: &Supervised| {
        w.all_stdout()
            .iter()
            .filter(|l| l.ends_with(" normal reply"))
            .count()
    };
    assert!(served(&w1) + served(&w2) >= 15);
    let replacement = w1.runs.last().unwrap();
    assert!(w1.runs.len() >= 2, "the killed worker was replaced");
    assert!(replacement.count(|l| l.ends_with(" worker ready")) == 1);
}

#[test]
fn ppqueue_purges_a_killed_worker_and_uses_a_new_one() {
    let env = Env::new("pp", 4030)
        .var("ZGUIDE_TIME_SCALE", "0.2")
        .var("ZGUIDE_TRACE", "1");
    let queue = env.spawn("ppqueue", &[]);
    let mut w1 = env.spawn("ppworker", &[]);
    let mut w2 = Supervised::start(&env, "ppworker");
    // Both workers are registered and heartbeating (every 200 ms)
    w1.wait_for(2, Duration::from_secs(10), "heartbeats", |l| {
        l == "I: worker heartbeat"
    });
    w2.runs[0].wait_for(2, Duration::from_secs(10), "heartbeats", |l| {
        l == "I: worker heartbeat"
    });
    assert_eq!(
        queue.count_err(|l| l.ends_with(" expired")),
        0,
        "{}",
        queue.dump()
    );

    // Kill one: the queue hears nothing more and forgets it 3 intervals (600 ms) after its last
    // message
    w1.kill();
    let killed_at = Instant::now();
    queue.wait_for_err(1, Duration::from_secs(10), "of an expired worker", |l| {
        l.ends_with(" expired")
    });
    // Its last heartbeat was at most an interval or two before the kill (more on a loaded
    // machine), so only an upper bound is certain
    let detected = killed_at.elapsed();
    assert!(
        detected <= Duration::from_secs(5),
        "expired too late: {detected:?}"
    );

    // A new worker joins and takes its share of the requests
    let mut w3 = Supervised::start(&env, "ppworker");
    w3.runs[0].wait_for(1, Duration::from_secs(10), "worker ready", |l| {
        l == "I: worker ready"
    });
    // Work takes 200 ms, an overload 800 ms
    let mut client = env.spawn("lpclient", &["12", "1500", "3"]);
    let ok = run_supervised(
        &mut client,
        &env,
        &mut [&mut w2, &mut w3],
        Duration::from_secs(40),
        |_, _| {},
    );
    assert!(ok, "{}", client.dump());
    assert_all_replied(&client, 12);
    let served = |w: &Supervised| {
        w.all_stdout()
            .iter()
            .filter(|l| *l == "I: normal reply")
            .count()
    };
    assert!(
        served(&w3) >= 1,
        "the new worker was used\n{}",
        w3.runs[0].dump()
    );
    assert!(served(&w2) + served(&w3) >= 12);
    assert_eq!(
        w1.count(|l| l == "I: normal reply"),
        0,
        "the killed worker never served"
    );
    assert_eq!(queue.count(|l| l.starts_with("E:")), 0, "{}", queue.dump());
}

#[test]
fn ppworker_detects_a_dead_queue_and_reconnects() {
    let env = Env::new("pp-queue", 4040).var("ZGUIDE_TIME_SCALE", "0.2");
    let mut queue = env.spawn("ppqueue", &[]);
    let worker = env.spawn("ppworker", &[]);
    worker.wait_for(2, Duration::from_secs(10), "heartbeats", |l| {
        l == "I: worker heartbeat"
    });
    // (A badly loaded machine can delay heartbeats enough for a failure while the queue is
    // alive: count from here.)
    let failure = |l: &str| l == "W: heartbeat failure, can't reach queue";
    let failures_before = worker.count(failure);

    // The queue dies: after 3 silent intervals (600 ms) the worker gives up on its socket
    queue.kill();
    let killed_at = Instant::now();
    worker.wait_for(
        failures_before + 1,
        Duration::from_secs(10),
        "heartbeat failure",
        failure,
    );
    let detected = killed_at.elapsed();
    assert!(
        detected >= Duration::from_millis(300),
        "failure declared too early: {detected:?}"
    );
    // The first reconnection waits the initial interval (1000 ms, scaled)
    worker.wait_for(1, Duration::from_secs(5), "reconnect", |l| {
        l == "W: reconnecting in 200 msec..."
    });
    let out = worker.stdout();
    let at = out.iter().rposition(|l| failure(l)).unwrap();
    assert_eq!(
        out[at + 1],
        "W: reconnecting in 200 msec...",
        "{}",
        worker.dump()
    );

    // A new queue: the worker's new socket finds it, and requests are served again
    let _queue2 = env.spawn("ppqueue", &[]);
    worker.wait_for(2, Duration::from_secs(10), "worker ready", |l| {
        l == "I: worker ready"
    });
    let mut client = env.spawn("lpclient", &["3", "1000", "3"]);
    assert!(
        client.wait_exit(Duration::from_secs(20)),
        "{}\n{}",
        client.dump(),
        worker.dump()
    );
    assert_all_replied(&client, 3);
    assert!(
        worker.count(|l| l == "I: normal reply") >= 3,
        "{}",
        worker.dump()
    );
}
