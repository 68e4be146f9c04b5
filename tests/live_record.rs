//! Issue 8, the live record: a lock, a full disk, two terminals on one case, and
//! choices, each through the same `App` + store path the terminal runner uses.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::time::{Duration, Instant};

use common::harness::Harness;
use ratatui::crossterm::event::KeyCode;
use roundtable::app::{save, App, SaveState, DEBOUNCE_MS, RETRY_MS};
use roundtable::store::Store;

fn screen(app: &App) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    t.draw(|f| roundtable::ui::render(app, f)).unwrap();
    format!("{}", t.backend())
}

fn minutes(h: &Harness) -> String {
    let d = h.app.current_case().unwrap().discussion.0;
    h.q(&format!(
        "SELECT minutes FROM case_discussion WHERE id = {d}"
    ))
}

#[test]
fn two_terminals_on_one_case_lose_no_words_and_see_each_other() {
    let mut a = Harness::new();
    a.open_first_case(6);
    a.focus("Minutes");
    // B opens on the same database: it starts where the room is (A started the meeting).
    let mut b = a.peer("terminal-b");
    assert_eq!(b.app.item, 6);
    assert_eq!(
        b.app.current_case().map(|c| c.discussion),
        a.app.current_case().map(|c| c.discussion)
    );
    b.focus("Minutes");
    let words: Vec<String> = (1..=25).map(|i| format!("w{i}")).collect();
    let b_text = words.join(" ");
    b.typ(&b_text);
    b.wait(DEBOUNCE_MS);
    assert_eq!(minutes(&a), b_text, "B's words are in the record");
    // A sees them without typing (the runner polls data_version every tick).
    let mut peer_a = a.peer("terminal-a2");
    peer_a.focus("Minutes");
    assert_eq!(peer_a.text(), b_text, "a third terminal shows B's text");

    // A (whose editor still holds the empty text it loaded) adds one word: B's 25 stay.
    a.typ(" agreed");
    a.wait(DEBOUNCE_MS);
    let m = minutes(&a);
    assert!(m.starts_with(&b_text), "B's words kept: {m:?}");
    assert!(m.contains("agreed"), "A's word kept: {m:?}");
    assert_eq!(a.text(), m, "A's screen shows the joined text");
    assert!(
        a.app
            .message
            .as_ref()
            .is_some_and(|(s, _)| s.contains("another terminal")),
        "A is told: {:?}",
        a.app.message
    );

    // Both type at the same time at the end of the same field.
    b.wait(50); // B notices A's save first
    assert_eq!(b.text(), m, "B shows A's word");
    a.typ(" From A.");
    b.typ(" From B.");
    b.wait(DEBOUNCE_MS);
    a.wait(DEBOUNCE_MS);
    let both = minutes(&a);
    assert!(
        both.contains("From A.") && both.contains("From B."),
        "{both:?}"
    );
    assert!(both.starts_with(&m), "{both:?} / {m:?}");
    b.wait(50);
    assert_eq!(b.text(), both, "B shows both");
    peer_a.wait(50);
    assert_eq!(peer_a.text(), both, "the third terminal shows both");

    // Each terminal keeps its own place: B moving on does not move A.
    b.key(KeyCode::Esc);
    b.key(KeyCode::PageDown);
    assert_eq!(b.app.item, 7);
    a.wait(50);
    assert_eq!(a.app.item, 6);
    let b_place = b
        .store
        .place(b.meeting, "terminal-b")
        .unwrap()
        .expect("B's place is kept");
    assert_eq!(b_place.item, Some(7));
    let room: i64 = a.q("SELECT current_item FROM meeting WHERE state = 'in_progress'");
    assert_eq!(room, 6, "only the terminal showing the room moves the room");
    // B takes the room explicitly (F9): the room's place follows B from now on.
    b.key(KeyCode::F(9));
    let room: i64 = a.q("SELECT current_item FROM meeting WHERE state = 'in_progress'");
    assert_eq!(room, 7);
    a.key(KeyCode::PageDown);
    let room: i64 = a.q("SELECT current_item FROM meeting WHERE state = 'in_progress'");
    assert_eq!(room, 7, "A no longer moves the room");
}

#[test]
fn overlapping_edits_keep_both_versions_visibly() {
    let mut a = Harness::new();
    a.open_first_case(6);
    a.focus("Minutes");
    a.typ("Risk is low");
    a.wait(DEBOUNCE_MS);
    let mut b = a.peer("terminal-b");
    b.focus("Minutes");
    // Each replaces the last word at once.
    for _ in 0..3 {
        a.key(KeyCode::Backspace);
        b.key(KeyCode::Backspace);
    }
    a.typ("medium");
    b.typ("high");
    b.wait(DEBOUNCE_MS);
    a.wait(DEBOUNCE_MS);
    let m = minutes(&a);
    assert!(m.contains("high") && m.contains("medium"), "{m:?}");
    assert!(
        m.contains(roundtable::domain::merge::CONFLICT_MARK),
        "{m:?}"
    );
    assert!(a
        .app
        .message
        .as_ref()
        .is_some_and(|(s, warn)| *warn && s.contains("both versions are kept")));
}

#[test]
fn stepping_through_every_option_of_a_choice_records_one_change() {
    let mut h = Harness::new();
    h.open_first_case(6);
    let d = h.app.current_case().unwrap().discussion.0;
    let log = |h: &Harness, col: &str| -> i64 {
        h.q(&format!(
            "SELECT COUNT(*) FROM change_log WHERE tbl = 'case_discussion' AND row_id = {d} AND col = '{col}'"
        ))
    };
    h.focus("Decision");
    for _ in 0..6 {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Left);
    assert_eq!(log(&h, "decision"), 0, "passing options records nothing");
    let shown = match &h.app.form.focused().unwrap().kind {
        roundtable::app::form::Kind::Choice {
            selected, options, ..
        } => options[selected.unwrap()].clone(),
        _ => unreachable!(),
    };
    assert!(
        screen(&h.app).contains("not recorded: Enter"),
        "a pending choice says so"
    );
    h.key(KeyCode::Enter);
    assert_eq!(log(&h, "decision"), 1);
    let stored: String = h.q(&format!(
        "SELECT decision FROM case_discussion WHERE id = {d}"
    ));
    let code = roundtable::domain::types::Decision::ALL
        .iter()
        .find(|d| d.label() == shown)
        .map(|d| d.code())
        .expect("a decision label");
    assert_eq!(stored, code, "the one settled on is recorded");
    // Lead agency: chosen by typing letters, recorded on leaving the field.
    h.focus("Lead agency");
    h.typ("pol");
    assert_eq!(log(&h, "lead_agency_id"), 0);
    h.key(KeyCode::Tab);
    assert_eq!(log(&h, "lead_agency_id"), 1);
    let police: i64 = h.q(&format!(
        "SELECT COUNT(*) FROM case_discussion c JOIN agency a ON a.id = c.lead_agency_id WHERE c.id = {d} AND a.is_police"
    ));
    assert_eq!(police, 1, "typing 'pol' chose the police");
}

#[test]
fn a_write_lock_held_for_4_s_is_waited_out() {
    let mut h = Harness::new();
    h.open_first_case(6);
    h.focus("Minutes");
    h.typ("Before the lock.");
    h.wait(DEBOUNCE_MS);
    let path = h.store.path().to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("BEGIN IMMEDIATE").unwrap();
        tx.send(()).unwrap();
        std::thread::sleep(Duration::from_secs(4));
        c.execute_batch("COMMIT").unwrap();
    });
    rx.recv().unwrap();
    let start = Instant::now();
    h.typ(" During the lock.");
    h.wait(DEBOUNCE_MS);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "the screen does not freeze while another program writes"
    );
    assert_eq!(
        save::status(&h.app),
        SaveState::Waiting,
        "waiting, not failed"
    );
    h.typ(" After.");
    h.wait(DEBOUNCE_MS);
    holder.join().unwrap();
    assert!(start.elapsed() >= Duration::from_secs(3));
    // The next tries, once the lock is let go, write what is on screen now.
    h.wait(save::BUSY_RETRY_MS);
    h.wait(save::BUSY_RETRY_MS);
    assert_eq!(minutes(&h), "Before the lock. During the lock. After.");
    assert!(
        !matches!(save::status(&h.app), SaveState::Failed(_)),
        "{:?}",
        h.app.message
    );
    assert!(
        !h.app
            .message
            .as_ref()
            .is_some_and(|(m, _)| m.contains("locked")),
        "no locked message: {:?}",
        h.app.message
    );
}

#[test]
fn a_full_disk_is_shown_and_everything_is_saved_once_space_returns() {
    let mut h = Harness::new();
    h.open_first_case(6);
    h.focus("Minutes");
    h.typ("Small start.");
    h.wait(DEBOUNCE_MS);
    let pages: i64 = h.q("PRAGMA page_count");
    // A full disk, portably: this connection may not grow the file any more.
    h.store
        .conn()
        .execute_batch(&format!("PRAGMA max_page_count = {pages}"))
        .unwrap();
    let big = "x".repeat(64 * 1024);
    h.paste(&format!(" {big}"));
    h.wait(DEBOUNCE_MS);
    assert!(
        matches!(save::status(&h.app), SaveState::Failed(_)),
        "the failure is shown, nothing claimed saved"
    );
    assert!(h.store.conn().is_autocommit(), "no transaction left open");
    // Another process is not locked out meanwhile.
    let other = Store::open_existing(h.store.path(), None).unwrap();
    other.log_event("another process writes").unwrap();
    // Typing goes on; the retry writes the newest text, not the copy that failed.
    h.typ(" end.");
    assert_eq!(minutes(&h), "Small start.");
    h.store
        .conn()
        .execute_batch("PRAGMA max_page_count = 1073741823")
        .unwrap();
    h.wait(RETRY_MS);
    assert_eq!(minutes(&h), format!("Small start. {big} end."));
    assert!(!matches!(
        save::status(&h.app),
        SaveState::Failed(_) | SaveState::Typing
    ));
    let open_journal: i64 = h.q("SELECT COUNT(*) FROM typing");
    assert_eq!(open_journal, 0, "the journal is cleared once committed");
}

#[test]
fn text_typed_steadily_is_journalled_before_the_next_frame_and_committed_within_2_s() {
    let mut h = Harness::new();
    h.open_first_case(6);
    h.focus("Minutes");
    let mut typed = String::new();
    for (i, c) in "steady typing never pauses for long".chars().enumerate() {
        h.key(KeyCode::Char(c));
        typed.push(c);
        // Every key is in the database at once (the journal), whatever the rhythm.
        let journal: String = h.q("SELECT body FROM typing");
        assert_eq!(journal, typed);
        h.wait(if i % 2 == 0 { 150 } else { 250 });
    }
    // A pause never came, yet the record was written at least every 2 s.
    let commits: i64 = h.q(&format!(
        "SELECT COUNT(*) FROM change_log WHERE col = 'minutes' AND row_id = {}",
        h.app.current_case().unwrap().discussion.0
    ));
    assert!(commits >= 3, "committed during the typing: {commits}");
}

#[test]
fn a_kill_leaves_the_journal_which_the_next_start_commits() {
    let mut h = Harness::new();
    h.open_first_case(6);
    h.focus("Minutes");
    h.typ("typed just before the kill");
    // No tick: the process dies here. The words are in the journal only.
    assert_eq!(minutes(&h), "");
    let again = h.peer(h.store.terminal());
    assert_eq!(minutes(&again), "typed just before the kill");
    assert_eq!(again.app.item, 6, "reopened at the same item and case");
}

#[test]
fn a_half_typed_date_survives_a_kill_in_its_editor() {
    let mut h = Harness::new();
    h.open_first_case(6);
    h.focus("Intervention plan");
    h.typ("2027-0");
    let mut again = h.peer(h.store.terminal());
    assert_eq!(save::status(&again.app), SaveState::Typing);
    again.app.form.focus = again
        .app
        .form
        .fields
        .iter()
        .position(|f| f.label.starts_with("Intervention plan"))
        .unwrap();
    assert_eq!(again.text(), "2027-0");
}

#[test]
fn a_pending_choice_survives_a_kill_still_pending() {
    let mut h = Harness::new();
    h.open_first_case(6);
    h.focus("Decision");
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    let pending = |app: &App| match &app.form.focused().unwrap().kind {
        roundtable::app::form::Kind::Choice {
            selected,
            committed,
            ..
        } => (*selected, *committed),
        _ => unreachable!(),
    };
    let before = pending(&h.app);
    assert_ne!(before.0, before.1);
    // Killed here: a fresh start on the same database.
    let mut b = h.peer(h.store.terminal());
    b.focus("Decision");
    assert_eq!(pending(&b.app), before, "still pending, not recorded");
    let d = b.app.current_case().unwrap().discussion.0;
    let logged = |b: &Harness| -> i64 {
        b.store
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM change_log WHERE tbl = 'case_discussion' AND col = 'decision' AND row_id = ?1",
                [d],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(logged(&b), 0);
    b.key(KeyCode::Enter);
    assert_eq!(logged(&b), 1);
    let drafts: i64 = b
        .store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM draft WHERE key LIKE 'choice:%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(drafts, 0, "the draft goes once the choice is recorded");
}

#[test]
fn two_terminals_typing_in_one_field_each_keep_their_words_over_a_kill() {
    let mut a = Harness::new();
    a.open_first_case(6);
    a.focus("Minutes");
    let mut b = a.peer("terminal-b");
    b.focus("Minutes");
    a.typ("alice-words-that-must-not-be-lost");
    b.typ("bbbbbbbbbb");
    b.wait(DEBOUNCE_MS);
    b.typ("bbbbb");
    // A is killed here, its words only in the journal; B goes on and saves.
    b.wait(DEBOUNCE_MS);
    let again = a.peer(a.store.terminal());
    let m = minutes(&again);
    assert!(m.contains("alice-words-that-must-not-be-lost"), "{m:?}");
    assert!(m.contains("bbbbbbbbbbbbbbb"), "{m:?}");
}

fn choice_state(h: &Harness) -> (Option<usize>, Option<usize>) {
    match &h.app.form.focused().unwrap().kind {
        roundtable::app::form::Kind::Choice {
            selected,
            committed,
            ..
        } => (*selected, *committed),
        _ => unreachable!(),
    }
}

#[test]
fn pending_choices_belong_to_their_terminal_and_never_overwrite_a_newer_record() {
    let mut a = Harness::new();
    a.open_first_case(6);
    a.focus("Decision");
    let mut b = a.peer("terminal-b");
    b.focus("Decision");
    a.key(KeyCode::Left);
    b.key(KeyCode::Right);
    let a_pending = choice_state(&a);
    // A is killed and starts again: its own pending choice, not B's.
    let mut a2 = a.peer(a.store.terminal());
    a2.focus("Decision");
    assert_eq!(choice_state(&a2), a_pending);
    // A records its choice; B's older pending choice is dropped, and B is told.
    a2.key(KeyCode::Enter);
    b.wait(50);
    let (sel, committed) = choice_state(&b);
    assert_eq!(sel, committed, "B's pending choice was dropped");
    assert_eq!(committed, a_pending.0, "B shows what A recorded");
    assert!(b
        .app
        .message
        .as_ref()
        .is_some_and(|(m, warn)| *warn && m.contains("Another terminal recorded")));
    let d = b.app.current_case().unwrap().discussion.0;
    let rows = |h: &Harness| -> i64 {
        h.q(&format!(
            "SELECT COUNT(*) FROM change_log WHERE tbl = 'case_discussion' AND col = 'decision' AND row_id = {d}"
        ))
    };
    assert_eq!(rows(&b), 1);
    b.key(KeyCode::Tab);
    assert_eq!(rows(&b), 1, "leaving the field records nothing of B's");
    let left: i64 = b.q("SELECT COUNT(*) FROM draft WHERE key LIKE 'choice:terminal-b:%'");
    assert_eq!(left, 0);
}

#[test]
fn a_large_paste_is_kept_whole() {
    let mut h = Harness::new();
    h.open_first_case(6);
    h.focus("Minutes");
    let big: String = (0..2500).map(|i| format!("w{i} ")).collect();
    h.paste(&big);
    let journal: String = h.q("SELECT body FROM typing");
    assert_eq!(journal, big, "in the journal at once");
    h.wait(DEBOUNCE_MS);
    assert_eq!(minutes(&h), big);
}

#[test]
fn a_dialog_being_typed_into_reopens_with_its_text_after_a_kill() {
    let mut h = Harness::new();
    h.open_first_case(6);
    h.ctrl('a');
    assert!(h.app.dialog.is_some());
    h.typ("Arrange a home visit with the family");
    // Killed here; the same terminal starts again.
    let again = h.peer(h.store.terminal());
    let d = again.app.dialog.as_ref().expect("the dialog is open again");
    assert_eq!(d.values()[0], "Arrange a home visit with the family");
    assert!(again
        .app
        .message
        .as_ref()
        .is_some_and(|(m, _)| m.contains("open again")));
    // Another terminal does not get this terminal's dialog.
    let other = h.peer("terminal-b");
    assert!(other.app.dialog.is_none());
}

#[test]
fn a_terminal_started_beside_anothers_unsaved_typing_says_it_is_kept() {
    let mut h = Harness::new();
    h.open_first_case(6);
    h.focus("Minutes");
    h.typ("Typed in terminal a, not yet saved");
    let journal: i64 = h.q("SELECT COUNT(*) FROM typing WHERE terminal = 'terminal-a'");
    assert_eq!(journal, 1, "in the journal, not yet committed");
    let b = h.peer("terminal-b");
    let (msg, _) = b
        .app
        .message
        .clone()
        .expect("a word about the other terminal's typing");
    assert!(
        msg.contains("Typing from terminal-a not yet saved"),
        "{msg}"
    );
}
