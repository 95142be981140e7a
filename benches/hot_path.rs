//! Criterion micro-benchmarks of the binding's hot paths: message create/drop, send+recv over
//! inproc with reused messages, a 3-part multipart, option get/set, poll of 1 and 64 sockets.
//!
//! `cargo bench --bench hot_path` (add `-- --quick` for a short run).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use zmq::{opt, Context, Flags, Message, Multipart, PollEvents, SocketType};

static STATIC_64K: [u8; 65536] = [7; 65536];

fn message(c: &mut Criterion) {
    let mut g = c.benchmark_group("message");
    g.bench_function("new+drop", |b| b.iter(|| black_box(Message::new())));
    g.bench_function("copy_from 32 B (inline) +drop", |b| {
        let data = [1u8; 32];
        b.iter(|| black_box(Message::copy_from(black_box(&data)).unwrap()))
    });
    g.bench_function("copy_from 1 KiB +drop", |b| {
        let data = [1u8; 1024];
        b.iter(|| black_box(Message::copy_from(black_box(&data)).unwrap()))
    });
    g.bench_function("with_size 64 KiB (zeroed) +drop", |b| {
        b.iter(|| black_box(Message::with_size(65536).unwrap()))
    });
    g.bench_function("from_vec 64 KiB (zero-copy) +drop", |b| {
        b.iter_batched(
            || vec![1u8; 65536],
            |v| black_box(Message::from_vec(v).unwrap()),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("from_static 64 KiB (zero-copy) +drop", |b| {
        b.iter(|| black_box(Message::from_static(&STATIC_64K).unwrap()))
    });
    g.bench_function("clone_from shared 64 KiB", |b| {
        let mut src = Message::with_size(65536).unwrap();
        src.make_shared();
        let mut dst = Message::new();
        b.iter(|| dst.clone_from(black_box(&src)))
    });
    g.finish();
}

fn pair(ctx: &Context, name: &str) -> (zmq::Socket, zmq::Socket) {
    let rx = ctx.socket(SocketType::Pair).unwrap();
    rx.bind(&format!("inproc://{name}")).unwrap();
    let tx = ctx.socket(SocketType::Pair).unwrap();
    tx.connect(&format!("inproc://{name}")).unwrap();
    (tx, rx)
}

fn send_recv(c: &mut Criterion) {
    let ctx = Context::new().unwrap();
    let mut g = c.benchmark_group("inproc");
    for size in [1usize, 1024, 65536] {
        let (tx, rx) = pair(&ctx, &format!("sr{size}"));
        let mut payload = Message::with_size(size).unwrap();
        payload.make_shared();
        let mut out = Message::new();
        let mut msg = Message::new();
        g.bench_function(format!("send+recv {size} B, reused messages"), |b| {
            b.iter(|| {
                out.clone_from(&payload);
                tx.send_from(&mut out).unwrap();
                rx.recv(&mut msg).unwrap();
            })
        });
    }
    // The same loop through the by-value API (a Message created and closed per send, and per
    // clone): what `send_from`/`clone_from` save.
    for size in [1usize, 65536] {
        let (tx, rx) = pair(&ctx, &format!("sv{size}"));
        let mut payload = Message::with_size(size).unwrap();
        payload.make_shared();
        let mut msg = Message::new();
        g.bench_function(format!("send(clone) by value+recv {size} B"), |b| {
            b.iter(|| {
                tx.send(payload.clone()).unwrap();
                rx.recv(&mut msg).unwrap();
            })
        });
    }
    let (tx, rx) = pair(&ctx, "mp");
    let mut parts = Multipart::with_capacity(3);
    let frames: [&[u8]; 3] = [b"routing-id", b"", b"a body of some thirty bytes.."];
    g.bench_function("multipart 3 parts send+recv_multipart_into", |b| {
        b.iter(|| {
            tx.send_with(frames[0], Flags::SNDMORE).unwrap();
            tx.send_with(frames[1], Flags::SNDMORE).unwrap();
            tx.send(frames[2]).unwrap();
            rx.recv_multipart_into(&mut parts).unwrap();
        })
    });
    g.finish();
}

fn options(c: &mut Criterion) {
    let ctx = Context::new().unwrap();
    let s = ctx.socket(SocketType::Dealer).unwrap();
    let mut g = c.benchmark_group("option");
    g.bench_function("get SndHwm", |b| {
        b.iter(|| black_box(s.get(opt::SndHwm).unwrap()))
    });
    g.bench_function("set SndHwm", |b| {
        b.iter(|| s.set(opt::SndHwm, black_box(1000)).unwrap())
    });
    g.bench_function("get RcvMore", |b| {
        b.iter(|| black_box(s.get(opt::RcvMore).unwrap()))
    });
    g.bench_function("get Events", |b| {
        b.iter(|| black_box(s.get(opt::Events).unwrap()))
    });
    g.finish();
}

fn poll(c: &mut Criterion) {
    let ctx = Context::new().unwrap();
    let mut g = c.benchmark_group("poll");
    for n in [1usize, 64] {
        let socks: Vec<_> = (0..n)
            .map(|i| pair(&ctx, &format!("poll{n}-{i}")))
            .collect();
        // The last socket has a message waiting: a poll that finds one ready item.
        socks[n - 1].0.send("x").unwrap();
        let mut items: Vec<_> = socks
            .iter()
            .map(|(_, rx)| rx.as_poll_item(PollEvents::POLLIN))
            .collect();
        g.bench_function(format!("{n} sockets, one ready"), |b| {
            b.iter(|| black_box(zmq::poll(&mut items, Some(Duration::ZERO)).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(benches, message, send_recv, options, poll);
criterion_main!(benches);
