//! Issue 11, the section 12 return: legal statuses, closures by date and why,
//! interventions and proven offending before referral and during the intervention.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use serde_json::Value;

fn shell(h: &Harness, args: &[&str]) -> std::process::Output {
    std::process::Command::new(common::bin())
        .arg("--db")
        .arg(h.store.path())
        .args(args)
        .env("ROUNDTABLE_TODAY", "2026-11-22")
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .output()
        .unwrap()
}

fn ok(h: &Harness, args: &[&str]) -> String {
    let o = shell(h, args);
    assert!(o.status.success(), "{args:?}: {}", common::stderr(&o));
    common::stdout(&o)
}

/// `key → count` of one section of the return (counts shown exactly).
fn section(r: &Value, name: &str) -> Vec<(String, i64)> {
    r[name]
        .as_array()
        .unwrap_or_else(|| panic!("no section {name}"))
        .iter()
        .map(|c| {
            (
                c["key"].as_str().unwrap().to_string(),
                c["count"].as_i64().unwrap_or(-1),
            )
        })
        .collect()
}

fn get(s: &[(String, i64)], key: &str) -> Option<i64> {
    s.iter().find(|(k, _)| k == key).map(|(_, n)| *n)
}

#[test]
fn section_12_proven_offending_before_referral_and_during_intervention_reach_the_return() {
    let h = Harness::new();
    // Every count shown exactly, to check the figures (the default hides those under 5).
    h.every_count_shown();
    let (case, received, opened): (i64, String, String) = h
        .store
        .conn()
        .query_row(
            "SELECT id, date_received, opened_on FROM referral
             WHERE status = 'open' AND opened_on < '2026-10-01' ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert!(
        received.as_str() >= "2026-01-01",
        "received in the year: {received}"
    );
    let id = case.to_string();
    let out = ok(
        &h,
        &[
            "offence",
            "add",
            &id,
            "--on",
            "2025-12-01",
            "--type",
            "Robbery",
            "--seriousness",
            "6",
            "--knife",
            "--outcome",
            "Referral order",
        ],
    );
    assert!(out.contains("before referral"), "{out}");
    for on in ["2026-10-02", "2026-10-20"] {
        let out = ok(
            &h,
            &[
                "offence",
                "add",
                &id,
                "--on",
                on,
                "--type",
                "Possession with intent to supply",
                "--drug-type",
                "cannabis",
                "--drug-supply",
            ],
        );
        assert!(
            out.contains("during intervention"),
            "opened {opened}: {out}"
        );
    }
    // A seriousness outside the gravity scale is refused and nothing is written.
    let o = shell(
        &h,
        &[
            "offence",
            "add",
            &id,
            "--on",
            "2026-10-03",
            "--type",
            "Affray",
            "--seriousness",
            "9",
        ],
    );
    assert!(!o.status.success());
    // As is a date after today, or before the subject was born.
    for (on, said) in [
        ("2026-12-01", "after today"),
        ("1990-01-01", "before the subject was born"),
    ] {
        let o = shell(&h, &["offence", "add", &id, "--on", on, "--type", "Affray"]);
        assert!(common::stderr(&o).contains(said), "{}", common::stderr(&o));
    }
    let list = ok(&h, &["offence", "list", &id]);
    assert_eq!(list.matches("during intervention").count(), 2, "{list}");

    let report = ok(
        &h,
        &[
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-11-22",
            "--json",
        ],
    );
    let v: Value = serde_json::from_str(&report).unwrap();
    let r = &v["report"];
    let before = section(r, "offending_before_referral");
    assert_eq!(get(&before, "offences"), Some(1), "{before:?}");
    assert_eq!(get(&before, "knife involved"), Some(1));
    assert_eq!(get(&before, "type: robbery"), Some(1));
    assert_eq!(get(&before, "seriousness: gravity 4-6"), Some(1));
    assert_eq!(get(&before, "outcome: referral order"), Some(1));
    let during = section(r, "offending_during_intervention");
    assert_eq!(get(&during, "offences"), Some(2), "{during:?}");
    assert_eq!(get(&during, "drug supply linked"), Some(2));
    assert_eq!(get(&during, "drug: cannabis"), Some(2));
    assert_eq!(get(&during, "people"), Some(1));
    assert_eq!(get(&during, "people offending 2-4 offences"), Some(1));
    // The rest of section 12's list is there too.
    for name in [
        "welfare_legal_status",
        "criminal_legal_status",
        "closed_by_month",
        "closed_why",
        "core_issues",
        "interventions",
        "agencies_involved",
    ] {
        assert!(!section(r, name).is_empty(), "{name} is empty");
    }
}

#[test]
fn section_12_a_case_discharged_to_mappa_is_counted_by_date_and_why() {
    let h = Harness::new();
    h.every_count_shown();
    let case: i64 = h.q("SELECT id FROM referral WHERE status = 'open' ORDER BY id LIMIT 1");
    let closed_before: i64 =
        h.q("SELECT COUNT(*) FROM referral WHERE status = 'closed' AND closed_on LIKE '2026-11-%'");
    ok(
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
    let report = ok(
        &h,
        &[
            "report",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-22",
            "--json",
        ],
    );
    let v: Value = serde_json::from_str(&report).unwrap();
    let why = section(&v["report"], "closed_why");
    assert_eq!(get(&why, "discharged to MAPPA"), Some(1), "{why:?}");
    let month = section(&v["report"], "closed_by_month");
    assert_eq!(get(&month, "2026-11"), Some(closed_before + 1), "{month:?}");
}
