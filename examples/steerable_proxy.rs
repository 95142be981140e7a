//! A steerable proxy (`zmq_proxy_steerable`'s control commands) driving a streamer device:
//! traffic flows, `PAUSE` holds it, `RESUME` releases what was held, `STATISTICS` reports the
//! counters, `TERMINATE` stops the device thread. Self-contained (tcp loopback, ephemeral ports).
//!
//! `cargo run --example steerable_proxy`

use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use zmq::{Context, Device, ProxyStatistics, SocketType};

fn main() -> Result<()> {
    let ctx = Context::new()?;
    let device = Device::streamer()
        .frontend_bind("tcp://127.0.0.1:*")
        .backend_bind("tcp://127.0.0.1:*")
        .frontend_option("rcvhwm=1000")
        .start(&ctx)?;
    let (input, output) = (
        device.frontend_endpoints()[0].clone(),
        device.backend_endpoints()[0].clone(),
    );
    println!(
        "streamer: {} frontend {input}, {} backend {output}",
        device.frontend_type(),
        device.backend_type()
    );

    let producer = ctx.socket(SocketType::Push)?;
    producer.connect(&input)?;
    let consumer = ctx.socket(SocketType::Pull)?;
    consumer.connect(&output)?;
    consumer.set_rcvtimeo(Some(Duration::from_secs(5)))?;

    for i in 1..=3 {
        producer.send(format!("job {i}"))?;
    }
    for _ in 0..3 {
        println!("received: {}", consumer.recv_string()?);
    }

    device.pause()?;
    println!("PAUSE");
    for i in 4..=6 {
        producer.send(format!("job {i}"))?;
    }
    consumer.set_rcvtimeo(Some(Duration::from_millis(500)))?;
    match consumer.recv_string() {
        Err(zmq::Error::WouldBlock) => {
            println!("paused: 3 messages sent, none delivered in 500 ms (held by the device)")
        }
        Ok(m) => bail!("{m:?} delivered while paused"),
        Err(e) => return Err(e.into()),
    }
    print_statistics("STATISTICS while paused", &device.statistics()?);

    device.resume()?;
    println!("RESUME");
    consumer.set_rcvtimeo(Some(Duration::from_secs(5)))?;
    for _ in 0..3 {
        println!("received: {}", consumer.recv_string()?);
    }
    print_statistics("STATISTICS", &device.statistics()?);

    let t = Instant::now();
    device.stop()?;
    println!("TERMINATE: device stopped and joined in {:?}", t.elapsed());
    Ok(())
}

fn print_statistics(title: &str, s: &ProxyStatistics) {
    println!("{title}:");
    println!(
        "  frontend: received {} parts / {} bytes, sent {} parts / {} bytes",
        s.frontend_recv_parts, s.frontend_recv_bytes, s.frontend_sent_parts, s.frontend_sent_bytes
    );
    println!(
        "  backend:  received {} parts / {} bytes, sent {} parts / {} bytes",
        s.backend_recv_parts, s.backend_recv_bytes, s.backend_sent_parts, s.backend_sent_bytes
    );
}
