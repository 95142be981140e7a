//! Pathological subscriber (`pathosub.c`, chapter 5): subscribes to one random topic
//! (`000`..`999`) and prints the data of every message it receives on it.
//!
//! Run: `cargo run --example pathosub` (connects to `tcp://localhost:5556`), or with an
//! endpoint, e.g. `cargo run --example pathosub -- tcp://localhost:5558` behind `lvcache`.

#[path = "zguide/zhelpers.rs"]
mod zhelpers;

fn main() -> anyhow::Result<()> {
    let endpoint = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tcp://localhost:5556".to_owned());
    let ctx = zmq::Context::new()?;
    let subscriber = ctx.socket(zmq::SocketType::Sub)?;
    subscriber.connect(&zhelpers::endpoint(&endpoint))?;
    let subscription = format!("{:03}", zhelpers::randof(1000));
    subscriber.subscribe(&subscription)?;

    while let Ok(topic) = subscriber.recv_string() {
        let Ok(data) = subscriber.recv_string() else {
            break;
        };
        assert_eq!(topic, subscription);
        println!("{data}");
    }
    Ok(())
}
