//! Interop with pyzmq (PyPI) peers: CURVE in both directions, with each side's ZAP
//! authenticator checking the other's key files (pyzmq `zmq.auth` certificates loaded by
//! [`Authenticator::curve_load_dir`], our zcert files loaded by pyzmq's `ThreadAuthenticator`),
//! and NULL multipart exchanges over tcp and ipc.
//!
//! The peers are `tests/py/peer.py` modes. Skipped, with the reason printed, when
//! the interpreter (`$ZMQ_TEST_PYTHON`, else `python3`) cannot `import zmq`; under `CI=true`
//! that is a failure instead (see `crate::common::skip` and `crate::common::pyzmq`). Every child has a
//! deadline and is killed when a test fails.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use crate::common::{socket, with_timeout, TempDir};
use zmq::auth::{parse_public_key, save_public_key};
use zmq::{opt, Authenticator, Context, CurveKeyPair, Message, SocketType};

const PEER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/py/peer.py");
const LIMIT: Duration = Duration::from_secs(60);
/// How long a child may take to print an expected line or to exit.
const CHILD_WAIT: Duration = Duration::from_secs(20);

/// Whether pyzmq is usable (with CURVE when `curve`); otherwise skips the test (see
/// `crate::common::skip`).
fn pyzmq_available(curve: bool) -> bool {
    crate::common::pyzmq::python(curve).is_some()
}

/// A python peer: its stdout lines arrive on a channel; killed and reaped on drop.
struct Peer {
    child: Child,
    lines: Receiver<String>,
    what: String,
}

impl Peer {
    fn spawn(args: &[&str]) -> Peer {
        let mut child = Command::new(crate::common::pyzmq::interpreter())
            .arg(PEER)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn python3");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                eprintln!("[peer.py] {line}");
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Peer {
            child,
            lines,
            what: args.join(" "),
        }
    }

    /// The rest of the first line starting with `prefix` (earlier lines are skipped).
    fn line(&self, prefix: &str) -> String {
        let deadline = Instant::now() + CHILD_WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(rest) = line.strip_prefix(prefix) {
                        return rest.trim().to_owned();
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!(
                        "peer.py {}: no {prefix:?} line within {CHILD_WAIT:?}",
                        self.what
                    )
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("peer.py {}: exited without a {prefix:?} line", self.what)
                }
            }
        }
    }

    /// Waits for the child to exit (killing it after [`CHILD_WAIT`]).
    fn wait(&mut self) -> ExitStatus {
        let deadline = Instant::now() + CHILD_WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("peer.py {}: still running after {CHILD_WAIT:?}", self.what);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn succeeds(mut self) {
        let status = self.wait();
        assert!(status.success(), "peer.py {} failed: {status}", self.what);
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

fn texts(frames: &[Message]) -> Vec<String> {
    frames
        .iter()
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect()
}

#[test]
fn our_curve_server_accepts_a_pyzmq_curve_client_with_a_pyzmq_certificate() {
    if !pyzmq_available(true) {
        return;
    }
    with_timeout(LIMIT, || {
        let dir = TempDir::new("pyzmq-certs");
        let dir_s = dir.0.display().to_string();
        // pyzmq writes the client's certificate (zcert format); our authenticator loads it.
        let certs = Peer::spawn(&["certs", &dir_s, "client"]);
        certs.line("CERTS");
        certs.succeeds();
        let public_file = std::fs::read_to_string(dir.0.join("client.key")).unwrap();
        let client_public = parse_public_key(&public_file).expect("public key in client.key");

        let ctx = Context::new().unwrap();
        let auth = Authenticator::start(&ctx).unwrap();
        auth.allow("127.0.0.1");
        assert_eq!(auth.curve_load_dir(&dir.0).unwrap(), 1);

        let server_keys = CurveKeyPair::generate().unwrap();
        let server = socket(&ctx, SocketType::Rep);
        server.set(opt::CurveServer, true).unwrap();
        server
            .set(opt::CurveSecretKey, &server_keys.secret)
            .unwrap();
        server.bind("tcp://127.0.0.1:*").unwrap();
        let endpoint = server.last_endpoint().unwrap();

        let secret_file = dir.0.join("client.key_secret").display().to_string();
        let client = Peer::spawn(&[
            "curve-client",
            &endpoint,
            &format!("--server-public={}", server_keys.public.to_z85()),
            &secret_file,
        ]);
        let request = server.recv_multipart().unwrap();
        assert_eq!(texts(&request), ["hello", "from pyzmq"]);
        assert_eq!(
            request[0].gets("User-Id"),
            Some(client_public.to_z85().as_str())
        );
        server.send_multipart(["welcome", "rust"]).unwrap();
        assert_eq!(client.line("REPLY"), "welcome|rust");
        client.succeeds();
        auth.stop();
    });
}

#[test]
fn pyzmq_curve_server_accepts_our_curve_client_with_our_key_file() {
    if !pyzmq_available(true) {
        return;
    }
    with_timeout(LIMIT, || {
        let dir = TempDir::new("pyzmq-allowed");
        let server_keys = CurveKeyPair::generate().unwrap();
        let client_keys = CurveKeyPair::generate().unwrap();
        // pyzmq's ThreadAuthenticator reads our zcert file (it loads `*.key`).
        save_public_key(dir.0.join("rust-client.key"), &client_keys.public).unwrap();

        let server = Peer::spawn(&[
            "curve-server",
            &format!("--server-secret={}", server_keys.secret.to_z85()),
            &dir.0.display().to_string(),
        ]);
        let endpoint = server.line("ENDPOINT");
        assert!(endpoint.starts_with("tcp://127.0.0.1:"), "{endpoint}");

        let ctx = Context::new().unwrap();
        let client = socket(&ctx, SocketType::Req);
        client
            .set(opt::CurveServerKey, &server_keys.public)
            .unwrap();
        client
            .set(opt::CurvePublicKey, &client_keys.public)
            .unwrap();
        client
            .set(opt::CurveSecretKey, &client_keys.secret)
            .unwrap();
        client.connect(&endpoint).unwrap();
        client.send_multipart(["hello", "from rust"]).unwrap();
        let reply = client.recv_multipart().unwrap();
        assert_eq!(texts(&reply), ["ack", &client_keys.public.to_z85()]);
        assert_eq!(
            server.line("REQUEST"),
            format!("hello|from rust USER-ID {}", client_keys.public)
        );
        server.succeeds();
    });
}

/// Multipart requests with an empty frame and a large binary frame; the python REP answers each
/// with the frames reversed and `pyzmq` appended.
fn multipart_exchange(client: &zmq::Socket, rounds: usize) {
    let big: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
    for round in 0..rounds {
        let first = format!("round {round}");
        let parts: Vec<Message> = vec![
            first.as_str().into(),
            Message::new(),
            big.clone().into(),
            "last".into(),
        ];
        client.send_multipart(parts).unwrap();
        let reply = client.recv_multipart().unwrap();
        assert_eq!(reply.len(), 5);
        assert_eq!(&reply[0][..], b"last");
        assert_eq!(&reply[1][..], &big[..]);
        assert!(reply[2].is_empty());
        assert_eq!(&reply[3][..], first.as_bytes());
        assert_eq!(&reply[4][..], b"pyzmq");
    }
}

#[test]
fn null_multipart_over_tcp_with_pyzmq() {
    if !pyzmq_available(false) {
        return;
    }
    with_timeout(LIMIT, || {
        let ctx = Context::new().unwrap();
        let client = socket(&ctx, SocketType::Req);
        client.bind("tcp://127.0.0.1:*").unwrap();
        let endpoint = client.last_endpoint().unwrap();
        let peer = Peer::spawn(&["echo", &endpoint, "connect", "3"]);
        multipart_exchange(&client, 3);
        assert_eq!(peer.line("DONE"), "3");
        peer.succeeds();
    });
}

#[test]
fn null_multipart_over_ipc_with_pyzmq() {
    if !pyzmq_available(false) {
        return;
    }
    with_timeout(LIMIT, || {
        let dir = TempDir::new("pyzmq-ipc");
        let endpoint = dir.ipc("echo.sock");
        let peer = Peer::spawn(&["echo", &endpoint, "bind", "3"]);
        assert_eq!(peer.line("ENDPOINT"), endpoint);
        let ctx = Context::new().unwrap();
        let client = socket(&ctx, SocketType::Req);
        client.connect(&endpoint).unwrap();
        multipart_exchange(&client, 3);
        assert_eq!(peer.line("DONE"), "3");
        peer.succeeds();
    });
}
