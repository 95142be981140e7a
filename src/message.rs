//! `Message`: an owned `zmq_msg_t`, always initialised.

use std::ffi::CString;
use std::fmt;
use std::ops::Deref;
use std::os::raw::{c_int, c_void};

use crate::error::{check, Result};
use crate::sys;

/// Largest payload libzmq stores inside the `zmq_msg_t` itself (its "very small message", `vsm`),
/// so creating such a message never allocates: `64 - (sizeof (metadata_t *) + 3 + 16 +
/// sizeof (uint32_t))` as in libzmq's `msg.hpp`, i.e. 33 bytes on 64-bit targets.
pub const MAX_INLINE_SIZE: usize = 64 - (std::mem::size_of::<*const u8>() + 3 + 16 + 4);

/// A ØMQ message (`zmq_msg_t`): one frame of data, owned, never observable closed or
/// uninitialised.
///
/// - Copy in from `&[u8]`, `&str`, `String` (`zmq_msg_init_size` + copy; no allocation up to
///   [`MAX_INLINE_SIZE`] bytes).
/// - Zero-copy from `Vec<u8>`, `Box<[u8]>`, `bytes::Bytes` (feature `bytes`) and `&'static [u8]`
///   (`zmq_msg_init_data`; the Rust owner is dropped by libzmq's free callback).
/// - Read through `Deref<Target = [u8]>` (`zmq_msg_data`, `zmq_msg_size`).
/// - Written through [`Message::data_mut`] only when libzmq says the buffer is not shared
///   (`zmq_msg_get(ZMQ_SHARED)`) and it did not come from read-only memory.
/// - [`Clone`] shares the buffer (`zmq_msg_copy`, a reference count), it does not copy it.
pub struct Message {
    raw: sys::zmq_msg_t,
    /// The data is borrowed read-only memory (`&'static`, `Bytes`): never handed out mutably.
    read_only: bool,
}

// SAFETY: a zmq_msg_t is plain data owned by this value; libzmq's reference counts for shared
// buffers are atomic, so a message may move to and be read from another thread.
unsafe impl Send for Message {}
// SAFETY: &Message only reads (zmq_msg_data/size/get/gets do not mutate the message).
unsafe impl Sync for Message {}

impl Message {
    /// An empty message (`zmq_msg_init`). Never allocates.
    #[inline]
    pub fn new() -> Message {
        let mut raw = std::mem::MaybeUninit::<sys::zmq_msg_t>::uninit();
        // SAFETY: zmq_msg_init only writes the struct and cannot fail (zmq_msg_init(3)).
        unsafe { sys::zmq_msg_init(raw.as_mut_ptr()) };
        Message {
            // SAFETY: initialised just above.
            raw: unsafe { raw.assume_init() },
            read_only: false,
        }
    }

    /// A message of `len` zeroed bytes (`zmq_msg_init_size`), to be filled with
    /// [`Message::data_mut`].
    #[inline]
    pub fn with_size(len: usize) -> Result<Message> {
        let mut raw = std::mem::MaybeUninit::<sys::zmq_msg_t>::uninit();
        // SAFETY: writes the struct; on failure (ENOMEM) it is left uninitialised and not used.
        check(unsafe { sys::zmq_msg_init_size(raw.as_mut_ptr(), len) })?;
        let mut msg = Message {
            // SAFETY: initialised by the successful call above.
            raw: unsafe { raw.assume_init() },
            read_only: false,
        };
        // libzmq leaves the new buffer uninitialised; never expose that.
        msg.bytes_mut_unchecked().fill(0);
        Ok(msg)
    }

    /// A message holding a copy of `data`. Up to [`MAX_INLINE_SIZE`] bytes it lives inside the
    /// `zmq_msg_t` and nothing is allocated.
    #[inline]
    pub fn copy_from(data: &[u8]) -> Result<Message> {
        if data.is_empty() {
            return Ok(Message::new());
        }
        let mut raw = std::mem::MaybeUninit::<sys::zmq_msg_t>::uninit();
        // SAFETY: see with_size.
        check(unsafe { sys::zmq_msg_init_size(raw.as_mut_ptr(), data.len()) })?;
        let mut msg = Message {
            // SAFETY: initialised by the successful call above.
            raw: unsafe { raw.assume_init() },
            read_only: false,
        };
        msg.bytes_mut_unchecked().copy_from_slice(data);
        Ok(msg)
    }

    /// Hands `data` to libzmq without copying (`zmq_msg_init_data`); `free` runs once libzmq is
    /// done with it. `hint` is passed back to `free`.
    ///
    /// # Safety
    /// `data` must be valid for reads of `len` bytes until `free(data, hint)` runs, and `free`
    /// must not unwind.
    unsafe fn init_data(
        data: *mut u8,
        len: usize,
        free: Option<unsafe extern "C" fn(*mut c_void, *mut c_void)>,
        hint: *mut c_void,
        read_only: bool,
    ) -> Result<Message> {
        let mut raw = std::mem::MaybeUninit::<sys::zmq_msg_t>::uninit();
        // SAFETY: the caller guarantees data/len/free; data is never null here (see callers).
        let rc = unsafe {
            sys::zmq_msg_init_data(raw.as_mut_ptr(), data as *mut c_void, len, free, hint)
        };
        check(rc)?;
        Ok(Message {
            // SAFETY: initialised by the successful call above.
            raw: unsafe { raw.assume_init() },
            read_only,
        })
    }

    /// Zero-copy from a vector: libzmq keeps the vector's buffer and frees it through Rust's
    /// allocator when the last sharer is done. Small vectors are copied inline instead (cheaper
    /// than libzmq's bookkeeping).
    pub fn from_vec(mut data: Vec<u8>) -> Result<Message> {
        if data.len() <= MAX_INLINE_SIZE {
            return Message::copy_from(&data);
        }
        let (ptr, len, cap) = (data.as_mut_ptr(), data.len(), data.capacity());
        std::mem::forget(data);
        // SAFETY: ptr/len/cap come from a live Vec whose ownership moves to the free callback
        // through `hint` (the capacity). On failure the callback has not run: rebuild and drop.
        match unsafe { Message::init_data(ptr, len, Some(free_vec), cap as *mut c_void, false) } {
            Ok(msg) => Ok(msg),
            Err(err) => {
                // SAFETY: still the Vec's unique parts.
                drop(unsafe { Vec::from_raw_parts(ptr, len, cap) });
                Err(err)
            }
        }
    }

    /// Zero-copy from a boxed slice (see [`Message::from_vec`]).
    pub fn from_boxed(data: Box<[u8]>) -> Result<Message> {
        Message::from_vec(data.into_vec())
    }

    /// Zero-copy from static memory: libzmq reads it in place and nothing is freed. The message
    /// never offers mutable access.
    #[inline]
    pub fn from_static(data: &'static [u8]) -> Result<Message> {
        if data.len() <= MAX_INLINE_SIZE {
            return Message::copy_from(data);
        }
        // SAFETY: static memory outlives every message; libzmq only reads it (read_only = true
        // keeps data_mut away); no free function.
        unsafe {
            Message::init_data(
                data.as_ptr() as *mut u8,
                data.len(),
                None,
                std::ptr::null_mut(),
                true,
            )
        }
    }

    /// Zero-copy from a `bytes::Bytes`: libzmq keeps a handle to it and drops it when done. The
    /// message never offers mutable access (other `Bytes` may share the buffer).
    #[cfg(feature = "bytes")]
    pub fn from_bytes(data: bytes::Bytes) -> Result<Message> {
        if data.len() <= MAX_INLINE_SIZE {
            return Message::copy_from(&data);
        }
        let ptr = data.as_ptr() as *mut u8;
        let len = data.len();
        let hint = Box::into_raw(Box::new(data));
        // SAFETY: the boxed Bytes keeps ptr..ptr+len alive until free_bytes drops it.
        match unsafe { Message::init_data(ptr, len, Some(free_bytes), hint as *mut c_void, true) } {
            Ok(msg) => Ok(msg),
            Err(err) => {
                // SAFETY: the callback did not run; the box is still ours.
                drop(unsafe { Box::from_raw(hint) });
                Err(err)
            }
        }
    }

    /// Number of bytes (`zmq_msg_size`).
    #[inline]
    pub fn len(&self) -> usize {
        // SAFETY: the message is initialised; zmq_msg_size only reads it.
        unsafe { sys::zmq_msg_size(&self.raw) }
    }

    /// Whether the message has no bytes.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether more frames of the same multipart message follow (`zmq_msg_more`).
    #[inline]
    pub fn more(&self) -> bool {
        // SAFETY: the message is initialised.
        unsafe { sys::zmq_msg_more(&self.raw) == 1 }
    }

    /// Whether the buffer is shared with other messages (`zmq_msg_get(ZMQ_SHARED)`), e.g. a PUB
    /// fan-out or a [`Clone`]. libzmq keeps this flag once set, even after the other sharers are
    /// gone, so a message that was ever shared stays read-only.
    #[inline]
    pub fn is_shared(&self) -> bool {
        // SAFETY: the message is initialised.
        unsafe { sys::zmq_msg_get(&self.raw, sys::ZMQ_SHARED as c_int) == 1 }
    }

    /// Mutable access to the bytes, only when nobody else can see them: `None` if the buffer is
    /// shared (`ZMQ_SHARED`) or read-only memory (`from_static`, `from_bytes`).
    #[inline]
    pub fn data_mut(&mut self) -> Option<&mut [u8]> {
        if self.read_only || self.is_shared() {
            return None;
        }
        Some(self.bytes_mut_unchecked())
    }

    #[inline]
    fn bytes_mut_unchecked(&mut self) -> &mut [u8] {
        let len = self.len();
        if len == 0 {
            return &mut [];
        }
        // SAFETY: the message is initialised and owns (or exclusively borrows) `len` writable
        // bytes at zmq_msg_data; callers have ruled out shared and read-only buffers.
        unsafe { std::slice::from_raw_parts_mut(sys::zmq_msg_data(&mut self.raw) as *mut u8, len) }
    }

    /// The bytes as UTF-8, if they are.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(self).ok()
    }

    /// A metadata property of a received message (`zmq_msg_gets`): `"Socket-Type"`,
    /// `"Routing-Id"`, `"User-Id"`, `"Peer-Address"` or one set with `ZMQ_METADATA`.
    /// `None` if the message has no such property.
    pub fn gets(&self, property: &str) -> Option<&str> {
        let key = CString::new(property).ok()?;
        // SAFETY: the message is initialised; zmq_msg_gets reads it (through a const-cast in
        // libzmq, which does not mutate it).
        let ptr = unsafe { sys::zmq_msg_gets(&self.raw, key.as_ptr()) };
        if ptr.is_null() {
            return None;
        }
        // SAFETY: libzmq returns a NUL-terminated string owned by the message's metadata, which
        // lives as long as the message (borrowed by the returned &str).
        unsafe { std::ffi::CStr::from_ptr(ptr) }.to_str().ok()
    }

    /// The routing id of a message received on a SERVER socket, or set for sending to one
    /// (`zmq_msg_routing_id`; draft API). `None` if not set.
    #[cfg(zmq_has_draft)]
    pub fn routing_id(&self) -> Option<u32> {
        // SAFETY: the message is initialised; the C function takes a non-const pointer but only
        // reads.
        let id = unsafe { sys::zmq_msg_routing_id(&self.raw as *const _ as *mut _) };
        (id != 0).then_some(id)
    }

    /// Sets the routing id for sending to a SERVER's peer (`zmq_msg_set_routing_id`; draft API).
    #[cfg(zmq_has_draft)]
    pub fn set_routing_id(&mut self, id: u32) -> Result<()> {
        // SAFETY: the message is initialised.
        check(unsafe { sys::zmq_msg_set_routing_id(&mut self.raw, id) }).map(drop)
    }

    /// The group of a message received on a DISH, or set for a RADIO (`zmq_msg_group`; draft).
    #[cfg(zmq_has_draft)]
    pub fn group(&self) -> Option<&str> {
        // SAFETY: the message is initialised; reads only.
        let ptr = unsafe { sys::zmq_msg_group(&self.raw as *const _ as *mut _) };
        if ptr.is_null() {
            return None;
        }
        // SAFETY: NUL-terminated, stored inside the message.
        let s = unsafe { std::ffi::CStr::from_ptr(ptr) }.to_str().ok()?;
        (!s.is_empty()).then_some(s)
    }

    /// Sets the group for sending on a RADIO (`zmq_msg_set_group`; draft). At most 255 bytes.
    #[cfg(zmq_has_draft)]
    pub fn set_group(&mut self, group: &str) -> Result<()> {
        let c = CString::new(group)
            .map_err(|_| crate::Error::invalid("group", "contains a NUL byte"))?;
        // SAFETY: the message is initialised; c is NUL-terminated.
        check(unsafe { sys::zmq_msg_set_group(&mut self.raw, c.as_ptr()) }).map(drop)
    }

    /// The raw `zmq_msg_t`, for C functions that read or write a message.
    #[inline]
    pub fn as_raw(&self) -> &sys::zmq_msg_t {
        &self.raw
    }

    /// The raw `zmq_msg_t`, mutably (e.g. for `zmq_msg_recv`). Do not close it.
    #[inline]
    pub fn as_raw_mut(&mut self) -> &mut sys::zmq_msg_t {
        &mut self.raw
    }

    /// Gives up the `zmq_msg_t`: the caller must `zmq_msg_close` it (or send it).
    pub fn into_raw(self) -> sys::zmq_msg_t {
        let this = std::mem::ManuallyDrop::new(self);
        // SAFETY: read out once; `this` is never dropped, so the message is not closed twice.
        unsafe { std::ptr::read(&this.raw) }
    }

    /// Takes ownership of an initialised `zmq_msg_t` (closed on drop).
    ///
    /// # Safety
    /// `raw` must be initialised (`zmq_msg_init*` or received) and not closed, and not be used
    /// through any other copy afterwards. Its data must be writable unless it is shared.
    pub unsafe fn from_raw(raw: sys::zmq_msg_t) -> Message {
        Message {
            raw,
            read_only: false,
        }
    }
}

impl Default for Message {
    fn default() -> Message {
        Message::new()
    }
}

impl Drop for Message {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: the message is initialised and closed exactly once. zmq_msg_close cannot fail
        // on an initialised message.
        unsafe { sys::zmq_msg_close(&mut self.raw) };
    }
}

impl Deref for Message {
    type Target = [u8];

    #[inline]
    fn deref(&self) -> &[u8] {
        let len = self.len();
        if len == 0 {
            return &[];
        }
        // SAFETY: zmq_msg_data of an initialised message points at `len` readable bytes that
        // live as long as the message; the C function takes *mut but does not mutate.
        unsafe {
            std::slice::from_raw_parts(
                sys::zmq_msg_data(&self.raw as *const _ as *mut _) as *const u8,
                len,
            )
        }
    }
}

impl AsRef<[u8]> for Message {
    #[inline]
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl Clone for Message {
    /// Shares the buffer (`zmq_msg_copy`): both messages see the same bytes and neither offers
    /// mutable access afterwards (see [`Message::data_mut`]). Small inline messages are copied.
    #[inline]
    fn clone(&self) -> Message {
        let mut copy = Message::new();
        // SAFETY: both messages are initialised. zmq_msg_copy fails only with EFAULT for an
        // invalid message, which cannot happen here; it takes *mut src but does not mutate
        // beyond the atomic reference count.
        let rc = unsafe { sys::zmq_msg_copy(&mut copy.raw, &self.raw as *const _ as *mut _) };
        debug_assert_eq!(rc, 0, "zmq_msg_copy on initialised messages");
        copy.read_only = self.read_only;
        copy
    }

    /// Makes this message share `source`'s buffer (`zmq_msg_copy` into `self`, which releases
    /// the previous content first): one FFI call and no allocation, so a sender can reuse one
    /// `Message` for a payload it sends over and over (see [`crate::Socket::send_from`]).
    #[inline]
    fn clone_from(&mut self, source: &Message) {
        // SAFETY: both messages are initialised (and distinct: &mut and & cannot alias).
        // zmq_msg_copy closes the destination's old content, then shares or copies the source's.
        let rc = unsafe { sys::zmq_msg_copy(&mut self.raw, &source.raw as *const _ as *mut _) };
        debug_assert_eq!(rc, 0, "zmq_msg_copy on initialised messages");
        self.read_only = source.read_only;
    }
}

impl PartialEq for Message {
    fn eq(&self, other: &Message) -> bool {
        self[..] == other[..]
    }
}

impl Eq for Message {}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_str() {
            Some(s) => write!(f, "Message({s:?})"),
            None => write!(f, "Message({:02x?})", &self[..]),
        }
    }
}

/// Conversions are infallible except for allocation failure in libzmq (`ENOMEM`), which aborts
/// like any Rust allocation failure would.
macro_rules! infallible_from {
    ($($ty:ty => $conv:expr;)*) => {$(
        impl From<$ty> for Message {
            fn from(value: $ty) -> Message {
                match $conv(value) {
                    Ok(msg) => msg,
                    Err(_) => std::alloc::handle_alloc_error(std::alloc::Layout::new::<sys::zmq_msg_t>()),
                }
            }
        }
    )*};
}

infallible_from! {
    &[u8] => Message::copy_from;
    &str => |s: &str| Message::copy_from(s.as_bytes());
    &String => |s: &String| Message::copy_from(s.as_bytes());
    String => |s: String| Message::from_vec(s.into_bytes());
    Vec<u8> => Message::from_vec;
    &Vec<u8> => |v: &Vec<u8>| Message::copy_from(v);
    Box<[u8]> => Message::from_boxed;
}

impl<const N: usize> From<&[u8; N]> for Message {
    fn from(value: &[u8; N]) -> Message {
        Message::from(&value[..])
    }
}

impl From<&Message> for Message {
    /// Shares the buffer, like [`Clone`].
    fn from(value: &Message) -> Message {
        value.clone()
    }
}

#[cfg(feature = "bytes")]
infallible_from! {
    bytes::Bytes => Message::from_bytes;
}

/// libzmq's free callback for `from_vec`: rebuilds the Vec (capacity in `hint`) and drops it.
/// Never unwinds into C.
unsafe extern "C" fn free_vec(data: *mut c_void, hint: *mut c_void) {
    let cap = hint as usize;
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: data/cap are the parts of the Vec forgotten in from_vec; length 0 is valid for
        // u8 and this runs once (libzmq calls the free function exactly once).
        drop(unsafe { Vec::from_raw_parts(data as *mut u8, 0, cap) });
    });
    crate::message::testing::note_free();
}

/// libzmq's free callback for `from_bytes`: drops the boxed `Bytes`. Never unwinds into C.
#[cfg(feature = "bytes")]
unsafe extern "C" fn free_bytes(_data: *mut c_void, hint: *mut c_void) {
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: hint is the Box leaked in from_bytes, freed exactly once.
        drop(unsafe { Box::from_raw(hint as *mut bytes::Bytes) });
    });
    crate::message::testing::note_free();
}

/// Counts calls of the zero-copy free callbacks, for the "freed exactly once" tests.
#[doc(hidden)]
pub mod testing {
    use std::sync::atomic::{AtomicUsize, Ordering};

    static FREES: AtomicUsize = AtomicUsize::new(0);

    pub(crate) fn note_free() {
        FREES.fetch_add(1, Ordering::Relaxed);
    }

    /// How many zero-copy buffers libzmq has released so far in this process.
    pub fn zero_copy_frees() -> usize {
        FREES.load(Ordering::Relaxed)
    }
}
