//! Tiny `--name value` argument parsing shared by the examples (no dependency).
#![allow(dead_code)]

/// Returns the value after `--name`, or the environment variable `env`, or `default`.
pub fn arg(name: &str, env: &str, default: &str) -> String {
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == format!("--{name}") {
            if let Some(v) = args.next() {
                return v;
            }
        } else if let Some(v) = a.strip_prefix(&format!("--{name}=")) {
            return v.to_owned();
        }
    }
    std::env::var(env).unwrap_or_else(|_| default.to_owned())
}

/// Whether `--help` was given; prints `usage` if so.
pub fn help(usage: &str) -> bool {
    let asked = std::env::args().any(|a| a == "--help" || a == "-h");
    if asked {
        println!("{usage}");
    }
    asked
}
