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

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;
use std::net::IpAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::message::Message;
use crate::multipart::Multipart;
use crate::poll::{poll, PollEvents};
use crate::socket::{Flags, Socket, SocketType};
use crate::util::CurveKey;

/// The endpoint libzmq sends ZAP requests to: `inproc://zeromq.zap.01` (RFC 27). One ZAP
/// handler per context can bind it.
pub const ZAP_ENDPOINT: &str = "inproc://zeromq.zap.01";

/// The only ZAP version libzmq speaks (`"1.0"`, the first frame of every request and reply).
pub const ZAP_VERSION: &str = "1.0";

// ---------------------------------------------------------------------------------------------
// The wire format

/// One ZAP request (RFC 27), as libzmq's `zap_client_t` sends it: the frames after the routing
/// id and the empty delimiter.
///
/// Text frames (domain, address, mechanism) are decoded lossily as UTF-8; libzmq only ever puts
/// ASCII there.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ZapRequest {
    /// The request id, echoed in the reply (libzmq always sends `"1"`).
    pub request_id: Vec<u8>,
    /// The server socket's `ZMQ_ZAP_DOMAIN` (may be empty).
    pub domain: String,
    /// The peer's IP address as libzmq prints it (`"127.0.0.1"`, `"::1"`); empty for `ipc`.
    pub address: String,
    /// The server socket's own `ZMQ_ROUTING_ID` (RFC 27's "identity" frame; usually empty).
    pub routing_id: Vec<u8>,
    /// The security mechanism: `"NULL"`, `"PLAIN"`, `"CURVE"` or `"GSSAPI"`.
    pub mechanism: String,
    /// The mechanism's credentials: none for NULL, user name and password for PLAIN, the
    /// client's 32-byte long-term public key for CURVE, the principal for GSSAPI.
    pub credentials: Vec<Vec<u8>>,
}

impl fmt::Debug for ZapRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print a PLAIN password.
        let credentials: Vec<String> = self
            .credentials
            .iter()
            .enumerate()
            .map(|(i, c)| match self.mechanism.as_str() {
                "PLAIN" if i == 1 => "<password>".to_owned(),
                "PLAIN" => String::from_utf8_lossy(c).into_owned(),
                "CURVE" => curve_key_of(c).map_or_else(|| format!("{c:02x?}"), |k| k.to_z85()),
                _ => format!("{} bytes", c.len()),
            })
            .collect();
        f.debug_struct("ZapRequest")
            .field("request_id", &String::from_utf8_lossy(&self.request_id))
            .field("domain", &self.domain)
            .field("address", &self.address)
            .field("routing_id", &self.routing_id)
            .field("mechanism", &self.mechanism)
            .field("credentials", &credentials)
            .finish()
    }
}

impl ZapRequest {
    /// Parses the frames of a ZAP request, starting at the version frame (RFC 27: version,
    /// request id, domain, address, identity, mechanism, credentials...).
    ///
    /// [`Error::InvalidInput`] if there are fewer than six frames or the version is not
    /// [`ZAP_VERSION`].
    pub fn parse(frames: &[&[u8]]) -> Result<ZapRequest> {
        if frames.len() < 6 {
            return Err(Error::invalid(
                "ZAP request",
                format!("{} frames, at least 6 expected", frames.len()),
            ));
        }
        if frames[0] != ZAP_VERSION.as_bytes() {
            return Err(Error::invalid(
                "ZAP request",
                format!(
                    "version {:?}, expected {ZAP_VERSION:?}",
                    String::from_utf8_lossy(frames[0])
                ),
            ));
        }
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        Ok(ZapRequest {
            request_id: frames[1].to_vec(),
            domain: text(frames[2]),
            address: text(frames[3]),
            routing_id: frames[4].to_vec(),
            mechanism: text(frames[5]),
            credentials: frames[6..].iter().map(|c| c.to_vec()).collect(),
        })
    }
}

/// A ZAP status code (RFC 27): the third frame of a reply. libzmq reports anything but
/// [`ZapStatus::Success`] as `ZMQ_EVENT_HANDSHAKE_FAILED_AUTH` with this code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ZapStatus {
    /// `200`: the peer is accepted.
    Success,
    /// `300`: temporary failure; libzmq closes the connection without an `ERROR` command.
    TemporaryError,
    /// `400`: authentication failure; the peer gets an `ERROR` command.
    AuthenticationFailure,
    /// `500`: internal error of the handler (e.g. a malformed request).
    InternalError,
}

impl ZapStatus {
    /// The numeric code (200, 300, 400, 500).
    pub fn code(self) -> u32 {
        match self {
            ZapStatus::Success => 200,
            ZapStatus::TemporaryError => 300,
            ZapStatus::AuthenticationFailure => 400,
            ZapStatus::InternalError => 500,
        }
    }

    /// The code as the three ASCII digits sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ZapStatus::Success => "200",
            ZapStatus::TemporaryError => "300",
            ZapStatus::AuthenticationFailure => "400",
            ZapStatus::InternalError => "500",
        }
    }
}

impl fmt::Display for ZapStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One ZAP reply (RFC 27): version, request id, status code, status text, user id, metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ZapReply {
    /// The request id of the request this answers.
    pub request_id: Vec<u8>,
    /// Accepted or why not.
    pub status: ZapStatus,
    /// A human-readable reason (libzmq does not use it; it is logged).
    pub status_text: String,
    /// The user id libzmq attaches to the peer's messages as `User-Id` (accepted peers only).
    pub user_id: String,
    /// ZMTP-encoded metadata properties for the peer's messages (empty: none).
    pub metadata: Vec<u8>,
}

impl ZapReply {
    /// An accepting reply (`200`) with a user id.
    pub fn success(request: &ZapRequest, user_id: impl Into<String>) -> ZapReply {
        ZapReply {
            request_id: request.request_id.clone(),
            status: ZapStatus::Success,
            status_text: "OK".to_owned(),
            user_id: user_id.into(),
            metadata: Vec::new(),
        }
    }

    /// A refusing reply with a status and reason (no user id).
    pub fn failure(request_id: &[u8], status: ZapStatus, reason: impl Into<String>) -> ZapReply {
        ZapReply {
            request_id: request_id.to_vec(),
            status,
            status_text: reason.into(),
            user_id: String::new(),
            metadata: Vec::new(),
        }
    }

    /// Whether the peer is accepted (status 200).
    pub fn is_success(&self) -> bool {
        self.status == ZapStatus::Success
    }

    /// The six frames of the reply, starting with the version (the routing envelope is added by
    /// the handler socket).
    pub fn to_frames(&self) -> [Vec<u8>; 6] {
        [
            ZAP_VERSION.as_bytes().to_vec(),
            self.request_id.clone(),
            self.status.as_str().as_bytes().to_vec(),
            self.status_text.as_bytes().to_vec(),
            self.user_id.as_bytes().to_vec(),
            self.metadata.clone(),
        ]
    }
}

// ---------------------------------------------------------------------------------------------
// Key files

/// Reads a CURVE public key from the text of a key file: czmq's `zcert` format (a line
/// `public-key = "<40 Z85 characters>"`, as in `name.key` and `name.key_secret` files) or a bare
/// Z85 key (the whole file, surrounding whitespace and `#` comment lines ignored). `None` if it
/// holds neither.
pub fn parse_public_key(text: &str) -> Option<CurveKey> {
    let lines = || {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
    };
    for line in lines() {
        if let Some(rest) = line.strip_prefix("public-key") {
            let value = rest.trim_start().strip_prefix('=')?.trim();
            let value = unquote(value);
            return CurveKey::from_z85(value).ok();
        }
    }
    let mut rest = lines();
    match (rest.next(), rest.next()) {
        (Some(only), None) => CurveKey::from_z85(unquote(only)).ok(),
        _ => None,
    }
}

fn unquote(value: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    value
}

/// Writes a public key file in czmq's `zcert` format (readable by [`parse_public_key`],
/// [`Authenticator::curve_load_dir`] and czmq's `zcertstore`).
pub fn save_public_key(path: impl AsRef<Path>, key: &CurveKey) -> Result<()> {
    let text = format!(
        "#   ****  Generated by the zmq crate  ****\n\
         #   ZeroMQ CURVE Public Certificate\n\
         #   Exchange securely, or use a secure mechanism to verify the contents\n\
         #   of this file after exchange.\n\
         \n\
         metadata\n\
         curve\n    \
         public-key = \"{}\"\n",
        key.to_z85()
    );
    std::fs::write(path, text).map_err(io_error)
}

fn io_error(e: std::io::Error) -> Error {
    Error::from_errno(e.raw_os_error().map_or(libc::EIO, |n| n))
}

fn curve_key_of(bytes: &[u8]) -> Option<CurveKey> {
    let key: [u8; 32] = bytes.try_into().ok()?;
    Some(CurveKey(key))
}

// ---------------------------------------------------------------------------------------------
// The policy

/// The address text used for comparisons: IP addresses in canonical form (IPv4-mapped IPv6
/// addresses as IPv4), anything else trimmed as is.
fn normalize_address(address: &str) -> String {
    let trimmed = address.trim();
    match trimmed.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => v6.to_string(),
        },
        Ok(ip) => ip.to_string(),
        Err(_) => trimmed.to_owned(),
    }
}

/// Compares without an early exit, so the time taken does not tell how much of a password
/// matched.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Default)]
struct Policy {
    allow: BTreeSet<String>,
    deny: BTreeSet<String>,
    /// PLAIN users: `None` is the global table, `Some(domain)` one ZAP domain's.
    plain: BTreeMap<Option<String>, BTreeMap<String, String>>,
    curve_any: bool,
    curve_keys: HashSet<CurveKey>,
}

impl Policy {
    /// The decision for one request and the reason, as logged.
    fn decide(&self, req: &ZapRequest) -> (ZapReply, String) {
        let deny = |reason: String| {
            (
                ZapReply::failure(&req.request_id, ZapStatus::AuthenticationFailure, &reason),
                reason,
            )
        };
        let address = normalize_address(&req.address);
        let ip_note = if !self.allow.is_empty() {
            if !self.allow.contains(&address) {
                return deny(format!(
                    "address {:?} is not on the allow list",
                    req.address
                ));
            }
            "address on the allow list"
        } else if self.deny.contains(&address) {
            return deny(format!("address {:?} is on the deny list", req.address));
        } else if self.deny.is_empty() {
            "no address rules"
        } else {
            "address not on the deny list"
        };

        match req.mechanism.as_str() {
            "NULL" => (ZapReply::success(req, ""), format!("NULL, {ip_note}")),
            "PLAIN" => {
                let [user, password] = req.credentials.as_slice() else {
                    return deny(format!(
                        "PLAIN request with {} credential frames, expected 2",
                        req.credentials.len()
                    ));
                };
                let user = String::from_utf8_lossy(user);
                if self.plain.values().all(BTreeMap::is_empty) {
                    return deny(format!("PLAIN user {user:?}: no PLAIN users configured"));
                }
                let tables = [Some(req.domain.clone()), None];
                let known = tables
                    .iter()
                    .filter_map(|d| self.plain.get(d)?.get(user.as_ref()))
                    .collect::<Vec<_>>();
                if known.is_empty() {
                    return deny(format!(
                        "PLAIN user {user:?} unknown in domain {:?}",
                        req.domain
                    ));
                }
                if known
                    .iter()
                    .any(|p| same_secret(p.as_bytes(), password.as_slice()))
                {
                    (
                        ZapReply::success(req, user.as_ref()),
                        format!("PLAIN user {user:?}, password correct, {ip_note}"),
                    )
                } else {
                    deny(format!("PLAIN user {user:?}: wrong password"))
                }
            }
            "CURVE" => {
                let key = match req.credentials.as_slice() {
                    [k] => curve_key_of(k),
                    _ => None,
                };
                let Some(key) = key else {
                    return deny("CURVE request without a 32-byte public key".to_owned());
                };
                let z85 = key.to_z85();
                if self.curve_any {
                    (
                        ZapReply::success(req, z85.clone()),
                        format!("CURVE key {z85}: any key allowed, {ip_note}"),
                    )
                } else if self.curve_keys.contains(&key) {
                    (
                        ZapReply::success(req, z85.clone()),
                        format!("CURVE key {z85} is allowed, {ip_note}"),
                    )
                } else if self.curve_keys.is_empty() {
                    deny(format!("CURVE key {z85}: no CURVE keys configured"))
                } else {
                    deny(format!("CURVE key {z85} is not on the allowed list"))
                }
            }
            other => deny(format!("mechanism {other:?} is not supported")),
        }
    }
}

struct Shared {
    policy: Mutex<Policy>,
    verbose: AtomicBool,
}

impl Shared {
    fn policy(&self) -> MutexGuard<'_, Policy> {
        // The policy is plain data that every update leaves consistent, so a thread that died
        // while holding the lock does not make it unusable.
        match self.policy.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    fn level(&self) -> log::Level {
        if self.verbose.load(Ordering::Relaxed) {
            log::Level::Info
        } else {
            log::Level::Debug
        }
    }

    /// Decides and logs one request.
    fn authenticate(&self, req: &ZapRequest) -> ZapReply {
        let (reply, reason) = self.policy().decide(req);
        let verdict = if reply.is_success() {
            "ALLOWED"
        } else {
            "DENIED"
        };
        log::log!(
            self.level(),
            "ZAP {verdict} ({}): domain {:?}, address {:?}, mechanism {}: {reason}",
            reply.status,
            req.domain,
            req.address,
            req.mechanism,
        );
        reply
    }

    fn change(&self, what: std::fmt::Arguments<'_>, f: impl FnOnce(&mut Policy)) {
        f(&mut self.policy());
        log::log!(self.level(), "ZAP policy: {what}");
    }
}

// ---------------------------------------------------------------------------------------------
// The authenticator

/// A ZAP handler (RFC 27) running in a background thread: binds [`ZAP_ENDPOINT`] in a context
/// and accepts or refuses every peer of that context's security servers by IP address, PLAIN
/// password and CURVE public key (the equivalent of czmq's `zauth` and pyzmq's
/// `ThreadAuthenticator`). See the [module documentation](self) for the rules.
///
/// `Send + Sync`: configure it from any thread. [`Authenticator::stop`] or dropping it stops the
/// thread and joins it.
#[must_use = "dropping the Authenticator stops the ZAP handler: authentication is off from then on"]
pub struct Authenticator {
    shared: Arc<Shared>,
    /// The application end of the command pipe (a PAIR socket); `None` once stopped.
    control: Mutex<Option<Socket>>,
    thread: Option<JoinHandle<()>>,
}

impl fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authenticator")
            .field("running", &self.is_running())
            .finish_non_exhaustive()
    }
}

impl Authenticator {
    /// Starts a ZAP handler for `ctx`: binds a ROUTER socket to [`ZAP_ENDPOINT`] (on the calling
    /// thread, so a failure is reported here) and answers requests in a new thread.
    ///
    /// The initial policy refuses every PLAIN and CURVE peer and accepts every NULL peer; add
    /// users and keys before peers connect. Fails with `EADDRINUSE` if the context already has
    /// a ZAP handler, [`Error::ContextTerminated`] after [`Context::shutdown`].
    pub fn start(ctx: &Context) -> Result<Authenticator> {
        static PIPES: AtomicUsize = AtomicUsize::new(0);

        let zap = ctx.socket(SocketType::Router)?;
        zap.set_linger_ms(0)?;
        zap.bind(ZAP_ENDPOINT)?;

        let pipe = format!(
            "inproc://zmq-rs-zap-control-{}-{}",
            std::process::id(),
            PIPES.fetch_add(1, Ordering::Relaxed)
        );
        let thread_end = ctx.socket(SocketType::Pair)?;
        thread_end.set_linger_ms(0)?;
        thread_end.bind(&pipe)?;
        let control = ctx.socket(SocketType::Pair)?;
        control.set_linger_ms(0)?;
        control.connect(&pipe)?;

        let shared = Arc::new(Shared {
            policy: Mutex::new(Policy::default()),
            verbose: AtomicBool::new(false),
        });
        let thread_shared = shared.clone();
        let thread = std::thread::Builder::new()
            .name("zmq-zap-handler".to_owned())
            .spawn(move || run(zap, thread_end, &thread_shared))
            .map_err(io_error)?;
        log::debug!("ZAP handler started on {ZAP_ENDPOINT}");
        Ok(Authenticator {
            shared,
            control: Mutex::new(Some(control)),
            thread: Some(thread),
        })
    }

    /// Logs every decision at `info` level instead of `debug` (czmq's `VERBOSE` command).
    pub fn set_verbose(&self, verbose: bool) {
        self.shared.verbose.store(verbose, Ordering::Relaxed);
    }

    /// Adds an IP address to the allow list (czmq's `ALLOW`): once the list is not empty, only
    /// peers from addresses on it pass (and still need valid PLAIN or CURVE credentials).
    /// Addresses are compared as libzmq prints them (`"127.0.0.1"`, `"::1"`); IPv4-mapped IPv6
    /// addresses match their IPv4 form.
    pub fn allow(&self, address: &str) {
        let a = normalize_address(address);
        self.shared.change(format_args!("allow {a:?}"), |p| {
            p.allow.insert(a.clone());
        });
    }

    /// Removes an address from the allow list.
    pub fn remove_allowed(&self, address: &str) {
        let a = normalize_address(address);
        self.shared
            .change(format_args!("no longer allow {a:?}"), |p| {
                p.allow.remove(&a);
            });
    }

    /// Adds an IP address to the deny list (czmq's `DENY`): peers from it are refused. Used only
    /// while the allow list is empty.
    pub fn deny(&self, address: &str) {
        let a = normalize_address(address);
        self.shared.change(format_args!("deny {a:?}"), |p| {
            p.deny.insert(a.clone());
        });
    }

    /// Removes an address from the deny list.
    pub fn remove_denied(&self, address: &str) {
        let a = normalize_address(address);
        self.shared
            .change(format_args!("no longer deny {a:?}"), |p| {
                p.deny.remove(&a);
            });
    }

    /// Empties the allow and deny lists: every address passes.
    pub fn clear_addresses(&self) {
        self.shared
            .change(format_args!("clear address lists"), |p| {
                p.allow.clear();
                p.deny.clear();
            });
    }

    /// Accepts PLAIN peers presenting `username` and `password` (`ZMQ_PLAIN_USERNAME`,
    /// `ZMQ_PLAIN_PASSWORD`), in the ZAP domain `domain` (the server's `ZMQ_ZAP_DOMAIN`) or, with
    /// `None`, in every domain. Replaces the user's earlier password in that table.
    pub fn plain_add(&self, domain: Option<&str>, username: &str, password: &str) {
        let d = domain.map(str::to_owned);
        self.shared.change(
            format_args!("PLAIN user {username:?} in domain {domain:?}"),
            |p| {
                p.plain
                    .entry(d)
                    .or_default()
                    .insert(username.to_owned(), password.to_owned());
            },
        );
    }

    /// Removes a PLAIN user from one domain's table (`None`: the global one).
    pub fn plain_remove(&self, domain: Option<&str>, username: &str) {
        let d = domain.map(str::to_owned);
        self.shared.change(
            format_args!("remove PLAIN user {username:?} from domain {domain:?}"),
            |p| {
                if let Some(users) = p.plain.get_mut(&d) {
                    users.remove(username);
                }
            },
        );
    }

    /// Loads PLAIN users from a password file in czmq's format (czmq's `PLAIN` command): one
    /// `username=password` per line; blank lines and lines starting with `#` are ignored.
    /// Returns the number of users added to `domain`'s table (`None`: global).
    pub fn plain_load(&self, domain: Option<&str>, path: impl AsRef<Path>) -> Result<usize> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(io_error)?;
        let users: Vec<(String, String)> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (u, p) = l.split_once('=')?;
                Some((u.trim().to_owned(), p.trim().to_owned()))
            })
            .collect();
        let n = users.len();
        let d = domain.map(str::to_owned);
        self.shared.change(
            format_args!(
                "{n} PLAIN users from {} in domain {domain:?}",
                path.display()
            ),
            |p| p.plain.entry(d).or_default().extend(users),
        );
        Ok(n)
    }

    /// Removes every PLAIN user: every PLAIN peer is refused.
    pub fn plain_clear(&self) {
        self.shared
            .change(format_args!("clear PLAIN users"), |p| p.plain.clear());
    }

    /// Accepts every CURVE peer whose address passes, whatever its public key (pyzmq's
    /// `CURVE_ALLOW_ANY`, czmq's `CURVE *`): encryption without client authentication, the
    /// Guide's "Stonehouse" pattern. The peer's user id is still its public key.
    pub fn curve_allow_any(&self) {
        self.shared
            .change(format_args!("allow any CURVE key"), |p| p.curve_any = true);
    }

    /// Accepts CURVE peers with this long-term public key (`ZMQ_CURVE_PUBLICKEY` of the client).
    pub fn curve_allow(&self, public_key: &CurveKey) {
        let key = *public_key;
        self.shared
            .change(format_args!("allow CURVE key {key}"), |p| {
                p.curve_keys.insert(key);
            });
    }

    /// No longer accepts this CURVE public key.
    pub fn curve_remove(&self, public_key: &CurveKey) {
        let key = *public_key;
        self.shared
            .change(format_args!("remove CURVE key {key}"), |p| {
                p.curve_keys.remove(&key);
            });
    }

    /// Adds the CURVE public keys found in the files of a directory (czmq's `zcertstore`, the
    /// `location` of pyzmq's `configure_curve`): czmq `zcert` files (`public-key = "..."`) or
    /// files holding one bare Z85 key (see [`parse_public_key`]). Hidden files, subdirectories
    /// and secret files (names ending in `_secret`) are skipped; a file holding no key is
    /// skipped with a warning in the log. Returns the number of keys loaded.
    ///
    /// The directory is read once, now: files added later need another call.
    pub fn curve_load_dir(&self, dir: impl AsRef<Path>) -> Result<usize> {
        let dir = dir.as_ref();
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io_error)? {
            let entry = entry.map_err(io_error)?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name.ends_with("_secret") {
                continue;
            }
            if entry.file_type().map_err(io_error)?.is_dir() {
                continue;
            }
            paths.push(entry.path());
        }
        paths.sort();
        let mut keys = Vec::new();
        for path in paths {
            match std::fs::read_to_string(&path) {
                Ok(text) => match parse_public_key(&text) {
                    Some(key) => keys.push(key),
                    None => log::warn!("ZAP: no CURVE public key in {}", path.display()),
                },
                Err(e) => log::warn!("ZAP: cannot read {}: {e}", path.display()),
            }
        }
        let n = keys.len();
        self.shared
            .change(format_args!("{n} CURVE keys from {}", dir.display()), |p| {
                p.curve_keys.extend(keys)
            });
        Ok(n)
    }

    /// Removes every CURVE key and the "allow any" setting: every CURVE peer is refused.
    pub fn curve_clear(&self) {
        self.shared.change(format_args!("clear CURVE keys"), |p| {
            p.curve_any = false;
            p.curve_keys.clear();
        });
    }

    /// The decision the handler makes for a request under the current policy (and logs it),
    /// without any socket: for tests and for custom ZAP handlers that delegate to this policy.
    pub fn authenticate(&self, request: &ZapRequest) -> ZapReply {
        self.shared.authenticate(request)
    }

    /// Whether the handler thread is still answering (false after [`Authenticator::stop`] or
    /// once the context was shut down).
    pub fn is_running(&self) -> bool {
        self.thread.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// Stops the handler and joins its thread (as dropping does): it unbinds [`ZAP_ENDPOINT`]
    /// and closes its sockets. Returns within milliseconds. See the [module documentation](self)
    /// for how libzmq treats new peers afterwards.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let control = match self.control.get_mut() {
            Ok(slot) => slot.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        if let Some(control) = &control {
            // Fails only if the thread has already ended (its end of the pipe is closed, or the
            // context is shut down); it is then joined at once.
            if let Err(e) = control.send_with("TERMINATE", Flags::DONTWAIT) {
                log::debug!("ZAP handler stop: {}", e.error);
            }
        }
        if let Some(thread) = self.thread.take() {
            if thread.join().is_err() {
                log::error!("ZAP handler thread panicked");
            }
        }
        // The control socket is closed only now, after the thread read the message.
        drop(control);
        log::debug!("ZAP handler stopped");
    }
}

impl Drop for Authenticator {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// The handler thread: answers ZAP requests until told to stop or the context shuts down.
fn run(zap: Socket, control: Socket, shared: &Shared) {
    let mut parts = Multipart::with_capacity(10);
    loop {
        let (requests, stop) = {
            let mut items = [
                zap.as_poll_item(PollEvents::POLLIN),
                control.as_poll_item(PollEvents::POLLIN),
            ];
            match poll(&mut items, None) {
                Ok(_) => (items[0].is_readable(), items[1].is_readable()),
                Err(Error::Interrupted) => continue,
                Err(Error::ContextTerminated) => {
                    log::debug!("ZAP handler: context shut down");
                    break;
                }
                Err(e) => {
                    log::error!("ZAP handler: poll failed: {e}");
                    break;
                }
            }
        };
        if stop {
            log::debug!("ZAP handler: stop requested");
            break;
        }
        if !requests {
            continue;
        }
        match zap.recv_multipart_into_with(&mut parts, Flags::DONTWAIT) {
            Ok(()) => {}
            Err(Error::WouldBlock) | Err(Error::Interrupted) => continue,
            Err(Error::ContextTerminated) => break,
            Err(e) => {
                log::error!("ZAP handler: receive failed: {e}");
                break;
            }
        }
        let Some(reply) = answer(&parts, shared) else {
            continue;
        };
        // A ROUTER never blocks on send (the ZAP pipe has no HWM) and drops a reply to a
        // session that has gone away.
        if let Err(e) = zap.send_multipart_with(reply, Flags::DONTWAIT) {
            if e.error.is_context_terminated() {
                break;
            }
            log::warn!("ZAP handler: reply not sent: {}", e.error);
        }
    }
    // Synchronously, so no new session finds this handler and a new one can bind at once.
    if let Err(e) = zap.unbind(ZAP_ENDPOINT) {
        log::debug!("ZAP handler: unbind: {e}");
    }
}

/// The reply frames (with the routing envelope) to one received message, or `None` if it has no
/// envelope to answer to.
fn answer(parts: &[Message], shared: &Shared) -> Option<Vec<Vec<u8>>> {
    // ROUTER: routing id, empty delimiter, then the request.
    let [routing, delimiter, request @ ..] = parts else {
        log::warn!("ZAP handler: dropped a {}-frame message", parts.len());
        return None;
    };
    if !delimiter.is_empty() {
        log::warn!("ZAP handler: dropped a message without a delimiter frame");
        return None;
    }
    let frames: Vec<&[u8]> = request.iter().map(|m| &m[..]).collect();
    let reply = match ZapRequest::parse(&frames) {
        Ok(req) => shared.authenticate(&req),
        Err(e) => {
            log::warn!("ZAP handler: malformed request: {e}");
            let request_id: &[u8] = match frames.get(1) {
                Some(id) => id,
                None => &[],
            };
            ZapReply::failure(request_id, ZapStatus::InternalError, e.to_string())
        }
    };
    let mut out = Vec::with_capacity(8);
    out.push(routing.to_vec());
    out.push(Vec::new());
    out.extend(reply.to_frames());
    Some(out)
}
