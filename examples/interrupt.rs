//! `interrupt.c` (chapter 2): handling Ctrl-C cleanly with a self-pipe. A REP server on
//! `tcp://*:5555` polls its socket and the read end of a non-blocking pipe; the SIGINT/SIGTERM
//! handler writes a byte into the pipe, which wakes [`zmq::poll`]. Each request prints
//! `W: recv` (no reply is sent, as in the C); a signal prints
//! `W: interrupt received, killing server...`, then `W: cleaning up`, and the program exits 0.
//!
//! Run: `cargo run --example interrupt`, then press Ctrl-C.
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::os::fd::{AsFd, FromRawFd, OwnedFd};
use std::sync::atomic::{AtomicI32, Ordering};

use anyhow::bail;
use zmq::{poll, Context, Error, Flags, PollEvents, PollItem, SocketType};

/// The write end of the self-pipe, for the signal handler.
static NOTIFY_FD: AtomicI32 = AtomicI32::new(-1);

extern "C" fn signal_handler(_: libc::c_int) {
    const NOTIFY: &[u8] = b" ";
    const ERROR: &[u8] = b"Error while writing to self-pipe.\n";
    let fd = NOTIFY_FD.load(Ordering::SeqCst);
    // SAFETY: write(2) and _exit(2) are async-signal-safe; the buffers are static.
    unsafe {
        if libc::write(fd, NOTIFY.as_ptr().cast(), NOTIFY.len()) != NOTIFY.len() as isize {
            libc::write(libc::STDOUT_FILENO, ERROR.as_ptr().cast(), ERROR.len());
            libc::_exit(1);
        }
    }
}

/// Installs the handler for SIGINT and SIGTERM, without `SA_RESTART` so blocking calls see EINTR.
fn catch_signals(fd: &OwnedFd) {
    use std::os::fd::AsRawFd;
    NOTIFY_FD.store(fd.as_raw_fd(), Ordering::SeqCst);
    // SAFETY: a zeroed sigaction with a handler that only calls async-signal-safe functions.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = signal_handler as extern "C" fn(libc::c_int) as usize;
        action.sa_flags = 0;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGINT, &action, std::ptr::null_mut());
        libc::sigaction(libc::SIGTERM, &action, std::ptr::null_mut());
    }
}

/// A pipe with both ends non-blocking: (read end, write end).
fn nonblocking_pipe() -> anyhow::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: fds has room for the two descriptors pipe(2) writes.
    if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
        bail!("Creating self-pipe: {}", std::io::Error::last_os_error());
    }
    // SAFETY: both descriptors are fresh and owned by nobody else.
    let ends = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    for fd in fds {
        // SAFETY: fcntl on a descriptor we own.
        let flags = unsafe { libc::fcntl(fd, libc::F_GETFL, 0) };
        if flags < 0 {
            bail!("fcntl(F_GETFL): {}", std::io::Error::last_os_error());
        }
        // SAFETY: as above.
        if unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) } != 0 {
            bail!("fcntl(F_SETFL): {}", std::io::Error::last_os_error());
        }
    }
    Ok(ends)
}

fn main() -> anyhow::Result<()> {
    let context = Context::new()?;
    let socket = context.socket(SocketType::Rep)?;
    socket.bind(&zhelpers::ep!("tcp://*:5555"))?;

    let (read_end, write_end) = nonblocking_pipe()?;
    catch_signals(&write_end);

    let mut items = [
        PollItem::from_fd(read_end.as_fd(), PollEvents::POLLIN),
        socket.as_poll_item(PollEvents::POLLIN),
    ];
    loop {
        match poll(&mut items, None) {
            Ok(0) | Err(Error::Interrupted) => continue,
            Ok(_) => {}
            Err(e) => bail!("zmq_poll: {e}"),
        }
        // Signal pipe FD
        if items[0].is_readable() {
            let mut byte = [0u8; 1];
            // SAFETY: reading one byte into a one-byte buffer (clears the notification).
            unsafe {
                libc::read(
                    std::os::fd::AsRawFd::as_raw_fd(&read_end),
                    byte.as_mut_ptr().cast(),
                    1,
                )
            };
            println!("W: interrupt received, killing server...");
            break;
        }
        // Read socket
        if items[1].is_readable() {
            // Non-blocking so we can continue to check the self-pipe via zmq_poll
            match socket.recv_msg_with(Flags::DONTWAIT) {
                Ok(_) => println!("W: recv"),
                Err(Error::WouldBlock | Error::Interrupted) => continue,
                Err(e) => bail!("recv: {e}"),
            }
            // Now send message back.
            // ...
        }
    }
    println!("W: cleaning up");
    Ok(())
}
