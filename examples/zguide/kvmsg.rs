//! The `kvmsg` class of chapter 5 (`kvmsg.c`): the key-value message of the Clone models five
//! and six, `kvsimple` plus a UUID and properties, in five frames:
//!
//! ```text
//! frame 0: key (a string of at most 255 bytes)
//! frame 1: sequence (8 bytes, big-endian)
//! frame 2: uuid (16 bytes)
//! frame 3: properties ("name=value\n" for each property)
//! frame 4: body (a blob)
//! ```
//!
//! An empty body means "delete": [`KvMsg::store`] removes the key from the map.
//! Include with `#[path = "zguide/kvmsg.rs"] mod kvmsg;` next to `zhelpers`.
//!
//! Differences from the C: frames are `Option`s instead of `zmq_msg_t`s with presence flags,
//! properties a `Vec` of `name=value` strings (`zlist_t`), the map a `HashMap` (`zhash_t`),
//! `kvmsg_dup` is `Clone`; the UUID is a random (version 4) UUID from the kernel's
//! `getrandom`, standing in for libuuid's `uuid_generate`.
#![allow(dead_code)]

use std::collections::HashMap;

use zmq::{Flags, Socket};

/// Keys are short strings.
pub const KVMSG_KEY_MAX: usize = 255;

/// The number of frames of a kvmsg message.
const KVMSG_FRAMES: usize = 5;

/// The state of a Clone client or server: key → last message stored under it (`zhash_t`).
pub type KvMap = HashMap<String, KvMsg>;

/// One key-value message (`kvmsg_t`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KvMsg {
    key: Option<String>,
    sequence: Option<i64>,
    uuid: Option<Vec<u8>>,
    /// Properties as `name=value` strings, in the order they were set.
    props: Vec<String>,
    body: Option<Vec<u8>>,
}

/// A random version 4 UUID (`uuid_generate`).
pub fn uuid_generate() -> [u8; 16] {
    let mut uuid = [0u8; 16];
    let mut filled = 0;
    while filled < uuid.len() {
        // SAFETY: getrandom(2) writes at most the given length into our buffer.
        let n =
            unsafe { libc::getrandom(uuid[filled..].as_mut_ptr().cast(), uuid.len() - filled, 0) };
        if n > 0 {
            filled += n as usize;
        }
    }
    uuid[6] = (uuid[6] & 0x0f) | 0x40; // version 4
    uuid[8] = (uuid[8] & 0x3f) | 0x80; // RFC 4122 variant
    uuid
}

impl KvMsg {
    /// A message with this sequence number and nothing else yet (`kvmsg_new`).
    pub fn new(sequence: i64) -> KvMsg {
        KvMsg {
            sequence: Some(sequence),
            ..KvMsg::default()
        }
    }

    /// Reads one key-value message from `socket` (`kvmsg_recv`); `None` when interrupted, when
    /// the context ended, or when the message is not five frames with an 8-byte sequence.
    pub fn recv(socket: &Socket) -> Option<KvMsg> {
        let frames = socket.recv_multipart().ok()?;
        Self::decode(frames.iter().map(|f| &f[..]).collect::<Vec<_>>().as_slice())
    }

    /// The message carried by these frames, if they are a kvmsg message.
    pub fn decode(frames: &[&[u8]]) -> Option<KvMsg> {
        if frames.len() != KVMSG_FRAMES || frames[1].len() != 8 {
            return None;
        }
        let mut seq = [0u8; 8];
        seq.copy_from_slice(frames[1]);
        let key = &frames[0][..frames[0].len().min(KVMSG_KEY_MAX)];
        // Properties: each line up to a '\n'; anything after the last '\n' is ignored.
        let text = String::from_utf8_lossy(frames[3]);
        let mut props: Vec<String> = text.split('\n').map(str::to_owned).collect();
        props.pop();
        Some(KvMsg {
            key: Some(String::from_utf8_lossy(key).into_owned()),
            sequence: Some(i64::from_be_bytes(seq)),
            uuid: Some(frames[2].to_vec()),
            props,
            body: Some(frames[4].to_vec()),
        })
    }

    /// The five frames of this message; missing frames are sent empty, as in the C.
    pub fn frames(&self) -> [Vec<u8>; KVMSG_FRAMES] {
        let props: String = self.props.iter().map(|p| format!("{p}\n")).collect();
        [
            self.key.clone().map(String::into_bytes).unwrap_or_default(),
            self.sequence
                .map(|s| s.to_be_bytes().to_vec())
                .unwrap_or_default(),
            self.uuid.clone().unwrap_or_default(),
            props.into_bytes(),
            self.body.clone().unwrap_or_default(),
        ]
    }

    /// Sends the message as five frames (`kvmsg_send`).
    pub fn send(&self, socket: &Socket) -> zmq::Result<()> {
        socket.send_multipart(self.frames()).map_err(|e| e.error)
    }

    /// Sends the message to one peer of a ROUTER socket: its identity frame, then the message.
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

    /// Sets the key (`kvmsg_set_key`; `kvmsg_fmt_key` is `format!`), at most
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

    /// Sets the body (`kvmsg_set_body`; `kvmsg_fmt_body` is `format!`).
    pub fn set_body(&mut self, body: &[u8]) {
        self.body = Some(body.to_vec());
    }

    /// The body size, 0 if there is no body (`kvmsg_size`).
    pub fn size(&self) -> usize {
        self.body.as_ref().map_or(0, Vec::len)
    }

    /// The UUID, if present and 16 bytes long (`kvmsg_uuid`).
    pub fn uuid(&self) -> Option<&[u8]> {
        self.uuid.as_deref().filter(|u| u.len() == 16)
    }

    /// Sets the UUID to a randomly generated value (`kvmsg_set_uuid`).
    pub fn set_uuid(&mut self) {
        self.uuid = Some(uuid_generate().to_vec());
    }

    /// A property's value, `""` if it is not set (`kvmsg_get_prop`).
    pub fn get_prop(&self, name: &str) -> &str {
        assert!(!name.contains('='), "property names cannot contain '='");
        self.props
            .iter()
            .find_map(|p| p.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
            .unwrap_or("")
    }

    /// Sets a property, replacing any earlier value (`kvmsg_set_prop`; the value is at most 255
    /// bytes, as in the C).
    pub fn set_prop(&mut self, name: &str, value: &str) {
        assert!(!name.contains('='), "property names cannot contain '='");
        let mut end = value.len().min(255);
        while !value.is_char_boundary(end) {
            end -= 1;
        }
        let prefix = format!("{name}=");
        self.props.retain(|p| !p.starts_with(&prefix));
        self.props.push(format!("{prefix}{}", &value[..end]));
    }

    /// Stores the message in the map under its key if it has a body, or deletes the key when the
    /// body is empty (`kvmsg_store`); the map owns the message afterwards.
    pub fn store(self, map: &mut KvMap) {
        let Some(key) = self.key.clone() else {
            return;
        };
        if self.size() > 0 {
            map.insert(key, self);
        } else {
            map.remove(&key);
        }
    }

    /// Prints the message to stderr (`kvmsg_dump`):
    /// `[seq:2][key:key][size:4] [prop1=value1;prop2=value2;]626F6479`.
    pub fn dump(&self) {
        let props = if self.props.is_empty() {
            String::new()
        } else {
            let list: String = self.props.iter().map(|p| format!("{p};")).collect();
            format!("[{list}]")
        };
        let body: String = self
            .body()
            .unwrap_or_default()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        eprintln!(
            "[seq:{}][key:{}][size:{}] {props}{body}",
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

/// The self test (`kvmsg_test`): a simple message and one with properties over a DEALER pair
/// on `ipc://kvmsg_selftest.ipc`. Prints ` * kvmsg: OK`.
pub fn test(verbose: bool) -> anyhow::Result<()> {
    print!(" * kvmsg: ");
    let ctx = zmq::Context::new()?;
    let output = ctx.socket(zmq::SocketType::Dealer)?;
    let endpoint = crate::zhelpers::ep!("ipc://kvmsg_selftest.ipc");
    output.bind(&endpoint)?;
    let input = ctx.socket(zmq::SocketType::Dealer)?;
    input.connect(&endpoint)?;
    let mut kvmap = KvMap::new();
    let received =
        |socket: &Socket| KvMsg::recv(socket).ok_or_else(|| anyhow::anyhow!("no kvmsg received"));

    // Test send and receive of simple message.
    let mut kvmsg = KvMsg::new(1);
    kvmsg.set_key("key");
    kvmsg.set_uuid();
    kvmsg.set_body(b"body");
    if verbose {
        kvmsg.dump();
    }
    kvmsg.send(&output)?;
    let sent_uuid = kvmsg.uuid().map(<[u8]>::to_vec);
    kvmsg.store(&mut kvmap);
    let kvmsg = received(&input)?;
    if verbose {
        kvmsg.dump();
    }
    assert_eq!(kvmsg.key(), Some("key"));
    assert_eq!(kvmsg.uuid().map(<[u8]>::to_vec), sent_uuid);
    kvmsg.store(&mut kvmap);

    // Test send and receive of message with properties.
    let mut kvmsg = KvMsg::new(2);
    kvmsg.set_prop("prop1", "value1");
    kvmsg.set_prop("prop2", "value1");
    kvmsg.set_prop("prop2", "value2");
    kvmsg.set_key("key");
    kvmsg.set_uuid();
    kvmsg.set_body(b"body");
    assert_eq!(kvmsg.get_prop("prop2"), "value2");
    if verbose {
        kvmsg.dump();
    }
    kvmsg.send(&output)?;
    let kvmsg = received(&input)?;
    if verbose {
        kvmsg.dump();
    }
    assert_eq!(kvmsg.key(), Some("key"));
    assert_eq!(kvmsg.get_prop("prop1"), "value1");
    assert_eq!(kvmsg.get_prop("prop2"), "value2");
    assert_eq!(kvmsg.sequence(), 2);
    println!("OK");
    Ok(())
}
