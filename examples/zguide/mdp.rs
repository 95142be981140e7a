//! Majordomo Protocol definitions (`mdp.h`, chapter 4): the MDP/0.1 client and worker headers
//! and the worker commands (http://rfc.zeromq.org/spec:7).
#![allow(dead_code)]

/// The version of MDP/Client we implement.
pub const MDPC_CLIENT: &str = "MDPC01";
/// The version of MDP/Worker we implement.
pub const MDPW_WORKER: &str = "MDPW01";

/// MDP/Worker commands, as one-byte frames.
pub const MDPW_READY: &[u8] = b"\x01";
pub const MDPW_REQUEST: &[u8] = b"\x02";
pub const MDPW_REPLY: &[u8] = b"\x03";
pub const MDPW_HEARTBEAT: &[u8] = b"\x04";
pub const MDPW_DISCONNECT: &[u8] = b"\x05";

/// The command names, indexed by command byte (`mdps_commands`).
pub const MDPS_COMMANDS: [&str; 6] = ["", "READY", "REQUEST", "REPLY", "HEARTBEAT", "DISCONNECT"];

/// The name of a command frame, for tracing.
pub fn command_name(command: &[u8]) -> &'static str {
    command
        .first()
        .and_then(|&c| MDPS_COMMANDS.get(usize::from(c)))
        .copied()
        .unwrap_or("?")
}
