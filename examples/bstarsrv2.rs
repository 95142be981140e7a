//! Binary Star server using the `bstar` reactor (`bstarsrv2.c`, chapter 4): an echo service
//! with primary/backup failover.
//!
//! Run: `cargo run --example bstarsrv2 -- -p` and `cargo run --example bstarsrv2 -- -b`, then
//! `bstarcli`. Same endpoints as `bstarsrv`: primary clients 5001, state 5003 → 5004; backup
//! clients 5002, state 5004 → 5003. The heartbeat is Guide time (`ZGUIDE_TIME_SCALE`).

#[path = "zguide/bstar.rs"]
mod bstar;
#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use zmq::SocketType;

/// Echo service.
fn echo(socket: &zmq::Socket) {
    if let Ok(msg) = socket.recv_multipart() {
        let _ = socket.send_multipart(msg);
    }
}

fn main() {
    zhelpers::s_catch_signals();
    let arg = std::env::args().nth(1);
    let mut bstar = match arg.as_deref() {
        Some("-p") => {
            println!("I: Primary active, waiting for backup (passive)");
            let mut bstar = bstar::Bstar::new(
                bstar::BSTAR_PRIMARY,
                &zhelpers::ep!("tcp://*:5003"),
                &zhelpers::ep!("tcp://localhost:5004"),
            );
            bstar
                .voter(&zhelpers::ep!("tcp://*:5001"), SocketType::Router, echo)
                .expect("voter");
            bstar
        }
        Some("-b") => {
            println!("I: Backup passive, waiting for primary (active)");
            let mut bstar = bstar::Bstar::new(
                bstar::BSTAR_BACKUP,
                &zhelpers::ep!("tcp://*:5004"),
                &zhelpers::ep!("tcp://localhost:5003"),
            );
            bstar
                .voter(&zhelpers::ep!("tcp://*:5002"), SocketType::Router, echo)
                .expect("voter");
            bstar
        }
        _ => {
            println!("Usage: bstarsrvs {{ -p | -b }}");
            return;
        }
    };
    bstar.start();
}
