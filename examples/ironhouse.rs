//! The Ironhouse pattern (ZeroMQ Guide, chapter 5, `ironhouse.c`): CURVE encryption with
//! client authentication. The authenticator allows 127.0.0.1 and the client public keys found
//! in a certificate directory; the server is a CURVE PUSH, the client a PULL.
//!
//! Security is like an onion: the more layers you peel back, the more you want to cry.
//!
//! Run it with `cargo run --example ironhouse`. The authenticator is verbose (as
//! `zauth_set_verbose` makes czmq's), so its decisions are printed to stderr.

use std::time::Duration;

use anyhow::{ensure, Result};
use zmq::auth::save_public_key;
use zmq::{opt, Authenticator, Context, CurveKeyPair, SocketType};

/// Prints the authenticator's log lines the way czmq's `zauth` does (`I: ...`).
struct Stderr;

impl log::Log for Stderr {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target().starts_with("zmq::auth") && metadata.level() <= log::Level::Info
    }
    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            eprintln!("I: {}", record.args());
        }
    }
    fn flush(&self) {}
}

static LOGGER: Stderr = Stderr;

fn main() -> Result<()> {
    log::set_logger(&LOGGER).map_err(|e| anyhow::anyhow!("{e}"))?;
    log::set_max_level(log::LevelFilter::Info);

    //  Create context and start authentication engine
    let ctx = Context::new()?;
    let auth = Authenticator::start(&ctx)?;
    auth.set_verbose(true);
    auth.allow("127.0.0.1");

    //  We'll generate a new client certificate and save the public part
    //  in the certificate store (in practice this would be done by hand
    //  or some out-of-band process). The C version uses ./.curve; we use a
    //  temporary directory so running the example leaves nothing behind.
    let store = std::env::temp_dir().join(format!("ironhouse-{}", std::process::id()));
    let curve_dir = store.join(".curve");
    std::fs::create_dir_all(&curve_dir)?;
    let client_cert = CurveKeyPair::generate()?;
    save_public_key(curve_dir.join("testcert.pub"), &client_cert.public)?;

    //  Tell the authenticator how to handle CURVE requests
    auth.curve_load_dir(&curve_dir)?;

    //  Prepare the server certificate as we did in Stonehouse
    let server_cert = CurveKeyPair::generate()?;
    let server_key = server_cert.public.to_z85();

    //  Create and bind server socket (an ephemeral loopback port instead of tcp://*:9000)
    let server = ctx.socket(SocketType::Push)?;
    server.set(opt::CurveSecretKey, &server_cert.secret)?;
    server.set(opt::CurveServer, true)?;
    server.bind("tcp://127.0.0.1:*")?;
    let endpoint = server.last_endpoint()?;

    //  Create and connect client socket
    let client = ctx.socket(SocketType::Pull)?;
    client.set(opt::CurvePublicKey, &client_cert.public)?;
    client.set(opt::CurveSecretKey, &client_cert.secret)?;
    client.set(opt::CurveServerKey, server_key.as_str())?;
    client.set(opt::RcvTimeo, Some(Duration::from_secs(5)))?;
    client.connect(&endpoint)?;

    //  Send a single message from server to client
    server.send("Hello")?;
    let message = client.recv_string()?;
    ensure!(message == "Hello", "unexpected message {message:?}");
    println!("Ironhouse test OK");

    //  Remove the certificate store
    std::fs::remove_dir_all(&store)?;
    auth.stop();
    Ok(())
}
