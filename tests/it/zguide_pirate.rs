//! Runs the chapter 4 Pirate ports (`lpclient`, `lpserver`, `spqueue`, `spworker`, `ppqueue`,
//! `ppworker`) as real processes: the Lazy Pirate client's retries and abandonment, recovery
//! from the servers' simulated crashes (the test restarts crashed programs, as an operator
//! would), workers killed with SIGKILL, and heartbeat failure detection both ways. Build them
//! first: `cargo build --example lpclient --example lpserver ...`.
//!
//! Each test has its own `ZGUIDE_PORT_OFFSET` (4000-4999) and `ZGUIDE_IPC_DIR`, and shortens
//! the Guide's seconds with `ZGUIDE_TIME_SCALE`; `lpclient` takes its request count, timeout
//! and retries as arguments.

#![allow(dead_code)] // Not every test file uses every piece of the shared process harness.

use crate::common::procs::*;

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
