//! `mtrelay.c` (chapter 2): multithreaded relay. Three steps signal each other in a chain over
//! PAIR sockets on `inproc://step2` and `inproc://step3`; each binds before starting the thread
//! that connects to it. Prints the three lines of the C, in order.
//!
//! Run: `cargo run --example mtrelay`.
use zmq::{Context, SocketType};

fn step1(context: Context) -> zmq::Result<()> {
    // Connect to step2 and tell it we're ready
    let xmitter = context.socket(SocketType::Pair)?;
    xmitter.connect("inproc://step2")?;
    println!("Step 1 ready, signaling step 2");
    xmitter.send("READY")?;
    Ok(())
}

fn step2(context: Context) -> zmq::Result<()> {
    // Bind inproc socket before starting step1
    let receiver = context.socket(SocketType::Pair)?;
    receiver.bind("inproc://step2")?;
    let ctx = context.clone();
    let thread = std::thread::spawn(move || step1(ctx));

    // Wait for signal and pass it on
    receiver.recv_msg()?;
    drop(receiver);
    thread.join().expect("step 1 panicked")?;

    // Connect to step3 and tell it we're ready
    let xmitter = context.socket(SocketType::Pair)?;
    xmitter.connect("inproc://step3")?;
    println!("Step 2 ready, signaling step 3");
    xmitter.send("READY")?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let context = Context::new()?;
    // Bind inproc socket before starting step2
    let receiver = context.socket(SocketType::Pair)?;
    receiver.bind("inproc://step3")?;
    let ctx = context.clone();
    let thread = std::thread::spawn(move || step2(ctx));

    // Wait for signal
    receiver.recv_msg()?;
    drop(receiver);
    thread.join().expect("step 2 panicked")?;
    println!("Test successful!");
    Ok(())
}
