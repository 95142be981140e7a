//! ZAP authentication (RFC 27, the ZeroMQ Authentication Protocol): an [`Authenticator`] that
//! answers libzmq's ZAP requests in a background thread, like pyzmq's `ThreadAuthenticator` and
//! czmq's `zauth`.
//!
//! A socket that is a security *server* (`ZMQ_PLAIN_SERVER`, `ZMQ_CURVE_SERVER`, or a NULL socket
//! with a `ZMQ_ZAP_DOMAIN`) asks the ZAP handler of its context, bound at
//! `inproc://zeromq.zap.01` ([`ZAP_ENDPOINT`]), whether each new peer may connect. The request
//! carries the domain, the peer's IP address, the mechanism and its credentials (PLAIN: user name
//! and password; CURVE: the client's long-term public key). [`Authenticator::start`] binds that
//! endpoint and answers with a policy that can be changed while it runs:
//!
//! - **IP addresses**: if the allow list ([`Authenticator::allow`]) is not empty, only addresses
//!   on it pass; otherwise addresses on the deny list ([`Authenticator::deny`]) are refused. The
//!   address rule is applied first, to every mechanism.
//! - **NULL**: every peer whose address passes is accepted. libzmq asks the ZAP handler about
//!   NULL peers only when the server socket has a [`ZapDomain`](crate::opt::ZapDomain).
//! - **PLAIN**: user name / password pairs, global or per ZAP domain ([`Authenticator::plain_add`],
//!   [`Authenticator::plain_load`]); with none configured every PLAIN peer is refused.
//! - **CURVE**: any key ([`Authenticator::curve_allow_any`], the "Stonehouse" pattern) or a set of
//!   public keys ([`Authenticator::curve_allow`]), also loaded from a directory of key files
//!   ([`Authenticator::curve_load_dir`], czmq's `zcert` format or bare Z85); with none configured
//!   every CURVE peer is refused.
//!
//! Accepted peers get a ZAP user id, which libzmq attaches to every message they send as the
//! `User-Id` property ([`Message::gets`](crate::Message::gets)): the user name for PLAIN, the Z85
//! public key for CURVE, empty for NULL. Refused peers get status 400; the server's monitor
//! reports [`HandshakeFailedAuth { status_code: 400 }`](crate::MonitorEvent::HandshakeFailedAuth).
//!
//! ```
//! use std::time::Duration;
//! use zmq::{opt, Authenticator, Context, CurveKeyPair, Flags, SocketType};
//!
//! let ctx = Context::new()?;
//! let auth = Authenticator::start(&ctx)?;
//! let server_keys = CurveKeyPair::generate()?;
//! let client_keys = CurveKeyPair::generate()?;
//! auth.allow("127.0.0.1");
//! auth.curve_allow(&client_keys.public);
//!
//! let server = ctx.socket(SocketType::Pull)?;
//! server.set(opt::CurveServer, true)?;
//! server.set(opt::CurveSecretKey, &server_keys.secret)?;
//! server.bind("tcp://127.0.0.1:*")?;
//!
//! let client = ctx.socket(SocketType::Push)?;
//! client.set(opt::CurveServerKey, &server_keys.public)?;
//! client.set(opt::CurvePublicKey, &client_keys.public)?;
//! client.set(opt::CurveSecretKey, &client_keys.secret)?;
//! client.connect(&server.last_endpoint()?)?;
//!
//! client.send("Hello")?;
//! server.set(opt::RcvTimeo, Some(Duration::from_secs(5)))?;
//! let msg = server.recv_msg()?;
//! assert_eq!(msg.gets("User-Id"), Some(client_keys.public.to_z85().as_str()));
//! auth.stop();
//! # Ok::<(), zmq::Error>(())
//! ```
//!
//! ## Design
//!
//! The policy lives behind a `Mutex` shared with the handler thread: a change made through
//! `&Authenticator` applies to every ZAP request answered after the call returns, with no message
//! round trip. The handler thread owns a ROUTER socket bound to [`ZAP_ENDPOINT`] (ROUTER rather
//! than REP: it has no send/receive state to get stuck in, and a reply to a session that went
//! away is simply dropped) and one end of an `inproc` PAIR pipe; [`Authenticator::stop`] (or drop)
//! sends a message down the pipe and joins the thread. The thread also ends when the context is
//! shut down ([`Context::shutdown`]), as every blocking call then fails with `ETERM`.
//!
//! Before it exits the thread unbinds [`ZAP_ENDPOINT`] (synchronously, so a new `Authenticator`
//! can start on the same context at once). From then on the context has no ZAP handler and libzmq
//! behaves as without one: PLAIN servers refuse every client (the handshake fails with
//! `HandshakeFailedNoDetail`, `EFAULT`), NULL servers with a ZAP domain accept every client, and
//! CURVE servers accept every client that knows the server key (libzmq's "Stonehouse" fallback;
//! only the draft option `ZMQ_ZAP_ENFORCE_DOMAIN` together with a ZAP domain turns that into a
//! refusal). A handshake that was waiting for a reply when the handler stopped gets none and
//! fails after the server's `ZMQ_HANDSHAKE_IVL`.
//!
//! Only one ZAP handler can be bound per context: a second [`Authenticator::start`] on the same
//! context fails with `EADDRINUSE` while the first runs.
//!
//! Every decision is logged through the [`log`] crate (target `zmq::auth`) with its reason: at
//! `debug` level, or `info` after [`Authenticator::set_verbose`]`(true)`.

#[cfg(doc)]
use crate::Context;

/// The endpoint libzmq sends ZAP requests to: `inproc://zeromq.zap.01` (RFC 27). One ZAP
/// handler per context can bind it.
pub const ZAP_ENDPOINT: &str = "inproc://zeromq.zap.01";

/// The only ZAP version libzmq speaks (`"1.0"`, the first frame of every request and reply).
pub const ZAP_VERSION: &str = "1.0";

mod authenticator;
mod keys;
mod zap;

pub use authenticator::Authenticator;
pub use keys::{parse_public_key, save_public_key};
pub use zap::{ZapReply, ZapRequest, ZapStatus};
