//! `fileio1.c` (chapter 7): file transfer model #1. The server sends the whole file to the
//! client in 250,000-byte chunks, with no flow control at all, then a zero-size chunk; the client
//! counts what arrives and prints `N chunks received, M bytes`.
//!
//! Client and server are threads of one process (as in the C), meeting on
//! `tcp://127.0.0.1:6000`; the client tells the main thread over an inproc PAIR pipe when it is
//! done, and the main thread then ends the context, which stops the server.
//!
//! Run: `cargo run --example mktestdata && cargo run --example fileio1 [-- [--trace] [FILE]]`.
//! `FILE` is the file to serve (default `testdata`, as in the C). With `--trace` (not in the C)
//! the server writes `> OFFSET SIZE` to stderr before sending each chunk and the client
//! `< SIZE` after receiving one, so a test can measure the data in flight.
use std::io::Read;

use zmq::{Context, Flags, SocketType};

#[path = "zguide/zhelpers.rs"]
mod zhelpers;

const CHUNK_SIZE: usize = 250_000;

struct Args {
    trace: bool,
    file: String,
}

fn parse_args() -> Args {
    let mut args = Args {
        trace: false,
        file: "testdata".to_owned(),
    };
    for a in std::env::args().skip(1) {
        if a == "--trace" {
            args.trace = true;
        } else {
            args.file = a;
        }
    }
    args
}

fn client_thread(context: Context, trace: bool) -> anyhow::Result<()> {
    let pipe = context.socket(SocketType::Pair)?;
    pipe.connect("inproc://client-pipe")?;
    let dealer = context.socket(SocketType::Dealer)?;
    dealer.connect(&zhelpers::ep!("tcp://127.0.0.1:6000"))?;

    dealer.send("fetch")?;
    let mut total = 0; // Total bytes received
    let mut chunks = 0; // Total chunks received

    loop {
        let frame = match dealer.recv_msg() {
            Ok(frame) => frame,
            Err(zmq::Error::ContextTerminated) => break, // Shutting down, quit
            Err(e) => return Err(e.into()),
        };
        chunks += 1;
        let size = frame.len();
        if trace {
            eprintln!("< {size}");
        }
        total += size;
        if size == 0 {
            break; // Whole file received
        }
    }
    println!("{chunks} chunks received, {total} bytes");
    pipe.send("OK")?;
    Ok(())
}

/// Reads up to `CHUNK_SIZE` bytes, fewer only at the end of the file (as `fread` does).
fn read_chunk(file: &mut std::fs::File) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::with_capacity(CHUNK_SIZE);
    file.take(CHUNK_SIZE as u64).read_to_end(&mut data)?;
    Ok(data)
}

// The server thread reads the file from disk in chunks and sends each chunk to the client as a
// separate message. There is only one test file, so it is opened once and served as needed.
fn server_thread(context: Context, path: String, trace: bool) -> anyhow::Result<()> {
    let mut file = std::fs::File::open(&path)?;

    let router = context.socket(SocketType::Router)?;
    // The default HWM is 1000, which would drop messages here because we send more than
    // 1,000 chunks of test data; so set an infinite HWM as a simple, stupid solution.
    router.set(zmq::opt::SndHwm, 0)?;
    router.set(zmq::opt::RcvHwm, 0)?;
    router.bind(&zhelpers::ep!("tcp://*:6000"))?;
    let mut offset = 0;
    loop {
        // The first frame of each message is the sender's identity
        let identity = match router.recv_msg() {
            Ok(identity) => identity,
            Err(zmq::Error::ContextTerminated) => break, // Shutting down, quit
            Err(e) => return Err(e.into()),
        };
        // The second frame is the "fetch" command
        let command = router.recv_string()?;
        assert_eq!(command, "fetch");

        loop {
            let chunk = read_chunk(&mut file)?;
            let size = chunk.len();
            if trace {
                eprintln!("> {offset} {size}");
            }
            offset += size;
            router.send_with(&identity, Flags::SNDMORE)?; // Reused for every chunk
            router.send(chunk)?;
            if size == 0 {
                break; // Always end with a zero-size frame
            }
        }
    }
    Ok(())
}

// The main thread starts the client and server threads; it's easier to test this as a single
// process with threads than as several processes.
fn main() -> anyhow::Result<()> {
    let args = parse_args();
    let context = Context::new()?;
    let client = context.socket(SocketType::Pair)?;
    client.bind("inproc://client-pipe")?;

    let ctx = context.clone();
    let (file, trace) = (args.file, args.trace);
    let server = std::thread::spawn(move || or_exit("server", server_thread(ctx, file, trace)));
    let ctx = context.clone();
    let client_handle = std::thread::spawn(move || or_exit("client", client_thread(ctx, trace)));

    // Wait until the client tells us it's done
    client.recv_msg()?;
    drop(client);
    // Kill the server thread
    context.shutdown()?;
    client_handle.join().expect("client thread panicked");
    server.join().expect("server thread panicked");
    Ok(())
}

/// A failing thread ends the process, as the C's `assert` would. The context ending under a
/// thread is its normal end: the server may still be answering requests when the main thread
/// ends the context (in C, that last `zframe_send` fails and is ignored).
fn or_exit(thread: &str, result: anyhow::Result<()>) {
    if let Err(e) = result {
        let terminated = e.downcast_ref::<zmq::Error>() == Some(&zmq::Error::ContextTerminated)
            || e.downcast_ref::<zmq::SendError>()
                .is_some_and(|s| s.error == zmq::Error::ContextTerminated);
        if terminated {
            return;
        }
        eprintln!("E: {thread} thread: {e}");
        std::process::exit(1);
    }
}
