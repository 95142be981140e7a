//! Runs the classic pattern demos (`demo_hello_server`/`demo_hello_client`, the log pipeline
//! `demo_log_client` -> `demo_log_aggregator` -> `demo_log_writer`, `demo_event_repeater`) and
//! the existing `queue_demo` as real processes, with peers written with this crate, pyzmq and
//! python3's `json` module. Build them first:
//! `cargo build --example demo_hello_server --example demo_hello_client ...`.
//!
//! Each test has its own `ZGUIDE_PORT_OFFSET` (5000-5999) and `ZGUIDE_IPC_DIR`.

#![allow(dead_code)] // Not every test file uses every piece of the shared process harness.

use crate::common::procs::*;

use crate::common::pyzmq;

// ---- Tests

/// Runs a Python script with the interpreter `python` and `args`, feeding it `input`; returns
/// its stdout (panics on failure or after 20 s).
fn python(python: &str, script: &str, args: &[&str], input: &str) -> String {
    let mut child = Command::new(python)
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
    let Some(py) = pyzmq::python(false) else {
        return;
    };
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
    let out = python(&py, script, &[&env.tcp(5454)], "");
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
    let Some(py) = pyzmq::plain_python() else {
        return;
    };
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
        push.send_multipart(["probe", "0", "probe"]).unwrap();
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
        sub.recv_msg().unwrap(); // the remaining probes
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
        push.send_multipart(event.iter().copied()).unwrap();
        records.push(sub.recv_string().unwrap());
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
    let parsed = python(&py, script, &[], &(records.join("\n") + "\n"));
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
    let Some(py) = pyzmq::python(false) else {
        return;
    };
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
            let request = worker.recv_string().unwrap();
            worker.send(format!("{request} World")).unwrap();
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
    let out = python(&py, script, &[&front, &requests.to_string()], "");
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
