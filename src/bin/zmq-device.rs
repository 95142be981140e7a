//! `zmq-device`: runs a ZeroMQ device (queue, forwarder, streamer) between endpoints until
//! Ctrl-C or SIGTERM. See `zmq-device --help`.
//!
//! Exit status: 0 after a signal, 2 for bad arguments or a device that cannot start (one line
//! on stderr), 1 if the device fails while running.

use std::error::Error;
use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::{Duration, Instant};

use zmq::device::{named_options, parse_option};
use zmq::{Context, Device, DeviceHandle, DeviceKind, ProxyStatistics, SocketType};

const USAGE: &str = "\
zmq-device: run a ZeroMQ device (zmq_proxy) between two sets of endpoints

Usage:
  zmq-device <queue|forwarder|streamer> (--in-bind EP | --in-connect EP)...
             (--out-bind EP | --out-connect EP)... [options]

Devices (frontend = in, backend = out):
  queue      ROUTER in, DEALER out: REQ clients to REP workers, replies back
  forwarder  XSUB in, XPUB out: publishers to subscribers, subscriptions upstream
  streamer   PULL in, PUSH out: a pipeline stage (SUB in / PUB out for epgm/pgm endpoints)

Options:
  --in-bind EP, --in-connect EP     frontend endpoint (repeatable)
  --out-bind EP, --out-connect EP   backend endpoint (repeatable)
  --in-opt NAME=VALUE               frontend socket option (repeatable)
  --out-opt NAME=VALUE              backend socket option (repeatable)
  --in-type TYPE, --out-type TYPE   socket type, e.g. SUB or PUB for a forwarder
  --capture EP                      bind a PUB socket that gets a copy of every message part
  --stats-every SECS                print the device's counters to stderr every SECS seconds
  -h, --help                        this text

Endpoints: tcp://127.0.0.1:5555, tcp://*:5555, ipc:///tmp/dev.ipc, epgm://eth0;239.192.0.1:7601.
Sockets linger 200 ms when the device stops (override with --in-opt/--out-opt linger=MS).
Ctrl-C or SIGTERM stops the device cleanly (exit status 0). Bad arguments and endpoints that
cannot be bound or connected exit with status 2.

Example:
  zmq-device streamer --in-bind tcp://*:6767 \\
      --out-connect 'epgm://eth0;239.192.0.1:7601' --out-opt rate=10000

Socket options (NAME is case-insensitive; ZMQ_ prefixes and '-' work too):";

/// Set by the signal handler; read by the main thread.
static STOP: AtomicBool = AtomicBool::new(false);
static SIGNAL: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_signal(signal: libc::c_int) {
    // Only async-signal-safe work: two atomic stores.
    SIGNAL.store(signal, Ordering::Relaxed);
    STOP.store(true, Ordering::SeqCst);
}

fn install_signal_handlers() -> Result<(), Box<dyn Error>> {
    for signal in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: a zeroed sigaction is a valid "no flags, empty mask" value; the handler only
        // stores to atomics, which is async-signal-safe.
        let rc = unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            action.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut())
        };
        if rc != 0 {
            return Err(format!("sigaction: {}", std::io::Error::last_os_error()).into());
        }
    }
    Ok(())
}

#[derive(Debug, Default)]
struct Args {
    kind: Option<DeviceKind>,
    /// (bind?, endpoint)
    inputs: Vec<(bool, String)>,
    outputs: Vec<(bool, String)>,
    in_opts: Vec<String>,
    out_opts: Vec<String>,
    in_type: Option<SocketType>,
    out_type: Option<SocketType>,
    capture: Vec<String>,
    stats_every: Option<Duration>,
    help: bool,
}

fn socket_type(name: &str) -> Result<SocketType, String> {
    SocketType::ALL
        .iter()
        .copied()
        .find(|t| t.name().eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| format!("unknown socket type {name:?}"))
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "-h" || arg == "--help" {
            parsed.help = true;
            continue;
        }
        if !arg.starts_with('-') {
            if parsed.kind.is_some() {
                return Err(format!("unexpected argument {arg:?}"));
            }
            parsed.kind = Some(arg.parse().map_err(|e: zmq::Error| e.to_string())?);
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let known = [
            "--in-bind",
            "--in-connect",
            "--out-bind",
            "--out-connect",
            "--in-opt",
            "--out-opt",
            "--in-type",
            "--out-type",
            "--capture",
            "--stats-every",
        ];
        if !known.contains(&flag.as_str()) {
            return Err(format!("unknown option {flag:?}"));
        }
        let value = match inline {
            Some(v) => v,
            None => args.next().ok_or_else(|| format!("{flag} needs a value"))?,
        };
        match flag.as_str() {
            "--in-bind" => parsed.inputs.push((true, value)),
            "--in-connect" => parsed.inputs.push((false, value)),
            "--out-bind" => parsed.outputs.push((true, value)),
            "--out-connect" => parsed.outputs.push((false, value)),
            "--in-opt" | "--out-opt" => {
                // Checked now so the message names the flag.
                parse_option(&value).map_err(|e| format!("{flag} {value:?}: {e}"))?;
                if flag == "--in-opt" {
                    parsed.in_opts.push(value);
                } else {
                    parsed.out_opts.push(value);
                }
            }
            "--in-type" => parsed.in_type = Some(socket_type(&value)?),
            "--out-type" => parsed.out_type = Some(socket_type(&value)?),
            "--capture" => parsed.capture.push(value),
            _ => {
                let secs: f64 = value
                    .parse()
                    .ok()
                    .filter(|s: &f64| s.is_finite() && *s > 0.0)
                    .ok_or_else(|| format!("--stats-every {value:?}: expected seconds > 0"))?;
                parsed.stats_every = Some(Duration::from_secs_f64(secs));
            }
        }
    }
    Ok(parsed)
}

fn usage() -> String {
    let mut text = USAGE.to_owned();
    for info in named_options() {
        text.push_str(&format!(
            "\n  {:<22}{:<28}{}",
            info.names.join(", "),
            info.c_name,
            info.value
        ));
    }
    text
}

fn build(args: &Args) -> Result<Device, String> {
    let kind = args
        .kind
        .ok_or("missing device: queue, forwarder or streamer")?;
    if args.inputs.is_empty() {
        return Err("missing frontend endpoint (--in-bind or --in-connect)".into());
    }
    if args.outputs.is_empty() {
        return Err("missing backend endpoint (--out-bind or --out-connect)".into());
    }
    // Sockets linger briefly so a stop exits quickly even with undeliverable messages; options
    // given by name come later and override it.
    let mut device = Device::new(kind)
        .frontend_option("linger=200")
        .backend_option("linger=200")
        .capture_configure(|s| s.set(zmq::opt::Linger, Some(Duration::from_millis(200))));
    for (bind, ep) in &args.inputs {
        device = if *bind {
            device.frontend_bind(ep)
        } else {
            device.frontend_connect(ep)
        };
    }
    for (bind, ep) in &args.outputs {
        device = if *bind {
            device.backend_bind(ep)
        } else {
            device.backend_connect(ep)
        };
    }
    for o in &args.in_opts {
        device = device.frontend_option(o);
    }
    for o in &args.out_opts {
        device = device.backend_option(o);
    }
    if let Some(t) = args.in_type {
        device = device.frontend_type(t);
    }
    if let Some(t) = args.out_type {
        device = device.backend_type(t);
    }
    for ep in &args.capture {
        device = device.capture_bind(ep);
    }
    Ok(device)
}

fn print_stats(s: &ProxyStatistics) {
    eprintln!(
        "zmq-device: stats: frontend in {} parts/{} B, out {} parts/{} B; \
         backend in {} parts/{} B, out {} parts/{} B",
        s.frontend_recv_parts,
        s.frontend_recv_bytes,
        s.frontend_sent_parts,
        s.frontend_sent_bytes,
        s.backend_recv_parts,
        s.backend_recv_bytes,
        s.backend_sent_parts,
        s.backend_sent_bytes
    );
}

fn announce(args: &Args, handle: &DeviceHandle) {
    let sides = [
        (
            "frontend",
            handle.frontend_type(),
            &args.inputs,
            handle.frontend_endpoints(),
        ),
        (
            "backend",
            handle.backend_type(),
            &args.outputs,
            handle.backend_endpoints(),
        ),
    ];
    for (side, ty, given, resolved) in sides {
        for ((bind, _), ep) in given.iter().zip(resolved) {
            let how = if *bind { "bind" } else { "connect" };
            eprintln!("zmq-device:   {side} {ty} {how} {ep}");
        }
    }
    for ep in handle.capture_endpoints() {
        eprintln!("zmq-device:   capture PUB bind {ep}");
    }
    eprintln!(
        "zmq-device: {} running (Ctrl-C or SIGTERM to stop)",
        handle.kind()
    );
    let _ = std::io::stderr().flush();
}

/// Watches the signal flag and the device; returns the exit status.
fn watch(handle: DeviceHandle, stats_every: Option<Duration>) -> ExitCode {
    let mut next_stats = stats_every.map(|every| Instant::now() + every);
    loop {
        std::thread::sleep(Duration::from_millis(20));
        if STOP.load(Ordering::SeqCst) {
            let signal = SIGNAL.load(Ordering::Relaxed);
            let name = if signal == libc::SIGINT {
                "SIGINT"
            } else {
                "SIGTERM"
            };
            eprintln!("zmq-device: {name}: stopping");
            if stats_every.is_some() {
                if let Ok(s) = handle.statistics() {
                    print_stats(&s);
                }
            }
            return match handle.stop() {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("zmq-device: device failed: {e}");
                    ExitCode::from(1)
                }
            };
        }
        if handle.is_finished() {
            let result = handle.stop();
            eprintln!(
                "zmq-device: device stopped unexpectedly: {}",
                result
                    .err()
                    .map_or_else(|| "no error".to_owned(), |e| e.to_string())
            );
            return ExitCode::from(1);
        }
        if let (Some(every), Some(at)) = (stats_every, next_stats) {
            if Instant::now() >= at {
                match handle.statistics() {
                    Ok(s) => print_stats(&s),
                    Err(e) => eprintln!("zmq-device: statistics: {e}"),
                }
                next_stats = Some(at + every);
            }
        }
    }
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("zmq-device: {e} (see --help)");
            return ExitCode::from(2);
        }
    };
    if args.help {
        println!("{}", usage());
        return ExitCode::SUCCESS;
    }
    let device = match build(&args) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("zmq-device: {e} (see --help)");
            return ExitCode::from(2);
        }
    };
    // Before any thread exists, so every thread inherits the handlers' disposition.
    if let Err(e) = install_signal_handlers() {
        eprintln!("zmq-device: {e}");
        return ExitCode::from(2);
    }
    let ctx = match Context::new() {
        Ok(ctx) => ctx,
        Err(e) => {
            eprintln!("zmq-device: zmq_ctx_new: {e}");
            return ExitCode::from(2);
        }
    };
    let handle = match device.start(&ctx) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("zmq-device: {e}");
            return ExitCode::from(2);
        }
    };
    announce(&args, &handle);
    let status = watch(handle, args.stats_every);
    // The device's sockets are closed; zmq_ctx_term waits at most for their linger.
    drop(ctx);
    status
}
