//! A small UDP broadcast class, written for this crate in the spirit of the Guide's `udplib.c`
//! (chapter 8), for `udpping2` and the `interface` agent. Include with
//! `#[path = "zguide/udplib.rs"] mod udplib;`.
//!
//! [`Udp::new`] binds `0.0.0.0:port` with `SO_BROADCAST` and `SO_REUSEADDR` (so several
//! processes on one device can bind the same port and each receives every beacon), and looks up
//! the last IPv4 interface as `udplib.c` does ("hopefully the last interface will be WiFi").
//! [`Udp::send`] broadcasts on that interface's broadcast address. The C computes that address
//! and then sends to 255.255.255.255 anyway; the book lists the limited broadcast address as the
//! first problem the library is meant to fix, so this follows the book and uses 255.255.255.255
//! only when the interface has no broadcast address.
//!
//! Errors are sorted as in the C: soft ones (the network is down or unreachable, interrupted,
//! would block, ...) are ignored and the call reports nothing sent or received; anything else is
//! returned to the caller (the C asserts).
#![allow(dead_code)]

use std::io;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, UdpSocket};
use std::os::fd::{AsFd, BorrowedFd, FromRawFd};

/// A UDP socket bound to a port for broadcast beacons (`udp_t`).
pub struct Udp {
    socket: UdpSocket,
    port: u16,
    /// Our own address on the interface found, if any.
    address: Option<Ipv4Addr>,
    /// Where [`Udp::send`] broadcasts.
    broadcast: SocketAddrV4,
}

/// Whether an I/O error is one the C ignores ("ignore error and try again").
fn soft(error: &io::Error) -> bool {
    matches!(
        error.raw_os_error(),
        Some(
            libc::EAGAIN
                | libc::ENETDOWN
                | libc::EPROTO
                | libc::ENOPROTOOPT
                | libc::EHOSTDOWN
                | libc::ENONET
                | libc::EHOSTUNREACH
                | libc::EOPNOTSUPP
                | libc::ENETUNREACH
                | libc::EINTR
                | libc::EPIPE
                | libc::ECONNRESET
        )
    )
}

fn check(rc: libc::c_int, what: &str) -> io::Result<()> {
    if rc == -1 {
        let e = io::Error::last_os_error();
        return Err(io::Error::new(e.kind(), format!("{what}: {e}")));
    }
    Ok(())
}

impl Udp {
    /// Binds `0.0.0.0:port_nbr` for broadcast (`udp_new`).
    pub fn new(port_nbr: u16) -> io::Result<Udp> {
        // SAFETY: plain socket(2); the descriptor is owned by the UdpSocket right after.
        let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM, libc::IPPROTO_UDP) };
        check(fd, "socket")?;
        // SAFETY: `fd` is a fresh UDP socket nobody else owns.
        let socket = unsafe { UdpSocket::from_raw_fd(fd) };

        // Ask the operating system to let us broadcast from this socket
        socket.set_broadcast(true)?;
        // Allow several processes to bind the port; incoming beacons come to each of them
        let on: libc::c_int = 1;
        // SAFETY: setsockopt on our socket with a c_int value and its size.
        let rc = unsafe {
            libc::setsockopt(
                fd,
                libc::SOL_SOCKET,
                libc::SO_REUSEADDR,
                (&on as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        };
        check(rc, "setsockopt (SO_REUSEADDR)")?;

        let this = libc::sockaddr_in {
            sin_family: libc::AF_INET as libc::sa_family_t,
            sin_port: port_nbr.to_be(),
            sin_addr: libc::in_addr {
                s_addr: u32::from(Ipv4Addr::UNSPECIFIED).to_be(),
            },
            sin_zero: [0; 8],
        };
        // SAFETY: bind with a sockaddr_in and its size.
        let rc = unsafe {
            libc::bind(
                fd,
                (&this as *const libc::sockaddr_in).cast(),
                std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
            )
        };
        check(rc, "bind")?;

        let (address, broadcast) = last_interface();
        Ok(Udp {
            socket,
            port: port_nbr,
            address,
            broadcast: SocketAddrV4::new(broadcast.unwrap_or(Ipv4Addr::BROADCAST), port_nbr),
        })
    }

    /// The socket's descriptor, for [`zmq::PollItem::from_fd`] (`udp_handle`).
    pub fn handle(&self) -> BorrowedFd<'_> {
        self.socket.as_fd()
    }

    /// Our address on the interface found, if there is one.
    pub fn address(&self) -> Option<Ipv4Addr> {
        self.address
    }

    /// Where beacons go.
    pub fn broadcast(&self) -> SocketAddrV4 {
        self.broadcast
    }

    /// Broadcasts `buffer` (`udp_send`); soft errors are ignored.
    pub fn send(&self, buffer: &[u8]) -> io::Result<()> {
        match self.socket.send_to(buffer, self.broadcast) {
            Ok(_) => Ok(()),
            Err(e) if soft(&e) => Ok(()),
            Err(e) => Err(io::Error::new(e.kind(), format!("sendto: {e}"))),
        }
    }

    /// Receives one datagram into `buffer` (`udp_recv`): its size and sender, or `None` after a
    /// soft error.
    pub fn recv(&self, buffer: &mut [u8]) -> io::Result<Option<(usize, SocketAddr)>> {
        match self.socket.recv_from(buffer) {
            Ok(got) => Ok(Some(got)),
            Err(e) if soft(&e) => Ok(None),
            Err(e) => Err(io::Error::new(e.kind(), format!("recvfrom: {e}"))),
        }
    }
}

/// The address and broadcast address of the last IPv4 interface `getifaddrs` lists.
fn last_interface() -> (Option<Ipv4Addr>, Option<Ipv4Addr>) {
    let mut found = (None, None);
    let mut interfaces: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs fills a list we free below; we only read entries it reports.
    unsafe {
        if libc::getifaddrs(&mut interfaces) != 0 {
            return found;
        }
        let mut interface = interfaces;
        while !interface.is_null() {
            let ifa = &*interface;
            if !ifa.ifa_addr.is_null() && i32::from((*ifa.ifa_addr).sa_family) == libc::AF_INET {
                let addr = &*(ifa.ifa_addr as *const libc::sockaddr_in);
                let broadcast =
                    if ifa.ifa_flags & libc::IFF_BROADCAST as u32 != 0 && !ifa.ifa_ifu.is_null() {
                        let b = &*(ifa.ifa_ifu as *const libc::sockaddr_in);
                        Some(Ipv4Addr::from(u32::from_be(b.sin_addr.s_addr)))
                            .filter(|b| !b.is_unspecified())
                    } else {
                        None
                    };
                found = (
                    Some(Ipv4Addr::from(u32::from_be(addr.sin_addr.s_addr))),
                    broadcast,
                );
            }
            interface = ifa.ifa_next;
        }
        libc::freeifaddrs(interfaces);
    }
    found
}
