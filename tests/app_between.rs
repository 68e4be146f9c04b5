//! Between meetings in the TUI: members and the meetings schedule (issue 4, sections 5 and 11).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use ratatui::crossterm::event::KeyCode;
use roundtable::app::Screen;

#[test]
fn section_5_4_new_member_added_from_the_members_screen() {
    let mut h = Harness::new();
    h.key(KeyCode::F(6));
    assert_eq!(h.app.screen, Screen::Members);
    h.key(KeyCode::Char('n'));
    h.typ("Petra Vance-Okafor");
    h.key(KeyCode::Enter);
    h.typ("Youth Worker");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter); // on to the role
    h.key(KeyCode::Enter); // on to "deputy for"
    h.key(KeyCode::Enter); // confirm: refused, no agency chosen
    assert!(h
        .app
        .dialog
        .as_ref()
        .unwrap()
        .error
        .as_deref()
        .unwrap()
        .starts_with("Agency"));
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    h.key(KeyCode::Right); // the first agency
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right); // named deputy for the chair
    h.key(KeyCode::Enter);
    assert!(
        h.app.dialog.is_none(),
        "{:?}",
        h.app.dialog.as_ref().and_then(|d| d.error.clone())
    );
    let deputy_for: i64 =
        h.q("SELECT deputy_for_member_id FROM member WHERE name = 'Petra Vance-Okafor'");
    assert_eq!(deputy_for, 1);
    let (post, role): (String, String) = h
        .store
        .conn()
        .query_row(
            "SELECT post_title, role FROM member WHERE name = 'Petra Vance-Okafor'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((post.as_str(), role.as_str()), ("Youth Worker", "member"));
}

#[test]
fn section_5_4_only_one_chair_at_a_time() {
    let mut h = Harness::new();
    h.key(KeyCode::F(6));
    h.key(KeyCode::Char('n'));
    h.typ("Petra Vance-Okafor");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right); // Chair
    h.key(KeyCode::Enter); // on to "deputy for"
    h.key(KeyCode::Enter);
    let err = h.app.dialog.as_ref().unwrap().error.clone().unwrap();
    assert!(err.contains("already the Chair"), "{err}");
}

#[test]
fn retired_member_kept_in_the_past_and_not_offered_for_the_next_meeting() {
    let mut h = Harness::new();
    let attended: i64 = h.q("SELECT COUNT(*) FROM attendance WHERE member_id = 5");
    assert!(attended > 0);
    h.key(KeyCode::F(6));
    for _ in 0..4 {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Char('r'));
    h.key(KeyCode::Enter);
    assert!(h.app.dialog.is_none());
    assert_eq!(
        h.q::<String>("SELECT retired_on FROM member WHERE id = 5"),
        "2026-12-09"
    );
    assert_eq!(
        h.q::<i64>("SELECT COUNT(*) FROM attendance WHERE member_id = 5"),
        attended,
        "past attendance kept"
    );
    assert!(
        !h.app.data.members.iter().any(|m| m.id.0 == 5),
        "not offered for this meeting"
    );
    assert!(h
        .app
        .data
        .roster
        .iter()
        .any(|r| r.member.id.0 == 5 && r.retired_on.is_some()));
}

#[test]
fn section_11_extra_meeting_added_and_a_planned_one_moved() {
    let mut h = Harness::new();
    h.key(KeyCode::F(8));
    assert_eq!(h.app.screen, Screen::Schedule);
    h.key(KeyCode::Char('n'));
    h.typ("2027-01-27");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert_eq!(
        h.q::<i64>("SELECT COUNT(*) FROM meeting WHERE date = '2027-01-27' AND state = 'planned'"),
        1
    );
    // A closed meeting cannot be moved.
    h.key(KeyCode::Home);
    h.key(KeyCode::Enter);
    assert!(h.app.dialog.is_none());
    // Move the last planned meeting (2027-01-27) to the 28th.
    h.key(KeyCode::End);
    h.key(KeyCode::Enter);
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.typ("2027-01-28");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert_eq!(
        h.q::<i64>("SELECT COUNT(*) FROM meeting WHERE date = '2027-01-28'"),
        1
    );
    // Two meetings on one date are refused at the field.
    h.key(KeyCode::Char('n'));
    h.typ("2027-01-13");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert!(h
        .app
        .dialog
        .as_ref()
        .unwrap()
        .error
        .as_deref()
        .unwrap()
        .contains("already a meeting"));
}

#[test]
fn f5_returns_to_the_meeting_where_it_was() {
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(4);
    h.key(KeyCode::F(8));
    h.key(KeyCode::F(5));
    assert_eq!(h.app.screen, Screen::Meeting);
    assert_eq!(h.app.item, 4);
}

#[test]
fn an_extra_meeting_before_the_planned_one_becomes_the_meeting_to_run() {
    let mut h = Harness::new();
    h.key(KeyCode::F(8));
    h.key(KeyCode::Char('n'));
    h.typ("2026-12-16");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    // Today is 2026-12-09 in the harness; 12-09 is still first.
    assert_eq!(h.app.data.date.to_string(), "2026-12-09");
    // Move the 12-09 meeting after the new one: the 12-16 meeting now comes first.
    let pos = h
        .app
        .data
        .schedule
        .iter()
        .position(|m| m.date.to_string() == "2026-12-09")
        .unwrap();
    h.key(KeyCode::Home);
    for _ in 0..pos {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.typ("2026-12-23");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert!(
        h.app.dialog.is_none(),
        "{:?}",
        h.app.dialog.as_ref().and_then(|d| d.error.clone())
    );
    assert_eq!(
        h.app.data.date.to_string(),
        "2026-12-16",
        "the screen follows the schedule"
    );
    h.key(KeyCode::F(5));
    // Dated 16 December, started on the 9th: asked once, then started.
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert_eq!(
        h.q::<String>("SELECT date FROM meeting WHERE state = 'in_progress'"),
        "2026-12-16"
    );
}
