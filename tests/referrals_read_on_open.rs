//! Issue 24 (item 1 of the encrypted measurements): the meeting screen's first frame
//! does not read every referral of the panel. `tui::start` leaves the referrals
//! screen's rows unread; F7 reads them (once), and a save after that keeps them.
//! Every name and place is invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::app_run::Run;
use common::new_panel::Panel;
use ratatui::crossterm::event::KeyCode;
use roundtable::app::{update, Effect, Msg, Screen};
use roundtable::store::write::Table;

const FIRST: &str = r#"{"referring_agency": "EDU", "name": "Rowan Achterberg", "dob": "2010-04-02",
    "concerns": "Seen with older youths.", "date_received": "2026-11-16"}"#;
const SECOND: &str = r#"{"referring_agency": "CSC", "name": "Lulu Ferreira", "dob": "2011-08-14",
    "concerns": "Missing episodes.", "date_received": "2026-11-16"}"#;

fn panel_with_two() -> Panel {
    let p = Panel::new();
    p.refer("a", FIRST, &[]);
    p.refer("b", SECOND, &[]);
    p
}

#[test]
fn the_first_frame_waits_for_no_referral_and_is_the_same() {
    let p = panel_with_two();
    let mut run = Run::open(&p);
    assert!(!run.app.data.referrals_loaded);
    assert!(run.app.data.referrals.is_empty());
    let lazy = run.screen_at(80, 24);
    let full = run.store.load_meeting(run.meeting).unwrap();
    assert_eq!(full.referrals.len(), 2, "both referrals wait to be heard");
    run.app.data = full;
    assert_eq!(run.screen_at(80, 24), lazy);
}

#[test]
fn f7_reads_the_referrals_once_and_shows_them() {
    let p = panel_with_two();
    let mut run = Run::open(&p);
    let fx = update(&mut run.app, Msg::Key(key(KeyCode::F(7))));
    let panel = run.app.data.panel.id;
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::LoadReferrals { panel: p } if *p == panel)),
        "{fx:?}"
    );
    roundtable::tui::apply(&run.store, &mut run.meeting, &mut run.app, fx);
    assert_eq!(run.app.screen, Screen::Referrals);
    assert!(run.app.data.referrals_loaded);
    let want = run.store.waiting_referrals(panel).unwrap();
    assert_eq!(run.app.data.referrals, want);
    let names: Vec<&str> = want.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Rowan Achterberg", "Lulu Ferreira"]);
    let screen = run.screen_at(80, 24);
    assert!(screen.contains("Achterberg"), "{screen}");
    assert!(screen.contains("Ferreira"), "{screen}");
    // Back to the meeting and to the referrals again: nothing more to read.
    run.key(KeyCode::F(5));
    let fx = update(&mut run.app, Msg::Key(key(KeyCode::F(7))));
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::LoadReferrals { .. })),
        "{fx:?}"
    );
}

#[test]
fn a_reread_after_a_save_keeps_the_referrals_once_read() {
    let p = panel_with_two();
    let mut run = Run::open(&p);
    run.key(KeyCode::F(7));
    assert_eq!(run.app.data.referrals.len(), 2);
    let id = run.meeting.0;
    // The meeting read again whole (as after a save, or another terminal's change).
    roundtable::tui::apply(
        &run.store,
        &mut run.meeting,
        &mut run.app,
        vec![Effect::Set {
            table: Table::Meeting,
            id,
            col: "venue",
            value: rusqlite::types::Value::Text("Larkspur Room".into()),
        }],
    );
    assert_eq!(run.app.data.venue, "Larkspur Room");
    assert!(run.app.data.referrals_loaded);
    assert_eq!(run.app.data.referrals.len(), 2);
}

fn key(code: KeyCode) -> ratatui::crossterm::event::KeyEvent {
    ratatui::crossterm::event::KeyEvent::new(code, ratatui::crossterm::event::KeyModifiers::NONE)
}

/// Issue 25: F7's list that cannot be read is said as a read that failed, with the
/// key that reads it again; it is not "Save failed" (nothing was being saved), the
/// save state stays as it was, nothing waits in the retry queue, and the screen does
/// not say that no referral is waiting. F7 reads it again once it can be read.
#[test]
fn a_referral_list_that_cannot_be_read_says_so_and_f7_reads_it_again() {
    let p = panel_with_two();
    let mut run = Run::open(&p);
    run.store
        .conn()
        .execute_batch("ALTER TABLE referral RENAME TO referral_away")
        .unwrap();
    run.key(KeyCode::F(7));
    let said = run.message();
    assert!(
        said.starts_with("The referral list could not be read")
            && said.ends_with("F7 reads it again"),
        "{said}"
    );
    assert!(
        !said.contains("Save failed") && !said.contains("Not saved"),
        "{said}"
    );
    assert!(run.app.retry.is_empty(), "{:?}", run.app.retry);
    assert!(
        !matches!(run.app.save, roundtable::app::SaveState::Failed(_)),
        "{:?}",
        run.app.save
    );
    let screen = run.screen_at(100, 24);
    assert!(!screen.contains("No new referrals waiting"), "{screen}");
    assert!(
        screen.contains("The referral list could not be read: F7 reads it again"),
        "{screen}"
    );
    run.store
        .conn()
        .execute_batch("ALTER TABLE referral_away RENAME TO referral")
        .unwrap();
    run.key(KeyCode::F(7));
    assert!(run.app.data.referrals_loaded);
    assert_eq!(run.app.data.referrals.len(), 2);
    assert_eq!(run.message(), "");
    assert!(run.screen_at(100, 24).contains("Achterberg"));
}

/// The meeting read back after a save that succeeded: when the reading fails, the
/// save is not said to have failed (it is in the record, and nothing is queued to
/// be written twice); the reading is, with F5 to read it again.
#[test]
fn a_meeting_that_cannot_be_read_back_after_a_save_is_not_a_failed_save() {
    let p = panel_with_two();
    let mut run = Run::open(&p);
    let id = run.meeting.0;
    run.store
        .conn()
        .execute_batch("ALTER TABLE intelligence RENAME TO intelligence_away")
        .unwrap();
    roundtable::tui::apply(
        &run.store,
        &mut run.meeting,
        &mut run.app,
        vec![Effect::Set {
            table: Table::Meeting,
            id,
            col: "venue",
            value: rusqlite::types::Value::Text("Larkspur Room".into()),
        }],
    );
    let venue: String = run.q(&format!("SELECT venue FROM meeting WHERE id = {id}"));
    assert_eq!(venue, "Larkspur Room", "the save itself went through");
    let said = run.message();
    assert!(
        said.starts_with("The meeting could not be read back after saving")
            && said.contains("F5 reads it again"),
        "{said}"
    );
    assert!(!said.contains("Save failed"), "{said}");
    assert!(run.app.retry.is_empty(), "{:?}", run.app.retry);
    assert!(!matches!(
        run.app.save,
        roundtable::app::SaveState::Failed(_)
    ));
    run.store
        .conn()
        .execute_batch("ALTER TABLE intelligence_away RENAME TO intelligence")
        .unwrap();
    run.key(KeyCode::F(5));
    assert_eq!(run.app.data.venue, "Larkspur Room", "read again");
    assert_eq!(run.message(), "");
}
