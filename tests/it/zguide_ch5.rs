//! Runs the chapter 5 Guide ports (Espresso, last value cache, Suicidal Snail, the Clone
//! pattern) as real processes and checks what the Guide says they do: the captured
//! subscription frames, cached values replayed to late subscribers, the snail's suicide, the
//! kvsimple wire format, snapshots, and clients converging on the server's state.
//!
//! Build the examples first, then run:
//! ```text
//! cargo build --example tstkvsimple --example clonesrv1 --example clonecli1 \
//!   --example clonesrv2 --example clonecli2 --example clonesrv3 --example clonecli3 \
//!   --example espresso --example pathopub --example pathosub --example lvcache \
//!   --example suisnail --example tstkvmsg --example clonesrv4 --example clonecli4 \
//!   --example clonesrv5 --example clonecli5 --example clonesrv6 --example clonecli6
//! cargo test --test it -- zguide_ch5::
//! ```
//!
//! Every test has its own `ZGUIDE_PORT_OFFSET` (10000–10999) and `ZGUIDE_IPC_DIR`; every wait
//! is bounded and every child is killed on drop.

use std::collections::BTreeMap;

use zmq::{opt, SocketType};

use crate::common::procs::*;

const LIMIT: Duration = Duration::from_secs(20);

/// A map as the programs print it: the `kv KEY BODY` lines after `kvmap: N entries`.
pub(crate) fn printed_map(proc: &Proc) -> BTreeMap<String, String> {
    let lines = proc.stdout();
    let count: usize = lines
        .iter()
        .find_map(|l| l.strip_prefix("kvmap: "))
        .and_then(|l| l.strip_suffix(" entries"))
        .unwrap_or_else(|| panic!("{}: no kvmap line\n{}", proc.name, proc.dump()))
        .parse()
        .unwrap();
    let map: BTreeMap<String, String> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("kv "))
        .map(|l| {
            let (k, v) = l.split_once(' ').expect("kv KEY BODY");
            (k.to_owned(), v.to_owned())
        })
        .collect();
    assert_eq!(map.len(), count, "{}: kvmap count vs lines", proc.name);
    map
}

/// One kvsimple message decoded from its frames: exactly `[key][8-byte BE sequence][body]`.
fn decode(frames: &[zmq::Message]) -> (String, i64, Vec<u8>) {
    assert_eq!(frames.len(), 3, "kvsimple is three frames: {frames:?}");
    assert_eq!(frames[1].len(), 8, "the sequence is 8 bytes");
    let seq = i64::from_be_bytes(frames[1][..].try_into().unwrap());
    (
        String::from_utf8(frames[0].to_vec()).expect("key is text"),
        seq,
        frames[2].to_vec(),
    )
}

/// A random update as the Clone programs make them: key in 0..10000, body in 0..1000000.
fn check_random_update(key: &str, body: &[u8]) {
    let k: u32 = key.parse().expect("numeric key");
    assert!(k < 10000, "key {k}");
    let b: u32 = std::str::from_utf8(body).unwrap().parse().expect("body");
    assert!(b < 1_000_000, "body {b}");
}

/// A SUB socket of the test itself, subscribed to everything, with a receive timeout.
fn raw_sub(ctx: &zmq::Context, endpoint: &str) -> zmq::Socket {
    let sub = ctx.socket(SocketType::Sub).unwrap();
    sub.set(opt::ReconnectIvl, Duration::from_millis(10))
        .unwrap();
    sub.set(opt::RcvTimeo, Some(Duration::from_secs(10)))
        .unwrap();
    sub.subscribe("").unwrap();
    sub.connect(endpoint).unwrap();
    sub
}

/// One kvmsg message decoded from its frames: exactly
/// `[key][8-byte BE sequence][16-byte uuid][properties][body]`.
fn decode_kvmsg(frames: &[zmq::Message]) -> (String, i64, Vec<String>, Vec<u8>) {
    assert_eq!(frames.len(), 5, "kvmsg is five frames: {frames:?}");
    assert_eq!(frames[1].len(), 8, "the sequence is 8 bytes");
    let seq = i64::from_be_bytes(frames[1][..].try_into().unwrap());
    let props = String::from_utf8(frames[3].to_vec()).unwrap();
    assert!(props.is_empty() || props.ends_with('\n'), "{props:?}");
    (
        String::from_utf8(frames[0].to_vec()).expect("key is text"),
        seq,
        props.lines().map(str::to_owned).collect(),
        frames[4].to_vec(),
    )
}

/// Asks for a snapshot with a DEALER of the test (`ICANHAZ?`, then the subtree if any) and
/// returns the pairs and the KTHXBAI sequence, checking the frames of every message
/// (`kvsimple`'s three, or `kvmsg`'s five when `five`).
fn snapshot_of(
    ctx: &zmq::Context,
    endpoint: &str,
    subtree: Option<&str>,
    five: bool,
) -> (BTreeMap<String, String>, i64) {
    let dealer = ctx.socket(SocketType::Dealer).unwrap();
    dealer
        .set(opt::RcvTimeo, Some(Duration::from_secs(10)))
        .unwrap();
    dealer.connect(endpoint).unwrap();
    match subtree {
        Some(subtree) => dealer.send_multipart(["ICANHAZ?", subtree]).unwrap(),
        None => dealer.send("ICANHAZ?").unwrap(),
    }
    let mut map = BTreeMap::new();
    loop {
        let frames = dealer.recv_multipart().expect("snapshot reply in time");
        let (key, seq, body) = if five {
            let (key, seq, _, body) = decode_kvmsg(&frames);
            (key, seq, body)
        } else {
            decode(&frames)
        };
        if key == "KTHXBAI" {
            assert!(body.is_empty(), "KTHXBAI has an empty body");
            return (map, seq);
        }
        if let Some(subtree) = subtree {
            assert!(key.starts_with(subtree), "{key} is outside {subtree}");
        }
        map.insert(key, String::from_utf8(body).unwrap());
    }
}

fn snapshot(ctx: &zmq::Context, endpoint: &str) -> (BTreeMap<String, String>, i64) {
    let (map, seq) = snapshot_of(ctx, endpoint, None, false);
    for (k, v) in &map {
        check_random_update(k, v.as_bytes());
    }
    (map, seq)
}

#[test]
fn tstkvsimple_self_test() {
    let env = Env::new("tstkvsimple", 10000);
    let mut p = env.spawn("tstkvsimple", &["-v"]);
    assert!(p.wait_exit(LIMIT), "{}", p.dump());
    assert_eq!(p.stdout(), [" * kvmsg: OK"], "{}", p.dump());
    // -v dumps the message sent and the one received: sequence 1, key "key", body "body".
    assert_eq!(
        p.stderr(),
        ["[seq:1][key:key][size:4] 626F6479"; 2],
        "{}",
        p.dump()
    );
}

/// Model One: every update is `[key][sequence][body]` with sequences 1, 2, 3...; a client that
/// was there from the start ends with the server's map.
#[test]
fn clone_model_one_wire_format_and_same_map() {
    const N: i64 = 200;
    let env = Env::new("clone1", 10100);
    let ctx = zmq::Context::new().unwrap();
    let sub = raw_sub(&ctx, &env.tcp(5556));
    let mut client = env.spawn("clonecli1", &["--updates", &N.to_string()]);
    // Both subscribers retry their connects until the server binds; the server waits 200 ms
    // after binding before it publishes.
    std::thread::sleep(Duration::from_millis(300));
    let mut server = env.spawn("clonesrv1", &["--updates", &N.to_string()]);

    let mut wire = BTreeMap::new();
    for expected in 1..=N {
        let frames = sub.recv_multipart().expect("update in time");
        let (key, seq, body) = decode(&frames);
        assert_eq!(seq, expected, "sequence numbers rise by one from 1");
        check_random_update(&key, &body);
        wire.insert(key, String::from_utf8(body).unwrap());
    }
    assert!(server.wait_exit(LIMIT), "{}", server.dump());
    assert!(client.wait_exit(LIMIT), "{}", client.dump());
    assert_eq!(server.stdout()[0], format!("{N} messages out"));
    assert_eq!(client.stdout()[0], format!("{N} messages in"));
    let server_map = printed_map(&server);
    assert_eq!(printed_map(&client), server_map);
    assert_eq!(wire, server_map);
}

/// Model One without arguments publishes until Ctrl-C, then says how many it sent.
#[test]
fn clone_model_one_until_interrupted() {
    let env = Env::new("clone1-int", 10200);
    let mut server = env.spawn("clonesrv1", &[]);
    std::thread::sleep(Duration::from_millis(500));
    server.signal(libc::SIGINT);
    assert!(server.wait_exit(LIMIT), "{}", server.dump());
    let out = server.stdout();
    assert_eq!(out.len(), 2, "{}", server.dump());
    assert_eq!(out[0], " Interrupted");
    let n: u64 = out[1]
        .strip_suffix(" messages out")
        .expect("N messages out")
        .parse()
        .unwrap();
    assert!(n > 0, "{}", server.dump());
}

/// Model Two: clients joining at different times take a snapshot (`KTHXBAI` carries its
/// sequence), apply only newer updates, and all end with the same map as the server's.
#[test]
fn clone_model_two_snapshots_and_convergence() {
    const N: i64 = 400;
    let n = N.to_string();
    let env = Env::new("clone2", 10300);
    let mut server = env.spawn("clonesrv2", &["--updates", &n, "--interval", "5"]);
    std::thread::sleep(Duration::from_millis(200));
    let mut early = env.spawn("clonecli2", &["--until", &n]);
    std::thread::sleep(Duration::from_millis(700));
    let mut late = env.spawn("clonecli2", &["--until", &n]);
    assert!(early.wait_exit(LIMIT), "{}", early.dump());
    assert!(late.wait_exit(LIMIT), "{}", late.dump());
    // After the last update, a client gets everything from the snapshot alone.
    let mut after = env.spawn("clonecli2", &["--until", &n]);
    assert!(after.wait_exit(LIMIT), "{}", after.dump());

    let snap_of = |p: &Proc| -> i64 {
        p.stdout()[0]
            .strip_prefix("Received snapshot=")
            .unwrap_or_else(|| panic!("no snapshot line\n{}", p.dump()))
            .parse()
            .unwrap()
    };
    let (early_snap, late_snap) = (snap_of(&early), snap_of(&late));
    assert!(early_snap <= late_snap && late_snap <= N);
    assert!(
        early_snap < N,
        "the early client also applied live updates (snapshot {early_snap})"
    );
    assert_eq!(snap_of(&after), N);

    // The test's own snapshot: the pairs, then KTHXBAI with sequence N and an empty body.
    let ctx = zmq::Context::new().unwrap();
    let (map, seq) = snapshot(&ctx, &env.tcp(5556));
    assert_eq!(seq, N);
    assert_eq!(printed_map(&early), map);
    assert_eq!(printed_map(&late), map);
    assert_eq!(printed_map(&after), map);

    server.signal(libc::SIGINT);
    assert!(server.wait_exit(LIMIT), "{}", server.dump());
    let out = server.stdout();
    assert_eq!(
        out.iter()
            .filter(|l| l.starts_with("Sending state shapshot="))
            .count(),
        4
    );
    assert!(out.contains(&format!("Sending state shapshot={N}")));
    assert!(out.ends_with(&[" Interrupted".to_owned(), format!("{N} messages out")]));
}

/// Model Three: two clients send 5 updates each through the server, which numbers them 1..10
/// and republishes them; both clients and a third that only takes a snapshot end with the same
/// ten-update map.
#[test]
fn clone_model_three_clients_converge() {
    let env = Env::new("clone3", 10400).var("ZGUIDE_TIME_SCALE", "0.1");
    let mut server = env.spawn("clonesrv3", &[]);
    let ctx = zmq::Context::new().unwrap();
    let sub = raw_sub(&ctx, &env.tcp(5557));
    std::thread::sleep(Duration::from_millis(300));
    let args = ["--updates", "5", "--until", "10"];
    let mut a = env.spawn("clonecli3", &args);
    let mut b = env.spawn("clonecli3", &args);

    // The server republishes every client update with the next sequence number.
    let mut wire = BTreeMap::new();
    for expected in 1..=10 {
        let frames = sub.recv_multipart().expect("update in time");
        let (key, seq, body) = decode(&frames);
        assert_eq!(seq, expected);
        check_random_update(&key, &body);
        wire.insert(key, String::from_utf8(body).unwrap());
    }
    assert!(a.wait_exit(LIMIT), "{}", a.dump());
    assert!(b.wait_exit(LIMIT), "{}", b.dump());
    let mut late = env.spawn("clonecli3", &["--updates", "0", "--until", "10"]);
    assert!(late.wait_exit(LIMIT), "{}", late.dump());
    assert_eq!(late.stdout()[0], "I: received snapshot=10");
    for p in [&a, &b] {
        assert!(
            p.stdout().contains(&"I: received update=10".to_owned()),
            "{}",
            p.dump()
        );
    }
    assert_eq!(printed_map(&a), wire);
    assert_eq!(printed_map(&b), wire);
    assert_eq!(printed_map(&late), wire);

    server.signal(libc::SIGINT);
    assert!(server.wait_exit(LIMIT), "{}", server.dump());
    let out = server.stdout();
    for seq in 1..=10 {
        assert!(out.contains(&format!("I: publishing update {seq:5}")));
    }
    assert!(out.contains(&"I: sending shapshot=10".to_owned()));
    assert!(out.ends_with(&[" Interrupted".to_owned(), "10 messages handled".to_owned()]));
}

/// Espresso: the listener sees the subscriptions go up (`\x01A`, `\x01B`), then only A and B
/// data coming down; once the subscriber has read its five messages and left, the
/// unsubscriptions (`\x00A`, `\x00B`) and no more data.
#[test]
fn espresso_listener_shows_subscriptions_and_data() {
    let env = Env::new("espresso", 10500);
    let mut p = env.spawn("espresso", &[]);
    let limit = Duration::from_secs(15);
    p.wait_for(1, limit, "unsubscribing A", |l| l == "[002] 0041");
    p.wait_for(1, limit, "unsubscribing B", |l| l == "[002] 0042");
    let out = p.stdout();
    let pos = |line: &str| out.iter().position(|l| l == line).unwrap();
    let is_data = |l: &&String| l.starts_with("[007] ");
    let data: Vec<&String> = out.iter().filter(is_data).collect();
    assert!(data.len() >= 5, "{}", p.dump());
    for line in &data {
        let text = &line["[007] ".len()..];
        assert!(
            text.starts_with("A-") || text.starts_with("B-"),
            "only subscribed topics pass: {line}"
        );
        assert!(text[2..].chars().all(|c| c.is_ascii_digit()), "{line}");
    }
    let first_data = out.iter().position(|l| is_data(&l)).unwrap();
    assert!(pos("[002] 0141") < first_data && pos("[002] 0142") < first_data);
    // Nobody subscribes any more: nothing flows.
    let before = p.count(|l| l.starts_with("[007] "));
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(p.count(|l| l.starts_with("[007] ")), before, "{}", p.dump());
    p.signal(libc::SIGINT);
    assert!(p.wait_exit(LIMIT), "{}", p.dump());
    assert_eq!(p.stdout().last().map(String::as_str), Some(" interrupted"));
}

/// Last value cache: after pathopub's initial 1,000 topics, a late subscriber gets the current
/// value of its topic at once from lvcache (pathopub itself only sends one update a second).
#[test]
fn lvcache_replays_last_value_to_late_subscriber() {
    let env = Env::new("lvcache", 10600);
    let mut cache = env.spawn("lvcache", &[]);
    let _publisher = env.spawn("pathopub", &["tcp://*:5557"]);
    let ctx = zmq::Context::new().unwrap();
    // Wait until the last topic of the initial burst went through the cache.
    let last = raw_sub(&ctx, &env.tcp(5558));
    last.set(opt::Unsubscribe, b"").unwrap();
    last.subscribe("999").unwrap();
    let first = last.recv_multipart().expect("topic 999 in time");
    assert_eq!(&first[0][..], b"999");

    // A late subscriber of the test's own, on topic 042.
    let late = raw_sub(&ctx, &env.tcp(5558));
    late.set(opt::Unsubscribe, b"").unwrap();
    late.subscribe("042").unwrap();
    let start = Instant::now();
    let msg = late.recv_multipart().expect("the cached value");
    assert!(
        start.elapsed() < Duration::from_millis(900),
        "replayed at once"
    );
    assert_eq!(&msg[0][..], b"042");
    assert!(
        &msg[1][..] == b"Save Roger" || &msg[1][..] == b"Off with his head!",
        "{msg:?}"
    );

    // pathosub on a random topic gets its value from the cache too.
    let sub = env.spawn("pathosub", &["tcp://localhost:5558"]);
    sub.wait_for(1, Duration::from_secs(5), "cached value", |l| {
        l == "Save Roger" || l == "Off with his head!"
    });
    cache.wait_for(3, Duration::from_secs(5), "cache replays", |l| {
        l.strip_prefix("Sending cached topic ")
            .is_some_and(|t| t.len() == 3 && t.parse::<u32>().is_ok())
    });
    assert!(cache
        .stdout()
        .contains(&"Sending cached topic 042".to_owned()));
    cache.signal(libc::SIGINT);
    assert!(cache.wait_exit(LIMIT), "{}", cache.dump());
}

/// Suicidal Snail: the subscriber prints the publisher's clock values until one is more than
/// a second old, then aborts with the Guide's line, and the whole program exits.
#[test]
fn suisnail_aborts_when_one_second_behind() {
    let env = Env::new("suisnail", 10700);
    let mut p = env.spawn("suisnail", &[]);
    assert!(p.wait_exit(Duration::from_secs(60)), "{}", p.dump());
    assert_eq!(p.stderr(), ["E: subscriber cannot keep up, aborting"]);
    let clocks: Vec<u64> = p
        .stdout()
        .iter()
        .map(|l| l.parse().expect("a clock value"))
        .collect();
    assert!(clocks.len() > 100, "{} lines", clocks.len());
    assert!(
        clocks.windows(2).all(|w| w[0] <= w[1]),
        "clock goes forward"
    );
}

#[test]
fn tstkvmsg_self_test() {
    let env = Env::new("tstkvmsg", 10800);
    let mut p = env.spawn("tstkvmsg", &["-v"]);
    assert!(p.wait_exit(LIMIT), "{}", p.dump());
    assert_eq!(p.stdout(), [" * kvmsg: OK"], "{}", p.dump());
    // Sent and received: the simple message, then the one with properties (prop2 replaced).
    let simple = "[seq:1][key:key][size:4] 626F6479";
    let props = "[seq:2][key:key][size:4] [prop1=value1;prop2=value2;]626F6479";
    assert_eq!(p.stderr(), [simple, simple, props, props], "{}", p.dump());
}

/// Model Four: clients work in the subtree `/client/`; an update outside it goes through the
/// server (it takes a sequence number) but reaches neither their subscriptions nor their
/// snapshots.
#[test]
fn clone_model_four_subtrees() {
    let env = Env::new("clone4", 10900).var("ZGUIDE_TIME_SCALE", "0.1");
    let mut server = env.spawn("clonesrv4", &[]);
    let ctx = zmq::Context::new().unwrap();
    let sub = raw_sub(&ctx, &env.tcp(5557));
    let push = ctx.socket(SocketType::Push).unwrap();
    push.connect(&env.tcp(5558)).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // Sequence 1 is outside the clients' subtree.
    push.send_multipart([&b"/other/1"[..], &0i64.to_be_bytes(), b"outside"])
        .unwrap();
    let frames = sub.recv_multipart().expect("the /other/ update");
    assert_eq!(
        decode(&frames),
        ("/other/1".to_owned(), 1, b"outside".to_vec())
    );

    let args = ["--updates", "3", "--until", "7"];
    let mut a = env.spawn("clonecli4", &args);
    let mut b = env.spawn("clonecli4", &args);
    let mut wire = BTreeMap::new();
    for expected in 2..=7 {
        let (key, seq, body) = decode(&sub.recv_multipart().expect("update in time"));
        assert_eq!(seq, expected);
        let n = key.strip_prefix("/client/").expect("a /client/ key");
        check_random_update(n, &body);
        wire.insert(key, String::from_utf8(body).unwrap());
    }
    assert!(a.wait_exit(LIMIT), "{}", a.dump());
    assert!(b.wait_exit(LIMIT), "{}", b.dump());
    assert_eq!(printed_map(&a), wire);
    assert_eq!(printed_map(&b), wire);
    for p in [&a, &b] {
        assert!(
            !p.stdout().contains(&"I: received update=1".to_owned()),
            "{}",
            p.dump()
        );
    }
    let mut late = env.spawn("clonecli4", &["--updates", "0", "--until", "7"]);
    assert!(late.wait_exit(LIMIT), "{}", late.dump());
    assert_eq!(late.stdout()[0], "I: received snapshot=7");
    assert_eq!(printed_map(&late), wire);

    let (client, seq) = snapshot_of(&ctx, &env.tcp(5556), Some("/client/"), false);
    assert_eq!((client, seq), (wire, 7));
    let (other, seq) = snapshot_of(&ctx, &env.tcp(5556), Some("/other/"), false);
    assert_eq!(seq, 7);
    assert_eq!(
        other,
        BTreeMap::from([("/other/1".to_owned(), "outside".to_owned())])
    );
    server.signal(libc::SIGINT);
    assert!(server.wait_exit(LIMIT), "{}", server.dump());
    assert!(server
        .stdout()
        .ends_with(&[" Interrupted".to_owned(), "7 messages handled".to_owned()]));
}

/// Model Five: kvmsg on the wire (five frames, an empty UUID, the `ttl` property); updates with a
/// TTL are deleted when it expires, the server publishing the deletion (same key, empty body,
/// next sequence); clients and snapshots end with only the permanent values.
#[test]
fn clone_model_five_ttl_deletes() {
    let env = Env::new("clone5", 11000).var("ZGUIDE_TIME_SCALE", "0.1");
    let mut server = env.spawn("clonesrv5", &[]);
    let ctx = zmq::Context::new().unwrap();
    let sub = raw_sub(&ctx, &env.tcp(5557));
    std::thread::sleep(Duration::from_millis(300));
    // Three permanent updates (ttl=0) and three that expire after 1 s of Guide time.
    let mut keeper = env.spawn(
        "clonecli5",
        &["--updates", "3", "--ttl", "0", "--until", "9"],
    );
    let mut mayfly = env.spawn(
        "clonecli5",
        &["--updates", "3", "--ttl", "1", "--until", "9"],
    );

    let mut live = BTreeMap::new();
    let mut expiring = Vec::new();
    let mut deleted = Vec::new();
    for expected in 1..=9 {
        let frames = sub.recv_multipart().expect("update in time");
        assert_eq!(frames.len(), 5);
        assert_eq!(frames[2].len(), 0, "clonecli5 sets no UUID (as in the C)");
        let (key, seq, props, body) = decode_kvmsg(&frames);
        assert_eq!(seq, expected);
        assert!(key.starts_with("/client/"), "{key}");
        if body.is_empty() {
            assert!(
                expiring.contains(&key),
                "only expiring keys are deleted: {key}"
            );
            // The stored message, ttl rewritten to its expiry time in ms.
            let ttl: u64 = props[0].strip_prefix("ttl=").unwrap().parse().unwrap();
            assert!(ttl > 1_000_000_000_000, "an absolute time: {ttl}");
            live.remove(&key);
            deleted.push(key);
        } else {
            match props.as_slice() {
                [p] if p == "ttl=0" => {}
                [p] if p == "ttl=1" => expiring.push(key.clone()),
                other => panic!("unexpected properties {other:?}"),
            }
            live.insert(key, String::from_utf8(body).unwrap());
        }
    }
    assert_eq!(expiring.len(), 3);
    deleted.sort();
    expiring.sort();
    assert_eq!(deleted, expiring, "every expiring key was deleted once");
    assert_eq!(live.len(), 3);

    assert!(keeper.wait_exit(LIMIT), "{}", keeper.dump());
    assert!(mayfly.wait_exit(LIMIT), "{}", mayfly.dump());
    assert_eq!(printed_map(&keeper), live);
    assert_eq!(printed_map(&mayfly), live);
    let mut late = env.spawn("clonecli5", &["--updates", "0", "--until", "9"]);
    assert!(late.wait_exit(LIMIT), "{}", late.dump());
    assert_eq!(late.stdout()[0], "I: received snapshot=9");
    assert_eq!(printed_map(&late), live);
    assert_eq!(
        snapshot_of(&ctx, &env.tcp(5556), Some("/client/"), true),
        (live, 9)
    );

    server.signal(libc::SIGINT);
    assert!(server.wait_exit(LIMIT), "{}", server.dump());
    let out = server.stdout();
    let ends = |suffix: String| out.iter().filter(|l| l.ends_with(&suffix)).count();
    for seq in 1..=9 {
        let update = ends(format!(" I: publishing update={seq}"));
        let delete = ends(format!(" I: publishing delete={seq}"));
        assert_eq!(update + delete, 1, "sequence {seq}\n{}", server.dump());
    }
    assert_eq!(
        (1..=9)
            .filter(|s| ends(format!(" I: publishing delete={s}")) == 1)
            .count(),
        3
    );
}

/// The `N` of log lines ending in `marker N` (after the `zclock_log` time stamp).
pub(crate) fn logged(lines: &[String], marker: &str) -> Vec<i64> {
    lines
        .iter()
        .filter_map(|l| l.split_once(marker).map(|(_, n)| n))
        .filter_map(|n| n.trim().parse().ok())
        .collect()
}

/// Model Six: a Binary Star pair of clonesrv6 and two clonecli6 setting 10 values each. The
/// primary is killed mid-stream; the clients fail over to the backup, which publishes the
/// updates the primary never did (its pending list); both clients end at sequence 20 with the
/// same map holding all 20 values, their updates without a sequence gap.
#[test]
fn clone_model_six_binary_star_failover() {
    let env = Env::new("clone6", 11100).var("ZGUIDE_TIME_SCALE", "0.2");
    let mut primary = env.spawn("clonesrv6", &["-p"]);
    let backup = env.spawn("clonesrv6", &["-b"]);
    let limit = Duration::from_secs(10);
    primary.wait_for(1, limit, "primary active", |l| {
        l.ends_with("I: connected to backup (passive), ready as active")
    });
    backup.wait_for(1, limit, "backup passive", |l| {
        l.ends_with("I: connected to primary (active), ready as passive")
    });
    let args = ["--updates", "10", "--ttl", "0", "--until", "20"];
    let mut a = env.spawn("clonecli6", &args);
    let mut b = env.spawn("clonecli6", &args);
    // Kill the primary mid-stream.
    primary.wait_for(1, limit, "update 8", |l| {
        l.ends_with("I: publishing update=8")
    });
    primary.kill();
    let by_primary = logged(&primary.stdout(), "I: publishing update=");
    assert!(by_primary.len() >= 8 && by_primary.len() < 20);
    assert_eq!(
        by_primary,
        (1..=by_primary.len() as i64).collect::<Vec<_>>()
    );

    assert!(a.wait_exit(Duration::from_secs(30)), "{}", a.dump());
    assert!(b.wait_exit(Duration::from_secs(30)), "{}", b.dump());
    backup.wait_for(1, limit, "failover", |l| {
        l.ends_with("I: failover successful, ready as active")
    });
    // The backup continues the sequence where the primary stopped: no gap, no repeat.
    let out = backup.stdout();
    let by_backup: Vec<i64> = logged(&out, "I: publishing pending=")
        .into_iter()
        .chain(logged(&out, "I: publishing update="))
        .collect();
    let mut all: Vec<i64> = by_primary.iter().copied().chain(by_backup).collect();
    all.sort();
    assert_eq!(all, (1..=20).collect::<Vec<_>>(), "{}", backup.dump());

    // Every value either client set is in both maps, and the maps are the same.
    let mut sets = BTreeMap::new();
    for p in [&a, &b] {
        for line in p.stdout() {
            if let Some(rest) = line.strip_prefix("set ") {
                let (k, v) = rest.split_once(' ').unwrap();
                sets.insert(k.to_owned(), v.to_owned());
            }
        }
    }
    assert_eq!(sets.len(), 20);
    for p in [&a, &b] {
        assert!(
            p.stdout().contains(&"sequence: 20".to_owned()),
            "{}",
            p.dump()
        );
        assert_eq!(printed_map(p), sets, "{}", p.dump());
        // Each client failed over once and saw every sequence number up to 20, through
        // updates or the backup's snapshot.
        let lines = p.stdout();
        assert!(lines.iter().any(|l| l.ends_with(&format!(
            "I: server at tcp://localhost:{} didn't give HUGZ",
            5556 + env.offset
        ))));
        let backup_at = format!("tcp://localhost:{}", 5566 + env.offset);
        let primary_at = format!("tcp://localhost:{}", 5556 + env.offset);
        let from_primary = logged(&lines, &format!("received from {primary_at} update="));
        let snap = logged(&lines, &format!("received from {backup_at} snapshot="));
        let from_backup = logged(&lines, &format!("received from {backup_at} update="));
        assert_eq!(snap.len(), 1, "{}", p.dump());
        let last_before = from_primary.last().copied().unwrap_or(0);
        assert!(snap[0] >= last_before, "{}", p.dump());
        // After the snapshot, updates follow one by one.
        let expected: Vec<i64> = (snap[0] + 1..=20).collect();
        assert_eq!(from_backup, expected, "{}", p.dump());
        // Before the failover too.
        let first = from_primary.first().copied().unwrap_or(1);
        assert_eq!(
            from_primary,
            (first..=last_before).collect::<Vec<_>>(),
            "{}",
            p.dump()
        );
    }

    // The backup, now active, gives the same map in a snapshot.
    let ctx = zmq::Context::new().unwrap();
    let (map, seq) = snapshot_of(&ctx, &env.tcp(5566), Some("/client/"), true);
    assert_eq!((map, seq), (sets, 20));
}
