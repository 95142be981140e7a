//! The Guide's `interface.c` (chapter 8), written for this crate: an "interface" to a network of
//! nodes. [`Interface::new`] starts a background agent thread that broadcasts our UUID as a UDP
//! beacon once a second on port 9999 (through `udplib.rs`), tracks the peers whose beacons it
//! hears, and reports them to the application over an inproc PAIR pipe as two-frame messages:
//! `JOINED` + the peer's UUID in hex when one first appears, `LEFT` + its UUID when it has been
//! silent for five seconds. [`Interface::recv`] returns the next report.
//!
//! Include with `#[path = "zguide/interface.rs"] mod interface;` next to `udplib` and
//! `zhelpers` (the port and times follow `ZGUIDE_PORT_OFFSET` and `ZGUIDE_TIME_SCALE`). The C
//! uses libuuid; here the UUID is 16 random bytes from the OS with the version-4 bits set.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Instant;

use zmq::{Context, Flags, Message, PollEvents, PollItem, Socket, SocketType};

use crate::udplib::Udp;
use crate::zhelpers;

const PING_PORT_NUMBER: u32 = 9999;
const PING_INTERVAL: u64 = 1000; // Once per second
const PEER_EXPIRY: u64 = 5000; // Five seconds and it's gone

/// A UUID as a binary blob.
type Uuid = [u8; 16];

/// The application's side of the interface (`interface_t`).
pub struct Interface {
    context: Context,
    pipe: Socket,
    agent: Option<JoinHandle<()>>,
}

impl Interface {
    /// Starts the agent (`interface_new`).
    pub fn new() -> anyhow::Result<Interface> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let endpoint = format!("inproc://interface-{}", N.fetch_add(1, Ordering::Relaxed));
        let context = Context::new()?;
        let pipe = context.socket(SocketType::Pair)?;
        pipe.bind(&endpoint)?;
        let agent_pipe = context.socket(SocketType::Pair)?;
        agent_pipe.connect(&endpoint)?;
        let udp = Udp::new(zhelpers::port(PING_PORT_NUMBER) as u16)?;
        let agent = std::thread::spawn(move || {
            if let Err(e) = Agent::new(agent_pipe, udp).and_then(|a| a.run()) {
                eprintln!("E: interface agent: {e}");
                std::process::exit(1);
            }
        });
        Ok(Interface {
            context,
            pipe,
            agent: Some(agent),
        })
    }

    /// Waits for the next report from the agent (`interface_recv`); `None` when interrupted.
    pub fn recv(&self) -> Option<Vec<Message>> {
        self.pipe.recv_multipart().ok()
    }
}

impl Drop for Interface {
    /// Stops the agent (`interface_destroy`).
    fn drop(&mut self) {
        let _ = self.context.shutdown();
        if let Some(agent) = self.agent.take() {
            let _ = agent.join();
        }
    }
}

/// A UUID as printable hex (`s_uuid_str`).
fn uuid_str(uuid: &Uuid) -> String {
    uuid.iter().map(|b| format!("{b:02X}")).collect()
}

/// A fresh random (version 4) UUID (`uuid_generate`).
fn uuid_generate() -> std::io::Result<Uuid> {
    let mut uuid = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut uuid)?;
    uuid[6] = (uuid[6] & 0x0f) | 0x40;
    uuid[8] = (uuid[8] & 0x3f) | 0x80;
    Ok(uuid)
}

/// The background half (`agent_t`): the pipe back to the application, the UDP beacon socket,
/// our UUID and the peers we know, by UUID string, with the time each expires at.
struct Agent {
    pipe: Socket,
    udp: Udp,
    uuid: Uuid,
    peers: HashMap<String, Instant>,
}

impl Agent {
    fn new(pipe: Socket, udp: Udp) -> anyhow::Result<Agent> {
        Ok(Agent {
            pipe,
            udp,
            uuid: uuid_generate()?,
            peers: HashMap::new(),
        })
    }

    /// A control message from the application. There are no commands yet; this is where they
    /// would go. Returns false when the context is ending.
    fn control_message(&self) -> bool {
        self.pipe.recv_multipart().is_ok()
    }

    /// A beacon on the UDP socket: from a peer, or the echo of our own.
    fn handle_beacon(&mut self) -> anyhow::Result<()> {
        let mut uuid: Uuid = [0; 16];
        let size = self.udp.recv(&mut uuid)?.map(|(size, _)| size);
        // A UUID that is not our own: a peer
        if size == Some(uuid.len()) && uuid != self.uuid {
            let uuid_str = uuid_str(&uuid);
            if !self.peers.contains_key(&uuid_str) {
                // Report that the peer joined the network
                self.report("JOINED", &uuid_str)?;
            }
            // Any activity from the peer means it's alive
            self.peers
                .insert(uuid_str, Instant::now() + zhelpers::scaled(PEER_EXPIRY));
        }
        Ok(())
    }

    /// Sends `event` and a peer's UUID string to the application.
    fn report(&self, event: &str, uuid: &str) -> zmq::Result<()> {
        self.pipe
            .send_with(event, Flags::SNDMORE)
            .and_then(|()| self.pipe.send(uuid))
            .map_err(|e| e.error)
    }

    /// Deletes and reports the peers that have not been heard from in time.
    fn reap_peers(&mut self) -> anyhow::Result<()> {
        let now = Instant::now();
        let expired: Vec<String> = self
            .peers
            .iter()
            .filter(|(_, expires_at)| now >= **expires_at)
            .map(|(uuid, _)| uuid.clone())
            .collect();
        for uuid in expired {
            // Report that the peer left the network
            self.report("LEFT", &uuid)?;
            self.peers.remove(&uuid);
        }
        Ok(())
    }

    /// The agent's loop: polls the pipe (commands from the API) and the UDP socket (beacons).
    fn run(mut self) -> anyhow::Result<()> {
        let interval = zhelpers::scaled(PING_INTERVAL);
        // Send the first beacon at once
        let mut ping_at = Instant::now();
        loop {
            let timeout = ping_at.saturating_duration_since(Instant::now());
            let (pipe_in, udp_in) = {
                let mut items = [
                    self.pipe.as_poll_item(PollEvents::POLLIN),
                    PollItem::from_fd(self.udp.handle(), PollEvents::POLLIN),
                ];
                match zmq::poll(&mut items, Some(timeout)) {
                    Ok(_) => {}
                    Err(zmq::Error::Interrupted) => continue,
                    Err(_) => break, // The context is ending
                }
                (items[0].is_readable(), items[1].is_readable())
            };
            // Activity on the pipe: a control message (the application never sends one yet)
            if pipe_in && !self.control_message() {
                break;
            }
            // Input on the UDP socket
            if udp_in {
                if let Err(e) = self.handle_beacon() {
                    return ended(e);
                }
            }
            // Past the one-second mark: broadcast our beacon
            if Instant::now() >= ping_at {
                self.udp.send(&self.uuid)?;
                ping_at = Instant::now() + interval;
            }
            // Delete and report any expired peers
            if let Err(e) = self.reap_peers() {
                return ended(e);
            }
        }
        Ok(())
    }
}

/// The agent's end after `error`: normal when the context is ending (the application went away
/// while a report was on its way), a failure otherwise.
fn ended(error: anyhow::Error) -> anyhow::Result<()> {
    match error.downcast_ref::<zmq::Error>() {
        Some(zmq::Error::ContextTerminated) => Ok(()),
        _ => Err(error),
    }
}
