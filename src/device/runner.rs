//! Running a device: opening its sides, the control pair, the proxy thread and the handle that
//! steers and stops it.

use super::*;

pub(super) fn choose_type(
    side: &Side,
    allowed: &'static [SocketType],
    multicast: SocketType,
    name: &str,
) -> Result<SocketType> {
    let chosen = match side.socket_type {
        Some(t) => t,
        None if side.is_multicast() && allowed.contains(&multicast) => multicast,
        None => allowed.first().copied().unwrap_or(SocketType::Pair),
    };
    if allowed.contains(&chosen) {
        Ok(chosen)
    } else {
        let names: Vec<&str> = allowed.iter().map(|t| t.name()).collect();
        Err(Error::invalid(
            "device",
            format!(
                "the {name} cannot be {chosen} (allowed: {})",
                names.join(", ")
            ),
        ))
    }
}

/// One side's socket, bound and connected.
pub(super) struct OpenSide {
    pub(super) socket: Socket,
    /// Every endpoint in the order given, binds resolved with `ZMQ_LAST_ENDPOINT`.
    pub(super) endpoints: Vec<String>,
    /// The bound ones (resolved).
    pub(super) bound: Vec<String>,
}

impl OpenSide {
    /// Unbinds the side's endpoints (`zmq_unbind`) so they are free again at once: closing a
    /// socket releases them only later, in libzmq's reaper thread.
    pub(super) fn unbind_all(&self) {
        for ep in &self.bound {
            let _ = self.socket.unbind(ep);
        }
    }

    /// Unbinds and closes the side after a later step failed; returns that step's error.
    pub(super) fn release(self, error: DeviceError) -> DeviceError {
        self.unbind_all();
        error
    }
}

/// Creates one side's socket, applies its settings, binds and connects it.
pub(super) fn open_side(
    ctx: &Context,
    side: Side,
    socket_type: SocketType,
    name: &str,
) -> std::result::Result<OpenSide, DeviceError> {
    let socket = ctx
        .socket(socket_type)
        .context(|| format!("create the {name} {socket_type} socket"))?;
    let mut subscribes = false;
    for setting in side.settings {
        match setting {
            Setting::Named(spec) => {
                let option = parse_option(&spec).context(|| format!("{name} option {spec:?}"))?;
                subscribes |= option.id() == opt::Subscribe::ID;
                option
                    .apply(&socket)
                    .context(|| format!("set {name} option {option}"))?;
            }
            Setting::Parsed(option) => {
                subscribes |= option.id() == opt::Subscribe::ID;
                option
                    .apply(&socket)
                    .context(|| format!("set {name} option {option}"))?;
            }
            Setting::Closure(f) => f(&socket).context(|| format!("configure the {name}"))?,
        }
    }
    if socket_type == SocketType::Sub && !subscribes {
        socket
            .subscribe("")
            .context(|| format!("subscribe the {name} to everything"))?;
    }
    let mut open = OpenSide {
        socket,
        endpoints: Vec::with_capacity(side.endpoints.len()),
        bound: Vec::new(),
    };
    for endpoint in &side.endpoints {
        let result = match endpoint {
            Endpoint::Bind(ep) => open
                .socket
                .bind(ep)
                .context(|| format!("bind {name} {socket_type} to {ep}")),
            Endpoint::Connect(ep) => open
                .socket
                .connect(ep)
                .context(|| format!("connect {name} {socket_type} to {ep}")),
        };
        if let Err(e) = result {
            return Err(open.release(e));
        }
        match endpoint {
            Endpoint::Bind(ep) => {
                let resolved = open.socket.last_endpoint().unwrap_or_else(|_| ep.clone());
                open.bound.push(resolved.clone());
                open.endpoints.push(resolved);
            }
            Endpoint::Connect(ep) => open.endpoints.push(ep.clone()),
        }
    }
    Ok(open)
}

/// A REP socket for the device thread and a REQ (relaxed, correlated) for the handle, joined on a
/// fresh inproc endpoint.
pub(super) fn control_pair(ctx: &Context) -> Result<(Socket, Socket)> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let rep = ctx.socket(SocketType::Rep)?;
    rep.set(opt::Linger, Some(Duration::ZERO))?;
    let endpoint = loop {
        let endpoint = format!(
            "inproc://zmq-device-control-{}",
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        match rep.bind(&endpoint) {
            Ok(()) => break endpoint,
            // Someone else uses that name in this context: take the next.
            Err(e) if e.errno() == libc::EADDRINUSE => continue,
            Err(e) => return Err(e),
        }
    };
    let req = ctx.socket(SocketType::Req)?;
    req.set(opt::Linger, Some(Duration::ZERO))?;
    // A command that timed out must not wedge the REQ state machine, and its late reply must not
    // be taken for the next command's.
    req.set(opt::ReqCorrelate, true)?;
    req.set(opt::ReqRelaxed, true)?;
    req.connect(&endpoint)?;
    Ok((rep, req))
}

pub(super) struct DeviceSockets {
    pub(super) frontend: OpenSide,
    pub(super) backend: OpenSide,
    pub(super) capture: Option<OpenSide>,
    pub(super) control: Socket,
}

impl DeviceSockets {
    /// The device thread's body: runs the device, then unbinds its endpoints so they can be
    /// bound again as soon as the handle has joined the thread.
    pub(super) fn run_then_unbind(self) -> Result<()> {
        let result = self.run();
        self.frontend.unbind_all();
        self.backend.unbind_all();
        if let Some(c) = &self.capture {
            c.unbind_all();
        }
        result
    }

    /// The device thread: the steerable proxy's loop ([`crate::proxy::Steerable`]). `Ok` after
    /// `TERMINATE`, `Err(ContextTerminated)` after a context shutdown.
    pub(super) fn run(&self) -> Result<()> {
        crate::proxy::Steerable {
            frontend: &self.frontend.socket,
            backend: &self.backend.socket,
            capture: self.capture.as_ref().map(|c| &c.socket),
            control: &self.control,
        }
        .run()
    }
}

/// A running device (see [`Device::start`]): steers it through its control socket with the
/// commands of `zmq_proxy_steerable`, and stops and joins its thread with [`DeviceHandle::stop`]
/// or on drop.
///
/// A context shutdown ([`Context::shutdown`]) stops the device too; `stop` then just joins it.
///
/// `Send` but not `Sync` (it owns the REQ socket of the control channel): move it to the thread
/// that steers the device. Commands wait at most [`COMMAND_TIMEOUT`] for the answer.
#[must_use = "dropping the DeviceHandle stops the device"]
pub struct DeviceHandle {
    pub(super) kind: DeviceKind,
    pub(super) control: Socket,
    pub(super) thread: Cell<Option<JoinHandle<Result<()>>>>,
    /// The thread's result once joined by a command that found it finished.
    pub(super) exit: Cell<Option<Result<()>>>,
    pub(super) frontend_type: SocketType,
    pub(super) backend_type: SocketType,
    pub(super) frontend_endpoints: Vec<String>,
    pub(super) backend_endpoints: Vec<String>,
    pub(super) capture_endpoints: Vec<String>,
}

impl fmt::Debug for DeviceHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceHandle")
            .field("kind", &self.kind)
            .field("frontend", &self.frontend_endpoints)
            .field("backend", &self.backend_endpoints)
            .field("capture", &self.capture_endpoints)
            .field("finished", &self.is_finished())
            .finish()
    }
}

impl DeviceHandle {
    /// The device's kind.
    pub fn kind(&self) -> DeviceKind {
        self.kind
    }

    /// The frontend socket's type.
    pub fn frontend_type(&self) -> SocketType {
        self.frontend_type
    }

    /// The backend socket's type.
    pub fn backend_type(&self) -> SocketType {
        self.backend_type
    }

    /// The frontend's endpoints in the order given, binds resolved (`ZMQ_LAST_ENDPOINT`:
    /// `tcp://127.0.0.1:*` becomes `tcp://127.0.0.1:41234`).
    pub fn frontend_endpoints(&self) -> &[String] {
        &self.frontend_endpoints
    }

    /// The backend's endpoints, as [`DeviceHandle::frontend_endpoints`].
    pub fn backend_endpoints(&self) -> &[String] {
        &self.backend_endpoints
    }

    /// The capture socket's endpoints (empty without capture).
    pub fn capture_endpoints(&self) -> &[String] {
        &self.capture_endpoints
    }

    /// Whether the device thread has ended (after `TERMINATE`, a context shutdown or an error).
    pub fn is_finished(&self) -> bool {
        let thread = self.thread.take();
        let finished = thread.as_ref().is_none_or(|t| t.is_finished());
        self.thread.set(thread);
        finished
    }

    /// `PAUSE`: stop forwarding; messages wait in the sockets' queues (up to their HWMs).
    pub fn pause(&self) -> Result<()> {
        self.command("PAUSE").map(drop)
    }

    /// `RESUME`: forward again, starting with what was held.
    pub fn resume(&self) -> Result<()> {
        self.command("RESUME").map(drop)
    }

    /// `STATISTICS`: the device's counters of parts and bytes received and sent on each side.
    pub fn statistics(&self) -> Result<ProxyStatistics> {
        let reply = self.command("STATISTICS")?;
        ProxyStatistics::from_reply(&reply).ok_or_else(|| {
            Error::invalid("device reply", "STATISTICS reply is not eight 8-byte parts")
        })
    }

    /// `TERMINATE`: stops the device and joins its thread (a few milliseconds; the sockets are
    /// closed on that thread). `Ok` also when a context shutdown had stopped it already; the
    /// error that ended the device otherwise.
    ///
    /// Bounded: if the thread has not ended [`STOP_TIMEOUT`] after the command (it can be stuck
    /// in a blocking send of a later part of a multipart message to a peer that stopped
    /// reading), it is left to finish on its own, detached, and this returns
    /// [`Error::WouldBlock`]. A [`Context::shutdown`](crate::Context::shutdown) ends it then.
    pub fn stop(mut self) -> Result<()> {
        self.stop_and_join()
    }

    pub(super) fn stop_and_join(&mut self) -> Result<()> {
        let result = match self.thread.take() {
            Some(thread) => {
                let deadline = Instant::now() + STOP_TIMEOUT;
                if !thread.is_finished() {
                    // If the context was shut down, the send or the wait fails, and the device
                    // thread ends on its own with ETERM: the join below is immediate either way.
                    let _ = self.exchange("TERMINATE", Some(&thread));
                }
                while !thread.is_finished() && Instant::now() < deadline {
                    std::thread::sleep(Duration::from_millis(1));
                }
                if !thread.is_finished() {
                    log::warn!(
                        "{:?} device did not stop within {STOP_TIMEOUT:?}; left running detached",
                        self.kind
                    );
                    // Dropping the handle detaches the thread.
                    drop(thread);
                    return Err(Error::WouldBlock);
                }
                joined(thread.join())
            }
            None => self.exit.take().unwrap_or(Ok(())),
        };
        match result {
            Err(Error::ContextTerminated) => Ok(()),
            other => other,
        }
    }

    /// Sends a command and returns the reply, or the error that ended the device.
    pub(super) fn command(&self, command: &str) -> Result<Vec<Message>> {
        let thread = self.thread.take();
        let result = match &thread {
            Some(t) if !t.is_finished() => self.exchange(command, Some(t)),
            _ => Err(Error::ContextTerminated),
        };
        self.thread.set(thread);
        match result {
            Err(e) if self.is_finished() => Err(self.exit_error().unwrap_or(e)),
            other => other,
        }
    }

    /// The error that ended the device thread (joining it if that has not happened).
    pub(super) fn exit_error(&self) -> Option<Error> {
        if let Some(thread) = self.thread.take() {
            self.exit.set(Some(joined(thread.join())));
        }
        let exit = self.exit.take();
        let error = match &exit {
            Some(Err(e)) => Some(e.clone()),
            Some(Ok(())) => Some(Error::invalid("device", "the device has stopped")),
            None => None,
        };
        self.exit.set(exit);
        error
    }

    pub(super) fn exchange(
        &self,
        command: &str,
        thread: Option<&JoinHandle<Result<()>>>,
    ) -> Result<Vec<Message>> {
        const SLICE: Duration = Duration::from_millis(20);
        self.control
            .send_with(command, Flags::DONTWAIT)
            .map_err(|e| e.error)?;
        let deadline = Instant::now() + COMMAND_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.control.poll(PollEvents::POLLIN, Some(left.min(SLICE))) {
                Ok(ev) if ev.contains(PollEvents::POLLIN) => {
                    return self.control.recv_multipart_with(Flags::DONTWAIT)
                }
                Ok(_) | Err(Error::Interrupted) => {}
                Err(e) => return Err(e),
            }
            if thread.is_some_and(|t| t.is_finished()) {
                return Err(Error::ContextTerminated);
            }
            if left.is_zero() {
                return Err(Error::WouldBlock);
            }
        }
    }
}

/// The device thread's result (`Err(ContextTerminated)` after a context shutdown).
pub(super) fn joined(result: std::thread::Result<Result<()>>) -> Result<()> {
    result.unwrap_or_else(|_| Err(Error::invalid("device", "the device thread panicked")))
}

impl Drop for DeviceHandle {
    /// Stops the device and joins its thread, like [`DeviceHandle::stop`] (so within
    /// [`STOP_TIMEOUT`]), ignoring errors.
    fn drop(&mut self) {
        let _ = self.stop_and_join();
    }
}
