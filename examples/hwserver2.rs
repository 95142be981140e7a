//! `hwserver2.c` (contributed, chapter 1 variant): Hello World server on a REP socket bound to
//! `tcp://*:5555`. For each request it prints `Received request msg: Hello` and `Send respond
//! msg: World` (then a blank line), replies `World`, and then "works" one second. Serves
//! `hwclient`, `hwclient2` (DEALER) and `hwclient3`.
//!
//! Run: `cargo run --example hwserver2`. `--work-ms N` scales the work (default 1000, the C's
//! `sleep (1)`).
#[path = "zguide/ch12_args.rs"]
mod args;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{Context, SocketType};

fn main() -> anyhow::Result<()> {
    let work_ms = args::num("work-ms", 1000);
    let context = Context::new()?;
    let responder = context.socket(SocketType::Rep)?;
    responder.bind(&zhelpers::ep!("tcp://*:5555"))?;

    loop {
        let request = zhelpers::s_recv(&responder).unwrap_or_default();
        println!("Received request msg: {request}");
        println!("Send respond msg: World\n");
        responder.send("World")?;
        zhelpers::s_sleep(work_ms); // Do some work
    }
}
