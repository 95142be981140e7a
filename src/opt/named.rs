//! Socket options by name and value (`"rate=10000"`), for command lines and configuration
//! files such as the `zmq-device` program's; the options settable this way are the rows of the
//! option table ([`super::ALL`]) with a by-name clause, listed by [`named_options`].

use std::fmt;
use std::os::raw::c_int;
use std::str::FromStr;

use super::BY_NAME;
use crate::error::{Error, Result};
use crate::socket::Socket;

/// How a value given by name is parsed and encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `int` with a lower bound.
    Int(i32),
    /// `int` 0 or 1.
    Bool,
    /// `int` -1 (OS default), 0 or 1.
    TriState,
    /// `uint64_t`.
    U64,
    /// `int64_t` with a lower bound.
    I64(i64),
    /// Binary data (any bytes of the value's UTF-8).
    Bytes,
    /// 1 to 255 bytes, not starting with a zero byte.
    RoutingId,
    /// A character string.
    Str,
    /// A CURVE key: 40 Z85 characters.
    Key,
}

pub(crate) struct Entry {
    pub(crate) names: &'static [&'static str],
    pub(crate) c_name: &'static str,
    pub(crate) id: c_int,
    pub(crate) kind: Kind,
    pub(crate) unit: &'static str,
}

impl Entry {
    /// The usual short name.
    fn name(&self) -> &'static str {
        self.names.first().copied().unwrap_or(self.c_name)
    }
}

/// One option [`parse_option`] understands: its names, the C option and the value it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamedOptionInfo {
    /// The accepted names (the first is the usual one; `ZMQ_`-prefixed C names work too).
    pub names: &'static [&'static str],
    /// The C option (`"ZMQ_SNDHWM"`).
    pub c_name: &'static str,
    /// Its `ZMQ_*` id.
    pub id: i32,
    /// What the value is (`"messages, 0 = no limit"`).
    pub value: &'static str,
}

/// Every option [`parse_option`] accepts, for help texts.
pub fn named_options() -> impl Iterator<Item = NamedOptionInfo> {
    BY_NAME.iter().map(|e| NamedOptionInfo {
        names: e.names,
        c_name: e.c_name,
        id: e.id,
        value: e.unit,
    })
}

/// A socket option given by name and value (`"rate=10000"`), parsed and encoded for
/// `zmq_setsockopt`; see [`parse_option`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedOption {
    c_name: &'static str,
    id: c_int,
    value: String,
    raw: Vec<u8>,
}

impl NamedOption {
    /// Parses an option name and its value (see [`parse_option`]).
    pub fn new(name: &str, value: &str) -> Result<NamedOption> {
        let entry = lookup(name)?;
        let bad = |expected: &str| {
            Error::invalid(
                "socket option",
                format!("{}={value}: expected {expected}", entry.name()),
            )
        };
        let raw = match entry.kind {
            Kind::Int(min) => {
                let v: i32 = value.trim().parse().map_err(|_| bad("an integer"))?;
                if v < min {
                    return Err(bad(&format!("an integer >= {min} ({})", entry.unit)));
                }
                v.to_ne_bytes().to_vec()
            }
            Kind::Bool => {
                (parse_bool(value).ok_or_else(|| bad("0/1, true/false, yes/no or on/off"))? as i32)
                    .to_ne_bytes()
                    .to_vec()
            }
            Kind::TriState => {
                let v = match value.trim() {
                    "-1" | "default" => -1,
                    other => {
                        parse_bool(other).ok_or_else(|| bad("-1 (OS default), 0 or 1"))? as i32
                    }
                };
                v.to_ne_bytes().to_vec()
            }
            Kind::U64 => {
                let t = value.trim();
                let v = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                    Some(hex) => u64::from_str_radix(hex, 16),
                    None => t.parse(),
                }
                .map_err(|_| bad("an unsigned 64-bit integer (decimal or 0x hex)"))?;
                v.to_ne_bytes().to_vec()
            }
            Kind::I64(min) => {
                let v: i64 = value.trim().parse().map_err(|_| bad("an integer"))?;
                if v < min {
                    return Err(bad(&format!("an integer >= {min} ({})", entry.unit)));
                }
                v.to_ne_bytes().to_vec()
            }
            Kind::Bytes => value.as_bytes().to_vec(),
            Kind::RoutingId => {
                if value.is_empty() || value.len() > 255 || value.as_bytes().first() == Some(&0) {
                    return Err(bad("1 to 255 bytes, not starting with a zero byte"));
                }
                value.as_bytes().to_vec()
            }
            Kind::Str => {
                if value.contains('\0') {
                    return Err(bad("text without NUL bytes"));
                }
                value.as_bytes().to_vec()
            }
            Kind::Key => crate::util::CurveKey::from_z85(value.trim())
                .map_err(|_| bad("a CURVE key of 40 Z85 characters"))?
                .0
                .to_vec(),
        };
        Ok(NamedOption {
            c_name: entry.c_name,
            id: entry.id,
            value: value.to_owned(),
            raw,
        })
    }

    /// The C option (`"ZMQ_RATE"`).
    pub fn c_name(&self) -> &'static str {
        self.c_name
    }

    /// The `ZMQ_*` id.
    pub fn id(&self) -> i32 {
        self.id
    }

    /// The value as given.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The bytes passed to `zmq_setsockopt` (integers in native byte order).
    pub fn raw_value(&self) -> &[u8] {
        &self.raw
    }

    /// Sets the option on `socket` (`zmq_setsockopt`).
    pub fn apply(&self, socket: &Socket) -> Result<()> {
        socket.setsockopt_raw(self.id, &self.raw)
    }
}

impl fmt::Display for NamedOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.c_name, self.value)
    }
}

impl FromStr for NamedOption {
    type Err = Error;

    /// As [`parse_option`].
    fn from_str(s: &str) -> Result<NamedOption> {
        parse_option(s)
    }
}

/// Parses `"name=value"` into a socket option for `zmq_setsockopt`, for command lines and
/// configuration files: `rate=10000`, `sndhwm=0`, `linger=-1`, `subscribe=` (empty value),
/// `identity=worker-1`, `ZMQ_MULTICAST_HOPS=4`, `tcp-keepalive=1`.
///
/// Names are case-insensitive and may carry the `ZMQ_` prefix; `_` and `-` are optional; see
/// [`named_options`] for the list (HWMs, linger, the PGM options `rate`, `recovery_ivl`,
/// `multicast_hops`, buffer sizes, `affinity`, `routing_id`/`identity`, `subscribe`, TCP
/// keepalive, reconnection, heartbeats, PLAIN and CURVE settings, ...). Integer values are checked
/// against libzmq's ranges; booleans take `0`/`1`, `true`/`false`, `yes`/`no`, `on`/`off`.
///
/// Errors name the problem: an unknown option (listing the known ones), a known C option that is
/// not settable by name (`rcvtimeo`, which would make a device give up on a timeout, or
/// read-only ones: use a typed [`Socket::set`] instead), a missing `=`, a bad value.
///
/// ```
/// let rate = zmq::opt::named::parse_option("rate=10000")?;
/// assert_eq!(rate.c_name(), "ZMQ_RATE");
/// assert_eq!(rate.raw_value(), &10000i32.to_ne_bytes());
/// assert!(zmq::opt::named::parse_option("sndhwm=lots").is_err());
/// # Ok::<(), zmq::Error>(())
/// ```
pub fn parse_option(spec: &str) -> Result<NamedOption> {
    let (name, value) = spec.split_once('=').ok_or_else(|| {
        Error::invalid(
            "socket option",
            format!("{spec:?}: expected name=value (e.g. sndhwm=1000)"),
        )
    })?;
    NamedOption::new(name, value)
}

/// The name without case, a `ZMQ_` prefix, `_` or `-`: `ZMQ_RCVHWM`, `rcv-hwm` and `rcvhwm`
/// are one name.
fn normalize(name: &str) -> String {
    let lower = name.trim().to_ascii_lowercase();
    let bare = lower.strip_prefix("zmq_").unwrap_or(&lower);
    bare.chars().filter(|c| *c != '_' && *c != '-').collect()
}

fn lookup(name: &str) -> Result<&'static Entry> {
    let wanted = normalize(name);
    if wanted.is_empty() {
        return Err(Error::invalid(
            "socket option",
            "empty option name (expected name=value)",
        ));
    }
    if let Some(entry) = BY_NAME
        .iter()
        .find(|e| e.names.iter().any(|n| normalize(n) == wanted) || normalize(e.c_name) == wanted)
    {
        return Ok(entry);
    }
    if let Some(info) = super::ALL.iter().find(|i| normalize(i.name) == wanted) {
        return Err(Error::invalid(
            "socket option",
            format!(
                "{} cannot be set by name here{}",
                info.name,
                if info.writable {
                    " (set it with Socket::set in a configure closure)"
                } else {
                    " (it is read-only)"
                }
            ),
        ));
    }
    let known: Vec<&str> = BY_NAME.iter().map(Entry::name).collect();
    Err(Error::invalid(
        "socket option",
        format!(
            "unknown option {:?} (known: {})",
            name.trim(),
            known.join(", ")
        ),
    ))
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}
