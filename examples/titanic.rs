//! Titanic service (`titanic.c`, chapter 4): disconnected reliability on top of Majordomo
//! (http://rfc.zeromq.org/spec:9). Three MDP workers (`titanic.request`, `titanic.reply`,
//! `titanic.close`) store requests and replies on disk; the main thread dispatches stored
//! requests to their services with the MDP client API until each gets a reply. Requests
//! survive a restart of titanic: the queue and the messages are files.
//!
//! Run: `cargo run --example titanic [-v]` with `mdbroker` running, then `ticlient`.
//!
//! Differences from the C, deliberate: the directory is `$TITANIC_DIR` when set (default
//! `.titanic`, the C's), so tests can isolate it; UUIDs are 16 bytes from `/dev/urandom` in
//! upper-case hex (the C uses libuuid); a stored message is a sequence of frames, each a 4-byte
//! big-endian length then the bytes (CZMQ's `zmsg_save` writes a native `size_t`). The
//! dispatch interval (1 000 ms) and the dispatcher's MDP timeout (1 000 ms) are Guide time
//! (`ZGUIDE_TIME_SCALE`).

#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/mdcliapi.rs"]
mod mdcliapi;
#[path = "zguide/mdp.rs"]
mod mdp;
#[path = "zguide/mdwrkapi.rs"]
mod mdwrkapi;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use zmq::{PollEvents, SocketType};

use ch4_util::Msg;

/// The message directory: `$TITANIC_DIR`, else `.titanic`.
fn titanic_dir() -> PathBuf {
    PathBuf::from(std::env::var("TITANIC_DIR").unwrap_or_else(|_| ".titanic".into()))
}

fn request_filename(uuid: &str) -> PathBuf {
    titanic_dir().join(format!("{uuid}.req"))
}

fn reply_filename(uuid: &str) -> PathBuf {
    titanic_dir().join(format!("{uuid}.rep"))
}

/// A new UUID as 32 upper-case hex characters.
fn generate_uuid() -> String {
    let mut bytes = [0u8; 16];
    fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .expect("read /dev/urandom");
    ch4_util::hex(&bytes)
}

/// Saves a message to a file (`zmsg_save`).
fn msg_save(path: &PathBuf, msg: &[Vec<u8>]) -> std::io::Result<()> {
    let mut data = Vec::new();
    for frame in msg {
        data.extend_from_slice(&(frame.len() as u32).to_be_bytes());
        data.extend_from_slice(frame);
    }
    fs::write(path, data)
}

/// Loads a message from a file (`zmsg_load`).
fn msg_load(path: &PathBuf) -> std::io::Result<Msg> {
    let data = fs::read(path)?;
    let mut msg = Vec::new();
    let mut rest = &data[..];
    while rest.len() >= 4 {
        let len = u32::from_be_bytes(rest[..4].try_into().expect("4 bytes")) as usize;
        let end = (4 + len).min(rest.len());
        msg.push(rest[4..end].to_vec());
        rest = &rest[end..];
    }
    Ok(msg)
}

fn broker_endpoint() -> String {
    zhelpers::ep!("tcp://localhost:5555")
}

/// `titanic.request`: stores each request on disk, passes its UUID to the dispatcher and
/// answers the client `200 <uuid>`.
fn titanic_request(pipe: zmq::Socket) {
    let mut worker = mdwrkapi::MdWrk::new(&broker_endpoint(), "titanic.request", false);
    let mut reply = None;
    // Send the reply if any, then get the next request from the broker (until interrupted).
    while let Some(request) = worker.recv(reply.take()) {
        fs::create_dir_all(titanic_dir()).expect("create titanic directory");
        let uuid = generate_uuid();
        msg_save(&request_filename(&uuid), &request).expect("save request");
        // Send the UUID through to the message queue.
        if zhelpers::s_send(&pipe, &uuid).is_err() {
            break;
        }
        // The UUID goes back to the client with the next worker.recv().
        reply = Some(vec![b"200".to_vec(), uuid.into_bytes()]);
    }
}

/// `titanic.reply`: `200` and the reply if there is one, `300` if the request is pending,
/// `400` if it is unknown.
fn titanic_reply() {
    let mut worker = mdwrkapi::MdWrk::new(&broker_endpoint(), "titanic.reply", false);
    let mut reply = None;
    while let Some(mut request) = worker.recv(reply.take()) {
        let uuid = ch4_util::text(&ch4_util::pop(&mut request));
        let rep_filename = reply_filename(&uuid);
        let answer = if rep_filename.exists() {
            let mut msg = msg_load(&rep_filename).unwrap_or_default();
            ch4_util::push(&mut msg, "200");
            msg
        } else if request_filename(&uuid).exists() {
            vec![b"300".to_vec()] // pending
        } else {
            vec![b"400".to_vec()] // unknown
        };
        reply = Some(answer);
    }
}

/// `titanic.close`: removes the request and its reply; idempotent.
fn titanic_close() {
    let mut worker = mdwrkapi::MdWrk::new(&broker_endpoint(), "titanic.close", false);
    let mut reply = None;
    while let Some(mut request) = worker.recv(reply.take()) {
        let uuid = ch4_util::text(&ch4_util::pop(&mut request));
        let _ = fs::remove_file(request_filename(&uuid));
        let _ = fs::remove_file(reply_filename(&uuid));
        reply = Some(vec![b"200".to_vec()]);
    }
}

/// Tries to get a reply for a stored request: checks with `mmi.service` that the service
/// exists, then sends the request with a short timeout. True if the request is done with
/// (answered, or closed by the client already).
fn service_success(uuid: &str) -> bool {
    // If the client already closed the request, treat it as successful.
    let Ok(mut request) = msg_load(&request_filename(uuid)) else {
        return true;
    };
    let service = ch4_util::pop(&mut request);
    let service_name = ch4_util::text(&service);

    // An MDP client session with a short timeout and only one try.
    let mut client = mdcliapi::MdCli::new(&broker_endpoint(), false);
    client.set_timeout(ch4_util::scaled(1000));
    client.set_retries(1);

    // Use the MMI protocol to check if the service is available.
    let service_ok = client
        .send("mmi.service", vec![service])
        .is_some_and(|reply| reply.first().is_some_and(|code| code == b"200"));
    if !service_ok {
        return false;
    }
    match client.send(&service_name, request) {
        Some(reply) => {
            msg_save(&reply_filename(uuid), &reply).expect("save reply");
            true
        }
        None => false,
    }
}

fn main() {
    zhelpers::s_catch_signals();
    let verbose = ch4_util::verbose_arg();
    let ctx = ch4_util::context();
    let request_pipe = ctx.socket(SocketType::Pair).expect("PAIR");
    request_pipe
        .bind("inproc://titanic-request")
        .expect("bind pipe");
    let pipe_end = ctx.socket(SocketType::Pair).expect("PAIR");
    pipe_end
        .connect("inproc://titanic-request")
        .expect("connect pipe");
    std::thread::spawn(move || titanic_request(pipe_end));
    std::thread::spawn(titanic_reply);
    std::thread::spawn(titanic_close);

    let queue_path = titanic_dir().join("queue");
    // Main dispatcher loop.
    while !zhelpers::s_interrupted() {
        // We'll dispatch once per second, if there's no activity.
        let events = match request_pipe.poll(PollEvents::POLLIN, Some(ch4_util::scaled(1000))) {
            Ok(events) => events,
            Err(_) => break, // interrupted
        };
        if events.contains(PollEvents::POLLIN) {
            fs::create_dir_all(titanic_dir()).expect("create titanic directory");
            let Some(uuid) = zhelpers::s_recv(&request_pipe) else {
                break;
            };
            // Append the UUID to the queue, prefixed with '-' for pending.
            let mut file = fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&queue_path)
                .expect("open queue");
            writeln!(file, "-{uuid}").expect("append to queue");
        }
        // Brute force dispatcher.
        let Ok(mut file) = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&queue_path)
        else {
            continue;
        };
        let mut queue = String::new();
        if file.read_to_string(&mut queue).is_err() {
            continue;
        }
        let mut offset = 0u64;
        for line in queue.split_inclusive('\n') {
            let entry = line.trim_end_matches(['\r', '\n']);
            // A UUID is prefixed with '-' while it is still waiting.
            if let Some(uuid) = entry.strip_prefix('-') {
                if verbose {
                    println!("I: processing request {uuid}");
                }
                if service_success(uuid) {
                    // Mark the queue entry as processed.
                    file.seek(SeekFrom::Start(offset)).expect("seek queue");
                    file.write_all(b"+").expect("mark queue entry");
                }
            }
            offset += line.len() as u64;
            if zhelpers::s_interrupted() {
                break;
            }
        }
    }
}
