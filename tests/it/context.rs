//! Context lifetime, shutdown and linger.

use std::time::{Duration, Instant};

use crate::common::*;
use zmq::{ctx_opt, Context, Error, Flags, SocketType};

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn context_is_send_sync_and_cheap_to_clone() {
    assert_send_sync::<Context>();
    let ctx = Context::new().unwrap();
    let clone = ctx.clone();
    assert_eq!(ctx.as_raw(), clone.as_raw());
}

#[test]
fn typed_context_options() {
    let ctx = Context::with(|c| {
        c.set(ctx_opt::IoThreads, 2)?;
        c.set(ctx_opt::MaxSockets, 64)?;
        c.set(ctx_opt::Ipv6, true)?;
        c.set(ctx_opt::Blocky, false)?;
        c.set(ctx_opt::MaxMsgSz, 1 << 20)?;
        c.set(ctx_opt::ThreadNamePrefix, 7)?;
        c.set(ctx_opt::ThreadSchedPolicy, libc::SCHED_OTHER)?;
        c.set(ctx_opt::ThreadAffinityCpuAdd, 0)?;
        c.set(ctx_opt::ThreadAffinityCpuRemove, 0)
    })
    .unwrap();
    assert_eq!(ctx.get(ctx_opt::IoThreads).unwrap(), 2);
    assert_eq!(ctx.get(ctx_opt::MaxSockets).unwrap(), 64);
    assert!(ctx.get(ctx_opt::Ipv6).unwrap());
    assert!(!ctx.get(ctx_opt::Blocky).unwrap());
    assert_eq!(ctx.get(ctx_opt::MaxMsgSz).unwrap(), 1 << 20);
    assert!(ctx.get(ctx_opt::SocketLimit).unwrap() >= 1023);
    assert_eq!(
        ctx.get(ctx_opt::MsgTSize).unwrap() as usize,
        std::mem::size_of::<zmq::sys::zmq_msg_t>()
    );
    // Out-of-range values are libzmq errors, not panics.
    assert_eq!(
        ctx.set(ctx_opt::IoThreads, -1),
        Err(Error::from_errno(libc::EINVAL))
    );
}

#[test]
fn max_sockets_is_enforced() {
    let ctx = Context::with(|c| c.set(ctx_opt::MaxSockets, 2)).unwrap();
    let _a = ctx.socket(SocketType::Pair).unwrap();
    let _b = ctx.socket(SocketType::Pair).unwrap();
    assert_eq!(
        ctx.socket(SocketType::Pair).unwrap_err(),
        Error::from_errno(libc::EMFILE)
    );
}

#[test]
fn shutdown_from_another_thread_unblocks_recv_within_100ms() {
    with_timeout(Duration::from_secs(10), || {
        let ctx = Context::new().unwrap();
        let sock = ctx.socket(SocketType::Pull).unwrap(); // no receive timeout: blocks forever
        sock.bind("inproc://shutdown").unwrap();
        let killer = ctx.clone();
        let started = Instant::now();
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            let at = Instant::now();
            killer.shutdown().unwrap();
            at
        });
        let err = sock.recv_msg().unwrap_err();
        let returned = Instant::now();
        let shutdown_at = t.join().unwrap();
        assert_eq!(err, Error::ContextTerminated);
        let lag = returned.duration_since(shutdown_at);
        assert!(
            lag < Duration::from_millis(100),
            "recv returned {lag:?} after shutdown"
        );
        assert!(started.elapsed() >= Duration::from_millis(200));
        // Sockets cannot be created after shutdown.
        assert_eq!(
            ctx.socket(SocketType::Pair).unwrap_err(),
            Error::ContextTerminated
        );
        // Calls on existing sockets fail the same way.
        assert_eq!(
            sock.bind("inproc://again").unwrap_err(),
            Error::ContextTerminated
        );
    });
}

#[test]
fn shutdown_unblocks_send_and_poll() {
    with_timeout(Duration::from_secs(10), || {
        let ctx = Context::new().unwrap();
        let push = ctx.socket(SocketType::Push).unwrap();
        push.bind("inproc://nobody-pulls").unwrap(); // no peer: send blocks
        let pull = ctx.socket(SocketType::Pull).unwrap();
        pull.bind("inproc://poll-me").unwrap();
        let killer = ctx.clone();
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            killer.shutdown().unwrap();
            Instant::now()
        });
        let err = push.send("x").unwrap_err();
        assert_eq!(err.error, Error::ContextTerminated);
        assert_eq!(&err.msg[..], b"x", "the message came back");
        let at = t.join().unwrap();
        assert!(at.elapsed() < Duration::from_millis(100));
        let mut items = [pull.as_poll_item(zmq::POLLIN)];
        assert_eq!(
            zmq::poll(&mut items, None).unwrap_err(),
            Error::ContextTerminated
        );
    });
}

#[test]
fn context_lives_until_the_last_socket_is_dropped() {
    let ctx = Context::new().unwrap();
    let a = ctx.socket(SocketType::Pair).unwrap();
    let b = ctx.socket(SocketType::Pair).unwrap();
    drop(ctx); // sockets still work: they hold the context
    a.bind("inproc://alive").unwrap();
    b.connect("inproc://alive").unwrap();
    b.send("still here").unwrap();
    a.set_rcvtimeo(Some(IO_TIMEOUT)).unwrap();
    assert_eq!(a.recv_string().unwrap(), "still here");
}

#[test]
fn drop_with_undelivered_messages_returns_within_linger() {
    for linger in [Duration::ZERO, Duration::from_millis(300)] {
        let elapsed = with_timeout(Duration::from_secs(10), move || {
            let ctx = Context::new().unwrap();
            ctx.set_default_linger(Some(linger));
            let push = ctx.socket(SocketType::Push).unwrap();
            // An absent peer: the connection never completes, messages stay queued.
            push.connect("tcp://127.0.0.1:1").unwrap();
            for _ in 0..10 {
                push.send_with("undeliverable", Flags::DONTWAIT).unwrap();
            }
            let start = Instant::now();
            drop(push);
            drop(ctx);
            start.elapsed()
        });
        // libzmq times linger with its own millisecond clock: allow that much earlier.
        assert!(
            elapsed + Duration::from_millis(5) >= linger,
            "returned before linger {linger:?}: {elapsed:?}"
        );
        assert!(
            elapsed < linger + Duration::from_millis(500),
            "drop took {elapsed:?} with linger {linger:?}"
        );
    }
}

#[test]
fn default_linger_policy_is_bounded() {
    let ctx = Context::new().unwrap();
    assert_eq!(ctx.default_linger(), Some(zmq::DEFAULT_LINGER));
    let s = ctx.socket(SocketType::Push).unwrap();
    assert_eq!(s.get(zmq::opt::Linger).unwrap(), Some(zmq::DEFAULT_LINGER));
    ctx.set_default_linger(None);
    let forever = ctx.socket(SocketType::Push).unwrap();
    assert_eq!(forever.get(zmq::opt::Linger).unwrap(), None);
}

#[test]
fn raw_context_round_trip() {
    let ctx = Context::new().unwrap();
    let sock = ctx.socket(SocketType::Pair).unwrap();
    // Shared (a socket holds it): ownership cannot be given away.
    let ctx = ctx.into_raw().unwrap_err();
    drop(sock);
    let raw = ctx.into_raw().unwrap();
    // SAFETY: raw came from into_raw and nothing else owns it.
    let ctx = unsafe { Context::from_raw(raw) };
    let s = ctx.socket(SocketType::Pair).unwrap();
    s.bind("inproc://raw-ctx").unwrap();
}
