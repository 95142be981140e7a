//! `ZMQ_USE_FD`: a listening descriptor handed to libzmq for the next `bind`, owned by the
//! socket until then and checked before libzmq sees it (see [`opt::UseFd`]).

use std::os::fd::{AsRawFd, IntoRawFd, OwnedFd};
use std::os::raw::{c_int, c_void};

use super::Socket;
use crate::error::{check, Error, Result};
#[cfg(doc)]
use crate::opt;
use crate::sys;

impl Socket {
    /// `zmq_bind`, handing a descriptor given with [`opt::UseFd`] to a tcp/ipc/ws listener.
    pub(super) fn bind_with_use_fd(&self, endpoint: &str) -> Result<()> {
        let Some(fd) = self.use_fd.take() else {
            return self.attach(endpoint, sys::zmq_bind);
        };
        // A descriptor given with opt::UseFd: libzmq's tcp, ipc and ws listeners take it over
        // (and close it when the socket closes); other transports ignore it.
        let family = match use_fd_family(endpoint) {
            Some(family) => family,
            None => {
                self.use_fd.set(Some(fd));
                return self.attach(endpoint, sys::zmq_bind);
            }
        };
        if let Err(e) = check_use_fd(&fd, Some((endpoint, family))) {
            self.use_fd.set(Some(fd));
            return Err(e);
        }
        match self.attach(endpoint, sys::zmq_bind) {
            Ok(()) => {
                // libzmq's listener owns the descriptor now. Clear the option so that another
                // bind does not hand the same descriptor to a second listener (both would close
                // it: the second close fails and libzmq aborts).
                let _ = fd.into_raw_fd();
                self.write_use_fd(-1)
            }
            Err(e) => {
                // The tcp and ipc listeners fail before taking the descriptor: it stays ours.
                self.use_fd.set(Some(fd));
                Err(e)
            }
        }
    }

    /// Gives libzmq a listening descriptor for the next `bind` (`ZMQ_USE_FD`, see
    /// [`opt::UseFd`]), or takes a pending one back (`None`, closing it).
    pub(crate) fn set_use_fd(&self, fd: Option<OwnedFd>) -> Result<()> {
        match fd {
            None => {
                self.write_use_fd(-1)?;
                drop(self.use_fd.take());
                Ok(())
            }
            Some(fd) => {
                check_use_fd(&fd, None)?;
                self.write_use_fd(fd.as_raw_fd())?;
                // Replaces (and closes) a descriptor given earlier and never bound.
                self.use_fd.set(Some(fd));
                Ok(())
            }
        }
    }

    fn write_use_fd(&self, fd: c_int) -> Result<()> {
        let v = fd.to_ne_bytes();
        // SAFETY: live socket; v is readable for its 4 bytes.
        check(unsafe {
            sys::zmq_setsockopt(
                self.ptr,
                sys::ZMQ_USE_FD,
                v.as_ptr() as *const c_void,
                v.len(),
            )
        })
        .map(drop)
    }
}

/// The address family a descriptor given with [`opt::UseFd`] must have for `endpoint`'s
/// transport, or `None` for transports whose listeners ignore `ZMQ_USE_FD` (inproc, pgm, udp,
/// ...). libzmq 4.3.5 reads `use_fd` in tcp_listener.cpp, ipc_listener.cpp and ws_listener.cpp.
fn use_fd_family(endpoint: &str) -> Option<UseFdFamily> {
    let scheme = endpoint.split("://").next()?;
    match scheme {
        "tcp" | "ws" | "wss" => Some(UseFdFamily::Ip),
        "ipc" => Some(UseFdFamily::Unix),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum UseFdFamily {
    Ip,
    Unix,
}

/// Checks that `fd` is what libzmq's listeners can use without aborting: a stream socket that
/// listens, of family AF_INET/AF_INET6 (tcp, ws) or AF_UNIX (ipc). libzmq checks nothing and
/// asserts on the first failing call in its I/O thread (`epoll.cpp:73` for a closed descriptor,
/// `tcp.cpp` tuning a non-TCP socket, ...). With `bind`, also the family the endpoint needs.
fn check_use_fd(fd: &OwnedFd, bind: Option<(&str, UseFdFamily)>) -> Result<()> {
    let raw = fd.as_raw_fd();
    let refuse =
        |reason: String| Error::invalid("option value", format!("ZMQ_USE_FD {raw}: {reason}"));
    let int_opt = |name: c_int| -> Result<c_int> {
        let mut v: c_int = 0;
        let mut len = std::mem::size_of::<c_int>() as libc::socklen_t;
        // SAFETY: fd is an open descriptor (owned); v and len are valid for writes.
        let rc = unsafe {
            libc::getsockopt(
                raw,
                libc::SOL_SOCKET,
                name,
                &mut v as *mut c_int as *mut c_void,
                &mut len,
            )
        };
        if rc == -1 {
            return Err(refuse(format!(
                "not a socket ({})",
                std::io::Error::last_os_error()
            )));
        }
        Ok(v)
    };
    if int_opt(libc::SO_TYPE)? != libc::SOCK_STREAM {
        return Err(refuse("not a stream socket (SOCK_STREAM)".into()));
    }
    if int_opt(libc::SO_ACCEPTCONN)? == 0 {
        return Err(refuse("not listening: bind and listen() it first".into()));
    }
    let family = match int_opt(libc::SO_DOMAIN)? {
        libc::AF_INET | libc::AF_INET6 => UseFdFamily::Ip,
        libc::AF_UNIX => UseFdFamily::Unix,
        other => {
            return Err(refuse(format!(
                "address family {other} is neither IP nor Unix"
            )))
        }
    };
    if let Some((endpoint, want)) = bind {
        if family != want {
            return Err(Error::InvalidEndpoint {
                endpoint: endpoint.to_owned(),
                reason: format!(
                    "the ZMQ_USE_FD descriptor {raw} is {}, but this transport needs {}",
                    family.describe(),
                    want.describe()
                ),
            });
        }
    }
    Ok(())
}

impl UseFdFamily {
    fn describe(self) -> &'static str {
        match self {
            UseFdFamily::Ip => "an IPv4/IPv6 socket",
            UseFdFamily::Unix => "a Unix domain socket",
        }
    }
}
