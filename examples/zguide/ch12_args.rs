//! Scaling knobs for the chapter 1–2 Guide ports (`hwserver --work-ms 10`, `syncpub --updates
//! 10000`, ...). The defaults are always the Guide's; tests pass smaller values to stay fast.
#![allow(dead_code)]

/// The number after `--name N` or `--name=N`, or `default` when absent. Exits with a message on a
/// value that is not a number.
pub fn num(name: &str, default: u64) -> u64 {
    match raw(name) {
        None => default,
        Some(v) => v.parse().unwrap_or_else(|_| {
            eprintln!("E: --{name} expects a number, got {v:?}");
            std::process::exit(2)
        }),
    }
}

/// Whether `--name N` / `--name=N` was given at all.
pub fn given(name: &str) -> bool {
    raw(name).is_some()
}

fn raw(name: &str) -> Option<String> {
    let flag = format!("--{name}");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == flag {
            return args.next();
        }
        if let Some(v) = a.strip_prefix(&format!("{flag}=")) {
            return Some(v.to_owned());
        }
    }
    None
}

/// The positional arguments (everything that is not a `--name N` / `--name=N` pair).
pub fn positional() -> Vec<String> {
    let mut out = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a.starts_with("--") {
            if !a.contains('=') {
                args.next();
            }
        } else {
            out.push(a);
        }
    }
    out
}
