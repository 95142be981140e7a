//! Soundness: what safe code can do to a `Message`, a poll, a `ZMQ_USE_FD` descriptor and the
//! context's thread options never causes undefined behaviour or an abort.
//!
//! The abort cases run in child processes: this test binary re-executes itself with
//! `SOUNDNESS_CASE=<name>` and only the ignored `child_entry` test, and the parent asserts how
//! the child ended. Each guarded case has a control that makes the same call through the raw
//! libzmq API (`zmq::sys`), which must die by `SIGABRT`: that shows the guard is what keeps the
//! process alive, on this very build.
//!
//! The type-level rules (`Send`/`Sync` of every public type, `as_raw_mut` being `unsafe`, the
//! `OwnedFd` of `opt::UseFd`, `#[must_use]` guards) are compile-fail doctests in
//! `src/soundness.rs`; the static assertions of the positive half are here.

mod common;

use std::os::fd::OwnedFd;
use std::os::unix::process::ExitStatusExt;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use zmq::{ctx_opt, opt, sys, Context, Error, Message, PollEvents, SocketType};

const CHILD_ENV: &str = "SOUNDNESS_CASE";
const TIMEOUT: Duration = Duration::from_secs(5);

// ---- Message: no `&self` operation writes the zmq_msg_t ----------------------------------------

/// The 64 bytes of the `zmq_msg_t` itself: flags, type, pointers and the inline data.
fn raw_bytes(msg: &Message) -> Vec<u8> {
    let raw: *const sys::zmq_msg_t = msg.as_raw();
    // SAFETY: zmq_msg_t is plain data of its size; read as bytes while `msg` is borrowed.
    unsafe {
        std::slice::from_raw_parts(raw as *const u8, std::mem::size_of::<sys::zmq_msg_t>()).to_vec()
    }
}

#[test]
fn shared_ref_operations_leave_the_source_unchanged() {
    // A long (heap) message that is not shared: zmq_msg_copy would set its shared flag and
    // store a reference count, a write through `&`.
    let mut sizes = vec![1usize, 33, 34, 1000, 1 << 20];
    sizes.dedup();
    for size in sizes {
        let source = Message::from(vec![0xa5u8; size]);
        assert!(
            !source.is_shared(),
            "{size} B: fresh Vec message is not shared"
        );
        let before = raw_bytes(&source);
        let clone = source.clone();
        let mut target = Message::from("previous content");
        target.clone_from(&source);
        let from_ref = Message::from(&source);
        let _ = (source.len(), &source[..], source.more(), source.is_shared());
        let _ = source.gets("Peer-Address");
        let _ = format!("{source:?}");
        assert_eq!(
            raw_bytes(&source),
            before,
            "{size} B: an operation on &Message changed the zmq_msg_t"
        );
        assert!(!source.is_shared(), "{size} B: the source became shared");
        for copy in [&clone, &target, &from_ref] {
            assert_eq!(&copy[..], &source[..]);
            if size > zmq::MAX_INLINE_SIZE {
                assert_ne!(copy.as_ptr(), source.as_ptr(), "{size} B: not a deep copy");
            }
        }
        // Control: what `Clone` did before (zmq_msg_copy from a `&Message`) writes the source
        // of a long message, which this test detects.
        if size > zmq::MAX_INLINE_SIZE {
            let mut old_clone = Message::new();
            // SAFETY: both initialised; this is the write through `&` the test is about, done
            // on purpose on a message no other thread sees.
            unsafe {
                sys::zmq_msg_copy(
                    old_clone.as_raw_mut(),
                    source.as_raw() as *const _ as *mut _,
                )
            };
            assert_ne!(
                raw_bytes(&source),
                before,
                "{size} B: the control must differ"
            );
            assert!(source.is_shared());
        }
    }
}

#[test]
fn clones_of_a_shared_message_share_its_buffer_and_stay_read_only() {
    let mut a = Message::from(vec![1u8; 4096]);
    assert!(a.data_mut().is_some());
    let b = a.share();
    assert!(a.is_shared() && b.is_shared());
    assert_eq!(a.as_ptr(), b.as_ptr(), "share() copies no bytes");
    assert!(a.data_mut().is_none());
    let before = raw_bytes(&b);
    let c = b.clone();
    assert_eq!(
        raw_bytes(&b),
        before,
        "clone of a shared message wrote its source"
    );
    assert_eq!(
        c.as_ptr(),
        b.as_ptr(),
        "clone of a shared message is a reference count"
    );
    let mut c = c;
    assert!(c.data_mut().is_none());
    drop((a, b));
    // libzmq keeps the shared flag once set: still read-only, though alone now.
    assert!(c.data_mut().is_none());

    let mut payload = Message::from(vec![2u8; 4096]);
    payload.make_shared();
    let mut out = Message::new();
    out.clone_from(&payload);
    assert_eq!(out.as_ptr(), payload.as_ptr());
}

/// Many threads clone one `Arc<Message>` (not shared) at once, and drop the clones: with
/// `Clone` writing the source's reference count non-atomically, this freed the buffer while
/// clones still read it. Now every clone is an independent copy; each is checked.
#[test]
fn concurrent_clones_of_one_message_are_independent() {
    let msg = Arc::new(Message::from(vec![0x5au8; 256]));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let msg = Arc::clone(&msg);
            std::thread::spawn(move || {
                for _ in 0..20_000 {
                    let c = (*msg).clone();
                    assert!(c.iter().all(|&b| b == 0x5a));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("clone thread");
    }
    assert!(!msg.is_shared());
}

fn pair(ctx: &Context, endpoint: &str) -> (zmq::Socket, zmq::Socket) {
    let rx = ctx.socket(SocketType::Pair).unwrap();
    rx.set(opt::RcvTimeo, Some(TIMEOUT)).unwrap();
    rx.bind(endpoint).unwrap();
    let endpoint = rx.last_endpoint().unwrap();
    let tx = ctx.socket(SocketType::Pair).unwrap();
    tx.set(opt::SndTimeo, Some(TIMEOUT)).unwrap();
    tx.connect(&endpoint).unwrap();
    (tx, rx)
}

/// Read-only content stays read-only wherever libzmq moves it: over inproc the receiver gets
/// the very same content (and its shared mark); over tcp and ipc it gets a fresh buffer of its
/// own, which it may write.
#[test]
fn read_only_content_stays_read_only_across_transports() {
    static DATA: [u8; 4096] = [7u8; 4096];
    let ctx = Context::new().unwrap();
    let dir = std::env::temp_dir().join(format!("zmq-soundness-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ipc = format!("ipc://{}/s.ipc", dir.display());
    for (endpoint, same_buffer) in [
        ("inproc://soundness-ro", true),
        ("tcp://127.0.0.1:*", false),
        (ipc.as_str(), false),
    ] {
        let (tx, rx) = pair(&ctx, endpoint);
        tx.send(Message::from_static(&DATA).unwrap()).unwrap();
        let mut got = rx.recv_msg().unwrap();
        assert_eq!(&got[..], &DATA[..]);
        assert_eq!(got.as_ptr() == DATA.as_ptr(), same_buffer, "{endpoint}");
        assert_eq!(
            got.data_mut().is_none(),
            same_buffer,
            "{endpoint}: static data"
        );

        // A shared heap message: the receiver over inproc holds a share of the sender's buffer.
        let mut original = Message::from(vec![9u8; 4096]);
        let keep = original.share();
        tx.send(original).unwrap();
        let mut got = rx.recv_msg().unwrap();
        assert_eq!(got.as_ptr() == keep.as_ptr(), same_buffer, "{endpoint}");
        assert_eq!(
            got.data_mut().is_none(),
            same_buffer,
            "{endpoint}: shared data"
        );

        // A message owned alone is handed over whole: the receiver may write it.
        tx.send(vec![3u8; 4096]).unwrap();
        let mut got = rx.recv_msg().unwrap();
        got.data_mut().expect("unshared content is writable")[0] = 4;
        assert_eq!(got[0], 4);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `from_bytes` content is marked shared in libzmq, so it arrives read-only over inproc: the
/// bug was a `&mut` into a buffer other `Bytes` still read (a segfault for `from_static`
/// bytes in `.rodata`).
/// Control for the `Bytes` case: a zero-copy content that is *not* marked shared in libzmq (what
/// `from_bytes` made before, with read-only-ness in a Rust flag) arrives writable over inproc.
#[test]
fn unmarked_zero_copy_content_would_arrive_writable() {
    static DATA: [u8; 1000] = [1u8; 1000];
    unsafe extern "C" fn no_free(_: *mut std::ffi::c_void, _: *mut std::ffi::c_void) {}
    let ctx = Context::new().unwrap();
    let (tx, rx) = pair(&ctx, "inproc://soundness-unmarked");
    let mut raw = std::mem::MaybeUninit::<sys::zmq_msg_t>::uninit();
    // SAFETY: DATA is static and read-only; with a free function libzmq makes a long message
    // that it does not report shared. The message is only read below.
    let msg = unsafe {
        assert_eq!(
            sys::zmq_msg_init_data(
                raw.as_mut_ptr(),
                DATA.as_ptr() as *mut _,
                DATA.len(),
                Some(no_free),
                std::ptr::null_mut()
            ),
            0
        );
        Message::from_raw(raw.assume_init())
    };
    tx.send(msg).unwrap();
    let got = rx.recv_msg().unwrap();
    assert_eq!(got.as_ptr(), DATA.as_ptr());
    assert!(
        !got.is_shared(),
        "unmarked content arrives unshared: data_mut would hand out &mut to .rodata"
    );
    // Not written: dropping it is all that happens to it.
}

#[cfg(feature = "bytes")]
#[test]
fn bytes_content_arrives_read_only_over_inproc() {
    let ctx = Context::new().unwrap();
    let (tx, rx) = pair(&ctx, "inproc://soundness-bytes");
    for data in [
        bytes::Bytes::from_static(&[1u8; 1000]),
        bytes::Bytes::from(vec![2u8; 1000]),
    ] {
        let other_handle = data.clone();
        let msg = Message::from_bytes(data).unwrap();
        assert!(msg.is_shared());
        tx.send(msg).unwrap();
        let mut got = rx.recv_msg().unwrap();
        assert_eq!(got.as_ptr(), other_handle.as_ptr(), "zero-copy over inproc");
        assert!(
            got.data_mut().is_none(),
            "Bytes content must stay read-only"
        );
        assert_eq!(&got[..], &other_handle[..]);
    }
}

#[test]
fn debug_of_a_large_message_is_short() {
    let msg = Message::from(vec![0u8; 1 << 20]);
    let text = format!("{msg:?}");
    assert!(text.len() < 600, "{} characters", text.len());
    assert!(text.contains("1048576 bytes"), "{text}");
}

// ---- poll: any timeout, any item list ----------------------------------------------------------

#[test]
fn poll_with_no_items_sleeps_for_the_timeout() {
    let t = Instant::now();
    assert_eq!(
        zmq::poll(&mut [], Some(Duration::from_millis(60))).unwrap(),
        0
    );
    let took = t.elapsed();
    assert!(
        took >= Duration::from_millis(60) && took < Duration::from_secs(2),
        "{took:?}"
    );
    assert_eq!(zmq::poll(&mut [], Some(Duration::ZERO)).unwrap(), 0);
}

#[test]
fn poll_with_a_huge_timeout_still_sees_events() {
    let ctx = Context::new().unwrap();
    let (tx, rx) = pair(&ctx, "inproc://soundness-poll");
    let sender = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        tx.send("wake").unwrap();
        tx
    });
    let t = Instant::now();
    let mut items = [rx.as_poll_item(PollEvents::POLLIN)];
    assert_eq!(zmq::poll(&mut items, Some(Duration::MAX)).unwrap(), 1);
    assert!(t.elapsed() < TIMEOUT, "{:?}", t.elapsed());
    assert_eq!(rx.recv_string().unwrap(), "wake");
    drop(sender.join().unwrap());
}

// ---- ZMQ_USE_FD: an owned, checked listening socket ---------------------------------------------

#[test]
fn use_fd_takes_a_listening_tcp_socket_and_hands_it_to_libzmq_once() {
    let ctx = Context::new().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let rep = ctx.socket(SocketType::Rep).unwrap();
    rep.set(opt::RcvTimeo, Some(TIMEOUT)).unwrap();
    rep.set(opt::UseFd, OwnedFd::from(listener)).unwrap();
    assert!(rep.get(opt::UseFd).unwrap().is_some());
    // The address is libzmq's to ignore: the descriptor decides.
    rep.bind(&format!("tcp://127.0.0.1:{port}")).unwrap();
    assert_eq!(rep.get(opt::UseFd).unwrap(), None, "consumed by the bind");
    // A second bind creates its own listener instead of reusing (and double-closing) the fd.
    rep.bind("tcp://127.0.0.1:*").unwrap();

    let req = ctx.socket(SocketType::Req).unwrap();
    req.set(opt::RcvTimeo, Some(TIMEOUT)).unwrap();
    req.connect(&format!("tcp://127.0.0.1:{port}")).unwrap();
    req.send("over the inherited socket").unwrap();
    assert_eq!(rep.recv_string().unwrap(), "over the inherited socket");
    rep.send("ok").unwrap();
    assert_eq!(req.recv_string().unwrap(), "ok");
}

#[test]
fn use_fd_refuses_what_libzmq_would_abort_on() {
    let ctx = Context::new().unwrap();
    let sock = ctx.socket(SocketType::Rep).unwrap();
    let refused = |fd: OwnedFd, what: &str| match sock.set(opt::UseFd, fd) {
        Err(Error::InvalidInput { reason, .. }) => {
            println!("{what}: {reason}");
            reason
        }
        other => panic!("{what}: {other:?}"),
    };
    let r = refused(
        OwnedFd::from(std::fs::File::open("/dev/null").unwrap()),
        "a file",
    );
    assert!(r.contains("not a socket"), "{r}");
    let udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let r = refused(OwnedFd::from(udp), "a UDP socket");
    assert!(r.contains("SOCK_STREAM"), "{r}");
    let unbound = socket2_free_stream_socket();
    let r = refused(unbound, "a TCP socket that does not listen");
    assert!(r.contains("not listening"), "{r}");
    assert_eq!(sock.get(opt::UseFd).unwrap(), None);

    // The family must fit the transport, checked at bind; the descriptor stays pending.
    let dir = std::env::temp_dir().join(format!("zmq-usefd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("l.ipc");
    let unix = std::os::unix::net::UnixListener::bind(&path).unwrap();
    sock.set(opt::UseFd, OwnedFd::from(unix)).unwrap();
    match sock.bind("tcp://127.0.0.1:*") {
        Err(Error::InvalidEndpoint { reason, .. }) => {
            assert!(reason.contains("Unix domain socket"), "{reason}")
        }
        other => panic!("unix fd on tcp: {other:?}"),
    }
    sock.bind(&format!("ipc://{}", path.display())).unwrap();
    assert_eq!(sock.get(opt::UseFd).unwrap(), None);

    // The raw escape hatch cannot carry ownership: only -1 passes.
    let raw = sock.setsockopt_raw(sys::ZMQ_USE_FD, &5i32.to_ne_bytes());
    assert!(matches!(raw, Err(Error::InvalidInput { .. })), "{raw:?}");
    sock.setsockopt_raw(sys::ZMQ_USE_FD, &(-1i32).to_ne_bytes())
        .unwrap();
    drop(sock);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A TCP socket that is neither bound nor listening.
fn socket2_free_stream_socket() -> OwnedFd {
    use std::os::fd::FromRawFd;
    // SAFETY: plain socket(2) call.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0) };
    assert!(fd >= 0);
    // SAFETY: fd is a fresh descriptor owned by nothing else.
    unsafe { OwnedFd::from_raw_fd(fd) }
}

// ---- Child processes: the abort cases ------------------------------------------------------------

/// How a child ended: its exit code, or the signal that killed it.
#[derive(Debug, PartialEq)]
enum End {
    Exit(i32),
    Signal(i32),
}

fn run_child(case: &str) -> (End, String) {
    let exe = std::env::current_exe().expect("current_exe");
    let mut child = Command::new(exe)
        .args([
            "--exact",
            "child_entry",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, case)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn child");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if child.try_wait().expect("try_wait").is_some() || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    if child.try_wait().expect("try_wait").is_none() {
        let _ = child.kill();
        panic!("child {case} did not finish within 30 s");
    }
    let out = child.wait_with_output().expect("child output");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let end = match out.status.signal() {
        Some(sig) => End::Signal(sig),
        None => End::Exit(out.status.code().unwrap_or(-1)),
    };
    (end, text)
}

/// The child passed: exit 0 and the case's `case ok` line.
fn assert_guarded(case: &str) {
    let (end, text) = run_child(case);
    assert_eq!(end, End::Exit(0), "{case}:\n{text}");
    assert!(text.contains(&format!("{case}: ok")), "{case}:\n{text}");
    for line in text.lines().filter(|l| l.starts_with(case)) {
        println!("{line}");
    }
}

/// The raw control died by SIGABRT.
fn assert_raw_aborts(case: &str) {
    let (end, text) = run_child(case);
    assert_eq!(end, End::Signal(libc::SIGABRT), "{case}:\n{text}");
    println!("{case}: SIGABRT, as libzmq alone does");
}

fn is_root() -> bool {
    // SAFETY: no preconditions.
    unsafe { libc::geteuid() == 0 }
}

#[test]
fn thread_scheduling_options_the_os_refuses_are_errors_not_aborts() {
    assert_guarded("sched_policy_999");
    assert_guarded("fifo_priority_1000");
    assert_guarded("affinity_cpu_1000");
    assert_guarded("affinity_beyond_cpu_setsize");
    assert_guarded("priority_without_privilege");
    assert_raw_aborts("raw_sched_policy_999");
    assert_raw_aborts("raw_fifo_priority_1000");
    assert_raw_aborts("raw_affinity_cpu_1000");
}

#[test]
fn a_use_fd_that_is_not_a_listening_socket_never_reaches_libzmq() {
    assert_guarded("use_fd_file");
    assert_raw_aborts("raw_use_fd_file");
}

#[test]
fn an_empty_poll_with_the_longest_timeout_returns_on_a_signal() {
    assert_guarded("empty_poll_max");
    assert_guarded("empty_poll_forever");
}

extern "C" fn on_signal(_: libc::c_int) {}

/// Installs a do-nothing SIGUSR1 handler (no SA_RESTART) and sends SIGUSR1 to this thread from
/// another one after `after`.
fn interrupt_this_thread_after(after: Duration) -> std::thread::JoinHandle<()> {
    // SAFETY: a plain sigaction with a handler that does nothing; pthread_self is this thread.
    let me = unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = on_signal as *const () as usize;
        libc::sigemptyset(&mut sa.sa_mask);
        assert_eq!(libc::sigaction(libc::SIGUSR1, &sa, std::ptr::null_mut()), 0);
        libc::pthread_self()
    };
    std::thread::spawn(move || {
        std::thread::sleep(after);
        // SAFETY: `me` is alive: the test thread waits in poll until this signal arrives.
        unsafe { libc::pthread_kill(me, libc::SIGUSR1) };
    })
}

/// What the cases do inside the child. Prints `<case>: ok` when the guard held.
fn child_case(case: &str) {
    let ok = || println!("{case}: ok");
    let invalid = |r: zmq::Result<zmq::Socket>, what: &str| match r {
        Err(Error::InvalidInput { reason, .. }) => println!("{case}: {what}: {reason}"),
        other => panic!("{case}: {what}: expected InvalidInput, got {other:?}"),
    };
    match case {
        "sched_policy_999" => {
            let ctx = Context::new().unwrap();
            let e = ctx.set(ctx_opt::ThreadSchedPolicy, 999).unwrap_err();
            println!("{case}: set: {e}");
            ctx.socket(SocketType::Pair).unwrap();
            ok();
        }
        "fifo_priority_1000" => {
            let ctx = Context::new().unwrap();
            ctx.set(ctx_opt::ThreadSchedPolicy, libc::SCHED_FIFO)
                .unwrap();
            ctx.set(ctx_opt::ThreadPriority, 1000).unwrap();
            invalid(ctx.socket(SocketType::Pair), "first socket");
            ok();
        }
        "affinity_cpu_1000" => {
            let ctx = Context::new().unwrap();
            ctx.set(ctx_opt::ThreadAffinityCpuAdd, 1000).unwrap();
            invalid(ctx.socket(SocketType::Pair), "first socket");
            // Taken back, the context works.
            ctx.set(ctx_opt::ThreadAffinityCpuRemove, 1000).unwrap();
            ctx.socket(SocketType::Pair).unwrap();
            ok();
        }
        "affinity_beyond_cpu_setsize" => {
            let ctx = Context::new().unwrap();
            let e = ctx.set(ctx_opt::ThreadAffinityCpuAdd, 5000).unwrap_err();
            println!("{case}: set: {e}");
            ctx.socket(SocketType::Pair).unwrap();
            ok();
        }
        "priority_without_privilege" => {
            // A positive priority with the default policy makes libzmq call nice(-20): refused
            // without CAP_SYS_NICE (non-root), allowed as root.
            let ctx = Context::new().unwrap();
            ctx.set(ctx_opt::ThreadPriority, 1).unwrap();
            if is_root() {
                ctx.socket(SocketType::Pair).unwrap();
                println!("{case}: root may raise the priority: the socket was created");
            } else {
                invalid(ctx.socket(SocketType::Pair), "first socket");
            }
            ok();
        }
        "raw_sched_policy_999" | "raw_fifo_priority_1000" | "raw_affinity_cpu_1000" => {
            // SAFETY: raw libzmq calls on a fresh context, as C would make them.
            unsafe {
                let ctx = sys::zmq_ctx_new();
                match case {
                    "raw_sched_policy_999" => {
                        sys::zmq_ctx_set(ctx, sys::ZMQ_THREAD_SCHED_POLICY, 999);
                    }
                    "raw_fifo_priority_1000" => {
                        sys::zmq_ctx_set(ctx, sys::ZMQ_THREAD_SCHED_POLICY, libc::SCHED_FIFO);
                        sys::zmq_ctx_set(ctx, sys::ZMQ_THREAD_PRIORITY, 1000);
                    }
                    _ => {
                        sys::zmq_ctx_set(ctx, sys::ZMQ_THREAD_AFFINITY_CPU_ADD, 1000);
                    }
                }
                let s = sys::zmq_socket(ctx, sys::ZMQ_PAIR);
                // The I/O thread aborts the process; give it the time to.
                std::thread::sleep(Duration::from_secs(2));
                sys::zmq_close(s);
                sys::zmq_ctx_term(ctx);
            }
            println!("{case}: survived");
        }
        "use_fd_file" => {
            let ctx = Context::new().unwrap();
            let sock = ctx.socket(SocketType::Rep).unwrap();
            let file = OwnedFd::from(std::fs::File::open("/dev/null").unwrap());
            let e = sock.set(opt::UseFd, file).unwrap_err();
            println!("{case}: set: {e}");
            sock.bind("tcp://127.0.0.1:*").unwrap();
            std::thread::sleep(Duration::from_millis(300));
            ok();
        }
        "raw_use_fd_file" => {
            use std::os::fd::IntoRawFd;
            let fd = std::fs::File::open("/dev/null").unwrap().into_raw_fd();
            // SAFETY: raw libzmq calls, as C would make them.
            unsafe {
                let ctx = sys::zmq_ctx_new();
                let s = sys::zmq_socket(ctx, sys::ZMQ_REP);
                sys::zmq_setsockopt(s, sys::ZMQ_USE_FD, &fd as *const i32 as *const _, 4);
                let ep = c"tcp://127.0.0.1:*";
                let rc = sys::zmq_bind(s, ep.as_ptr());
                println!("{case}: zmq_bind returned {rc}");
                std::thread::sleep(Duration::from_secs(2));
            }
            println!("{case}: survived");
        }
        "empty_poll_max" | "empty_poll_forever" => {
            let timeout = (case == "empty_poll_max").then_some(Duration::MAX);
            let kill = interrupt_this_thread_after(Duration::from_millis(200));
            let t = Instant::now();
            let r = zmq::poll(&mut [], timeout);
            let took = t.elapsed();
            kill.join().unwrap();
            assert!(matches!(r, Err(Error::Interrupted)), "{case}: {r:?}");
            assert!(took < Duration::from_secs(5), "{case}: {took:?}");
            println!("{case}: interrupted after {took:?}");
            ok();
        }
        other => panic!("unknown case {other}"),
    }
}

#[test]
#[ignore = "child-process entry point, run by the other tests of this file"]
fn child_entry() {
    match std::env::var(CHILD_ENV) {
        Ok(case) => child_case(&case),
        Err(_) => println!("child_entry runs only as a child process ({CHILD_ENV} unset)"),
    }
}

// ---- Static assertions: the positive half of the Send/Sync table ------------------------------

#[test]
fn send_and_sync_of_the_public_types() {
    fn send<T: Send>() {}
    fn sync<T: Sync>() {}
    send::<Context>();
    sync::<Context>();
    send::<zmq::Socket>();
    send::<Message>();
    sync::<Message>();
    send::<zmq::Multipart>();
    sync::<zmq::Multipart>();
    send::<Error>();
    sync::<Error>();
    send::<zmq::SendError>();
    send::<zmq::CurveKeyPair>();
    sync::<zmq::CurveKeyPair>();
    send::<zmq::Authenticator>();
    sync::<zmq::Authenticator>();
    send::<zmq::DeviceHandle>();
}

#[test]
fn z85_decoding_checks_the_alphabet_and_matches_libzmq() {
    // Every byte outside the alphabet is refused, wherever it stands.
    for bad in [
        0u8, 1, b' ', b'"', b'\'', b',', b';', b'\\', b'_', b'`', b'|', b'~', 0x7f,
    ] {
        let mut text = b"HelloWorld".to_vec();
        text[7] = bad;
        let Ok(text) = String::from_utf8(text) else {
            continue;
        };
        assert!(zmq::z85_decode(&text).is_err(), "{text:?}");
    }
    assert!(zmq::z85_decode("Hell\u{e9}").is_err());
    assert!(zmq::z85_decode("%nSc1").is_err(), "above 0xffffffff");
    assert_eq!(zmq::z85_decode("%nSc0").unwrap(), [0xff; 4]);
    assert_eq!(
        zmq::z85_decode("HelloWorld").unwrap(),
        [0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]
    );
    // Same bytes as libzmq's decoder, over many encodings.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..2000 {
        let mut data = [0u8; 32];
        for b in &mut data {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *b = state as u8;
        }
        let text = zmq::z85_encode(&data).unwrap();
        let mut theirs = [0u8; 32];
        let c = std::ffi::CString::new(text.clone()).unwrap();
        // SAFETY: 40 valid Z85 characters decode into 32 bytes.
        let p = unsafe { sys::zmq_z85_decode(theirs.as_mut_ptr(), c.as_ptr()) };
        assert!(!p.is_null());
        assert_eq!(zmq::z85_decode(&text).unwrap(), theirs);
    }
}

#[test]
fn curve_keys_do_not_print_in_debug() {
    if !zmq::has("curve") {
        common::skip::skip("needs a libzmq with CURVE (feature `curve`)");
        return;
    }
    let pair = zmq::CurveKeyPair::generate().unwrap();
    let secret = pair.secret.to_z85();
    let public = pair.public.to_z85();
    for text in [format!("{pair:?}"), format!("{:?}", pair.secret)] {
        assert!(!text.contains(&secret), "{text}");
        assert!(!text.contains(&public[..10]), "{text}");
    }
    assert_eq!(
        pair.public.to_string(),
        public,
        "Display prints the key on purpose"
    );
}
