//! A steady receive loop over a reused `Message` or `Multipart` makes zero Rust heap allocations.
//! Counted with a global allocator wrapper.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use zmq::{Context, Flags, Message, Multipart, SocketType};

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    // Only the measuring thread counts: the test harness's own threads may allocate meanwhile.
    static COUNTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn counting() -> bool {
    COUNTING.try_with(|c| c.get()).unwrap_or(false)
}

// SAFETY: forwards to the system allocator, only counting.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if counting() {
            ALLOCS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        if counting() {
            ALLOCS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn counted(f: impl FnOnce()) -> usize {
    ALLOCS.store(0, Ordering::SeqCst);
    COUNTING.with(|c| c.set(true));
    f();
    COUNTING.with(|c| c.set(false));
    ALLOCS.load(Ordering::SeqCst)
}

// One test function: the counter is process-wide, so the phases must not run concurrently.
#[test]
fn steady_state_send_and_receive_do_not_allocate() {
    let ctx = Context::new().unwrap();
    let tx = ctx.socket(SocketType::Pair).unwrap();
    let rx = ctx.socket(SocketType::Pair).unwrap();
    rx.set_rcvtimeo(Some(std::time::Duration::from_secs(5)))
        .unwrap();
    rx.bind("inproc://alloc").unwrap();
    tx.connect("inproc://alloc").unwrap();
    const N: usize = 10_000;
    let payload = [7u8; 32]; // within MAX_INLINE_SIZE
    assert!(payload.len() <= zmq::MAX_INLINE_SIZE);

    // Single frames into one reused Message (payloads of every size: libzmq's C-side buffers
    // are not Rust allocations).
    let mut msg = Message::new();
    let big = vec![1u8; 4096];
    for _ in 0..10 {
        tx.send(&payload[..], Flags::NONE).unwrap();
        rx.recv(&mut msg, Flags::NONE).unwrap();
    }
    let n = counted(|| {
        for i in 0..N {
            tx.send(&payload[..], Flags::NONE).unwrap();
            if i % 2 == 0 {
                tx.send(&big[..], Flags::NONE).unwrap();
            }
            rx.recv(&mut msg, Flags::NONE).unwrap();
            assert_eq!(msg.len(), 32);
            if i % 2 == 0 {
                rx.recv(&mut msg, Flags::NONE).unwrap();
                assert_eq!(msg.len(), 4096);
            }
        }
    });
    assert_eq!(
        n, 0,
        "{n} Rust allocations in {N} send+recv of reused messages"
    );

    // Multipart into one reused container.
    let mut parts = Multipart::new();
    let frames: [&[u8]; 3] = [b"id", b"", b"body-of-the-message"];
    let send3 = |tx: &zmq::Socket| {
        tx.send(frames[0], Flags::SNDMORE).unwrap();
        tx.send(frames[1], Flags::SNDMORE).unwrap();
        tx.send(frames[2], Flags::NONE).unwrap();
    };
    for _ in 0..10 {
        send3(&tx);
        rx.recv_multipart_into(&mut parts, Flags::NONE).unwrap();
    }
    let n = counted(|| {
        for _ in 0..N {
            send3(&tx);
            rx.recv_multipart_into(&mut parts, Flags::NONE).unwrap();
            assert_eq!(parts.len(), 3);
            assert_eq!(&parts[2][..], frames[2]);
        }
    });
    assert_eq!(n, 0, "{n} Rust allocations in {N} multipart receives");

    // The counter does see allocations (the test can fail).
    let n = counted(|| {
        let v = rx.recv_multipart(Flags::DONTWAIT);
        assert!(v.is_err());
        std::hint::black_box(Vec::<u8>::with_capacity(10));
    });
    assert!(n >= 1);
}
