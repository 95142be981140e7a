//! `identity.c`, chapter 3 of the ZeroMQ Guide: request-reply identities.
//!
//! A ROUTER binds `inproc://example`; a REQ without an identity sends a request (the ROUTER
//! shows the 5-byte identity libzmq generates: a zero byte and a 32-bit counter), then a REQ
//! with the identity `PEER2` sends one (the ROUTER shows `PEER2`). Each message is printed with
//! `s_dump`: identity frame, empty delimiter, body.
//!
//! Run: `cargo run --example identity`.

#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use anyhow::Result;
use zhelpers::{ep, s_dump, s_send};
use zmq::{opt, Context, SocketType};

fn main() -> Result<()> {
    let context = Context::new()?;
    let sink = context.socket(SocketType::Router)?;
    sink.bind(&ep!("inproc://example"))?;

    // First allow 0MQ to set the identity
    let anonymous = context.socket(SocketType::Req)?;
    anonymous.connect(&ep!("inproc://example"))?;
    s_send(&anonymous, "ROUTER uses a generated 5 byte identity")?;
    s_dump(&sink)?;

    // Then set the identity ourselves
    let identified = context.socket(SocketType::Req)?;
    identified.set(opt::RoutingId, b"PEER2")?;
    identified.connect(&ep!("inproc://example"))?;
    s_send(&identified, "ROUTER socket uses REQ's socket identity")?;
    s_dump(&sink)?;
    Ok(())
}
