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

/// Move the open dialog's focus to the field labelled `label`.
fn focus(h: &mut Harness, label: &str) {
    for _ in 0..10 {
        let d = h.app.dialog.as_ref().unwrap();
        if d.form.focused().is_some_and(|f| f.label.starts_with(label)) {
            return;
        }
        h.key(KeyCode::Tab);
    }
    panic!("no field {label}");
}

/// Focus the choice labelled `label` and step it until `pick` accepts the option.
fn choose(h: &mut Harness, label: &str, pick: impl Fn(&str) -> bool) {
    focus(h, label);
    for _ in 0..60 {
        let d = h.app.dialog.as_ref().unwrap();
        if let Some(Kind::Choice {
            options,
            selected: Some(i),
            ..
        }) = d.form.focused().map(|f| &f.kind)
        {
            if pick(&options[*i]) {
                return;
            }
        }
        h.key(KeyCode::Right);
    }
    panic!("no option chosen for {label}");
}

/// The first member of an agency that is not the chair's: they send a written
/// submission saying `said`, and three others are present and sign.
fn with_written_submission(said: &str) -> (Harness, String, String) {
    let mut h = Harness::new();
    h.key(KeyCode::Enter);
    let chair_agency = h.app.data.members[0].agency;
    let i = h
        .app
        .data
        .members
        .iter()
        .position(|m| m.agency != chair_agency)
        .unwrap();
    let name = h.app.data.members[i].name.clone();
    let agency = h.app.data.agency_code(Some(h.app.data.members[i].agency));
    for _ in 0..i {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Char('w'));
    let d = h.app.dialog.as_ref().expect("the submission dialog opens");
    assert!(d.title.contains(&name), "{}", d.title);
    h.typ(said);
    h.key(KeyCode::Enter);
    assert!(h.app.dialog.is_none());
    // Three present from the top (the chair among them), then sign them in.
    h.key(KeyCode::Home);
    for k in 0..3 {
        if k == i {
            h.key(KeyCode::Down);
        }
        h.key(KeyCode::Char('p'));
    }
    h.key(KeyCode::PageDown);
    h.key(KeyCode::PageDown);
    for _ in 0..3 {
        h.key(KeyCode::Char(' '));
    }
    (h, name, agency)
}

#[test]
fn section_5_5_what_a_written_submission_said_is_recorded_and_reaches_the_minutes() {
    let (h, name, agency) = with_written_submission("No contact with the family since May.");
    let (status, said): (String, String) = h
        .store
        .conn()
        .query_row(
            "SELECT status, submission FROM attendance WHERE name = ?1 AND meeting_id = ?2",
            rusqlite::params![name, h.meeting.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(status, "written_submission");
    assert_eq!(said, "No contact with the family since May.");
    let m = roundtable::lookup::minutes::load(h.store.conn(), h.meeting_date()).unwrap();
    let text = roundtable::lookup::doc::markdown(&roundtable::lookup::minutes::general_page(&m));
    assert!(
        text.contains(&format!(
            "Written submission from {name} ({agency}): No contact with the family since May."
        )),
        "{text}"
    );
}

#[test]
fn section_7_2_an_action_volunteered_by_written_submission_is_recorded_as_such() {
    let (mut h, name, agency) = with_written_submission("Will share school records.");
    h.goto(8);
    h.key(KeyCode::Enter);
    h.ctrl('a');
    h.typ("Share school records with the lead agency");
    choose(&mut h, "Agency", |o| o.starts_with(&format!("{agency} ")));
    focus(&mut h, "Due date");
    h.key(KeyCode::Enter); // the suggested date
    choose(&mut h, "Volunteered by", |o| {
        o.contains("by written submission")
    });
    h.key(KeyCode::Enter);
    assert!(
        h.app.dialog.is_none(),
        "{:?}",
        h.app.dialog.as_ref().and_then(|d| d.error.clone())
    );
    let (by, how): (String, String) = h
        .store
        .conn()
        .query_row(
            "SELECT volunteered_by, volunteered_how FROM action ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (by.as_str(), how.as_str()),
        (name.as_str(), "written_submission")
    );
}

#[test]
fn section_7_2_a_volunteer_from_another_agency_is_refused_and_agreement_is_recorded() {
    let (mut h, _name, agency) = with_written_submission("Will share school records.");
    h.goto(8);
    h.key(KeyCode::Enter);
    let before: i64 = h.q("SELECT COUNT(*) FROM action");
    h.ctrl('a');
    h.typ("Check the family's housing tenancy");
    choose(&mut h, "Agency", |o| o.starts_with(&format!("{agency} ")));
    focus(&mut h, "Due date");
    h.key(KeyCode::Enter);
    // The chair is in the room but speaks for another agency.
    choose(&mut h, "Volunteered by", |o| {
        !o.contains(&format!("({agency})")) && !o.contains("written") && !o.contains("agreed")
    });
    h.key(KeyCode::Enter);
    let err = h
        .app
        .dialog
        .as_ref()
        .and_then(|d| d.error.clone())
        .expect("refused");
    assert!(
        err.contains(&format!(", not {agency} (section 7.2)")),
        "{err}"
    );
    assert_eq!(
        h.q::<i64>("SELECT COUNT(*) FROM action"),
        before,
        "nothing written"
    );
    choose(&mut h, "Volunteered by", |o| {
        o.starts_with("agreed by the panel")
    });
    h.key(KeyCode::Enter);
    assert!(
        h.app.dialog.is_none(),
        "{:?}",
        h.app.dialog.as_ref().and_then(|d| d.error.clone())
    );
    let how: String = h.q("SELECT volunteered_how FROM action ORDER BY id DESC LIMIT 1");
    assert_eq!(how, "agreement");
}

#[test]
fn section_7_2_the_panels_agreement_is_refused_for_an_agency_in_the_room() {
    let (mut h, _name, _agency) = with_written_submission("Will share school records.");
    h.goto(8);
    h.key(KeyCode::Enter);
    // The chair's agency is in the room: it volunteers its own actions.
    let chair = h.app.data.agency_code(Some(h.app.data.members[0].agency));
    h.ctrl('a');
    h.typ("Check for any new intelligence");
    choose(&mut h, "Agency", |o| o.starts_with(&format!("{chair} ")));
    focus(&mut h, "Due date");
    h.key(KeyCode::Enter);
    choose(&mut h, "Volunteered by", |o| {
        o.starts_with("agreed by the panel")
    });
    h.key(KeyCode::Enter);
    let err = h
        .app
        .dialog
        .as_ref()
        .and_then(|d| d.error.clone())
        .expect("refused");
    assert!(err.contains(&format!("{chair} is in the room")), "{err}");
}

#[test]
fn section_5_5_a_member_marked_present_after_all_has_no_deputy() {
    let (mut h, deputy) = with_registered_deputy();
    h.key(KeyCode::Down);
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert_eq!(rows_named(&h, "Ilse Varga")[0].1, "deputy");
    h.key(KeyCode::Home);
    h.key(KeyCode::Down); // the vice chair, here in person after all
    h.key(KeyCode::Char('p'));
    assert_eq!(
        rows_named(&h, "Ilse Varga"),
        vec![(Some(deputy.0), "absent".to_string(), None)]
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
    assert_eq!(vice, ("present".into(), String::new()));
}
