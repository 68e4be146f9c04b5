//! `roundtable agenda` (section 11 cut-off and circulation) and `roundtable
//! report` (section 12), cross-checked against the database.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use common::demo_cli::*;
use roundtable::domain::calendar::WorkingCalendar;

const NEXT: &str = "2026-12-09";

fn entries(v: &serde_json::Value, key: &str) -> Vec<serde_json::Value> {
    v[key].as_array().unwrap().clone()
}

fn date(v: &serde_json::Value) -> NaiveDate {
    v.as_str().unwrap().parse().unwrap()
}

#[test]
fn agenda_lists_referrals_in_time_late_urgent_held_over_and_reviews_due() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let a = json(&db, &["agenda", "--meeting", NEXT, "--json"]);
    let meeting: NaiveDate = NEXT.parse().unwrap();
    let cal = WorkingCalendar::england_and_wales();
    let cutoff = cal.cutoff(meeting, 15);
    assert_eq!(date(&a["referral_cutoff"]), cutoff);
    assert_eq!(
        date(&a["circulate_by"]),
        cal.working_days_before(meeting, 5)
    );
    assert_eq!(a["circulate_by"], "2026-12-02");

    let under = entries(&a, "new_under_18");
    let over = entries(&a, "new_over_18");
    let held = entries(&a, "held_over");
    assert!(!under.is_empty() && !over.is_empty() && !held.is_empty());
    for e in &under {
        assert!(e["age_on_meeting"].as_u64().unwrap() < 18, "{e}");
    }
    for e in &over {
        assert!(e["age_on_meeting"].as_u64().unwrap() >= 18, "{e}");
    }
    for e in under.iter().chain(&over) {
        let received = date(&e["date_received"]);
        match e["placement"].as_str().unwrap() {
            "in_time" => assert!(received <= cutoff),
            "late_urgent" => {
                assert!(received > cutoff);
                assert_eq!(e["urgent"], true);
            }
            p => panic!("{p} listed as a new referral"),
        }
    }
    assert!(under
        .iter()
        .chain(&over)
        .any(|e| e["placement"] == "late_urgent"));
    for e in &held {
        assert!(date(&e["date_received"]) > cutoff);
        assert_eq!(e["urgent"], false);
        assert!(e["note"].as_str().unwrap().contains("2027-01-13"), "{e}");
    }

    // Every pending referral is in exactly one place, except MAPPA 2/3 exclusions.
    let listed: BTreeSet<i64> = under
        .iter()
        .chain(&over)
        .chain(&held)
        .map(|e| e["case_id"].as_i64().unwrap())
        .collect();
    let pending: BTreeSet<i64> = ints(
        &db,
        "SELECT id FROM referral WHERE status IN ('received', 'on_agenda') AND screening != 'excluded'",
        &[],
    )
    .into_iter()
    .collect();
    assert_eq!(listed, pending);
    let excluded = int(
        &db,
        "SELECT COUNT(*) FROM referral r WHERE r.screening = 'excluded' AND (
            r.status IN ('received', 'on_agenda')
            OR (r.status = 'excluded' AND r.meeting_id = (SELECT id FROM meeting WHERE date = ?1)))",
        &[text(NEXT)],
    );
    assert!(excluded > 0);
    assert_eq!(a["excluded"].as_i64().unwrap(), excluded);

    // Reviews: exactly the open cases whose review date has come.
    let reviews: BTreeSet<i64> = entries(&a, "reviews")
        .iter()
        .map(|e| e["case_id"].as_i64().unwrap())
        .collect();
    let due: BTreeSet<i64> = ints(
        &db,
        "SELECT id FROM referral WHERE status = 'open' AND next_review_on <= ?1",
        &[text(NEXT)],
    )
    .into_iter()
    .collect();
    assert!(due.len() >= 3);
    assert_eq!(reviews, due);
    for e in entries(&a, "reviews") {
        assert!(e["lead_agency"].is_string(), "reviews show the lead agency");
    }

    // Time slots run forward; referring agencies of full assessments are invited.
    let slots: Vec<String> = under
        .iter()
        .chain(&over)
        .chain(&entries(&a, "reviews"))
        .map(|e| e["slot"].as_str().unwrap().to_string())
        .collect();
    let mut sorted = slots.clone();
    sorted.sort();
    assert_eq!(slots, sorted);
    assert!(slots[0].as_str() >= "10:00");
    let invited: BTreeSet<i64> = a["invitations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["case_id"].as_i64().unwrap())
        .collect();
    for e in under.iter().chain(&over) {
        let one_to_watch = e["note"].as_str().unwrap_or("").contains("one to watch");
        assert_eq!(
            invited.contains(&e["case_id"].as_i64().unwrap()),
            !one_to_watch
        );
    }

    // The readable agenda: marked, with the cut-off and the items in order.
    let out = ok(&db, &["agenda", "--meeting", NEXT]);
    assert_eq!(out.lines().next(), Some("RESTRICTED"));
    assert_eq!(out.trim_end().lines().last(), Some("RESTRICTED"));
    assert!(out.contains("Circulate by 2026-12-02"));
    let pos = |s: &str| out.find(s).unwrap_or_else(|| panic!("{s}: {out}"));
    assert!(
        pos("\n6. ") < pos("\n7. ") && pos("\n7. ") < pos("\n8. ") && pos("\n8. ") < pos("\n9. ")
    );
    assert!(pos("formally closes") < pos("\n9. "));

    // CSV: one row per entry, through a real parser.
    let csv_text = ok(&db, &["agenda", "--meeting", NEXT, "--csv"]);
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let recs: Vec<csv::StringRecord> = rdr.records().collect::<Result<_, _>>().unwrap();
    let n = recs.len();
    assert_eq!(n, under.len() + over.len() + held.len() + reviews.len());
}

#[test]
fn agenda_for_an_unknown_meeting_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    fails(
        &db,
        &["agenda", "--meeting", "2026-12-10"],
        1,
        "no meeting on 2026-12-10",
    );
}

#[test]
fn report_counts_match_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // Every count shown as it is (small-number suppression is tested below).
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("UPDATE panel SET small_number_threshold = 0", [])
        .unwrap();
    let (from, to) = ("2026-01-01", "2026-11-30");
    let r = json(&db, &["report", "--from", from, "--to", to, "--json"]);
    let range = [text(from), text(to)];
    let received = int(
        &db,
        "SELECT COUNT(*) FROM referral WHERE date_received BETWEEN ?1 AND ?2",
        &range,
    );
    let f = &r["referrals"];
    assert_eq!(f["received"].as_i64().unwrap(), received);
    let parts: i64 = [
        "accepted",
        "one_to_watch",
        "declined",
        "referred_elsewhere",
        "excluded_mappa",
        "awaiting_decision",
    ]
    .iter()
    .map(|k| f[*k].as_i64().unwrap())
    .sum();
    assert_eq!(parts, received, "every referral has one outcome");
    let decided = |d: &str| {
        int(
            &db,
            "SELECT COUNT(*) FROM referral r WHERE r.date_received BETWEEN ?1 AND ?2 AND EXISTS (
                SELECT 1 FROM case_discussion d WHERE d.referral_id = r.id AND d.decision = ?3)",
            &[text(from), text(to), text(d)],
        )
    };
    assert_eq!(f["accepted"].as_i64().unwrap(), decided("open"));
    assert_eq!(f["declined"].as_i64().unwrap(), decided("decline"));
    assert_eq!(
        r["declined"].as_array().unwrap().len() as i64,
        decided("decline")
    );
    for d in r["declined"].as_array().unwrap() {
        assert!(!d["reasons"].as_str().unwrap().is_empty());
    }
    for key in [
        "by_gender",
        "by_age_band",
        "by_ethnicity",
        "by_ward",
        "by_core_reason",
        "by_referring_agency",
    ] {
        let sum: i64 = r[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["count"].as_i64().unwrap())
            .sum();
        assert_eq!(sum, received, "{key}");
    }
    let lead_sum: i64 = r["by_lead_agency"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_i64().unwrap())
        .sum();
    assert_eq!(lead_sum, decided("open"));

    let meetings = int(
        &db,
        "SELECT COUNT(*) FROM meeting m WHERE m.date BETWEEN ?1 AND ?2
           AND EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = m.id)",
        &range,
    );
    assert_eq!(r["meetings"].as_array().unwrap().len() as i64, meetings);
    for a in r["attendance_by_agency"].as_array().unwrap() {
        let sum = a["attended"].as_i64().unwrap()
            + a["apologies"].as_i64().unwrap()
            + a["absent"].as_i64().unwrap();
        assert_eq!(sum, meetings);
    }
    let pol = r["attendance_by_agency"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "POL")
        .unwrap();
    assert_eq!(
        pol["attended"].as_i64().unwrap(),
        meetings,
        "the chair is always there"
    );

    let closed = int(
        &db,
        "SELECT COUNT(*) FROM referral WHERE status = 'closed' AND closed_on BETWEEN ?1 AND ?2",
        &range,
    );
    assert!(closed > 0);
    assert_eq!(r["closures"].as_i64().unwrap(), closed);
    assert_eq!(
        r["risk_at_start_and_end"]["closed_cases"].as_i64().unwrap(),
        closed
    );
    let made = |kind: &str| {
        int(
            &db,
            "SELECT COUNT(*) FROM onward_referral o JOIN case_discussion d ON d.id = o.discussion_id
             JOIN meeting m ON m.id = d.meeting_id
             WHERE m.date BETWEEN ?1 AND ?2 AND o.state = 'made' AND o.kind = ?3",
            &[text(from), text(to), text(kind)],
        )
    };
    let onward = r["onward_referrals_made"].as_array().unwrap();
    for (kind, label) in [
        ("marac", "MARAC"),
        ("csep", "CSEP"),
        ("prevent_channel", "PREVENT / Channel"),
        ("child_protection", "Child protection"),
    ] {
        let got = onward.iter().find(|c| c["key"] == label).unwrap()["count"]
            .as_i64()
            .unwrap();
        assert_eq!(got, made(kind), "{kind}");
    }

    let out = ok(&db, &["report", "--from", from, "--to", to]);
    assert_eq!(out.lines().next(), Some("RESTRICTED"));
    for heading in [
        "Agency attendance",
        "Referrals received",
        "Referrals declined, with reasons",
        "Core referral reason",
        "Age band (on the date received)",
        "Ward",
        "Lead agency (accepted referrals)",
        "Onward referrals made",
        "Closures and discharges",
    ] {
        assert!(out.contains(heading), "{heading}");
    }

    let csv_text = ok(&db, &["report", "--from", from, "--to", to, "--csv"]);
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(
        rdr.headers().unwrap(),
        vec!["section", "group", "key", "value", "marking"]
    );
    let recs: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let get = |s: &str, k: &str| {
        recs.iter()
            .find(|r| &r[0] == s && &r[2] == k)
            .map(|r| r[3].to_string())
            .unwrap()
    };
    assert_eq!(get("referrals", "received"), received.to_string());
    assert_eq!(get("closures", "closed"), closed.to_string());
}

#[test]
fn report_over_an_empty_period_is_zeros_and_a_reversed_period_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let r = json(
        &db,
        &[
            "report",
            "--from",
            "2001-01-01",
            "--to",
            "2001-12-31",
            "--json",
        ],
    );
    assert_eq!(r["referrals"]["received"], 0);
    assert_eq!(r["meetings"], serde_json::json!([]));
    assert_eq!(r["closures"], 0);
    let out = ok(
        &db,
        &["report", "--from", "2001-01-01", "--to", "2001-12-31"],
    );
    assert!(out.contains("no meetings held in this period"));
    fails(
        &db,
        &["report", "--from", "2026-12-31", "--to", "2026-01-01"],
        2,
        "is after --to",
    );
}

#[test]
fn small_numbers_are_suppressed_with_their_neighbours_in_text_csv_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let (from, to) = ("2026-01-01", "2026-11-30");
    let r = json(&db, &["report", "--from", from, "--to", to, "--json"]);
    assert_eq!(r["small_number_threshold"], 5);
    let received = r["referrals"]["received"].as_i64().unwrap();
    let mut hidden_seen = 0;
    for key in [
        "by_gender",
        "by_age_band",
        "by_ethnicity",
        "by_ward",
        "by_core_reason",
        "by_referring_agency",
    ] {
        let list = r[key].as_array().unwrap();
        let mut hidden = 0;
        let mut shown_sum = 0;
        for c in list {
            match &c["count"] {
                serde_json::Value::String(s) => {
                    assert_eq!(s, "<5", "{key}");
                    hidden += 1;
                }
                v => {
                    let n = v.as_i64().unwrap();
                    assert!(n == 0 || n >= 5, "{key}: {n} shown");
                    shown_sum += n;
                }
            }
        }
        // The total is shown, so a lone hidden count could be worked out.
        assert_ne!(hidden, 1, "{key}: {list:?}");
        if hidden > 0 {
            assert!(received - shown_sum >= 2, "{key}");
        }
        hidden_seen += hidden;
    }
    assert!(hidden_seen > 0, "the demo has small groups to hide");
    let csv = ok(&db, &["report", "--from", from, "--to", to, "--csv"]);
    // The value column, then the protective marking in its own last column.
    assert!(csv.contains(",<5,"), "{csv}");
    let text = ok(&db, &["report", "--from", from, "--to", to]);
    assert!(text.contains("<5"), "{text}");
    for line in text.lines().filter(|l| l.trim_start().starts_with("Ward")) {
        assert!(!line.ends_with(" 1"), "{line}");
    }
}
