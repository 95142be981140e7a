//! Compile-fail checks of the type-level safety rules (run as doctests): each block below must
//! not compile. The positive half (what is `Send`/`Sync`) is asserted in `tests/soundness.rs`;
//! the table of every `unsafe impl` and raw-handle API with its invariant is in
//! `docs/unsafe-audit.md`.
//!
//! A socket is not `Sync`, so `&Socket` cannot cross threads:
//!
//! ```compile_fail
//! fn sync<T: Sync>() {}
//! sync::<zmq::Socket>();
//! ```
//!
//! A poll item borrows its socket and holds a raw pointer: neither `Send` nor `Sync`.
//!
//! ```compile_fail
//! fn send<T: Send>() {}
//! send::<zmq::PollItem<'static>>();
//! ```
//!
//! A monitor borrows its socket: it cannot go to another thread.
//!
//! ```compile_fail
//! fn send<T: Send>() {}
//! send::<zmq::Monitor<'static>>();
//! ```
//!
//! The raw mutable message is `unsafe`: moving contents in or out could make read-only content
//! writable.
//!
//! ```compile_fail
//! let mut a = zmq::Message::from_static(&[0u8; 100]).unwrap();
//! let mut b = zmq::Message::from(vec![0u8; 100]);
//! std::mem::swap(a.as_raw_mut(), b.as_raw_mut());
//! ```
//!
//! `ZMQ_USE_FD` takes ownership: a borrowed or raw descriptor does not compile.
//!
//! ```compile_fail
//! let ctx = zmq::Context::new().unwrap();
//! let sock = ctx.socket(zmq::SocketType::Rep).unwrap();
//! let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
//! use std::os::fd::AsRawFd;
//! sock.set(zmq::opt::UseFd, listener.as_raw_fd()).unwrap();
//! ```
//!
//! Sharing a message zero-copy writes it (`zmq_msg_copy` marks the source shared): it needs
//! `&mut`.
//!
//! ```compile_fail
//! let msg = zmq::Message::from(vec![0u8; 100]);
//! let r = &msg;
//! let _twin = r.share();
//! ```
//!
//! Guards whose drop changes behaviour are `#[must_use]`: dropping the authenticator at once
//! would turn authentication off silently.
//!
//! ```compile_fail
//! #![deny(unused_must_use)]
//! let ctx = zmq::Context::new().unwrap();
//! zmq::Authenticator::start(&ctx).unwrap();
//! ```
//!
//! ```compile_fail
//! #![deny(unused_must_use)]
//! let ctx = zmq::Context::new().unwrap();
//! let sock = ctx.socket(zmq::SocketType::Rep).unwrap();
//! sock.monitor(zmq::MonitorEvents::ALL).unwrap();
//! ```
