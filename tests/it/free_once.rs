//! Every buffer handed to libzmq without copying is freed exactly once. The library has no hook
//! for this: the test binary's global allocator ([`Watching`]) counts the deallocations of the
//! buffers a test registers with [`watch`]; the tests of this file take [`serial`] so they do not
//! see each other's frees.
//!
//! Covered: `Vec<u8>`, `Box<[u8]>`, `&'static [u8]` (never freed: no callback), `bytes::Bytes`
//! (feature `bytes`), shared copies (`Clone`), failed sends (the message comes back and is freed
//! once when dropped, or once after a successful retry), and messages still queued when the
//! sockets are closed and the context terminated or shut down. A double free would also show as
//! a crash or under `scripts/valgrind`; the counter proves none is missed or repeated.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use crate::common::*;
use zmq::{Context, Error, Flags, Message, SocketType};

/// Forwards to the system allocator; counts the deallocations of watched addresses.
struct Watching;

#[global_allocator]
static GLOBAL: Watching = Watching;

/// Addresses being watched (0: free slot). Fixed-size and lock-free: the allocator must not
/// allocate or block.
static WATCHED: [AtomicUsize; 512] = [const { AtomicUsize::new(0) }; 512];
/// How many slots are in use: `dealloc` scans only while some are.
static IN_USE: AtomicUsize = AtomicUsize::new(0);
/// Deallocations of watched addresses so far.
static FREES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator, only counting.
unsafe impl GlobalAlloc for Watching {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if IN_USE.load(Ordering::SeqCst) > 0 {
            let addr = ptr as usize;
            for slot in &WATCHED {
                if slot
                    .compare_exchange(addr, 0, Ordering::SeqCst, Ordering::SeqCst)
                    .is_ok()
                {
                    IN_USE.fetch_sub(1, Ordering::SeqCst);
                    FREES.fetch_add(1, Ordering::SeqCst);
                    break;
                }
            }
        }
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Counts the next deallocation of `ptr` (a live heap buffer) in [`frees`].
fn watch(ptr: *const u8) {
    IN_USE.fetch_add(1, Ordering::SeqCst);
    let free_slot = WATCHED.iter().find(|slot| {
        slot.compare_exchange(0, ptr as usize, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    });
    assert!(free_slot.is_some(), "more than 512 buffers watched");
}

/// `v`, with its buffer watched.
fn watched(v: Vec<u8>) -> Vec<u8> {
    watch(v.as_ptr());
    v
}

fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// Watched buffers deallocated so far in this process.
fn frees() -> usize {
    FREES.load(Ordering::SeqCst)
}

/// Larger than `MAX_INLINE_SIZE`, so the zero-copy path (and its free callback) is taken.
const BIG: usize = 1000;

fn pair(ctx: &Context, name: &str) -> (zmq::Socket, zmq::Socket) {
    let a = socket(ctx, SocketType::Pair);
    let b = socket(ctx, SocketType::Pair);
    a.bind(&format!("inproc://{name}")).unwrap();
    b.connect(&format!("inproc://{name}")).unwrap();
    (a, b)
}

#[test]
fn zero_copy_buffers_are_freed_exactly_once() {
    let _serial = serial();
    with_timeout(Duration::from_secs(10), || {
        let ctx = Context::new().unwrap();
        let (a, b) = pair(&ctx, "free-once");
        let before = frees();
        const N: usize = 200;
        for i in 0..N {
            let mut v = watched(vec![0u8; 1000 + i]);
            v[0] = i as u8;
            a.send(v).unwrap();
        }
        let mut unsent = Message::from(watched(vec![1u8; 5000]));
        let copy = unsent.share();
        for i in 0..N {
            let m = b.recv_msg().unwrap();
            assert_eq!(m.len(), 1000 + i);
            assert_eq!(m[0], i as u8);
        }
        drop(unsent);
        assert_eq!(
            frees() - before,
            N,
            "the shared copy still holds one buffer"
        );
        drop(copy);
        assert_eq!(frees() - before, N + 1);
    });
}

#[test]
fn boxed_static_and_small_buffers() {
    let _serial = serial();
    with_timeout(Duration::from_secs(10), || {
        let ctx = Context::new().unwrap();
        let (a, b) = pair(&ctx, "free-once-kinds");
        let before = frees();
        // Box<[u8]>: zero-copy, one free after the receiver drops it.
        a.send(watched(vec![2u8; BIG]).into_boxed_slice()).unwrap();
        let m = b.recv_msg().unwrap();
        assert_eq!(&m[..], &[2u8; BIG][..]);
        assert_eq!(frees() - before, 0, "freed while the receiver holds it");
        drop(m);
        assert_eq!(frees() - before, 1);
        // &'static: read in place, nothing to free.
        static STATIC: [u8; BIG] = [3u8; BIG];
        a.send(Message::from_static(&STATIC).unwrap()).unwrap();
        let m = b.recv_msg().unwrap();
        assert_eq!(m.as_ptr(), STATIC.as_ptr(), "zero-copy on inproc");
        drop(m);
        // Small vectors are copied inline: their Vec is dropped at once by Rust.
        a.send(watched(vec![4u8; zmq::MAX_INLINE_SIZE])).unwrap();
        assert_eq!(frees() - before, 2, "the small Vec is freed by the send");
        drop(b.recv_msg().unwrap());
        assert_eq!(frees() - before, 2);
    });
}

#[cfg(feature = "bytes")]
#[test]
fn bytes_handles_are_released_exactly_once() {
    let _serial = serial();
    with_timeout(Duration::from_secs(10), || {
        let ctx = Context::new().unwrap();
        let (a, b) = pair(&ctx, "free-once-bytes");
        let before = frees();
        // libzmq's handle is a boxed clone of `data`: `is_unique` shows when it is dropped; the
        // buffer itself is freed once, after the last handle.
        let data = bytes::Bytes::from(watched(vec![5u8; BIG]));
        let mine = data.clone();
        assert!(!mine.is_unique());
        a.send(data).unwrap();
        let m = b.recv_msg().unwrap();
        assert_eq!(m.as_ptr(), mine.as_ptr(), "zero-copy on inproc");
        assert!(!mine.is_unique(), "libzmq's handle is still alive");
        drop(m);
        assert!(mine.is_unique(), "libzmq's handle was dropped");
        // A refused Bytes message comes back and is released once when dropped.
        let push = socket(&ctx, SocketType::Push); // no peer
        let e = push
            .send_with(mine.slice(10..), Flags::DONTWAIT)
            .unwrap_err();
        assert_eq!(e.error, Error::WouldBlock);
        assert!(!mine.is_unique());
        drop(e);
        assert!(mine.is_unique());
        assert_eq!(frees() - before, 0);
        drop(mine);
        assert_eq!(frees() - before, 1);
    });
}

#[test]
fn failed_sends_give_the_buffer_back_and_it_is_freed_once() {
    let _serial = serial();
    with_timeout(Duration::from_secs(10), || {
        let ctx = Context::new().unwrap();
        let before = frees();
        // EAGAIN: a PUSH without peers refuses; the message comes back intact and unfreed.
        let push = socket(&ctx, SocketType::Push);
        let e = push
            .send_with(watched(vec![6u8; BIG]), Flags::DONTWAIT)
            .unwrap_err();
        assert_eq!(e.error, Error::WouldBlock);
        assert_eq!(frees() - before, 0);
        let back = e.msg;
        assert_eq!(&back[..], &[6u8; BIG][..]);
        // EFSM: a REQ cannot receive-before-send nor send twice; the second send fails.
        let req = socket(&ctx, SocketType::Req);
        req.connect("inproc://free-once-nobody").unwrap();
        req.send("first").unwrap();
        let e = req.send(watched(vec![7u8; BIG])).unwrap_err();
        assert_eq!(e.error, Error::InvalidState);
        drop(e);
        assert_eq!(frees() - before, 1, "the refused REQ message, once");
        // Retrying the returned message: freed once, after delivery.
        let pull = socket(&ctx, SocketType::Pull);
        pull.bind("inproc://free-once-retry").unwrap();
        push.connect("inproc://free-once-retry").unwrap();
        push.send(back).unwrap();
        let m = pull.recv_msg().unwrap();
        assert_eq!(&m[..], &[6u8; BIG][..]);
        assert_eq!(frees() - before, 1);
        drop(m);
        assert_eq!(frees() - before, 2);
        // A multipart send refused at the first part gives every part back.
        let lonely = socket(&ctx, SocketType::Push);
        let e = lonely
            .send_multipart_with(
                [watched(vec![8u8; BIG]), watched(vec![9u8; BIG])],
                Flags::DONTWAIT,
            )
            .unwrap_err();
        assert_eq!(e.unsent.len(), 2);
        drop(e);
        assert_eq!(frees() - before, 4);
    });
}

#[test]
fn queued_messages_are_freed_when_the_context_terminates() {
    let _serial = serial();
    for shutdown_first in [false, true] {
        with_timeout(Duration::from_secs(10), move || {
            const N: usize = 50;
            let before = frees();
            let ctx = Context::new().unwrap();
            ctx.set_default_linger(Some(Duration::ZERO));
            // Queued in a pipe nobody reads (inproc: the pipe holds the messages themselves).
            let (a, b) = pair(&ctx, "free-once-queued");
            // Queued for a tcp peer that never answers (the connect never completes).
            let push = ctx.socket(SocketType::Push).unwrap();
            push.connect("tcp://127.0.0.1:1").unwrap();
            for i in 0..N {
                a.send(watched(vec![i as u8; BIG])).unwrap();
                push.send_with(watched(vec![i as u8; BIG]), Flags::DONTWAIT)
                    .unwrap();
            }
            assert_eq!(frees() - before, 0);
            if shutdown_first {
                ctx.shutdown().unwrap();
                // Nothing is queued for `a`: its receive would block, so it fails at once.
                assert_eq!(a.recv_msg().unwrap_err(), Error::ContextTerminated);
            }
            drop((a, b, push, ctx));
            assert_eq!(
                frees() - before,
                2 * N,
                "after termination (shutdown first: {shutdown_first})"
            );
        });
    }
}
