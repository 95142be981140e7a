//! `udpping1.c` (chapter 8): UDP discovery, model 1, with the UDP work inline. One UDP socket
//! bound to port 9999 broadcasts a one-byte beacon (`!`) to 255.255.255.255 once a second,
//! printing `Pinging peers...`, and reports every beacon that comes in, its own included, as
//! `Found peer ADDRESS:PORT`. [`zmq::poll`] waits on the UDP socket's descriptor.
//!
//! It broadcasts on the network it runs on: the tests run it only inside network namespaces.
//!
//! Run: `cargo run --example udpping1` (Ctrl-C to stop). `ZGUIDE_PORT_OFFSET` shifts the port and
//! `ZGUIDE_TIME_SCALE` the interval, as for the other ports. Any socket error ends the program
//! with `what: error` on stderr and exit status 1, as `derp` does in the C.
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::net::{Ipv4Addr, SocketAddrV4, UdpSocket};
use std::os::fd::AsFd;
use std::time::Instant;

use zmq::{PollEvents, PollItem};

const PING_PORT_NUMBER: u32 = 9999;
const PING_MSG_SIZE: usize = 1;
const PING_INTERVAL: u64 = 1000; // Once per second

/// Prints what failed, as `perror` does, and exits (`derp`).
fn derp(what: &str, error: std::io::Error) -> ! {
    let text = error.to_string();
    // `perror` shows the bare strerror text, without Rust's " (os error N)"
    let text = text.split(" (os error").next().unwrap_or_default();
    eprintln!("{what}: {text}");
    std::process::exit(1)
}

fn main() -> anyhow::Result<()> {
    zhelpers::s_catch_signals();
    let port = zhelpers::port(PING_PORT_NUMBER) as u16;
    let interval = zhelpers::scaled(PING_INTERVAL);

    // Create a UDP socket bound to our port, so we can receive pings
    let socket = UdpSocket::bind(SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, port))
        .unwrap_or_else(|e| derp("bind", e));
    // Ask the operating system to let us broadcast from it
    socket
        .set_broadcast(true)
        .unwrap_or_else(|e| derp("setsockopt (SO_BROADCAST)", e));

    let mut buffer = [0u8; PING_MSG_SIZE];

    // zmq_poll waits for activity on the UDP socket, because it works on non-ØMQ file
    // descriptors too. We send a beacon once a second, and collect and report the beacons that
    // come in from other nodes.
    let mut items = [PollItem::from_fd(socket.as_fd(), PollEvents::POLLIN)];
    // Send the first ping right away
    let mut ping_at = Instant::now();

    while !zhelpers::s_interrupted() {
        let timeout = ping_at.saturating_duration_since(Instant::now());
        if zmq::poll(&mut items, Some(timeout)).is_err() {
            break; // Interrupted
        }

        // Someone answered our ping
        if items[0].is_readable() {
            let (_, from) = socket
                .recv_from(&mut buffer)
                .unwrap_or_else(|e| derp("recvfrom", e));
            println!("Found peer {from}");
        }
        if Instant::now() >= ping_at {
            // Broadcast our beacon
            println!("Pinging peers...");
            buffer[0] = b'!';
            let to = SocketAddrV4::new(Ipv4Addr::BROADCAST, port);
            socket
                .send_to(&buffer, to)
                .unwrap_or_else(|e| derp("sendto", e));
            ping_at = Instant::now() + interval;
        }
    }
    Ok(())
}
