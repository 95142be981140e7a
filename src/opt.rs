//! Typed socket options (`zmq_setsockopt` / `zmq_getsockopt`): one zero-sized type per option of
//! libzmq 4.3.5, each carrying its value type and direction.
//!
//! ```
//! use std::time::Duration;
//! use zmq::{opt, Context, SocketType};
//! let ctx = Context::new()?;
//! let sock = ctx.socket(SocketType::Dealer)?;
//! sock.set(opt::SndHwm, 1000)?;
//! sock.set(opt::Linger, Some(Duration::from_millis(50)))?;
//! assert_eq!(sock.get(opt::SndHwm)?, 1000);
//! assert!(!sock.get(opt::RcvMore)?);
//! # Ok::<(), zmq::Error>(())
//! ```
//!
//! Write-only options have no `get`, read-only ones no `set`; both are compile errors:
//!
//! ```compile_fail
//! # let ctx = zmq::Context::new().unwrap();
//! # let sock = ctx.socket(zmq::SocketType::Sub).unwrap();
//! sock.get(zmq::opt::Subscribe); // ZMQ_SUBSCRIBE is write-only
//! ```
//!
//! ```compile_fail
//! # let ctx = zmq::Context::new().unwrap();
//! # let sock = ctx.socket(zmq::SocketType::Sub).unwrap();
//! sock.set(zmq::opt::RcvMore, true); // ZMQ_RCVMORE is read-only
//! ```
//!
//! Options newer than this table: [`Socket::getsockopt_raw`] / [`Socket::setsockopt_raw`].

use std::os::raw::c_int;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::socket::{Socket, SocketType};
use crate::sys;

/// A socket option: its libzmq id and name.
pub trait SocketOption: Copy {
    /// The `ZMQ_*` constant.
    const ID: c_int;
    /// The C name (`"ZMQ_SNDHWM"`).
    const NAME: &'static str;
}

/// A readable option (`zmq_getsockopt`).
pub trait Get: SocketOption {
    /// The value type.
    type Value;
    /// Reads the option from `socket`.
    fn get_from(self, socket: &Socket) -> Result<Self::Value>;
}

/// A writable option (`zmq_setsockopt`) taking values of type `V`.
pub trait Set<V>: SocketOption {
    /// Writes the option on `socket`.
    fn set_on(self, socket: &Socket, value: V) -> Result<()>;
}

/// How each kind of option value travels through `zmq_setsockopt`/`zmq_getsockopt`.
pub mod codec {
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

    pub(crate) fn read_int(socket: &Socket, id: c_int) -> Result<c_int> {
        let mut buf = [0u8; 4];
        socket.getsockopt_raw(id, &mut buf)?;
        Ok(c_int::from_ne_bytes(buf))
    }

    pub(crate) fn write_int(socket: &Socket, id: c_int, v: c_int) -> Result<()> {
        socket.setsockopt_raw(id, &v.to_ne_bytes())
    }

    fn millis(d: Duration, what: &'static str) -> Result<c_int> {
        c_int::try_from(d.as_millis())
            .map_err(|_| Error::invalid("option value", format!("{what}: {d:?} exceeds i32 milliseconds")))
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

    /// Millisecond `int` options where -1 means "forever" (`None`).
    pub struct MillisOrForever;
    impl Decode for MillisOrForever {
        type Out = Option<Duration>;
        fn read(s: &Socket, id: c_int) -> Result<Option<Duration>> {
            let ms = read_int(s, id)?;
            Ok((ms >= 0).then(|| Duration::from_millis(ms as u64)))
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

    /// Millisecond `int` options where 0 means "off" (`None`).
    pub struct MillisOrOff;
    impl Decode for MillisOrOff {
        type Out = Option<Duration>;
        fn read(s: &Socket, id: c_int) -> Result<Option<Duration>> {
            let ms = read_int(s, id)?;
            Ok((ms > 0).then(|| Duration::from_millis(ms as u64)))
        }
    }
    impl Encode<Option<Duration>> for MillisOrOff {
        fn write(s: &Socket, id: c_int, v: Option<Duration>) -> Result<()> {
            let ms = match v {
                None => 0,
                Some(d) if d.is_zero() => {
                    return Err(Error::invalid("option value", "zero duration: use None to switch off"))
                }
                Some(d) => millis(d, "duration")?,
            };
            write_int(s, id, ms)
        }
    }

    /// Millisecond `int` options that are always a duration.
    pub struct Millis;
    impl Decode for Millis {
        type Out = Duration;
        fn read(s: &Socket, id: c_int) -> Result<Duration> {
            Ok(Duration::from_millis(read_int(s, id)?.max(0) as u64))
        }
    }
    impl Encode<Duration> for Millis {
        fn write(s: &Socket, id: c_int, v: Duration) -> Result<()> {
            write_int(s, id, millis(v, "duration")?)
        }
    }

    /// Binary options (subscriptions, routing ids).
    pub struct Bytes;
    impl Decode for Bytes {
        type Out = Vec<u8>;
        fn read(s: &Socket, id: c_int) -> Result<Vec<u8>> {
            let mut buf = [0u8; 256];
            let n = s.getsockopt_raw(id, &mut buf)?;
            Ok(buf[..n].to_vec())
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
    impl<const N: usize> Encode<&[u8; N]> for Bytes {
        fn write(s: &Socket, id: c_int, v: &[u8; N]) -> Result<()> {
            s.setsockopt_raw(id, v)
        }
    }

    /// NUL-terminated string options.
    pub struct Str;
    impl Decode for Str {
        type Out = String;
        fn read(s: &Socket, id: c_int) -> Result<String> {
            let mut buf = [0u8; 1024];
            let n = s.getsockopt_raw(id, &mut buf)?;
            let text = &buf[..n];
            let text = text.split(|b| *b == 0).next().unwrap_or(&[]);
            String::from_utf8(text.to_vec()).map_err(|e| Error::NotUtf8 {
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

    /// The socket type (`ZMQ_TYPE`).
    pub struct Type;
    impl Decode for Type {
        type Out = SocketType;
        fn read(s: &Socket, id: c_int) -> Result<SocketType> {
            let raw = read_int(s, id)?;
            SocketType::from_raw(raw).ok_or(Error::Errno(libc::EINVAL))
        }
    }
}

/// Declares options: `Name = ZMQ_ID: Codec, get set;`.
macro_rules! options {
    ($( $(#[$doc:meta])* $name:ident = $id:ident : $codec:ident, $($dir:ident)+; )*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name;
        impl SocketOption for $name {
            const ID: c_int = sys::$id as c_int;
            const NAME: &'static str = stringify!($id);
        }
        $( options!(@$dir $name $codec); )+
    )*};
    (@get $name:ident $codec:ident) => {
        impl Get for $name {
            type Value = <codec::$codec as codec::Decode>::Out;
            #[inline]
            fn get_from(self, socket: &Socket) -> Result<Self::Value> {
                <codec::$codec as codec::Decode>::read(socket, Self::ID)
            }
        }
    };
    (@set $name:ident $codec:ident) => {
        impl<V> Set<V> for $name where codec::$codec: codec::Encode<V> {
            #[inline]
            fn set_on(self, socket: &Socket, value: V) -> Result<()> {
                <codec::$codec as codec::Encode<V>>::write(socket, Self::ID, value)
            }
        }
    };
}

options! {
    /// `ZMQ_TYPE`: the socket's type (read-only).
    Type = ZMQ_TYPE: Type, get;
    /// `ZMQ_RCVMORE`: more frames of the current multipart message follow (read-only).
    RcvMore = ZMQ_RCVMORE: Bool, get;
    /// `ZMQ_LAST_ENDPOINT`: the endpoint last bound or connected, wildcards resolved (read-only).
    LastEndpoint = ZMQ_LAST_ENDPOINT: Str, get;
    /// `ZMQ_SUBSCRIBE`: add a message filter on SUB (prefix match; empty: everything). Write-only.
    Subscribe = ZMQ_SUBSCRIBE: Bytes, set;
    /// `ZMQ_UNSUBSCRIBE`: remove a message filter on SUB. Write-only.
    Unsubscribe = ZMQ_UNSUBSCRIBE: Bytes, set;
    /// `ZMQ_LINGER`: how long pending messages are kept after close (`None`: forever).
    Linger = ZMQ_LINGER: MillisOrForever, get set;
    /// `ZMQ_RCVTIMEO`: receive timeout (`None`: block forever).
    RcvTimeo = ZMQ_RCVTIMEO: MillisOrForever, get set;
    /// `ZMQ_SNDTIMEO`: send timeout (`None`: block forever).
    SndTimeo = ZMQ_SNDTIMEO: MillisOrForever, get set;
    /// `ZMQ_SNDHWM`: high water mark for outbound messages (0: no limit; default 1000).
    SndHwm = ZMQ_SNDHWM: Int, get set;
    /// `ZMQ_RCVHWM`: high water mark for inbound messages (0: no limit; default 1000).
    RcvHwm = ZMQ_RCVHWM: Int, get set;
}
