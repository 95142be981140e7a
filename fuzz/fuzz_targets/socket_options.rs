//! The option codecs of `zmq::opt`: arbitrary values set through the typed API (ints, sizes,
//! durations, strings, bytes, CURVE keys) and raw bytes through `setsockopt_raw` must never
//! panic; errors are typed (`InvalidInput` from this crate or an errno from libzmq), and a value
//! that was accepted reads back as written (durations to the millisecond).
//!
//! Only options are set; the socket never binds or connects.
#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use zmq::{opt, Context, Error, SocketType};

fn ctx() -> &'static Context {
    static CTX: OnceLock<Context> = OnceLock::new();
    CTX.get_or_init(|| Context::new().expect("zmq_ctx_new"))
}

fn typed(e: &Error) -> bool {
    matches!(
        e,
        Error::InvalidInput { .. } | Error::Errno(_) | Error::SocketOption { .. }
    )
}

/// A little reader over the fuzz input.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn byte(&mut self) -> u8 {
        let (b, rest) = self.0.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
        self.0 = rest;
        b
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        let n = n.min(self.0.len());
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head.to_vec()
    }
    fn i32(&mut self) -> i32 {
        i32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }
    fn u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        b.iter_mut().for_each(|x| *x = self.byte());
        u64::from_le_bytes(b)
    }
    fn duration(&mut self) -> Duration {
        // Mostly small values, sometimes anything (seconds beyond i32 ms, nanoseconds).
        match self.byte() % 4 {
            0 => Duration::from_millis(u64::from(self.byte())),
            1 => Duration::from_millis(self.u64() % 5_000_000_000),
            2 => Duration::new(self.u64(), self.i32() as u32 % 1_000_000_000),
            _ => Duration::from_nanos(self.u64() % 10_000_000),
        }
    }
    fn text(&mut self) -> String {
        let n = usize::from(self.byte());
        String::from_utf8_lossy(&self.bytes(n)).into_owned()
    }
}

fn check_int<O>(sock: &zmq::Socket, option: O, v: i32)
where
    O: opt::Set<i32> + opt::Get<Value = i32>,
{
    match sock.set(option, v) {
        Ok(()) => assert_eq!(sock.get(option).expect("read back"), v, "{}", O::NAME),
        Err(e) => assert!(typed(&e), "{}: {e:?}", O::NAME),
    }
}

fn check_millis_or_forever<O>(sock: &zmq::Socket, option: O, v: Option<Duration>)
where
    O: opt::Set<Option<Duration>> + opt::Get<Value = Option<Duration>>,
{
    match sock.set(option, v) {
        Ok(()) => {
            let back = sock.get(option).expect("read back");
            let want = v.map(|d| Duration::from_millis(d.as_millis() as u64));
            assert_eq!(back, want, "{}", O::NAME);
        }
        Err(e) => {
            assert!(typed(&e), "{}: {e:?}", O::NAME);
            // Only durations beyond i32 milliseconds are refused.
            assert!(
                v.is_some_and(|d| d.as_millis() > i32::MAX as u128),
                "{v:?}: {e:?}"
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input(data);
    let kinds = [
        SocketType::Dealer,
        SocketType::Router,
        SocketType::Sub,
        SocketType::XPub,
        SocketType::Req,
        SocketType::Push,
    ];
    let kind = kinds[usize::from(input.byte()) % kinds.len()];
    let Ok(sock) = ctx().socket(kind) else {
        return;
    };
    // Several options per input, in the order the input says.
    for _ in 0..8 {
        if input.0.is_empty() {
            break;
        }
        match input.byte() % 16 {
            0 => check_int(&sock, opt::SndHwm, input.i32()),
            1 => check_int(&sock, opt::Backlog, input.i32()),
            2 => {
                let v = input.u64();
                let v = if v % 3 == 0 {
                    None
                } else {
                    Some(v >> (v % 64))
                };
                match sock.set(opt::MaxMsgSize, v) {
                    Ok(()) => assert_eq!(sock.get(opt::MaxMsgSize).expect("read back"), v),
                    Err(e) => {
                        assert!(matches!(e, Error::InvalidInput { .. }), "{e:?}");
                        assert!(v.is_some_and(|n| n > i64::MAX as u64));
                    }
                }
            }
            3 => {
                let d = input.duration();
                let v = (input.byte() % 4 != 0).then_some(d);
                check_millis_or_forever(&sock, opt::Linger, v);
            }
            4 => {
                let d = input.duration();
                check_millis_or_forever(&sock, opt::RcvTimeo, Some(d));
            }
            5 => {
                let d = input.duration();
                match sock.set(opt::HeartbeatTtl, Some(d)) {
                    Ok(()) => {
                        let back = sock.get(opt::HeartbeatTtl).expect("read back");
                        let want = Duration::from_millis((d.as_millis() / 100 * 100) as u64);
                        assert_eq!(back, Some(want), "{d:?}");
                    }
                    Err(e) => assert!(matches!(e, Error::InvalidInput { .. }), "{d:?}: {e:?}"),
                }
            }
            6 => {
                let d = input.duration();
                match sock.set(opt::HandshakeIvl, Some(d)) {
                    Ok(()) => assert_eq!(
                        sock.get(opt::HandshakeIvl).expect("read back"),
                        Some(Duration::from_millis(d.as_millis() as u64))
                    ),
                    Err(e) => assert!(typed(&e), "{d:?}: {e:?}"),
                }
            }
            7 => {
                let d = input.duration();
                match sock.set(opt::TcpKeepaliveIdle, Some(d)) {
                    Ok(()) => {
                        assert_eq!(sock.get(opt::TcpKeepaliveIdle).expect("read back"), Some(d))
                    }
                    Err(e) => assert!(typed(&e), "{d:?}: {e:?}"),
                }
            }
            8 => {
                let s = input.text();
                match sock.set(opt::PlainUsername, s.as_str()) {
                    // libzmq: the empty name switches back to the NULL mechanism and keeps the
                    // old name (found by this target; documented on opt::PlainUsername).
                    Ok(()) if s.is_empty() => assert_eq!(
                        sock.get(opt::Mechanism).expect("read back"),
                        zmq::SecurityMechanism::Null
                    ),
                    Ok(()) => assert_eq!(sock.get(opt::PlainUsername).expect("read back"), s),
                    Err(e) => assert!(typed(&e), "{s:?}: {e:?}"),
                }
            }
            9 => {
                let s = input.text();
                match sock.set(opt::ZapDomain, s.as_str()) {
                    Ok(()) => assert_eq!(sock.get(opt::ZapDomain).expect("read back"), s),
                    Err(e) => assert!(typed(&e), "{s:?}: {e:?}"),
                }
            }
            10 => {
                let s = input.text();
                match sock.set(opt::CurveServerKey, s.as_str()) {
                    Ok(()) => assert_eq!(
                        sock.get(opt::CurveServerKey).expect("read back").to_z85(),
                        s
                    ),
                    Err(e) => assert!(typed(&e), "{s:?}: {e:?}"),
                }
            }
            11 => {
                let n = usize::from(input.byte());
                let id = input.bytes(n);
                match sock.set(opt::RoutingId, &id) {
                    Ok(()) => assert_eq!(sock.get(opt::RoutingId).expect("read back"), id),
                    Err(e) => assert!(typed(&e), "{e:?}"),
                }
            }
            12 => {
                let n = usize::from(input.byte() % 64);
                let prefix = input.bytes(n);
                if let Err(e) = sock.subscribe(&prefix) {
                    assert!(typed(&e), "{e:?}");
                    assert_ne!(kind, SocketType::Sub);
                }
            }
            13 => {
                let s = input.text();
                match sock.set(opt::SocksProxy, s.as_str()) {
                    Ok(()) => assert_eq!(sock.get(opt::SocksProxy).expect("read back"), s),
                    Err(e) => assert!(typed(&e), "{s:?}: {e:?}"),
                }
            }
            14 => check_int(&sock, opt::Tos, input.i32()),
            _ => {
                // The escape hatch: any option id below 128 with any bytes up to 64.
                let id = i32::from(input.byte() % 128);
                // Descriptors are taken over by libzmq at bind (which never happens here), but
                // keep ZMQ_USE_FD off anyway.
                if id == zmq::sys::ZMQ_USE_FD {
                    continue;
                }
                let n = usize::from(input.byte() % 65);
                let value = input.bytes(n);
                if let Err(e) = sock.setsockopt_raw(id, &value) {
                    assert!(typed(&e), "{id}: {e:?}");
                }
                let mut buf = vec![0u8; usize::from(input.byte())];
                if let Err(e) = sock.getsockopt_raw(id, &mut buf) {
                    assert!(typed(&e), "{id}: {e:?}");
                }
            }
        }
    }
});
