//! Safe, idiomatic bindings to the native libzmq 4.3.5.
//!
//! The [`zmq_sys`] crate builds libzmq (with OpenPGM for `epgm://`/`pgm://` and libsodium for
//! CURVE) from pristine sources into static libraries; this crate wraps it without measurable
//! cost. Names follow libzmq's, so a ZeroMQ Guide reader finds everything by the C name:
//!
//! | C | this crate |
//! |---|---|
//! | `zmq_ctx_new`, `zmq_ctx_term`, `zmq_ctx_shutdown` | [`Context::new`], drop, [`Context::shutdown`] |
//! | `zmq_ctx_set`, `zmq_ctx_get` | [`Context::set`], [`Context::get`] with [`ctx_opt`] |
//! | `zmq_socket`, `zmq_close` | [`Context::socket`], drop |
//! | `zmq_bind`, `zmq_connect`, `zmq_unbind`, `zmq_disconnect` | [`Socket::bind`], ... |
//! | `zmq_setsockopt`, `zmq_getsockopt` | [`Socket::set`], [`Socket::get`] with [`opt`] |
//! | `zmq_msg_send`, `zmq_send` | [`Socket::send`] |
//! | `zmq_msg_recv`, `zmq_recv` | [`Socket::recv`], [`Socket::recv_msg`], [`Socket::recv_into`] |
//! | `zmq_msg_*` | [`Message`] |
//! | `zmq_poll` | [`poll`], [`PollItem`] |
//! | `zmq_proxy`, `zmq_proxy_steerable` | [`proxy`], [`proxy_with_capture`], [`proxy_steerable`] |
//! | `zmq_socket_monitor` | [`Socket::monitor`], [`MonitorEvent`] |
//! | ZAP handler (`inproc://zeromq.zap.01`) | [`auth::Authenticator`] |
//! | `zmq_version`, `zmq_has` | [`version`], [`has`] |
//! | `zmq_z85_*`, `zmq_curve_*` | [`z85_encode`], [`z85_decode`], [`CurveKeyPair`] |
//! | `ZMQ_FD` + `ZMQ_EVENTS` on tokio (feature `tokio`) | `aio::AsyncSocket`, `aio::SendHalf`, `aio::RecvHalf` |
//!
//! ```
//! use zmq::{Context, Flags, SocketType};
//!
//! let ctx = Context::new()?;
//! let server = ctx.socket(SocketType::Rep)?;
//! server.bind("inproc://hello")?;
//! let client = ctx.socket(SocketType::Req)?;
//! client.connect("inproc://hello")?;
//!
//! client.send("Hello")?;
//! let request = server.recv_msg()?;
//! assert_eq!(&request[..], b"Hello");
//! server.send("World")?;
//! assert_eq!(client.recv_string()?, "World");
//! # Ok::<(), zmq::Error>(())
//! ```
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(unsafe_op_in_unsafe_fn)]

#[cfg(not(unix))]
compile_error!("zmq and zmq-sys support Unix targets only (Linux, macOS, the BSDs): on Windows libzmq's socket handles are SOCKETs, not file descriptors, and there is no Windows build recipe; see the README's \"Platforms\" section");

pub use zmq_sys as sys;

#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub mod aio;
pub mod auth;
mod context;
pub mod device;
pub mod endpoint;
mod error;
mod guard;
mod message;
pub mod monitor;
mod multipart;
pub mod opt;
mod pgm;
mod poll;
#[cfg(zmq_has_draft)]
mod poller;
mod proxy;
mod socket;
#[cfg(doctest)]
mod soundness;
mod util;

pub use auth::{Authenticator, ZapReply, ZapRequest, ZapStatus};
pub use context::{ctx_opt, Context, DEFAULT_LINGER};
pub use device::{Device, DeviceError, DeviceHandle, DeviceKind};
pub use error::{strerror, EndpointCall, Errno, Error, Result};
pub use message::{Message, MAX_INLINE_SIZE};
pub use monitor::{
    Monitor, MonitorEvent, MonitorEventV2, MonitorEvents, MonitorVersion, ProtocolError,
};
pub use multipart::Multipart;
pub use opt::value::{GssapiNameType, SecurityMechanism};
#[cfg(zmq_has_draft)]
#[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
pub use opt::value::{NormSenderMode, NotifyFlags, ReconnectStopFlags};
pub use poll::{poll, poll_retry, PollEvents, PollItem};
#[cfg(zmq_has_draft)]
#[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
pub use poller::{Poller, PollerEvent};
pub use proxy::{proxy, proxy_steerable, proxy_with_capture, ProxyStatistics};
pub use socket::{Flags, SendError, SendMultipartError, Socket, SocketType};
pub use util::{curve_public, has, version, z85_decode, z85_encode, CurveKey, CurveKeyPair};

/// `ZMQ_DONTWAIT` (see [`Flags`]).
pub const DONTWAIT: Flags = Flags::DONTWAIT;
/// `ZMQ_SNDMORE` (see [`Flags`]).
pub const SNDMORE: Flags = Flags::SNDMORE;
/// `ZMQ_POLLIN` (see [`PollEvents`]).
pub const POLLIN: PollEvents = PollEvents::POLLIN;
/// `ZMQ_POLLOUT` (see [`PollEvents`]).
pub const POLLOUT: PollEvents = PollEvents::POLLOUT;
/// `ZMQ_POLLERR` (see [`PollEvents`]).
pub const POLLERR: PollEvents = PollEvents::POLLERR;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
