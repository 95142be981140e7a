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
    pub fn from_raw(raw: i32) -> Option<SecurityMechanism> {
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
    pub fn from_raw(raw: i32) -> Option<GssapiNameType> {
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
    pub fn from_raw(raw: i32) -> Option<NormSenderMode> {
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

/// Declares a set of `int` flags combined with `|`.
macro_rules! flags {
    ($(#[$doc:meta])* $name:ident { $( $(#[$fdoc:meta])* $flag:ident = $c:ident; )* }) => {
        $(#[$doc])*
        #[cfg(zmq_has_draft)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name(c_int);

        #[cfg(zmq_has_draft)]
        impl $name {
            /// No flag.
            pub const NONE: $name = $name(0);
            $( $(#[$fdoc])* pub const $flag: $name = $name(sys::$c); )*

            /// The `int` libzmq uses.
            pub fn bits(self) -> i32 {
                self.0
            }

            /// From the `int` libzmq uses.
            pub fn from_bits(bits: i32) -> $name {
                $name(bits)
            }

            /// Whether every flag of `other` is set.
            pub fn contains(self, other: $name) -> bool {
                self.0 & other.0 == other.0
            }

            /// Whether no flag is set.
            pub fn is_empty(self) -> bool {
                self.0 == 0
            }
        }

        #[cfg(zmq_has_draft)]
        impl std::ops::BitOr for $name {
            type Output = $name;
            fn bitor(self, rhs: $name) -> $name {
                $name(self.0 | rhs.0)
            }
        }
    };
}

flags! {
    /// Which peer events a ROUTER reports as empty messages (`ZMQ_ROUTER_NOTIFY`, draft).
    NotifyFlags {
        /// `ZMQ_NOTIFY_CONNECT`: a peer connected.
        CONNECT = ZMQ_NOTIFY_CONNECT;
        /// `ZMQ_NOTIFY_DISCONNECT`: a peer disconnected.
        DISCONNECT = ZMQ_NOTIFY_DISCONNECT;
    }
}

flags! {
    /// When automatic reconnection stops (`ZMQ_RECONNECT_STOP`, draft).
    ReconnectStopFlags {
        /// `ZMQ_RECONNECT_STOP_CONN_REFUSED`: the peer refused the connection.
        CONN_REFUSED = ZMQ_RECONNECT_STOP_CONN_REFUSED;
        /// `ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED`: the ZMTP handshake failed.
        HANDSHAKE_FAILED = ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED;
        /// `ZMQ_RECONNECT_STOP_AFTER_DISCONNECT`: after `zmq_disconnect`.
        AFTER_DISCONNECT = ZMQ_RECONNECT_STOP_AFTER_DISCONNECT;
    }
}
