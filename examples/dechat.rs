//! `dechat.c` (chapter 8): decentralized chat. A listener thread's SUB socket connects to port
//! 9000 of every address 1..254 of our /24 (the brute-force discovery the Guide uses to show
//! its limits) and prints every line it receives; the main thread's PUB socket binds port 9000
//! on the given interface and publishes each line typed on stdin as `username: line`.
//!
//! Run: `cargo run --example dechat -- 192.168.55.123 eth0 joe` on each machine of a network
//! segment. Without exactly three arguments it prints its usage. It connects across the whole
//! /24 of the address given: the tests run it only inside network namespaces.
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::io::BufRead;

use zmq::{Context, SocketType};

fn listener_task(context: Context, prefix: String) -> anyhow::Result<()> {
    let listener = context.socket(SocketType::Sub)?;
    for address in 1..255 {
        listener.connect(&zhelpers::ep!("tcp://{prefix}{address}:9000"))?;
    }
    listener.subscribe("")?;
    loop {
        match listener.recv_string() {
            // The line carries its own newline, as the C's fgets leaves it
            Ok(message) => print!("{message}"),
            Err(zmq::Error::ContextTerminated) => break,
            Err(zmq::Error::Interrupted) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The address up to and including its last dot: the /24 to scan
    let prefix = match args.as_slice() {
        [address, _, _] if address.contains('.') => {
            address[..=address.rfind('.').unwrap_or(0)].to_owned()
        }
        _ => {
            println!("Usage: dechat ipaddress interface username");
            println!("Example: dechat 192.168.55.123 eth0 joe");
            return Ok(());
        }
    };
    let (interface, username) = (&args[1], &args[2]);

    let context = Context::new()?;
    let ctx = context.clone();
    let listener = std::thread::spawn(move || {
        if let Err(e) = listener_task(ctx, prefix) {
            eprintln!("E: listener: {e}");
            std::process::exit(1);
        }
    });

    let broadcaster = context.socket(SocketType::Pub)?;
    broadcaster.bind(&zhelpers::ep!("tcp://{interface}:9000"))?;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        broadcaster.send(format!("{username}: {line}\n"))?;
    }
    drop(broadcaster);
    context.shutdown()?;
    listener.join().expect("listener panicked");
    Ok(())
}
