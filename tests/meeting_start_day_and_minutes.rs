//! Issue 11, the meeting itself: starting on another day than the meeting's date, and
//! minutes only of a meeting that was held.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::{t, Harness};
use ratatui::crossterm::event::KeyCode;
use roundtable::app::Effect;
use roundtable::domain::types::MeetingState;

#[test]
fn a_meeting_started_on_another_day_than_its_date_asks_first() {
    let mut h = Harness::new();
    // The meeting is dated 9 December; it is 30 November.
    h.app.now = t("2026-11-30 10:00:00");
    let fx = h.key(KeyCode::Enter);
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(h.app.data.state, MeetingState::Planned);
    let (msg, _) = h.app.message.clone().unwrap();
    assert!(
        msg.contains("Dated 9 December 2026, not today (30 November 2026)"),
        "{msg}"
    );
    // Any other key disarms; Enter twice starts it.
    h.key(KeyCode::Char('x'));
    assert!(h.key(KeyCode::Enter).is_empty());
    assert_eq!(h.key(KeyCode::Enter), vec![Effect::StartMeeting]);
    assert_eq!(h.app.data.state, MeetingState::InProgress);
}

#[test]
fn on_its_own_date_one_enter_starts_the_meeting() {
    let mut h = Harness::new();
    assert_eq!(h.key(KeyCode::Enter), vec![Effect::StartMeeting]);
}

#[test]
fn minutes_of_a_meeting_not_held_are_refused() {
    let h = Harness::new();
    let date = h.meeting_date().format("%Y-%m-%d").to_string();
    let dir = tempfile::tempdir().unwrap();
    let o = common::run(&[
        "--db",
        h.store.path().to_str().unwrap(),
        "minutes",
        "--meeting",
        &date,
        "--out",
        dir.path().join("m").to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let err = common::stderr(&o);
    assert!(err.contains("has not been held"), "{err}");
    assert!(!dir.path().join("m").exists(), "nothing written");
}

#[test]
fn an_intervention_added_at_the_meeting_is_in_its_minutes_whatever_the_clock_said() {
    use roundtable::store::write::NewIntervention;
    use std::sync::atomic::Ordering;
    let mut h = Harness::new();
    h.open_first_case(8);
    let case = h.app.current_case().unwrap().referral.id;
    // The computer's clock runs days ahead of the meeting's date.
    h.clock
        .store(t("2026-12-20 10:00:00").timestamp(), Ordering::SeqCst);
    h.store
        .add_intervention(
            case,
            Some(h.meeting),
            &NewIntervention {
                core_issue: "Weapon carrying".into(),
                intervention: "Knife crime awareness programme".into(),
                level_of_contact: "Weekly".into(),
                agency: None,
                progress: "3 of 6 sessions".into(),
            },
        )
        .unwrap();
    let m = roundtable::lookup::minutes::load(h.store.conn(), h.meeting_date()).unwrap();
    let c = m.cases.iter().find(|c| c.case_id == case.0).unwrap();
    assert!(
        c.interventions
            .iter()
            .any(|i| i.intervention == "Knife crime awareness programme"),
        "{:?}",
        c.interventions
    );
}

#[test]
fn ending_with_a_date_beside_the_planned_next_meeting_is_refused_not_added() {
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(8);
    h.ctrl('f');
    h.key(KeyCode::Enter);
    h.ctrl('e');
    let meetings: i64 = h.q("SELECT COUNT(*) FROM meeting");
    // The planned next meeting is 13 January; a week earlier would add a second one.
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.typ("2027-01-06");
    h.key(KeyCode::Enter);
    let err = h
        .app
        .dialog
        .as_ref()
        .and_then(|d| d.error.clone())
        .expect("refused");
    assert!(err.contains("2027-01-13 is already planned"), "{err}");
    assert_eq!(
        h.q::<i64>("SELECT COUNT(*) FROM meeting"),
        meetings,
        "nothing added"
    );
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.typ("2027-01-13");
    h.key(KeyCode::Enter);
    assert!(h.app.dialog.is_none());
    assert_eq!(h.q::<i64>("SELECT COUNT(*) FROM meeting"), meetings);
    assert_eq!(h.app.data.date.to_string(), "2027-01-13");
}
