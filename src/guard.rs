//! Guards against inputs that libzmq 4.3.5 accepts and then aborts the process on (an
//! `errno_assert`/`zmq_assert` reached later, often in an I/O thread), or that corrupt its memory.
//!
//! Each check here refuses such an input with [`Error::InvalidInput`] or
//! [`Error::InvalidEndpoint`] before libzmq sees it. The inventory of libzmq's and OpenPGM's assert
//! sites, with the argument why the others cannot be reached from API values, is
//! `docs/libzmq-asserts.md`; each guard has a child-process test in `tests/aborts.rs` whose
//! control shows the abort without the guard. The PGM endpoint and option checks live in
//! [`crate::endpoint`].
//!
//! | input | libzmq site | guard |
//! |---|---|---|
//! | `ZMQ_PRIORITY` > 6 without `CAP_NET_ADMIN` | `set_socket_priority`, ip.cpp:212 | [`check_setsockopt`], [`check_endpoint`] |
//! | a `tcp://` host over 255 bytes (fatal with `ZMQ_SOCKS_PROXY`) | `socks_request_t`, socks.cpp:198 | [`check_endpoint`] |
//! | the same `ZMQ_CONNECT_ROUTING_ID` for two connects of one ROUTER/STREAM | router.cpp:438, stream.cpp:254 | [`SocketGuard`] |
//! | a RADIO/DGRAM message larger than the UDP engine's 8192-byte buffer | `udp_engine_t::out_event`, udp_engine.cpp:443/450 (overflow) | [`SocketGuard::check_send`] |
//! | a socket other than REP/ROUTER/SERVER bound to `inproc://zeromq.zap.01` | `session_base_t::zap_connect`, session_base.cpp:343 | [`check_endpoint`] |
//! | a DGRAM on an IPv6 `udp://` endpoint (or with `ZMQ_IPV6`) | `udp_engine_t::in_event`, udp_engine.cpp:535 | [`check_endpoint`] |
//! | a RADIO/DGRAM with a `udp://` endpoint as a `zmq_proxy` socket | udp_engine.cpp:443/450 (overflow) | [`check_proxy_ends`] |
//! | `ZMQ_MAX_SOCKETS` above `ZMQ_SOCKET_LIMIT` | `ctx_t::start`, ctx.cpp:395 | [`check_ctx_option`] |
//! | `ZMQ_IO_THREADS` above [`MAX_IO_THREADS`] or half of `RLIMIT_NOFILE` | `epoll_t::epoll_t`, epoll.cpp:38; `thread_t::start`, thread.cpp:224 | [`check_ctx_option`] |
//! | `zmq_poll` with more items than `RLIMIT_NOFILE` | `zmq_poll`, zmq.cpp:966 | [`check_poll_items`] |

use std::cell::{Cell, RefCell};
use std::os::raw::c_int;

use crate::auth::ZAP_ENDPOINT;
use crate::error::{Error, Result};
use crate::message::Message;
use crate::socket::{Socket, SocketType};
use crate::sys;

/// The UDP engine's datagram buffer (`MAX_UDP_MSG` in udp_engine.hpp): `udp_engine_t::out_event`
/// copies a RADIO datagram (1 length byte, the group, the body) or a DGRAM body into it without a
/// bounds check.
#[cfg_attr(not(zmq_has_draft), allow(dead_code))]
pub const MAX_UDP_DATAGRAM: usize = 8192;

/// The most I/O threads [`check_ctx_option`] accepts for `ZMQ_IO_THREADS`. libzmq starts them all
/// when the first socket is created and aborts (`posix_assert` after `pthread_create`,
/// thread.cpp:224) when the system refuses one; libzmq's guide recommends one thread per
/// gigabyte per second of traffic, so this leaves ample room.
pub const MAX_IO_THREADS: i32 = 1024;

/// The longest host part libzmq can put in a SOCKS5 connect request (a one-byte length):
/// `socks_request_t` asserts it (socks.cpp:198) in the I/O thread, after `zmq_connect` returned.
pub const MAX_TCP_HOST: usize = 255;

/// `ZMQ_PRIORITY` values any process may set (`SO_PRIORITY` 0..=6); others need `CAP_NET_ADMIN`.
const MAX_UNPRIVILEGED_PRIORITY: i32 = 6;

/// `ZMQ_PRIORITY` (draft in libzmq 4.3.5; the same number in every build).
const ZMQ_PRIORITY: c_int = 112;

fn invalid_value(reason: String) -> Error {
    Error::invalid("option value", reason)
}

fn bad_endpoint(endpoint: &str, reason: String) -> Error {
    Error::InvalidEndpoint {
        endpoint: endpoint.to_owned(),
        reason,
    }
}

/// Whether the calling thread has `CAP_NET_ADMIN` (bit 12) in its effective set. libzmq's
/// I/O threads inherit the set of the thread that created the context's first socket; the
/// calling thread is the best available witness.
pub fn has_cap_net_admin() -> bool {
    let status = std::fs::read_to_string("/proc/thread-self/status")
        .or_else(|_| std::fs::read_to_string("/proc/self/status"));
    match status {
        Ok(s) => s
            .lines()
            .find_map(|l| l.strip_prefix("CapEff:"))
            .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
            .is_some_and(|caps| caps & (1 << 12) != 0),
        Err(_) => {
            // No /proc: only root is known to have it.
            // SAFETY: geteuid has no preconditions.
            let euid = unsafe { libc::geteuid() };
            euid == 0
        }
    }
}

/// `ZMQ_PRIORITY` above 6 makes the kernel refuse `SO_PRIORITY` with `EPERM` unless the process
/// has `CAP_NET_ADMIN`, and libzmq's `set_socket_priority` answers with `errno_assert`
/// (ip.cpp:212) when it opens a TCP or WebSocket connection or listener.
fn check_priority(value: i32) -> Result<()> {
    if value > MAX_UNPRIVILEGED_PRIORITY && !has_cap_net_admin() {
        return Err(invalid_value(format!(
            "ZMQ_PRIORITY {value} needs CAP_NET_ADMIN (without it only 0..=6): the kernel \
             refuses SO_PRIORITY and libzmq 4.3.5 aborts the process (ip.cpp:212)"
        )));
    }
    Ok(())
}

/// Checks a value for `zmq_setsockopt` ([`Socket::set`], [`Socket::setsockopt_raw`] and the
/// device's options by name all end here).
pub(crate) fn check_setsockopt(option: c_int, value: &[u8]) -> Result<()> {
    if option == ZMQ_PRIORITY {
        if let Ok(bytes) = <[u8; 4]>::try_from(value) {
            check_priority(i32::from_ne_bytes(bytes))?;
        }
    }
    Ok(())
}

/// Checks an endpoint before `zmq_bind`/`zmq_connect` (called by
/// [`crate::endpoint::check_before_libzmq`]).
pub(crate) fn check_endpoint(endpoint: &str, socket: &Socket) -> Result<()> {
    if let Some(address) = endpoint.strip_prefix("tcp://") {
        // socks_connecter_t::parse_address: everything before the last ':', without brackets.
        let host = address.rsplit_once(':').map_or(address, |(h, _)| h);
        let host = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        if host.len() > MAX_TCP_HOST {
            return Err(bad_endpoint(
                endpoint,
                format!(
                    "the host part is {} bytes, longer than {MAX_TCP_HOST}: no host name is, and \
                     through a SOCKS proxy libzmq 4.3.5 aborts the process (socks.cpp:198)",
                    host.len()
                ),
            ));
        }
    }
    if endpoint == ZAP_ENDPOINT {
        let kind = socket.socket_type()?;
        let zap_capable = matches!(kind, SocketType::Rep | SocketType::Router);
        #[cfg(zmq_has_draft)]
        let zap_capable = zap_capable || kind == SocketType::Server;
        if !zap_capable {
            return Err(bad_endpoint(
                endpoint,
                format!(
                    "the ZAP handler endpoint takes a REP, ROUTER or SERVER socket, not {kind}: \
                     libzmq 4.3.5 aborts the process (session_base.cpp:343) at the first \
                     handshake that asks it"
                ),
            ));
        }
    }
    #[cfg(zmq_has_draft)]
    if let Some(address) = endpoint.strip_prefix("udp://") {
        if socket.socket_type()? == SocketType::Dgram {
            let host = address.rsplit_once(':').map_or(address, |(h, _)| h);
            let mut ipv6 = [0u8; 4];
            socket.getsockopt_raw(sys::ZMQ_IPV6, &mut ipv6)?;
            if host.contains(':') || host.contains('[') || i32::from_ne_bytes(ipv6) != 0 {
                return Err(bad_endpoint(
                    endpoint,
                    "DGRAM over UDP is IPv4 only: libzmq 4.3.5 aborts the process \
                     (udp_engine.cpp:535) on the first datagram an IPv6 socket receives \
                     (clear ZMQ_IPV6 and use an IPv4 address)"
                        .into(),
                ));
            }
        }
    }
    let opens_tcp = endpoint.starts_with("tcp://")
        || endpoint.starts_with("ws://")
        || endpoint.starts_with("wss://");
    if opens_tcp && cfg!(zmq_has_draft) {
        // The value may have been set while the capability was still there.
        let mut buf = [0u8; 4];
        if socket.getsockopt_raw(ZMQ_PRIORITY, &mut buf).is_ok() {
            check_priority(i32::from_ne_bytes(buf)).map_err(|e| match e {
                Error::InvalidInput { reason, .. } => bad_endpoint(endpoint, reason),
                other => other,
            })?;
        }
    }
    Ok(())
}

/// Checks a context option for `zmq_ctx_set`. `ctx` is the live context (to read
/// `ZMQ_SOCKET_LIMIT`).
pub(crate) fn check_ctx_option(
    ctx: *mut std::os::raw::c_void,
    option: c_int,
    value: c_int,
) -> Result<()> {
    if option == sys::ZMQ_MAX_SOCKETS {
        // SAFETY: ctx is a live context (the caller's handle keeps it alive).
        let limit = unsafe { sys::zmq_ctx_get(ctx, sys::ZMQ_SOCKET_LIMIT) };
        if limit > 0 && value > limit {
            return Err(Error::invalid(
                "context option value",
                format!(
                    "ZMQ_MAX_SOCKETS {value} is above ZMQ_SOCKET_LIMIT {limit}: libzmq 4.3.5 \
                     sizes its slot table from it when the first socket is created and aborts \
                     the process (ctx.cpp:395 overflows, or the allocation fails)"
                ),
            ));
        }
    }
    if option == sys::ZMQ_IO_THREADS {
        // Each I/O thread opens an epoll descriptor and a mailbox eventfd; the reaper two more.
        let fd_bound = nofile_limit().map_or(u64::MAX, |n| n.saturating_sub(FD_HEADROOM) / 2);
        if value > MAX_IO_THREADS || (value > 0 && value as u64 > fd_bound) {
            return Err(Error::invalid(
                "context option value",
                format!(
                    "ZMQ_IO_THREADS {value} is above {}: libzmq 4.3.5 starts every I/O thread \
                     (two file descriptors each) with the first socket and aborts the process \
                     when the system refuses one (epoll.cpp:38, thread.cpp:224)",
                    fd_bound.min(MAX_IO_THREADS as u64)
                ),
            ));
        }
    }
    Ok(())
}

/// Descriptors kept free for everything but the I/O threads when bounding `ZMQ_IO_THREADS`.
const FD_HEADROOM: u64 = 64;

/// The soft `RLIMIT_NOFILE`, if finite.
fn nofile_limit() -> Option<u64> {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } != 0
        || lim.rlim_cur == libc::RLIM_INFINITY
    {
        return None;
    }
    #[allow(clippy::unnecessary_cast)] // rlim_t is not u64 on every target
    Some(lim.rlim_cur as u64)
}

/// Checks the number of items of a `zmq_poll` call: `poll(2)` refuses more descriptors than
/// `RLIMIT_NOFILE` with `EINVAL`, and libzmq answers with `errno_assert` (zmq.cpp:966).
pub(crate) fn check_poll_items(n: usize) -> Result<()> {
    match nofile_limit() {
        Some(limit) if n as u64 > limit => Err(Error::invalid(
            "poll items",
            format!(
                "{n} items, more than RLIMIT_NOFILE ({limit}): poll(2) refuses them and libzmq \
                 4.3.5 aborts the process (zmq.cpp:966)"
            ),
        )),
        _ => Ok(()),
    }
}

/// `zmq_proxy` moves messages inside libzmq, past [`SocketGuard::check_send`]: a RADIO or DGRAM
/// with a `udp://` endpoint cannot be one of its sockets (a large message from the other side
/// would overrun the UDP engine's buffer, udp_engine.cpp:443/450).
pub(crate) fn check_proxy_ends(sockets: &[&Socket]) -> Result<()> {
    for socket in sockets {
        if !socket.guard.udp.get() {
            continue;
        }
        let kind = socket.socket_type()?;
        #[cfg(zmq_has_draft)]
        if matches!(kind, SocketType::Radio | SocketType::Dgram) {
            return Err(Error::invalid(
                "proxy socket",
                format!(
                    "a {kind} with a udp:// endpoint cannot be a zmq_proxy socket: libzmq 4.3.5 \
                     would pass it messages over {MAX_UDP_DATAGRAM} bytes unchecked and overrun \
                     its UDP buffer (udp_engine.cpp:443/450); use a steerable proxy or a loop"
                ),
            ));
        }
        let _ = kind;
    }
    Ok(())
}

/// Per-socket state of the guards (kept in [`Socket`]).
#[derive(Debug, Default)]
pub(crate) struct SocketGuard {
    /// `ZMQ_CONNECT_ROUTING_ID` set and not yet taken by a connect.
    pending_connect_id: RefCell<Option<Vec<u8>>>,
    /// Connect routing ids taken, with the endpoint that took each (released by a disconnect).
    connect_ids: RefCell<Vec<(String, Vec<u8>)>>,
    /// Bound or connected to a `udp://` endpoint (RADIO, DGRAM): sends are bounded by
    /// [`MAX_UDP_DATAGRAM`].
    udp: Cell<bool>,
}

impl SocketGuard {
    /// Records a `ZMQ_CONNECT_ROUTING_ID` libzmq accepted.
    pub(crate) fn after_setsockopt(&self, option: c_int, value: &[u8]) {
        if option == sys::ZMQ_CONNECT_ROUTING_ID {
            *self.pending_connect_id.borrow_mut() = Some(value.to_vec());
        }
    }

    /// Before `zmq_connect`: libzmq gives the next connected pipe of a ROUTER or STREAM the
    /// pending `ZMQ_CONNECT_ROUTING_ID` and asserts that no pipe has it yet (router.cpp:438,
    /// stream.cpp:254), so a routing id this socket already gave to a connection is refused.
    pub(crate) fn before_connect(&self, endpoint: &str) -> Result<()> {
        let pending = self.pending_connect_id.borrow();
        let Some(id) = pending.as_ref() else {
            return Ok(());
        };
        if let Some((taken_by, _)) = self.connect_ids.borrow().iter().find(|(_, i)| i == id) {
            return Err(bad_endpoint(
                endpoint,
                format!(
                    "ZMQ_CONNECT_ROUTING_ID {id:?} is already the routing id of the connection \
                     to {taken_by}: libzmq 4.3.5 aborts the process on a duplicate \
                     (router.cpp:438); set another id or disconnect {taken_by} first"
                ),
            ));
        }
        Ok(())
    }

    /// After a successful `zmq_bind` or `zmq_connect`.
    pub(crate) fn after_attach(&self, endpoint: &str, connect: bool) {
        if endpoint.starts_with("udp://") {
            self.udp.set(true);
        }
        if connect {
            if let Some(id) = self.pending_connect_id.borrow_mut().take() {
                self.connect_ids
                    .borrow_mut()
                    .push((endpoint.to_owned(), id));
            }
        }
    }

    /// After a successful `zmq_disconnect`: the connection's routing id is free again.
    pub(crate) fn after_disconnect(&self, endpoint: &str) {
        self.connect_ids.borrow_mut().retain(|(e, _)| e != endpoint);
    }

    /// Before sending `msg` on a socket with a `udp://` endpoint: the UDP engine copies each
    /// datagram into a fixed 8192-byte buffer without a bounds check (`udp_engine_t::out_event`),
    /// so a larger one overwrites the engine's memory. RADIO: 1 + group + body bytes; DGRAM: each
    /// frame (the address frame and the body).
    #[inline]
    pub(crate) fn check_send(&self, socket: &Socket, msg: &Message) -> Result<()> {
        if !self.udp.get() {
            return Ok(());
        }
        #[cfg(zmq_has_draft)]
        {
            let size = match socket.socket_type()? {
                // A group libzmq holds but `group()` cannot show (not UTF-8) counts as the
                // longest (ZMQ_GROUP_MAX_LENGTH, 255).
                SocketType::Radio => 1 + msg.group().map_or(255, str::len) + msg.len(),
                SocketType::Dgram => msg.len(),
                _ => return Ok(()),
            };
            if size > MAX_UDP_DATAGRAM {
                return Err(Error::invalid(
                    "message",
                    format!(
                        "{size} bytes do not fit one datagram of libzmq's UDP engine \
                         ({MAX_UDP_DATAGRAM} bytes with the group): libzmq 4.3.5 would overrun \
                         its buffer (udp_engine.cpp:443/450)"
                    ),
                ));
            }
        }
        #[cfg(not(zmq_has_draft))]
        let _ = (socket, msg);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_in_range_is_fine() {
        for v in 0i32..=6 {
            assert!(check_setsockopt(ZMQ_PRIORITY, &v.to_ne_bytes()).is_ok());
        }
        assert!(check_setsockopt(sys::ZMQ_SNDHWM, &1000i32.to_ne_bytes()).is_ok());
    }

    #[test]
    fn poll_limit() {
        assert!(check_poll_items(1).is_ok());
        assert!(check_poll_items(usize::MAX).is_err());
    }
}
