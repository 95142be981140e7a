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
/// - Written through [`Message::data_mut`] only when libzmq says the content is not shared
///   (`zmq_msg_get(ZMQ_SHARED)` is 0).
///
/// # Sharing and read-only content
///
/// Whether the bytes may be written is **libzmq's own state**, the `ZMQ_SHARED` property of the
/// content, not a flag of this wrapper, so it travels with the content wherever libzmq moves it
/// (an `inproc://` send hands the very same content to the receiver):
///
/// - [`Message::share`] (`zmq_msg_copy`, needs `&mut self`) makes a second message on the same
///   buffer, by reference count, without copying; from then on both are shared.
/// - [`Message::make_shared`] marks the content shared without making a second message, so that
///   later [`Clone`]s are reference counts (a payload sent over and over, a PUB fan-out).
/// - [`Clone`] and [`Clone::clone_from`] take `&self`, and **no `&self` method writes the
///   `zmq_msg_t`**: `zmq_msg_copy` writes its *source* when that source is not yet shared (it
///   sets the shared flag and stores the reference count non-atomically), so a clone of an
///   unshared message is a copy of the bytes, and a clone of a shared one is a reference count
///   (atomic). Small messages (up to [`MAX_INLINE_SIZE`] bytes) are always copied; a deep copy
///   keeps the bytes (and, with `draft`, the routing id and group) but not received metadata.
/// - Content libzmq does not own for writing is shared from the start: [`Message::from_static`]
///   (a constant message, which libzmq always reports as shared) and `Message::from_bytes`
///   (marked shared at creation, because other `Bytes` handles may read the buffer).
///
/// ```
/// use zmq::Message;
/// // Zero-copy: libzmq keeps the Vec's (or the Box's) buffer and frees it when done.
/// let v = vec![1u8; 1000];
/// let ptr = v.as_ptr();
/// assert_eq!(Message::from(v).as_ptr(), ptr);
/// let boxed: Box<[u8]> = vec![2u8; 1000].into_boxed_slice();
/// assert_eq!(Message::from(boxed).len(), 1000);
/// // `&'static` data is read in place and never freed; it is read-only.
/// static TABLE: [u8; 1000] = [3u8; 1000];
/// let mut m = Message::from_static(&TABLE)?;
/// assert_eq!(m.as_ptr(), TABLE.as_ptr());
/// assert!(m.data_mut().is_none());
/// # Ok::<(), zmq::Error>(())
/// ```
///
/// ```
/// use zmq::Message;
/// let mut a = Message::from(vec![7u8; 1000]); // zero-copy from a Vec: ours alone
/// a.data_mut().unwrap()[0] = 1;               // writable: nobody else sees it
/// let b = a.share();                          // the same buffer, twice
/// assert!(a.is_shared() && b.is_shared());
/// assert!(a.data_mut().is_none());            // read-only from now on
/// assert_eq!(b[0], 1);
/// let c = b.clone();                          // shared already: a reference count
/// assert_eq!(c.as_ptr(), b.as_ptr());
/// let d = Message::from(vec![0u8; 1000]);
/// let e = d.clone();                          // not shared: a copy of the bytes
/// assert_ne!(e.as_ptr(), d.as_ptr());
/// assert!(!d.is_shared());
/// ```
#[doc(alias = "zmq_msg_t")]
#[doc(alias = "zmq_msg_close")]
pub struct Message {
    raw: sys::zmq_msg_t,
}

// SAFETY: a zmq_msg_t is plain data owned by this value. Its content (the buffer behind a long
// or zero-copy message) is released through an atomic reference count when shared, and the free
// callbacks of zero-copy contents (`free_vec`, `free_bytes`) drop Send types; so a message may
// move to another thread, and libzmq's I/O thread may release the content.
unsafe impl Send for Message {}
// SAFETY: no `&self` method writes the zmq_msg_t or its content: zmq_msg_size/data/more/get/
// gets/routing_id/group only read (msg.cpp), and `clone`/`clone_from` call zmq_msg_copy only on
// a source that is already shared, for which zmq_msg_copy touches nothing but atomic counters
// (the content's refcnt, metadata_t::add_ref, a long group's refcnt); unshared sources are
// deep-copied. Checked by tests/message.rs (`shared_ref_operations_leave_the_source_unchanged`).
unsafe impl Sync for Message {}

impl Message {
    /// An empty message (`zmq_msg_init`). Never allocates.
    #[inline]
    #[doc(alias = "zmq_msg_init")]
    pub fn new() -> Message {
        let mut raw = std::mem::MaybeUninit::<sys::zmq_msg_t>::uninit();
        // SAFETY: zmq_msg_init only writes the struct and cannot fail (zmq_msg_init(3)).
        unsafe { sys::zmq_msg_init(raw.as_mut_ptr()) };
        Message {
            // SAFETY: initialised just above.
            raw: unsafe { raw.assume_init() },
        }
    }

    /// A message of `len` zeroed bytes (`zmq_msg_init_size`), to be filled with
    /// [`Message::data_mut`].
    #[inline]
    #[doc(alias = "zmq_msg_init_size")]
    pub fn with_size(len: usize) -> Result<Message> {
        let mut raw = std::mem::MaybeUninit::<sys::zmq_msg_t>::uninit();
        // SAFETY: writes the struct; on failure (ENOMEM) it is left uninitialised and not used.
        check(unsafe { sys::zmq_msg_init_size(raw.as_mut_ptr(), len) })?;
        let mut msg = Message {
            // SAFETY: initialised by the successful call above.
            raw: unsafe { raw.assume_init() },
        };
        // libzmq leaves the new buffer uninitialised; never expose that.
        msg.bytes_mut_unchecked().fill(0);
        Ok(msg)
    }

    /// A message holding a copy of `data`. Up to [`MAX_INLINE_SIZE`] bytes it lives inside the
    /// `zmq_msg_t` and nothing is allocated.
    #[inline]
    #[doc(alias = "zmq_msg_init_size")]
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
        })
    }

    /// Zero-copy from a vector: libzmq keeps the vector's buffer and frees it through Rust's
    /// allocator when the last sharer is done. Small vectors are copied inline instead (cheaper
    /// than libzmq's bookkeeping).
    #[doc(alias = "zmq_msg_init_data")]
    pub fn from_vec(mut data: Vec<u8>) -> Result<Message> {
        if data.len() <= MAX_INLINE_SIZE {
            return Message::copy_from(&data);
        }
        let (ptr, len, cap) = (data.as_mut_ptr(), data.len(), data.capacity());
        std::mem::forget(data);
        // SAFETY: ptr/len/cap come from a live Vec whose ownership moves to the free callback
        // through `hint` (the capacity). On failure the callback has not run: rebuild and drop.
        match unsafe { Message::init_data(ptr, len, Some(free_vec), cap as *mut c_void) } {
            Ok(msg) => Ok(msg),
            Err(err) => {
                // SAFETY: still the Vec's unique parts.
                drop(unsafe { Vec::from_raw_parts(ptr, len, cap) });
                Err(err)
            }
        }
    }

    /// Zero-copy from a boxed slice (see [`Message::from_vec`]).
    #[doc(alias = "zmq_msg_init_data")]
    pub fn from_boxed(data: Box<[u8]>) -> Result<Message> {
        Message::from_vec(data.into_vec())
    }

    /// Zero-copy from static memory: libzmq reads it in place and nothing is freed. The message
    /// never offers mutable access: without a free function libzmq makes a constant message,
    /// which it always reports as shared (`ZMQ_SHARED`), wherever it is sent.
    #[inline]
    #[doc(alias = "zmq_msg_init_data")]
    pub fn from_static(data: &'static [u8]) -> Result<Message> {
        if data.len() <= MAX_INLINE_SIZE {
            return Message::copy_from(data);
        }
        // SAFETY: static memory outlives every message; no free function, so libzmq creates a
        // constant message (msg.cpp, type_cmsg), reported shared: data_mut never hands it out.
        unsafe {
            Message::init_data(
                data.as_ptr() as *mut u8,
                data.len(),
                None,
                std::ptr::null_mut(),
            )
        }
    }

    /// Zero-copy from a `bytes::Bytes`: libzmq keeps a handle to it and drops it when done. The
    /// content is marked shared in libzmq at once (other `Bytes` may read the buffer), so no
    /// holder of it, here or after an `inproc://` send, gets mutable access.
    #[cfg(feature = "bytes")]
    #[cfg_attr(docsrs, doc(cfg(feature = "bytes")))]
    #[doc(alias = "zmq_msg_init_data")]
    pub fn from_bytes(data: bytes::Bytes) -> Result<Message> {
        if data.len() <= MAX_INLINE_SIZE {
            return Message::copy_from(&data);
        }
        let ptr = data.as_ptr() as *mut u8;
        let len = data.len();
        let hint = Box::into_raw(Box::new(data));
        // SAFETY: the boxed Bytes keeps ptr..ptr+len alive until free_bytes drops it.
        match unsafe { Message::init_data(ptr, len, Some(free_bytes), hint as *mut c_void) } {
            Ok(mut msg) => {
                msg.make_shared();
                Ok(msg)
            }
            Err(err) => {
                // SAFETY: the callback did not run; the box is still ours.
                drop(unsafe { Box::from_raw(hint) });
                Err(err)
            }
        }
    }

    /// Number of bytes (`zmq_msg_size`).
    #[inline]
    #[doc(alias = "zmq_msg_size")]
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
    #[doc(alias = "zmq_msg_more")]
    pub fn more(&self) -> bool {
        // SAFETY: the message is initialised.
        unsafe { sys::zmq_msg_more(&self.raw) == 1 }
    }

    /// Whether the content is shared (`zmq_msg_get(ZMQ_SHARED)`): a PUB fan-out, a
    /// [`Message::share`], a constant message ([`Message::from_static`]) or one made with
    /// `from_bytes`. libzmq keeps this flag once set, even after the other sharers are gone, so
    /// a message that was ever shared stays read-only.
    #[inline]
    #[doc(alias = "ZMQ_SHARED")]
    #[doc(alias = "zmq_msg_get")]
    pub fn is_shared(&self) -> bool {
        // SAFETY: the message is initialised; zmq_msg_get only reads it.
        unsafe { sys::zmq_msg_get(&self.raw, sys::ZMQ_SHARED as c_int) == 1 }
    }

    /// Mutable access to the bytes, only when nobody else can see them: `None` if libzmq reports
    /// the content shared (`ZMQ_SHARED`; see [the type's docs](Message#sharing-and-read-only-content)).
    #[inline]
    #[doc(alias = "zmq_msg_data")]
    pub fn data_mut(&mut self) -> Option<&mut [u8]> {
        if self.is_shared() {
            return None;
        }
        Some(self.bytes_mut_unchecked())
    }

    /// A second message on the same content, without copying the bytes (`zmq_msg_copy`): both
    /// are shared from now on (read-only, see [`Message::data_mut`]), and the buffer is released
    /// when the last of them is closed. Takes `&mut self` because `zmq_msg_copy` writes its
    /// source (the shared flag and reference count of a not yet shared content).
    #[inline]
    #[doc(alias = "zmq_msg_copy")]
    pub fn share(&mut self) -> Message {
        let mut copy = Message::new();
        // SAFETY: both messages are initialised and distinct; the source is borrowed mutably, so
        // nothing else reads it while zmq_msg_copy marks it shared. zmq_msg_copy fails only with
        // EFAULT for an invalid source, which an initialised message is not.
        unsafe { sys::zmq_msg_copy(&mut copy.raw, &mut self.raw) };
        copy
    }

    /// Marks the content shared (read-only) without keeping a second message, so that every
    /// later [`Clone`] or [`Clone::clone_from`] is a reference count instead of a copy: the
    /// shape for one payload sent many times. Small messages (up to [`MAX_INLINE_SIZE`] bytes)
    /// live inside the `zmq_msg_t` and are always copied; they stay writable.
    pub fn make_shared(&mut self) {
        // zmq_msg_copy sets the shared flag on its source (and a reference count of 2); closing
        // the copy brings the count back to 1 and leaves the flag, which libzmq never clears.
        drop(self.share());
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
    #[doc(alias = "zmq_msg_gets")]
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
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    #[doc(alias = "zmq_msg_routing_id")]
    pub fn routing_id(&self) -> Option<u32> {
        // SAFETY: the message is initialised; the C function takes a non-const pointer but only
        // reads.
        let id = unsafe { sys::zmq_msg_routing_id(&self.raw as *const _ as *mut _) };
        (id != 0).then_some(id)
    }

    /// Sets the routing id for sending to a SERVER's peer (`zmq_msg_set_routing_id`; draft API).
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    #[doc(alias = "zmq_msg_set_routing_id")]
    pub fn set_routing_id(&mut self, id: u32) -> Result<()> {
        // SAFETY: the message is initialised.
        check(unsafe { sys::zmq_msg_set_routing_id(&mut self.raw, id) }).map(drop)
    }

    /// The group of a message received on a DISH, or set for a RADIO (`zmq_msg_group`; draft).
    #[cfg(zmq_has_draft)]
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    #[doc(alias = "zmq_msg_group")]
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
    #[cfg_attr(docsrs, doc(cfg(feature = "draft")))]
    #[doc(alias = "zmq_msg_set_group")]
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

    /// The raw `zmq_msg_t`, mutably, for C functions that write a message (`zmq_msg_recv`,
    /// `zmq_msg_send`, `zmq_msg_copy` ...).
    ///
    /// # Safety
    /// Whatever the caller does through the pointer must leave an initialised, open message
    /// (do not `zmq_msg_close` it without re-initialising it), and must not make writable
    /// content that is not: content that other holders still read, or read-only memory, must
    /// stay marked shared in libzmq (a constant message, or `ZMQ_SHARED` set), because
    /// [`Message::data_mut`] relies on that mark. In particular, do not move (`mem::swap`,
    /// `ptr::write`) a `zmq_msg_t` in or out unless the moved content obeys the same rules.
    #[inline]
    pub unsafe fn as_raw_mut(&mut self) -> &mut sys::zmq_msg_t {
        &mut self.raw
    }

    /// The raw message for libzmq calls of this crate that keep the invariants by construction
    /// (`zmq_msg_send`, `zmq_msg_recv`: libzmq takes or replaces the content with its own).
    #[inline]
    pub(crate) fn raw_mut(&mut self) -> &mut sys::zmq_msg_t {
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
    /// through any other copy afterwards. Its data must be writable by this message alone unless
    /// libzmq reports it shared (`ZMQ_SHARED`, e.g. a constant message or a `zmq_msg_copy`
    /// source): see [`Message::as_raw_mut`].
    pub unsafe fn from_raw(raw: sys::zmq_msg_t) -> Message {
        Message { raw }
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
    /// A message with the same bytes, without writing `self`: a reference count
    /// (`zmq_msg_copy`) when the content is already shared, a copy of the bytes otherwise (see
    /// [the type's docs](Message#sharing-and-read-only-content); [`Message::share`] is the
    /// zero-copy form for a message not yet shared).
    #[inline]
    fn clone(&self) -> Message {
        let mut copy = Message::new();
        copy.clone_from(self);
        copy
    }

    /// Makes this message hold `source`'s bytes, releasing its previous content first, without
    /// writing `source`. When `source` is shared (see [`Message::make_shared`]) this is one
    /// `zmq_msg_copy` and no allocation, so a sender can reuse one `Message` for a payload it
    /// sends over and over (see [`crate::Socket::send_from`]); otherwise the bytes are copied.
    #[inline]
    fn clone_from(&mut self, source: &Message) {
        if source.is_inline() || source.is_shared() {
            // SAFETY: both messages are initialised and distinct (&mut and & cannot alias).
            // zmq_msg_copy writes its source only for a long or zero-copy content not yet shared
            // (msg.cpp, msg_t::copy). An inline ("very small") message keeps its bytes inside
            // the zmq_msg_t and is copied by value; a shared content (a constant message or
            // ZMQ_SHARED set, which libzmq never clears and nothing can clear while `source`
            // is borrowed) only gets atomic reference counts added. Either way the source's
            // zmq_msg_t is not written. The destination's old content is closed first.
            let rc = unsafe { sys::zmq_msg_copy(&mut self.raw, &source.raw as *const _ as *mut _) };
            debug_assert_eq!(rc, 0, "zmq_msg_copy on initialised messages");
            return;
        }
        match Message::copy_from(&source[..]) {
            Ok(mut copy) => {
                copy.copy_routing_from(source);
                *self = copy;
            }
            // Like any Rust allocation failure.
            Err(_) => std::alloc::handle_alloc_error(std::alloc::Layout::new::<sys::zmq_msg_t>()),
        }
    }
}

impl Message {
    /// Whether the bytes live inside the `zmq_msg_t` itself (libzmq's "very small message",
    /// at most [`MAX_INLINE_SIZE`] bytes): `zmq_msg_data` then points into the struct.
    ///
    /// Empty messages answer `false` (and are copied, which costs nothing): `zmq_msg_data`
    /// asserts on libzmq's empty internal types (delimiter, join, leave; msg.cpp `data ()`), so
    /// it is only called with bytes present, as in `Deref`.
    #[inline]
    fn is_inline(&self) -> bool {
        if self.is_empty() {
            return false;
        }
        // SAFETY: the message is initialised and not empty (so a vsm, lmsg, cmsg or zclmsg,
        // for which zmq_msg_data only reads it).
        let data = unsafe { sys::zmq_msg_data(&self.raw as *const _ as *mut _) } as usize;
        let start = &self.raw as *const sys::zmq_msg_t as usize;
        (start..start + std::mem::size_of::<sys::zmq_msg_t>()).contains(&data)
    }

    /// Carries the routing id and group (draft API) over to a deep copy.
    #[inline]
    fn copy_routing_from(&mut self, _source: &Message) {
        #[cfg(zmq_has_draft)]
        {
            if let Some(id) = _source.routing_id() {
                let _ = self.set_routing_id(id);
            }
            if let Some(group) = _source.group() {
                let _ = self.set_group(group);
            }
        }
    }
}

impl PartialEq for Message {
    fn eq(&self, other: &Message) -> bool {
        self[..] == other[..]
    }
}

impl Eq for Message {}

impl fmt::Debug for Message {
    /// The bytes as a string or hex, cut after 64 bytes with the total length (a message inside
    /// an error must not print a megabyte).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 64;
        let (head, cut) = if self.len() > SHOWN {
            (&self[..SHOWN], true)
        } else {
            (&self[..], false)
        };
        match std::str::from_utf8(head) {
            Ok(s) => write!(f, "Message({s:?}")?,
            Err(_) => write!(f, "Message({head:02x?}")?,
        }
        if cut {
            write!(f, "... ({} bytes)", self.len())?;
        }
        f.write_str(")")
    }
}

/// Conversions are infallible except for allocation failure in libzmq (`ENOMEM`), which aborts
/// like any Rust allocation failure would.
macro_rules! infallible_from {
    ($($(#[$attr:meta])* $ty:ty => $conv:expr;)*) => {$(
        $(#[$attr])*
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
    /// Like [`Clone`]: a reference count if `value` is shared, a copy otherwise.
    fn from(value: &Message) -> Message {
        value.clone()
    }
}

#[cfg(feature = "bytes")]
#[cfg_attr(docsrs, doc(cfg(feature = "bytes")))]
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
}

/// libzmq's free callback for `from_bytes`: drops the boxed `Bytes`. Never unwinds into C.
#[cfg(feature = "bytes")]
unsafe extern "C" fn free_bytes(_data: *mut c_void, hint: *mut c_void) {
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: hint is the Box leaked in from_bytes, freed exactly once.
        drop(unsafe { Box::from_raw(hint as *mut bytes::Bytes) });
    });
}
