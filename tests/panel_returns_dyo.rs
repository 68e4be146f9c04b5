//! Issue 22, returns as data (REQUIREMENTS.md 5.7 and 9.6 G5): DYO's own return, "the
//! aggregated data and performance management information as reported to the YJB"
//! (003 App 4A "B. Reporting and Communications"), from the `[return]` of
//! data/panels/dyo.toml. A scripted history (three referrals of DYO's form, two
//! meetings held, a removal, a MAPPA referral, four actions) gives figures counted by
//! hand below, with the reasoning; the same return published has every count from 1
//! to 4 withheld, and `--exact` is marked not for publication.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::ok;
use common::return_history::{action, at, decided, held, sql, table};

const INTAKE: &str = "2026-11-02";

/// A referral on DYO's form (003 App 4A "New Cases" 1), invented people.
fn referral(
    name: &str,
    born: &str,
    gender: &str,
    agency: &str,
    catchment: &str,
    more: &str,
) -> String {
    format!(
        r#"
form = "dyo"
referring_agency = "{agency}"
referrer = "Case officer, {agency}, 020 7946 0011"
date_received = {INTAKE}
name = "{name}"
date_of_birth = {born}
gender = "{gender}"
catchment = "{catchment}"
presenting_issues = "Thefts with older peers"
{more}
"#
    )
}

#[test]
fn the_dyo_return_counts_its_history_as_counted_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dyo.db");
    ok(&at(
        &db,
        INTAKE,
        &["init", "--no-encrypt", "--panel", "dyo"],
    ));
    let add = |name: &str, text: String| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        ok(&at(
            &db,
            INTAKE,
            &["referral", "add", "--from", p.to_str().unwrap()],
        ));
    };
    // Case 1: aged 15 on the day received, resident, ASSET and police intelligence.
    add(
        "1.toml",
        referral(
            "Tamsin Okonkwo-Reyes",
            "2011-06-14",
            "Female",
            "POL",
            "resident",
            r#"assessments = ["asset", "police_intelligence"]"#,
        ),
    );
    // Case 2: aged 14, in the care of the borough, a CAF.
    add(
        "2.toml",
        referral(
            "Jory Pendleford",
            "2012-02-20",
            "Male",
            "CYP",
            "in_care",
            r#"assessments = ["caf"]"#,
        ),
    );
    // Case 3: aged 17, associating in the borough, no assessment named.
    add(
        "3.toml",
        referral(
            "Ciro Vantongeren",
            "2009-09-09",
            "Male",
            "POL",
            "associating",
            "",
        ),
    );
    // 26 November (App 4A "Meeting Schedule": the fourth Thursday): cases 1 and 2 meet
    // the criteria, case 3 does not (New Cases 2); three actions on the plans.
    held(&db, "2026-11-26", &["YOT", "POL", "EWS"], &["CAMHS"]);
    decided(&db, "2026-11-26", 1, "meets_criteria");
    decided(&db, "2026-11-26", 2, "meets_criteria");
    decided(&db, "2026-11-26", 3, "does_not_meet_criteria");
    action(&db, "2026-11-26", 1, "YOT", "done");
    action(&db, "2026-11-26", 1, "YOT", "not_done_agency");
    action(&db, "2026-11-26", 2, "POL", "open");
    // 24 December not held. 28 January: both brought back (New Cases 6); case 1 stays
    // on the list with a MAPPA referral (App 4A "Risk Assessment"), case 2 is removed
    // ("Removal from Deter list").
    held(&db, "2027-01-28", &["YOT", "POL"], &[]);
    decided(&db, "2027-01-28", 1, "continue");
    decided(&db, "2027-01-28", 2, "remove");
    action(&db, "2027-01-28", 1, "CAMHS", "carried_over");
    sql(
        &db,
        "INSERT INTO onward_referral (discussion_id, kind, state)
         SELECT d.id, 'mappa', 'made' FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
         WHERE m.date = '2027-01-28' AND d.referral_id = 1",
        [],
    );
    sql(
        &db,
        "UPDATE referral SET status = 'closed', closed_on = '2027-01-28',
             closure_reason = 'Young person moves to reside in another Local Authority'
         WHERE id = 2",
        [],
    );
    let report = |more: &[&str]| {
        let mut a = vec!["report", "--from", "2026-11-01", "--to", "2027-01-31"];
        a.extend_from_slice(more);
        ok(&at(&db, "2027-02-01", &a))
    };

    let exact = report(&["--exact"]);
    assert!(exact.contains("NOT FOR PUBLICATION"), "{exact}");
    assert!(
        exact.contains("Deter Young Offenders Panel: Deter performance return for the Youth Justice Board, 2026-11-01 to 2027-01-31"),
        "{exact}"
    );
    for line in [
        // Three received in the period.
        "Referrals received (App 4A, New Cases 1): 3",
        // Cases 1 and 2 heard again in January after November.
        "Cases brought back for review (App 4A, New Cases 6): 2",
        // 26 November and 28 January; 24 December was never held.
        "Meetings held (App 4A, Meeting Schedule): 2",
    ] {
        assert!(exact.contains(line), "{line}\n{exact}");
    }
    // One basis each (the form's rule asks for exactly one), in the form's words.
    assert_eq!(
        table(&exact, "Referrals received, by catchment basis"),
        [
            "actively associating or suspected of offending within the borough 1",
            "in the care of the London Borough of Bromley 1",
            "resident in the London Borough of Bromley 1",
            "total 3"
        ]
    );
    assert_eq!(
        table(&exact, "Referrals received, by gender"),
        ["Male 2", "Female 1", "total 3"]
    );
    // 15, 14 and 17 on 2 November.
    assert_eq!(
        table(&exact, "Referrals received, by age band"),
        ["14-15 2", "16-17 1", "total 3"]
    );
    // A multi-choice: case 1 counts under two options, case 3 under none, so the rows
    // (4) add up to more than the three referrals.
    assert_eq!(
        table(&exact, "Referrals received, by risk assessment held"),
        [
            "ASSET 1",
            "CAF 1",
            "Police intelligence 1",
            "not recorded 1",
            "total 3"
        ]
    );
    // Five decisions at the two meetings, in the panel's words.
    assert_eq!(
        table(&exact, "Decisions made"),
        [
            "Meets the criteria: on the Deter list 2",
            "Does not meet the criteria 1",
            "Remains on the Deter list: next review 1",
            "Removed from the Deter list 1",
            "total 5"
        ]
    );
    assert_eq!(
        table(&exact, "Removed from the Deter list, by reason"),
        [
            "Young person moves to reside in another Local Authority 1",
            "total 1"
        ]
    );
    assert_eq!(
        table(&exact, "Actions agreed, by outcome"),
        [
            "carried over 1",
            "done 1",
            "not done by the agency 1",
            "still open 1",
            "total 4"
        ]
    );
    assert_eq!(
        table(&exact, "Actions agreed, by agency"),
        ["YOT 2", "CAMHS 1", "POL 1", "total 4"]
    );
    assert_eq!(
        table(&exact, "Referrals made to MAPPA"),
        ["MAPPA 1", "total 1"]
    );
    // YOT and POL at both, EWS at the first; CAMHS's apology is not attendance.
    assert_eq!(
        table(&exact, "Agencies present (meetings attended)"),
        ["POL 2", "YOT 2", "EWS 1", "total 5"]
    );

    // Published: every count from 1 to 4 withheld; a total of 5 beside four withheld
    // rows is shown (more than one is withheld, so none can be worked out).
    let published = report(&[]);
    assert!(!published.contains("NOT FOR PUBLICATION"), "{published}");
    assert!(
        published.contains("Counts from 1 to 4 are shown as <5"),
        "{published}"
    );
    assert!(
        published.contains("Referrals received (App 4A, New Cases 1): <5"),
        "{published}"
    );
    let decisions = table(&published, "Decisions made");
    assert_eq!(decisions.last().unwrap(), "total 5", "{published}");
    assert!(
        decisions[..4].iter().all(|r| r.ends_with(" <5")),
        "{decisions:?}"
    );
    // The multi-choice's rows do not add up to its total: each is withheld alone.
    assert_eq!(
        table(&published, "Referrals received, by risk assessment held"),
        [
            "ASSET <5",
            "CAF <5",
            "Police intelligence <5",
            "not recorded <5",
            "total <5"
        ]
    );
    // The JSON carries the same tables.
    let v = common::payload(&report(&["--exact", "--json"]));
    let t = v["tables"].as_array().unwrap();
    let brought = t.iter().find(|t| t["count"] == "brought_back").unwrap();
    assert_eq!(brought["total"], 2);
    let outcome = t.iter().find(|t| t["by"] == "outcome").unwrap();
    assert_eq!(outcome["total"], 4);

    // A case page whose decision was chosen but never finished is not a decision the
    // panel made: the return counts four (as the minutes and `case ID` read it).
    sql(
        &db,
        "UPDATE case_discussion SET completed_at = NULL
         WHERE id = (SELECT MAX(id) FROM case_discussion WHERE decision IS NOT NULL)",
        [],
    );
    let exact = report(&["--exact"]);
    assert_eq!(
        table(&exact, "Decisions made").last().unwrap(),
        "total 4",
        "{exact}"
    );
}

#[test]
fn a_return_by_a_text_field_is_refused_by_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let shipped =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/panels/dyo.toml"))
            .unwrap()
            .replace("field = \"catchment\"", "field = \"presenting_issues\"");
    let file = dir.path().join("dyo.toml");
    std::fs::write(&file, shipped).unwrap();
    let o = at(
        &db,
        INTAKE,
        &["init", "--no-encrypt", "--panel", file.to_str().unwrap()],
    );
    assert!(!o.status.success());
    let e = common::stderr(&o);
    assert!(
        e.contains("return.table 2 (Referrals received, by catchment basis): field: presenting_issues is a long_text field; a return counts only choice, multi_choice or yes_no answers"),
        "{e}"
    );
}
