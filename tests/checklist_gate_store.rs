//! Issue 21: the chair's checklist gates a case in the store, not only on the case
//! page, so no other path (a second terminal, the CLI, a test through the store) marks
//! a case done while its checklist is incomplete. MAPPA's M1-M19 (003 App 2B, 3
//! "Chairs guidance"); every person invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::new_panel::MAPPA_FORM_FIELDS;

use common::new_panel::{referral_id, Panel};
use roundtable::domain::types::AttendanceStatus;
use roundtable::store::case_record::RecordChange;
use roundtable::store::meeting::Case;
use roundtable::store::write::Table;
use roundtable::store::{DiscussionId, MeetingId, Store};
use rusqlite::types::Value;

const MEMBERS: &str = r#"
[[member]]
name = "Ottilie Brackenbury"
post = "MAPPA Chair"
agency = "PROB"
role = "chair"

[[member]]
name = "Jerome Ashworth-Pike"
post = "MAPPA Co-ordinator"
agency = "PROB"
role = "mappa_coordinator"

[[member]]
name = "Saoirse Lindqvist"
post = "Police MAPPA Manager"
agency = "POL"

[[member]]
name = "Barnaby Okonjo"
post = "Housing Manager"
agency = "HOU"
"#;

/// A MAPPA database with one level 3 referral and its meeting started, everyone
/// present: the panel, the meeting and the case.
fn mappa_case() -> (Panel, MeetingId, i64) {
    let p = Panel::empty();
    let members = p.write("members.toml", MEMBERS);
    p.ok(&[
        "init",
        "--no-encrypt",
        "--panel",
        "mappa",
        "--members",
        members.to_str().unwrap(),
    ]);
    let out = p.refer(
        "level3",
        &format!(
            r#"{{"referring_agency": "PROB", "name": "Cuthbert Varga-Ellison", "date_of_birth": "1979-06-02",
            "harm_when_and_to_whom": "Released on licence; threats to a neighbour.",
            "date_received": "2026-11-20", "mappa_category": "2", "mappa_level": "3", {MAPPA_FORM_FIELDS}}}"#
        ),
        &[],
    );
    let store = p.store();
    let meeting = store.meeting_to_run().unwrap().unwrap();
    store.start_meeting(meeting).unwrap();
    for m in store.load_meeting(meeting).unwrap().members {
        store
            .mark_member(meeting, &m, AttendanceStatus::Present)
            .unwrap();
    }
    (p, meeting, referral_id(&out))
}

fn case_of(store: &Store, m: MeetingId, referral: i64) -> Case {
    store
        .load_meeting(m)
        .unwrap()
        .cases
        .into_iter()
        .find(|c| c.referral.id.0 == referral)
        .unwrap()
}

fn answer(store: &Store, d: DiscussionId, key: &str, answer: &str) {
    store
        .record_change(&RecordChange::Answer {
            discussion: d,
            key: key.into(),
            answer: answer.into(),
            note: String::new(),
        })
        .unwrap();
}

fn set(store: &Store, d: DiscussionId, col: &str, v: &str) {
    store
        .set_field(Table::Discussion, d.0, col, Value::Text(v.into()))
        .unwrap();
}

#[test]
fn app_2b_3_the_store_refuses_a_case_whose_checklist_is_incomplete_whoever_asks() {
    let (p, meeting, r) = mappa_case();
    let chair = p.store().with_terminal("chair-laptop");
    let day = chair.load_meeting(meeting).unwrap().date;
    let d = case_of(&chair, meeting, r).discussion;
    set(&chair, d, "decision", "not_accepted");
    set(
        &chair,
        d,
        "decision_reasons",
        "Managed at level 1 by probation.",
    );

    // Nothing answered: refused in one line naming the first question and the rest.
    let refused = chair
        .complete_case(&case_of(&chair, meeting, r), day)
        .unwrap_err()
        .to_string();
    assert!(!refused.contains('\n'), "{refused}");
    assert!(refused.contains("(App 2B, 3"), "cites the panel: {refused}");
    assert!(
        refused.contains("checklist M1 (") && refused.contains("and 16 more"),
        "{refused}"
    );
    let done: Option<String> = chair
        .conn()
        .query_row(
            "SELECT completed_at FROM case_discussion WHERE id = ?1",
            [d.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(done, None, "not marked done");

    // A second terminal answers all but M2 "no": M2 "no" needs the case deferred
    // (App 2B 3 Introduction: "the option to defer the case should be considered").
    let second = p.store().with_terminal("coordinator-desktop");
    common::checklist::answer_all(&second, meeting, d);
    answer(&second, d, "M2", "no");
    let refused = chair
        .complete_case(&case_of(&chair, meeting, r), day)
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("M2 answered no: the case deferred"),
        "{refused}"
    );
    assert!(!refused.contains("M1 ("), "M1 is answered: {refused}");

    // The stale page of the first terminal does not matter: the store reads the
    // answers as they are now.
    let stale = case_of(&chair, meeting, r);
    answer(&second, d, "M2", "yes");
    chair.complete_case(&stale, day).unwrap();
    let status: String = chair
        .conn()
        .query_row("SELECT status FROM referral WHERE id = ?1", [r], |x| {
            x.get(0)
        })
        .unwrap();
    assert_eq!(
        status, "declined",
        "App 2B 3: decided once the checklist is complete"
    );
}
