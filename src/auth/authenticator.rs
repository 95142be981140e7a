//! The [`Authenticator`]: its policy (addresses, PLAIN passwords, CURVE keys) and the thread that
//! answers ZAP requests with it.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;
use std::net::IpAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use super::keys::{curve_key_of, io_error, parse_public_key};
use super::zap::{ZapReply, ZapRequest, ZapStatus};
use super::ZAP_ENDPOINT;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::message::Message;
use crate::multipart::Multipart;
use crate::poll::{poll, PollEvents};
use crate::socket::{Flags, Socket, SocketType};
use crate::util::CurveKey;

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
/// `ThreadAuthenticator`). See the [module documentation](crate::auth) for the rules.
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
    /// and closes its sockets. Returns within milliseconds. See the [module documentation](crate::auth)
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
