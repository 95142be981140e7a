//! [`SocketType`]: the `type` argument of `zmq_socket`.

use std::fmt;

use crate::error::{Error, Result};
use crate::sys;

/// The type of a socket (`zmq_socket(3)`'s `type` argument), named as in libzmq.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[repr(i32)]
pub enum SocketType {
    /// `ZMQ_PAIR`: exclusive pair.
    Pair = sys::ZMQ_PAIR,
    /// `ZMQ_PUB`: publisher of a pub-sub pattern.
    ///
    /// A PUB sends each message only to the subscribers connected and subscribed *at that moment*
    /// and drops it for everyone else, so a subscriber that connects after the publisher started
    /// sending misses the first messages (the *slow joiner*: connecting and subscribing take a
    /// few milliseconds, more over a network). See [`SocketType::Sub`] for the remedies.
    Pub = sys::ZMQ_PUB,
    /// `ZMQ_SUB`: subscriber.
    ///
    /// Set at least one [`crate::opt::Subscribe`] filter (the empty one receives everything): a
    /// SUB without one receives nothing. **Slow joiner**: messages a PUB sends before this
    /// subscriber's connection and subscription reach it are lost for this subscriber; a plain
    /// PUB/SUB program that sends right after starting often receives nothing. Remedies, as in the
    /// ZeroMQ Guide (chapter 2, "Node Coordination"):
    /// - synchronise: the subscriber tells the publisher it is ready over a REQ/REP pair, and the
    ///   publisher starts only when all expected subscribers have (the Guide's `syncpub`/`syncsub`,
    ///   ported as the `syncpub` and `syncsub` examples);
    /// - an XPUB publisher sees each subscription arrive and can answer it with a welcome or the
    ///   last value ([`SocketType::XPub`], `opt::XPubVerbose`, `XPubManual`);
    /// - or make the protocol tolerate the gap: the subscriber asks again, or the publisher
    ///   repeats state periodically.
    ///
    /// A `sleep` between connecting and sending is not a fix: it only makes the loss less likely
    /// on an idle machine.
    Sub = sys::ZMQ_SUB,
    /// `ZMQ_REQ`: request side of request-reply (strict send/receive alternation).
    Req = sys::ZMQ_REQ,
    /// `ZMQ_REP`: reply side of request-reply.
    Rep = sys::ZMQ_REP,
    /// `ZMQ_DEALER`: asynchronous request-reply, load-balances outgoing messages.
    Dealer = sys::ZMQ_DEALER,
    /// `ZMQ_ROUTER`: asynchronous reply, addresses peers by routing id.
    Router = sys::ZMQ_ROUTER,
    /// `ZMQ_PULL`: pipeline receiver.
    Pull = sys::ZMQ_PULL,
    /// `ZMQ_PUSH`: pipeline sender.
    Push = sys::ZMQ_PUSH,
    /// `ZMQ_XPUB`: publisher that sees subscriptions.
    XPub = sys::ZMQ_XPUB,
    /// `ZMQ_XSUB`: subscriber that sends subscriptions as messages.
    XSub = sys::ZMQ_XSUB,
    /// `ZMQ_STREAM`: raw TCP peers.
    Stream = sys::ZMQ_STREAM,
    /// `ZMQ_SERVER` (draft, thread-safe).
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    Server = sys::ZMQ_SERVER,
    /// `ZMQ_CLIENT` (draft, thread-safe).
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    Client = sys::ZMQ_CLIENT,
    /// `ZMQ_RADIO` (draft, thread-safe): group publisher (udp, inproc, tcp).
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    Radio = sys::ZMQ_RADIO,
    /// `ZMQ_DISH` (draft, thread-safe): group subscriber.
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    Dish = sys::ZMQ_DISH,
    /// `ZMQ_GATHER` (draft, thread-safe): like PULL.
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    Gather = sys::ZMQ_GATHER,
    /// `ZMQ_SCATTER` (draft, thread-safe): like PUSH.
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    Scatter = sys::ZMQ_SCATTER,
    /// `ZMQ_DGRAM` (draft): raw UDP datagrams.
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    Dgram = sys::ZMQ_DGRAM,
    /// `ZMQ_PEER` (draft, thread-safe).
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    Peer = sys::ZMQ_PEER,
    /// `ZMQ_CHANNEL` (draft, thread-safe): like PAIR.
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    Channel = sys::ZMQ_CHANNEL,
}

impl SocketType {
    /// Every socket type of this build.
    pub const ALL: &'static [SocketType] = &[
        SocketType::Pair,
        SocketType::Pub,
        SocketType::Sub,
        SocketType::Req,
        SocketType::Rep,
        SocketType::Dealer,
        SocketType::Router,
        SocketType::Pull,
        SocketType::Push,
        SocketType::XPub,
        SocketType::XSub,
        SocketType::Stream,
        #[cfg(zmq_has_draft)]
        SocketType::Server,
        #[cfg(zmq_has_draft)]
        SocketType::Client,
        #[cfg(zmq_has_draft)]
        SocketType::Radio,
        #[cfg(zmq_has_draft)]
        SocketType::Dish,
        #[cfg(zmq_has_draft)]
        SocketType::Gather,
        #[cfg(zmq_has_draft)]
        SocketType::Scatter,
        #[cfg(zmq_has_draft)]
        SocketType::Dgram,
        #[cfg(zmq_has_draft)]
        SocketType::Peer,
        #[cfg(zmq_has_draft)]
        SocketType::Channel,
    ];

    /// The type for a `ZMQ_*` socket type number (as `ZMQ_TYPE` reports it); the public form is
    /// `SocketType::try_from(raw)`.
    pub(crate) fn from_raw(raw: i32) -> Option<SocketType> {
        SocketType::ALL.iter().copied().find(|t| *t as i32 == raw)
    }

    /// The name libzmq uses on the wire and in metadata (`"REQ"`, `"PUB"`, ...).
    #[doc(alias = "ZMQ_TYPE")]
    pub fn name(self) -> &'static str {
        match self {
            SocketType::Pair => "PAIR",
            SocketType::Pub => "PUB",
            SocketType::Sub => "SUB",
            SocketType::Req => "REQ",
            SocketType::Rep => "REP",
            SocketType::Dealer => "DEALER",
            SocketType::Router => "ROUTER",
            SocketType::Pull => "PULL",
            SocketType::Push => "PUSH",
            SocketType::XPub => "XPUB",
            SocketType::XSub => "XSUB",
            SocketType::Stream => "STREAM",
            #[cfg(zmq_has_draft)]
            SocketType::Server => "SERVER",
            #[cfg(zmq_has_draft)]
            SocketType::Client => "CLIENT",
            #[cfg(zmq_has_draft)]
            SocketType::Radio => "RADIO",
            #[cfg(zmq_has_draft)]
            SocketType::Dish => "DISH",
            #[cfg(zmq_has_draft)]
            SocketType::Gather => "GATHER",
            #[cfg(zmq_has_draft)]
            SocketType::Scatter => "SCATTER",
            #[cfg(zmq_has_draft)]
            SocketType::Dgram => "DGRAM",
            #[cfg(zmq_has_draft)]
            SocketType::Peer => "PEER",
            #[cfg(zmq_has_draft)]
            SocketType::Channel => "CHANNEL",
        }
    }
}

impl TryFrom<i32> for SocketType {
    type Error = Error;

    /// The type for a `ZMQ_*` socket type number (`ZMQ_PUB` → [`SocketType::Pub`]), as `ZMQ_TYPE`
    /// reports it; [`Error::InvalidInput`] for a number that is no socket type of this build.
    fn try_from(raw: i32) -> Result<SocketType> {
        SocketType::from_raw(raw).ok_or_else(|| {
            Error::invalid(
                "socket type",
                format!("{raw} is not a ZMQ_ socket type of this build"),
            )
        })
    }
}

impl From<SocketType> for i32 {
    /// The `ZMQ_*` number libzmq takes (`zmq_socket`'s `type`).
    fn from(t: SocketType) -> i32 {
        t as i32
    }
}

impl fmt::Display for SocketType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
