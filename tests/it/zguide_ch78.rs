//! Runs the chapter 7 and 8 Guide ports (`mktestdata`, `fileio1`..`fileio3`, `eagain`,
//! `udpping1`..`udpping3`, `dechat`) and the contributed Hello World variants (`hwclient2`..
//! `hwclient4`, `hwserver2`..`hwserver4`) as real processes and checks what the Guide says they
//! do. Build them first:
//! ```text
//! cargo build --example mktestdata --example fileio1 --example fileio2 --example fileio3 \
//!   --example eagain --example hwclient2 --example hwclient3 --example hwclient4 \
//!   --example hwserver2 --example hwserver3 --example hwserver4 --example udpping1 \
//!   --example udpping2 --example udpping3 --example dechat
//! cargo test --test it -- zguide_ch78::
//! ```
//!
//! Each loopback test has its own `ZGUIDE_PORT_OFFSET` (21000-21990) and directory; every wait
//! is bounded and every child is killed on drop.
//!
//! The UDP broadcast programs and dechat (which connects across a whole /24) run only inside
//! network namespaces these tests create (`common::netns`: hosts on a bridge, 10.99.0.N/24,
//! deleted afterwards), under `ip netns exec`; they never broadcast on this machine's
//! interfaces. Without root or `ip` those tests skip visibly (`common::skip`), and fail under
//! `CI=true`.

#![allow(dead_code)] // Not every test file uses every piece of the shared process harness.

use crate::common::netns::{NetNs, Topology};
use crate::common::procs::*;
use crate::common::skip;

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

// ---- Chapter 8: UDP discovery and dechat, inside network namespaces

/// Why the namespace tests cannot run here, if they cannot (root and iproute2; unlike the PGM
/// tests, no build feature is needed).
fn netns_unavailable() -> Option<String> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Some("needs root to create network namespaces".into());
    }
    match Command::new("ip").arg("-V").output() {
        Ok(o) if o.status.success() => None,
        _ => Some("needs the `ip` command (iproute2)".into()),
    }
}

/// `n` hosts on a bridge, each with 10.99.0.N/24 and its broadcast address on `veth0`, and a
/// default route through it (so the limited broadcast 255.255.255.255 leaves by `veth0`).
fn broadcast_lan(tag: &str, n: usize) -> Topology {
    let topo = Topology::new(tag, n);
    for host in &topo.hosts {
        let cidr = format!("{}/24", host.addr);
        host.ns.ip(&["addr", "del", &cidr, "dev", "veth0"]);
        host.ns
            .ip(&["addr", "add", &cidr, "brd", "+", "dev", "veth0"]);
        host.ns.ip(&["route", "add", "default", "dev", "veth0"]);
    }
    topo
}

/// Starts example `name` inside `ns` (`ip netns exec`, which execs the program, so killing the
/// child kills the program), with the Guide's times scaled by 0.2.
fn spawn_in(ns: &NetNs, name: &str, args: &[&str]) -> Proc {
    Proc::spawn(
        format!("{name} {} (in {})", args.join(" "), ns.name()),
        ns.command(example_bin(name))
            .args(args)
            .env("ZGUIDE_TIME_SCALE", "0.2")
            .env("RUST_BACKTRACE", "0"),
    )
}

#[test]
fn udpping1_finds_itself_and_its_peer() {
    if !skip::unless(netns_unavailable()) {
        return;
    }
    let lan = broadcast_lan("udp1", 2);
    let a = spawn_in(&lan.host(1).ns, "udpping1", &[]);
    let b = spawn_in(&lan.host(2).ns, "udpping1", &[]);
    for p in [&a, &b] {
        // Its own beacon comes back too, as in the Guide's run on one node.
        for peer in ["Found peer 10.99.0.1:9999", "Found peer 10.99.0.2:9999"] {
            p.wait_for(2, LIMIT, peer, |l| l == peer);
        }
        p.wait_for(2, LIMIT, "pinging", |l| l == "Pinging peers...");
        assert_eq!(
            p.count(|l| l != "Pinging peers..." && !l.starts_with("Found peer 10.99.0.")),
            0,
            "{}",
            p.dump()
        );
    }
}

#[test]
fn udpping1_without_a_network_cannot_send() {
    if !skip::unless(netns_unavailable()) {
        return;
    }
    // Only `lo`, no route for 255.255.255.255: the Guide's "switch off all networking".
    let ns = NetNs::bare("udp1-off");
    let mut p = spawn_in(&ns, "udpping1", &[]);
    assert!(!p.wait_exit(LIMIT), "udpping1 succeeded without a network");
    assert_eq!(p.stdout(), ["Pinging peers..."]);
    assert_eq!(p.stderr(), ["sendto: Network is unreachable"]);
}

#[test]
fn udpping2_runs_twice_on_one_device_where_udpping1_cannot() {
    if !skip::unless(netns_unavailable()) {
        return;
    }
    let lan = broadcast_lan("udp2", 1);
    let ns = &lan.host(1).ns;
    // Model 1 binds without SO_REUSEADDR: a second instance fails.
    let first = spawn_in(ns, "udpping1", &[]);
    first.wait_for(1, LIMIT, "pinging", |l| l == "Pinging peers...");
    let mut second = spawn_in(ns, "udpping1", &[]);
    assert!(!second.wait_exit(LIMIT));
    assert_eq!(second.stderr(), ["bind: Address already in use"]);
    drop(first);
    // udplib sets SO_REUSEADDR: two instances share the port and keep beaconing.
    let mut a = spawn_in(ns, "udpping2", &[]);
    let mut b = spawn_in(ns, "udpping2", &[]);
    for p in [&a, &b] {
        p.wait_for(5, LIMIT, "pinging", |l| l == "Pinging peers...");
    }
    for p in [&mut a, &mut b] {
        assert!(!p.exited(), "{}", p.dump());
        assert!(p.stdout().iter().all(|l| l == "Pinging peers..."));
        assert!(p.stderr().is_empty(), "{}", p.dump());
    }
}

/// The UUIDs a udpping3 reported as `what` (`JOINED` or `LEFT`), in order: each report is a
/// dump of a dash line, `[00N] WHAT` and `[032] <UUID in hex>`.
fn reports(p: &Proc, what: &str) -> Vec<String> {
    let out = p.stdout();
    let head = format!("[{:03}] {what}", what.len());
    let mut uuids = Vec::new();
    for (i, line) in out.iter().enumerate() {
        if *line == head {
            assert_eq!(out[i - 1], "-".repeat(38), "{}", p.dump());
            if let Some(uuid) = out.get(i + 1) {
                let hex = uuid
                    .strip_prefix("[032] ")
                    .expect("a 32-character UUID frame");
                assert!(hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit()));
                uuids.push(hex.to_owned());
            }
        }
    }
    uuids
}

fn wait_reports(p: &Proc, what: &str, n: usize) -> Vec<String> {
    let end = Instant::now() + LIMIT;
    loop {
        let got = reports(p, what);
        if got.len() >= n {
            return got;
        }
        assert!(Instant::now() < end, "no {what} report\n{}", p.dump());
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn udpping3_reports_a_peer_joined_then_left() {
    if !skip::unless(netns_unavailable()) {
        return;
    }
    let lan = broadcast_lan("udp3", 2);
    let a = spawn_in(&lan.host(1).ns, "udpping3", &[]);
    let mut b = spawn_in(&lan.host(2).ns, "udpping3", &[]);
    let b_seen_by_a = wait_reports(&a, "JOINED", 1);
    let a_seen_by_b = wait_reports(&b, "JOINED", 1);
    assert_ne!(
        b_seen_by_a, a_seen_by_b,
        "each reports the other, not itself"
    );
    // Kill b: a reports it left once it has been silent for PEER_EXPIRY (5 s × 0.2 = 1 s)
    b.kill();
    let killed = Instant::now();
    let left = wait_reports(&a, "LEFT", 1);
    let after = killed.elapsed();
    assert_eq!(left, b_seen_by_a);
    println!("udpping3: LEFT {after:?} after the peer was killed (expiry 1 s, beacons 200 ms)");
    assert!(
        after >= Duration::from_millis(600),
        "LEFT after only {after:?}"
    );
    // A reported b once, and never itself.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(reports(&a, "JOINED"), b_seen_by_a, "{}", a.dump());
    assert_eq!(reports(&a, "LEFT"), b_seen_by_a, "{}", a.dump());
}

#[test]
fn dechat_peers_discover_each_other_and_exchange_lines() {
    if !skip::unless(netns_unavailable()) {
        return;
    }
    let lan = broadcast_lan("dechat", 3);
    let names = ["joe", "ann", "bob"];
    let mut peers: Vec<Proc> = (1..=3)
        .map(|i| {
            let host = lan.host(i);
            let addr = host.addr.to_string();
            spawn_in(&host.ns, "dechat", &[&addr, "veth0", names[i - 1]])
        })
        .collect();
    // Each SUB connects to all 254 addresses of 10.99.0.0/24; the three real ones answer. Until
    // the subscriptions are in place lines are dropped (PUB), so each peer repeats its line
    // until every peer, itself included, has printed it.
    let end = Instant::now() + LIMIT;
    loop {
        let mut done = true;
        for (i, sender) in names.iter().enumerate() {
            let line = format!("{sender}: hello from {sender}");
            if peers.iter().all(|p| p.count(|l| l == line) > 0) {
                continue;
            }
            done = false;
            peers[i].write_stdin(&format!("hello from {sender}\n"));
        }
        if done {
            break;
        }
        if Instant::now() > end {
            let dumps: Vec<String> = peers.iter().map(Proc::dump).collect();
            panic!(
                "the peers did not all hear each other\n{}",
                dumps.join("\n")
            );
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    for p in &peers {
        for sender in names {
            assert!(p.count(|l| l == format!("{sender}: hello from {sender}")) > 0);
        }
        assert!(
            p.stdout().iter().all(|l| l.contains(": hello from ")),
            "{}",
            p.dump()
        );
    }
    // End of input ends a peer cleanly.
    let mut first = peers.remove(0);
    drop(first.child.stdin.take());
    assert!(first.wait_exit(LIMIT), "{}", first.dump());
}

#[test]
fn dechat_without_arguments_prints_its_usage() {
    let env = Env::new("dechat-usage", 21300);
    let mut p = env.spawn("dechat", &[]);
    assert!(p.wait_exit(LIMIT));
    assert_eq!(
        p.stdout(),
        [
            "Usage: dechat ipaddress interface username",
            "Example: dechat 192.168.55.123 eth0 joe",
        ]
    );
}
