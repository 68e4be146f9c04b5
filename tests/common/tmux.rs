#![allow(clippy::unwrap_used)]
//! The real binary in tmux: each test its own tmux server socket.

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

pub fn have_tmux() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        // CI installs tmux (.ci/run); there a missing tmux is a failure, not a skip.
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is required for end-to-end tests in CI"
        );
        eprintln!("tmux not installed: skipping end-to-end test");
    }
    ok
}

impl Tmux {
    pub fn start(name: &str, db: &Path) -> Tmux {
        Self::start_with(name, db, "")
    }

    /// Run the binary with `args` after `--db DB` (e.g. "present").
    pub fn start_with(name: &str, db: &Path, args: &str) -> Tmux {
        let t = Tmux {
            socket: format!("rt-e2e-{name}-{}", std::process::id()),
        };
        t.launch_with(db, args);
        t
    }

    /// An interactive bash (job control on) in the pane, for tests that stop and
    /// continue the program as a person's shell does.
    pub fn shell(name: &str) -> Tmux {
        let t = Tmux {
            socket: format!("rt-e2e-{name}-{}", std::process::id()),
        };
        let st = Command::new("tmux")
            .args([
                "-L",
                &t.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "rt",
                "-x",
                "120",
                "-y",
                "40",
            ])
            .arg("exec bash --norc --noprofile -i")
            .env_remove("ROUNDTABLE_DB")
            .env_remove("ROUNDTABLE_KEY")
            .env("TERM", "xterm-256color")
            .env("ROUNDTABLE_TERMINAL", "e2e-terminal")
            .status()
            .unwrap();
        assert!(st.success());
        sleep(Duration::from_millis(300));
        t.text("PS1='rt-shell''$ '");
        t.keys(&["Enter"]);
        t.wait_for("rt-shell$");
        t.tmux(&["clear-history", "-t", "rt"]);
        t.text("clear");
        t.keys(&["Enter"]);
        t
    }

    /// A pane variable (`alternate_on`, `cursor_flag`, ...).
    pub fn var(&self, name: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", "rt", &format!("#{{{name}}}")])
            .trim()
            .to_string()
    }

    /// The binary on `db` in a terminal of `cols` x `rows` (80x24: the smallest the
    /// app is drawn for).
    pub fn start_sized(name: &str, db: &Path, cols: u16, rows: u16) -> Tmux {
        let t = Tmux {
            socket: format!("rt-e2e-{name}-{}", std::process::id()),
        };
        t.launch_sized(db, "", cols, rows);
        t
    }

    pub fn launch(&self, db: &Path) {
        self.launch_with(db, "")
    }

    fn launch_with(&self, db: &Path, args: &str) {
        self.launch_sized(db, args, 120, 40)
    }

    /// The binary on `db` with `args` (e.g. "--key-file K present") in a terminal of
    /// `cols` x `rows` named `terminal` (`ROUNDTABLE_TERMINAL`): several terminals on
    /// one meeting, each with its own place and typing journal.
    pub fn start_as(
        name: &str,
        db: &Path,
        args: &str,
        terminal: &str,
        (cols, rows): (u16, u16),
    ) -> Tmux {
        let t = Tmux {
            socket: format!("rt-e2e-{name}-{}", std::process::id()),
        };
        t.launch_as(db, args, cols, rows, terminal);
        t
    }

    fn launch_sized(&self, db: &Path, args: &str, cols: u16, rows: u16) {
        self.launch_as(db, args, cols, rows, "e2e-terminal")
    }

    fn launch_as(&self, db: &Path, args: &str, cols: u16, rows: u16, terminal: &str) {
        let cmd = format!(
            "exec {} --db {} {args}",
            super::bin().display(),
            db.display()
        );
        let st = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "rt",
                "-x",
                &cols.to_string(),
                "-y",
                &rows.to_string(),
            ])
            .arg(cmd)
            .env_remove("ROUNDTABLE_DB")
            .env_remove("ROUNDTABLE_KEY")
            .env("TERM", "xterm-256color")
            // A restart in another tmux server is the same terminal, as a restart in
            // the same window is for a person.
            .env("ROUNDTABLE_TERMINAL", terminal)
            .status()
            .unwrap();
        assert!(st.success());
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let o = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", "rt", k]);
            sleep(Duration::from_millis(60));
        }
    }

    pub fn text(&self, s: &str) {
        self.tmux(&["send-keys", "-t", "rt", "-l", s]);
        sleep(Duration::from_millis(100));
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "rt"])
    }

    pub fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting for {needle:?}; screen:\n{s}"
            );
            sleep(Duration::from_millis(100));
        }
    }

    /// Start the planned meeting on screen. The real clock is not the demo meeting's
    /// date, so the runner asks once before starting it on another day: say yes.
    pub fn start_meeting(&self) {
        self.wait_for("Press Enter to start");
        self.keys(&["Enter"]);
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains("1. Introductions") {
                return;
            }
            if s.contains("Enter again starts it") {
                self.keys(&["Enter"]);
                self.wait_for("1. Introductions");
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "meeting did not start; screen:\n{s}"
            );
            sleep(Duration::from_millis(100));
        }
    }

    pub fn pid(&self) -> i32 {
        self.tmux(&["display-message", "-p", "-t", "rt", "#{pane_pid}"])
            .trim()
            .parse()
            .unwrap()
    }

    /// Everything printed since the start, wrapped lines joined.
    pub fn transcript(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-S", "-", "-E", "-", "-t", "rt"])
    }

    /// Screen-reader mode's promise: no box drawing (U+2500-257F) anywhere in the
    /// transcript, and never the alternate screen. The transcript.
    pub fn plain_only(&self) -> String {
        let all = self.transcript();
        let boxes: Vec<char> = all
            .chars()
            .filter(|c| ('\u{2500}'..='\u{257f}').contains(c))
            .collect();
        assert!(boxes.is_empty(), "box drawing {boxes:?} in:\n{all}");
        assert_eq!(
            self.var("alternate_on"),
            "0",
            "the alternate screen was used"
        );
        all
    }

    /// In screen-reader mode, Enter on the planned meeting; a second Enter when the
    /// runner asks again (the real clock is not the demo meeting's day).
    pub fn start_plain_meeting(&self) {
        self.keys(&["Enter"]);
        sleep(Duration::from_millis(400));
        if self.transcript().contains("Enter again starts it") {
            self.keys(&["Enter"]);
        }
    }

    /// Start the planned meeting, mark the first `n` members present, and have each
    /// sign the confidentiality statement on the item after next.
    pub fn sign_in(&self, n: usize) {
        self.start_meeting();
        for _ in 0..n {
            self.keys(&["p"]);
        }
        self.keys(&["PageDown", "PageDown"]);
        self.wait_for("Confidentiality statement · s: show the room");
        for _ in 0..n {
            self.keys(&["Space"]);
        }
        self.wait_for("Everyone present has signed");
    }

    /// `kill -9` the program in the pane, as a power cut would stop it; 300 ms for the
    /// kill to land. The shell's own kill: no need for procps on the machine.
    pub fn kill_9(&self) {
        let st = Command::new("sh")
            .args(["-c", &format!("kill -KILL {}", self.pid())])
            .status()
            .unwrap();
        assert!(st.success());
        sleep(Duration::from_millis(300));
    }
}

/// After a kill while typing `typed` into a case's minutes: the words are in the
/// typing journal or already the record at `db`.
pub fn assert_typed_kept(db: &Path, typed: &str) {
    let kept: String = super::texts(db, "SELECT body FROM typing")
        .into_iter()
        .chain(super::texts(db, "SELECT minutes FROM case_discussion"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(kept.contains(typed), "typed text lost at the kill:\n{kept}");
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}
