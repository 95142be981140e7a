//! `fileio3.c` (chapter 7): file transfer model #3. The client pipelines its chunk requests:
//! it holds a credit of PIPELINE (10) requests, spends one per `fetch` (offset, chunk size) and
//! gets one back per chunk received, so at most PIPELINE × 250,000 bytes are ever in flight.
//! It stops at the first chunk shorter than 250,000 bytes and prints `N chunks received,
//! M bytes`. The server is model #2's, with its ROUTER's HWM at PIPELINE × 2 as a sanity check.
//!
//! Client and server are threads of one process (as in the C), meeting on
//! `tcp://127.0.0.1:6000`.
//!
//! Run: `cargo run --example mktestdata && cargo run --example fileio3 [-- [--trace] [FILE]]`.
//! `FILE` is the file to serve (default `testdata`). With `--trace` (not in the C) the client
//! writes `fetch OFFSET` to stderr for each request and `< SIZE` for each chunk, the server
//! `> OFFSET SIZE` before sending a chunk, so a test can measure the data in flight.
use std::io::{Read, Seek, SeekFrom};

use zmq::{Context, Flags, SocketType};

#[path = "zguide/zhelpers.rs"]
mod zhelpers;

const CHUNK_SIZE: usize = 250_000;
const PIPELINE: usize = 10;

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

    // Up to this many chunks in transit
    let mut credit = PIPELINE;

    let mut total = 0; // Total bytes received
    let mut chunks = 0; // Total chunks received
    let mut offset = 0; // Offset of the next chunk request

    loop {
        while credit > 0 {
            // Ask for the next chunk
            if trace {
                eprintln!("fetch {offset}");
            }
            dealer.send_with("fetch", Flags::SNDMORE)?;
            dealer.send_with(offset.to_string(), Flags::SNDMORE)?;
            dealer.send(CHUNK_SIZE.to_string())?;
            offset += CHUNK_SIZE;
            credit -= 1;
        }
        let chunk = match dealer.recv_msg() {
            Ok(chunk) => chunk,
            Err(zmq::Error::ContextTerminated) => break, // Shutting down, quit
            Err(e) => return Err(e.into()),
        };
        chunks += 1;
        credit += 1;
        let size = chunk.len();
        if trace {
            eprintln!("< {size}");
        }
        total += size;
        if size < CHUNK_SIZE {
            break; // Last chunk received; exit
        }
    }
    println!("{chunks} chunks received, {total} bytes");
    pipe.send("OK")?;
    Ok(())
}

// The server thread waits for a chunk request from a client, reads that chunk and sends it
// back to the client.
fn server_thread(context: Context, path: String, trace: bool) -> anyhow::Result<()> {
    let mut file = std::fs::File::open(&path)?;

    let router = context.socket(SocketType::Router)?;
    // Two parts per message, so the HWM is PIPELINE × 2
    router.set(zmq::opt::SndHwm, (PIPELINE * 2) as i32)?;
    router.set(zmq::opt::RcvHwm, (PIPELINE * 2) as i32)?;
    // Not in the C: a ROUTER silently drops a message when its peer's pipe is at the HWM, and
    // libzmq's count of what the peer has read lags by up to half the HWM (the reader reports
    // every HWM/2 messages), so under load the PIPELINE × 2 "sanity check" did drop chunks (2
    // runs in 40 lost 1-3 chunks). Mandatory routing makes a full pipe wait instead.
    router.set(zmq::opt::RouterMandatory, true)?;
    router.bind(&zhelpers::ep!("tcp://*:6000"))?;
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
        // The third frame is the chunk's offset in the file
        let offset: u64 = router.recv_string()?.parse()?;
        // The fourth frame is the maximum chunk size
        let chunksz: u64 = router.recv_string()?.parse()?;

        // Read the chunk of data from the file
        file.seek(SeekFrom::Start(offset))?;
        let mut data = Vec::with_capacity(chunksz as usize);
        (&mut file).take(chunksz).read_to_end(&mut data)?;

        // Send the resulting chunk to the client
        if trace {
            eprintln!("> {offset} {}", data.len());
        }
        router.send_with(identity, Flags::SNDMORE)?;
        router.send(data)?;
    }
    Ok(())
}

// The main task starts the client and server threads; it's easier to test this as a single
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
