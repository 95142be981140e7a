//! Runs the chapter 5 Guide ports (the Clone pattern) as real processes and checks what the
//! Guide says they do: the kvsimple wire format, snapshots, and clients converging on the
//! server's state.
//!
//! Build the examples first, then run:
//! ```text
//! cargo build --example tstkvsimple --example clonesrv1 --example clonecli1 \
//!   --example clonesrv2 --example clonecli2 --example clonesrv3 --example clonecli3
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
fn printed_map(proc: &Proc) -> BTreeMap<String, String> {
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

/// Asks for a snapshot with a DEALER of the test (`ICANHAZ?`) and returns the pairs and the
/// KTHXBAI sequence, checking the frames of every message.
fn snapshot(ctx: &zmq::Context, endpoint: &str) -> (BTreeMap<String, String>, i64) {
    let dealer = ctx.socket(SocketType::Dealer).unwrap();
    dealer
        .set(opt::RcvTimeo, Some(Duration::from_secs(10)))
        .unwrap();
    dealer.connect(endpoint).unwrap();
    dealer.send("ICANHAZ?").unwrap();
    let mut map = BTreeMap::new();
    loop {
        let frames = dealer.recv_multipart().expect("snapshot reply in time");
        let (key, seq, body) = decode(&frames);
        if key == "KTHXBAI" {
            assert!(body.is_empty(), "KTHXBAI has an empty body");
            return (map, seq);
        }
        check_random_update(&key, &body);
        map.insert(key, String::from_utf8(body).unwrap());
    }
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
