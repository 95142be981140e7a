//! The `zmq-device` binary as a child process: forwards real traffic over tcp loopback, `--help`
//! exits 0, bad arguments exit 2 with a one-line message, SIGTERM/SIGINT make it exit 0 within
//! a second.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::*;
use zmq::{Context, SocketType};

const BIN: &str = env!("CARGO_BIN_EXE_zmq-device");
const LIMIT: Duration = Duration::from_secs(30);

/// A running `zmq-device`, killed if the test fails before it exits.
struct Running {
    child: Child,
    stderr: mpsc::Receiver<String>,
    /// stderr lines seen so far.
    lines: Vec<String>,
}

impl Running {
    /// Starts the binary and waits for its "running" line.
    fn start(args: &[&str]) -> Running {
        let mut child = Command::new(BIN)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn zmq-device");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut running = Running {
            child,
            stderr: rx,
            lines: Vec::new(),
        };
        running.wait_for_line(" running ");
        running
    }

    fn wait_for_line(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + IO_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stderr.recv_timeout(left) {
                Ok(line) => {
                    self.lines.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(e) => panic!("no {needle:?} line ({e}); stderr so far: {:#?}", self.lines),
            }
        }
    }

    /// The resolved endpoint announced as `<side> <TYPE> <how> <endpoint>`.
    fn endpoint(&self, side: &str) -> String {
        self.lines
            .iter()
            .find_map(|l| {
                let rest = l.trim_start_matches("zmq-device:").trim_start();
                let rest = rest.strip_prefix(side)?.trim_start();
                rest.split_whitespace().nth(2).map(str::to_owned)
            })
            .unwrap_or_else(|| panic!("no {side} endpoint in {:#?}", self.lines))
    }

    /// Sends `signal` and returns the exit status and how long the exit took.
    fn signal(&mut self, signal: libc::c_int) -> (ExitStatus, Duration) {
        let t = Instant::now();
        // SAFETY: kill(2) on the pid of our own child process.
        assert_eq!(
            unsafe { libc::kill(self.child.id() as libc::pid_t, signal) },
            0
        );
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status, t.elapsed());
            }
            assert!(
                t.elapsed() < Duration::from_secs(5),
                "zmq-device ignored the signal"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// The stderr lines printed after the ones already seen (until the pipe closes).
    fn rest_of_stderr(&mut self) -> Vec<String> {
        let rest: Vec<String> = self.stderr.iter().collect();
        self.lines.extend(rest.iter().cloned());
        rest
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Runs the binary to completion; returns its exit code and stderr.
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run zmq-device");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn streamer_forwards_tcp_loopback_traffic_and_reports_statistics() {
    with_timeout(LIMIT, || {
        let mut device = Running::start(&[
            "streamer",
            "--in-bind",
            "tcp://127.0.0.1:*",
            "--out-bind=tcp://127.0.0.1:*",
            "--in-opt",
            "rcvhwm=100",
            "--out-opt",
            "ZMQ_SNDHWM=100",
            "--stats-every",
            "0.1",
        ]);
        let ctx = Context::new().unwrap();
        let producer = socket(&ctx, SocketType::Push);
        producer.connect(&device.endpoint("frontend")).unwrap();
        let consumer = socket(&ctx, SocketType::Pull);
        consumer.connect(&device.endpoint("backend")).unwrap();
        for i in 0..50 {
            producer
                .send_multipart([format!("job {i}"), "data".into()])
                .unwrap();
        }
        for i in 0..50 {
            let parts = consumer.recv_multipart().unwrap();
            assert_eq!(parts[0].as_str(), Some(format!("job {i}").as_str()));
            assert_eq!(parts[1].as_str(), Some("data"));
        }
        let stats = device.wait_for_line("frontend in 100 parts");
        assert!(
            stats.contains("backend in 0 parts/0 B, out 100 parts"),
            "{stats}"
        );
        let (status, took) = device.signal(libc::SIGTERM);
        eprintln!("streamer: exit after SIGTERM took {took:?}");
        assert_eq!(status.code(), Some(0));
        assert!(took < Duration::from_secs(1), "exit took {took:?}");
    });
}

#[test]
fn queue_forwards_requests_and_replies_over_tcp() {
    with_timeout(LIMIT, || {
        let mut device = Running::start(&[
            "queue",
            "--in-bind",
            "tcp://127.0.0.1:*",
            "--out-bind",
            "tcp://127.0.0.1:*",
        ]);
        let ctx = Context::new().unwrap();
        let worker = socket(&ctx, SocketType::Rep);
        worker.connect(&device.endpoint("backend")).unwrap();
        let client = socket(&ctx, SocketType::Req);
        client.connect(&device.endpoint("frontend")).unwrap();
        for i in 0..10 {
            client
                .send_multipart([format!("hello {i}"), "second part".into()])
                .unwrap();
            let request = worker.recv_multipart().unwrap();
            assert_eq!(request[0].as_str(), Some(format!("hello {i}").as_str()));
            assert_eq!(request[1].as_str(), Some("second part"));
            worker.send(format!("world {i}")).unwrap();
            assert_eq!(client.recv_string().unwrap(), format!("world {i}"));
        }
        let (status, took) = device.signal(libc::SIGINT);
        eprintln!("queue: exit after SIGINT took {took:?}");
        assert_eq!(status.code(), Some(0));
        assert!(took < Duration::from_secs(1), "exit took {took:?}");
        assert!(device
            .rest_of_stderr()
            .iter()
            .any(|l| l.contains("SIGINT: stopping")));
    });
}

#[test]
fn forwarder_connects_to_a_publisher_and_serves_subscribers() {
    with_timeout(LIMIT, || {
        let ctx = Context::new().unwrap();
        let publisher = socket(&ctx, SocketType::XPub);
        publisher.bind("tcp://127.0.0.1:*").unwrap();
        let upstream = publisher.last_endpoint().unwrap();
        let mut device = Running::start(&[
            "forwarder",
            "--in-connect",
            &upstream,
            "--out-bind",
            "tcp://127.0.0.1:*",
        ]);
        let subscriber = socket(&ctx, SocketType::Sub);
        subscriber.connect(&device.endpoint("backend")).unwrap();
        subscriber.subscribe("news").unwrap();
        // The subscription reaches the publisher through the device.
        assert_eq!(publisher.recv_bytes().unwrap(), b"\x01news");
        publisher.send("sports: no").unwrap();
        publisher.send("news: yes").unwrap();
        assert_eq!(subscriber.recv_string().unwrap(), "news: yes");
        let (status, took) = device.signal(libc::SIGTERM);
        assert_eq!(status.code(), Some(0));
        assert!(took < Duration::from_secs(1), "exit took {took:?}");
    });
}

/// Messages nobody can take (a PUSH backend without peers) do not delay the exit.
#[test]
fn sigterm_and_sigint_exit_zero_within_a_second_with_messages_stuck() {
    with_timeout(LIMIT, || {
        for signal in [libc::SIGTERM, libc::SIGINT] {
            let mut device = Running::start(&[
                "streamer",
                "--in-bind",
                "tcp://127.0.0.1:*",
                "--out-bind",
                "tcp://127.0.0.1:*",
            ]);
            let ctx = Context::new().unwrap();
            let producer = socket(&ctx, SocketType::Push);
            producer.connect(&device.endpoint("frontend")).unwrap();
            for i in 0..20 {
                producer.send(format!("stuck {i}")).unwrap();
            }
            std::thread::sleep(Duration::from_millis(200));
            let (status, took) = device.signal(signal);
            eprintln!("signal {signal}: exit took {took:?}");
            assert_eq!(status.code(), Some(0), "signal {signal}");
            assert!(took < Duration::from_secs(1), "signal {signal}: {took:?}");
        }
    });
}

#[test]
fn help_exits_zero() {
    for flag in ["--help", "-h"] {
        let (code, stdout, _) = run(&[flag]);
        assert_eq!(code, Some(0));
        assert!(stdout.contains("Usage:"), "{stdout}");
        assert!(stdout.contains("--in-bind EP"), "{stdout}");
        assert!(stdout.contains("ZMQ_RATE"), "{stdout}");
    }
    let (code, stdout, _) = run(&["queue", "--help"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("streamer"));
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    with_timeout(LIMIT, || {
        // An address that is certainly in use.
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let taken = format!("tcp://{}", taken.local_addr().unwrap());
        let ok_in = "tcp://127.0.0.1:*";
        let ok_out = "tcp://127.0.0.1:*";
        let cases: Vec<(Vec<&str>, &str)> = vec![
            (vec![], "missing device"),
            (
                vec!["broker", "--in-bind", ok_in],
                "unknown device \"broker\"",
            ),
            (vec!["queue"], "missing frontend endpoint"),
            (
                vec!["queue", "--in-bind", ok_in],
                "missing backend endpoint",
            ),
            (
                vec!["queue", "--frobnicate"],
                "unknown option \"--frobnicate\"",
            ),
            (vec!["queue", "--in-bind"], "--in-bind needs a value"),
            (
                vec!["queue", "streamer"],
                "unexpected argument \"streamer\"",
            ),
            (
                vec![
                    "queue",
                    "--in-bind",
                    ok_in,
                    "--out-bind",
                    ok_out,
                    "--in-opt",
                    "bogus=1",
                ],
                "unknown option \"bogus\"",
            ),
            (
                vec![
                    "streamer",
                    "--in-bind",
                    ok_in,
                    "--out-bind",
                    ok_out,
                    "--out-opt",
                    "rate=x",
                ],
                "rate=x: expected an integer",
            ),
            (
                vec![
                    "streamer",
                    "--in-bind",
                    ok_in,
                    "--out-bind",
                    ok_out,
                    "--in-opt",
                    "rate",
                ],
                "expected name=value",
            ),
            (
                vec![
                    "queue",
                    "--in-bind",
                    ok_in,
                    "--out-bind",
                    ok_out,
                    "--stats-every",
                    "0",
                ],
                "expected seconds > 0",
            ),
            (
                vec![
                    "queue",
                    "--in-bind",
                    ok_in,
                    "--out-bind",
                    ok_out,
                    "--in-type",
                    "pull",
                ],
                "the frontend cannot be PULL",
            ),
            (
                vec![
                    "queue",
                    "--in-bind",
                    ok_in,
                    "--out-bind",
                    ok_out,
                    "--out-type",
                    "nope",
                ],
                "unknown socket type \"nope\"",
            ),
            (
                vec!["queue", "--in-bind", &taken, "--out-bind", ok_out],
                "Address already in use",
            ),
            (
                vec![
                    "streamer",
                    "--in-bind",
                    ok_in,
                    "--out-connect",
                    "tcp://127.0.0.1:notaport",
                ],
                "connect backend PUSH to tcp://127.0.0.1:notaport: invalid endpoint \
                 \"tcp://127.0.0.1:notaport\": port \"notaport\" is not `*` or a number",
            ),
            (
                vec!["forwarder", "--in-bind", "bogus://x", "--out-bind", ok_out],
                "bind frontend XSUB to bogus://x: Protocol not supported",
            ),
        ];
        for (args, expected) in cases {
            let t = Instant::now();
            let (code, _, stderr) = run(&args);
            assert_eq!(code, Some(2), "{args:?}: {stderr}");
            let lines: Vec<&str> = stderr.lines().collect();
            assert_eq!(lines.len(), 1, "{args:?}: one line expected: {stderr}");
            assert!(lines[0].starts_with("zmq-device: "), "{stderr}");
            assert!(
                stderr.contains(expected),
                "{args:?}: {stderr:?} lacks {expected:?}"
            );
            assert!(
                t.elapsed() < Duration::from_secs(2),
                "{args:?} took {:?}",
                t.elapsed()
            );
        }
    });
}
