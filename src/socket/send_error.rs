//! The errors of a refused send, which give the message (or the unsent parts) back.

use crate::error::Error;
use crate::message::Message;

/// A failed send, with the message given back: nothing is lost because a call failed
/// (`EAGAIN` on a full HWM with `DONTWAIT`, `EFSM` on a REQ in the wrong state,
/// `EHOSTUNREACH` with `ZMQ_ROUTER_MANDATORY`, ...).
#[derive(Debug, thiserror::Error)]
#[error("send failed: {error}")]
pub struct SendError {
    /// Why libzmq refused the message.
    pub error: Error,
    /// The message, intact, to retry or drop.
    pub msg: Message,
}

impl From<SendError> for Error {
    fn from(e: SendError) -> Error {
        e.error
    }
}

impl From<SendError> for std::io::Error {
    fn from(e: SendError) -> std::io::Error {
        e.error.into()
    }
}

/// A failed multipart send, with every part that was not sent given back (all of them when the
/// first part was refused).
#[derive(Debug, thiserror::Error)]
#[error("multipart send failed: {error} ({} parts unsent)", .unsent.len())]
pub struct SendMultipartError {
    /// Why libzmq refused the message.
    pub error: Error,
    /// The parts not sent, in order.
    pub unsent: Vec<Message>,
}

impl From<SendMultipartError> for Error {
    fn from(e: SendMultipartError) -> Error {
        e.error
    }
}

impl From<SendMultipartError> for std::io::Error {
    fn from(e: SendMultipartError) -> std::io::Error {
        e.error.into()
    }
}
