//! Endpoint checks run before libzmq sees an endpoint.
//!
//! libzmq accepts some endpoints in `zmq_bind`/`zmq_connect` and then aborts the whole process in
//! its I/O thread when it cannot open them. The known cases are PGM endpoints: an empty or
//! missing interface, `pgm://` without `CAP_NET_RAW`, and PGM on a socket type other than PUB,
//! XPUB, SUB or XSUB. Those are refused here with [`Error::InvalidEndpoint`].

use crate::error::{Error, Result};
use crate::socket::SocketType;

/// The parts of `(e)pgm://<interface>;<group>:<port>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgmEndpoint<'a> {
    /// `true` for `epgm://` (PGM over UDP), `false` for `pgm://` (raw PGM, needs `CAP_NET_RAW`).
    pub encapsulated: bool,
    /// The interface name or address.
    pub interface: &'a str,
    /// The multicast group(s), as written.
    pub groups: &'a str,
    /// The port.
    pub port: u16,
}

fn bad(endpoint: &str, reason: impl Into<String>) -> Error {
    Error::InvalidEndpoint {
        endpoint: endpoint.to_owned(),
        reason: reason.into(),
    }
}

/// Parses a PGM endpoint; `Ok(None)` for other transports.
pub fn parse_pgm(endpoint: &str) -> Result<Option<PgmEndpoint<'_>>> {
    let (encapsulated, rest) = if let Some(rest) = endpoint.strip_prefix("epgm://") {
        (true, rest)
    } else if let Some(rest) = endpoint.strip_prefix("pgm://") {
        (false, rest)
    } else {
        return Ok(None);
    };
    let (interface, network) = rest.split_once(';').ok_or_else(|| {
        bad(
            endpoint,
            "PGM needs `<interface>;<group>:<port>` (no `;` found)",
        )
    })?;
    if interface.trim().is_empty() {
        return Err(bad(endpoint, "PGM interface is empty"));
    }
    let (groups, port) = network
        .rsplit_once(':')
        .ok_or_else(|| bad(endpoint, "PGM address needs `:<port>`"))?;
    if groups.is_empty() {
        return Err(bad(endpoint, "PGM multicast group is empty"));
    }
    let port: u16 = port
        .parse()
        .ok()
        .filter(|p| *p != 0)
        .ok_or_else(|| bad(endpoint, format!("PGM port {port:?} is not in 1..=65535")))?;
    Ok(Some(PgmEndpoint {
        encapsulated,
        interface,
        groups,
        port,
    }))
}

fn has_cap_net_raw() -> bool {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        return true;
    }
    // CapEff in /proc/self/status, bit 13 = CAP_NET_RAW.
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("CapEff:"))
                .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
        })
        .is_some_and(|caps| caps & (1 << 13) != 0)
}

/// Refuses endpoints libzmq would accept and then abort on. `socket_type` is asked only for PGM.
pub(crate) fn check_before_libzmq(
    endpoint: &str,
    socket_type: impl FnOnce() -> Result<SocketType>,
) -> Result<()> {
    let Some(pgm) = parse_pgm(endpoint)? else {
        return Ok(());
    };
    let kind = socket_type()?;
    if !matches!(
        kind,
        SocketType::Pub | SocketType::XPub | SocketType::Sub | SocketType::XSub
    ) {
        return Err(bad(
            endpoint,
            format!("PGM works only with PUB, XPUB, SUB and XSUB sockets, not {kind}"),
        ));
    }
    if !pgm.encapsulated && !has_cap_net_raw() {
        return Err(bad(
            endpoint,
            "pgm:// needs CAP_NET_RAW (run as root or use epgm://, PGM over UDP)",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pgm() {
        let p = parse_pgm("epgm://eth0;239.192.1.1:5555").unwrap().unwrap();
        assert!(p.encapsulated);
        assert_eq!(
            (p.interface, p.groups, p.port),
            ("eth0", "239.192.1.1", 5555)
        );
        assert_eq!(parse_pgm("tcp://127.0.0.1:5555").unwrap(), None);
        for bad in [
            "epgm://;239.1.1.1:5555",
            "epgm://239.1.1.1:5555",
            "pgm://eth0;239.1.1.1",
            "epgm://eth0;239.1.1.1:0",
            "epgm://eth0;239.1.1.1:99999",
            "epgm://eth0;:5555",
        ] {
            assert!(
                matches!(parse_pgm(bad), Err(Error::InvalidEndpoint { .. })),
                "{bad}"
            );
        }
    }
}
