//! Devices: the ZeroMQ Guide's *queue*, *forwarder* and *streamer* (the `zmq_device` of libzmq 2,
//! `zmq_proxy` since 3.2) running on a background thread that can be paused, resumed, asked for
//! statistics and stopped, as with `zmq_proxy_steerable`.
//!
//! | Device | frontend | backend | Guide |
//! |---|---|---|---|
//! | [`Device::queue`] | ROUTER | DEALER | shared queue / request-reply broker |
//! | [`Device::forwarder`] | XSUB (or SUB) | XPUB (or PUB) | pub-sub proxy |
//! | [`Device::streamer`] | PULL (or SUB) | PUSH (or PUB) | pipeline streamer |
//!
//! ```
//! use zmq::{Context, Device, Flags, SocketType};
//!
//! let ctx = Context::new()?;
//! let device = Device::streamer()
//!     .frontend_bind("inproc://doc-streamer-in")
//!     .backend_bind("inproc://doc-streamer-out")
//!     .frontend_option("rcvhwm=5000")
//!     .start(&ctx)?;
//!
//! let producer = ctx.socket(SocketType::Push)?;
//! producer.connect("inproc://doc-streamer-in")?;
//! let consumer = ctx.socket(SocketType::Pull)?;
//! consumer.connect("inproc://doc-streamer-out")?;
//! producer.send("job")?;
//! assert_eq!(consumer.recv_string()?, "job");
//! assert_eq!(device.statistics()?.frontend_recv_parts, 1);
//! device.stop()?; // TERMINATE, then the thread is joined
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`Device::start`] creates, configures, binds and connects the sockets on the calling thread,
//! so every mistake (a bad endpoint, an address in use, a bad option) comes back from it; only
//! then are the sockets moved to the device thread. The thread runs the steerable proxy's control
//! protocol (`PAUSE`, `RESUME`, `STATISTICS`, `TERMINATE`, see [`crate::proxy_steerable`]) on an
//! inproc control socket driven by the [`DeviceHandle`].
//!
//! Stopping: [`DeviceHandle::stop`] (or dropping the handle) sends `TERMINATE` and joins the
//! device thread (named `zmq-queue`, `zmq-forwarder` or `zmq-streamer`), which closes the sockets;
//! this takes well under a millisecond. The device unbinds its endpoints before its thread ends, so
//! they can be bound again as soon as `stop` returns (closing a socket alone frees them later, in
//! libzmq's reaper thread). A [`Context::shutdown`] ends the device too.
//!
//! The forwarding loop is this module's own rather than [`crate::proxy_steerable`]: like libzmq
//! 4.3's `zmq_proxy`, it moves a message only when the destination can take it (`ZMQ_POLLOUT`),
//! so a destination without peers (a PUSH or DEALER backend nobody connected to) never blocks the
//! thread in a send, and `TERMINATE` is always answered at once. Copies to the capture socket are
//! sent without blocking and dropped while the capture peer is slow.

use std::cell::Cell;
use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::context::Context;
use crate::error::{Error, Result};
use crate::message::Message;
pub use crate::opt::named::{named_options, parse_option, NamedOption, NamedOptionInfo};
use crate::opt::{self, SocketOption};
use crate::poll::PollEvents;
use crate::proxy::ProxyStatistics;
use crate::socket::{Flags, Socket, SocketType};

/// How long [`DeviceHandle`] waits for the device thread to answer a command.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(5);

/// How long [`DeviceHandle::stop`] and dropping a [`DeviceHandle`] wait for the device thread to
/// end before leaving it detached: never unbounded.
pub const STOP_TIMEOUT: Duration = Duration::from_secs(6);

/// The three devices of the ZeroMQ Guide (`ZMQ_QUEUE`, `ZMQ_FORWARDER`, `ZMQ_STREAMER` in
/// libzmq 2's `zmq_device`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeviceKind {
    /// `ZMQ_QUEUE`: ROUTER frontend, DEALER backend; requests flow to workers, replies back.
    Queue,
    /// `ZMQ_FORWARDER`: XSUB (or SUB) frontend, XPUB (or PUB) backend; messages flow downstream,
    /// subscriptions upstream.
    Forwarder,
    /// `ZMQ_STREAMER`: PULL (or SUB) frontend, PUSH (or PUB) backend; one-way pipeline.
    Streamer,
}

impl DeviceKind {
    /// The lower-case name (`"queue"`, `"forwarder"`, `"streamer"`).
    pub fn name(self) -> &'static str {
        match self {
            DeviceKind::Queue => "queue",
            DeviceKind::Forwarder => "forwarder",
            DeviceKind::Streamer => "streamer",
        }
    }

    /// The socket types a frontend of this device may have (the first is the default).
    pub fn frontend_types(self) -> &'static [SocketType] {
        match self {
            DeviceKind::Queue => &[SocketType::Router],
            DeviceKind::Forwarder => &[SocketType::XSub, SocketType::Sub],
            DeviceKind::Streamer => &[SocketType::Pull, SocketType::Sub],
        }
    }

    /// The socket types a backend of this device may have (the first is the default).
    pub fn backend_types(self) -> &'static [SocketType] {
        match self {
            DeviceKind::Queue => &[SocketType::Dealer],
            DeviceKind::Forwarder => &[SocketType::XPub, SocketType::Pub],
            DeviceKind::Streamer => &[SocketType::Push, SocketType::Pub],
        }
    }
}

impl fmt::Display for DeviceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for DeviceKind {
    type Err = Error;

    /// `queue`, `forwarder` or `streamer`, in any case.
    fn from_str(s: &str) -> Result<DeviceKind> {
        [
            DeviceKind::Queue,
            DeviceKind::Forwarder,
            DeviceKind::Streamer,
        ]
        .into_iter()
        .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
        .ok_or_else(|| {
            Error::invalid(
                "device",
                format!("unknown device {s:?} (expected queue, forwarder or streamer)"),
            )
        })
    }
}

/// A failure of [`Device::start`]: the libzmq (or validation) error and the step that failed,
/// e.g. `bind frontend ROUTER to tcp://127.0.0.1:5555: Address already in use`.
///
/// Converts into [`Error`] (keeping the errno), so `?` works in functions returning
/// [`crate::Result`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceError {
    /// What was being done (`"bind frontend ROUTER to tcp://..."`).
    pub context: String,
    /// Why it failed.
    pub error: Error,
}

impl fmt::Display for DeviceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.context, self.error)
    }
}

impl std::error::Error for DeviceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

impl From<DeviceError> for Error {
    fn from(e: DeviceError) -> Error {
        e.error
    }
}

trait WithContext<T> {
    fn context(self, what: impl FnOnce() -> String) -> std::result::Result<T, DeviceError>;
}

impl<T> WithContext<T> for Result<T> {
    fn context(self, what: impl FnOnce() -> String) -> std::result::Result<T, DeviceError> {
        self.map_err(|error| DeviceError {
            context: what(),
            error,
        })
    }
}

enum Endpoint {
    Bind(String),
    Connect(String),
}

impl Endpoint {
    fn address(&self) -> &str {
        match self {
            Endpoint::Bind(e) | Endpoint::Connect(e) => e,
        }
    }
}

type Configure = Box<dyn FnOnce(&Socket) -> Result<()>>;

enum Setting {
    Named(String),
    Parsed(NamedOption),
    Closure(Configure),
}

#[derive(Default)]
struct Side {
    socket_type: Option<SocketType>,
    endpoints: Vec<Endpoint>,
    settings: Vec<Setting>,
}

impl Side {
    fn is_multicast(&self) -> bool {
        self.endpoints.iter().any(|e| {
            let a = e.address();
            a.starts_with("epgm://") || a.starts_with("pgm://") || a.starts_with("norm://")
        })
    }
}

/// A device to be started: its kind, both sides' endpoints and options, an optional capture
/// socket. Built with [`Device::queue`], [`Device::forwarder`] or [`Device::streamer`], started
/// with [`Device::start`].
///
/// Socket types: the first of [`DeviceKind::frontend_types`] / [`DeviceKind::backend_types`]
/// unless set with [`Device::frontend_type`] / [`Device::backend_type`]; a streamer whose
/// frontend (backend) has a multicast endpoint (`epgm://`, `pgm://`, `norm://`) gets a SUB (PUB)
/// socket there, as PGM works only with publish-subscribe sockets. A SUB frontend subscribes to
/// everything (`ZMQ_SUBSCRIBE` `""`) unless a `subscribe=` option was given by name.
///
/// Settings (options by name and configure closures) are applied in the order given, before any
/// bind or connect, so options that only affect later connections (HWMs, `rate`) take effect.
#[doc(alias = "zmq_device")]
#[doc(alias = "zmq_proxy")]
pub struct Device {
    kind: DeviceKind,
    frontend: Side,
    backend: Side,
    capture: Side,
}

impl fmt::Debug for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let eps = |s: &Side| s.endpoints.iter().map(|e| e.address().to_owned()).collect();
        f.debug_struct("Device")
            .field("kind", &self.kind)
            .field("frontend", &eps(&self.frontend) as &Vec<String>)
            .field("backend", &eps(&self.backend) as &Vec<String>)
            .field("capture", &eps(&self.capture) as &Vec<String>)
            .finish()
    }
}

macro_rules! side_methods {
    ($side:ident, $bind:ident, $connect:ident, $configure:ident, $option:ident, $parsed:ident,
     $ty:ident, $name:literal) => {
        #[doc = concat!("Binds the ", $name, " socket to `endpoint` (`zmq_bind`); may be called ")]
        #[doc = "several times. Wildcards (`tcp://127.0.0.1:*`) are resolved in"]
        #[doc = concat!("[`DeviceHandle::", stringify!($side), "_endpoints`].")]
        pub fn $bind(mut self, endpoint: impl Into<String>) -> Device {
            self.$side.endpoints.push(Endpoint::Bind(endpoint.into()));
            self
        }

        #[doc = concat!("Connects the ", $name, " socket to `endpoint` (`zmq_connect`); may be ")]
        #[doc = "called several times."]
        pub fn $connect(mut self, endpoint: impl Into<String>) -> Device {
            self.$side
                .endpoints
                .push(Endpoint::Connect(endpoint.into()));
            self
        }

        #[doc = concat!("Configures the ", $name, " socket before it binds or connects, e.g.")]
        #[doc = "`|s: &Socket| s.set(opt::SndHwm, 10)` (typed `zmq_setsockopt`); an error fails"]
        #[doc = "[`Device::start`]."]
        pub fn $configure(mut self, f: impl FnOnce(&Socket) -> Result<()> + 'static) -> Device {
            self.$side.settings.push(Setting::Closure(Box::new(f)));
            self
        }

        #[doc = concat!("Sets an option of the ", $name, " socket by name, `\"name=value\"` ")]
        #[doc = "(see [`parse_option`]); parsed by [`Device::start`], which fails on a bad one."]
        pub fn $option(mut self, spec: impl Into<String>) -> Device {
            self.$side.settings.push(Setting::Named(spec.into()));
            self
        }

        #[doc = concat!("Sets an option of the ", $name, " socket parsed earlier with ")]
        #[doc = "[`parse_option`]."]
        pub fn $parsed(mut self, option: NamedOption) -> Device {
            self.$side.settings.push(Setting::Parsed(option));
            self
        }

        #[doc = concat!("Chooses the ", $name, " socket type among those the device allows")]
        #[doc = "(see [`DeviceKind`]); [`Device::start`] fails on any other."]
        pub fn $ty(mut self, socket_type: SocketType) -> Device {
            self.$side.socket_type = Some(socket_type);
            self
        }
    };
}

impl Device {
    /// A device of the given kind with no endpoints yet.
    pub fn new(kind: DeviceKind) -> Device {
        Device {
            kind,
            frontend: Side::default(),
            backend: Side::default(),
            capture: Side::default(),
        }
    }

    /// The Guide's queue (`ZMQ_QUEUE`): a ROUTER frontend for REQ/DEALER clients, a DEALER
    /// backend for REP/ROUTER workers; multipart envelopes pass intact both ways.
    pub fn queue() -> Device {
        Device::new(DeviceKind::Queue)
    }

    /// The Guide's forwarder (`ZMQ_FORWARDER`): an XSUB frontend connected to publishers, an
    /// XPUB backend for subscribers; subscriptions flow upstream. SUB/PUB with
    /// [`Device::frontend_type`] / [`Device::backend_type`] subscribe to everything instead.
    pub fn forwarder() -> Device {
        Device::new(DeviceKind::Forwarder)
    }

    /// The Guide's streamer (`ZMQ_STREAMER`): a PULL frontend for producers, a PUSH backend
    /// for workers (PUB for multicast backends, SUB for multicast frontends).
    pub fn streamer() -> Device {
        Device::new(DeviceKind::Streamer)
    }

    /// The device's kind.
    pub fn kind(&self) -> DeviceKind {
        self.kind
    }

    side_methods!(
        frontend,
        frontend_bind,
        frontend_connect,
        frontend_configure,
        frontend_option,
        frontend_named_option,
        frontend_type,
        "frontend"
    );
    side_methods!(
        backend,
        backend_bind,
        backend_connect,
        backend_configure,
        backend_option,
        backend_named_option,
        backend_type,
        "backend"
    );

    /// Binds a capture socket (PUB unless [`Device::capture_type`] says otherwise) to which
    /// a copy of every part forwarded in either direction is sent, as `zmq_proxy`'s `capture`.
    pub fn capture_bind(mut self, endpoint: impl Into<String>) -> Device {
        self.capture.endpoints.push(Endpoint::Bind(endpoint.into()));
        self
    }

    /// Connects the capture socket (see [`Device::capture_bind`]).
    pub fn capture_connect(mut self, endpoint: impl Into<String>) -> Device {
        self.capture
            .endpoints
            .push(Endpoint::Connect(endpoint.into()));
        self
    }

    /// The capture socket's type: PUB (the default), PUSH, DEALER or PAIR.
    pub fn capture_type(mut self, socket_type: SocketType) -> Device {
        self.capture.socket_type = Some(socket_type);
        self
    }

    /// Configures the capture socket before it binds or connects.
    pub fn capture_configure(mut self, f: impl FnOnce(&Socket) -> Result<()> + 'static) -> Device {
        self.capture.settings.push(Setting::Closure(Box::new(f)));
        self
    }

    /// Creates the sockets in `ctx`, applies the settings, binds and connects them on the calling
    /// thread, then moves them to a new thread running the device. Every failure comes back
    /// here, naming the step (see [`DeviceError`]); nothing is left running then.
    pub fn start(self, ctx: &Context) -> std::result::Result<DeviceHandle, DeviceError> {
        let kind = self.kind;
        let general = |error: Error| DeviceError {
            context: format!("{kind} device"),
            error,
        };
        let front_type = choose_type(
            &self.frontend,
            kind.frontend_types(),
            SocketType::Sub,
            "frontend",
        )
        .map_err(general)?;
        let back_type = choose_type(
            &self.backend,
            kind.backend_types(),
            SocketType::Pub,
            "backend",
        )
        .map_err(general)?;
        let capture_types = [
            SocketType::Pub,
            SocketType::Push,
            SocketType::Dealer,
            SocketType::Pair,
        ];
        let capture_type = self.capture.socket_type.unwrap_or(SocketType::Pub);
        if !capture_types.contains(&capture_type) {
            return Err(general(Error::invalid(
                "device",
                format!(
                    "a capture socket cannot be {capture_type} (use PUB, PUSH, DEALER or PAIR)"
                ),
            )));
        }
        for (side, name) in [(&self.frontend, "frontend"), (&self.backend, "backend")] {
            if side.endpoints.is_empty() {
                return Err(general(Error::invalid(
                    "device",
                    format!("no {name} endpoint: bind or connect the {name}"),
                )));
            }
        }

        let frontend = open_side(ctx, self.frontend, front_type, "frontend")?;
        let backend = match open_side(ctx, self.backend, back_type, "backend") {
            Ok(b) => b,
            Err(e) => return Err(frontend.release(e)),
        };
        let capture = if self.capture.endpoints.is_empty() {
            None
        } else {
            match open_side(ctx, self.capture, capture_type, "capture") {
                Ok(c) => Some(c),
                Err(e) => return Err(backend.release(frontend.release(e))),
            }
        };
        let frontend_endpoints = frontend.endpoints.clone();
        let backend_endpoints = backend.endpoints.clone();
        let capture_endpoints = capture
            .as_ref()
            .map(|c| c.endpoints.clone())
            .unwrap_or_default();
        let release_all = |e: DeviceError, f: OpenSide, b: OpenSide, c: Option<OpenSide>| {
            let e = f.release(b.release(e));
            match c {
                Some(c) => c.release(e),
                None => e,
            }
        };

        let (control_rep, control_req) = match control_pair(ctx) {
            Ok(pair) => pair,
            Err(error) => {
                let e = DeviceError {
                    context: "create the control socket".into(),
                    error,
                };
                return Err(release_all(e, frontend, backend, capture));
            }
        };
        let sockets = DeviceSockets {
            frontend,
            backend,
            capture,
            control: control_rep,
        };
        let thread = std::thread::Builder::new()
            .name(format!("zmq-{kind}"))
            .spawn(move || sockets.run_then_unbind())
            .map_err(|e| DeviceError {
                context: "spawn the device thread".into(),
                error: Error::from_errno(e.raw_os_error().unwrap_or(libc::EAGAIN)),
            })?;
        Ok(DeviceHandle {
            kind,
            control: control_req,
            thread: Cell::new(Some(thread)),
            exit: Cell::new(None),
            frontend_type: front_type,
            backend_type: back_type,
            frontend_endpoints,
            backend_endpoints,
            capture_endpoints,
        })
    }
}

mod runner;
pub use runner::DeviceHandle;
use runner::{choose_type, control_pair, open_side, DeviceSockets, OpenSide};
