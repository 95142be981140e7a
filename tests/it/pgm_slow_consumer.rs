//! A PGM subscriber slower than the multicast stream.
//!
//! libzmq 4.3.5 cannot cope with a PGM receiver whose receive pipe (ZMQ_RCVHWM) fills up: the
//! process aborts (`errno_assert` at pgm_receiver.cpp:104, where `restart_input` acts on a stale
//! "pipe has room" command while the pipe is full again) or the receiver stops delivering. This
//! is what stalled the event-chain example (the distributor died with "Resource temporarily
//! unavailable (pgm_receiver.cpp:104)" whenever its proxy fell behind). This crate therefore
//! gives every SUB/XSUB it binds or connects to a PGM endpoint an unbounded receive pipe and
//! refuses to bound it again. These tests show both halves, in a network namespace they create.

use crate::common::netns;

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use netns::NetNs;
use zmq::{opt, Context, Error, SocketType};

fn example(name: &str) -> PathBuf {
    crate::common::procs::example_bin(name)
}

/// Waits for `child` until `limit` (killing it then) and returns its status and stdout.
fn finish(mut child: Child, limit: Duration) -> (ExitStatus, String) {
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("pgm_probe still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    (status, out)
}

fn slow_consumer(ns: &NetNs, raw: bool, endpoint: &str, count: u64) -> (ExitStatus, String) {
    let mut cmd = ns.command(example("pgm_probe"));
    if raw {
        cmd.arg("--raw");
    }
    let child = cmd
        .args(["slow-consumer", endpoint, &count.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    finish(child, Duration::from_secs(60))
}

#[test]
fn a_slow_pgm_subscriber_gets_everything_and_the_process_survives() {
    if !netns::ready() {
        return;
    }
    let ns = NetNs::new("slow");
    const N: u64 = 200_000;
    let endpoint = "epgm://127.0.0.1;239.192.11.1:7611";
    // The subscriber sets RCVHWM 16 and reads in bursts of 64 with 1 ms pauses, well below the
    // stream's pace (10 Mbit/s): its pipe is full most of the time.
    let (status, out) = slow_consumer(&ns, false, endpoint, N);
    println!("through the crate: {status}: {}", out.trim());
    assert_eq!(status.signal(), None, "killed by a signal: {out}");
    assert!(status.success(), "{out}");
    assert_eq!(
        out.lines().last(),
        Some(format!("received {N} of {N} in order").as_str())
    );

    // The control: the same program with the HWM forced back onto the PGM pipe. Not asserted
    // (it is a race inside libzmq), only reported: on the development machine it stopped
    // delivering after 10 000 to 40 000 messages in 5 of 5 runs.
    let (status, out) = slow_consumer(&ns, true, endpoint, N);
    println!(
        "control, RCVHWM 16 on the PGM pipe (raw zmq_setsockopt): {}: {}",
        status
            .signal()
            .map_or(status.to_string(), |s| format!("signal {s}")),
        out.trim()
    );
}

#[test]
fn rcvhwm_stays_zero_on_pgm_receivers() {
    if !netns::ready() {
        return;
    }
    let ns = NetNs::new("hwm");
    netns::run_in(&ns, || {
        netns::assert_isolated();
        let ctx = Context::new().unwrap();
        let endpoint = "epgm://127.0.0.1;239.192.11.2:7612";
        for kind in [SocketType::Sub, SocketType::XSub] {
            let sub = ctx.socket(kind).unwrap();
            sub.set_linger(Some(Duration::ZERO)).unwrap();
            sub.set(opt::RcvHwm, 500).unwrap();
            sub.connect(endpoint).unwrap();
            assert_eq!(sub.get(opt::RcvHwm).unwrap(), 0, "{kind}");
            let err = sub.set(opt::RcvHwm, 100).unwrap_err();
            assert!(
                matches!(&err, Error::InvalidInput { reason, .. } if reason.contains("pgm_receiver.cpp")),
                "{err:?}"
            );
            let err = sub
                .setsockopt_raw(zmq::sys::ZMQ_RCVHWM, &7i32.to_ne_bytes())
                .unwrap_err();
            assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
            sub.set(opt::RcvHwm, 0).unwrap();
            // Other HWMs and other options are untouched.
            sub.set(opt::SndHwm, 10).unwrap();
            assert_eq!(sub.get(opt::SndHwm).unwrap(), 10);
        }
        // Publishers keep their HWMs; sockets not on PGM too.
        let publisher = ctx.socket(SocketType::Pub).unwrap();
        publisher.set_linger(Some(Duration::ZERO)).unwrap();
        publisher.connect(endpoint).unwrap();
        assert_eq!(publisher.get(opt::RcvHwm).unwrap(), 1000);
        publisher.set(opt::RcvHwm, 50).unwrap();
        let tcp_sub = ctx.socket(SocketType::Sub).unwrap();
        tcp_sub.connect("tcp://127.0.0.1:7613").unwrap();
        assert_eq!(tcp_sub.get(opt::RcvHwm).unwrap(), 1000);
        // A refused PGM endpoint leaves the HWM as it was.
        let refused = ctx.socket(SocketType::Sub).unwrap();
        refused.set(opt::RcvHwm, 300).unwrap();
        assert!(refused
            .connect("epgm://nosuchif0;239.192.11.3:7614")
            .is_err());
        assert_eq!(refused.get(opt::RcvHwm).unwrap(), 300);
        refused.set(opt::RcvHwm, 200).unwrap();
    });
}
