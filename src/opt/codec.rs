//! How each kind of option value travels through `zmq_setsockopt`/`zmq_getsockopt`.
//!
//! Durations travel as whole milliseconds in an `int` (sub-millisecond parts are truncated;
//! durations over `i32::MAX` ms are refused with [`Error::InvalidInput`]).

use super::*;

/// Reads a value of some kind.
pub trait Decode {
    /// The Rust value.
    type Out;
    /// Reads option `id`.
    fn read(socket: &Socket, id: c_int) -> Result<Self::Out>;
}

/// Writes a value of type `V`.
pub trait Encode<V> {
    /// Writes option `id`.
    fn write(socket: &Socket, id: c_int, value: V) -> Result<()>;
}

/// The largest string or binary value read back (libzmq cannot report the length it needs).
const MAX_READ: usize = 64 * 1024;

pub(crate) fn read_int(socket: &Socket, id: c_int) -> Result<c_int> {
    let mut buf = [0u8; 4];
    socket.getsockopt_raw(id, &mut buf)?;
    Ok(c_int::from_ne_bytes(buf))
}

pub(crate) fn write_int(socket: &Socket, id: c_int, v: c_int) -> Result<()> {
    socket.setsockopt_raw(id, &v.to_ne_bytes())
}

fn read_i64(socket: &Socket, id: c_int) -> Result<i64> {
    let mut buf = [0u8; 8];
    socket.getsockopt_raw(id, &mut buf)?;
    Ok(i64::from_ne_bytes(buf))
}

/// Reads a string or binary option, growing the buffer while libzmq says it is too small.
fn read_buf(socket: &Socket, id: c_int) -> Result<Vec<u8>> {
    let mut len = 256;
    loop {
        let mut buf = vec![0u8; len];
        match socket.getsockopt_raw(id, &mut buf) {
            Ok(n) => {
                buf.truncate(n);
                return Ok(buf);
            }
            Err(e) if e.errno() == libc::EINVAL && len < MAX_READ => len *= 16,
            Err(e) => return Err(e),
        }
    }
}

fn millis(d: Duration, what: &'static str) -> Result<c_int> {
    c_int::try_from(d.as_millis()).map_err(|_| {
        Error::invalid(
            "option value",
            format!("{what}: {d:?} exceeds i32 milliseconds"),
        )
    })
}

fn from_millis(ms: c_int) -> Duration {
    Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

/// `int` options.
pub struct Int;
impl Decode for Int {
    type Out = i32;
    fn read(s: &Socket, id: c_int) -> Result<i32> {
        read_int(s, id)
    }
}
impl Encode<i32> for Int {
    fn write(s: &Socket, id: c_int, v: i32) -> Result<()> {
        write_int(s, id, v)
    }
}

/// `int` options holding 0 or 1.
pub struct Bool;
impl Decode for Bool {
    type Out = bool;
    fn read(s: &Socket, id: c_int) -> Result<bool> {
        Ok(read_int(s, id)? != 0)
    }
}
impl Encode<bool> for Bool {
    fn write(s: &Socket, id: c_int, v: bool) -> Result<()> {
        write_int(s, id, v as c_int)
    }
}

/// `int` options holding -1 (leave the OS default: `None`), 0 or 1.
pub struct BoolOrDefault;
impl Decode for BoolOrDefault {
    type Out = Option<bool>;
    fn read(s: &Socket, id: c_int) -> Result<Option<bool>> {
        let v = read_int(s, id)?;
        Ok((v >= 0).then_some(v != 0))
    }
}
impl Encode<Option<bool>> for BoolOrDefault {
    fn write(s: &Socket, id: c_int, v: Option<bool>) -> Result<()> {
        write_int(s, id, v.map_or(-1, c_int::from))
    }
}
impl Encode<bool> for BoolOrDefault {
    fn write(s: &Socket, id: c_int, v: bool) -> Result<()> {
        write_int(s, id, v as c_int)
    }
}

/// `uint64_t` options (bitmaps, sizes).
pub struct U64;
impl Decode for U64 {
    type Out = u64;
    fn read(s: &Socket, id: c_int) -> Result<u64> {
        let mut buf = [0u8; 8];
        s.getsockopt_raw(id, &mut buf)?;
        Ok(u64::from_ne_bytes(buf))
    }
}
impl Encode<u64> for U64 {
    fn write(s: &Socket, id: c_int, v: u64) -> Result<()> {
        s.setsockopt_raw(id, &v.to_ne_bytes())
    }
}

/// `int64_t` size limits where -1 means "no limit" (`None`).
pub struct SizeLimit;
impl Decode for SizeLimit {
    type Out = Option<u64>;
    fn read(s: &Socket, id: c_int) -> Result<Option<u64>> {
        Ok(u64::try_from(read_i64(s, id)?).ok())
    }
}
impl Encode<Option<u64>> for SizeLimit {
    fn write(s: &Socket, id: c_int, v: Option<u64>) -> Result<()> {
        let raw = match v {
            None => -1,
            Some(n) => i64::try_from(n).map_err(|_| {
                Error::invalid("option value", format!("size limit {n} exceeds i64::MAX"))
            })?,
        };
        s.setsockopt_raw(id, &raw.to_ne_bytes())
    }
}
impl Encode<u64> for SizeLimit {
    fn write(s: &Socket, id: c_int, v: u64) -> Result<()> {
        <SizeLimit as Encode<Option<u64>>>::write(s, id, Some(v))
    }
}

/// Millisecond `int` options where -1 is the sentinel (`None`): "forever" for linger and
/// timeouts, "never" for `ZMQ_RECONNECT_IVL`.
pub struct MillisOrForever;
impl Decode for MillisOrForever {
    type Out = Option<Duration>;
    fn read(s: &Socket, id: c_int) -> Result<Option<Duration>> {
        let ms = read_int(s, id)?;
        Ok((ms >= 0).then(|| from_millis(ms)))
    }
}
impl Encode<Option<Duration>> for MillisOrForever {
    fn write(s: &Socket, id: c_int, v: Option<Duration>) -> Result<()> {
        let ms = match v {
            None => -1,
            Some(d) => millis(d, "duration")?,
        };
        write_int(s, id, ms)
    }
}
impl Encode<Duration> for MillisOrForever {
    fn write(s: &Socket, id: c_int, v: Duration) -> Result<()> {
        write_int(s, id, millis(v, "duration")?)
    }
}

/// Millisecond `int` options where 0 means "off" (`None`). `Some` of a duration under
/// 1 ms is refused (it would read back as `None`).
pub struct MillisOrOff;
impl Decode for MillisOrOff {
    type Out = Option<Duration>;
    fn read(s: &Socket, id: c_int) -> Result<Option<Duration>> {
        let ms = read_int(s, id)?;
        Ok((ms > 0).then(|| from_millis(ms)))
    }
}
impl Encode<Option<Duration>> for MillisOrOff {
    fn write(s: &Socket, id: c_int, v: Option<Duration>) -> Result<()> {
        let ms = match v {
            None => 0,
            Some(d) => match millis(d, "duration")? {
                0 => {
                    return Err(Error::invalid(
                        "option value",
                        format!("{d:?} is 0 ms, which means off: use None to switch off"),
                    ))
                }
                ms => ms,
            },
        };
        write_int(s, id, ms)
    }
}

/// Millisecond `int` options that are always a duration.
pub struct Millis;
impl Decode for Millis {
    type Out = Duration;
    fn read(s: &Socket, id: c_int) -> Result<Duration> {
        Ok(from_millis(read_int(s, id)?))
    }
}
impl Encode<Duration> for Millis {
    fn write(s: &Socket, id: c_int, v: Duration) -> Result<()> {
        write_int(s, id, millis(v, "duration")?)
    }
}

/// `ZMQ_HEARTBEAT_TIMEOUT`: reads `None` while unset (-1: the timeout follows
/// `ZMQ_HEARTBEAT_IVL`); written as a duration, where zero means no timeout.
pub struct HeartbeatTimeout;
impl Decode for HeartbeatTimeout {
    type Out = Option<Duration>;
    fn read(s: &Socket, id: c_int) -> Result<Option<Duration>> {
        let ms = read_int(s, id)?;
        Ok((ms >= 0).then(|| from_millis(ms)))
    }
}
impl Encode<Duration> for HeartbeatTimeout {
    fn write(s: &Socket, id: c_int, v: Duration) -> Result<()> {
        write_int(s, id, millis(v, "heartbeat timeout")?)
    }
}

/// `ZMQ_HEARTBEAT_TTL`: milliseconds on the API, kept by libzmq in whole deciseconds in 16
/// bits, so the value reads back rounded down to 100 ms and is at most 6553.5 s. `None`
/// (0) means no TTL; `Some` of less than 100 ms (which libzmq would turn into 0) and more
/// than 6553.599 s are refused with [`Error::InvalidInput`].
pub struct HeartbeatTtl;
/// The largest `ZMQ_HEARTBEAT_TTL` libzmq accepts, in milliseconds (65535 deciseconds).
const HEARTBEAT_TTL_MAX_MS: u128 = 65_535 * 100 + 99;
impl Decode for HeartbeatTtl {
    type Out = Option<Duration>;
    fn read(s: &Socket, id: c_int) -> Result<Option<Duration>> {
        let ms = read_int(s, id)?;
        Ok((ms > 0).then(|| from_millis(ms)))
    }
}
impl Encode<Option<Duration>> for HeartbeatTtl {
    fn write(s: &Socket, id: c_int, v: Option<Duration>) -> Result<()> {
        let ms = match v {
            None => 0,
            Some(d) if d.as_millis() < 100 => {
                return Err(Error::invalid(
                    "option value",
                    format!("heartbeat TTL {d:?} is under 100 ms (one decisecond): use None"),
                ))
            }
            Some(d) if d.as_millis() > HEARTBEAT_TTL_MAX_MS => {
                return Err(Error::invalid(
                    "option value",
                    format!("heartbeat TTL {d:?} exceeds 6553.599 s (65535 deciseconds)"),
                ))
            }
            Some(d) => millis(d, "heartbeat TTL")?,
        };
        write_int(s, id, ms)
    }
}
impl Encode<Duration> for HeartbeatTtl {
    fn write(s: &Socket, id: c_int, v: Duration) -> Result<()> {
        <HeartbeatTtl as Encode<Option<Duration>>>::write(s, id, Some(v))
    }
}

/// Whole-second `int` options where -1 means "leave the OS default" (`None`): the TCP
/// keepalive timers. Durations with a fractional second are refused.
pub struct SecsOrDefault;
impl Decode for SecsOrDefault {
    type Out = Option<Duration>;
    fn read(s: &Socket, id: c_int) -> Result<Option<Duration>> {
        let secs = read_int(s, id)?;
        Ok(u64::try_from(secs).ok().map(Duration::from_secs))
    }
}
impl Encode<Option<Duration>> for SecsOrDefault {
    fn write(s: &Socket, id: c_int, v: Option<Duration>) -> Result<()> {
        let secs = match v {
            None => -1,
            Some(d) if d.subsec_nanos() != 0 => {
                return Err(Error::invalid(
                    "option value",
                    format!("{d:?}: this option takes whole seconds"),
                ))
            }
            Some(d) => c_int::try_from(d.as_secs()).map_err(|_| {
                Error::invalid("option value", format!("{d:?} exceeds i32 seconds"))
            })?,
        };
        write_int(s, id, secs)
    }
}
impl Encode<Duration> for SecsOrDefault {
    fn write(s: &Socket, id: c_int, v: Duration) -> Result<()> {
        <SecsOrDefault as Encode<Option<Duration>>>::write(s, id, Some(v))
    }
}

/// Binary options (subscriptions, routing ids, messages). An empty value is passed to
/// libzmq as a null pointer with length 0, which clears the options that can be cleared.
pub struct Bytes;
impl Decode for Bytes {
    type Out = Vec<u8>;
    fn read(s: &Socket, id: c_int) -> Result<Vec<u8>> {
        read_buf(s, id)
    }
}
impl Encode<&[u8]> for Bytes {
    fn write(s: &Socket, id: c_int, v: &[u8]) -> Result<()> {
        s.setsockopt_raw(id, v)
    }
}
impl Encode<&str> for Bytes {
    fn write(s: &Socket, id: c_int, v: &str) -> Result<()> {
        s.setsockopt_raw(id, v.as_bytes())
    }
}
impl Encode<&Vec<u8>> for Bytes {
    fn write(s: &Socket, id: c_int, v: &Vec<u8>) -> Result<()> {
        s.setsockopt_raw(id, v)
    }
}
impl Encode<Vec<u8>> for Bytes {
    fn write(s: &Socket, id: c_int, v: Vec<u8>) -> Result<()> {
        s.setsockopt_raw(id, &v)
    }
}
impl<const N: usize> Encode<&[u8; N]> for Bytes {
    fn write(s: &Socket, id: c_int, v: &[u8; N]) -> Result<()> {
        s.setsockopt_raw(id, v)
    }
}

/// Character-string options. Written without a terminating NUL; a string containing a NUL
/// byte is refused with [`Error::InvalidInput`]. The empty string is passed as a null pointer
/// with length 0 (which clears `ZMQ_SOCKS_PROXY`, resets `ZMQ_PLAIN_*` to the NULL
/// mechanism, and is refused by libzmq for `ZMQ_ZAP_DOMAIN`).
pub struct Str;
impl Decode for Str {
    type Out = String;
    fn read(s: &Socket, id: c_int) -> Result<String> {
        let mut text = read_buf(s, id)?;
        if let Some(nul) = text.iter().position(|b| *b == 0) {
            text.truncate(nul);
        }
        String::from_utf8(text).map_err(|e| Error::NotUtf8 {
            bytes: e.into_bytes(),
        })
    }
}
impl Encode<&str> for Str {
    fn write(s: &Socket, id: c_int, v: &str) -> Result<()> {
        if v.as_bytes().contains(&0) {
            return Err(Error::invalid("option value", "string contains a NUL byte"));
        }
        s.setsockopt_raw(id, v.as_bytes())
    }
}
impl Encode<&String> for Str {
    fn write(s: &Socket, id: c_int, v: &String) -> Result<()> {
        <Str as Encode<&str>>::write(s, id, v)
    }
}
impl Encode<String> for Str {
    fn write(s: &Socket, id: c_int, v: String) -> Result<()> {
        <Str as Encode<&str>>::write(s, id, &v)
    }
}

/// CURVE keys: read as a [`CurveKey`]; written from a [`CurveKey`], `&CurveKey`, 32 bytes
/// (`[u8; 32]`, `&[u8; 32]`) or 40 Z85 characters (`&str`; any other length or a character
/// outside the Z85 alphabet is refused with [`Error::InvalidInput`]).
pub struct Key;
impl Decode for Key {
    type Out = CurveKey;
    fn read(s: &Socket, id: c_int) -> Result<CurveKey> {
        let mut key = [0u8; 32];
        s.getsockopt_raw(id, &mut key)?;
        Ok(CurveKey(key))
    }
}
impl Encode<&[u8; 32]> for Key {
    fn write(s: &Socket, id: c_int, v: &[u8; 32]) -> Result<()> {
        s.setsockopt_raw(id, v)
    }
}
impl Encode<[u8; 32]> for Key {
    fn write(s: &Socket, id: c_int, v: [u8; 32]) -> Result<()> {
        s.setsockopt_raw(id, &v)
    }
}
impl Encode<&CurveKey> for Key {
    fn write(s: &Socket, id: c_int, v: &CurveKey) -> Result<()> {
        s.setsockopt_raw(id, &v.0)
    }
}
impl Encode<CurveKey> for Key {
    fn write(s: &Socket, id: c_int, v: CurveKey) -> Result<()> {
        s.setsockopt_raw(id, &v.0)
    }
}
impl Encode<&str> for Key {
    fn write(s: &Socket, id: c_int, v: &str) -> Result<()> {
        let key = CurveKey::from_z85(v)?;
        s.setsockopt_raw(id, &key.0)
    }
}

/// The socket type (`ZMQ_TYPE`).
pub struct Type;
impl Decode for Type {
    type Out = SocketType;
    fn read(s: &Socket, id: c_int) -> Result<SocketType> {
        let raw = read_int(s, id)?;
        SocketType::from_raw(raw).ok_or(Error::from_errno(libc::EINVAL))
    }
}

/// The security mechanism (`ZMQ_MECHANISM`).
pub struct Mechanism;
impl Decode for Mechanism {
    type Out = value::SecurityMechanism;
    fn read(s: &Socket, id: c_int) -> Result<value::SecurityMechanism> {
        let raw = read_int(s, id)?;
        value::SecurityMechanism::from_raw(raw).ok_or(Error::from_errno(libc::EINVAL))
    }
}

/// GSSAPI name types (`ZMQ_GSSAPI_*_NAMETYPE`).
pub struct GssapiNameType;
impl Decode for GssapiNameType {
    type Out = value::GssapiNameType;
    fn read(s: &Socket, id: c_int) -> Result<value::GssapiNameType> {
        let raw = read_int(s, id)?;
        value::GssapiNameType::from_raw(raw).ok_or(Error::from_errno(libc::EINVAL))
    }
}
impl Encode<value::GssapiNameType> for GssapiNameType {
    fn write(s: &Socket, id: c_int, v: value::GssapiNameType) -> Result<()> {
        write_int(s, id, v as c_int)
    }
}

/// The NORM sender mode (`ZMQ_NORM_MODE`, draft).
#[cfg(zmq_has_draft)]
pub struct NormMode;
#[cfg(zmq_has_draft)]
impl Decode for NormMode {
    type Out = value::NormSenderMode;
    fn read(s: &Socket, id: c_int) -> Result<value::NormSenderMode> {
        let raw = read_int(s, id)?;
        value::NormSenderMode::from_raw(raw).ok_or(Error::from_errno(libc::EINVAL))
    }
}
#[cfg(zmq_has_draft)]
impl Encode<value::NormSenderMode> for NormMode {
    fn write(s: &Socket, id: c_int, v: value::NormSenderMode) -> Result<()> {
        write_int(s, id, v as c_int)
    }
}

/// `ZMQ_ROUTER_NOTIFY` flags (draft).
#[cfg(zmq_has_draft)]
pub struct Notify;
#[cfg(zmq_has_draft)]
impl Decode for Notify {
    type Out = value::NotifyFlags;
    fn read(s: &Socket, id: c_int) -> Result<value::NotifyFlags> {
        Ok(value::NotifyFlags::from_bits_retain(read_int(s, id)?))
    }
}
#[cfg(zmq_has_draft)]
impl Encode<value::NotifyFlags> for Notify {
    fn write(s: &Socket, id: c_int, v: value::NotifyFlags) -> Result<()> {
        write_int(s, id, v.bits())
    }
}

/// `ZMQ_RECONNECT_STOP` flags (draft).
#[cfg(zmq_has_draft)]
pub struct ReconnectStop;
#[cfg(zmq_has_draft)]
impl Decode for ReconnectStop {
    type Out = value::ReconnectStopFlags;
    fn read(s: &Socket, id: c_int) -> Result<value::ReconnectStopFlags> {
        Ok(value::ReconnectStopFlags::from_bits_retain(read_int(
            s, id,
        )?))
    }
}
#[cfg(zmq_has_draft)]
impl Encode<value::ReconnectStopFlags> for ReconnectStop {
    fn write(s: &Socket, id: c_int, v: value::ReconnectStopFlags) -> Result<()> {
        write_int(s, id, v.bits())
    }
}

/// Poll events (`ZMQ_EVENTS`).
pub struct Events;
impl Decode for Events {
    type Out = PollEvents;
    fn read(s: &Socket, id: c_int) -> Result<PollEvents> {
        let bits = read_int(s, id)?;
        Ok(PollEvents::from_bits_retain(bits as i16))
    }
}

/// A file descriptor (`ZMQ_FD`).
pub struct Fd;
impl Decode for Fd {
    type Out = RawFd;
    fn read(s: &Socket, id: c_int) -> Result<RawFd> {
        read_int(s, id)
    }
}

/// A file descriptor or -1 for none (`ZMQ_USE_FD`).
pub struct OptionalFd;
impl Decode for OptionalFd {
    type Out = Option<RawFd>;
    fn read(s: &Socket, id: c_int) -> Result<Option<RawFd>> {
        let fd = read_int(s, id)?;
        Ok((fd >= 0).then_some(fd))
    }
}
impl Encode<Option<OwnedFd>> for OptionalFd {
    fn write(s: &Socket, _id: c_int, v: Option<OwnedFd>) -> Result<()> {
        s.set_use_fd(v)
    }
}
impl Encode<OwnedFd> for OptionalFd {
    fn write(s: &Socket, _id: c_int, v: OwnedFd) -> Result<()> {
        s.set_use_fd(Some(v))
    }
}

/// Process id filters (`ZMQ_IPC_FILTER_PID`): a `pid_t` adds a filter, `None` clears all.
pub struct PidFilter;
impl Encode<libc::pid_t> for PidFilter {
    fn write(s: &Socket, id: c_int, v: libc::pid_t) -> Result<()> {
        s.setsockopt_raw(id, &v.to_ne_bytes())
    }
}
impl Encode<Option<libc::pid_t>> for PidFilter {
    fn write(s: &Socket, id: c_int, v: Option<libc::pid_t>) -> Result<()> {
        match v {
            Some(pid) => s.setsockopt_raw(id, &pid.to_ne_bytes()),
            None => s.setsockopt_raw(id, &[]),
        }
    }
}

/// User or group id filters (`ZMQ_IPC_FILTER_UID`/`_GID`): an id adds a filter, `None`
/// clears all.
pub struct IdFilter;
impl Encode<u32> for IdFilter {
    fn write(s: &Socket, id: c_int, v: u32) -> Result<()> {
        s.setsockopt_raw(id, &v.to_ne_bytes())
    }
}
impl Encode<Option<u32>> for IdFilter {
    fn write(s: &Socket, id: c_int, v: Option<u32>) -> Result<()> {
        match v {
            Some(n) => s.setsockopt_raw(id, &n.to_ne_bytes()),
            None => s.setsockopt_raw(id, &[]),
        }
    }
}
