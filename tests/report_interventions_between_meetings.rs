//! Issue 24: the return's intervention-plan rows are found by index (those set at a
//! meeting by the meeting, those recorded between meetings by the day recorded), and
//! still count each row in the period of its meeting or of its local day recorded,
//! as the one whole-table condition did.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use serde_json::Value;

/// `report --json` for 1-22 November 2026 with the process's time zone `tz` (POSIX
/// form: "AAA-14" is 14 hours east of Greenwich).
fn report(h: &Harness, tz: &str) -> Value {
    let o = std::process::Command::new(common::bin())
        .arg("--db")
        .arg(h.store.path())
        .args([
            "report",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-22",
            "--json",
        ])
        .env("ROUNDTABLE_TODAY", "2026-11-22")
        .env("TZ", tz)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", common::stderr(&o));
    serde_json::from_str(&common::stdout(&o)).unwrap()
}

/// The count of `key` among the return's core issues, if shown.
fn core_issue(r: &Value, key: &str) -> Option<i64> {
    r["report"]["core_issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == key)
        .and_then(|c| c["count"].as_i64())
}

/// A plan row recorded between meetings (no meeting) at `created_at`.
fn between(h: &Harness, case: i64, issue: &str, created_at: &str) {
    h.store
        .conn()
        .execute(
            "INSERT INTO intervention (referral_id, meeting_id, position, core_issue,
                 intervention, created_at, updated_at)
             VALUES (?1, NULL, 90, ?2, 'Invented mentoring', ?3, ?3)",
            rusqlite::params![case, issue, created_at],
        )
        .unwrap();
}

#[test]
fn plan_rows_recorded_between_meetings_count_on_their_local_day() {
    let h = Harness::new();
    h.every_count_shown();
    let case: i64 = h.q("SELECT id FROM referral ORDER BY id LIMIT 1");
    between(&h, case, "Zeta inside", "2026-11-10T12:00:00Z");
    // The day before the period in UTC, its first day 14 hours east.
    between(&h, case, "Zeta east edge", "2026-10-31T12:00:00Z");
    // The day after the period in UTC, its last day 11 hours west.
    between(&h, case, "Zeta west edge", "2026-11-23T05:00:00Z");
    // The old local form (before times were stored in UTC): its own day.
    between(&h, case, "Zeta local form", "2026-11-05 09:00:00");
    between(&h, case, "Zeta outside", "2026-10-20T12:00:00Z");

    let utc = report(&h, "UTC0");
    assert_eq!(core_issue(&utc, "zeta inside"), Some(1), "{utc}");
    assert_eq!(core_issue(&utc, "zeta local form"), Some(1));
    assert_eq!(core_issue(&utc, "zeta east edge"), None);
    assert_eq!(core_issue(&utc, "zeta west edge"), None);
    assert_eq!(core_issue(&utc, "zeta outside"), None);

    let east = report(&h, "AAA-14");
    assert_eq!(core_issue(&east, "zeta east edge"), Some(1), "{east}");
    assert_eq!(core_issue(&east, "zeta west edge"), None);
    assert_eq!(core_issue(&east, "zeta inside"), Some(1));

    let west = report(&h, "BBB+11");
    assert_eq!(core_issue(&west, "zeta west edge"), Some(1), "{west}");
    assert_eq!(core_issue(&west, "zeta east edge"), None);
    assert_eq!(core_issue(&west, "zeta local form"), Some(1));
    assert_eq!(core_issue(&west, "zeta outside"), None);
}

/// The plan rows set at meetings still count by their meeting's day: the return's
/// core issues for a year hold every plan row of that year's meetings.
#[test]
fn plan_rows_set_at_meetings_count_by_the_meetings_day() {
    let h = Harness::new();
    h.every_count_shown();
    let set: i64 = h.q(
        "SELECT COUNT(*) FROM intervention i JOIN meeting m ON m.id = i.meeting_id
         WHERE m.date BETWEEN '2026-11-01' AND '2026-11-22'",
    );
    assert!(set > 0, "the demo sets plan rows at November's meeting");
    let r = report(&h, "UTC0");
    let counted: i64 = r["report"]["core_issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_i64().unwrap())
        .sum();
    assert_eq!(counted, set, "{r}");
}
