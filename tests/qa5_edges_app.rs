//! QA faults 6 and 7 at the level of the app's state: a kept draft referral and a file of
//! unsaved text are said at the start; quitting while another program holds the write
//! lock asks (and Esc stays), and a lock held too long turns the status to a failure.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use roundtable::app::save::LOCK_TOO_LONG_MS;
use roundtable::app::{update, Effect, Msg, SaveState, STAYING};

fn ctrl_q(h: &mut Harness) -> Vec<Effect> {
    update(
        &mut h.app,
        Msg::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL)),
    )
}

#[test]
fn quitting_while_another_program_writes_asks_and_esc_stays() {
    let mut h = Harness::new();
    h.open_first_case(6);
    h.focus("Minutes");
    h.typ("Words waiting for the lock");
    h.app.unsaved_file = "/tmp/invented.db.unsaved-<time>.txt".into();
    let fx = ctrl_q(&mut h);
    h.commit_fails(&fx, "database is locked", true);
    assert!(!h.app.quit_is_safe(), "the first Ctrl-Q is held back");
    let asked = h.app.message.clone().unwrap().0;
    assert!(
        asked.contains("not saved yet: Ctrl-Q again writes them to /tmp/invented.db.unsaved-<time>.txt and quits; Esc stays"),
        "{asked}"
    );
    // The retry that fails again (the lock still held) leaves the question on screen.
    h.commit_fails(&fx, "database is locked", true);
    assert_eq!(h.app.message.clone().unwrap().0, asked);

    // Esc stays: the question is answered, the text kept, a later Ctrl-Q asks again.
    update(&mut h.app, Msg::Key(KeyEvent::from(KeyCode::Esc)));
    assert!(!h.app.quit && !h.app.quit_anyway);
    assert_eq!(h.app.message.clone().unwrap().0, STAYING);
    assert!(h.app.unsaved().contains("Words waiting for the lock"));
    let fx = ctrl_q(&mut h);
    h.commit_fails(&fx, "database is locked", true);
    assert!(!h.app.quit_is_safe(), "asked again after Esc");
}

#[test]
fn a_lock_held_too_long_is_shown_as_a_failure() {
    let mut h = Harness::new();
    h.open_first_case(6);
    h.focus("Minutes");
    h.typ("Words waiting for the lock");
    let fx = ctrl_q(&mut h);
    h.commit_fails(&fx, "database is locked", true);
    h.app.quit = false;
    assert_eq!(roundtable::app::save::status(&h.app), SaveState::Waiting);
    h.app.mono += LOCK_TOO_LONG_MS - 1;
    assert_eq!(roundtable::app::save::status(&h.app), SaveState::Waiting);
    h.app.mono += 1;
    match roundtable::app::save::status(&h.app) {
        SaveState::Failed(e) => assert!(e.contains("another program has held"), "{e}"),
        s => panic!("still {s:?}"),
    }
}

#[test]
fn a_start_says_a_draft_referral_and_an_unsaved_text_file_are_waiting() {
    let h = Harness::new();
    // No draft, no file: neither is said.
    let peer = h.peer("terminal-b");
    let said = peer.app.message.clone().map(|m| m.0).unwrap_or_default();
    assert!(!said.contains("draft referral"), "{said}");
    assert!(!roundtable::app::page::referrals::draft_waiting(&peer.app));

    h.store
        .save_draft(
            roundtable::app::page::referrals::DRAFT,
            r#"{"name":"Invented Child"}"#,
        )
        .unwrap();
    let peer = h.peer("terminal-b");
    assert!(roundtable::app::page::referrals::draft_waiting(&peer.app));
    let said = peer.app.message.clone().unwrap().0;
    assert!(
        said.contains("A draft referral is waiting: F7, then n"),
        "{said}"
    );

    let file = format!("{}.unsaved-20261209-101500.txt", h.store.path().display());
    std::fs::write(&file, "## Minutes\nInvented words\n").unwrap();
    let peer = h.peer("terminal-c");
    let said = peer.app.message.clone().unwrap().0;
    assert!(
        said.contains("waiting in") && said.contains(&file),
        "{said}"
    );
}
