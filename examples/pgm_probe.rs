//! Tries one endpoint on one socket type and reports what happened, so tests can run inputs that
//! make libzmq abort in a child process. `pgm_probe [--raw] <TYPE> <bind|connect> <endpoint>`
//!
//! Without `--raw` it goes through this crate (which must return an error, never abort); with
//! `--raw` it calls libzmq directly, to show which inputs abort the process. After a successful
//! bind/connect it keeps the socket open for 500 ms and sends one message, so an abort in
//! libzmq's I/O thread happens before the exit.
//!
//! `PGM_PROBE_OPTS="rate=10,maxtpdu=1500,hops=300,recovery_ivl=10000"` sets ZMQ_RATE,
//! ZMQ_MULTICAST_MAXTPDU, ZMQ_RECOVERY_IVL and
//! ZMQ_MULTICAST_HOPS (as raw ints) before the bind/connect, in both modes.
//!
//! `pgm_probe [--raw] slow-consumer <endpoint> <count>` runs a PUB and a SUB (RCVHWM 16) on one
//! PGM endpoint in this process; the publisher sends `count` numbered messages at full speed and
//! the subscriber reads them with pauses, so its receive pipe keeps filling up. libzmq 4.3.5
//! aborts in that state (`pgm_receiver.cpp:104`, a stale "pipe has room" command meets a full
//! pipe). Through this crate the SUB's receive pipe is unbounded and everything arrives; `--raw`
//! forces the HWM back onto the pipe with a direct `zmq_setsockopt`, to show the abort.

use std::ffi::CString;
use std::process::ExitCode;
use std::time::Duration;

use zmq::{Context, Flags, SocketType};

fn socket_type(name: &str) -> Option<SocketType> {
    SocketType::ALL
        .iter()
        .copied()
        .find(|t| t.name().eq_ignore_ascii_case(name))
}

/// `(option id, value)` pairs from `PGM_PROBE_OPTS`.
fn probe_options() -> Vec<(i32, i32)> {
    let text = std::env::var("PGM_PROBE_OPTS").unwrap_or_default();
    text.split(',')
        .filter_map(|kv| kv.split_once('='))
        .filter_map(|(k, v)| {
            let id = match k.trim() {
                "rate" => zmq::sys::ZMQ_RATE,
                "maxtpdu" => zmq::sys::ZMQ_MULTICAST_MAXTPDU,
                "hops" => zmq::sys::ZMQ_MULTICAST_HOPS,
                "recovery_ivl" => zmq::sys::ZMQ_RECOVERY_IVL,
                _ => return None,
            };
            Some((id, v.trim().parse().ok()?))
        })
        .collect()
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let raw = args.first().is_some_and(|a| a == "--raw");
    if raw {
        args.remove(0);
    }
    if args.first().is_some_and(|a| a == "slow-consumer") {
        return slow_consumer(raw, &args[1..]);
    }
    let [kind, op, endpoint] = args.as_slice() else {
        eprintln!("usage: pgm_probe [--raw] <TYPE> <bind|connect> <endpoint>");
        return ExitCode::from(64);
    };
    let Some(kind) = socket_type(kind) else {
        eprintln!("unknown socket type {kind}");
        return ExitCode::from(64);
    };
    if raw {
        return raw_probe(kind, op, endpoint);
    }
    let result = (|| -> zmq::Result<()> {
        let ctx = Context::new()?;
        let sock = ctx.socket(kind)?;
        sock.set_linger(Some(Duration::ZERO))?;
        for (id, value) in probe_options() {
            sock.setsockopt_raw(id, &value.to_ne_bytes())?;
        }
        match op.as_str() {
            "bind" => sock.bind(endpoint)?,
            _ => sock.connect(endpoint)?,
        }
        std::thread::sleep(Duration::from_millis(500));
        if matches!(kind, SocketType::Pub | SocketType::XPub) {
            sock.send_with("probe", Flags::DONTWAIT)?;
        }
        std::thread::sleep(Duration::from_millis(200));
        Ok(())
    })();
    match result {
        Ok(()) => {
            println!("ok");
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("error: {e} [{e:?}]");
            ExitCode::from(2)
        }
    }
}

fn raw_probe(kind: SocketType, op: &str, endpoint: &str) -> ExitCode {
    use zmq::sys;
    let Ok(ep) = CString::new(endpoint) else {
        println!("error: NUL in endpoint");
        return ExitCode::from(2);
    };
    // SAFETY: plain libzmq calls on objects created here, in order, from one thread.
    unsafe {
        let ctx = sys::zmq_ctx_new();
        let sock = sys::zmq_socket(ctx, kind as i32);
        let linger: i32 = 0;
        sys::zmq_setsockopt(sock, sys::ZMQ_LINGER, &linger as *const i32 as *const _, 4);
        for (id, value) in probe_options() {
            if sys::zmq_setsockopt(sock, id, &value as *const i32 as *const _, 4) != 0 {
                println!("error: option {id}: {}", zmq::strerror(sys::zmq_errno()));
                return ExitCode::from(2);
            }
        }
        let rc = if op == "bind" {
            sys::zmq_bind(sock, ep.as_ptr())
        } else {
            sys::zmq_connect(sock, ep.as_ptr())
        };
        if rc != 0 {
            println!("error: {}", zmq::strerror(sys::zmq_errno()));
            return ExitCode::from(2);
        }
        std::thread::sleep(Duration::from_millis(500));
        sys::zmq_send(sock, b"probe".as_ptr() as *const _, 5, sys::ZMQ_DONTWAIT);
        std::thread::sleep(Duration::from_millis(200));
        sys::zmq_close(sock);
        sys::zmq_ctx_term(ctx);
    }
    println!("ok");
    ExitCode::SUCCESS
}

/// The `slow-consumer` mode (see the module doc). Prints `received N of M in order` and exits 0
/// when all `M` arrived in order.
fn slow_consumer(raw: bool, args: &[String]) -> ExitCode {
    let [endpoint, count] = args else {
        eprintln!("usage: pgm_probe [--raw] slow-consumer <endpoint> <count>");
        return ExitCode::from(64);
    };
    let Ok(count) = count.parse::<u64>() else {
        eprintln!("count: not a number: {count}");
        return ExitCode::from(64);
    };
    let result = (|| -> zmq::Result<u64> {
        use zmq::opt;
        let ctx = Context::new()?;
        let sub = ctx.socket(SocketType::Sub)?;
        sub.set_linger(Some(Duration::ZERO))?;
        sub.set(opt::Rate, 10_000)?;
        sub.set(opt::RcvHwm, 16)?;
        sub.set_rcvtimeo(Some(Duration::from_secs(3)))?;
        sub.subscribe("")?;
        sub.connect(endpoint)?;
        if raw {
            // Put the HWM back on the PGM pipe behind the crate's back (libzmq propagates a
            // changed RCVHWM to existing pipes).
            let hwm: i32 = 16;
            // SAFETY: live socket; a 4-byte int option.
            let rc = unsafe {
                zmq::sys::zmq_setsockopt(
                    sub.as_raw(),
                    zmq::sys::ZMQ_RCVHWM,
                    &hwm as *const i32 as *const _,
                    4,
                )
            };
            assert_eq!(rc, 0, "zmq_setsockopt(ZMQ_RCVHWM)");
        }
        let publisher = ctx.socket(SocketType::Pub)?;
        publisher.set_linger(Some(Duration::ZERO))?;
        publisher.set(opt::Rate, 10_000)?;
        publisher.set(opt::SndHwm, 0)?;
        publisher.connect(endpoint)?;
        std::thread::sleep(Duration::from_millis(300));
        let sender = std::thread::spawn(move || -> zmq::Result<()> {
            for seq in 0..count {
                publisher.send(&seq.to_be_bytes()[..])?;
            }
            // Stay up while the receiver catches up (it may ask for repairs).
            std::thread::sleep(Duration::from_secs(5));
            Ok(())
        });
        let mut next = 0u64;
        while next < count {
            let m = match sub.recv_msg() {
                Ok(m) => m,
                Err(zmq::Error::WouldBlock) => break,
                Err(e) => return Err(e),
            };
            let seq = <[u8; 8]>::try_from(&m[..]).ok().map(u64::from_be_bytes);
            if seq != Some(next) {
                println!("out of order: expected {next}, got {seq:?}");
                break;
            }
            next += 1;
            if next.is_multiple_of(64) {
                // The slow part: the pipe fills while we look away.
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        let _ = sender.join();
        Ok(next)
    })();
    match result {
        Ok(n) => {
            println!("received {n} of {count} in order");
            if n == count {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            println!("error: {e} [{e:?}]");
            ExitCode::from(2)
        }
    }
}
