//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod logs;
pub mod netns;
pub mod procs;
pub mod pyzmq;
pub mod skip;

use std::sync::mpsc;
use std::time::Duration;

use zmq::{opt, Context, Socket, SocketType};

/// Every blocking call in the tests gives up after this long.
pub const IO_TIMEOUT: Duration = Duration::from_secs(5);

/// Runs `f` on a thread and fails the test if it takes longer than `limit`.
pub fn with_timeout<T: Send + 'static>(
    limit: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(v) => {
            let _ = handle.join();
            v
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => match handle.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("sender dropped without sending"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("test timed out after {limit:?}"),
    }
}

/// A socket whose blocking calls time out after [`IO_TIMEOUT`].
pub fn socket(ctx: &Context, kind: SocketType) -> Socket {
    let s = ctx.socket(kind).expect("zmq_socket");
    s.set(opt::RcvTimeo, Some(IO_TIMEOUT)).unwrap();
    s.set(opt::SndTimeo, Some(IO_TIMEOUT)).unwrap();
    s
}

/// A fresh temporary directory for ipc endpoints, removed on drop.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "zmq-test-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn ipc(&self, name: &str) -> String {
        format!("ipc://{}", self.0.join(name).display())
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The endpoints of every transport the tests use: inproc, ipc (in `dir`), tcp loopback.
pub fn endpoints(dir: &TempDir, tag: &str) -> Vec<String> {
    vec![
        format!("inproc://{tag}"),
        dir.ipc(tag),
        "tcp://127.0.0.1:*".to_owned(),
    ]
}
