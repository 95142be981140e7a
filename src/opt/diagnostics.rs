//! Compile-fail checks of the option diagnostics (run as doctests): each block below must not
//! compile, and the message rustc prints comes from the `diagnostic::on_unimplemented`
//! attributes of [`super::Get`] and [`super::Set`], never naming the internal codecs.
//!
//! Reading a write-only option: "`Subscribe` cannot be read: it is a write-only socket option
//! (or not an option)".
//!
//! ```compile_fail,E0277
//! # let ctx = zmq::Context::new().unwrap();
//! # let sock = ctx.socket(zmq::SocketType::Sub).unwrap();
//! let _ = sock.get(zmq::opt::Subscribe);
//! ```
//!
//! A value of the wrong type: "socket option `Linger` cannot be set to a `&str`", with the
//! types it takes listed (`Set<Duration>`, `Set<Option<Duration>>`).
//!
//! ```compile_fail,E0277
//! # let ctx = zmq::Context::new().unwrap();
//! # let sock = ctx.socket(zmq::SocketType::Dealer).unwrap();
//! sock.set(zmq::opt::Linger, "x").unwrap();
//! ```
//!
//! Setting a read-only option: "socket option `RcvMore` cannot be set to a `_`" (no `Set` impl
//! at all).
//!
//! ```compile_fail,E0277
//! # let ctx = zmq::Context::new().unwrap();
//! # let sock = ctx.socket(zmq::SocketType::Dealer).unwrap();
//! sock.set(zmq::opt::RcvMore, true).unwrap();
//! ```
//!
//! The option traits are sealed: no option outside the table.
//!
//! ```compile_fail,E0277
//! #[derive(Clone, Copy)]
//! struct Mine;
//! impl zmq::opt::SocketOption for Mine {
//!     const ID: i32 = 9999;
//!     const NAME: &'static str = "ZMQ_MINE";
//!     const SOCKET_TYPES: &'static [zmq::SocketType] = &[];
//! }
//! ```
