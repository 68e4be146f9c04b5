//! `roundtable referral add|screen|list` (issue 4: Appendix A, sections 9-12).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::new_panel::{self, referral_id, Panel};
use roundtable::store::write::{text, Table};

const IN_TIME: &str = r#"{"referring_agency": "EDU", "name": "Rowan Achterberg", "date_of_birth": "2010-04-02",
    "concerns": "Seen with older youths linked to a stabbing.", "date_received": "2026-11-16"}"#;

fn add_json(p: &Panel, json: &str) -> std::process::Output {
    let f = p.write("r.json", json);
    p.run(&["referral", "add", "--from", f.to_str().unwrap()])
}

/// A refused referral: non-zero exit, each message at its field, nothing written.
fn refused(p: &Panel, json: &str, expect: &[&str]) -> String {
    let before = p.dump();
    let o = add_json(p, json);
    let err = new_panel::err(&o);
    assert!(!o.status.success(), "{}", new_panel::out(&o));
    for e in expect {
        assert!(err.contains(e), "{e} missing from:\n{err}");
    }
    assert_eq!(p.dump(), before, "nothing half-saved");
    err
}

#[test]
fn every_appendix_a_and_section_12_field_stored_from_toml() {
    let p = Panel::new();
    let f = p.write(
        "r.toml",
        r#"
referring_agency = "edu"
referrer_contact = "Pastoral lead, Kestrel Academy, 01632 960111"
name = "Rowan Achterberg"
date_of_birth = 2010-04-02
age = 16
address = "14 Wren Walk, Harrowfield"
postcode = "hf27bn"
ward = "Northgate"
ethnicity = "White British"
gender = "Male"
education_employment = "Year 11, Kestrel Academy"
awareness = "Parents only"
concerns = "Seen with older youths linked to a stabbing."
other_referrals = "Early Help in October: family declined."
date_received = 2026-11-16
urgent = false
welfare_legal_status = "Child in need"
criminal_legal_status = "Community resolution"
core_reason = "at_risk_of_gang_association"
cse_issue = "none"
radicalisation_issue = "victim"
named_gang = "Canal Side"
mappa_category = 1
mappa_level = 1

[[household]]
name = "Marta Achterberg"
dob_or_age = "41"
relationship = "Mother"

[[household]]
name = "Kit Achterberg"
dob_or_age = 9
relationship = "Brother"
"#,
    );
    let out = p.ok(&["referral", "add", "--from", f.to_str().unwrap()]);
    assert!(
        out.contains("referral #1 saved: Rowan Achterberg (subject #1), received 2026-11-16"),
        "{out}"
    );
    assert!(
        out.contains("goes to the meeting on 2026-12-09: received by its cut-off of 2026-11-18"),
        "{out}"
    );
    assert!(
        out.contains("agenda item 6 (New referrals (under 18s)); aged 16 on 2026-12-09"),
        "{out}"
    );
    let store = p.store();
    let row: Vec<String> = store
        .conn()
        .query_row(
            "SELECT a.code, r.referrer_contact, s.name, s.date_of_birth, r.address, r.postcode, r.ward, s.ethnicity,
                s.gender, r.education_employment, r.awareness, r.concerns, r.other_referrals, r.date_received,
                r.urgent, r.welfare_legal_status, r.criminal_legal_status, r.core_reason, r.cse_issue,
                r.radicalisation_issue, r.named_gang, r.mappa_category, r.mappa_level, r.previously_known,
                r.status, r.screening, m.date
             FROM referral r JOIN subject s ON s.id = r.subject_id JOIN agency a ON a.id = r.referring_agency_id
             JOIN meeting m ON m.id = r.meeting_id",
            [],
            |r| {
                (0..27)
                    .map(|i| {
                        let v: rusqlite::types::Value = r.get(i)?;
                        Ok(match v {
                            rusqlite::types::Value::Integer(n) => n.to_string(),
                            rusqlite::types::Value::Text(t) => t,
                            other => format!("{other:?}"),
                        })
                    })
                    .collect()
            },
        )
        .unwrap();
    assert_eq!(
        row,
        [
            "EDU",
            "Pastoral lead, Kestrel Academy, 01632 960111",
            "Rowan Achterberg",
            "2010-04-02",
            "14 Wren Walk, Harrowfield",
            "HF2 7BN",
            "Northgate",
            "White British",
            "Male",
            "Year 11, Kestrel Academy",
            "parents_only",
            "Seen with older youths linked to a stabbing.",
            "Early Help in October: family declined.",
            "2026-11-16",
            "0",
            "Child in need",
            "Community resolution",
            "at_risk_of_gang_association",
            "none",
            "victim",
            "Canal Side",
            "1",
            "1",
            "0",
            "received",
            "pending",
            "2026-12-09"
        ]
    );
    let household: Vec<(String, String, String)> = store
        .conn()
        .prepare("SELECT name, dob_or_age, relationship FROM household_member ORDER BY position")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        household,
        [
            ("Marta Achterberg".into(), "41".into(), "Mother".into()),
            ("Kit Achterberg".into(), "9".into(), "Brother".into())
        ]
    );
    // Every insert is in the change log.
    assert_eq!(
        p.q::<i64>("SELECT COUNT(*) FROM change_log WHERE tbl = 'household_member'"),
        2
    );
    assert_eq!(
        p.q::<i64>("SELECT COUNT(*) FROM change_log WHERE tbl = 'referral' AND col = 'meeting_id'"),
        1
    );
}

#[test]
fn date_received_defaults_to_today_and_late_needs_urgent_flag() {
    let p = Panel::new();
    let out = p.refer(
        "late",
        r#"{"referring_agency": "CSC", "name": "Lulu Ferreira", "dob": "2011-08-14", "concerns": "Missing episodes."}"#,
        &[],
    );
    assert!(out.contains("received 2026-11-25"), "{out}");
    assert!(
        out.contains("late for the meeting on 2026-12-09 (cut-off 2026-11-18): held over to the meeting on 2027-01-13; it needs the urgent flag to go to 2026-12-09"),
        "{out}"
    );
    assert_eq!(
        p.q::<String>("SELECT m.date FROM referral r JOIN meeting m ON m.id = r.meeting_id"),
        "2027-01-13"
    );
    assert_eq!(p.q::<String>("SELECT status FROM referral"), "received");
}

#[test]
fn future_date_of_birth_refused_at_the_field() {
    let p = Panel::new();
    refused(
        &p,
        &IN_TIME.replace("2010-04-02", "2027-04-02"),
        &["date_of_birth: 2027-04-02 is in the future"],
    );
}

#[test]
fn received_after_today_refused() {
    let p = Panel::new();
    refused(
        &p,
        &IN_TIME.replace("2026-11-16", "2026-12-10"),
        &["date_received: 2026-12-10 is after today (2026-11-25)"],
    );
}

#[test]
fn missing_required_fields_each_listed() {
    let p = Panel::new();
    let err = refused(
        &p,
        r#"{"name": " ", "date_received": ""}"#,
        &[
            "name: required",
            "concerns: required",
            "referring_agency: required",
            "date_received: required",
        ],
    );
    assert!(err.contains("referral not saved: 4 problems"), "{err}");
}

#[test]
fn unknown_agency_refused_listing_valid_codes() {
    let p = Panel::new();
    refused(
        &p,
        &IN_TIME.replace("\"EDU\"", "\"NHS\""),
        &["referring_agency: unknown agency 'NHS'; valid codes: POL, YOS, SYV, NPS"],
    );
}

#[test]
fn malformed_postcode_refused_and_good_one_normalised() {
    let p = Panel::new();
    refused(
        &p,
        &IN_TIME.replace("\"name\"", "\"postcode\": \"HF2 7B\", \"name\""),
        &["postcode: 'HF2 7B' is not a UK postcode"],
    );
    p.refer(
        "ok",
        &IN_TIME.replace("\"name\"", "\"postcode\": \"ec1a1bb\", \"name\""),
        &[],
    );
    assert_eq!(p.q::<String>("SELECT postcode FROM referral"), "EC1A 1BB");
}

#[test]
fn unknown_keys_wrong_types_and_bad_codes_all_listed_at_once() {
    let p = Panel::new();
    refused(
        &p,
        &IN_TIME.replace(
            "\"name\"",
            "\"nmae\": \"x\", \"urgent\": \"perhaps\", \"awareness\": \"maybe\", \"mappa_level\": 4, \"household\": [{\"age\": 4}], \"name\"",
        ),
        &[
            "nmae: unknown field",
            "urgent: 'perhaps' is not true or false",
            "awareness: 'maybe' is not one of yes, parents_only, no, not_known",
            "mappa_level: '4' is not 1, 2 or 3",
            "household[1].name: required",
        ],
    );
    let f = p.write("r.txt", IN_TIME);
    let err = p.fails(&["referral", "add", "--from", f.to_str().unwrap()]);
    assert!(
        err.contains("a referral file ends in .toml or .json"),
        "{err}"
    );
}

#[test]
fn section_9_aged_25_and_over_taken_in_with_a_note() {
    let p = Panel::new();
    let f = p.write("r.json", &IN_TIME.replace("2010-04-02", "1999-05-05"));
    let o = p.run(&["referral", "add", "--from", f.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(
        new_panel::err(&o).contains("warning: date_of_birth: aged 25 or over"),
        "{}",
        new_panel::err(&o)
    );
    assert!(new_panel::err(&o).contains("section 9"));
    assert!(
        new_panel::out(&o).contains("agenda item 7"),
        "{}",
        new_panel::out(&o)
    );
}

#[test]
fn dry_run_says_where_it_goes_and_writes_nothing() {
    let p = Panel::new();
    let before = p.dump();
    let f = p.write("r.json", IN_TIME);
    let out = p.ok(&[
        "referral",
        "add",
        "--from",
        f.to_str().unwrap(),
        "--dry-run",
    ]);
    assert!(
        out.contains("nothing saved") && out.contains("goes to the meeting on 2026-12-09"),
        "{out}"
    );
    assert_eq!(p.dump(), before);
}

#[test]
fn known_person_linked_and_re_referral_after_closure_said() {
    let p = Panel::new();
    let first = referral_id(&p.refer("a", IN_TIME, &[]));
    // The case was heard, opened and later closed.
    p.store()
        .set_field(Table::Referral, first, "status", text("closed"))
        .unwrap();
    let again = IN_TIME
        .replace("Rowan Achterberg", "  rowan   ACHTERBERG ")
        .replace("2026-11-16", "2026-11-20");
    let out = p.refer("b", &again, &[]);
    assert!(
        out.contains(
            "matched existing subject #1, previously known to the panel; re-referral after closure"
        ),
        "{out}"
    );
    assert!(
        out.contains("saved: Rowan Achterberg (subject #1)"),
        "{out}"
    );
    assert_eq!(p.q::<i64>("SELECT COUNT(*) FROM subject"), 1);
    assert_eq!(
        p.q::<i64>("SELECT previously_known FROM referral WHERE id = 2"),
        1
    );
    assert_eq!(
        p.q::<i64>("SELECT previously_known FROM referral WHERE id = 1"),
        0
    );
}

#[test]
fn near_matches_never_silently_duplicated() {
    let p = Panel::new();
    p.refer("a", IN_TIME, &[]);
    // Similar name, same date of birth.
    let similar = IN_TIME.replace("Rowan Achterberg", "Rowan Achterburg");
    let err = refused(
        &p,
        &similar,
        &[
            "may already be known to the panel",
            "#1 Rowan Achterberg, born 2010-04-02, 1 referral",
        ],
    );
    assert!(
        err.contains("--subject ID") && err.contains("--new-subject"),
        "{err}"
    );
    // Same name, another date of birth.
    let other_dob = IN_TIME.replace("2010-04-02", "2010-04-03");
    refused(&p, &other_dob, &["#1 Rowan Achterberg, born 2010-04-02"]);
    // The coordinator decides.
    let out = p.refer("c", &other_dob, &["--new-subject"]);
    assert!(
        out.contains("(subject #2)") && !out.contains("matched"),
        "{out}"
    );
    let out = p.refer("d", &similar, &["--subject", "1"]);
    assert!(out.contains("matched existing subject #1"), "{out}");
    assert_eq!(p.q::<i64>("SELECT COUNT(*) FROM subject"), 2);
    let err = p.fails(&[
        "referral",
        "add",
        "--from",
        p.write("e.json", &similar).to_str().unwrap(),
        "--subject",
        "99",
    ]);
    assert!(err.contains("no subject #99"), "{err}");
}

#[test]
fn section_11_screening_outcomes() {
    let p = Panel::new();
    let a = referral_id(&p.refer("a", IN_TIME, &[]));
    let b = referral_id(&p.refer(
        "b",
        r#"{"referring_agency": "SCH", "name": "Tobias Quenby", "date_of_birth": "2012-09-09", "concerns": "Carrying a knife.", "date_received": "2026-11-12"}"#,
        &[],
    ));
    // Intelligence: needs who did the full risk assessment.
    let before = p.dump();
    let err = p.fails(&["referral", "screen", &a.to_string(), "--intelligence"]);
    assert!(
        err.contains("by: required: who completed the full risk assessment"),
        "{err}"
    );
    assert_eq!(p.dump(), before);
    let out = p.ok(&[
        "referral",
        "screen",
        &a.to_string(),
        "--intelligence",
        "--by",
        "Ines Calloway",
        "--on",
        "2026-11-20",
    ]);
    assert!(
        out.contains("full risk assessment by Ines Calloway on 2026-11-20"),
        "{out}"
    );
    assert!(
        out.contains("invite the referrer (EDU) to present the case at the meeting on 2026-12-09"),
        "{out}"
    );
    let (s, by, on, status): (String, String, String, String) = p
        .store()
        .conn()
        .query_row(
            &format!(
                "SELECT screening, screening_by, screening_on, status FROM referral WHERE id = {a}"
            ),
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (s.as_str(), by.as_str(), on.as_str(), status.as_str()),
        ("intelligence", "Ines Calloway", "2026-11-20", "on_agenda")
    );

    // No intelligence: one to watch, with the date the referrer was told; YOS note and advice.
    let err = p.fails(&["referral", "screen", &b.to_string(), "--no-intelligence"]);
    assert!(err.contains("told: required"), "{err}");
    let err = p.fails(&[
        "referral",
        "screen",
        &b.to_string(),
        "--no-intelligence",
        "--told",
        "2026-11-30",
    ]);
    assert!(err.contains("told: 2026-11-30 is after today"), "{err}");
    let out = p.ok(&[
        "referral",
        "screen",
        &b.to_string(),
        "--no-intelligence",
        "--told",
        "2026-11-24",
        "--yos-note",
        "Low risk; meets criteria",
        "--advice",
        "channel,child_protection",
    ]);
    assert!(
        out.contains("one to watch; referrer told on 2026-11-24"),
        "{out}"
    );
    let (s, told, note, status): (String, String, String, String) = p
        .store()
        .conn()
        .query_row(
            &format!("SELECT screening, referrer_informed_on, screening_note, status FROM referral WHERE id = {b}"),
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (s.as_str(), told.as_str(), status.as_str()),
        ("no_intelligence", "2026-11-24", "on_agenda")
    );
    assert!(
        note.contains("YOS screening: Low risk; meets criteria."),
        "{note}"
    );
    assert!(
        note.contains("Referrer advised to refer to: Channel, child protection."),
        "{note}"
    );

    // The YOS screens under-18s only.
    let adult = referral_id(&p.refer(
        "c",
        r#"{"referring_agency": "POL", "name": "Dev Haldane", "date_of_birth": "2004-06-30", "concerns": "County line runner.", "date_received": "2026-11-10"}"#,
        &[],
    ));
    let err = p.fails(&[
        "referral",
        "screen",
        &adult.to_string(),
        "--yos-note",
        "fine",
    ]);
    assert!(
        err.contains(
            "yos_note: the YOS screens referrals of under 18s (section 11); this person is 22"
        ),
        "{err}"
    );
    let err = p.fails(&[
        "referral",
        "screen",
        &adult.to_string(),
        "--advice",
        "police",
    ]);
    assert!(
        err.contains("advice: 'police' is not one of child_protection, channel, marac"),
        "{err}"
    );
    let err = p.fails(&["referral", "screen", &adult.to_string()]);
    assert!(err.contains("nothing to record"), "{err}");
    let err = p.fails(&["referral", "screen", "99", "--intelligence", "--by", "X"]);
    assert!(err.contains("no referral #99"), "{err}");
}

#[test]
fn section_10_1_mappa_level_at_screening_excludes_and_level_1_lifts() {
    let p = Panel::new();
    let id = referral_id(&p.refer(
        "a",
        r#"{"referring_agency": "POL", "name": "Dev Haldane", "date_of_birth": "2004-06-30", "concerns": "County line runner.", "date_received": "2026-11-10"}"#,
        &[],
    ))
    .to_string();
    let out = p.ok(&[
        "referral",
        "screen",
        &id,
        "--mappa-level",
        "2",
        "--mappa-category",
        "1",
    ]);
    assert!(
        out.contains("excluded: managed under MAPPA level 2") && out.contains("section 10.1"),
        "{out}"
    );
    assert_eq!(
        p.q::<String>("SELECT screening || ' ' || status FROM referral"),
        "excluded excluded"
    );
    let store = p.store();
    let meeting = store.meeting_to_run().unwrap().unwrap();
    assert_eq!(store.load_meeting(meeting).unwrap().set_aside.len(), 1);
    drop(store);
    let out = p.ok(&[
        "referral",
        "screen",
        &id,
        "--mappa-level",
        "1",
        "--intelligence",
        "--by",
        "Ines Calloway",
    ]);
    assert!(out.contains("the exclusion no longer applies"), "{out}");
    assert_eq!(
        p.q::<String>("SELECT screening || ' ' || status FROM referral"),
        "intelligence on_agenda"
    );
    let store = p.store();
    store.start_meeting(meeting).unwrap();
    let m = store.load_meeting(meeting).unwrap();
    assert_eq!(m.cases_for(7).len(), 1);
    assert!(m.set_aside.is_empty());
}

#[test]
fn screening_refused_once_the_case_is_on_a_started_meeting() {
    let p = Panel::new();
    let id = referral_id(&p.refer("a", IN_TIME, &[])).to_string();
    let store = p.store();
    store
        .start_meeting(store.meeting_to_run().unwrap().unwrap())
        .unwrap();
    let err = p.fails(&[
        "referral",
        "screen",
        &id,
        "--intelligence",
        "--by",
        "Ines Calloway",
    ]);
    assert!(
        err.contains("screening is recorded before the meeting"),
        "{err}"
    );
}

#[test]
fn list_shows_each_referrals_placement_and_filters_by_meeting() {
    let p = Panel::new();
    p.refer("a", IN_TIME, &[]);
    p.refer(
        "b",
        r#"{"referring_agency": "CSC", "name": "Lulu Ferreira", "dob": "2011-08-14", "concerns": "Missing episodes.", "date_received": "2026-11-24"}"#,
        &[],
    );
    p.refer(
        "c",
        r#"{"referring_agency": "HOSP", "name": "Sami Okonkwo-Reyes", "dob": "2005-01-20", "concerns": "Stab wound.", "urgent": true}"#,
        &[],
    );
    let out = p.ok(&["referral", "list"]);
    let line = |name: &str| out.lines().find(|l| l.contains(name)).unwrap().to_string();
    assert!(
        line("Rowan Achterberg").ends_with("item 6 on 2026-12-09, in time"),
        "{out}"
    );
    assert!(
        line("Lulu Ferreira").ends_with("item 6 on 2027-01-13, held over from 2026-12-09"),
        "{out}"
    );
    assert!(
        line("Sami Okonkwo-Reyes").ends_with("item 7 on 2026-12-09, late, urgent"),
        "{out}"
    );

    let dec = p.ok(&["referral", "list", "--meeting", "2026-12-09"]);
    assert_eq!(
        dec.lines().count(),
        4,
        "header and three rows (one held over): {dec}"
    );
    let jan = common::payload(&p.ok(&["referral", "list", "--meeting", "2027-01-13", "--json"]));
    let jan = jan.as_array().unwrap();
    assert_eq!(jan.len(), 1);
    assert_eq!(jan[0]["name"], "Lulu Ferreira");
    assert_eq!(jan[0]["item"], 6);
    assert_eq!(jan[0]["held_over_from"], "2026-12-09");
}

#[test]
fn the_same_referral_taken_in_twice_is_refused_unless_the_subject_is_chosen() {
    let p = Panel::new();
    referral_id(&p.refer("a", IN_TIME, &[]));
    let err = refused(
        &p,
        IN_TIME,
        &["already has referral #1 waiting to be heard", "--subject 1"],
    );
    assert!(!err.is_empty());
    // A genuine second referral: the coordinator names the subject.
    let f = p.write("second.json", IN_TIME);
    let o = p.run(&[
        "referral",
        "add",
        "--from",
        f.to_str().unwrap(),
        "--subject",
        "1",
    ]);
    assert!(o.status.success(), "{}", new_panel::err(&o));
    assert_eq!(p.q::<i64>("SELECT COUNT(*) FROM referral"), 2);
    assert_eq!(p.q::<i64>("SELECT COUNT(*) FROM subject"), 1);
}

#[test]
fn section_10_1_an_assessment_made_before_an_exclusion_stands_when_the_level_drops_to_1() {
    let p = Panel::new();
    let id = referral_id(&p.refer("a", IN_TIME, &[])).to_string();
    p.ok(&[
        "referral",
        "screen",
        &id,
        "--intelligence",
        "--by",
        "Ines Calloway",
        "--on",
        "2026-11-18",
    ]);
    p.ok(&[
        "referral",
        "screen",
        &id,
        "--mappa-level",
        "3",
        "--mappa-category",
        "2",
    ]);
    assert_eq!(
        p.q::<String>("SELECT screening || ' ' || status FROM referral"),
        "excluded excluded"
    );
    p.ok(&["referral", "screen", &id, "--mappa-level", "1"]);
    assert_eq!(
        p.q::<String>("SELECT screening || ' ' || status FROM referral"),
        "intelligence on_agenda"
    );
}
