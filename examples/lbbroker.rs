//! `lbbroker.c`, chapter 3 of the ZeroMQ Guide: the load-balancing broker.
//!
//! A ROUTER frontend (`ipc://frontend.ipc`) for 10 REQ clients and a ROUTER backend
//! (`ipc://backend.ipc`) for 3 REQ workers, all threads of this process with their own
//! contexts. Workers announce themselves with `READY`; the broker keeps a queue of ready
//! workers, polls the frontend only while one is available, and routes each `HELLO` to the
//! least recently used worker as `[worker][""][client][""][HELLO]`. Workers print
//! `Worker: HELLO` and reply `OK`; clients print `Client: OK`. The broker exits after 10
//! replies.
//!
//! Run: `cargo run --example lbbroker`.
//!
//! Difference from the C: the main thread waits for the clients to print their reply before
//! exiting (the C returns at once and may cut off the last `Client: OK`).

#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use std::collections::VecDeque;

use anyhow::{ensure, Result};
use zhelpers::{ep, s_recv, s_send, s_sendmore, s_set_id};
use zmq::{poll, Context, PollEvents, SocketType};

const NBR_CLIENTS: usize = 10;
const NBR_WORKERS: usize = 3;

// Basic request-reply client using a REQ socket. s_recv can't handle binary identities, so we
// set a printable text identity to allow routing.
fn client_task() -> Result<()> {
    let context = Context::new()?;
    let client = context.socket(SocketType::Req)?;
    s_set_id(&client)?; // Set a printable identity
    client.connect(&ep!("ipc://frontend.ipc"))?;

    // Send request, get reply
    s_send(&client, "HELLO")?;
    let reply = s_recv(&client).unwrap_or_default();
    println!("Client: {reply}");
    Ok(())
}

// The worker task, using a REQ socket to do load balancing.
fn worker_task() -> Result<()> {
    let context = Context::new()?;
    let worker = context.socket(SocketType::Req)?;
    s_set_id(&worker)?;
    worker.connect(&ep!("ipc://backend.ipc"))?;

    // Tell broker we're ready for work
    s_send(&worker, "READY")?;
    loop {
        // Read and save all frames until we get an empty frame; in this example there is
        // only one, but there could be more
        let Some(identity) = s_recv(&worker) else {
            return Ok(());
        };
        let empty = s_recv(&worker).unwrap_or_default();
        ensure!(empty.is_empty(), "expected an empty delimiter");

        // Get request, send reply
        let request = s_recv(&worker).unwrap_or_default();
        println!("Worker: {request}");
        s_sendmore(&worker, &identity)?;
        s_sendmore(&worker, "")?;
        s_send(&worker, "OK")?;
    }
}

// The main task starts the clients and workers, then routes requests between the two layers.
// Workers signal READY when they start; after that we treat them as ready when they reply
// with a response back to a client. The load-balancing data structure is just a queue of
// next available workers.
fn main() -> Result<()> {
    // Prepare our context and sockets
    let context = Context::new()?;
    let frontend = context.socket(SocketType::Router)?;
    let backend = context.socket(SocketType::Router)?;
    frontend.bind(&ep!("ipc://frontend.ipc"))?;
    backend.bind(&ep!("ipc://backend.ipc"))?;

    let clients: Vec<_> = (0..NBR_CLIENTS)
        .map(|_| std::thread::spawn(client_task))
        .collect();
    for _ in 0..NBR_WORKERS {
        std::thread::spawn(worker_task);
    }

    // The main loop for the least-recently-used queue. It polls the backend in all cases, and
    // the frontend only when there are one or more workers ready: 0MQ's own queues hold the
    // requests we are not ready to process yet.
    let mut worker_queue: VecDeque<String> = VecDeque::new();
    let mut client_nbr = NBR_CLIENTS;
    loop {
        let (backend_ready, frontend_ready) = {
            let mut items = [
                backend.as_poll_item(PollEvents::POLLIN),
                frontend.as_poll_item(PollEvents::POLLIN),
            ];
            // Poll frontend only if we have available workers
            let n = if worker_queue.is_empty() { 1 } else { 2 };
            if poll(&mut items[..n], None).is_err() {
                break; // Interrupted
            }
            (items[0].is_readable(), items[1].is_readable())
        };

        // Handle worker activity on backend
        if backend_ready {
            // Queue worker identity for load-balancing
            let worker_id = s_recv(&backend).unwrap_or_default();
            ensure!(worker_queue.len() < NBR_WORKERS);
            worker_queue.push_back(worker_id);

            // Second frame is empty
            ensure!(s_recv(&backend).unwrap_or_default().is_empty());

            // Third frame is READY or else a client reply identity
            let client_id = s_recv(&backend).unwrap_or_default();

            // If client reply, send rest back to frontend
            if client_id != "READY" {
                ensure!(s_recv(&backend).unwrap_or_default().is_empty());
                let reply = s_recv(&backend).unwrap_or_default();
                s_sendmore(&frontend, &client_id)?;
                s_sendmore(&frontend, "")?;
                s_send(&frontend, &reply)?;
                client_nbr -= 1;
                if client_nbr == 0 {
                    break; // Exit after N messages
                }
            }
        }
        // Here is how we handle a client request:
        if frontend_ready {
            // Now get next client request, route to last-used worker.
            // Client request is [identity][empty][request]
            let client_id = s_recv(&frontend).unwrap_or_default();
            ensure!(s_recv(&frontend).unwrap_or_default().is_empty());
            let request = s_recv(&frontend).unwrap_or_default();

            // Dequeue the next worker identity and send it the request
            let worker_id = worker_queue
                .pop_front()
                .expect("polled with a ready worker");
            s_sendmore(&backend, &worker_id)?;
            s_sendmore(&backend, "")?;
            s_sendmore(&backend, &client_id)?;
            s_sendmore(&backend, "")?;
            s_send(&backend, &request)?;
        }
    }
    for client in clients {
        client.join().expect("client thread panicked")?;
    }
    Ok(())
}
