//! Issue 11, attendance (section 5.5): a member's registered deputy is offered first
//! and linked, and nobody is listed twice.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use ratatui::crossterm::event::KeyCode;
use roundtable::app::form::Kind;
use roundtable::app::AttendanceRow;
use roundtable::domain::types::Role;
use roundtable::store::write::NewMember;
use roundtable::store::MemberId;

/// A harness whose vice chair (member 2) has a registered deputy, Ilse Varga.
fn with_registered_deputy() -> (Harness, MemberId) {
    let h = Harness::new();
    let panel = h.store.panel_info(None).unwrap().id;
    let vice = &h.app.data.members[1];
    let deputy = h
        .store
        .add_member(&NewMember {
            panel: Some(panel),
            name: "Ilse Varga".into(),
            post_title: "Deputy Operations Manager".into(),
            agency: Some(vice.agency),
            role: Some(Role::Member),
            deputy_for: Some(vice.id),
        })
        .unwrap();
    // A terminal started now reads the new member.
    let mut h = h.peer("terminal-b");
    h.key(KeyCode::Enter);
    (h, deputy)
}

fn rows_named(h: &Harness, name: &str) -> Vec<(Option<i64>, String, Option<i64>)> {
    h.store
        .conn()
        .prepare("SELECT member_id, status, deputy_for_member_id FROM attendance WHERE name = ?1")
        .unwrap()
        .query_map([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn section_5_5_the_registered_deputy_is_offered_first_and_linked_to_their_member_row() {
    let (mut h, deputy) = with_registered_deputy();
    h.key(KeyCode::Down); // the vice chair
    h.key(KeyCode::Char('d'));
    let d = h.app.dialog.as_ref().unwrap();
    match &d.form.fields[0].kind {
        Kind::Choice {
            options, selected, ..
        } => {
            assert!(
                options[0].starts_with("Ilse Varga"),
                "offered first: {options:?}"
            );
            assert_eq!(*selected, Some(0));
        }
        _ => panic!("the first field is the choice of deputy"),
    }
    h.key(KeyCode::Enter); // the registered deputy chosen; on to the name
    h.key(KeyCode::Enter); // to the post
    h.key(KeyCode::Enter); // confirm
    assert!(
        h.app.dialog.is_none(),
        "{:?}",
        h.app.dialog.as_ref().and_then(|d| d.error.clone())
    );
    assert_eq!(
        rows_named(&h, "Ilse Varga"),
        vec![(Some(deputy.0), "deputy".to_string(), Some(2))],
        "one row, the deputy's own member row, linked to the vice chair"
    );
    let vice: (String, String) = h
        .store
        .conn()
        .query_row(
            "SELECT status, note FROM attendance WHERE member_id = 2 AND meeting_id = ?1",
            [h.meeting.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(vice, ("apology".into(), "sent a deputy".into()));
    // Listed once on the page: as the member, not again as an extra row.
    let rows = h.app.attendance_rows();
    let extra = rows
        .iter()
        .filter(|r| matches!(r, AttendanceRow::Other(_)))
        .count();
    assert_eq!(extra, 0, "{rows:?}");
    assert!(h.app.signers().iter().any(|a| a.name == "Ilse Varga"));
}

#[test]
fn section_5_5_a_typed_name_of_a_member_is_linked_and_a_second_deputy_replaces_the_first() {
    let (mut h, deputy) = with_registered_deputy();
    h.key(KeyCode::Down);
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Right); // someone else
    h.key(KeyCode::Enter);
    h.typ("ilse  varga"); // the member, typed by hand
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert_eq!(
        rows_named(&h, "Ilse Varga"),
        vec![(Some(deputy.0), "deputy".to_string(), Some(2))]
    );
    // The vice chair's deputy was someone else after all.
    h.key(KeyCode::Up);
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter);
    h.typ("Wilma Stanhope-Orr");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert_eq!(
        rows_named(&h, "Wilma Stanhope-Orr"),
        vec![(None, "deputy".to_string(), Some(2))]
    );
    assert_eq!(
        rows_named(&h, "Ilse Varga"),
        vec![(Some(deputy.0), "absent".to_string(), None)],
        "the earlier deputy is no longer recorded as deputising"
    );
    let deputies: i64 = h.q(
        "SELECT COUNT(*) FROM attendance a JOIN meeting m ON m.id = a.meeting_id
         WHERE a.deputy_for_member_id = 2 AND m.state = 'in_progress'",
    );
    assert_eq!(deputies, 1);
}
