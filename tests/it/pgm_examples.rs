//! The PGM examples, run as real processes on two hosts joined by a private network (namespaces
//! and veth pairs this test creates and removes): the event hub (PULL → epgm PUB), the distributor
//! (epgm SUB → ipc PUB) and the event client; and the weather server/client over epgm.

use crate::common::netns;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use netns::Topology;
use zmq::{Context, SocketType};

fn example(name: &str) -> PathBuf {
    crate::common::procs::example_bin(name)
}

/// Kills the child when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Collects a child's stdout lines on a thread.
fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

// This test once stalled in about 1 run of 4 under load: the distributor died with "Resource
// temporarily unavailable (pgm_receiver.cpp:104)" when its proxy fell behind and its PGM receive
// pipe filled (a libzmq 4.3.5 bug). The crate now gives PGM receivers an unbounded receive pipe;
// see tests/pgm_slow_consumer.rs.
#[test]
fn event_hub_distributor_and_client_across_hosts() {
    if !netns::ready() {
        return;
    }
    let topo = Topology::new("evt", 2);
    let (a, b) = (topo.host(1), topo.host(2));
    let group = format!("epgm://{};239.192.31.1:7531", netns::Host::IFACE);
    let ipc = format!("ipc:///tmp/zmq-evt-{}.ipc", std::process::id());

    let mut hub = Running(
        a.ns.command(example("pgm_event_hub"))
            .args([
                "--in",
                "tcp://127.0.0.1:7530",
                "--out",
                &group,
                "--rate",
                "10000",
            ])
            .spawn()
            .unwrap(),
    );
    let mut distributor = Running(
        b.ns.command(example("pgm_distributor"))
            .args(["--in", &group, "--out", &ipc])
            .spawn()
            .unwrap(),
    );
    let mut client =
        b.ns.command(example("pgm_event_client"))
            .args([
                "--connect",
                &ipc,
                "--ids",
                "100",
                "--count",
                "30",
                "--seed",
                "42",
            ])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
    let lines = lines_of(&mut client);
    let client = Running(client);

    // A producer on host A pushes events for every id until the client has what it asked for.
    let done = Arc::new(AtomicBool::new(false));
    let stop = done.clone();
    let producer = netns::spawn_in(&a.ns, move || {
        netns::assert_isolated();
        let ctx = Context::new().unwrap();
        let push = ctx.socket(SocketType::Push).unwrap();
        push.set_linger(Some(Duration::ZERO)).unwrap();
        push.connect("tcp://127.0.0.1:7530").unwrap();
        let mut n = 0u64;
        let deadline = Instant::now() + Duration::from_secs(60);
        while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
            for id in 0..1000 {
                push.send_multipart([format!("{id:04}"), format!("event-{n}")])
                    .unwrap();
                n += 1;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        n
    });

    let mut got = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while got.len() < 30 {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => got.push(line),
            Err(_) => break,
        }
    }
    done.store(true, Ordering::Relaxed);
    let sent = producer.join().unwrap();
    // Both devices are still running (neither aborted nor exited).
    assert_eq!(hub.0.try_wait().unwrap(), None, "the event hub ended");
    assert_eq!(
        distributor.0.try_wait().unwrap(),
        None,
        "the distributor ended"
    );
    drop(client);
    assert_eq!(
        got.len(),
        30,
        "client printed {got:?} ({sent} events pushed)"
    );
    let mut ids = std::collections::BTreeSet::new();
    for line in &got {
        let (who, what) = line.split_once(' ').expect("who what");
        assert!(
            who.len() == 4 && who.parse::<u32>().unwrap() < 1000,
            "{line}"
        );
        assert!(what.starts_with("event-"), "{line}");
        ids.insert(who.to_owned());
    }
    assert!(ids.len() <= 100, "only its 100 ids: {ids:?}");
    println!(
        "client got {} events for {} distinct ids of its 100 ({sent} pushed), e.g. {:?}",
        got.len(),
        ids.len(),
        &got[..3]
    );
}

#[test]
fn weather_server_and_client_over_epgm() {
    if !netns::ready() {
        return;
    }
    let topo = Topology::new("wu", 2);
    let (a, b) = (topo.host(1), topo.host(2));
    let group = format!("epgm://{};239.192.31.2:7532", netns::Host::IFACE);
    let mut client =
        b.ns.command(example("pgm_wuclient"))
            .args(["--connect", &group, "--zip", "1", "--updates", "100"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
    let lines = lines_of(&mut client);
    let client = Running(client);
    std::thread::sleep(Duration::from_millis(300));
    let _server = Running(
        a.ns.command(example("pgm_wuserver"))
            .args(["--bind", &group, "--rate", "10000"])
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let first = lines.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(first, "Collecting updates from weather server...");
    let result = lines
        .recv_timeout(Duration::from_secs(60))
        .expect("the client averaged 100 updates");
    drop(client);
    assert!(
        result.starts_with("Average temperature for zipcode '1' was ") && result.ends_with('F'),
        "{result}"
    );
    let t: i64 = result
        .trim_start_matches("Average temperature for zipcode '1' was ")
        .trim_end_matches('F')
        .parse()
        .unwrap();
    assert!((-80..135).contains(&t), "{t}");
    println!("{result}");
}
