//! Runs the chapter 7 and 8 Guide ports (`mktestdata`, `fileio1`..`fileio3`, `eagain`) and the
//! contributed Hello World variants (`hwclient2`..`hwclient4`, `hwserver2`..`hwserver4`) as real
//! processes and checks what the Guide says they do. Build them first:
//! ```text
//! cargo build --example mktestdata --example fileio1 --example fileio2 --example fileio3 \
//!   --example eagain --example hwclient2 --example hwclient3 --example hwclient4 \
//!   --example hwserver2 --example hwserver3 --example hwserver4
//! cargo test --test it -- zguide_ch78::
//! ```
//!
//! Each test has its own `ZGUIDE_PORT_OFFSET` (21000-21990) and directory; every wait is
//! bounded and every child is killed on drop.

#![allow(dead_code)] // Not every test file uses every piece of the shared process harness.

use crate::common::procs::*;

/// The fileio models' chunk size and fileio3's credit window.
const CHUNK_SIZE: u64 = 250_000;
const PIPELINE: u64 = 10;

const LIMIT: Duration = Duration::from_secs(30);

/// Runs `mktestdata --bytes N` into the test's directory and returns the file's path.
fn testdata(env: &Env, bytes: u64) -> String {
    let path = env.dir.join("testdata");
    let path = path.to_str().expect("utf-8 temp path").to_owned();
    let mut p = env.spawn("mktestdata", &["--bytes", &bytes.to_string(), &path]);
    assert!(p.wait_exit(LIMIT), "{}", p.dump());
    let len = std::fs::metadata(&path).expect("testdata written").len();
    assert_eq!(len, bytes, "mktestdata wrote {len} bytes, not {bytes}");
    path
}

/// The chunk sizes the client received (`< SIZE` trace lines), in order.
fn received(stderr: &[String]) -> Vec<u64> {
    stderr
        .iter()
        .filter_map(|l| l.strip_prefix("< "))
        .map(|s| s.parse().unwrap_or_else(|_| panic!("bad trace {s:?}")))
        .collect()
}

/// The (offset, size) of every chunk the server sent (`> OFFSET SIZE` trace lines), in order.
fn sent(stderr: &[String]) -> Vec<(u64, u64)> {
    stderr
        .iter()
        .filter_map(|l| l.strip_prefix("> "))
        .map(|s| {
            let (o, n) = s.split_once(' ').expect("> OFFSET SIZE");
            (o.parse().unwrap(), n.parse().unwrap())
        })
        .collect()
}

/// The sizes the whole of a `bytes`-long file arrives in: full chunks, then the rest.
fn chunks_of(bytes: u64) -> Vec<u64> {
    let mut v = vec![CHUNK_SIZE; (bytes / CHUNK_SIZE) as usize];
    v.push(bytes % CHUNK_SIZE);
    v
}

/// Runs `fileioN --trace` on a file of `bytes`; returns its stdout and stderr.
fn run_fileio(name: &str, offset: u32, bytes: u64) -> (Vec<String>, Vec<String>) {
    let env = Env::new(name, offset);
    let path = testdata(&env, bytes);
    let mut p = env.spawn(name, &["--trace", &path]);
    assert!(p.wait_exit(LIMIT), "{}", p.dump());
    (p.stdout(), p.stderr())
}

/// The largest number of bytes the server had sent and the client not yet received, over the
/// trace. The server writes its line before sending and the client after receiving, so this is
/// an upper bound of what was really in flight.
fn max_bytes_in_flight(stderr: &[String]) -> u64 {
    let (mut out, mut max) = (0i64, 0i64);
    for l in stderr {
        if let Some(s) = l.strip_prefix("> ") {
            out += s.split_once(' ').unwrap().1.parse::<i64>().unwrap();
        } else if let Some(s) = l.strip_prefix("< ") {
            out -= s.parse::<i64>().unwrap();
        }
        max = max.max(out);
    }
    max as u64
}

/// The largest number of chunk requests (`fetch OFFSET`) not yet answered (`< SIZE`).
fn max_requests_outstanding(stderr: &[String]) -> u64 {
    let (mut out, mut max) = (0i64, 0i64);
    for l in stderr {
        if l.starts_with("fetch ") {
            out += 1;
        } else if l.starts_with("< ") {
            out -= 1;
        }
        max = max.max(out);
    }
    max as u64
}

// ---- Chapter 7: file transfer

#[test]
fn mktestdata_writes_the_size_asked_for() {
    let env = Env::new("mktestdata", 21000);
    testdata(&env, 3 * 1024 * 1024);
    testdata(&env, 1);
    testdata(&env, 0);
}

#[test]
fn fileio1_streams_the_whole_file_then_an_empty_chunk() {
    // 3 MiB: twelve full chunks, 145,728 bytes, then the zero-size end marker.
    let bytes = 3 * 1024 * 1024;
    let (out, err) = run_fileio("fileio1", 21010, bytes);
    assert_eq!(out, ["14 chunks received, 3145728 bytes"], "{err:?}");
    let mut expected = chunks_of(bytes);
    expected.push(0);
    assert_eq!(received(&err), expected);
    // The server read the file front to back, one chunk after the other.
    let sent = sent(&err);
    assert_eq!(sent.len(), 14);
    let mut next = 0;
    for (offset, size) in sent {
        assert_eq!(offset, next);
        next += size;
    }
    assert_eq!(next, bytes);
}

#[test]
fn fileio2_fetches_one_chunk_per_round_trip() {
    let bytes = 3 * 1024 * 1024;
    let (out, err) = run_fileio("fileio2", 21020, bytes);
    assert_eq!(out, ["13 chunks received, 3145728 bytes"], "{err:?}");
    assert_eq!(received(&err), chunks_of(bytes));
    // Each request names the next offset; never more than one is outstanding.
    let fetched: Vec<u64> = err
        .iter()
        .filter_map(|l| l.strip_prefix("fetch "))
        .map(|s| s.parse().unwrap())
        .collect();
    let offsets: Vec<u64> = (0..13).map(|i| i * CHUNK_SIZE).collect();
    assert_eq!(fetched, offsets);
    assert_eq!(max_requests_outstanding(&err), 1);
    assert!(max_bytes_in_flight(&err) <= CHUNK_SIZE);
}

#[test]
fn fileio2_ends_on_an_empty_chunk_when_the_size_is_a_multiple() {
    // 2,500,000 bytes = ten full chunks: the client stops at the eleventh, empty one.
    let (out, err) = run_fileio("fileio2", 21030, 10 * CHUNK_SIZE);
    assert_eq!(out, ["11 chunks received, 2500000 bytes"], "{err:?}");
    assert_eq!(received(&err), chunks_of(10 * CHUNK_SIZE));
}

#[test]
fn fileio3_credit_bounds_the_data_in_flight() {
    // 8 MiB: 33 full chunks and 138,608 bytes.
    let bytes = 8 * 1024 * 1024;
    let (out, err) = run_fileio("fileio3", 21040, bytes);
    assert_eq!(out, ["34 chunks received, 8388608 bytes"], "{err:?}");
    assert_eq!(received(&err), chunks_of(bytes));
    // The client pipelines: it spends its whole credit up front, keeps it spent, and after the
    // last (short) chunk PIPELINE - 1 requests (past the end of the file) are still out.
    let fetches = err.iter().filter(|l| l.starts_with("fetch ")).count() as u64;
    assert_eq!(fetches, 34 + PIPELINE - 1);
    assert_eq!(max_requests_outstanding(&err), PIPELINE);
    let in_flight = max_bytes_in_flight(&err);
    println!("fileio3: at most {in_flight} bytes in flight (window {PIPELINE} x {CHUNK_SIZE})");
    assert!(
        in_flight <= PIPELINE * CHUNK_SIZE,
        "{in_flight} bytes in flight, more than the credit window"
    );
    assert!(in_flight >= CHUNK_SIZE, "no chunk was ever in flight?");
}

#[test]
fn fileio3_ends_on_an_empty_chunk_when_the_size_is_a_multiple() {
    let (out, err) = run_fileio("fileio3", 21050, 10 * CHUNK_SIZE);
    assert_eq!(out, ["11 chunks received, 2500000 bytes"], "{err:?}");
    assert_eq!(received(&err), chunks_of(10 * CHUNK_SIZE));
    assert!(max_bytes_in_flight(&err) <= PIPELINE * CHUNK_SIZE);
}

#[test]
fn fileio_reports_a_missing_file() {
    let env = Env::new("fileio-missing", 21060);
    let missing = env.dir.join("no-such-file");
    for name in ["fileio1", "fileio2", "fileio3"] {
        let mut p = env.spawn(name, &[missing.to_str().unwrap()]);
        assert!(!p.wait_exit(LIMIT), "{name} succeeded without a file");
        assert!(
            p.stderr().iter().any(|l| l.starts_with("E: server thread")),
            "{}",
            p.dump()
        );
    }
}

// ---- Chapter 8: eagain

#[test]
fn eagain_fails_after_four_queued_messages() {
    // Nobody listens on 9876 + offset: the DEALER queues SNDHWM = 4 messages, the fifth
    // send fails with EAGAIN.
    let env = Env::new("eagain", 21100);
    let mut p = env.spawn("eagain", &[]);
    assert!(p.wait_exit(LIMIT), "{}", p.dump());
    assert_eq!(
        p.stdout(),
        [
            "Sending message 0",
            "Sending message 1",
            "Sending message 2",
            "Sending message 3",
            "Sending message 4",
            "Resource temporarily unavailable",
        ]
    );
}

// ---- Contributed Hello World variants

/// Runs `client` against `server` (work shortened to 10 ms); checks the client's lines
/// (`Connecting...`, then per request `Sending ... NO=n...`, `Received respond msg: World
/// NO=n`, a blank line) and that the server printed `per_request` for each of the ten requests.
fn hello_pair(server: &str, client: &str, offset: u32, per_request: &[&str]) {
    let env = Env::new(client, offset);
    let server = env.spawn(server, &["--work-ms", "10"]);
    let mut client = env.spawn(client, &[]);
    assert!(client.wait_exit(LIMIT), "{}", client.dump());
    let mut expected = vec!["Connecting to hello world server...".to_owned()];
    for n in 1..=10 {
        expected.push(format!("Sending request msg: Hello NO={n}..."));
        expected.push(format!("Received respond msg: World NO={n}"));
        expected.push(String::new());
    }
    assert_eq!(client.stdout(), expected, "{}", server.dump());
    let lines = 10 * per_request.len();
    server.wait_for(lines, LIMIT, "for ten requests", |_| true);
    let expected: Vec<&str> = per_request.iter().copied().cycle().take(lines).collect();
    assert_eq!(server.stdout(), expected);
}

#[test]
fn hwclient2_dealer_gets_ten_worlds_from_hwserver2_rep() {
    hello_pair(
        "hwserver2",
        "hwclient2",
        21200,
        &["Received request msg: Hello", "Send respond msg: World", ""],
    );
}

#[test]
fn hwclient3_req_identity_shows_in_hwserver3_router() {
    hello_pair(
        "hwserver3",
        "hwclient3",
        21210,
        &[
            "[Frame_1] identity = ZMQ",
            "[Frame_2] string = ",
            "[Frame_3] Received request msg: Hello",
            "Send respond msg: World",
            "",
        ],
    );
}

#[test]
fn hwclient4_dealer_talks_to_hwserver4_router_frame_by_frame() {
    hello_pair(
        "hwserver4",
        "hwclient4",
        21220,
        &[
            "[recv] frame1 = ZMQ",
            "[recv] frame2 = ",
            "[recv] frame3 = Hello",
            "[send] frame1 = ZMQ",
            "[send] frame2 = ",
            "[send] frame3 = World",
            "",
        ],
    );
}

#[test]
fn hwclient2_dealer_without_identity_is_served_by_hwserver3() {
    // libzmq's generated identity starts with a zero byte: it prints empty, as in the C.
    hello_pair(
        "hwserver3",
        "hwclient2",
        21230,
        &[
            "[Frame_1] identity = ",
            "[Frame_2] string = ",
            "[Frame_3] Received request msg: Hello",
            "Send respond msg: World",
            "",
        ],
    );
}
