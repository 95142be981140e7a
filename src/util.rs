//! Utilities: version, capabilities, Z85, CURVE key pairs.

use std::ffi::CString;
use std::fmt;
use std::os::raw::c_char;

use crate::error::{check, Error, Result};
use crate::sys;

/// The version of the linked libzmq (`zmq_version`): `(major, minor, patch)`.
#[doc(alias = "zmq_version")]
pub fn version() -> (i32, i32, i32) {
    let (mut major, mut minor, mut patch) = (0, 0, 0);
    // SAFETY: writes three ints.
    unsafe { sys::zmq_version(&mut major, &mut minor, &mut patch) };
    (major, minor, patch)
}

/// Whether the linked libzmq supports a capability (`zmq_has`): `"ipc"`, `"pgm"`, `"tipc"`,
/// `"norm"`, `"curve"`, `"gssapi"`, `"draft"`.
#[doc(alias = "zmq_has")]
pub fn has(capability: &str) -> bool {
    let Ok(c) = CString::new(capability) else {
        return false;
    };
    // SAFETY: NUL-terminated string.
    unsafe { sys::zmq_has(c.as_ptr()) == 1 }
}

/// Encodes binary data as Z85 (`zmq_z85_encode`). The length must be a multiple of 4.
#[doc(alias = "zmq_z85_encode")]
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

/// The Z85 alphabet (ZeroMQ RFC 32), in digit order.
const Z85_ALPHABET: &[u8; 85] =
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/// Decodes Z85 text (the same result as `zmq_z85_decode`). The length must be a multiple of 5,
/// every character must be in the Z85 alphabet, and every group of 5 must stay within 32 bits
/// (at most `%nSc0`, 0xffffffff). The empty string decodes to no bytes, as [`z85_encode`]
/// encodes no bytes to it (libzmq itself refuses an empty string).
///
/// Decoded here, not by libzmq: libzmq before 4.3.2 indexes its decoder table with any byte
/// (an out-of-bounds read for characters outside the alphabet), and system mode may link such
/// a version.
#[doc(alias = "zmq_z85_decode")]
pub fn z85_decode(text: &str) -> Result<Vec<u8>> {
    if !text.len().is_multiple_of(5) {
        return Err(Error::invalid(
            "Z85 text",
            format!("length {} is not a multiple of 5", text.len()),
        ));
    }
    let mut out = Vec::with_capacity(text.len() / 5 * 4);
    for (g, group) in text.as_bytes().chunks_exact(5).enumerate() {
        let mut value: u64 = 0;
        for (i, &c) in group.iter().enumerate() {
            let Some(digit) = Z85_ALPHABET.iter().position(|&a| a == c) else {
                return Err(Error::invalid(
                    "Z85 text",
                    format!(
                        "byte {:#04x} at {} is not in the Z85 alphabet",
                        c,
                        g * 5 + i
                    ),
                ));
            };
            value = value * 85 + digit as u64;
        }
        let Ok(word) = u32::try_from(value) else {
            return Err(Error::invalid(
                "Z85 text",
                format!("group {g} ({value:#x}) is above 0xffffffff"),
            ));
        };
        out.extend_from_slice(&word.to_be_bytes());
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
    /// Never prints the key: a `CurveKey` may be a secret one. [`Display`](fmt::Display) (or
    /// [`CurveKey::to_z85`]) prints it on purpose.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CurveKey(<32 bytes, not shown>)")
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

/// A CURVE key pair (`zmq_curve_keypair`). The secret key is zeroed when the pair is dropped
/// (copies taken out of it are the caller's to protect); `Debug` hides it.
///
/// ```
/// use std::time::Duration;
/// use zmq::{opt, Context, CurveKeyPair, SocketType};
///
/// # if !zmq::has("curve") { return Ok(()); } // built without CURVE
/// let server_keys = CurveKeyPair::generate()?;
/// let client_keys = CurveKeyPair::generate()?;
/// assert_eq!(CurveKeyPair::from_secret(server_keys.secret.clone())?, server_keys);
///
/// let ctx = Context::new()?;
/// let server = ctx.socket(SocketType::Rep)?;
/// server.set(opt::CurveServer, true)?;
/// server.set(opt::CurveSecretKey, &server_keys.secret)?;
/// server.set_rcvtimeo(Some(Duration::from_secs(5)))?;
/// server.bind("tcp://127.0.0.1:*")?;
/// let client = ctx.socket(SocketType::Req)?;
/// client.set(opt::CurveServerKey, &server_keys.public)?;
/// client.set(opt::CurvePublicKey, &client_keys.public)?;
/// client.set(opt::CurveSecretKey, &client_keys.secret)?;
/// client.set_rcvtimeo(Some(Duration::from_secs(5)))?;
/// client.connect(&server.last_endpoint()?)?;
///
/// client.send("hello")?;
/// assert_eq!(server.recv_string()?, "hello");
/// # Ok::<(), zmq::Error>(())
/// ```
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

impl Drop for CurveKeyPair {
    fn drop(&mut self) {
        zero(&mut self.secret.0);
    }
}

/// Overwrites secret bytes with zeros in a way the optimiser keeps.
fn zero(bytes: &mut [u8]) {
    for b in bytes.iter_mut() {
        // SAFETY: b is a valid, aligned, exclusive reference.
        unsafe { std::ptr::write_volatile(b, 0) };
    }
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
}

impl CurveKeyPair {
    /// Generates a new key pair (`zmq_curve_keypair`); fails with `ENOTSUP` without CURVE.
    #[doc(alias = "zmq_curve_keypair")]
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
        let key = |b: &[u8; 41]| -> Result<CurveKey> {
            let text = std::str::from_utf8(&b[..40])
                .map_err(|_| Error::invalid("CURVE key", "zmq_curve_keypair wrote non-ASCII"))?;
            CurveKey::from_z85(text)
        };
        let pair = (key(&public), key(&secret));
        zero(&mut secret);
        Ok(CurveKeyPair {
            public: pair.0?,
            secret: pair.1?,
        })
    }

    /// The key pair of a secret key (`zmq_curve_public`).
    #[doc(alias = "zmq_curve_public")]
    pub fn from_secret(secret: CurveKey) -> Result<CurveKeyPair> {
        Ok(CurveKeyPair {
            public: curve_public(&secret)?,
            secret,
        })
    }
}

/// Derives the public key of a secret key (`zmq_curve_public`).
#[doc(alias = "zmq_curve_public")]
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
