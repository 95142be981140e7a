//! Endpoint checks run before libzmq sees an endpoint.
//!
//! libzmq accepts some endpoints in `zmq_bind`/`zmq_connect` and then aborts the whole process in
//! its I/O thread when it cannot open them (`zmq_assert` in `pgm_socket_t::init`). The known cases
//! are PGM endpoints: an empty or unusable interface, `pgm://` without `CAP_NET_RAW`, and PGM on a
//! socket type other than PUB, XPUB, SUB or XSUB. Those are refused here with
//! [`Error::InvalidEndpoint`], naming the problem.
//!
//! libzmq also reads a `tcp://`/`udp://` port with `atoi` and a 16-bit cast, so a port such as
//! `99999`, `-1` or `5555x` silently binds or connects another port; [`check_ip_port`] refuses
//! those.
//!
//! The PGM grammar accepted (`zmq_pgm(7)`): `(e)pgm://<interface>;<group>[,<group>...]:<port>`,
//! where the interface is the name of an existing, up, multicast-capable interface
//! (`eth0`, `lo`) or one of its IPv4/IPv6 addresses, the groups are IPv4 multicast addresses
//! (224.0.0.0/4) or IPv6 ones (ff00::/8, in brackets when a port follows is not needed: the port
//! is after the last `:`), and the port is 1..=65535.

use std::net::IpAddr;

use crate::error::{Error, Result};
use crate::socket::SocketType;

/// The parts of a PGM endpoint, as validated by [`parse_pgm`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgmEndpoint<'a> {
    /// `true` for `epgm://` (PGM over UDP), `false` for `pgm://` (raw PGM, needs `CAP_NET_RAW`).
    pub encapsulated: bool,
    /// The interface name or address, as written.
    pub interface: &'a str,
    /// The multicast groups.
    pub groups: Vec<IpAddr>,
    /// The port.
    pub port: u16,
}

fn bad(endpoint: &str, reason: impl Into<String>) -> Error {
    Error::InvalidEndpoint {
        endpoint: endpoint.to_owned(),
        reason: reason.into(),
    }
}

/// Parses and checks the syntax of a PGM endpoint; `Ok(None)` for other transports. Does not look
/// at the machine (see [`check_pgm_interface`]).
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
            "PGM needs `<interface>;<group>:<port>` (no `;` after the interface)",
        )
    })?;
    if interface.trim().is_empty() {
        return Err(bad(
            endpoint,
            "PGM interface is empty: name one, e.g. `eth0;` or `192.168.1.10;`",
        ));
    }
    if interface.trim() != interface {
        return Err(bad(endpoint, "PGM interface has surrounding spaces"));
    }
    let (groups_text, port_text) = network
        .rsplit_once(':')
        .ok_or_else(|| bad(endpoint, "PGM address needs `:<port>` after the group"))?;
    if groups_text.contains(';') {
        return Err(bad(
            endpoint,
            "separate send/receive groups (`;` in the group part) are not supported",
        ));
    }
    if groups_text.is_empty() {
        return Err(bad(endpoint, "PGM multicast group is empty"));
    }
    let port: u16 = port_text.parse().ok().filter(|p| *p != 0).ok_or_else(|| {
        bad(
            endpoint,
            format!("PGM port {port_text:?} is not in 1..=65535"),
        )
    })?;
    let mut groups = Vec::new();
    for g in groups_text.split(',') {
        let g = g.trim_start_matches('[').trim_end_matches(']');
        let addr: IpAddr = g.parse().map_err(|_| {
            bad(
                endpoint,
                format!("PGM group {g:?} is not a numeric IP address"),
            )
        })?;
        if !addr.is_multicast() {
            return Err(bad(
                endpoint,
                format!("PGM group {addr} is not multicast (224.0.0.0/4 or ff00::/8)"),
            ));
        }
        groups.push(addr);
    }
    Ok(Some(PgmEndpoint {
        encapsulated,
        interface,
        groups,
        port,
    }))
}

/// One interface of this machine (of the calling thread's network namespace).
#[derive(Debug, Clone)]
struct Interface {
    name: String,
    addr: Option<IpAddr>,
    up: bool,
    multicast: bool,
    loopback: bool,
}

fn interfaces() -> Vec<Interface> {
    let mut out = Vec::new();
    let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs allocates a list we free below with freeifaddrs.
    if unsafe { libc::getifaddrs(&mut list) } != 0 {
        return out;
    }
    let mut cur = list;
    while !cur.is_null() {
        // SAFETY: cur is a node of the list returned by getifaddrs, valid until freeifaddrs.
        let ifa = unsafe { &*cur };
        // SAFETY: ifa_name is a NUL-terminated string owned by the list.
        let name = unsafe { std::ffi::CStr::from_ptr(ifa.ifa_name) }
            .to_string_lossy()
            .into_owned();
        let addr = if ifa.ifa_addr.is_null() {
            None
        } else {
            // SAFETY: ifa_addr points at a sockaddr whose family says which struct it is.
            unsafe {
                match i32::from((*ifa.ifa_addr).sa_family) {
                    libc::AF_INET => {
                        let sin = &*(ifa.ifa_addr as *const libc::sockaddr_in);
                        Some(IpAddr::from(
                            u32::from_be(sin.sin_addr.s_addr).to_be_bytes(),
                        ))
                    }
                    libc::AF_INET6 => {
                        let sin6 = &*(ifa.ifa_addr as *const libc::sockaddr_in6);
                        Some(IpAddr::from(sin6.sin6_addr.s6_addr))
                    }
                    _ => None,
                }
            }
        };
        let flags = ifa.ifa_flags as libc::c_int;
        out.push(Interface {
            name,
            addr,
            up: flags & libc::IFF_UP != 0,
            multicast: flags & libc::IFF_MULTICAST != 0,
            loopback: flags & libc::IFF_LOOPBACK != 0,
        });
        cur = ifa.ifa_next;
    }
    // SAFETY: list came from getifaddrs and is freed once.
    unsafe { libc::freeifaddrs(list) };
    out
}

/// Checks that a PGM interface (a name or an address) exists in the calling thread's network
/// namespace, is up, can do multicast, and has an address of the groups' family (IPv4 for
/// 224.0.0.0/4, IPv6 for ff00::/8): OpenPGM cannot open the socket otherwise, and libzmq aborts.
/// `groups` may be empty to skip the family check.
pub fn check_pgm_interface(endpoint: &str, interface: &str, groups: &[IpAddr]) -> Result<()> {
    let all = interfaces();
    let wanted_addr: Option<IpAddr> = interface.parse().ok();
    let matching: Vec<&Interface> = all
        .iter()
        .filter(|i| match wanted_addr {
            Some(a) => i.addr == Some(a),
            None => i.name == interface,
        })
        .collect();
    let Some(first) = matching.first() else {
        let names: std::collections::BTreeSet<&str> = all.iter().map(|i| i.name.as_str()).collect();
        let what = if wanted_addr.is_some() {
            "no interface has the address"
        } else {
            "no interface is named"
        };
        return Err(bad(
            endpoint,
            format!(
                "{what} {interface:?} (interfaces here: {})",
                names.into_iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    };
    if !first.up {
        return Err(bad(endpoint, format!("interface {} is down", first.name)));
    }
    if !first.multicast {
        return Err(bad(
            endpoint,
            format!(
                "interface {} cannot do multicast (e.g. `ip link set {} multicast on`)",
                first.name, first.name
            ),
        ));
    }
    if wanted_addr.is_none() && first.loopback {
        return Err(bad(
            endpoint,
            format!(
                "OpenPGM does not accept the loopback device by name: use its address (e.g. 127.0.0.1) instead of {:?}",
                first.name
            ),
        ));
    }
    for group in groups {
        let usable = match wanted_addr {
            // An address names one address: it must be of the group's family.
            Some(a) => a.is_ipv4() == group.is_ipv4(),
            // A name: the interface needs an address of the group's family (IPv6: not only a
            // link-local one).
            None => all.iter().any(|i| {
                i.name == first.name
                    && match i.addr {
                        Some(IpAddr::V4(_)) => group.is_ipv4(),
                        Some(IpAddr::V6(v6)) => {
                            group.is_ipv6() && (v6.segments()[0] & 0xffc0) != 0xfe80
                        }
                        None => false,
                    }
            }),
        };
        if !usable {
            let family = if group.is_ipv4() { "IPv4" } else { "IPv6" };
            return Err(bad(
                endpoint,
                format!(
                    "interface {interface:?} has no {family} address for the {family} group {group}"
                ),
            ));
        }
    }
    Ok(())
}

/// The largest `ZMQ_RATE` (kbit/s) for which libzmq's `options.rate * 1000` (an `int`
/// product, pgm_socket.cpp:211) does not overflow: signed overflow is undefined behaviour in C.
pub const PGM_MAX_RATE: i32 = i32::MAX / 1000;

/// The largest transmit/receive window, in packets, OpenPGM accepts (`PGM_TXW_SQNS` /
/// `PGM_RXW_SQNS` must be below `UINT32_MAX / 2 - 1`, socket.c).
pub const PGM_MAX_WINDOW_SQNS: u64 = (u32::MAX / 2 - 2) as u64;

/// libzmq's PGM window in packets (`pgm_socket_t::compute_sqns`, pgm_socket.cpp:642):
/// `RECOVERY_IVL (ms) × (RATE / 8) (bytes/ms) / MAX_TPDU`, at least 1, in 64 bits.
pub fn pgm_window_sqns(rate: i32, recovery_ivl_ms: i32, max_tpdu: i32) -> u64 {
    let rate = u64::try_from(rate).unwrap_or(0) / 8;
    let size = u64::try_from(recovery_ivl_ms).unwrap_or(0) * rate;
    (size / u64::try_from(max_tpdu).unwrap_or(1).max(1)).max(1)
}

/// Checks the socket options OpenPGM asserts on when the PGM socket opens (libzmq then aborts):
/// `ZMQ_RATE` in 1..=[`PGM_MAX_RATE`] kbit/s (libzmq's `int` product `rate * 1000` overflows
/// beyond) and at least one TPDU per second (`RATE × 125 >= MULTICAST_MAXTPDU` bytes),
/// `ZMQ_MULTICAST_MAXTPDU` in 36..=65535, `ZMQ_MULTICAST_HOPS` in 1..=255, and the window the
/// options make together (`RECOVERY_IVL × RATE / 8 / MAX_TPDU` packets, see
/// [`pgm_window_sqns`]) at most [`PGM_MAX_WINDOW_SQNS`]: libzmq casts it to `int` and OpenPGM
/// refuses larger windows, after which libzmq aborts (session_base.cpp:700 for PUB, :711 for
/// SUB).
pub(crate) fn check_pgm_options(endpoint: &str, socket: &crate::Socket) -> Result<()> {
    use crate::opt;
    let rate = socket.get(opt::Rate)?;
    let tpdu = socket.get(opt::MulticastMaxTpdu)?;
    let hops = socket.get(opt::MulticastHops)?;
    if !(36..=65535).contains(&tpdu) {
        return Err(bad(
            endpoint,
            format!("ZMQ_MULTICAST_MAXTPDU {tpdu} is outside 36..=65535, which OpenPGM requires"),
        ));
    }
    if !(1..=PGM_MAX_RATE).contains(&rate) {
        return Err(bad(
            endpoint,
            format!(
                "ZMQ_RATE {rate} kbit/s is outside 1..={PGM_MAX_RATE}, beyond which libzmq's \
                 rate * 1000 overflows an int"
            ),
        ));
    }
    let ivl = socket.get(opt::RecoveryIvl)?;
    let ivl_ms = i32::try_from(ivl.as_millis()).unwrap_or(i32::MAX);
    let sqns = pgm_window_sqns(rate, ivl_ms, tpdu);
    if sqns > PGM_MAX_WINDOW_SQNS {
        return Err(bad(
            endpoint,
            format!(
                "ZMQ_RECOVERY_IVL {ivl_ms} ms at ZMQ_RATE {rate} kbit/s with \
                 ZMQ_MULTICAST_MAXTPDU {tpdu} makes a window of {sqns} packets; OpenPGM takes at \
                 most {PGM_MAX_WINDOW_SQNS} (shorten the recovery interval or lower the rate)"
            ),
        ));
    }
    if i64::from(rate) * 125 < i64::from(tpdu) {
        return Err(bad(
            endpoint,
            format!(
                "ZMQ_RATE {rate} kbit/s is below one ZMQ_MULTICAST_MAXTPDU ({tpdu} bytes) per second; \
                 raise the rate to at least {} kbit/s or lower the TPDU",
                (i64::from(tpdu) + 124) / 125
            ),
        ));
    }
    if !(1..=255).contains(&hops) {
        return Err(bad(
            endpoint,
            format!("ZMQ_MULTICAST_HOPS {hops} is outside 1..=255"),
        ));
    }
    Ok(())
}

/// Whether this process may open raw PGM sockets: effective uid 0 or `CAP_NET_RAW` in the
/// effective capability set.
pub fn has_cap_net_raw() -> bool {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        // Root may still have had its capabilities dropped: look at CapEff when readable.
        return effective_caps().is_none_or(|caps| caps & (1 << 13) != 0);
    }
    effective_caps().is_some_and(|caps| caps & (1 << 13) != 0)
}

/// CapEff of /proc/self/status (bit 13 = CAP_NET_RAW).
fn effective_caps() -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("CapEff:"))
                .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
        })
}

/// Checks the port of a `tcp://` or `udp://` endpoint (each side of a `tcp://source;dest`
/// pair): `*`, or a decimal number in 0..=65535. Other transports pass unchecked.
///
/// libzmq 4.3.5 reads the port with `atoi` and casts it to 16 bits (`ip_resolver_t::resolve`),
/// so `tcp://127.0.0.1:99999` binds port 34463, `:-1` binds 65535 and `:5555x` binds 5555, all
/// without an error. Those are refused here with [`Error::InvalidEndpoint`]. Endpoints libzmq
/// refuses itself (no port, an empty port) pass through to get libzmq's own `EINVAL`.
pub fn check_ip_port(endpoint: &str) -> Result<()> {
    let Some(address) = endpoint
        .strip_prefix("tcp://")
        .or_else(|| endpoint.strip_prefix("udp://"))
    else {
        return Ok(());
    };
    for part in address.split(';') {
        let Some((_, port)) = part.rsplit_once(':') else {
            continue;
        };
        if port.is_empty() || port == "*" {
            continue;
        }
        let valid = port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| p <= 65535);
        if !valid {
            let misread = match atoi_u16(port) {
                0 => String::new(),
                p => format!(" (libzmq would use {p} instead)"),
            };
            return Err(bad(
                endpoint,
                format!("port {port:?} is not `*` or a number in 0..=65535{misread}"),
            ));
        }
    }
    Ok(())
}

/// What libzmq 4.3.5 makes of a port: `(uint16_t) atoi (port)`.
fn atoi_u16(text: &str) -> u16 {
    let t = text.trim_start();
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut v: i64 = 0;
    for b in digits.bytes().take_while(u8::is_ascii_digit) {
        v = (v * 10 + i64::from(b - b'0')) % (1 << 32);
    }
    let v = if neg { -v } else { v };
    v as u16
}

/// Refuses endpoints (and, for PGM, option values) libzmq would accept and then abort on, or
/// silently read as another endpoint (see [`check_ip_port`]).
/// `Ok(true)`: the endpoint makes `socket` a PGM receiver (a SUB or XSUB on a PGM endpoint that
/// libzmq supports).
pub(crate) fn check_before_libzmq(endpoint: &str, socket: &crate::Socket) -> Result<bool> {
    check_ip_port(endpoint)?;
    crate::guard::check_endpoint(endpoint, socket)?;
    let Some(pgm) = parse_pgm(endpoint)? else {
        return Ok(false);
    };
    let kind = socket.socket_type()?;
    if !matches!(
        kind,
        SocketType::Pub | SocketType::XPub | SocketType::Sub | SocketType::XSub
    ) {
        return Err(bad(
            endpoint,
            format!("PGM works only with PUB, XPUB, SUB and XSUB sockets, not {kind}"),
        ));
    }
    if !crate::has("pgm") {
        // libzmq answers EPROTONOSUPPORT itself: nothing can abort.
        return Ok(false);
    }
    check_pgm_interface(endpoint, pgm.interface, &pgm.groups)?;
    check_pgm_options(endpoint, socket)?;
    if !pgm.encapsulated && !has_cap_net_raw() {
        return Err(Error::InvalidEndpoint {
            endpoint: endpoint.to_owned(),
            reason: "permission denied: pgm:// needs CAP_NET_RAW (run as root, grant the \
                     capability, or use epgm://, PGM over UDP)"
                .into(),
        });
    }
    Ok(matches!(kind, SocketType::Sub | SocketType::XSub))
}
