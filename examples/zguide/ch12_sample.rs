//! The optional, test-friendly end of `msreader` and `mspoller`: the C loops forever and prints
//! nothing; with `--tasks N --updates M` the ports print what they process and stop once they
//! have seen N tasks and M weather updates.
#![allow(dead_code)]

#[path = "ch12_args.rs"]
mod args;

/// How many of each kind of message to process before exiting (`None`: forever, like the C).
pub struct Limit {
    target: Option<(u64, u64)>,
    tasks: u64,
    updates: u64,
}

impl Limit {
    pub fn from_args() -> Limit {
        let target = (args::given("tasks") || args::given("updates"))
            .then(|| (args::num("tasks", 0), args::num("updates", 0)));
        Limit {
            target,
            tasks: 0,
            updates: 0,
        }
    }

    /// Processes a task (printed only when a limit was given).
    pub fn task(&mut self, body: &[u8]) {
        self.tasks += 1;
        if self.target.is_some() {
            println!("task: {}", String::from_utf8_lossy(body));
        }
    }

    /// Processes a weather update (printed only when a limit was given).
    pub fn update(&mut self, body: &[u8]) {
        self.updates += 1;
        if self.target.is_some() {
            println!("weather: {}", String::from_utf8_lossy(body));
        }
    }

    /// Whether both counts are reached; prints the summary line then.
    pub fn done(&self) -> bool {
        match self.target {
            Some((tasks, updates)) if self.tasks >= tasks && self.updates >= updates => {
                println!(
                    "Processed {} tasks and {} weather updates",
                    self.tasks, self.updates
                );
                true
            }
            _ => false,
        }
    }
}
