//! `mtserver.c` (chapter 2): multithreaded Hello World server. A ROUTER on `tcp://*:5555` for
//! clients and a DEALER on `inproc://workers`, joined by [`zmq::proxy`]; five worker threads
//! with REP sockets on `inproc://workers` each print the request, work one second and reply
//! `World`, so five clients are served in parallel.
//!
//! Run: `cargo run --example mtserver` (then `hwclient`s).
//! `--work-ms N` scales each worker's pretend work (default 1000, the Guide's `sleep (1)`).
#[path = "zguide/ch12_args.rs"]
mod args;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{Context, SocketType};

fn worker_routine(context: Context, work_ms: u64) -> zmq::Result<()> {
    // Socket to talk to dispatcher
    let receiver = context.socket(SocketType::Rep)?;
    receiver.connect("inproc://workers")?;
    loop {
        let request = receiver.recv_string()?;
        println!("Received request: [{request}]");
        // Do some 'work'
        zhelpers::s_sleep(work_ms);
        // Send reply back to client
        receiver.send("World")?;
    }
}

fn main() -> anyhow::Result<()> {
    let work_ms = args::num("work-ms", 1000);
    let context = Context::new()?;
    // Socket to talk to clients
    let clients = context.socket(SocketType::Router)?;
    clients.bind(&zhelpers::ep!("tcp://*:5555"))?;
    // Socket to talk to workers
    let workers = context.socket(SocketType::Dealer)?;
    workers.bind("inproc://workers")?;

    // Launch pool of worker threads
    for _ in 0..5 {
        let context = context.clone();
        std::thread::spawn(move || worker_routine(context, work_ms));
    }
    // Connect work threads to client threads via a queue proxy
    zmq::proxy(&clients, &workers)?;
    Ok(())
}
