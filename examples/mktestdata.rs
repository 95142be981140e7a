//! `mktestdata.c` (chapter 7): writes the test file the `fileio1`..`fileio3` models serve,
//! `testdata` in the current directory, 1024 blocks of 1 MiB (1 GiB) as in the C.
//!
//! Run: `cargo run --example mktestdata [-- --bytes N] [FILE]`. `--bytes N` sets the size (the
//! Guide's 1 GiB by default; the tests use a few MiB), `FILE` the path (default `testdata`).
//! The C writes an uninitialised stack buffer; the content does not matter, so this writes zeros.
#[path = "zguide/ch12_args.rs"]
mod args;

use std::io::Write;

const BLOCK: usize = 1024 * 1024;

fn main() -> anyhow::Result<()> {
    let size = args::num("bytes", 1024 * BLOCK as u64);
    let path = args::positional()
        .into_iter()
        .next()
        .unwrap_or_else(|| "testdata".to_owned());

    let mut handle = std::io::BufWriter::new(std::fs::File::create(&path)?);
    let data = vec![0u8; BLOCK];
    let mut left = size;
    while left > 0 {
        let n = left.min(BLOCK as u64) as usize;
        handle.write_all(&data[..n])?;
        left -= n as u64;
    }
    handle.flush()?;
    Ok(())
}
