//! The endpoint checks run before libzmq sees an endpoint (`zmq::endpoint`): `parse_pgm`,
//! `check_pgm_interface` and `check_ip_port` must never panic, whatever `parse_pgm` accepts must
//! be well formed and parse again to the same thing when printed back, and whatever
//! `check_ip_port` accepts has ports libzmq reads as written.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Also try the input behind each PGM scheme, so the fuzzer need not find the prefix.
    for endpoint in [
        text.to_owned(),
        format!("epgm://{text}"),
        format!("pgm://{text}"),
    ] {
        check(&endpoint);
    }
    for endpoint in [format!("tcp://{text}"), format!("udp://{text}")] {
        check_port(&endpoint);
    }
});

fn check_port(endpoint: &str) {
    match zmq::endpoint::check_ip_port(endpoint) {
        Ok(()) => {
            for part in endpoint[6..].split(';') {
                if let Some((_, port)) = part.rsplit_once(':') {
                    assert!(
                        port.is_empty() || port == "*" || port.parse::<u16>().is_ok(),
                        "{endpoint:?} passed with port {port:?}"
                    );
                    assert!(!port.starts_with('+'), "{endpoint:?}");
                }
            }
        }
        Err(e) => {
            assert!(
                matches!(e, zmq::Error::InvalidEndpoint { .. }),
                "{endpoint:?}: {e:?}"
            );
            let _ = e.to_string();
        }
    }
}

fn check(endpoint: &str) {
    let parsed = match zmq::endpoint::parse_pgm(endpoint) {
        Ok(None) => {
            assert!(!endpoint.starts_with("pgm://") && !endpoint.starts_with("epgm://"));
            return;
        }
        Err(e) => {
            assert!(
                matches!(e, zmq::Error::InvalidEndpoint { .. }),
                "{endpoint:?}: {e:?}"
            );
            let _ = e.to_string();
            return;
        }
        Ok(Some(p)) => p,
    };
    assert!(endpoint.starts_with(if parsed.encapsulated {
        "epgm://"
    } else {
        "pgm://"
    }));
    assert!(!parsed.interface.is_empty());
    assert_eq!(parsed.interface.trim(), parsed.interface);
    assert!(!parsed.interface.contains(';'));
    assert_ne!(parsed.port, 0);
    assert!(!parsed.groups.is_empty());
    assert!(parsed.groups.iter().all(|g| g.is_multicast()));

    // Printed back canonically, it parses to the same endpoint.
    let scheme = if parsed.encapsulated { "epgm" } else { "pgm" };
    let groups: Vec<String> = parsed.groups.iter().map(|g| g.to_string()).collect();
    let again = format!(
        "{scheme}://{};{}:{}",
        parsed.interface,
        groups.join(","),
        parsed.port
    );
    let reparsed = zmq::endpoint::parse_pgm(&again)
        .unwrap_or_else(|e| panic!("{endpoint:?} printed as {again:?} fails: {e:?}"))
        .unwrap_or_else(|| panic!("{again:?} not PGM"));
    assert_eq!(reparsed, parsed, "{endpoint:?} -> {again:?}");

    // The machine check: an error is always InvalidEndpoint, never a panic.
    if let Err(e) = zmq::endpoint::check_pgm_interface(endpoint, parsed.interface, &parsed.groups) {
        assert!(matches!(e, zmq::Error::InvalidEndpoint { .. }), "{e:?}");
    }
}
