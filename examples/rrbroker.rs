//! `rrbroker.c` (chapter 2): simple request-reply broker. A ROUTER frontend (`tcp://*:5559`)
//! for clients and a DEALER backend (`tcp://*:5560`) for workers; a [`zmq::poll`] loop moves
//! every frame of every message from one side to the other, keeping the `more` flag.
//!
//! Run: `cargo run --example rrbroker` (then `rrworker`s and `rrclient`s).
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::{poll, Context, Flags, Message, PollEvents, Socket, SocketType};

/// Moves one whole multipart message from `from` to `to`, frame by frame.
fn forward(from: &Socket, to: &Socket, msg: &mut Message) -> zmq::Result<()> {
    loop {
        from.recv(msg)?;
        let more = msg.more();
        let frame = std::mem::take(msg);
        to.send_with(frame, if more { Flags::SNDMORE } else { Flags::EMPTY })?;
        if !more {
            return Ok(()); // Last message part
        }
    }
}

fn main() -> anyhow::Result<()> {
    // Prepare our context and sockets
    let context = Context::new()?;
    let frontend = context.socket(SocketType::Router)?;
    let backend = context.socket(SocketType::Dealer)?;
    frontend.bind(&zhelpers::ep!("tcp://*:5559"))?;
    backend.bind(&zhelpers::ep!("tcp://*:5560"))?;

    // Initialize poll set
    let mut items = [
        frontend.as_poll_item(PollEvents::POLLIN),
        backend.as_poll_item(PollEvents::POLLIN),
    ];
    // Switch messages between sockets
    let mut message = Message::new();
    loop {
        poll(&mut items, None)?;
        if items[0].is_readable() {
            forward(&frontend, &backend, &mut message)?;
        }
        if items[1].is_readable() {
            forward(&backend, &frontend, &mut message)?;
        }
    }
}
