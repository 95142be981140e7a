//! OpenPGM's log lines reach the `log` crate (target "openpgm") instead of stdout. Runs in a
//! private network namespace. The logger is the test process's one (`common::logs`).

use crate::common::netns;

use std::time::Duration;

use netns::NetNs;
use zmq::{Context, SocketType};

#[test]
fn openpgm_warnings_become_log_records() {
    if !netns::ready() {
        return;
    }
    crate::common::logs::install();
    let ns = NetNs::new("log");
    netns::run_in(&ns, || {
        netns::assert_isolated();
        let ctx = Context::new().unwrap();
        let publisher = ctx.socket(SocketType::Pub).unwrap();
        publisher.set_linger(Some(Duration::ZERO)).unwrap();
        // OpenPGM warns that lo is a loopback device when it opens the socket.
        publisher
            .connect("epgm://127.0.0.1;239.192.77.1:7377")
            .unwrap();
        publisher.send("hello").unwrap();
        std::thread::sleep(Duration::from_millis(300));
    });
    let records = crate::common::logs::records("");
    let pgm: Vec<_> = records.iter().filter(|r| r.1 == "openpgm").collect();
    println!("{pgm:#?}");
    assert!(
        pgm.iter()
            .any(|(level, _, msg)| *level == log::Level::Warn && msg.contains("loopback")),
        "no OpenPGM warning routed: {records:?}"
    );
    assert!(
        pgm.iter().all(|(_, _, msg)| !msg.starts_with("Warn:")),
        "level prefix kept"
    );
}
