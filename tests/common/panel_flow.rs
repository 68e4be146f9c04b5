#![allow(dead_code, clippy::unwrap_used)]
//! A shipped panel (DYO, CAMP) run end to end as its users would (issue 20): the
//! binary for `init`, referrals and every lookup, tmux at 80x24 for the meeting. Every
//! output is kept (stdout, stderr, files written, screens), so a test can check at the
//! end that none carries MAGPan's section numbers or MAGPan-only words.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use super::tmux::Tmux;

/// MAGPan's sections and words that no other panel's output may carry: "section N"
/// counts only when no digit follows ("Section 115 of the Crime and Disorder Act" is
/// DYO's own words, and capitalised).
pub const MAGPAN_ONLY: [&str; 15] = [
    "section 5",
    "section 7",
    "section 9",
    "section 10",
    "section 11",
    "section 12",
    "Appendix A",
    "Appendix B",
    "Appendix D",
    "MAGPan",
    "YOS",
    "serious youth violence",
    // Appendix A's own fields and MAGPan's intelligence items, found on other panels'
    // case pages by a tester (issue 25).
    "core reason",
    "Intelligence from",
    "Intervention plan presented",
];

/// Where `text` carries MAGPan's words, each with a little context.
pub fn magpan_words(text: &str) -> Vec<String> {
    let mut found = vec![];
    let lower = text.to_lowercase();
    for needle in MAGPAN_ONLY {
        let hay = if needle == "serious youth violence" {
            &lower
        } else {
            text
        };
        for (at, _) in hay.match_indices(needle) {
            let end = at + needle.len();
            if needle.starts_with("section") && hay[end..].starts_with(|c: char| c.is_ascii_digit())
            {
                continue;
            }
            let from = hay[..at].char_indices().rev().nth(30).map_or(0, |(i, _)| i);
            let to = hay[end..]
                .char_indices()
                .nth(30)
                .map_or(hay.len(), |(i, _)| end + i);
            found.push(format!("{needle:?} in …{}…", &hay[from..to]));
        }
    }
    found
}

/// One panel's database in a folder of its own, and everything its commands said.
pub struct Flow {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    seen: RefCell<Vec<(String, String)>>,
}

impl Flow {
    pub fn new() -> Flow {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("panel.db");
        Flow {
            dir,
            db,
            seen: RefCell::new(vec![]),
        }
    }

    /// Write a file in the folder; its path.
    pub fn write(&self, name: &str, text: &str) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    }

    /// Keep `text` among the outputs checked at the end.
    pub fn keep(&self, what: &str, text: &str) {
        self.seen
            .borrow_mut()
            .push((what.to_string(), text.to_string()));
    }

    /// The binary on this database as of `today`, no stdin, no config; both streams kept.
    pub fn run(&self, today: &str, args: &[&str]) -> Output {
        let o = self.quiet(today, args);
        let what = args.join(" ");
        self.keep(&format!("stdout of {what}"), &super::stdout(&o));
        self.keep(&format!("stderr of {what}"), &super::stderr(&o));
        o
    }

    /// Every `--json` lookup on this panel held to docs/json.md (tests/common/json_shape.rs),
    /// as MAGPan's demo is: a field this panel prints that the doc does not describe, or
    /// one the doc promises that it lacks, fails. Not kept for the word scan (JSON field
    /// names are the program's, not the panel's).
    pub fn json_contract(&self, today: &str) {
        let (problems, seen) = super::json_shape::lookups(
            &mut |args| {
                let o = self.quiet(today, args);
                assert!(o.status.success(), "{args:?}: {}", super::stderr(&o));
                super::stdout(&o)
            },
            self.dir.path(),
            today,
        );
        assert!(
            seen.contains("case") && seen.contains("actions"),
            "{seen:?}"
        );
        assert!(
            problems.is_empty(),
            "docs/json.md and this panel's output differ:\n{}",
            problems.join("\n")
        );
    }

    /// The binary on this database as of `today`, no stdin, no config; not kept.
    fn quiet(&self, today: &str, args: &[&str]) -> Output {
        Command::new(super::bin())
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("ROUNDTABLE_DB")
            .env_remove("ROUNDTABLE_KEY")
            .env("ROUNDTABLE_CONFIG", "")
            .env("ROUNDTABLE_TODAY", today)
            .env("CI", "true")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    /// Run and expect success: its stdout.
    pub fn ok(&self, today: &str, args: &[&str]) -> String {
        let o = self.run(today, args);
        assert!(o.status.success(), "{args:?}: {}", super::stderr(&o));
        super::stdout(&o)
    }

    /// Run and expect a refusal: its stderr.
    pub fn fails(&self, today: &str, args: &[&str]) -> String {
        let o = self.run(today, args);
        assert!(
            !o.status.success(),
            "{args:?} succeeded: {}",
            super::stdout(&o)
        );
        super::stderr(&o)
    }

    /// Every file in `dir` kept, by name; the names, sorted.
    pub fn keep_files(&self, dir: &Path) -> Vec<String> {
        let mut names = vec![];
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            self.keep(
                &format!("file {name}"),
                &std::fs::read_to_string(&p).unwrap(),
            );
            names.push(name);
        }
        names.sort();
        names
    }

    /// One value from the (plain) database.
    pub fn q<T: rusqlite::types::FromSql>(&self, sql: &str) -> T {
        rusqlite::Connection::open(&self.db)
            .unwrap()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    }

    /// `init --no-encrypt --panel PANEL --members FILE` as of `today`, the members
    /// file `members.toml` holding `members`: what init printed.
    pub fn init_with_members(&self, today: &str, panel: &str, members: &str) -> String {
        let file = self.write("members.toml", members);
        self.ok(
            today,
            &["init", "--no-encrypt", "--panel", panel, "--members", &file],
        )
    }

    /// The room's screen (`present`) in a second terminal of tmux session `name`.
    pub fn room(&self, name: &str) -> Room<'_> {
        Room {
            t: Tmux::start_with(name, &self.db, "present"),
            flow: self,
            frames: vec![],
        }
    }

    /// The meeting in tmux at 80x24, as the chair's laptop shows it.
    pub fn meeting(&self, name: &str) -> Screen<'_> {
        Screen {
            t: Tmux::start_sized(name, &self.db, 80, 24),
            flow: self,
        }
    }

    /// No output kept carries MAGPan's words. `known` are spans left to files another
    /// helper owns, each (start, end): removed from its start to the first end after
    /// it before the check; delete one when its fault is fixed.
    pub fn assert_no_magpan(&self, known: &[(&str, &str)]) {
        let mut faults = vec![];
        for (what, text) in self.seen.borrow().iter() {
            let mut text = text.clone();
            for (start, end) in known {
                while let Some(at) = text.find(start) {
                    let stop = text[at + start.len()..]
                        .find(end)
                        .map_or(text.len(), |i| at + start.len() + i + end.len());
                    text.replace_range(at..stop, "");
                }
            }
            for f in magpan_words(&text) {
                faults.push(format!("{what}: {f}"));
            }
        }
        assert!(
            faults.is_empty(),
            "MAGPan's words reach this panel:\n{}",
            faults.join("\n")
        );
    }
}

/// The meeting screen in tmux; every screen waited for is kept by its flow.
pub struct Screen<'a> {
    pub t: Tmux,
    flow: &'a Flow,
}

impl Screen<'_> {
    pub fn keys(&self, keys: &[&str]) {
        self.t.keys(keys);
    }

    pub fn text(&self, s: &str) {
        self.t.text(s);
    }

    /// Wait for `needle` on screen; the screen, kept.
    pub fn wait_for(&self, needle: &str) -> String {
        let s = self.t.wait_for(needle);
        self.flow.keep(&format!("screen with {needle:?}"), &s);
        s
    }

    /// Wait until `needle` has left the screen (a dialog closed).
    pub fn wait_gone(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.t.screen();
            if !s.contains(needle) {
                self.flow.keep(&format!("screen without {needle:?}"), &s);
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "{needle:?} stayed; screen:\n{s}"
            );
            sleep(Duration::from_millis(100));
        }
    }

    /// Start the planned meeting (on another day than today, the runner asks again).
    pub fn start(&self) {
        self.wait_for("Press Enter to start");
        self.keys(&["Enter"]);
        let start = Instant::now();
        loop {
            let s = self.t.screen();
            if s.contains("· in progress") {
                self.flow.keep("screen, meeting started", &s);
                return;
            }
            if s.contains("Enter again starts it") {
                self.keys(&["Enter"]);
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "meeting did not start; screen:\n{s}"
            );
            sleep(Duration::from_millis(100));
        }
    }

    /// The attendance item `heading`: each member marked with `marks` in turn ("p"
    /// present, "a" apologies), then `shown` on screen.
    pub fn mark_attendance(&self, heading: &str, marks: &[&str], shown: &str) {
        self.wait_for(heading);
        self.keys(marks);
        self.wait_for(shown);
    }

    /// At `shown` (the confidentiality item), the `n` present each sign with Space;
    /// the case items open.
    pub fn all_sign(&self, shown: &str, n: usize) {
        self.wait_for(shown);
        self.keys(&vec!["Space"; n]);
        self.wait_for("Everyone present has signed: case items are open.");
    }

    /// Tab to the case page's field labelled `label` (focused: "▸ label" for a
    /// choice, a box titled "┌ label" for text).
    pub fn tab_to(&self, label: &str) {
        for _ in 0..40 {
            let s = self.t.screen();
            if s.contains(&format!("▸ {label}")) || s.contains(&format!("┌ {label}")) {
                self.flow.keep(&format!("screen at {label:?}"), &s);
                return;
            }
            self.keys(&["Tab"]);
            sleep(Duration::from_millis(60));
        }
        panic!("no field {label:?}; screen:\n{}", self.t.screen());
    }
}

/// The room's screen in tmux; every frame waited for is kept by its flow and kept here.
pub struct Room<'a> {
    pub t: Tmux,
    flow: &'a Flow,
    frames: Vec<String>,
}

impl Room<'_> {
    /// Wait for `needle` on the room's screen; the frame, kept.
    pub fn look(&mut self, needle: &str) -> String {
        let s = self.t.wait_for(needle);
        self.flow
            .keep(&format!("room's screen with {needle:?}"), &s);
        self.frames.push(s.clone());
        s
    }

    /// Every frame looked at, in order.
    pub fn frames(self) -> Vec<String> {
        self.frames
    }
}
