//! What a long command is doing, told on stderr as it goes: a live progress line on a
//! terminal (the `indicatif` crate), one plain line per finished step when stderr is a pipe or
//! a file (CI logs), nothing at all when quiet.
//!
//! A step is [`Progress::begin`] … [`Task::done`]: the terminal line shows every step under
//! way (the audiences render in parallel), and each finished step prints one line with what it
//! did and how long it took ("rendered 180 pages of the public site in 1.31 s").

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Nothing.
    Quiet,
    /// One line per finished step, on stderr.
    Lines,
    /// A live line on a terminal, with a line per finished step above it.
    Bar,
}

impl Mode {
    /// [`Mode::Quiet`] when asked, else [`Mode::Bar`] when stderr is a terminal and
    /// [`Mode::Lines`] when it is not.
    pub fn for_stderr(quiet: bool) -> Mode {
        if quiet {
            Mode::Quiet
        } else if std::io::stderr().is_terminal() {
            Mode::Bar
        } else {
            Mode::Lines
        }
    }
}

/// The progress of one command; shared by the threads that do its steps.
pub struct Progress {
    mode: Mode,
    bar: Option<ProgressBar>,
    /// The steps under way, in the order begun, for the live line.
    active: Mutex<Vec<(u64, String)>>,
    next: Mutex<u64>,
}

impl Progress {
    pub fn new(mode: Mode) -> Progress {
        let bar = (mode == Mode::Bar).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {wide_msg} {elapsed}")
                    .expect("a valid progress template"),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress {
            mode,
            bar,
            active: Mutex::new(Vec::new()),
            next: Mutex::new(0),
        }
    }

    /// Shows nothing: for library callers and tests.
    pub fn quiet() -> Progress {
        Progress::new(Mode::Quiet)
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Starts a step; `doing` says what, in the -ing form ("rendering the public site").
    pub fn begin(&self, doing: impl Into<String>) -> Task<'_> {
        let id = {
            let mut next = self.next.lock().expect("progress lock");
            *next += 1;
            *next
        };
        if self.bar.is_some() {
            self.active
                .lock()
                .expect("progress lock")
                .push((id, doing.into()));
            self.redraw();
        }
        Task {
            progress: self,
            id,
            start: Instant::now(),
        }
    }

    /// Prints one line about the command as a whole (in every mode but quiet).
    pub fn say(&self, line: &str) {
        match (&self.bar, self.mode) {
            (_, Mode::Quiet) => {}
            (Some(bar), _) => bar.println(line),
            (None, _) => {
                // A closed stderr is no reason to fail the build.
                let _ = writeln!(std::io::stderr().lock(), "{line}");
            }
        }
    }

    fn end(&self, id: u64) {
        if self.bar.is_some() {
            self.active
                .lock()
                .expect("progress lock")
                .retain(|(i, _)| *i != id);
            self.redraw();
        }
    }

    fn redraw(&self) {
        if let Some(bar) = &self.bar {
            let active = self.active.lock().expect("progress lock");
            let doing: Vec<&str> = active.iter().map(|(_, s)| s.as_str()).collect();
            bar.set_message(if doing.is_empty() {
                String::new()
            } else {
                format!("{} …", doing.join(", "))
            });
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// One step under way; [`Task::done`] reports it, dropping it (on an error) ends it silently.
pub struct Task<'a> {
    progress: &'a Progress,
    id: u64,
    start: Instant,
}

impl Task<'_> {
    /// Ends the step; `did` says what it did, in the past tense, with its counts ("rendered
    /// 180 pages of the public site"); the time it took is added.
    pub fn done(self, did: impl AsRef<str>) {
        let line = format!("{} in {}", did.as_ref(), seconds(self.start.elapsed()));
        self.progress.say(&line);
    }
}

impl Drop for Task<'_> {
    fn drop(&mut self) {
        self.progress.end(self.id);
    }
}

/// A duration for a person: "0.04 s", "12.3 s", "2 min 5 s".
pub fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 10.0 {
        format!("{s:.2} s")
    } else if s < 60.0 {
        format!("{s:.1} s")
    } else {
        format!("{} min {} s", d.as_secs() / 60, d.as_secs() % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_a_person_would_say_them() {
        assert_eq!(seconds(Duration::from_millis(40)), "0.04 s");
        assert_eq!(seconds(Duration::from_millis(12_340)), "12.3 s");
        assert_eq!(seconds(Duration::from_secs(125)), "2 min 5 s");
    }

    #[test]
    fn a_quiet_progress_has_no_bar_and_steps_end_cleanly() {
        let p = Progress::quiet();
        let t = p.begin("rendering");
        drop(t);
        p.begin("indexing").done("indexed 3 pages");
        assert!(p.bar.is_none());
        assert!(p.active.lock().unwrap().is_empty());
    }
}
