//! Issue 22, returns as data (REQUIREMENTS.md 2.7, 9.6 G5): MAVE's return from the
//! `[return]` at the end of data/panels/mave.toml. 001 specifies no monitoring, so it
//! is 2.7's DERIVED minimum: referrals by the checklist's reason (001 "MAVE Case Panel
//! Checklist"), accepted or not, actions done or not, cases brought back and closed,
//! attendance by agency (MV7, 001 "Who sits on the MAVE Panel?"). A scripted history
//! gives the figures counted by hand below.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::ok;
use common::return_history::{action, at, decided, held, sql, table};

const INTAKE: &str = "2026-11-16";

/// An individual referral on form 1 (001 "MAVE Panel Individual Referral &
/// Checklist"), passing its checklist and approved; invented people.
fn referral(name: &str, agency: &str, blocks: &str) -> String {
    format!(
        r#"
form = "individual"
date_of_referral = "{INTAKE}"
referrer_name = "Wenna Corrigan-Hale"
referrer_agency = "{agency}"
referrer_role = "Social worker"
name = "{name}"
date_of_birth = 2010-04-17
gender = "Male"
consent = "Yes"
safeguarding_status = ["child_in_need"]
meeting_held = "yes"
blocks = {blocks}
request = "A school place outside the borough this term"
how_safer = "Away from the group that exploits him on the way to school"
approver = "Ilse Marchetti, Service Manager"
approved = "yes"
approval_date = "2026-11-13"
"#
    )
}

#[test]
fn the_mave_return_counts_its_history_as_counted_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mave.db");
    ok(&at(
        &db,
        INTAKE,
        &["init", "--no-encrypt", "--panel", "mave"],
    ));
    let add = |file: &str, text: String| {
        let p = dir.path().join(file);
        std::fs::write(&p, text).unwrap();
        ok(&at(
            &db,
            INTAKE,
            &["referral", "add", "--from", p.to_str().unwrap()],
        ));
    };
    add(
        "1.toml",
        referral(
            "Tavish Okonkwo-Reed",
            "Brixford Youth Boxing Club",
            r#"["policy_hampering", "no_services"]"#,
        ),
    );
    add(
        "2.toml",
        referral("Lorcan Abiodun-Frey", "CSC", r#"["agency_not_completed"]"#),
    );
    add(
        "3.toml",
        referral(
            "Emrys Castellano-Wynn",
            "POL",
            r#"["no_services", "exhausted"]"#,
        ),
    );
    // 25 November (001 "Frequency": every two weeks): case 1 accepted, case 2 not,
    // case 3 to be brought back; two actions.
    held(&db, "2026-11-25", &["CSC", "POL"], &["EDU"]);
    decided(&db, "2026-11-25", 1, "accepted");
    decided(&db, "2026-11-25", 2, "not_accepted");
    decided(&db, "2026-11-25", 3, "bring_back");
    action(&db, "2026-11-25", 1, "POL", "done");
    action(&db, "2026-11-25", 3, "CSC", "not_done_circumstances");
    // 9 December: case 1 closed (risk reduced), case 3 accepted; one action open.
    held(&db, "2026-12-09", &["CSC", "POL", "EDU"], &[]);
    decided(&db, "2026-12-09", 1, "close");
    decided(&db, "2026-12-09", 3, "accepted");
    action(&db, "2026-12-09", 3, "EDU", "open");
    sql(
        &db,
        "UPDATE referral SET status = 'closed', closed_on = '2026-12-09',
             closure_reason = 'Risk reduced' WHERE id = 1",
        [],
    );
    let report = |more: &[&str]| {
        let mut a = vec!["report", "--from", "2026-11-01", "--to", "2026-12-31"];
        a.extend_from_slice(more);
        ok(&at(&db, "2027-01-04", &a))
    };
    let exact = report(&["--exact"]);
    assert!(exact.contains("NOT FOR PUBLICATION"), "{exact}");
    assert!(
        exact.contains("MAVE Panel monitoring return for the LSCP Contextual Safeguarding Subgroup, 2026-11-01 to 2026-12-31"),
        "{exact}"
    );
    for line in [
        "Referrals received (How do I refer a child or young adult to the MAVE Panel?): 3",
        // Cases 1 and 3, heard on 25 November and again on 9 December.
        "Cases brought back: 2",
        "Meetings held: 2",
    ] {
        assert!(exact.contains(line), "{line}\n{exact}");
    }
    // Each reason ticked counts: 2 + 1 + 2 ticks over three referrals.
    assert_eq!(
        table(&exact, "Referrals received, by the checklist's reason"),
        [
            "There are no interventions or services available to meet the child's or young adult's needs 2",
            "A policy or decision is hampering progress 1",
            "An agency has not completed their actions 1",
            "The team around the child or young adult have exhausted all possibilities and the risk of significant harm remains 1",
            "total 3"
        ]
    );
    // The boxing club is outside the panel's agencies: its code is OTH (D14).
    // Three individuals; groups, persons of concern and locations have no rows yet.
    assert_eq!(
        table(
            &exact,
            "Referrals received, by kind (individual, group, person of concern, location)"
        ),
        ["Person 3", "total 3"]
    );
    assert_eq!(
        table(&exact, "Referrals received, by referring agency"),
        ["CSC 1", "OTH 1", "POL 1", "total 3"]
    );
    assert_eq!(
        table(
            &exact,
            "Decisions made (accepted, not accepted, escalated, brought back, closed)"
        ),
        [
            "Accepted: the block is confirmed and the panel acts on it 2",
            "Bring back 1",
            "Close 1",
            "Not accepted: back to the professional network 1",
            "total 5"
        ]
    );
    assert_eq!(
        table(&exact, "Cases closed, by reason"),
        ["Risk reduced 1", "total 1"]
    );
    assert_eq!(
        table(&exact, "Actions agreed, by outcome"),
        [
            "done 1",
            "not done: circumstances changed 1",
            "still open 1",
            "total 3"
        ]
    );
    // CSC and POL at both meetings, EDU at the second (its apology at the first is
    // not attendance).
    assert_eq!(
        table(&exact, "Agencies present (meetings attended)"),
        ["CSC 2", "POL 2", "EDU 1", "total 5"]
    );
    // Published: the same tables, counts from 1 to 4 withheld.
    let published = report(&[]);
    assert!(!published.contains("NOT FOR PUBLICATION"), "{published}");
    assert!(published.contains("Cases brought back: <5"), "{published}");
    assert_eq!(
        table(&published, "Cases closed, by reason"),
        ["Risk reduced <5", "total <5"]
    );
}
