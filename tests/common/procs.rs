//! The process harness of the Guide port tests (`zguide_ch3`, `zguide_pirate`, `demos` in
//! tests/it): example programs run as child processes, with their output collected.

pub use std::io::{BufRead, BufReader, Read, Write};
pub use std::path::{Path, PathBuf};
pub use std::process::{Child, Command, Stdio};
pub use std::sync::atomic::{AtomicUsize, Ordering};
pub use std::sync::{Arc, Mutex};
pub use std::time::{Duration, Instant};

// ---- Process harness

/// Where cargo puts the example binaries: `target/<profile>/examples/<name>`.
pub fn example_bin(name: &str) -> PathBuf {
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
pub struct Env {
    pub offset: u32,
    pub dir: PathBuf,
    pub vars: Vec<(String, String)>,
}

impl Env {
    pub fn new(test: &str, offset: u32) -> Env {
        let dir = std::env::temp_dir().join(format!("zg-{}-{test}-{offset}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("creating the ipc dir");
        Env {
            offset,
            dir,
            vars: Vec::new(),
        }
    }

    /// Adds an environment variable for every process started from now on.
    pub fn var(mut self, key: &str, value: &str) -> Env {
        self.vars.push((key.to_owned(), value.to_owned()));
        self
    }

    /// A Guide tcp endpoint as the programs see it (`tcp://localhost:5555` + offset).
    pub fn tcp(&self, port: u32) -> String {
        format!("tcp://127.0.0.1:{}", port + self.offset)
    }

    pub fn spawn(&self, name: &str, args: &[&str]) -> Proc {
        let mut cmd = Command::new(example_bin(name));
        cmd.args(args)
            .env("ZGUIDE_PORT_OFFSET", self.offset.to_string())
            .env("ZGUIDE_IPC_DIR", &self.dir)
            .env("RUST_BACKTRACE", "0");
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
        Proc::spawn(format!("{name} {}", args.join(" ")), &mut cmd)
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn collect(
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
pub struct Proc {
    pub name: String,
    pub child: Child,
    pub out: Arc<Mutex<Vec<String>>>,
    pub err: Arc<Mutex<Vec<String>>>,
    /// How many of stdout and stderr reached end of file.
    pub closed: Arc<AtomicUsize>,
}

impl Proc {
    /// Starts `cmd` with piped stdin, stdout and stderr, collecting its output lines; `name` is
    /// how failures name it.
    pub fn spawn(name: String, cmd: &mut Command) -> Proc {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {name}: {e}"));
        let out = Arc::new(Mutex::new(Vec::new()));
        let err = Arc::new(Mutex::new(Vec::new()));
        let closed = Arc::new(AtomicUsize::new(0));
        collect(child.stdout.take().unwrap(), out.clone(), closed.clone());
        collect(child.stderr.take().unwrap(), err.clone(), closed.clone());
        Proc {
            name,
            child,
            out,
            err,
            closed,
        }
    }

    /// After the process exited: waits (at most 5 s) until its output is all collected.
    pub fn drain(&self) {
        let end = Instant::now() + Duration::from_secs(5);
        while self.closed.load(Ordering::SeqCst) < 2 && Instant::now() < end {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn stdout(&self) -> Vec<String> {
        self.out.lock().unwrap().clone()
    }

    pub fn stderr(&self) -> Vec<String> {
        self.err.lock().unwrap().clone()
    }

    pub fn count(&self, pred: impl Fn(&str) -> bool) -> usize {
        self.out.lock().unwrap().iter().filter(|l| pred(l)).count()
    }

    pub fn count_err(&self, pred: impl Fn(&str) -> bool) -> usize {
        self.err.lock().unwrap().iter().filter(|l| pred(l)).count()
    }

    /// Waits until `n` stdout lines satisfy `pred`; panics with the output after `limit`.
    pub fn wait_for(&self, n: usize, limit: Duration, what: &str, pred: impl Fn(&str) -> bool) {
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
    pub fn wait_for_err(&self, n: usize, limit: Duration, what: &str, pred: impl Fn(&str) -> bool) {
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
    pub fn wait_exit(&mut self, limit: Duration) -> bool {
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
    pub fn exited(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_some()
    }

    pub fn signal(&self, sig: libc::c_int) {
        // SAFETY: kill(2) on our own child's pid.
        unsafe { libc::kill(self.child.id() as libc::pid_t, sig) };
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn write_stdin(&mut self, text: &str) {
        let stdin = self.child.stdin.as_mut().expect("stdin");
        stdin.write_all(text.as_bytes()).expect("writing stdin");
        stdin.flush().unwrap();
    }

    pub fn dump(&self) -> String {
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
pub struct Supervised {
    pub name: &'static str,
    pub runs: Vec<Proc>,
    pub restarts: usize,
}

impl Supervised {
    pub fn start(env: &Env, name: &'static str) -> Supervised {
        Supervised {
            name,
            runs: vec![env.spawn(name, &[])],
            restarts: 0,
        }
    }

    /// Restarts the current instance if it has exited.
    pub fn tend(&mut self, env: &Env) {
        if self.runs.last_mut().unwrap().exited() {
            self.runs.push(env.spawn(self.name, &[]));
            self.restarts += 1;
        }
    }

    pub fn current(&mut self) -> &mut Proc {
        self.runs.last_mut().unwrap()
    }

    pub fn all_stdout(&self) -> Vec<String> {
        self.runs.iter().flat_map(|p| p.stdout()).collect()
    }
}

/// Runs `client` to completion while tending the supervised programs (restarting crashed
/// ones) and calling `step` every 10 ms; panics after `limit`.
pub fn run_supervised(
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
