//! Classic pattern demo (from the ZeroMQ talks, not a Guide file): the central log writer.
//!
//! PULLs batches from log aggregators on `tcp://*:5457`; each message holds one JSON log line
//! per part. For each batch it prints `batch N: K lines`, then for each line its time (UTC,
//! `HH:MM:SS.mmm`, from the `time` field in milliseconds since the epoch) and its `text`:
//! `12:34:56.789 c1: log line 1`. The JSON is parsed by hand (no serde): flat objects with
//! string and number values.
//!
//! Run: `cargo run --example demo_log_writer -- [lines]` (exit after that many lines;
//! default: until Ctrl-C).

#[path = "zguide/zhelpers.rs"]
mod zhelpers;

use anyhow::Result;
use zhelpers::{ep, s_catch_signals};
use zmq::{Context, SocketType};

fn main() -> Result<()> {
    let lines: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    s_catch_signals();
    let ctx = Context::new()?;
    let receiver = ctx.socket(SocketType::Pull)?;
    receiver.bind(&ep!("tcp://*:5457"))?;

    let (mut batches, mut written) = (0, 0);
    while lines == 0 || written < lines {
        let Ok(batch) = receiver.recv_multipart() else {
            break; // Interrupted
        };
        batches += 1;
        println!("batch {batches}: {} lines", batch.len());
        for line in &batch {
            let text = String::from_utf8_lossy(line);
            match parse_object(&text) {
                Ok(fields) => {
                    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v);
                    let time = match get("time") {
                        Some(Value::Num(ms)) => clock(*ms as u64),
                        _ => "--:--:--.---".to_owned(),
                    };
                    let text = match get("text") {
                        Some(Value::Str(s)) => s.clone(),
                        _ => String::new(),
                    };
                    println!("{time} {text}");
                }
                Err(e) => println!("E: bad log line ({e}): {text}"),
            }
            written += 1;
        }
    }
    Ok(())
}

/// `HH:MM:SS.mmm` (UTC) of a time in milliseconds since the epoch.
fn clock(ms: u64) -> String {
    let day_ms = ms % 86_400_000;
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        day_ms / 3_600_000,
        day_ms / 60_000 % 60,
        day_ms / 1000 % 60,
        day_ms % 1000
    )
}

/// A JSON value of a flat object.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Str(String),
    Num(f64),
}

/// Parses a flat JSON object whose values are strings or numbers into its fields, in order.
fn parse_object(text: &str) -> Result<Vec<(String, Value)>, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    p.ws();
    p.eat(b'{')?;
    let mut fields = Vec::new();
    p.ws();
    if p.peek() == Some(b'}') {
        p.i += 1;
    } else {
        loop {
            p.ws();
            let key = p.string()?;
            p.ws();
            p.eat(b':')?;
            p.ws();
            let value = if p.peek() == Some(b'"') {
                Value::Str(p.string()?)
            } else {
                Value::Num(p.number()?)
            };
            fields.push((key, value));
            p.ws();
            match p.next() {
                Some(b',') => continue,
                Some(b'}') => break,
                other => return Err(format!("expected , or }} at {}, got {other:?}", p.i)),
            }
        }
    }
    p.ws();
    if p.i != p.s.len() {
        return Err(format!("trailing data at {}", p.i));
    }
    Ok(fields)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        self.i += 1;
        c
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Result<(), String> {
        match self.next() {
            Some(x) if x == c => Ok(()),
            other => Err(format!(
                "expected {:?} at {}, got {other:?}",
                c as char,
                self.i - 1
            )),
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.s.get(self.i..self.i + 4).ok_or("short \\u escape")?;
        let digits = std::str::from_utf8(digits).map_err(|e| e.to_string())?;
        let v = u32::from_str_radix(digits, 16).map_err(|e| e.to_string())?;
        self.i += 4;
        Ok(v)
    }

    fn string(&mut self) -> Result<String, String> {
        self.eat(b'"')?;
        let mut out = Vec::new();
        loop {
            match self.next().ok_or("unterminated string")? {
                b'"' => break,
                b'\\' => match self.next().ok_or("unterminated escape")? {
                    b'"' => out.push(b'"'),
                    b'\\' => out.push(b'\\'),
                    b'/' => out.push(b'/'),
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'u' => {
                        let mut cp = self.hex4()?;
                        if (0xd800..0xdc00).contains(&cp) {
                            // A surrogate pair
                            self.eat(b'\\')?;
                            self.eat(b'u')?;
                            let low = self.hex4()?;
                            cp = 0x10000
                                + ((cp - 0xd800) << 10)
                                + (low.wrapping_sub(0xdc00) & 0x3ff);
                        }
                        let c = char::from_u32(cp).ok_or("invalid \\u escape")?;
                        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                    }
                    other => return Err(format!("bad escape \\{}", other as char)),
                },
                c if c < 0x20 => return Err("control character in string".into()),
                c => out.push(c),
            }
        }
        String::from_utf8(out).map_err(|e| e.to_string())
    }

    fn number(&mut self) -> Result<f64, String> {
        let start = self.i;
        while matches!(
            self.peek(),
            Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        ) {
            self.i += 1;
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).map_err(|e| e.to_string())?;
        text.parse()
            .map_err(|_| format!("bad number {text:?} at {start}"))
    }
}
