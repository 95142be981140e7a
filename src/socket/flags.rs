//! [`Flags`]: the `flags` argument of `zmq_msg_send` and `zmq_msg_recv`.

use std::os::raw::c_int;

#[cfg(doc)]
use crate::error::Error;
#[cfg(doc)]
use crate::socket::Socket;
use crate::sys;

bitflags::bitflags! {
    /// Flags of send and receive calls (`ZMQ_DONTWAIT`, `ZMQ_SNDMORE`), combined with `|`, for the
    /// `_with` forms of [`Socket::send`] and [`Socket::recv`]. A [`bitflags`] set: `|`, `&`, `^`,
    /// `!`, `-`, [`Flags::contains`], [`Flags::iter_names`]; `Debug` prints the names.
    ///
    /// ```
    /// use zmq::Flags;
    /// let flags = Flags::DONTWAIT | Flags::SNDMORE;
    /// assert!(flags.contains(Flags::SNDMORE));
    /// assert_eq!(flags - Flags::SNDMORE, Flags::DONTWAIT);
    /// assert!(Flags::EMPTY.is_empty());
    /// assert_eq!(format!("{flags:?}"), "Flags(DONTWAIT | SNDMORE)");
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct Flags: c_int {
        /// `ZMQ_DONTWAIT`: fail with [`Error::WouldBlock`] instead of blocking.
        #[doc(alias = "ZMQ_DONTWAIT")]
        const DONTWAIT = sys::ZMQ_DONTWAIT;
        /// `ZMQ_SNDMORE`: more frames of this multipart message follow.
        #[doc(alias = "ZMQ_SNDMORE")]
        const SNDMORE = sys::ZMQ_SNDMORE;
    }
}

impl Flags {
    /// No flag: block until the call can complete (or `ZMQ_SNDTIMEO`/`ZMQ_RCVTIMEO` expires).
    pub const EMPTY: Flags = Flags::empty();
}
