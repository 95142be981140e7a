//! PGM endpoint parsing and interface checks (the abort-prone cases run in child processes in
//! tests/pgm.rs).

use std::net::IpAddr;

use zmq::endpoint::{check_pgm_interface, parse_pgm};
use zmq::Error;

#[test]
fn parses_pgm() {
    let p = parse_pgm("epgm://eth0;239.192.1.1:5555").unwrap().unwrap();
    assert!(p.encapsulated);
    assert_eq!(p.interface, "eth0");
    assert_eq!(p.groups, ["239.192.1.1".parse::<IpAddr>().unwrap()]);
    assert_eq!(p.port, 5555);
    let two = parse_pgm("pgm://10.0.0.1;239.1.1.1,239.1.1.2:7000")
        .unwrap()
        .unwrap();
    assert!(!two.encapsulated);
    assert_eq!(two.groups.len(), 2);
    let v6 = parse_pgm("epgm://lo;ff02::1:5555").unwrap().unwrap();
    assert_eq!(v6.port, 5555);
    assert_eq!(parse_pgm("tcp://127.0.0.1:5555").unwrap(), None);
    for bad in [
        "epgm://;239.1.1.1:5555",
        "epgm:// ;239.1.1.1:5555",
        "epgm://239.1.1.1:5555",
        "pgm://eth0;239.1.1.1",
        "epgm://eth0;239.1.1.1:0",
        "epgm://eth0;239.1.1.1:99999",
        "epgm://eth0;239.1.1.1:port",
        "epgm://eth0;:5555",
        "epgm://eth0;10.0.0.1:5555",
        "epgm://eth0;example.com:5555",
        "epgm://eth0;239.1.1.1;239.1.1.2:5555",
    ] {
        assert!(
            matches!(parse_pgm(bad), Err(Error::InvalidEndpoint { .. })),
            "{bad}"
        );
    }
}

#[test]
fn interface_checks() {
    // Loopback exists everywhere; it may lack the MULTICAST flag, which is then the error.
    match check_pgm_interface("x", "127.0.0.1", &[]) {
        Ok(()) => {}
        Err(Error::InvalidEndpoint { reason, .. }) => {
            assert!(reason.contains("multicast"), "{reason}")
        }
        Err(e) => panic!("{e:?}"),
    }
    let err = check_pgm_interface("x", "no-such-if0", &[]).unwrap_err();
    assert!(err.to_string().contains("no interface is named"), "{err}");
    let err = check_pgm_interface("x", "192.0.2.77", &[]).unwrap_err();
    assert!(
        err.to_string().contains("no interface has the address"),
        "{err}"
    );
}

#[test]
fn ip_ports_libzmq_would_misread_are_refused() {
    use zmq::endpoint::check_ip_port;
    for ok in [
        "tcp://127.0.0.1:5555",
        "tcp://127.0.0.1:*",
        "tcp://127.0.0.1:0",
        "tcp://[::1]:65535",
        "tcp://127.0.0.1:5555;127.0.0.1:6666",
        "udp://127.0.0.1:5555",
        // libzmq's own EINVAL for these.
        "tcp://127.0.0.1",
        "tcp://127.0.0.1:",
        // Not tcp/udp.
        "ipc:///tmp/x:99999",
        "inproc://a:b",
        "epgm://eth0;239.1.1.1:5555",
    ] {
        assert_eq!(check_ip_port(ok), Ok(()), "{ok}");
    }
    for (bad, libzmq_port) in [
        ("tcp://127.0.0.1:99999", "34463"),
        ("tcp://127.0.0.1:-1", "65535"),
        ("tcp://127.0.0.1:5555x", "5555"),
        ("tcp://127.0.0.1:65536", ""),
        ("tcp://127.0.0.1:+80", "80"),
        ("tcp://127.0.0.1:70000;127.0.0.1:5555", "4464"),
        ("udp://127.0.0.1:123456", "57920"),
    ] {
        match check_ip_port(bad) {
            Err(zmq::Error::InvalidEndpoint { endpoint, reason }) => {
                assert_eq!(endpoint, bad);
                let misread = format!("would use {libzmq_port} instead");
                assert_eq!(
                    reason.contains(&misread),
                    !libzmq_port.is_empty(),
                    "{bad}: {reason}"
                );
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
}
