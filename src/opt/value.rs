//! The value types of options that are neither numbers, strings nor durations.

use super::*;

/// The security mechanism of a socket (`ZMQ_MECHANISM`), named as in libzmq.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
#[repr(i32)]
pub enum SecurityMechanism {
    /// `ZMQ_NULL`: no security (the default).
    #[default]
    Null = sys::ZMQ_NULL,
    /// `ZMQ_PLAIN`: clear-text user name and password.
    Plain = sys::ZMQ_PLAIN,
    /// `ZMQ_CURVE`: CurveZMQ authentication and encryption.
    Curve = sys::ZMQ_CURVE,
    /// `ZMQ_GSSAPI`: Kerberos (needs a libzmq built with GSSAPI).
    Gssapi = sys::ZMQ_GSSAPI,
}

impl SecurityMechanism {
    /// The mechanism for a `ZMQ_NULL`/`ZMQ_PLAIN`/`ZMQ_CURVE`/`ZMQ_GSSAPI` value.
    pub(crate) fn from_raw(raw: i32) -> Option<SecurityMechanism> {
        [
            SecurityMechanism::Null,
            SecurityMechanism::Plain,
            SecurityMechanism::Curve,
            SecurityMechanism::Gssapi,
        ]
        .into_iter()
        .find(|m| *m as i32 == raw)
    }
}

/// How a GSSAPI principal name is interpreted (`ZMQ_GSSAPI_NT_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(i32)]
pub enum GssapiNameType {
    /// `ZMQ_GSSAPI_NT_HOSTBASED`: a host-based name (the default).
    #[default]
    HostBased = sys::ZMQ_GSSAPI_NT_HOSTBASED,
    /// `ZMQ_GSSAPI_NT_USER_NAME`: a local user name.
    UserName = sys::ZMQ_GSSAPI_NT_USER_NAME,
    /// `ZMQ_GSSAPI_NT_KRB5_PRINCIPAL`: an unparsed Kerberos principal name.
    Krb5Principal = sys::ZMQ_GSSAPI_NT_KRB5_PRINCIPAL,
}

impl GssapiNameType {
    /// The name type for a `ZMQ_GSSAPI_NT_*` value.
    pub(crate) fn from_raw(raw: i32) -> Option<GssapiNameType> {
        [
            GssapiNameType::HostBased,
            GssapiNameType::UserName,
            GssapiNameType::Krb5Principal,
        ]
        .into_iter()
        .find(|t| *t as i32 == raw)
    }
}

/// The NORM sender mode (`ZMQ_NORM_MODE`, draft).
#[cfg(zmq_has_draft)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(i32)]
pub enum NormSenderMode {
    /// `ZMQ_NORM_FIXED`: fixed rate ([`super::Rate`]).
    Fixed = sys::ZMQ_NORM_FIXED,
    /// `ZMQ_NORM_CC`: TCP-friendly congestion control (the default).
    #[default]
    Cc = sys::ZMQ_NORM_CC,
    /// `ZMQ_NORM_CCL`: loss-tolerant congestion control.
    Ccl = sys::ZMQ_NORM_CCL,
    /// `ZMQ_NORM_CCE`: ECN-enabled congestion control.
    Cce = sys::ZMQ_NORM_CCE,
    /// `ZMQ_NORM_CCE_ECNONLY`: ECN-only congestion control.
    CceEcnOnly = sys::ZMQ_NORM_CCE_ECNONLY,
}

#[cfg(zmq_has_draft)]
impl NormSenderMode {
    /// The mode for a `ZMQ_NORM_*` value.
    pub(crate) fn from_raw(raw: i32) -> Option<NormSenderMode> {
        [
            NormSenderMode::Fixed,
            NormSenderMode::Cc,
            NormSenderMode::Ccl,
            NormSenderMode::Cce,
            NormSenderMode::CceEcnOnly,
        ]
        .into_iter()
        .find(|m| *m as i32 == raw)
    }
}

/// `TryFrom<i32>` (the number libzmq uses) and `From<Self> for i32` for a value enum.
macro_rules! int_conversions {
    ($(#[$attr:meta])* $name:ident, $what:literal) => {
        $(#[$attr])*
        impl TryFrom<i32> for $name {
            type Error = Error;

            /// The value for the number libzmq uses; [`Error::InvalidInput`] for any other number.
            fn try_from(raw: i32) -> Result<$name> {
                $name::from_raw(raw).ok_or_else(|| {
                    Error::invalid($what, format!("{raw} is not a {} of this build", $what))
                })
            }
        }

        $(#[$attr])*
        impl From<$name> for i32 {
            /// The number libzmq uses.
            fn from(v: $name) -> i32 {
                v as i32
            }
        }
    };
}

int_conversions!(SecurityMechanism, "ZMQ_MECHANISM value");
int_conversions!(GssapiNameType, "ZMQ_GSSAPI_*_NAMETYPE value");
int_conversions!(
    #[cfg(zmq_has_draft)]
    NormSenderMode,
    "ZMQ_NORM_MODE value"
);

/// Declares a set of `int` flags (a [`bitflags`] set like [`crate::Flags`]).
macro_rules! flags {
    (
        $(#[$attr:ident $($args:tt)*])*
        $name:ident { $( $(#[$fattr:ident $($fargs:tt)*])* $flag:ident = $c:ident; )* }
    ) => {
        #[cfg(zmq_has_draft)]
        bitflags::bitflags! {
            $(#[$attr $($args)*])*
            #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            pub struct $name: c_int {
                $( $(#[$fattr $($fargs)*])* const $flag = sys::$c; )*
            }
        }

        #[cfg(zmq_has_draft)]
        impl $name {
            /// No flag.
            pub const EMPTY: $name = $name::empty();
        }
    };
}

flags! {
    /// Which peer events a ROUTER reports as empty messages (`ZMQ_ROUTER_NOTIFY`, draft).
    NotifyFlags {
        /// `ZMQ_NOTIFY_CONNECT`: a peer connected.
        #[doc(alias = "ZMQ_NOTIFY_CONNECT")]
        CONNECT = ZMQ_NOTIFY_CONNECT;
        /// `ZMQ_NOTIFY_DISCONNECT`: a peer disconnected.
        #[doc(alias = "ZMQ_NOTIFY_DISCONNECT")]
        DISCONNECT = ZMQ_NOTIFY_DISCONNECT;
    }
}

flags! {
    /// When automatic reconnection stops (`ZMQ_RECONNECT_STOP`, draft).
    ReconnectStopFlags {
        /// `ZMQ_RECONNECT_STOP_CONN_REFUSED`: the peer refused the connection.
        #[doc(alias = "ZMQ_RECONNECT_STOP_CONN_REFUSED")]
        CONN_REFUSED = ZMQ_RECONNECT_STOP_CONN_REFUSED;
        /// `ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED`: the ZMTP handshake failed.
        #[doc(alias = "ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED")]
        HANDSHAKE_FAILED = ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED;
        /// `ZMQ_RECONNECT_STOP_AFTER_DISCONNECT`: after `zmq_disconnect`.
        #[doc(alias = "ZMQ_RECONNECT_STOP_AFTER_DISCONNECT")]
        AFTER_DISCONNECT = ZMQ_RECONNECT_STOP_AFTER_DISCONNECT;
    }
}
