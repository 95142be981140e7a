//! Socket monitor demo (`zmq_socket_monitor`): a REP server on tcp loopback and a REQ client,
//! each with a monitor; the client connects, asks once and leaves, and every event is printed.
//! Run it with `cargo run --example monitor`.

use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use zmq::{Context, Monitor, MonitorEvent, MonitorEvents, PollEvents, SocketType};

/// How long the demo waits for any one thing before giving up.
const WAIT: Duration = Duration::from_secs(5);

fn main() -> Result<()> {
    let ctx = Context::new()?;
    let server = ctx.socket(SocketType::Rep)?;
    let server_events = server.monitor(MonitorEvents::ALL)?;
    server.bind("tcp://127.0.0.1:*")?;
    let endpoint = server.last_endpoint()?;
    println!("REP bound to {endpoint}");

    {
        let client = ctx.socket(SocketType::Req)?;
        let client_events = client.monitor(MonitorEvents::ALL)?;
        client.connect(&endpoint)?;
        client.send("Hello")?;

        // Serve the request, printing both monitors' events as they come: one poll over the
        // REP socket and the two monitors.
        let deadline = Instant::now() + WAIT;
        loop {
            let mut items = [
                server.as_poll_item(PollEvents::POLLIN),
                server_events.as_poll_item(),
                client_events.as_poll_item(),
            ];
            let left = deadline.saturating_duration_since(Instant::now());
            if zmq::poll(&mut items, Some(left))? == 0 {
                bail!("no request within {WAIT:?}");
            }
            let (request, server_has, client_has) = (
                items[0].is_readable(),
                items[1].is_readable(),
                items[2].is_readable(),
            );
            if server_has {
                print_queued("server", &server_events)?;
            }
            if client_has {
                print_queued("client", &client_events)?;
            }
            if request {
                let text = server.recv_string()?;
                println!("REP got {text:?}");
                server.send("World")?;
                break;
            }
        }
        println!("REQ got {:?}", client.recv_string()?);
        // Events raised since the last poll, then the client leaves (monitor first: it borrows
        // the client).
        std::thread::sleep(Duration::from_millis(50));
        print_queued("client", &client_events)?;
        print_queued("server", &server_events)?;
        println!("client closes");
    }

    wait_for("server", &server_events, |e| {
        matches!(e, MonitorEvent::Disconnected { .. })
    })?;
    server.unbind(&endpoint)?;
    wait_for("server", &server_events, |e| {
        matches!(e, MonitorEvent::Closed { .. })
    })?;

    // Stop monitoring; the iterator yields what is left and ends after MONITOR_STOPPED.
    server_events.stop()?;
    for event in &server_events {
        println!("server: {}", event?);
    }
    Ok(())
}

/// Prints every event the monitor has queued.
fn print_queued(side: &str, monitor: &Monitor<'_>) -> Result<()> {
    while let Some(event) = monitor.try_recv()? {
        println!("{side}: {event}");
    }
    Ok(())
}

/// Prints events until one matches `want`.
fn wait_for(side: &str, monitor: &Monitor<'_>, want: fn(&MonitorEvent) -> bool) -> Result<()> {
    let deadline = Instant::now() + WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match monitor.recv(Some(left))? {
            Some(event) => {
                println!("{side}: {event}");
                if want(&event) {
                    return Ok(());
                }
            }
            None => bail!("{side}: no expected event within {WAIT:?}"),
        }
    }
}
