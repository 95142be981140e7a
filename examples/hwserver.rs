//! `hwserver.c` (chapter 1): Hello World server. Binds a REP socket to `tcp://*:5555`, and for
//! every request prints `Received Hello`, "works" one second and replies `World`.
//!
//! Run: `cargo run --example hwserver` (then `hwclient` in another terminal).
//! `--work-ms N` scales the pretend work (default 1000, the Guide's `sleep (1)`).
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
        // The request's content is not looked at, as in the C.
        responder.recv_msg()?;
        println!("Received Hello");
        zhelpers::s_sleep(work_ms); // Pretend to do some 'work'
        responder.send("World")?;
    }
}
