//! zmq_poll over sockets and file descriptors, timeouts, EINTR.

use std::io::Write;
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use crate::common::*;
use zmq::{poll, poll_retry, Context, Error, PollEvents, PollItem, SocketType};

#[test]
fn poll_sockets_and_a_pipe() {
    with_timeout(Duration::from_secs(10), || {
        let ctx = Context::new().unwrap();
        let a = socket(&ctx, SocketType::Pull);
        let b = socket(&ctx, SocketType::Pull);
        a.bind("inproc://poll-a").unwrap();
        b.bind("inproc://poll-b").unwrap();
        let push_b = socket(&ctx, SocketType::Push);
        push_b.connect("inproc://poll-b").unwrap();
        let (reader, mut writer) = std::io::pipe().unwrap();

        // Nothing ready: times out with 0 after about the timeout.
        let start = Instant::now();
        {
            let mut items = [
                a.as_poll_item(zmq::POLLIN),
                b.as_poll_item(zmq::POLLIN),
                PollItem::from_fd(reader.as_fd(), zmq::POLLIN),
            ];
            assert_eq!(
                poll(&mut items, Some(Duration::from_millis(50))).unwrap(),
                0
            );
            assert!(items.iter().all(|i| i.revents().is_empty()));
        }
        assert!(start.elapsed() >= Duration::from_millis(45));

        push_b.send("to b").unwrap();
        writer.write_all(b"x").unwrap();
        let mut items = [
            a.as_poll_item(zmq::POLLIN),
            b.as_poll_item(zmq::POLLIN),
            PollItem::from_fd(reader.as_fd(), zmq::POLLIN),
        ];
        assert_eq!(poll(&mut items, Some(IO_TIMEOUT)).unwrap(), 2);
        assert!(!items[0].is_readable());
        assert!(items[1].is_readable() && items[1].has_socket(&b));
        assert!(items[2].is_readable());
        assert_eq!(b.recv_string().unwrap(), "to b");

        // POLLOUT: a PUSH with a peer can send.
        let mut out = [push_b.as_poll_item(zmq::POLLOUT)];
        assert_eq!(poll(&mut out, Some(Duration::ZERO)).unwrap(), 1);
        assert!(out[0].is_writable());
        assert_eq!(
            push_b
                .poll(zmq::POLLOUT | zmq::POLLIN, Some(Duration::ZERO))
                .unwrap(),
            zmq::POLLOUT
        );
    });
}

#[test]
fn poll_with_no_items_just_waits() {
    let start = Instant::now();
    assert_eq!(poll(&mut [], Some(Duration::from_millis(20))).unwrap(), 0);
    assert!(start.elapsed() >= Duration::from_millis(15));
}

extern "C" fn on_alarm(_: libc::c_int) {}

#[test]
fn eintr_is_reported_and_poll_retry_keeps_the_deadline() {
    with_timeout(Duration::from_secs(10), || {
        let ctx = Context::new().unwrap();
        let a = socket(&ctx, SocketType::Pull);
        a.bind("inproc://eintr").unwrap();
        // A handler without SA_RESTART, so the signal interrupts zmq_poll.
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_alarm as extern "C" fn(libc::c_int) as usize;
            sa.sa_flags = 0;
            libc::sigemptyset(&mut sa.sa_mask);
            assert_eq!(libc::sigaction(libc::SIGUSR1, &sa, std::ptr::null_mut()), 0);
        }
        let me = unsafe { libc::pthread_self() };
        let signaller = std::thread::spawn(move || {
            for _ in 0..3 {
                std::thread::sleep(Duration::from_millis(60));
                unsafe { libc::pthread_kill(me, libc::SIGUSR1) };
            }
        });
        let mut items = [a.as_poll_item(zmq::POLLIN)];
        let start = Instant::now();
        let first = poll(&mut items, Some(Duration::from_secs(3)));
        assert_eq!(first.unwrap_err(), Error::Interrupted);
        assert!(start.elapsed() < Duration::from_secs(1));
        // Retry: two more signals arrive, the call still ends at the original 400 ms deadline.
        let start = Instant::now();
        let n = poll_retry(&mut items, Some(Duration::from_millis(400))).unwrap();
        let took = start.elapsed();
        assert_eq!(n, 0);
        assert!(took >= Duration::from_millis(390), "{took:?}");
        assert!(
            took < Duration::from_millis(700),
            "deadline not kept: {took:?}"
        );
        signaller.join().unwrap();
    });
}

#[test]
fn poll_events_flags() {
    let both = PollEvents::POLLIN | PollEvents::POLLOUT;
    assert!(both.contains(PollEvents::POLLIN));
    assert!(!PollEvents::POLLIN.contains(PollEvents::POLLOUT));
    assert!(PollEvents::EMPTY.is_empty());
    assert_eq!(PollEvents::from_bits_retain(both.bits()), both);
}
