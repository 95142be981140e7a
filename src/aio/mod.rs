//! Async sockets on tokio (feature `tokio`): [`AsyncSocket`], split into [`SendHalf`] and
//! [`RecvHalf`] for two tasks, with [`Stream`](futures_core::Stream) and
//! [`Sink`](futures_sink::Sink) implementations.
//!
//! A socket is driven by its `ZMQ_FD` descriptor (`zmq_getsockopt(ZMQ_FD)`) registered with tokio's
//! reactor (`tokio::io::unix::AsyncFd`) and by `ZMQ_EVENTS`, following libzmq's edge-triggered
//! protocol: every operation is tried with `ZMQ_DONTWAIT`; on `EAGAIN`, `ZMQ_EVENTS` is re-read
//! before waiting, and a task never waits while it says ready. Works for every transport (inproc,
//! ipc, tcp, pgm). No busy polling, no timer: an idle receive uses no CPU. Messages are moved, not
//! copied (`zmq_msg_send` with the caller's [`Message`]).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> zmq::Result<()> {
//! use zmq::aio::AsyncSocket;
//! use zmq::{Context, SocketType};
//!
//! let ctx = Context::new()?;
//! let rep = ctx.socket(SocketType::Rep)?;
//! rep.bind("tcp://127.0.0.1:*")?;
//! let endpoint = rep.last_endpoint()?;
//! let mut rep = AsyncSocket::new(rep)?;
//! let server = tokio::spawn(async move {
//!     let request = rep.recv().await?;
//!     rep.send(format!("World, {}", request.as_str().unwrap_or("?"))).await?;
//!     Ok::<_, zmq::Error>(())
//! });
//!
//! let req = ctx.socket(SocketType::Req)?;
//! req.connect(&endpoint)?;
//! let mut req = AsyncSocket::new(req)?;
//! req.send("Hello").await?;
//! assert_eq!(req.recv().await?.as_str(), Some("World, Hello"));
//! server.await.expect("server task")?;
//! # Ok(())
//! # }
//! ```
//!
//! # Cancellation safety
//!
//! Every future may be dropped (in `tokio::select!`, on a timeout) without losing a message:
//!
//! | method | if the future is dropped before it completes |
//! |---|---|
//! | `recv`, `recv_multipart`, `Stream::poll_next` | nothing was received: a message is taken from libzmq only in the poll that returns it (a multipart message interrupted between frames, which libzmq does not do, would be kept in the half and returned by the next receive) |
//! | `send`, `send_multipart` | the message was queued in the sending half when the method was called: it is **kept** there and goes out, in order, before the next message on the next `send`, `send_multipart` or `flush` (frames of different messages never mix); or [`SendHalf::take_unsent`] hands it back |
//! | `flush`, `Sink::poll_ready`/`poll_flush`/`poll_close` | the queued message stays queued |
//!
//! A send that libzmq refuses for good (`EFSM` on REQ, `EHOSTUNREACH` with `ZMQ_ROUTER_MANDATORY`,
//! `ETERM`, ...) hands every unsent frame back in [`SendMultipartError::unsent`].
//!
//! # Two tasks
//!
//! [`AsyncSocket::split`] gives a [`SendHalf`] and a [`RecvHalf`] that two tasks use at the same
//! time (DEALER, ROUTER, PAIR, ...). The socket sits behind a mutex held only for non-blocking
//! libzmq calls. Each half registers its own duplicate of `ZMQ_FD`, and a half wakes the other
//! whenever its own call may have consumed the other's edge or changed its state (see the
//! protocol notes in the source of `aio::core`).
//!
//! # Limits
//!
//! - Needs a tokio runtime with the IO driver (`enable_io()`, included in `enable_all()` and
//!   `#[tokio::main]`) when the socket is created: [`AsyncSocket::new`] fails without a runtime,
//!   and tokio panics if the runtime has no IO driver. The `Stream`/`Sink` implementations work
//!   with any `futures` combinator, but the reactor is tokio's.
//! - Thread-safe draft sockets (`ZMQ_SERVER`, `ZMQ_CLIENT`, `ZMQ_RADIO`, `ZMQ_DISH`, ...) have no
//!   `ZMQ_FD`: with the `draft` feature, the socket is put in a `zmq_poller` of its own and the
//!   poller's descriptor (`zmq_poller_fd`) takes `ZMQ_FD`'s place, with a zero-timeout
//!   `zmq_poller_wait_all` in place of the `ZMQ_EVENTS` read; the protocol is the same. (Without
//!   `draft` these types cannot be created; a raw thread-safe socket is refused with
//!   [`Error::InvalidInput`].)
//! - Unix only (tokio's `AsyncFd`).

mod core;

use std::collections::VecDeque;
use std::fmt;
use std::future::{poll_fn, Future};
use std::os::fd::RawFd;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};

use self::core::{Dir, Half, Shared};
use crate::error::{Error, Result};
use crate::message::Message;
use crate::socket::{Flags, SendMultipartError, Socket};

/// A socket usable from async code (feature `tokio`): `send(..).await`, `recv().await`, a
/// [`Stream`](futures_core::Stream) of multipart messages and a [`Sink`](futures_sink::Sink).
///
/// Built on `ZMQ_FD`/`ZMQ_EVENTS` (see the [module documentation](self)). `Send` and `Sync`; every
/// future it returns is `Send`. To use both directions from two tasks, [`split`](Self::split) it.
pub struct AsyncSocket {
    send: SendHalf,
    recv: RecvHalf,
}

impl fmt::Debug for AsyncSocket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncSocket")
            .field("send", &self.send)
            .field("recv", &self.recv)
            .finish()
    }
}

impl AsyncSocket {
    /// Makes `sock` async: reads its `ZMQ_FD` and registers a duplicate of it per direction with
    /// the current tokio runtime's reactor. Bind, connect and set options before or through
    /// [`with_socket`](Self::with_socket).
    ///
    /// A thread-safe draft socket (`ZMQ_THREAD_SAFE`: SERVER, CLIENT, RADIO, DISH, ...) has no
    /// `ZMQ_FD`; with the `draft` feature it is waited on through a `zmq_poller` of its own
    /// (`zmq_poller_new`, `zmq_poller_add`, `zmq_poller_fd`).
    ///
    /// Errors: [`Error::InvalidInput`] outside a tokio runtime (and, without `draft`, for a
    /// thread-safe socket); the libzmq error of `zmq_getsockopt(ZMQ_FD)` or of the poller calls;
    /// the OS error of `dup` or `epoll_ctl`.
    ///
    /// # Panics
    /// If the current tokio runtime was built without its IO driver (tokio's `AsyncFd` panics).
    pub fn new(sock: Socket) -> Result<AsyncSocket> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(Error::invalid(
                "context for AsyncSocket::new",
                "no tokio runtime is running on this thread (the ZMQ_FD is registered with its reactor)",
            ));
        }
        let (shared, fd) = Shared::new(sock)?;
        let recv = Half::new(shared.clone(), fd, Dir::Recv)?;
        let send = Half::new(shared, fd, Dir::Send)?;
        Ok(AsyncSocket {
            send: SendHalf {
                half: send,
                queue: VecDeque::new(),
            },
            recv: RecvHalf {
                half: recv,
                partial: Vec::new(),
            },
        })
    }

    /// Runs `f` with the socket, under the lock (for `bind`, `connect`, options, ...). `f` must not
    /// block: a blocking call would hold the lock and the executor thread. Parked sends and
    /// receives are woken afterwards to re-check `ZMQ_EVENTS`, as any libzmq call in `f` may have
    /// consumed the `ZMQ_FD` edge they waited for.
    pub fn with_socket<R>(&self, f: impl FnOnce(&Socket) -> R) -> R {
        self.recv.half.shared.with_socket(f)
    }

    /// Sends a single-frame message (`zmq_msg_send`, moved, not copied), waiting while the
    /// socket cannot take it (`EAGAIN`: high-water mark, no peer yet, REQ/REP state...).
    ///
    /// **Cancellation safe**: the message is queued in the socket when `send` is called; if the
    /// future is dropped before completing, it stays queued and is sent before the next message
    /// (or taken back with [`SendHalf::take_unsent`]). A refused message (`EFSM`, `ETERM`, ...)
    /// comes back in [`SendMultipartError::unsent`], with any message a cancelled send had left
    /// queued before it.
    pub fn send(
        &mut self,
        msg: impl Into<Message>,
    ) -> impl Future<Output = Result<(), SendMultipartError>> + Send + '_ {
        self.send.send(msg)
    }

    /// Sends a multipart message, every frame but the last with `ZMQ_SNDMORE`.
    ///
    /// **Cancellation safe**: as [`send`](Self::send); the frames are never interleaved with
    /// another message.
    pub fn send_multipart<I>(
        &mut self,
        parts: I,
    ) -> impl Future<Output = Result<(), SendMultipartError>> + Send + '_
    where
        I: IntoIterator,
        I::Item: Into<Message>,
    {
        self.send.send_multipart(parts)
    }

    /// Sends whatever cancelled sends left queued; `Ok` at once if nothing is.
    ///
    /// **Cancellation safe**: the queued message stays queued.
    pub fn flush(&mut self) -> impl Future<Output = Result<(), SendMultipartError>> + Send + '_ {
        self.send.flush()
    }

    /// Receives one frame (`zmq_msg_recv`).
    ///
    /// **Cancellation safe**: nothing is received unless the future completes.
    pub async fn recv(&mut self) -> Result<Message> {
        self.recv.recv().await
    }

    /// Receives every frame of one multipart message.
    ///
    /// **Cancellation safe**: nothing is lost if the future is dropped.
    pub async fn recv_multipart(&mut self) -> Result<Vec<Message>> {
        self.recv.recv_multipart().await
    }

    /// Splits into a sending and a receiving half, for use from two tasks.
    pub fn split(self) -> (SendHalf, RecvHalf) {
        (self.send, self.recv)
    }

    /// Joins two halves of the same socket again; hands them back (boxed) if they are not.
    pub fn reunite(
        send: SendHalf,
        recv: RecvHalf,
    ) -> Result<AsyncSocket, Box<(SendHalf, RecvHalf)>> {
        if Arc::ptr_eq(&send.half.shared, &recv.half.shared) {
            Ok(AsyncSocket { send, recv })
        } else {
            Err(Box::new((send, recv)))
        }
    }

    /// The sending half, borrowed.
    pub fn send_half(&mut self) -> &mut SendHalf {
        &mut self.send
    }

    /// The receiving half, borrowed.
    pub fn recv_half(&mut self) -> &mut RecvHalf {
        &mut self.recv
    }

    /// Deregisters from the reactor and gives the socket back. Frames a cancelled send left
    /// queued are handed back too (unsent); a partially received multipart message (which libzmq
    /// does not produce) would be dropped.
    pub fn into_inner(mut self) -> (Socket, Vec<Message>) {
        let unsent = self.send.take_unsent();
        let shared = self.recv.half.shared.clone();
        drop(self);
        match Arc::try_unwrap(shared) {
            Ok(shared) => (shared.into_socket(), unsent),
            // Both halves were just dropped: this Arc is the only one left.
            Err(_) => {
                unreachable!("an AsyncSocket's halves hold the only references to its socket")
            }
        }
    }
}

/// The sending half of an [`AsyncSocket`] (see [`AsyncSocket::split`]); also a
/// [`Sink`](futures_sink::Sink) of multipart messages (anything iterable over `Into<Message>`,
/// e.g. `[msg]`, `vec![a, b]`, `["topic", "data"]`).
pub struct SendHalf {
    half: Half,
    /// Frames not yet accepted by libzmq, each with its "more frames follow" flag.
    queue: VecDeque<(Message, bool)>,
}

impl fmt::Debug for SendHalf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendHalf")
            .field("half", &self.half)
            .field("queued_frames", &self.queue.len())
            .finish()
    }
}

impl SendHalf {
    /// Sends a single-frame message; see [`AsyncSocket::send`]. The message is queued in the half
    /// when this method is called, so dropping the future (even unpolled) never loses it.
    pub fn send(
        &mut self,
        msg: impl Into<Message>,
    ) -> impl Future<Output = Result<(), SendMultipartError>> + Send + '_ {
        self.queue.push_back((msg.into(), false));
        self.flush()
    }

    /// Sends a multipart message; see [`AsyncSocket::send_multipart`]. Queued when this method is
    /// called, like [`send`](Self::send).
    pub fn send_multipart<I>(
        &mut self,
        parts: I,
    ) -> impl Future<Output = Result<(), SendMultipartError>> + Send + '_
    where
        I: IntoIterator,
        I::Item: Into<Message>,
    {
        self.enqueue(parts);
        self.flush()
    }

    /// Sends what cancelled sends left queued; see [`AsyncSocket::flush`].
    pub fn flush(&mut self) -> impl Future<Output = Result<(), SendMultipartError>> + Send + '_ {
        poll_fn(move |cx| self.poll_flush_queue(cx))
    }

    /// Takes back the frames of the messages that cancelled sends left queued, in order (empty if
    /// none).
    pub fn take_unsent(&mut self) -> Vec<Message> {
        self.queue.drain(..).map(|(m, _)| m).collect()
    }

    /// Number of frames queued by cancelled sends and not yet accepted by libzmq.
    pub fn unsent_frames(&self) -> usize {
        self.queue.len()
    }

    /// Runs `f` with the socket under the lock; see [`AsyncSocket::with_socket`].
    pub fn with_socket<R>(&self, f: impl FnOnce(&Socket) -> R) -> R {
        self.half.shared.with_socket(f)
    }

    /// The duplicate of `ZMQ_FD` this half registered with the reactor.
    pub fn raw_fd(&self) -> RawFd {
        self.half.raw_fd()
    }

    /// Queues the frames of one message, each but the last marked "more".
    fn enqueue<I>(&mut self, parts: I)
    where
        I: IntoIterator,
        I::Item: Into<Message>,
    {
        let start = self.queue.len();
        self.queue
            .extend(parts.into_iter().map(|p| (p.into(), true)));
        if self.queue.len() > start {
            if let Some(last) = self.queue.back_mut() {
                last.1 = false;
            }
        }
    }

    /// Sends the queued frames (`zmq_msg_send` with `ZMQ_DONTWAIT`, and `ZMQ_SNDMORE` on all but
    /// the last frame of each message), waiting as needed; on a hard error, every unsent frame is
    /// handed back.
    fn poll_flush_queue(
        &mut self,
        cx: &mut TaskContext<'_>,
    ) -> Poll<Result<(), SendMultipartError>> {
        if self.queue.is_empty() {
            return Poll::Ready(Ok(()));
        }
        let queue = &mut self.queue;
        let res = std::task::ready!(self.half.poll_io(cx, |sock| {
            while let Some((frame, more)) = queue.pop_front() {
                let flags = if more {
                    Flags::DONTWAIT | Flags::SNDMORE
                } else {
                    Flags::DONTWAIT
                };
                if let Err(e) = sock.send_with(frame, flags) {
                    queue.push_front((e.msg, more));
                    return Err(e.error);
                }
            }
            Ok(())
        }));
        Poll::Ready(res.map_err(|error| SendMultipartError {
            error,
            unsent: self.take_unsent(),
        }))
    }
}

impl<M> futures_sink::Sink<M> for SendHalf
where
    M: IntoIterator,
    M::Item: Into<Message>,
{
    type Error = SendMultipartError;

    /// Ready once the previous message is accepted by libzmq.
    fn poll_ready(
        self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
    ) -> Poll<Result<(), SendMultipartError>> {
        self.get_mut().poll_flush_queue(cx)
    }

    /// Queues a multipart message (one frame per item).
    fn start_send(self: Pin<&mut Self>, item: M) -> Result<(), SendMultipartError> {
        self.get_mut().enqueue(item);
        Ok(())
    }

    /// Hands the queued message to libzmq (which then delivers it in the background).
    fn poll_flush(
        self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
    ) -> Poll<Result<(), SendMultipartError>> {
        self.get_mut().poll_flush_queue(cx)
    }

    /// Flushes; the socket itself is closed when the half and its partner are dropped.
    fn poll_close(
        self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
    ) -> Poll<Result<(), SendMultipartError>> {
        self.get_mut().poll_flush_queue(cx)
    }
}

/// The receiving half of an [`AsyncSocket`] (see [`AsyncSocket::split`]); also a
/// [`Stream`](futures_core::Stream) of multipart messages.
pub struct RecvHalf {
    half: Half,
    /// Frames of a multipart message whose remaining frames were not there yet (libzmq delivers
    /// multipart messages atomically, so this stays empty in practice; kept so nothing is lost).
    partial: Vec<Message>,
}

impl fmt::Debug for RecvHalf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecvHalf")
            .field("half", &self.half)
            .field("partial_frames", &self.partial.len())
            .finish()
    }
}

impl RecvHalf {
    /// Receives one frame; see [`AsyncSocket::recv`] (cancellation safe).
    pub async fn recv(&mut self) -> Result<Message> {
        poll_fn(|cx| self.poll_recv(cx)).await
    }

    /// Receives one multipart message; see [`AsyncSocket::recv_multipart`] (cancellation safe).
    pub async fn recv_multipart(&mut self) -> Result<Vec<Message>> {
        poll_fn(|cx| self.poll_recv_multipart(cx)).await
    }

    /// Runs `f` with the socket under the lock; see [`AsyncSocket::with_socket`].
    pub fn with_socket<R>(&self, f: impl FnOnce(&Socket) -> R) -> R {
        self.half.shared.with_socket(f)
    }

    /// The duplicate of `ZMQ_FD` this half registered with the reactor.
    pub fn raw_fd(&self) -> RawFd {
        self.half.raw_fd()
    }

    fn poll_recv(&mut self, cx: &mut TaskContext<'_>) -> Poll<Result<Message>> {
        if !self.partial.is_empty() {
            return Poll::Ready(Ok(self.partial.remove(0)));
        }
        self.half.poll_io(cx, |sock| {
            let mut msg = Message::new();
            sock.recv_with(&mut msg, Flags::DONTWAIT)?;
            Ok(msg)
        })
    }

    fn poll_recv_multipart(&mut self, cx: &mut TaskContext<'_>) -> Poll<Result<Vec<Message>>> {
        let partial = &mut self.partial;
        self.half.poll_io(cx, |sock| loop {
            let mut msg = Message::new();
            sock.recv_with(&mut msg, Flags::DONTWAIT)?;
            let more = msg.more();
            partial.push(msg);
            if !more {
                return Ok(std::mem::take(partial));
            }
        })
    }
}

impl futures_core::Stream for RecvHalf {
    type Item = Result<Vec<Message>>;

    /// The next multipart message; the stream ends when the context is terminated (`ETERM`), other
    /// errors are yielded as items.
    fn poll_next(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Option<Self::Item>> {
        match std::task::ready!(self.get_mut().poll_recv_multipart(cx)) {
            Err(Error::ContextTerminated) => Poll::Ready(None),
            other => Poll::Ready(Some(other)),
        }
    }
}

impl futures_core::Stream for AsyncSocket {
    type Item = Result<Vec<Message>>;

    /// See [`RecvHalf`]'s `Stream`.
    fn poll_next(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.get_mut().recv).poll_next(cx)
    }
}

impl<M> futures_sink::Sink<M> for AsyncSocket
where
    M: IntoIterator,
    M::Item: Into<Message>,
{
    type Error = SendMultipartError;

    fn poll_ready(
        self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
    ) -> Poll<Result<(), SendMultipartError>> {
        self.get_mut().send.poll_flush_queue(cx)
    }

    fn start_send(self: Pin<&mut Self>, item: M) -> Result<(), SendMultipartError> {
        Pin::new(&mut self.get_mut().send).start_send(item)
    }

    fn poll_flush(
        self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
    ) -> Poll<Result<(), SendMultipartError>> {
        self.get_mut().send.poll_flush_queue(cx)
    }

    fn poll_close(
        self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
    ) -> Poll<Result<(), SendMultipartError>> {
        self.get_mut().send.poll_flush_queue(cx)
    }
}
