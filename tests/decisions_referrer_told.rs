//! Issue 11, decisions: the referrer is told the outcome (section 5.5).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use ratatui::crossterm::event::KeyCode;
use roundtable::app::form::Kind;
use roundtable::domain::types::AttendanceStatus;
use roundtable::store::write::NewAttendance;

/// Record "one to watch" on the open case page and mark it done.
fn decide_one_to_watch(h: &mut Harness) {
    h.focus("Decision");
    let options = match &h.app.form.focused().unwrap().kind {
        Kind::Choice { options, .. } => options.clone(),
        _ => unreachable!(),
    };
    let watch = options.iter().position(|o| o == "one to watch").unwrap();
    for _ in 0..=watch {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Enter);
    h.focus("Reasons");
    h.typ("No supporting intelligence yet");
    h.ctrl('d');
    assert!(h.app.missing.is_empty(), "{:?}", h.app.missing);
}

/// (referrer told on, duty actions) for the case.
fn told(h: &Harness, case: i64) -> (Option<String>, Vec<(String, i64, String)>) {
    let on = h
        .store
        .conn()
        .query_row(
            "SELECT referrer_informed_on FROM referral WHERE id = ?1",
            [case],
            |r| r.get(0),
        )
        .unwrap();
    let duties = h
        .store
        .conn()
        .prepare(
            "SELECT description, agency_id, due_on FROM action
             WHERE referral_id = ?1 AND volunteered_how = 'duty'",
        )
        .unwrap()
        .query_map([case], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (on, duties)
}

#[test]
fn section_5_5_a_referrer_not_at_the_meeting_is_owed_the_outcome_as_an_action() {
    let mut h = Harness::new();
    h.open_first_case(6);
    let case = h.app.current_case().unwrap().referral.clone();
    // Nobody from the referring agency is in the room.
    h.store
        .conn()
        .execute(
            "UPDATE attendance SET status = 'apology' WHERE meeting_id = ?1 AND agency_id = ?2",
            [h.meeting.0, case.referring_agency.0],
        )
        .unwrap();
    decide_one_to_watch(&mut h);
    let (on, duties) = told(&h, case.id.0);
    assert_eq!(on, None, "not told yet");
    assert_eq!(duties.len(), 1, "{duties:?}");
    let code = h.app.data.agency_code(Some(case.referring_agency));
    assert!(
        duties[0].0.starts_with(&format!(
            "Tell the referring agency ({code}) the panel's decision: one to watch"
        )),
        "{duties:?}"
    );
    assert_eq!(duties[0].2, "2026-12-16", "due a week after the meeting");
    // Marking it done records when the referrer was told.
    let action = h.q::<i64>("SELECT id FROM action WHERE volunteered_how = 'duty'");
    let o = std::process::Command::new(common::bin())
        .args(["--db", h.store.path().to_str().unwrap(), "actions", "done"])
        .args([&action.to_string(), "--note", "Phoned the referrer"])
        .env("ROUNDTABLE_TODAY", "2026-12-11")
        .env_remove("ROUNDTABLE_DB")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert_eq!(told(&h, case.id.0).0.as_deref(), Some("2026-12-11"));
    // Completing the page again does not owe it twice.
    h.ctrl('d');
    assert_eq!(told(&h, case.id.0).1.len(), 1);
}

#[test]
fn section_5_5_a_referrer_in_the_room_heard_the_outcome_there() {
    let mut h = Harness::new();
    h.open_first_case(6);
    let case = h.app.current_case().unwrap().referral.clone();
    h.store
        .add_attendance(&NewAttendance {
            meeting: h.meeting,
            member: None,
            name: "Hollis Qureshi-Dunn".into(),
            post_title: "Pastoral lead".into(),
            agency: Some(case.referring_agency),
            status: AttendanceStatus::Present,
            deputy_for: None,
            visitor_for: Some(case.id),
        })
        .unwrap();
    decide_one_to_watch(&mut h);
    let (on, duties) = told(&h, case.id.0);
    assert_eq!(on.as_deref(), Some("2026-12-09"));
    assert!(duties.is_empty(), "{duties:?}");
}

#[test]
fn section_12_an_onward_referral_once_recorded_takes_a_note() {
    let mut h = Harness::new();
    h.open_first_case(6);
    let d = h.app.current_case().unwrap().discussion.0;
    assert!(
        !h.app
            .form
            .fields
            .iter()
            .any(|f| f.label == "MARAC referral note"),
        "no note before the referral is recorded"
    );
    h.focus("MARAC referral");
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter);
    h.focus("MARAC referral note");
    h.typ("Sent to the MARAC coordinator, reference M-114");
    h.wait(roundtable::app::MAX_UNCOMMITTED_MS + 100);
    let note: String = h
        .store
        .conn()
        .query_row(
            "SELECT note FROM onward_referral WHERE discussion_id = ?1 AND kind = 'marac'",
            [d],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(note, "Sent to the MARAC coordinator, reference M-114");
    // Recording another state keeps the note.
    while h.app.form.focused().unwrap().label != "MARAC referral" {
        h.key(KeyCode::BackTab);
    }
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter);
    let (state, note): (String, String) = h
        .store
        .conn()
        .query_row(
            "SELECT state, note FROM onward_referral WHERE discussion_id = ?1 AND kind = 'marac'",
            [d],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(state, "made");
    assert_eq!(note, "Sent to the MARAC coordinator, reference M-114");
}
