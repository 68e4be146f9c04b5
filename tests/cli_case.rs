//! `roundtable case ID`: the history matches the database, lead agency changes
//! are shown with who recorded them, unknown cases fail clearly.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::demo_cli::*;
use roundtable::store::write::Table;
use rusqlite::types::Value;

/// The case with the most discussions (and, among those, the most actions).
fn long_case(db: &std::path::Path) -> i64 {
    int(
        db,
        "SELECT r.id FROM referral r ORDER BY
            (SELECT COUNT(*) FROM case_discussion d WHERE d.referral_id = r.id) DESC,
            (SELECT COUNT(*) FROM action a WHERE a.referral_id = r.id) DESC, r.id LIMIT 1",
        &[],
    )
}

#[test]
fn history_lists_every_discussion_intervention_and_action_of_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let case = long_case(&db);
    let cs = case.to_string();
    let h = json(&db, &["case", &cs, "--json"]);
    assert_eq!(h["case_id"], case);
    assert_eq!(h["protective_marking"], "RESTRICTED");

    let name = strings(
        &db,
        "SELECT s.name FROM subject s JOIN referral r ON r.subject_id = s.id WHERE r.id = ?1",
        &[Value::Integer(case)],
    )
    .remove(0);
    assert_eq!(h["subject"]["name"], name.as_str());

    let meetings = strings(
        &db,
        "SELECT m.date FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
         WHERE d.referral_id = ?1 ORDER BY m.date",
        &[Value::Integer(case)],
    );
    assert!(meetings.len() >= 3, "a case with reviews");
    let got: Vec<&str> = h["discussions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["meeting_date"].as_str().unwrap())
        .collect();
    assert_eq!(got, meetings);
    let decisions = strings(
        &db,
        "SELECT COALESCE(d.decision, '') FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
         WHERE d.referral_id = ?1 ORDER BY m.date",
        &[Value::Integer(case)],
    );
    for (d, want) in h["discussions"].as_array().unwrap().iter().zip(&decisions) {
        assert_eq!(d["decision"].as_str().unwrap_or(""), want);
        assert!(
            d["risk_after"].is_string(),
            "every discussion records a risk"
        );
    }
    // The first discussion recorded onward referrals (items 6/7).
    assert!(!h["discussions"][0]["onward_referrals"]
        .as_array()
        .unwrap()
        .is_empty());

    let actions = ints(
        &db,
        "SELECT id FROM action WHERE referral_id = ?1 ORDER BY due_on, id",
        &[Value::Integer(case)],
    );
    assert_eq!(ids(&h["actions"], "id"), actions);
    assert_eq!(
        h["interventions"].as_array().unwrap().len() as i64,
        int(
            &db,
            "SELECT COUNT(*) FROM intervention WHERE referral_id = ?1",
            &[Value::Integer(case)]
        )
    );
    let first_lead = &h["discussions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["lead_agency"].is_string())
        .unwrap()["lead_agency"];
    assert_eq!(h["lead_agency_changes"][0]["to"], *first_lead);
    assert!(h["lead_agency_changes"][0]["from"].is_null(), "appointed");

    // The readable form: marked top and bottom, every section present.
    let out = ok(&db, &["case", &cs]);
    assert_eq!(out.lines().next(), Some("RESTRICTED"));
    assert_eq!(out.trim_end().lines().last(), Some("RESTRICTED"));
    for section in [
        "Referral",
        "Discussions",
        "Lead agency",
        "Interventions (Appendix B)",
        "Actions",
    ] {
        assert!(out.lines().any(|l| l == section), "{section}: {out}");
    }
    assert!(out.contains(&format!("Case {case}: {name}")));
    for m in &meetings {
        assert!(out.contains(m.as_str()));
    }
}

#[test]
fn a_lead_agency_change_at_review_shows_with_who_recorded_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // An open case reviewed at the last meeting: change its lead to Police there.
    let (case, discussion): (i64, i64) = {
        let s = open(&db);
        s.conn()
            .query_row(
                "SELECT r.id, d.id FROM referral r
                 JOIN case_discussion d ON d.referral_id = r.id
                 JOIN meeting m ON m.id = d.meeting_id
                 JOIN agency g ON g.id = r.lead_agency_id
                 WHERE r.status = 'open' AND d.agenda_item = 8 AND g.code = 'YOS'
                 ORDER BY m.date DESC, r.id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let before = json(&db, &["case", &case.to_string(), "--json"])["lead_agency_changes"]
        .as_array()
        .unwrap()
        .len();
    {
        let s = open(&db).with_actor("coordinator-login");
        let pol = int(&db, "SELECT id FROM agency WHERE code = 'POL'", &[]);
        s.set_field(
            Table::Discussion,
            discussion,
            "lead_agency_id",
            Value::Integer(pol),
        )
        .unwrap();
        s.set_field(Table::Referral, case, "lead_agency_id", Value::Integer(pol))
            .unwrap();
    }
    let h = json(&db, &["case", &case.to_string(), "--json"]);
    let changes = h["lead_agency_changes"].as_array().unwrap();
    let last = changes.last().unwrap();
    assert_eq!(last["from"], "YOS");
    assert_eq!(last["to"], "POL");
    assert_eq!(last["recorded_by"], "coordinator-login");
    assert_eq!(last["at_meeting"], "2026-11-11");
    assert_eq!(changes.len(), before + 1, "one change more: {changes:?}");
    let out = ok(&db, &["case", &case.to_string()]);
    assert!(
        out.contains("2026-11-11  changed YOS -> POL (recorded by coordinator-login)"),
        "{out}"
    );
}

#[test]
fn a_case_not_yet_discussed_still_has_a_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let case = int(
        &db,
        "SELECT id FROM referral WHERE status = 'received' ORDER BY id LIMIT 1",
        &[],
    );
    let out = ok(&db, &["case", &case.to_string()]);
    assert!(out.contains("not yet discussed"), "{out}");
    let h = json(&db, &["case", &case.to_string(), "--json"]);
    assert_eq!(h["discussions"], serde_json::json!([]));
    assert_eq!(h["actions"], serde_json::json!([]));
}

#[test]
fn unknown_case_fails_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    fails(&db, &["case", "99999"], 1, "no case 99999");
    fails(&db, &["case", "99999", "--json"], 1, "no case 99999");
    assert_eq!(rt(&db, &["case", "Smith"]).status.code(), Some(2));
}
