//! Utilities: version, capabilities, Z85, CURVE key pairs.

use std::ffi::CString;
use std::fmt;
use std::os::raw::c_char;

use crate::error::{check, Error, Result};
use crate::sys;

/// The version of the linked libzmq (`zmq_version`): `(major, minor, patch)`.
pub fn version() -> (i32, i32, i32) {
    let (mut major, mut minor, mut patch) = (0, 0, 0);
    // SAFETY: writes three ints.
    unsafe { sys::zmq_version(&mut major, &mut minor, &mut patch) };
    (major, minor, patch)
}

/// Whether the linked libzmq supports a capability (`zmq_has`): `"ipc"`, `"pgm"`, `"tipc"`,
/// `"norm"`, `"curve"`, `"gssapi"`, `"draft"`.
pub fn has(capability: &str) -> bool {
    let Ok(c) = CString::new(capability) else {
        return false;
    };
    // SAFETY: NUL-terminated string.
    unsafe { sys::zmq_has(c.as_ptr()) == 1 }
}

/// Encodes binary data as Z85 (`zmq_z85_encode`). The length must be a multiple of 4.
pub fn z85_encode(data: &[u8]) -> Result<String> {
    if !data.len().is_multiple_of(4) {
        return Err(Error::invalid(
            "Z85 input",
            format!("length {} is not a multiple of 4", data.len()),
        ));
    }
    let mut out = vec![0u8; data.len() / 4 * 5 + 1];
    // SAFETY: out holds len*5/4 + 1 bytes as zmq_z85_encode requires; data is readable.
    let ptr =
        unsafe { sys::zmq_z85_encode(out.as_mut_ptr() as *mut c_char, data.as_ptr(), data.len()) };
    if ptr.is_null() {
        return Err(Error::last());
    }
    out.pop();
    // Z85 output is ASCII.
    String::from_utf8(out).map_err(|e| Error::NotUtf8 {
        bytes: e.into_bytes(),
    })
}

/// Decodes Z85 text (`zmq_z85_decode`). The length must be a multiple of 5, every character
/// must be in the Z85 alphabet, and every group of 5 must stay within 32 bits (at most
/// `%nSc0`, 0xffffffff). The empty string decodes to no bytes, as [`z85_encode`] encodes no
/// bytes to it (libzmq itself refuses an empty string).
pub fn z85_decode(text: &str) -> Result<Vec<u8>> {
    if !text.len().is_multiple_of(5) {
        return Err(Error::invalid(
            "Z85 text",
            format!("length {} is not a multiple of 5", text.len()),
        ));
    }
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let c = CString::new(text).map_err(|_| Error::invalid("Z85 text", "contains a NUL byte"))?;
    let mut out = vec![0u8; text.len() / 5 * 4];
    // SAFETY: out holds len*4/5 bytes; c is NUL-terminated.
    let ptr = unsafe { sys::zmq_z85_decode(out.as_mut_ptr(), c.as_ptr()) };
    if ptr.is_null() {
        return Err(Error::invalid(
            "Z85 text",
            "a character outside the Z85 alphabet, or a group of 5 above 0xffffffff",
        ));
    }
    Ok(out)
}

/// A 32-byte CURVE key (public or secret), printable as Z85.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CurveKey(pub [u8; 32]);

impl CurveKey {
    /// From 40 Z85 characters.
    pub fn from_z85(text: &str) -> Result<CurveKey> {
        if text.len() != 40 {
            return Err(Error::invalid(
                "CURVE key",
                format!("Z85 key must be 40 characters, not {}", text.len()),
            ));
        }
        let bytes = z85_decode(text)?;
        let mut key = [0u8; 32];
        key.copy_from_slice(&bytes);
        Ok(CurveKey(key))
    }

    /// As 40 Z85 characters.
    pub fn to_z85(&self) -> String {
        let mut out = [0u8; 41];
        // SAFETY: out holds 41 bytes (32 * 5 / 4 + 1).
        unsafe { sys::zmq_z85_encode(out.as_mut_ptr() as *mut c_char, self.0.as_ptr(), 32) };
        out[..40].iter().map(|b| *b as char).collect()
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for CurveKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CurveKey({})", self.to_z85())
    }
}

impl fmt::Display for CurveKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_z85())
    }
}

impl std::str::FromStr for CurveKey {
    type Err = Error;
    fn from_str(s: &str) -> Result<CurveKey> {
        CurveKey::from_z85(s)
    }
}

/// A CURVE key pair (`zmq_curve_keypair`).
#[derive(Clone, PartialEq, Eq)]
pub struct CurveKeyPair {
    /// The public key, given to peers.
    pub public: CurveKey,
    /// The secret key, kept private.
    pub secret: CurveKey,
}

impl fmt::Debug for CurveKeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CurveKeyPair")
            .field("public", &self.public)
            .field("secret", &"<hidden>")
            .finish()
    }
}

impl CurveKeyPair {
    /// Generates a new key pair (`zmq_curve_keypair`); fails with `ENOTSUP` without CURVE.
    pub fn generate() -> Result<CurveKeyPair> {
        let mut public = [0u8; 41];
        let mut secret = [0u8; 41];
        // SAFETY: both buffers hold 41 bytes as zmq_curve_keypair requires.
        check(unsafe {
            sys::zmq_curve_keypair(
                public.as_mut_ptr() as *mut c_char,
                secret.as_mut_ptr() as *mut c_char,
            )
        })?;
        let text = |b: &[u8; 41]| b[..40].iter().map(|c| *c as char).collect::<String>();
        Ok(CurveKeyPair {
            public: CurveKey::from_z85(&text(&public))?,
            secret: CurveKey::from_z85(&text(&secret))?,
        })
    }

    /// The key pair of a secret key (`zmq_curve_public`).
    pub fn from_secret(secret: CurveKey) -> Result<CurveKeyPair> {
        Ok(CurveKeyPair {
            public: curve_public(&secret)?,
            secret,
        })
    }
}

/// Derives the public key of a secret key (`zmq_curve_public`).
pub fn curve_public(secret: &CurveKey) -> Result<CurveKey> {
    let secret_z85 = CString::new(secret.to_z85())
        .map_err(|_| Error::invalid("CURVE key", "Z85 with a NUL byte"))?;
    let mut public = [0u8; 41];
    // SAFETY: public holds 41 bytes; secret_z85 is 40 chars + NUL.
    check(unsafe {
        sys::zmq_curve_public(public.as_mut_ptr() as *mut c_char, secret_z85.as_ptr())
    })?;
    let text: String = public[..40].iter().map(|c| *c as char).collect();
    CurveKey::from_z85(&text)
}
