//! A progress bar on standard error for long work (`demo --scale large`), drawn
//! only when standard error is a terminal: a script or a log gets nothing.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Cells of the bar itself.
const WIDTH: usize = 30;

/// One line on stderr, redrawn in place at most ten times a second.
pub(super) struct Bar {
    what: &'static str,
    unit: &'static str,
    on: bool,
    drawn: Option<Instant>,
    started: Instant,
}

impl Bar {
    /// A bar for `what`, counting `unit`; silent unless stderr is a terminal.
    pub(super) fn new(what: &'static str, unit: &'static str) -> Bar {
        Bar {
            what,
            unit,
            on: std::io::stderr().is_terminal(),
            drawn: None,
            started: Instant::now(),
        }
    }

    /// Show `done` of `total`.
    pub(super) fn show(&mut self, done: usize, total: usize) {
        if !self.on || total == 0 {
            return;
        }
        let now = Instant::now();
        if done < total
            && self
                .drawn
                .is_some_and(|t| now - t < Duration::from_millis(100))
        {
            return;
        }
        self.drawn = Some(now);
        let _ = std::io::stderr()
            .write_all(line(self.what, self.unit, done, total, now - self.started).as_bytes());
    }

    /// End the line, if one was drawn.
    pub(super) fn finish(&mut self) {
        if self.on && self.drawn.is_some() {
            let _ = std::io::stderr().write_all(b"\n");
        }
    }
}

/// `\r` and the bar: `making demo data [#####-----] 12/120 meetings 3s`.
fn line(what: &str, unit: &str, done: usize, total: usize, took: Duration) -> String {
    let filled = (done.min(total) * WIDTH) / total.max(1);
    format!(
        "\r{what} [{}{}] {done}/{total} {unit} {}s",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        took.as_secs()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fills_in_proportion() {
        let l = line("x", "meetings", 60, 120, Duration::from_secs(4));
        assert_eq!(
            l,
            format!(
                "\rx [{}{}] 60/120 meetings 4s",
                "#".repeat(15),
                "-".repeat(15)
            )
        );
        assert!(line("x", "m", 120, 120, Duration::ZERO).contains(&"#".repeat(WIDTH)));
    }
}
