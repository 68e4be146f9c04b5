//! Issue 11, the MAPPA item (sections 10.1 and 12) and early reviews (section 7.9).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use common::new_panel::{referral_id, Panel};

#[test]
fn section_10_1_a_referral_excluded_at_intake_is_carried_to_the_mappa_item_linked_with_its_data() {
    let p = Panel::new();
    let out = p.refer(
        "a",
        r#"{"referring_agency": "POL", "name": "Dev Haldane", "date_of_birth": "2004-06-30",
            "gender": "Male", "ethnicity": "Mixed", "postcode": "HF2 7BN", "ward": "Northgate",
            "criminal_legal_status": "Licence", "core_reason": "involvement_in_gangs",
            "mappa_category": 1, "mappa_level": 2,
            "concerns": "County line runner.", "date_received": "2026-11-10"}"#,
        &[],
    );
    let id = referral_id(&out);
    assert!(out.contains("2026-12-09"), "{out}");
    let store = p.store();
    let meeting = store.meeting_to_run().unwrap().unwrap();
    store.start_meeting(meeting).unwrap();
    let notes = store.load_meeting(meeting).unwrap().mappa;
    assert_eq!(notes.len(), 1, "carried, not retyped: {notes:?}");
    let n = &notes[0];
    assert_eq!(n.referral.map(|r| r.0), Some(id));
    assert_eq!(
        (n.name.as_str(), n.category, n.level),
        ("Dev Haldane", 1, 2)
    );
    assert_eq!(n.data.date_of_birth.unwrap().to_string(), "2004-06-30");
    assert_eq!(
        (
            n.data.gender.as_str(),
            n.data.postcode.as_str(),
            n.data.ward.as_str()
        ),
        ("Male", "HF2 7BN", "Northgate")
    );
    assert_eq!(n.data.criminal_legal_status, "Licence");
    assert_eq!(n.data.core_reason, "involvement_in_gangs");
    assert_eq!(n.data.referral_date.unwrap().to_string(), "2026-11-10");
    // The minutes' MAPPA page carries the data set.
    let day: chrono::NaiveDate = "2026-12-09".parse().unwrap();
    let m = roundtable::lookup::minutes::load(store.conn(), day).unwrap();
    let set = m.mappa[0].data_set.clone().unwrap_or_default();
    assert!(
        set.contains("born 2004-06-30") && set.contains("HF2 7BN"),
        "{set}"
    );
    // Preparing the agenda again (a restart) does not note it twice.
    store.prepare_agenda(meeting).unwrap();
    assert_eq!(store.load_meeting(meeting).unwrap().mappa.len(), 1);
}

/// The harness's demo database, run from the shell as of the meeting's eve.
fn shell(h: &Harness, args: &[&str]) -> std::process::Output {
    std::process::Command::new(common::bin())
        .arg("--db")
        .arg(h.store.path())
        .args(args)
        .env("ROUNDTABLE_TODAY", "2026-11-25")
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .output()
        .unwrap()
}

#[test]
fn section_10_1_an_open_case_is_discharged_to_mappa_and_noted_at_the_next_meeting() {
    let h = Harness::new();
    let case: i64 = h.q("SELECT id FROM referral WHERE status = 'open' ORDER BY id LIMIT 1");
    let o = shell(
        &h,
        &[
            "referral",
            "discharge-mappa",
            &case.to_string(),
            "--level",
            "3",
            "--category",
            "2",
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let out = common::stdout(&o);
    assert!(
        out.contains("noted at the MAPPA item of the meeting on 2026-12-09"),
        "{out}"
    );
    let (status, flag, level, closed): (String, i64, i64, String) = h
        .store
        .conn()
        .query_row(
            "SELECT status, discharged_to_mappa, mappa_level, closed_on FROM referral WHERE id = ?1",
            [case],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (status.as_str(), flag, level, closed.as_str()),
        ("closed", 1, 3, "2026-11-25")
    );
    let noted: i64 = h.q(&format!(
        "SELECT COUNT(*) FROM mappa_note n JOIN meeting m ON m.id = n.meeting_id
         WHERE n.referral_id = {case} AND m.date = '2026-12-09' AND n.level = 3"
    ));
    assert_eq!(noted, 1);
    // Its open actions end with it, saying why.
    let open: i64 = h.q(&format!(
        "SELECT COUNT(*) FROM action WHERE referral_id = {case} AND status = 'open'"
    ));
    assert_eq!(open, 0);
    let ended: i64 = h.q(&format!(
        "SELECT COUNT(*) FROM action WHERE referral_id = {case}
         AND completion_note = 'case discharged to MAPPA on 2026-11-25'"
    ));
    assert!(ended > 0, "the demo case had open actions");
    // A closed case cannot be discharged again.
    let o = shell(
        &h,
        &[
            "referral",
            "discharge-mappa",
            &case.to_string(),
            "--level",
            "2",
            "--category",
            "1",
        ],
    );
    assert!(!o.status.success());
    assert!(
        common::stderr(&o).contains("only an open case"),
        "{}",
        common::stderr(&o)
    );
}

#[test]
fn section_7_9_a_review_is_brought_forward_at_the_lead_agencys_request() {
    let h = Harness::new();
    // An open case whose review was set for January.
    let case: i64 = h.q("SELECT id FROM referral WHERE status = 'open' ORDER BY id LIMIT 1");
    h.store
        .conn()
        .execute(
            "UPDATE referral SET next_review_on = '2027-01-13' WHERE id = ?1",
            [case],
        )
        .unwrap();
    let due = "2027-01-13";
    let id = case.to_string();
    let o = shell(
        &h,
        &[
            "referral",
            "review-early",
            &id,
            "--to",
            "2026-12-09",
            "--reason",
            "Arrested twice since the last review",
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let out = common::stdout(&o);
    assert!(out.contains(&format!("(was {due})")), "{out}");
    assert!(out.contains("heard at the meeting on 2026-12-09"), "{out}");
    let (next, reason): (String, String) = h
        .store
        .conn()
        .query_row(
            "SELECT next_review_on, early_review_reason FROM referral WHERE id = ?1",
            [case],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (next.as_str(), reason.as_str()),
        ("2026-12-09", "Arrested twice since the last review")
    );
    let history = common::stdout(&shell(&h, &["case", &id]));
    assert!(
        history.contains("Review brought forward at the lead agency's request on 2026-11-25 (section 7.9): Arrested twice since the last review"),
        "{history}"
    );
    // The next meeting hears it.
    let meeting = h.store.meeting_to_run().unwrap().unwrap();
    h.store.start_meeting(meeting).unwrap();
    let data = h.store.load_meeting(meeting).unwrap();
    assert!(
        data.cases.iter().any(|c| c.referral.id.0 == case),
        "on the agenda"
    );
    // Later than the review already set, or with no reason: refused.
    let o = shell(
        &h,
        &[
            "referral",
            "review-early",
            &id,
            "--to",
            "2027-06-01",
            "--reason",
            "x",
        ],
    );
    assert!(!o.status.success());
    let o = shell(
        &h,
        &[
            "referral",
            "review-early",
            &id,
            "--to",
            "2026-12-01",
            "--reason",
            " ",
        ],
    );
    assert!(!o.status.success());
}

#[test]
fn section_12_a_mappa_case_typed_at_the_item_takes_the_data_set_and_saves_from_any_field() {
    use ratatui::crossterm::event::KeyCode;
    let mut h = Harness::new();
    h.start_and_sign(5);
    h.goto(8);
    h.ctrl('f');
    h.key(KeyCode::Enter);
    h.ctrl('a');
    h.typ("Tobias Kennard-Ruiz");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right); // category 1
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right); // level 2
    for _ in 0..3 {
        h.key(KeyCode::Tab); // note, date of birth, gender
    }
    h.typ("Male");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.typ("hf27bn"); // postcode, normalised
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab); // ward
    h.key(KeyCode::Tab); // welfare legal status
    h.typ("Youth rehabilitation order");
    h.ctrl('d');
    assert!(
        h.app.dialog.is_none(),
        "{:?}",
        h.app.dialog.as_ref().and_then(|d| d.error.clone())
    );
    let (gender, postcode, criminal): (String, String, String) = h
        .store
        .conn()
        .query_row(
            "SELECT gender, postcode, criminal_legal_status FROM mappa_note WHERE name = 'Tobias Kennard-Ruiz'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (gender.as_str(), postcode.as_str(), criminal.as_str()),
        ("Male", "HF2 7BN", "Youth rehabilitation order")
    );
}

#[test]
fn section_12_a_mappa_note_is_put_right_and_completed_later_with_its_end_date() {
    use ratatui::crossterm::event::KeyCode;
    let mut h = Harness::new();
    h.start_and_sign(5);
    h.goto(8);
    h.ctrl('f');
    h.key(KeyCode::Enter);
    // The demo's referral excluded at intake is carried here, linked.
    let carried = h.app.data.mappa[0].clone();
    assert!(carried.referral.is_some());
    let before: i64 = h.q("SELECT COUNT(*) FROM mappa_note");
    h.key(KeyCode::Home);
    h.key(KeyCode::Enter); // edit the selected note
    let d = h.app.dialog.as_ref().expect("the note opens to edit");
    let name = d.form.fields[0].text_value().unwrap();
    assert_eq!(name, carried.name, "shown as it stands");
    while !h
        .app
        .dialog
        .as_ref()
        .unwrap()
        .form
        .focused()
        .is_some_and(|f| f.label.starts_with("End date"))
    {
        h.key(KeyCode::Tab);
    }
    h.typ("2027-02-01");
    h.ctrl('d');
    assert!(
        h.app.dialog.is_none(),
        "{:?}",
        h.app.dialog.as_ref().and_then(|d| d.error.clone())
    );
    let (end, referral, notes): (String, Option<i64>, i64) = h
        .store
        .conn()
        .query_row(
            "SELECT end_date, referral_id, (SELECT COUNT(*) FROM mappa_note) FROM mappa_note WHERE id = ?1",
            [carried.id.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(end, "2027-02-01");
    assert_eq!(referral, carried.referral.map(|r| r.0), "still linked");
    assert_eq!(notes, before, "put right, not added again");
}
