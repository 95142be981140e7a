//! MMI echo query (`mmiecho.c`, chapter 4): asks the broker's Management Interface whether
//! the `echo` service is available (`mmi.service` → "200" or "404").
//!
//! Run: `cargo run --example mmiecho [-v] [service [mmi-request]]` with `mdbroker` running.
//! Addition for tests: the service looked up (default `echo`) and the MMI request (default
//! `mmi.service`) may be given as arguments; the printed line keeps the C's wording.

#[path = "zguide/ch4_util.rs"]
mod ch4_util;
#[path = "zguide/mdcliapi.rs"]
mod mdcliapi;
#[path = "zguide/mdp.rs"]
mod mdp;
#[path = "zguide/zhelpers.rs"]
mod zhelpers;

fn main() {
    zhelpers::s_catch_signals();
    let verbose = ch4_util::verbose_arg();
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "-v").collect();
    let service = args.first().map(String::as_str).unwrap_or("echo");
    let mmi = args.get(1).map(String::as_str).unwrap_or("mmi.service");
    let mut session = mdcliapi::MdCli::new(&zhelpers::ep!("tcp://localhost:5555"), verbose);
    // The service we want to look up, sent to the MMI service.
    match session.send(mmi, vec![service.as_bytes().to_vec()]) {
        Some(reply) => {
            let code = reply.first().map(|f| ch4_util::text(f)).unwrap_or_default();
            println!("Lookup {service} service: {code}");
        }
        None => println!("E: no response from broker, make sure it's running"),
    }
}
