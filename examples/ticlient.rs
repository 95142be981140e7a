//! Titanic client (`ticlient.c`, chapter 4): sends an `echo` request through Titanic
//! (`titanic.request`), polls `titanic.reply` until the reply is stored, prints it and closes
//! the request (`titanic.close`).
//!
//! Run: `cargo run --example ticlient [-v]` with `mdbroker`, `titanic` and (sooner or later)
//! `mdworker` running. The waits (100 ms, 5 s between polls) are Guide time
//! (`ZGUIDE_TIME_SCALE`).

#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/mdcliapi.rs"]
mod mdcliapi;
#[path = "zguide/mdp.rs"]
mod mdp;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use ch4_util::Msg;

/// Calls a TSP service: the reply without its status if the status is 200, `None` if it is
/// another (e.g. 300 pending); exits on 400/500 or when the service does not answer.
fn service_call(session: &mut mdcliapi::MdCli, service: &str, request: Msg) -> Option<Msg> {
    let Some(mut reply) = session.send(service, request) else {
        std::process::exit(0); // interrupted or failed
    };
    let status = ch4_util::pop(&mut reply);
    match &status[..] {
        b"200" => Some(reply),
        b"400" => {
            println!("E: client fatal error, aborting");
            std::process::exit(1);
        }
        b"500" => {
            println!("E: server fatal error, aborting");
            std::process::exit(1);
        }
        _ => None, // didn't succeed; don't care why not
    }
}

fn main() {
    zhelpers::s_catch_signals();
    let verbose = ch4_util::verbose_arg();
    let mut session = mdcliapi::MdCli::new(&zhelpers::ep!("tcp://localhost:5555"), verbose);

    // 1. Send 'echo' request to Titanic.
    let request = vec![b"echo".to_vec(), b"Hello world".to_vec()];
    let mut uuid = Vec::new();
    if let Some(mut reply) = service_call(&mut session, "titanic.request", request) {
        uuid = ch4_util::pop(&mut reply);
        println!("I: request UUID {}", zhelpers::dump_frame(&uuid));
    }

    // 2. Wait until we get a reply.
    while !zhelpers::s_interrupted() {
        std::thread::sleep(ch4_util::scaled(100));
        if let Some(reply) = service_call(&mut session, "titanic.reply", vec![uuid.clone()]) {
            let text = reply.last().map(|f| ch4_util::text(f)).unwrap_or_default();
            println!("Reply: {text}");
            // 3. Close the request.
            service_call(&mut session, "titanic.close", vec![uuid.clone()]);
            break;
        } else {
            println!("I: no reply yet, trying again...");
            std::thread::sleep(ch4_util::scaled(5000)); // try again in 5 seconds
        }
    }
}
