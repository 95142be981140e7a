//! Async sockets (feature `tokio`): the `ZMQ_FD` edge-triggered protocol, split halves,
//! cancellation, Stream/Sink, no busy spinning, and a stress test with a stall watchdog.
#![cfg(feature = "tokio")]

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common::*;
use futures_util::{SinkExt, StreamExt};
use zmq::aio::{AsyncSocket, RecvHalf, SendHalf};
use zmq::{opt, Context, Flags, Message, PollEvents, Socket, SocketType};

/// Each await in these tests gives up after this long.
const STEP: Duration = Duration::from_secs(5);

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn rt_multi() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Awaits `fut`, failing the test if it takes longer than [`STEP`].
async fn within<F: std::future::Future>(what: &str, fut: F) -> F::Output {
    match tokio::time::timeout(STEP, fut).await {
        Ok(v) => v,
        Err(_) => panic!("{what}: no progress within {STEP:?}"),
    }
}

/// A bound socket and the endpoint to connect to (`tcp://127.0.0.1:*` resolved).
fn bound(ctx: &Context, kind: SocketType, endpoint: &str) -> (Socket, String) {
    let s = ctx.socket(kind).unwrap();
    s.bind(endpoint).unwrap();
    let ep = s.last_endpoint().unwrap();
    (s, ep)
}

fn connected(ctx: &Context, kind: SocketType, endpoint: &str) -> Socket {
    let s = ctx.socket(kind).unwrap();
    s.connect(endpoint).unwrap();
    s
}

#[test]
fn futures_and_halves_are_send() {
    fn send<T: Send>(_: &T) {}
    fn send_sync<T: Send + Sync>() {}
    send_sync::<AsyncSocket>();
    send_sync::<SendHalf>();
    send_sync::<RecvHalf>();
    rt().block_on(async {
        let ctx = Context::new().unwrap();
        let mut s = AsyncSocket::new(ctx.socket(SocketType::Pair).unwrap()).unwrap();
        send(&s.recv());
        send(&s.recv_multipart());
        send(&s.send("x"));
        send(&s.send_multipart(["a", "b"]));
        send(&s.flush());
        let _ = s.send_half().take_unsent();
        let (mut tx, mut rx) = s.split();
        send(&tx.send(Message::new()));
        send(&tx.send_multipart(vec![Message::new()]));
        send(&rx.recv());
        send(&rx.recv_multipart());
        send(&rx.next());
        send(&SinkExt::send(&mut tx, ["frame"]));
        // A task holding a half across awaits can be spawned on a multi-threaded runtime.
        let task = tokio::spawn(async move {
            let _ = tokio::time::timeout(Duration::from_millis(1), rx.recv()).await;
            rx
        });
        let _rx = task.await.unwrap();
    });
}

#[test]
fn request_reply_every_transport() {
    let dir = TempDir::new("aio-rr");
    rt().block_on(async {
        let ctx = Context::new().unwrap();
        for endpoint in endpoints(&dir, "aio-rr") {
            let (rep, ep) = bound(&ctx, SocketType::Rep, &endpoint);
            let mut rep = AsyncSocket::new(rep).unwrap();
            let mut req = AsyncSocket::new(connected(&ctx, SocketType::Req, &ep)).unwrap();
            let server = tokio::spawn(async move {
                for _ in 0..100 {
                    let m = rep.recv().await.unwrap();
                    rep.send(m).await.unwrap();
                }
            });
            for i in 0..100u32 {
                within("request", req.send(i.to_string())).await.unwrap();
                let reply = within("reply", req.recv()).await.unwrap();
                assert_eq!(reply.as_str(), Some(i.to_string().as_str()), "{endpoint}");
            }
            within("server", server).await.unwrap();
        }
    });
}

/// The classic missed wakeup: the peer sends several messages while the receiving task is busy
/// (not polling), then stops. libzmq signals `ZMQ_FD` once for the batch, and receiving the
/// first message consumes that edge: an implementation that waits on the fd before re-checking
/// `ZMQ_EVENTS` sleeps forever with messages queued. All must arrive with no further message.
#[test]
fn no_missed_wakeup_after_a_burst() {
    const BURST: usize = 20;
    rt().block_on(async {
        let ctx = Context::new().unwrap();
        for endpoint in ["inproc://aio-burst", "tcp://127.0.0.1:*"] {
            let (pull, ep) = bound(&ctx, SocketType::Pull, endpoint);
            let push = connected(&ctx, SocketType::Push, &ep);
            let fd = pull.get(opt::Fd).unwrap();
            let mut pull = AsyncSocket::new(pull).unwrap();

            push.send("first").unwrap();
            assert_eq!(
                within("first", pull.recv()).await.unwrap().as_str(),
                Some("first")
            );

            // The task is busy (blocks its thread) while the burst arrives, then the peer stops.
            for i in 0..BURST {
                push.send(format!("m{i}")).unwrap();
            }
            std::thread::sleep(Duration::from_millis(200));

            // The trap is really there: libzmq has the messages but ZMQ_FD is not readable after
            // the first receive (checked on libzmq's own descriptor, without touching the socket).
            let mut pfd = libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd; fd is the socket's live ZMQ_FD.
            let ready = unsafe { libc::poll(&mut pfd, 1, 0) };
            assert_eq!(
                ready, 0,
                "{endpoint}: ZMQ_FD signalled the burst; the test would not reproduce the trap"
            );

            for i in 0..BURST {
                let m = within("burst message", pull.recv()).await.unwrap();
                assert_eq!(m.as_str(), Some(format!("m{i}").as_str()), "{endpoint}");
            }
            // Nothing else is there.
            assert!(
                tokio::time::timeout(Duration::from_millis(100), pull.recv())
                    .await
                    .is_err()
            );
        }
    });
}

/// Same condition with the receiver parked *before* the burst: one edge wakes it, and it must
/// drain the whole burst without another edge.
#[test]
fn no_missed_wakeup_parked_receiver() {
    const BURST: usize = 50;
    rt_multi().block_on(async {
        let ctx = Context::new().unwrap();
        for endpoint in ["inproc://aio-parked", "tcp://127.0.0.1:*"] {
            let (pull, ep) = bound(&ctx, SocketType::Pull, endpoint);
            let push = connected(&ctx, SocketType::Push, &ep);
            let mut pull = AsyncSocket::new(pull).unwrap();
            let receiver = tokio::spawn(async move {
                let mut got = Vec::new();
                for _ in 0..BURST {
                    let m = within("parked receiver", pull.recv()).await.unwrap();
                    got.push(m.to_vec());
                    // Busy between messages: no await point, the thread is held.
                    std::thread::sleep(Duration::from_millis(1));
                }
                got
            });
            tokio::time::sleep(Duration::from_millis(50)).await;
            for i in 0..BURST {
                push.send(format!("{i}")).unwrap();
            }
            let got = within("receiver task", receiver).await.unwrap();
            let want: Vec<Vec<u8>> = (0..BURST).map(|i| i.to_string().into_bytes()).collect();
            assert_eq!(got, want, "{endpoint}");
        }
    });
}

/// The other classic trap, on the send side: `zmq_msg_send` processes commands at most about once
/// a millisecond (libzmq's throttle), and with `ZMQ_DONTWAIT` it does not retry after `EAGAIN`. A
/// sender parked on a full pipe is woken by the edge of the peer's "activate write" command and,
/// if woken within the throttle window, its send still fails without having processed that
/// command, which consumed the edge. Only a `ZMQ_EVENTS` read (never throttled) sees the room;
/// waiting on the fd again instead sleeps forever.
#[test]
fn no_missed_wakeup_when_woken_inside_the_throttle_window() {
    const N: u32 = 2000;
    rt().block_on(async {
        let ctx = Context::new().unwrap();
        for endpoint in ["inproc://aio-throttle", "tcp://127.0.0.1:*"] {
            // High-water marks set before bind/connect (inproc takes them at connect time).
            let pull = ctx.socket(SocketType::Pull).unwrap();
            pull.set(opt::RcvHwm, 1).unwrap();
            pull.bind(endpoint).unwrap();
            let push = ctx.socket(SocketType::Push).unwrap();
            push.set(opt::SndHwm, 1).unwrap();
            push.connect(&pull.last_endpoint().unwrap()).unwrap();
            let mut push = AsyncSocket::new(push).unwrap();
            let sender = tokio::spawn(async move {
                for i in 0..N {
                    push.send(i.to_le_bytes().to_vec()).await.unwrap();
                }
            });
            let mut last_progress = Instant::now();
            for i in 0..N {
                // Drain one message at a time from this task (same thread), so the sender is woken
                // right after it parked on the full pipe.
                let m = loop {
                    match pull.recv_msg_with(Flags::DONTWAIT) {
                        Ok(m) => break m,
                        Err(e) if e.is_would_block() => {
                            assert!(
                                last_progress.elapsed() < Duration::from_secs(2),
                                "{endpoint}: sender stalled at message {i}"
                            );
                            tokio::task::yield_now().await;
                        }
                        Err(e) => panic!("{e}"),
                    }
                };
                last_progress = Instant::now();
                assert_eq!(u32::from_le_bytes(m[..].try_into().unwrap()), i);
            }
            within("sender", sender).await.unwrap();
        }
    });
}

/// An idle `recv` parks without spinning: the thread that runs the runtime (reactor included)
/// uses under 10 ms of CPU in one second of waiting.
#[test]
fn idle_recv_does_not_spin() {
    let cpu = with_timeout(Duration::from_secs(20), || {
        let ctx = Context::new().unwrap();
        let rt = rt();
        rt.block_on(async {
            let (pull, ep) = bound(&ctx, SocketType::Pull, "tcp://127.0.0.1:*");
            let push = connected(&ctx, SocketType::Push, &ep);
            let mut pull = AsyncSocket::new(pull).unwrap();
            // Exercise the socket first, so the wait starts from a used, connected state.
            push.send("warm-up").unwrap();
            pull.recv().await.unwrap();

            let before = thread_cpu();
            let start = Instant::now();
            let r = tokio::time::timeout(Duration::from_secs(1), pull.recv()).await;
            let waited = start.elapsed();
            let used = thread_cpu() - before;
            assert!(r.is_err(), "nothing was sent, recv must still be waiting");
            assert!(waited >= Duration::from_secs(1));

            // And the parked receive still wakes up.
            push.send("late").unwrap();
            assert_eq!(
                within("late", pull.recv()).await.unwrap().as_str(),
                Some("late")
            );
            used
        })
    });
    println!("CPU time of an idle awaiting recv over 1 s: {cpu:?}");
    assert!(
        cpu < Duration::from_millis(10),
        "idle recv used {cpu:?} of CPU"
    );
}

/// CPU time (user + system) of the calling thread (`getrusage(RUSAGE_THREAD)`).
fn thread_cpu() -> Duration {
    // SAFETY: an all-zero rusage is valid; getrusage fills it.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: valid pointer to a rusage.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut ru) };
    assert_eq!(rc, 0);
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

#[test]
fn cancelled_recv_loses_nothing() {
    rt_multi().block_on(async {
        let ctx = Context::new().unwrap();
        let (pull, ep) = bound(&ctx, SocketType::Pull, "tcp://127.0.0.1:*");
        let mut pull = AsyncSocket::new(pull).unwrap();
        let mut push = AsyncSocket::new(connected(&ctx, SocketType::Push, &ep)).unwrap();
        const N: u32 = 2000;
        let sender = tokio::spawn(async move {
            for i in 0..N {
                push.send(i.to_le_bytes().to_vec()).await.unwrap();
                if i % 97 == 0 {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
            }
            push
        });
        let mut next = 0u32;
        let mut cancelled = 0u32;
        let deadline = Instant::now() + Duration::from_secs(30);
        while next < N {
            assert!(Instant::now() < deadline, "stuck at {next}");
            // Race every receive against a very short timer; the loser is dropped.
            tokio::select! {
                m = pull.recv() => {
                    let m = m.unwrap();
                    assert_eq!(u32::from_le_bytes(m[..].try_into().unwrap()), next);
                    next += 1;
                }
                _ = tokio::time::sleep(Duration::from_micros(50)) => cancelled += 1,
            }
        }
        within("sender", sender).await.unwrap();
        println!("{N} received in order, {cancelled} receives cancelled");
        assert!(cancelled > 0, "the test must actually cancel receives");
    });
}

#[test]
fn cancelled_send_keeps_the_message() {
    rt().block_on(async {
        let ctx = Context::new().unwrap();
        // A PUSH socket with no peer cannot send: the send waits.
        let mut push = AsyncSocket::new(ctx.socket(SocketType::Push).unwrap()).unwrap();
        let r = tokio::time::timeout(
            Duration::from_millis(50),
            push.send_multipart(["one", "two"]),
        )
        .await;
        assert!(r.is_err(), "send must wait while no peer is connected");
        assert_eq!(push.send_half().unsent_frames(), 2);
        // A future dropped without ever being polled also keeps its message.
        drop(push.send("three"));
        assert_eq!(push.send_half().unsent_frames(), 3);

        let (pull, ep) = bound(&ctx, SocketType::Pull, "tcp://127.0.0.1:*");
        let mut pull = AsyncSocket::new(pull).unwrap();
        push.with_socket(|s| s.connect(&ep)).unwrap();
        within("flush", push.flush()).await.unwrap();
        assert_eq!(push.send_half().unsent_frames(), 0);
        let first = within("first", pull.recv_multipart()).await.unwrap();
        assert_eq!(first.len(), 2);
        assert_eq!(
            (first[0].as_str(), first[1].as_str()),
            (Some("one"), Some("two"))
        );
        let second = within("second", pull.recv_multipart()).await.unwrap();
        assert_eq!(second.len(), 1);
        assert_eq!(second[0].as_str(), Some("three"));

        // take_unsent hands a queued message back instead.
        let mut lonely = AsyncSocket::new(ctx.socket(SocketType::Push).unwrap()).unwrap();
        drop(lonely.send("back"));
        let back = lonely.send_half().take_unsent();
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].as_str(), Some("back"));
        let (sock, unsent) = lonely.into_inner();
        assert!(unsent.is_empty());
        assert_eq!(sock.socket_type().unwrap(), SocketType::Push);
    });
}

#[test]
fn refused_send_hands_the_message_back() {
    rt().block_on(async {
        let ctx = Context::new().unwrap();
        let (rep, ep) = bound(&ctx, SocketType::Rep, "inproc://aio-efsm");
        let _rep = rep;
        let mut req = AsyncSocket::new(connected(&ctx, SocketType::Req, &ep)).unwrap();
        within("first", req.send("first")).await.unwrap();
        // A second request before the reply: EFSM, and the message comes back.
        let err = within("second", req.send("second")).await.unwrap_err();
        assert_eq!(err.error, zmq::Error::InvalidState);
        assert_eq!(err.unsent.len(), 1);
        assert_eq!(err.unsent[0].as_str(), Some("second"));
        assert_eq!(req.send_half().unsent_frames(), 0);
    });
}

#[test]
fn stream_and_sink_multipart() {
    rt_multi().block_on(async {
        let ctx = Context::new().unwrap();
        let pull = ctx.socket(SocketType::Pull).unwrap();
        pull.set(opt::RcvHwm, 5).unwrap();
        pull.bind("inproc://aio-stream").unwrap();
        let push = ctx.socket(SocketType::Push).unwrap();
        push.set(opt::SndHwm, 5).unwrap();
        push.connect("inproc://aio-stream").unwrap();
        let pull = AsyncSocket::new(pull).unwrap();
        let mut push = AsyncSocket::new(push).unwrap();
        const N: usize = 1000;
        let sender = tokio::spawn(async move {
            for i in 0..N {
                SinkExt::send(&mut push, [format!("key{i}"), format!("value{i}")])
                    .await
                    .unwrap();
            }
            SinkExt::<[String; 2]>::close(&mut push).await.unwrap();
        });
        let got: Vec<Vec<Message>> = within(
            "stream",
            pull.take(N).map(|r| r.unwrap()).collect::<Vec<_>>(),
        )
        .await;
        within("sender", sender).await.unwrap();
        assert_eq!(got.len(), N);
        for (i, parts) in got.iter().enumerate() {
            assert_eq!(parts.len(), 2);
            assert_eq!(parts[0].as_str(), Some(format!("key{i}").as_str()));
            assert_eq!(parts[1].as_str(), Some(format!("value{i}").as_str()));
        }
    });
}

/// A DEALER split between two tasks talks to a ROUTER echo with tiny high-water marks, so both
/// halves park and wake each other many times.
#[test]
fn split_dealer_two_tasks() {
    rt_multi().block_on(async {
        let ctx = Context::new().unwrap();
        for endpoint in ["inproc://aio-split", "tcp://127.0.0.1:*"] {
            let router = ctx.socket(SocketType::Router).unwrap();
            router.set(opt::SndHwm, 4).unwrap();
            router.set(opt::RcvHwm, 4).unwrap();
            // Without it a ROUTER drops replies to a full peer; with it, it reports EAGAIN.
            router.set(opt::RouterMandatory, true).unwrap();
            router.bind(endpoint).unwrap();
            let ep = router.last_endpoint().unwrap();
            let dealer = ctx.socket(SocketType::Dealer).unwrap();
            dealer.set(opt::SndHwm, 4).unwrap();
            dealer.set(opt::RcvHwm, 4).unwrap();
            dealer.connect(&ep).unwrap();

            const N: u64 = 20_000;
            let router = AsyncSocket::new(router).unwrap();
            let (mut rtx, mut rrx) = router.split();
            let echo = tokio::spawn(async move {
                for _ in 0..N {
                    let parts = rrx.recv_multipart().await.unwrap();
                    rtx.send_multipart(parts).await.unwrap();
                }
            });
            let (mut tx, mut rx) = AsyncSocket::new(dealer).unwrap().split();
            let sender = tokio::spawn(async move {
                for i in 0..N {
                    tx.send(i.to_le_bytes().to_vec()).await.unwrap();
                }
                tx
            });
            let receiver = tokio::spawn(async move {
                for i in 0..N {
                    let m = within("dealer recv", rx.recv()).await.unwrap();
                    assert_eq!(u64::from_le_bytes(m[..].try_into().unwrap()), i);
                }
                rx
            });
            let tx = within("sender", sender).await.unwrap();
            let rx = within("receiver", receiver).await.unwrap();
            within("echo", echo).await.unwrap();
            assert!(AsyncSocket::reunite(tx, rx).is_ok());
        }
    });
}

/// The cross-half wakeup: one half's libzmq call processes a command meant for the other half
/// and drains the eventfd before the reactor looked, so epoll reports no edge at all. The half
/// that made progress must wake the other. Deterministic on a current-thread runtime: the peer's
/// "activate write" and the receive that swallows it happen with no await in between.
#[test]
fn split_halves_wake_each_other() {
    rt().block_on(async {
        let ctx = Context::new().unwrap();
        let a = ctx.socket(SocketType::Pair).unwrap();
        a.set(opt::SndHwm, 1).unwrap();
        a.set(opt::RcvHwm, 1).unwrap();
        a.bind("inproc://aio-cross").unwrap();
        let b = ctx.socket(SocketType::Pair).unwrap();
        b.set(opt::SndHwm, 1).unwrap();
        b.set(opt::RcvHwm, 1).unwrap();
        b.connect("inproc://aio-cross").unwrap();
        let (mut tx, mut rx) = AsyncSocket::new(a).unwrap().split();

        let sent = Arc::new(AtomicU64::new(0));
        let sent2 = sent.clone();
        let sender = tokio::spawn(async move {
            for i in 0u64.. {
                tx.send(i.to_le_bytes().to_vec()).await.unwrap();
                sent2.store(i + 1, Ordering::SeqCst);
            }
        });
        for round in 0..50u64 {
            // The sender fills the pipe and parks; the receiver finds nothing (its pipe goes idle).
            tokio::time::sleep(Duration::from_millis(5)).await;
            assert!(tokio::time::timeout(Duration::from_millis(1), rx.recv())
                .await
                .is_err());
            let before = sent.load(Ordering::SeqCst);
            // The peer makes room (an "activate write" command to A) and sends a message (an
            // "activate read"); then A's receive processes both, draining the eventfd at once.
            let m = b.recv_msg_with(Flags::DONTWAIT).unwrap();
            assert_eq!(u64::from_le_bytes(m[..].try_into().unwrap()), round);
            b.send("ping").unwrap();
            assert_eq!(rx.recv().await.unwrap().as_str(), Some("ping"));
            // The parked sender must now be able to go on.
            let t = Instant::now();
            while sent.load(Ordering::SeqCst) == before {
                assert!(
                    t.elapsed() < Duration::from_secs(2),
                    "round {round}: the send half was never woken"
                );
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
        sender.abort();
    });
}

/// `zmq_ctx_shutdown` wakes parked tasks: a waiting `recv` fails with `ETERM`, a waiting send
/// hands its message back, and the `Stream` ends.
#[test]
fn context_shutdown_wakes_parked_tasks() {
    rt_multi().block_on(async {
        let ctx = Context::new().unwrap();
        let (pull, _ep) = bound(&ctx, SocketType::Pull, "inproc://aio-shutdown");
        let mut stream = AsyncSocket::new(pull).unwrap();
        let mut lonely = AsyncSocket::new(ctx.socket(SocketType::Push).unwrap()).unwrap();
        let (dealer, _ep) = bound(&ctx, SocketType::Dealer, "tcp://127.0.0.1:*");
        let mut receiver = AsyncSocket::new(dealer).unwrap();

        let ended = tokio::spawn(async move { stream.next().await.is_none() });
        let send = tokio::spawn(async move { lonely.send("kept").await });
        let recv = tokio::spawn(async move { receiver.recv().await });
        tokio::time::sleep(Duration::from_millis(50)).await;
        ctx.shutdown().unwrap();

        assert!(within("stream end", ended).await.unwrap());
        let err = within("send", send).await.unwrap().unwrap_err();
        assert_eq!(err.error, zmq::Error::ContextTerminated);
        assert_eq!(err.unsent.len(), 1);
        assert_eq!(err.unsent[0].as_str(), Some("kept"));
        let err = within("recv", recv).await.unwrap().unwrap_err();
        assert_eq!(err, zmq::Error::ContextTerminated);
    });
}

#[test]
fn refuses_without_runtime() {
    let ctx = Context::new().unwrap();
    let err = AsyncSocket::new(ctx.socket(SocketType::Pull).unwrap()).unwrap_err();
    assert!(matches!(err, zmq::Error::InvalidInput { .. }), "{err:?}");
}

/// Thread-safe draft sockets have no `ZMQ_FD`: they are driven through a `zmq_poller`'s fd.
/// SERVER/CLIENT round trips over inproc and tcp, then a client that waits (parked) before the
/// server answers, and a burst received by a busy task.
#[cfg(zmq_has_draft)]
#[test]
fn thread_safe_server_client() {
    rt_multi().block_on(async {
        let ctx = Context::new().unwrap();
        for endpoint in ["inproc://aio-server", "tcp://127.0.0.1:*"] {
            let (server, ep) = bound(&ctx, SocketType::Server, endpoint);
            let mut server = AsyncSocket::new(server).unwrap();
            let mut client = AsyncSocket::new(connected(&ctx, SocketType::Client, &ep)).unwrap();
            const N: u32 = 500;
            let echo = tokio::spawn(async move {
                for _ in 0..N {
                    let request = server.recv().await.unwrap();
                    let id = request.routing_id().expect("routing id");
                    // Answer late sometimes, so the client parks on the poller's fd.
                    if request[0] % 50 == 0 {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                    let mut reply = Message::from(&request[..]);
                    reply.set_routing_id(id).unwrap();
                    server.send(reply).await.unwrap();
                }
                server
            });
            for i in 0..N {
                let body = [(i % 256) as u8, (i / 256) as u8];
                within("client send", client.send(&body[..])).await.unwrap();
                let reply = within("client recv", client.recv()).await.unwrap();
                assert_eq!(&reply[..], &body[..], "{endpoint}");
            }
            let mut server = within("echo", echo).await.unwrap();

            // A burst while the receiving task is busy, then silence: all arrive.
            for i in 0..20u8 {
                within("burst send", client.send(&[i][..])).await.unwrap();
            }
            std::thread::sleep(Duration::from_millis(100));
            for i in 0..20u8 {
                let m = within("burst recv", server.recv()).await.unwrap();
                assert_eq!(&m[..], &[i][..], "{endpoint}");
            }
        }
    });
}

/// 32 tasks (16 pairs: half PUSH/PULL, half REQ/REP; half inproc, half tcp) move 1 000 000
/// messages in total (a REQ/REP round trip counts as two). Every message is checked (sequence
/// numbers in order, replies echo requests). A watchdog fails the test if the total stops
/// growing for 2 s.
#[test]
fn stress_32_tasks_one_million_messages() {
    const PAIRS: usize = 16;
    const TOTAL: u64 = 1_000_000;
    // 8 PUSH/PULL pairs carry 800 000 messages, 8 REQ/REP pairs 100 000 round trips.
    const PIPE_PER_PAIR: u64 = 100_000;
    const RT_PER_PAIR: u64 = 12_500;

    let progress = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let worker = {
        let progress = progress.clone();
        let done = done.clone();
        std::thread::spawn(move || {
            rt_multi().block_on(async move {
                let ctx = Context::new().unwrap();
                let mut tasks = Vec::new();
                for pair in 0..PAIRS {
                    let endpoint = if pair % 2 == 0 {
                        format!("inproc://aio-stress-{pair}")
                    } else {
                        "tcp://127.0.0.1:*".to_owned()
                    };
                    // Small high-water marks on some pairs so senders park too.
                    let hwm = if pair % 4 < 2 { 1000 } else { 16 };
                    let p = progress.clone();
                    if pair < PAIRS / 2 {
                        let pull = ctx.socket(SocketType::Pull).unwrap();
                        pull.set(opt::RcvHwm, hwm).unwrap();
                        pull.bind(&endpoint).unwrap();
                        let push = ctx.socket(SocketType::Push).unwrap();
                        push.set(opt::SndHwm, hwm).unwrap();
                        push.connect(&pull.last_endpoint().unwrap()).unwrap();
                        let mut pull = AsyncSocket::new(pull).unwrap();
                        let mut push = AsyncSocket::new(push).unwrap();
                        tasks.push(tokio::spawn(async move {
                            for i in 0..PIPE_PER_PAIR {
                                push.send(i.to_le_bytes().to_vec()).await.unwrap();
                            }
                            // Counted by the receiver.
                            0u64
                        }));
                        tasks.push(tokio::spawn(async move {
                            for i in 0..PIPE_PER_PAIR {
                                let m = pull.recv().await.unwrap();
                                assert_eq!(u64::from_le_bytes(m[..].try_into().unwrap()), i);
                                p.fetch_add(1, Ordering::Relaxed);
                            }
                            PIPE_PER_PAIR
                        }));
                    } else {
                        let (rep, ep) = bound(&ctx, SocketType::Rep, &endpoint);
                        let req = connected(&ctx, SocketType::Req, &ep);
                        let mut rep = AsyncSocket::new(rep).unwrap();
                        let mut req = AsyncSocket::new(req).unwrap();
                        let p2 = p.clone();
                        tasks.push(tokio::spawn(async move {
                            for _ in 0..RT_PER_PAIR {
                                let m = rep.recv().await.unwrap();
                                p2.fetch_add(1, Ordering::Relaxed);
                                rep.send(m).await.unwrap();
                            }
                            RT_PER_PAIR
                        }));
                        tasks.push(tokio::spawn(async move {
                            for i in 0..RT_PER_PAIR {
                                req.send(i.to_le_bytes().to_vec()).await.unwrap();
                                let m = req.recv().await.unwrap();
                                assert_eq!(u64::from_le_bytes(m[..].try_into().unwrap()), i);
                                p.fetch_add(1, Ordering::Relaxed);
                            }
                            RT_PER_PAIR
                        }));
                    }
                }
                assert_eq!(tasks.len(), 32);
                let mut counted = 0;
                for t in tasks {
                    counted += t.await.unwrap();
                }
                assert_eq!(counted, TOTAL);
                done.store(true, Ordering::SeqCst);
            });
        })
    };

    // The watchdog: progress must never stop for 2 s; the whole test is bounded too.
    let mut last = 0;
    let mut last_change = Instant::now();
    while !done.load(Ordering::SeqCst) {
        if worker.is_finished() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
        let now = progress.load(Ordering::Relaxed);
        if now != last {
            last = now;
            last_change = Instant::now();
        } else if !done.load(Ordering::SeqCst) && last_change.elapsed() > Duration::from_secs(2) {
            panic!("stall: no message for 2 s at {now} of {TOTAL} messages");
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "stress test over its time bound at {now} of {TOTAL}"
        );
    }
    if let Err(panic) = worker.join() {
        std::panic::resume_unwind(panic);
    }
    assert_eq!(progress.load(Ordering::Relaxed), TOTAL);
    println!(
        "stress: {TOTAL} messages by 32 tasks in {:.2?}",
        start.elapsed()
    );
}

/// `ZMQ_EVENTS` is what decides; checked directly so a regression in `opt::Events` shows here.
#[test]
fn events_option_reports_readiness() {
    let ctx = Context::new().unwrap();
    let (pull, ep) = bound(&ctx, SocketType::Pull, "inproc://aio-events");
    let push = connected(&ctx, SocketType::Push, &ep);
    assert!(!pull.get(opt::Events).unwrap().contains(PollEvents::POLLIN));
    push.send("x").unwrap();
    assert!(pull.get(opt::Events).unwrap().contains(PollEvents::POLLIN));
}
