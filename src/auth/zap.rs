//! The ZAP wire format (RFC 27): requests as libzmq sends them, replies as the handler answers.

use std::fmt;

use super::keys::curve_key_of;
use super::ZAP_VERSION;
use crate::error::{Error, Result};

// ---------------------------------------------------------------------------------------------
// The wire format

/// One ZAP request (RFC 27), as libzmq's `zap_client_t` sends it: the frames after the routing
/// id and the empty delimiter.
///
/// Text frames (domain, address, mechanism) are decoded lossily as UTF-8; libzmq only ever puts
/// ASCII there.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ZapRequest {
    /// The request id, echoed in the reply (libzmq always sends `"1"`).
    pub request_id: Vec<u8>,
    /// The server socket's `ZMQ_ZAP_DOMAIN` (may be empty).
    pub domain: String,
    /// The peer's IP address as libzmq prints it (`"127.0.0.1"`, `"::1"`); empty for `ipc`.
    pub address: String,
    /// The server socket's own `ZMQ_ROUTING_ID` (RFC 27's "identity" frame; usually empty).
    pub routing_id: Vec<u8>,
    /// The security mechanism: `"NULL"`, `"PLAIN"`, `"CURVE"` or `"GSSAPI"`.
    pub mechanism: String,
    /// The mechanism's credentials: none for NULL, user name and password for PLAIN, the
    /// client's 32-byte long-term public key for CURVE, the principal for GSSAPI.
    pub credentials: Vec<Vec<u8>>,
}

impl fmt::Debug for ZapRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print a PLAIN password.
        let credentials: Vec<String> = self
            .credentials
            .iter()
            .enumerate()
            .map(|(i, c)| match self.mechanism.as_str() {
                "PLAIN" if i == 1 => "<password>".to_owned(),
                "PLAIN" => String::from_utf8_lossy(c).into_owned(),
                "CURVE" => curve_key_of(c).map_or_else(|| format!("{c:02x?}"), |k| k.to_z85()),
                _ => format!("{} bytes", c.len()),
            })
            .collect();
        f.debug_struct("ZapRequest")
            .field("request_id", &String::from_utf8_lossy(&self.request_id))
            .field("domain", &self.domain)
            .field("address", &self.address)
            .field("routing_id", &self.routing_id)
            .field("mechanism", &self.mechanism)
            .field("credentials", &credentials)
            .finish()
    }
}

impl ZapRequest {
    /// Parses the frames of a ZAP request, starting at the version frame (RFC 27: version,
    /// request id, domain, address, identity, mechanism, credentials...).
    ///
    /// [`Error::InvalidInput`] if there are fewer than six frames or the version is not
    /// [`ZAP_VERSION`].
    pub fn parse(frames: &[&[u8]]) -> Result<ZapRequest> {
        if frames.len() < 6 {
            return Err(Error::invalid(
                "ZAP request",
                format!("{} frames, at least 6 expected", frames.len()),
            ));
        }
        if frames[0] != ZAP_VERSION.as_bytes() {
            return Err(Error::invalid(
                "ZAP request",
                format!(
                    "version {:?}, expected {ZAP_VERSION:?}",
                    String::from_utf8_lossy(frames[0])
                ),
            ));
        }
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        Ok(ZapRequest {
            request_id: frames[1].to_vec(),
            domain: text(frames[2]),
            address: text(frames[3]),
            routing_id: frames[4].to_vec(),
            mechanism: text(frames[5]),
            credentials: frames[6..].iter().map(|c| c.to_vec()).collect(),
        })
    }
}

/// A ZAP status code (RFC 27): the third frame of a reply. libzmq reports anything but
/// [`ZapStatus::Success`] as `ZMQ_EVENT_HANDSHAKE_FAILED_AUTH` with this code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ZapStatus {
    /// `200`: the peer is accepted.
    Success,
    /// `300`: temporary failure; libzmq closes the connection without an `ERROR` command.
    TemporaryError,
    /// `400`: authentication failure; the peer gets an `ERROR` command.
    AuthenticationFailure,
    /// `500`: internal error of the handler (e.g. a malformed request).
    InternalError,
}

impl ZapStatus {
    /// The numeric code (200, 300, 400, 500).
    pub fn code(self) -> u32 {
        match self {
            ZapStatus::Success => 200,
            ZapStatus::TemporaryError => 300,
            ZapStatus::AuthenticationFailure => 400,
            ZapStatus::InternalError => 500,
        }
    }

    /// The code as the three ASCII digits sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ZapStatus::Success => "200",
            ZapStatus::TemporaryError => "300",
            ZapStatus::AuthenticationFailure => "400",
            ZapStatus::InternalError => "500",
        }
    }
}

impl fmt::Display for ZapStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One ZAP reply (RFC 27): version, request id, status code, status text, user id, metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ZapReply {
    /// The request id of the request this answers.
    pub request_id: Vec<u8>,
    /// Accepted or why not.
    pub status: ZapStatus,
    /// A human-readable reason (libzmq does not use it; it is logged).
    pub status_text: String,
    /// The user id libzmq attaches to the peer's messages as `User-Id` (accepted peers only).
    pub user_id: String,
    /// ZMTP-encoded metadata properties for the peer's messages (empty: none).
    pub metadata: Vec<u8>,
}

impl ZapReply {
    /// An accepting reply (`200`) with a user id.
    pub fn success(request: &ZapRequest, user_id: impl Into<String>) -> ZapReply {
        ZapReply {
            request_id: request.request_id.clone(),
            status: ZapStatus::Success,
            status_text: "OK".to_owned(),
            user_id: user_id.into(),
            metadata: Vec::new(),
        }
    }

    /// A refusing reply with a status and reason (no user id).
    pub fn failure(request_id: &[u8], status: ZapStatus, reason: impl Into<String>) -> ZapReply {
        ZapReply {
            request_id: request_id.to_vec(),
            status,
            status_text: reason.into(),
            user_id: String::new(),
            metadata: Vec::new(),
        }
    }

    /// Whether the peer is accepted (status 200).
    pub fn is_success(&self) -> bool {
        self.status == ZapStatus::Success
    }

    /// The six frames of the reply, starting with the version (the routing envelope is added by
    /// the handler socket).
    pub fn to_frames(&self) -> [Vec<u8>; 6] {
        [
            ZAP_VERSION.as_bytes().to_vec(),
            self.request_id.clone(),
            self.status.as_str().as_bytes().to_vec(),
            self.status_text.as_bytes().to_vec(),
            self.user_id.as_bytes().to_vec(),
            self.metadata.clone(),
        ]
    }
}
