//! `Multipart`: a reusable container for the frames of one multipart message.

use std::ops::Deref;

use crate::message::Message;

/// The frames of one multipart message, kept for reuse: receiving into the same container again
/// ([`crate::Socket::recv_multipart_into`]) reuses its `Message` slots, so a steady receive loop
/// makes no Rust allocation.
///
/// ```
/// use std::time::Duration;
/// use zmq::{Context, Multipart, SocketType};
///
/// let ctx = Context::new()?;
/// let rx = ctx.socket(SocketType::Pair)?;
/// rx.set_rcvtimeo(Some(Duration::from_secs(5)))?;
/// rx.bind("inproc://multipart-doc")?;
/// let tx = ctx.socket(SocketType::Pair)?;
/// tx.connect("inproc://multipart-doc")?;
///
/// let mut parts = Multipart::new();
/// for round in 0..3 {
///     tx.send_multipart(["header", "body"]).map_err(|e| e.error)?;
///     rx.recv_multipart_into(&mut parts)?; // reuses the slots of the last round
///     assert_eq!(parts.len(), 2, "round {round}");
///     assert_eq!(&parts[1][..], b"body");
/// }
/// # Ok::<(), zmq::Error>(())
/// ```
#[derive(Default, Debug)]
pub struct Multipart {
    slots: Vec<Message>,
    len: usize,
}

impl Multipart {
    /// An empty container.
    pub fn new() -> Multipart {
        Multipart::default()
    }

    /// An empty container with `n` slots ready (no allocation until a message has more frames).
    pub fn with_capacity(n: usize) -> Multipart {
        let mut slots = Vec::with_capacity(n);
        slots.resize_with(n, Message::new);
        Multipart { slots, len: 0 }
    }

    /// Number of frames.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no frames.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Forgets the frames but keeps the slots (their contents are released on the next receive
    /// or when the container is dropped).
    pub fn clear(&mut self) {
        self.len = 0;
    }

    /// Appends a frame.
    pub fn push(&mut self, msg: impl Into<Message>) {
        let msg = msg.into();
        if self.len < self.slots.len() {
            self.slots[self.len] = msg;
        } else {
            self.slots.push(msg);
        }
        self.len += 1;
    }

    /// The frames, mutably.
    pub fn as_mut_slice(&mut self) -> &mut [Message] {
        &mut self.slots[..self.len]
    }

    /// Takes the frames out (the container is left empty).
    pub fn into_vec(mut self) -> Vec<Message> {
        self.slots.truncate(self.len);
        self.slots
    }

    /// Takes the frames out, leaving the container empty without its slots.
    pub fn take(&mut self) -> Vec<Message> {
        let mut slots = std::mem::take(&mut self.slots);
        slots.truncate(self.len);
        self.len = 0;
        slots
    }

    pub(crate) fn next_slot(&mut self) -> &mut Message {
        if self.len == self.slots.len() {
            self.slots.push(Message::new());
        }
        &mut self.slots[self.len]
    }

    pub(crate) fn commit_slot(&mut self) {
        self.len += 1;
    }
}

impl Deref for Multipart {
    type Target = [Message];
    fn deref(&self) -> &[Message] {
        &self.slots[..self.len]
    }
}

impl<'a> IntoIterator for &'a Multipart {
    type Item = &'a Message;
    type IntoIter = std::slice::Iter<'a, Message>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl IntoIterator for Multipart {
    type Item = Message;
    type IntoIter = std::vec::IntoIter<Message>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<M: Into<Message>> FromIterator<M> for Multipart {
    fn from_iter<I: IntoIterator<Item = M>>(iter: I) -> Multipart {
        let slots: Vec<Message> = iter.into_iter().map(Into::into).collect();
        let len = slots.len();
        Multipart { slots, len }
    }
}
