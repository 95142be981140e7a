//! A steady receive loop over a reused `Message` or `Multipart` makes zero Rust heap allocations.
//! Counted with a global allocator wrapper.

#[path = "common/counting_alloc.rs"]
mod counting_alloc;

use counting_alloc::Counting;
use zmq::{Context, Flags, Message, Multipart, SocketType};

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The allocations `f` makes on this thread.
fn counted(f: impl FnOnce()) -> usize {
    counting_alloc::counted(f).1
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
        tx.send(&payload[..]).unwrap();
        rx.recv(&mut msg).unwrap();
    }
    let n = counted(|| {
        for i in 0..N {
            tx.send(&payload[..]).unwrap();
            if i % 2 == 0 {
                tx.send(&big[..]).unwrap();
            }
            rx.recv(&mut msg).unwrap();
            assert_eq!(msg.len(), 32);
            if i % 2 == 0 {
                rx.recv(&mut msg).unwrap();
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
        tx.send_with(frames[0], Flags::SNDMORE).unwrap();
        tx.send_with(frames[1], Flags::SNDMORE).unwrap();
        tx.send(frames[2]).unwrap();
    };
    for _ in 0..10 {
        send3(&tx);
        rx.recv_multipart_into(&mut parts).unwrap();
    }
    let n = counted(|| {
        for _ in 0..N {
            send3(&tx);
            rx.recv_multipart_into(&mut parts).unwrap();
            assert_eq!(parts.len(), 3);
            assert_eq!(&parts[2][..], frames[2]);
        }
    });
    assert_eq!(n, 0, "{n} Rust allocations in {N} multipart receives");

    // The counter does see allocations (the test can fail).
    let n = counted(|| {
        let v = rx.recv_multipart_with(Flags::DONTWAIT);
        assert!(v.is_err());
        std::hint::black_box(Vec::<u8>::with_capacity(10));
    });
    assert!(n >= 1);
}
