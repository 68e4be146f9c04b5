//! MAVE from its own file, through the real binary (issue 22 item 2): `init --panel
//! mave` (fortnightly for three hours, co-chairs, every agency of 001 "Who sits on the
//! MAVE Panel?"), and an individual referral on form 1 ("MAVE Panel Individual
//! Referral & Checklist", 001) refused for its checklist (MV1), refused unapproved
//! (MV2), then taken in from a referrer outside the panel's agencies (D14); over 25 it
//! is taken with a warning (MV3).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::{ok, payload, rt, stderr};
use std::path::{Path, PathBuf};

fn init(dir: &Path) -> PathBuf {
    let db = dir.join("mave.db");
    let said = ok(&rt(&db, None, &["init", "--no-encrypt", "--panel", "mave"]));
    assert!(said.contains("set up MAVE Panel (MAVE) in"), "{said}");
    db
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

/// A referral that passes: a strategy meeting held, two blocks ticked, approved.
const GOOD: &str = r#"
form = "individual"
date_of_referral = "2026-11-16"
referrer_name = "Wenna Corrigan-Hale"
referrer_agency = "Brixford Youth Boxing Club"
referrer_role = "Youth worker"
name = "Tavish Okonkwo-Reed"
date_of_birth = 2010-04-17
gender = "Male"
consent = "Yes"
safeguarding_status = ["child_in_need"]
meeting_held = "yes"
blocks = ["policy_hampering", "no_services"]
request = "A school place outside the borough this term"
how_safer = "Away from the group that exploits him on the way to school"
approver = "Ilse Marchetti, Service Manager"
approved = "yes"
approval_date = "2026-11-13"
"#;

fn referrals(db: &Path) -> usize {
    payload(&ok(&rt(db, None, &["referral", "list", "--all", "--json"])))
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn mave_frequency_fortnightly_three_hours_with_co_chairs_and_every_agency() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mave.db");
    let said = ok(&rt(&db, None, &["init", "--no-encrypt", "--panel", "mave"]));
    // 001 "Who sits on the MAVE Panel?": 19 agencies, and one code for referrers
    // from outside them (D14).
    assert!(said.contains(": 20 agencies,"), "{said}");
    // 001 "Who chairs the MAVE Panel?": posts, never names.
    for post in [
        "Co-chair, Assistant Director, Children's Social Care (CSC; Co-chair)",
        "Co-chair, Detective Inspector, Central South BCU (POL; Co-chair)",
    ] {
        assert!(said.contains(post), "{post}\n{said}");
    }
    // 001 "Frequency": "every two weeks".
    let list = payload(&ok(&rt(&db, None, &["meetings", "list", "--json"])));
    let dates: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .take(3)
        .map(|m| m["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2026-11-25", "2026-12-09", "2026-12-23"]);
    // "It will run for three hours": the calendar event ends at 13:00.
    let ics = dir.path().join("mave.ics");
    ok(&rt(
        &db,
        None,
        &["calendar", "--out", ics.to_str().unwrap()],
    ));
    let cal = std::fs::read_to_string(&ics).unwrap();
    assert!(
        cal.contains("DTSTART;TZID=Europe/London:20261125T100000"),
        "{cal}"
    );
    assert!(
        cal.contains("DTEND;TZID=Europe/London:20261125T130000"),
        "{cal}"
    );
}

#[test]
fn mave_form_1_checklist_then_approval_then_taken_in_from_outside_the_panel() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());

    // MV1, 001 "MAVE Case Panel Checklist": no strategy meeting, no block ticked.
    let no_checklist = GOOD
        .replace(r#"meeting_held = "yes""#, r#"meeting_held = "no""#)
        .replace(r#"["policy_hampering", "no_services"]"#, "[]");
    let file = write(dir.path(), "checklist.toml", &no_checklist);
    let o = rt(&db, None, &["referral", "add", "--from", &file]);
    assert!(!o.status.success());
    let err = stderr(&o);
    for line in [
        "  meeting_held: refer only after a Strategy Meeting (for children) or a Professionals Meeting (for young adults) (MAVE Case Panel Checklist)\n",
        "  blocks: tick at least one reason the professional network cannot agree or sustain an adequate safety plan (MAVE Case Panel Checklist)\n",
        "referral not saved: 2 problems",
    ] {
        assert!(err.contains(line), "{line}\n{err}");
    }
    // The meeting held alone is not enough: AND at least one of the five.
    let meeting_only = GOOD.replace(r#"["policy_hampering", "no_services"]"#, "[]");
    let file = write(dir.path(), "meeting_only.toml", &meeting_only);
    let err = stderr(&rt(&db, None, &["referral", "add", "--from", &file]));
    assert!(err.contains("  blocks: tick at least one"), "{err}");
    assert!(!err.contains("meeting_held"), "{err}");
    assert_eq!(referrals(&db), 0, "nothing saved");

    // MV2, 001 "How do I refer a child or young adult ...?": "sign-off from their
    // Service Manager or Assistant Director".
    let unapproved = GOOD.replace(r#"approved = "yes""#, r#"approved = "no""#);
    let file = write(dir.path(), "unapproved.toml", &unapproved);
    let err = stderr(&rt(&db, None, &["referral", "add", "--from", &file]));
    assert!(
        err.contains("  approved: not listed until approved: the referrer's Service Manager or Assistant Director signs the referral off (Yes)"),
        "{err}"
    );
    let no_approver = GOOD.replace(r#"approver = "Ilse Marchetti, Service Manager""#, "");
    let file = write(dir.path(), "no_approver.toml", &no_approver);
    let err = stderr(&rt(&db, None, &["referral", "add", "--from", &file]));
    assert!(err.contains("  approver: required"), "{err}");
    assert_eq!(referrals(&db), 0, "nothing saved");

    // Good: item 3 (001's item 1, individuals), from an agency not on the panel.
    let file = write(dir.path(), "good.toml", GOOD);
    let said = ok(&rt(&db, None, &["referral", "add", "--from", &file]));
    assert!(
        said.contains("referral #1 saved: Tavish Okonkwo-Reed"),
        "{said}"
    );
    assert!(
        said.contains(
            "agenda item 3 (Individual children or adults where there is a system block)"
        ),
        "{said}"
    );
    let case = ok(&rt(&db, None, &["case", "1"]));
    for line in [
        "Received                2026-11-16 from OTH",
        "  Referrer: Agency: Brixford Youth Boxing Club",
        "  If child: Safeguarding Status: Child in Need Plan",
        "  The Professional network cannot agree or sustain an adequate safety plan because: A policy or decision is hampering progress; There are no interventions or services available to meet the child's or young adult's needs",
        "  Approver: Name & Role: Ilse Marchetti, Service Manager",
        "  Do you approve this referral?: Yes",
        "  Date of approval: 2026-11-13",
        "      A school place outside the borough this term",
    ] {
        assert!(case.contains(line), "{line}\n{case}");
    }
}

#[test]
fn mave_purpose_over_25_is_taken_with_a_warning_and_25_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    // 001 "Purpose": "up to age 25" (25 included, decided in mave.toml).
    let aged_25 = GOOD.replace("2010-04-17", "2001-01-02");
    let file = write(dir.path(), "25.toml", &aged_25);
    let o = rt(&db, None, &["referral", "add", "--from", &file]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("aged"), "{}", stderr(&o));
    let aged_26 = GOOD
        .replace("2010-04-17", "2000-03-02")
        .replace("Tavish Okonkwo-Reed", "Corin Abernathy-Sule");
    let file = write(dir.path(), "26.toml", &aged_26);
    let o = rt(&db, None, &["referral", "add", "--from", &file]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "date_of_birth: aged 26 on the meeting date: the panel hears people aged up to 25 (Purpose)"
        ),
        "{}",
        stderr(&o)
    );
    assert_eq!(referrals(&db), 2);
}
