//! The `kvsimple` class of chapter 5 (`kvsimple.c`): one key-value message, as the Clone
//! models one to three put it on the wire, in three frames:
//!
//! ```text
//! frame 0: key (a string of at most 255 bytes)
//! frame 1: sequence (8 bytes, big-endian, "network order")
//! frame 2: body (a blob)
//! ```
//!
//! Include with `#[path = "zguide/kvsimple.rs"] mod kvsimple;` next to `zhelpers`.
//!
//! Differences from the C: each frame is an `Option` (the C keeps "present" flags next to
//! `zmq_msg_t`s); the hash map (`zhash_t`) is a [`KvMap`], a `HashMap` from key to message, and
//! [`KvMsg::store`] moves the message into it. A message that does not have exactly three frames
//! with an 8-byte sequence is rejected by [`KvMsg::recv`] (the C checks the "more" flag of each
//! frame and asserts on the sequence size).
#![allow(dead_code)]

use std::collections::HashMap;

use zmq::{Flags, Socket};

/// Keys are short strings.
pub const KVMSG_KEY_MAX: usize = 255;

/// The number of frames of a kvsimple message.
const KVMSG_FRAMES: usize = 3;

/// The state of a Clone client or server: key → last message stored under it (`zhash_t`).
pub type KvMap = HashMap<String, KvMsg>;

/// One key-value message (`kvmsg_t`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KvMsg {
    key: Option<String>,
    sequence: Option<i64>,
    body: Option<Vec<u8>>,
}

impl KvMsg {
    /// A message with this sequence number and no key or body yet (`kvmsg_new`).
    pub fn new(sequence: i64) -> KvMsg {
        KvMsg {
            key: None,
            sequence: Some(sequence),
            body: None,
        }
    }

    /// Reads one key-value message from `socket` (`kvmsg_recv`); `None` when interrupted, when
    /// the context ended, or when the message is not three frames with an 8-byte sequence.
    pub fn recv(socket: &Socket) -> Option<KvMsg> {
        let frames = socket.recv_multipart().ok()?;
        Self::decode(frames.iter().map(|f| &f[..]).collect::<Vec<_>>().as_slice())
    }

    /// The message carried by these frames, if they are a kvsimple message.
    pub fn decode(frames: &[&[u8]]) -> Option<KvMsg> {
        if frames.len() != KVMSG_FRAMES || frames[1].len() != 8 {
            return None;
        }
        let mut seq = [0u8; 8];
        seq.copy_from_slice(frames[1]);
        let key = &frames[0][..frames[0].len().min(KVMSG_KEY_MAX)];
        Some(KvMsg {
            key: Some(String::from_utf8_lossy(key).into_owned()),
            sequence: Some(i64::from_be_bytes(seq)),
            body: Some(frames[2].to_vec()),
        })
    }

    /// The three frames of this message; a missing frame is sent empty, as in the C.
    pub fn frames(&self) -> [Vec<u8>; KVMSG_FRAMES] {
        [
            self.key.clone().map(String::into_bytes).unwrap_or_default(),
            self.sequence
                .map(|s| s.to_be_bytes().to_vec())
                .unwrap_or_default(),
            self.body.clone().unwrap_or_default(),
        ]
    }

    /// Sends the message as three frames (`kvmsg_send`).
    pub fn send(&self, socket: &Socket) -> zmq::Result<()> {
        socket.send_multipart(self.frames()).map_err(|e| e.error)
    }

    /// Sends the message to one peer of a ROUTER socket: the identity frame, then the message
    /// (the C sends the identity with `zframe_send (.., ZFRAME_MORE)` and then `kvmsg_send`).
    pub fn send_to(&self, socket: &Socket, identity: &[u8]) -> zmq::Result<()> {
        socket
            .send_with(identity, Flags::SNDMORE)
            .map_err(|e| e.error)?;
        self.send(socket)
    }

    /// The key, if present (`kvmsg_key`).
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// Sets the key (`kvmsg_set_key`, and `kvmsg_fmt_key` with `format!`); truncated to
    /// [`KVMSG_KEY_MAX`] bytes.
    pub fn set_key(&mut self, key: &str) {
        let mut end = key.len().min(KVMSG_KEY_MAX);
        while !key.is_char_boundary(end) {
            end -= 1;
        }
        self.key = Some(key[..end].to_owned());
    }

    /// The sequence number, 0 if none (`kvmsg_sequence`).
    pub fn sequence(&self) -> i64 {
        self.sequence.unwrap_or(0)
    }

    /// Sets the sequence number (`kvmsg_set_sequence`).
    pub fn set_sequence(&mut self, sequence: i64) {
        self.sequence = Some(sequence);
    }

    /// The body, if present (`kvmsg_body`).
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// Sets the body (`kvmsg_set_body`, and `kvmsg_fmt_body` with `format!`).
    pub fn set_body(&mut self, body: &[u8]) {
        self.body = Some(body.to_vec());
    }

    /// The body size, 0 if there is no body (`kvmsg_size`).
    pub fn size(&self) -> usize {
        self.body.as_ref().map_or(0, Vec::len)
    }

    /// Stores the message in the map under its key, unless key or body is missing
    /// (`kvmsg_store`); the map owns it afterwards.
    pub fn store(self, map: &mut KvMap) {
        if let (Some(key), Some(_)) = (&self.key, &self.body) {
            map.insert(key.clone(), self);
        }
    }

    /// Prints the message to stderr (`kvmsg_dump`): `[seq:1][key:key][size:4] 626F6479`.
    pub fn dump(&self) {
        let body: String = self
            .body()
            .unwrap_or_default()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        eprintln!(
            "[seq:{}][key:{}][size:{}] {body}",
            self.sequence(),
            self.key().unwrap_or("(null)"),
            self.size()
        );
    }
}

/// Prints a map for comparison between processes: a `kvmap: N entries` line, then one
/// `kv KEY BODY` line per entry, sorted by key (bodies shown as text).
pub fn print_map(map: &KvMap) {
    println!("kvmap: {} entries", map.len());
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    for key in keys {
        let body = map[key].body().unwrap_or_default();
        println!("kv {key} {}", String::from_utf8_lossy(body));
    }
}

/// The self test (`kvmsg_test`): sends one message over a DEALER pair on
/// `ipc://kvmsg_selftest.ipc`, receives it and stores both copies. Prints ` * kvmsg: OK`.
pub fn test(verbose: bool) -> anyhow::Result<()> {
    print!(" * kvmsg: ");
    let ctx = zmq::Context::new()?;
    let output = ctx.socket(zmq::SocketType::Dealer)?;
    let endpoint = crate::zhelpers::ep!("ipc://kvmsg_selftest.ipc");
    output.bind(&endpoint)?;
    let input = ctx.socket(zmq::SocketType::Dealer)?;
    input.connect(&endpoint)?;

    let mut kvmap = KvMap::new();
    // Test send and receive of a simple message.
    let mut kvmsg = KvMsg::new(1);
    kvmsg.set_key("key");
    kvmsg.set_body(b"body");
    if verbose {
        kvmsg.dump();
    }
    kvmsg.send(&output)?;
    kvmsg.store(&mut kvmap);

    let kvmsg = KvMsg::recv(&input).ok_or_else(|| anyhow::anyhow!("no kvmsg received"))?;
    if verbose {
        kvmsg.dump();
    }
    assert_eq!(kvmsg.key(), Some("key"));
    assert_eq!(kvmsg.sequence(), 1);
    assert_eq!(kvmsg.body(), Some(&b"body"[..]));
    kvmsg.store(&mut kvmap);
    assert_eq!(kvmap.len(), 1);
    println!("OK");
    Ok(())
}
