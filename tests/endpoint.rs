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
