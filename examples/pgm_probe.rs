//! Tries one endpoint on one socket type and reports what happened, so tests can run inputs that
//! make libzmq abort in a child process. `pgm_probe [--raw] <TYPE> <bind|connect> <endpoint>`
//!
//! Without `--raw` it goes through this crate (which must return an error, never abort); with
//! `--raw` it calls libzmq directly, to show which inputs abort the process. After a successful
//! bind/connect it keeps the socket open for 500 ms and sends one message, so an abort in
//! libzmq's I/O thread happens before the exit.
//!
//! `PGM_PROBE_OPTS="rate=10,maxtpdu=1500,hops=300"` sets ZMQ_RATE, ZMQ_MULTICAST_MAXTPDU and
//! ZMQ_MULTICAST_HOPS (as raw ints) before the bind/connect, in both modes.

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
            sock.send("probe", Flags::DONTWAIT)?;
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
