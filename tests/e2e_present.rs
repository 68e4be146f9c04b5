//! Issue 10, end to end: an editor and a presenter (`roundtable present`) on one
//! database, each the real binary in tmux. What the chair does shows on the room's
//! screen within a second; blanking works from either side; a revealed name hides
//! again when the case changes.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::thread::sleep;
use std::time::{Duration, Instant};

use common::harness::Harness;
use common::tmux::{have_tmux, Tmux};

/// Wait until `f` holds for the presenter's screen, at most `within`.
fn shows(p: &Tmux, within: Duration, what: &str, f: impl Fn(&str) -> bool) -> Duration {
    let start = Instant::now();
    loop {
        let s = p.screen();
        if f(&s) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < within,
            "the presenter did not show {what} within {within:?}:\n{s}"
        );
        sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_presenter_follows_the_chair_and_blanks_from_either_side() {
    if !have_tmux() {
        return;
    }
    // A meeting under way on its first new referral (the chair's terminal shows the room).
    let mut h = Harness::new();
    h.open_first_case(6);
    let case = h.app.current_case().unwrap().clone();
    let name = case.referral.name.clone();
    let initials = roundtable::app::text::initials(&name);
    let db = h.store.path().to_path_buf();

    let present = Tmux::start_with("present", &db, "present");
    present.wait_for(&initials);
    let editor = Tmux::start("editor", &db);
    editor.wait_for("case 1 of");
    // The harness's terminal started the meeting and showed the room: take it over.
    editor.keys(&["F9"]);

    // A decision in the editor reaches the room within a second.
    editor.keys(&["Tab"]);
    editor.keys(&["Right", "Enter"]);
    let took = shows(&present, Duration::from_secs(1), "the decision", |s| {
        s.contains("Decision so far: open to panel")
    });
    eprintln!("decision on the presenter after {took:?}");

    // Reveal the full name; the next case hides it again.
    editor.keys(&["F4"]);
    shows(&present, Duration::from_secs(1), "the full name", |s| {
        s.contains(&name)
    });
    editor.keys(&["C-n"]);
    shows(&present, Duration::from_secs(1), "the name hidden", |s| {
        !s.contains(&name) && !s.contains(&initials)
    });

    // Blank from the editor, show again; then from the presenter itself.
    editor.keys(&["C-b"]);
    shows(&present, Duration::from_secs(1), "a blank screen", |s| {
        s.trim().is_empty()
    });
    editor.keys(&["C-b"]);
    shows(&present, Duration::from_secs(1), "the meeting again", |s| {
        s.contains("Agenda")
    });
    present.keys(&["C-b"]);
    shows(&present, Duration::from_secs(1), "a blank screen", |s| {
        s.trim().is_empty()
    });
    present.keys(&["C-b"]);
    shows(&present, Duration::from_secs(1), "the meeting again", |s| {
        s.contains("Agenda")
    });

    // The editor quits and comes back: the presenter carries on.
    editor.keys(&["C-q"]);
    sleep(Duration::from_millis(300));
    assert!(present.screen().contains("Agenda"));
    drop(h);
}
