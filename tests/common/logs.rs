//! One `log` logger for the whole test process (a logger is process-wide and can be set only
//! once): it keeps every record so that tests can look for theirs by target.
#![allow(dead_code)]

use std::sync::{Mutex, Once};

/// A captured record: level, target, message.
pub type Record = (log::Level, String, String);

static RECORDS: Mutex<Vec<Record>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        RECORDS.lock().unwrap_or_else(|p| p.into_inner()).push((
            record.level(),
            record.target().to_owned(),
            record.args().to_string(),
        ));
    }
    fn flush(&self) {}
}

/// Installs the capturing logger (once per process; later calls do nothing) at level Trace.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        static CAPTURE: Capture = Capture;
        log::set_logger(&CAPTURE).expect("no other logger in the test process");
        log::set_max_level(log::LevelFilter::Trace);
    });
}

/// The records captured so far whose target starts with `target`.
pub fn records(target: &str) -> Vec<Record> {
    RECORDS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .iter()
        .filter(|r| r.1.starts_with(target))
        .cloned()
        .collect()
}
