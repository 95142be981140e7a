//! `eagain.c` (chapter 8): shows how to provoke EAGAIN when reaching the HWM. A DEALER with a
//! send HWM of 4 and a send timeout of 0 connects to `tcp://localhost:9876`, where nobody
//! listens, and sends `message 0`, `message 1`, ... until a send fails; it prints
//! `Sending message N` before each attempt and the error's text (`Resource temporarily
//! unavailable`) when one fails. With libzmq 4.3.5 the fifth send fails.
//!
//! Run: `cargo run --example eagain`.
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{Context, SocketType};

fn main() -> anyhow::Result<()> {
    let context = Context::new()?;

    let mailbox = context.socket(SocketType::Dealer)?;
    mailbox.set(zmq::opt::SndHwm, 4)?;
    mailbox.set_sndtimeo(Some(std::time::Duration::ZERO))?;
    mailbox.connect(&zhelpers::ep!("tcp://localhost:9876"))?;

    for count in 0..10 {
        println!("Sending message {count}");
        if let Err(e) = mailbox.send(format!("message {count}")) {
            println!("{}", e.error);
            break;
        }
    }
    Ok(())
}
