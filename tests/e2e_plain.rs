//! Issue 28 item 1 end to end: the real binary in screen-reader mode (`run --plain`)
//! in tmux, driven as an `expect` script drives it: each key, then the line it must
//! print. A short meeting of the invented demo panel (MAGPan, seed 000: attendance at
//! items 1-2, signing the statement of Appendix C at item 3, a new referral at item 6
//! with minutes typed and a decision, the formal close), with a `kill -9` while the
//! minutes are being typed. The whole transcript has no box drawing (U+2500-257F),
//! the alternate screen is never used, every change is announced, and what was typed
//! is in the database after the kill (the typing journal, as in the full screen).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::thread::sleep;
use std::time::Duration;

use common::texts;
use common::tmux::{assert_typed_kept, have_tmux, Tmux};

/// Invented words typed into the minutes.
const TYPED: &str = "Invented minutes: Wren Tilsey seen at the leisure centre";

#[test]
fn a_short_meeting_in_screen_reader_mode_announces_every_change_and_survives_a_kill() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_by_binary(dir.path(), "plain.db");
    let t = Tmux::start_with("plain", &db, "run --plain");
    t.wait_for("planned: Enter starts it");
    t.wait_for("Item 1>");
    t.start_plain_meeting();
    t.wait_for("Meeting started");
    // Attendance: three present, each mark said.
    for _ in 0..3 {
        t.keys(&["p"]);
    }
    t.wait_for("Row 4 of");
    let all = t.plain_only();
    assert_eq!(all.matches(", present").count(), 3, "{all}");
    t.keys(&["PageDown"]);
    t.wait_for("Item 2 of");
    t.keys(&["PageDown"]);
    t.wait_for("Item 3 of");
    for _ in 0..3 {
        t.keys(&["Space"]);
    }
    t.wait_for("Everyone present has signed: case items are open");
    // Item 6: the first case, its minutes typed and echoed.
    t.keys(&["PageDown", "PageDown", "PageDown"]);
    t.wait_for("Item 6 of");
    t.keys(&["Enter"]);
    t.wait_for("Field Minutes, text, empty");
    t.wait_for("field Minutes>");
    t.text(TYPED);
    t.wait_for(TYPED);
    sleep(Duration::from_millis(300));
    let all = t.plain_only();
    // A kill while typing: the words are in the journal (or already the record).
    t.kill_9();
    assert_typed_kept(&db, TYPED);
    drop(t);
    for line in [
        "Meeting started",
        "Everyone present has signed",
        "Item 6 of 8: New referrals (under 18s), ",
        "Case 1 of ",
        "Saved at ",
    ] {
        assert!(all.contains(line), "{line:?} not announced:\n{all}");
    }

    // Started again: the same place, the words back in the minutes.
    let t = Tmux::start_with("plain2", &db, "run --plain");
    t.wait_for(&format!("Field Minutes, text: {TYPED}"));
    t.wait_for("Item 6, case 1 of ");
    t.keys(&["Tab"]);
    t.wait_for("Field Decision, choice of");
    t.keys(&["Right"]);
    t.wait_for("(not recorded: Enter records it)");
    t.keys(&["Enter"]);
    sleep(Duration::from_millis(300));
    t.keys(&["Escape"]);
    t.wait_for("Back to the case list");
    t.keys(&["F1"]);
    t.wait_for("End of keys.");
    t.keys(&["Escape"]);
    t.wait_for("Back: Item 6");
    // The formal close, from the last case item (8, reviews).
    t.keys(&["PageDown", "PageDown"]);
    t.wait_for("Item 8 of");
    t.keys(&["C-f"]);
    t.wait_for("Dialog: ");
    t.keys(&["Enter"]);
    t.wait_for("formally closed");
    let all = t.plain_only();
    assert!(all.contains("Dialog closed"), "{all}");
    t.keys(&["C-q"]);
    sleep(Duration::from_millis(500));
    drop(t);
    let minutes = texts(&db, "SELECT minutes FROM case_discussion").join("\n");
    assert!(minutes.contains(TYPED), "{minutes}");
    // The decision chosen on that case page is recorded (Right, then Enter).
    let decided = texts(
        &db,
        "SELECT decision FROM case_discussion WHERE minutes LIKE '%Wren Tilsey%'",
    );
    assert_eq!(decided.len(), 1, "{decided:?}");
    assert!(!decided[0].is_empty(), "no decision recorded");
    let closed = texts(
        &db,
        "SELECT state FROM meeting WHERE state = 'formally_closed'",
    );
    assert_eq!(closed.len(), 1, "{closed:?}");
}
