//! `roundtable calendar`: an RFC 5545 file that a real parser reads back, with
//! subjects by initials only.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::demo_cli::*;
use icalendar::{
    Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, EventLike,
};
use roundtable::store::write::Table;
use rusqlite::types::Value;

fn parse(text: &str) -> Vec<icalendar::Event> {
    let cal: Calendar = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
    cal.components
        .into_iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect()
}

#[test]
fn ics_round_trips_through_a_parser_with_initials_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // A venue that needs escaping and folding.
    {
        let s = open(&db);
        let m = int(&db, "SELECT id FROM meeting WHERE date = '2026-12-09'", &[]);
        s.set_field(
            Table::Meeting,
            m,
            "venue",
            Value::Text("Room 2; Civic Centre, Harrowfield\\North wing\nReport to reception — café entrance, long enough to need folding".into()),
        )
        .unwrap();
    }
    let path = dir.path().join("panel.ics");
    let o = ok(&db, &["calendar", "--out", path.to_str().unwrap()]);
    assert!(o.contains("events written"), "{o}");
    let raw = fs::read(&path).unwrap();
    let ics = String::from_utf8(raw).unwrap();

    // RFC 5545 framing: CRLF only, lines of at most 75 octets.
    assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
    for l in ics.split("\r\n") {
        assert!(l.len() <= 75, "{} octets: {l}", l.len());
    }
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));

    let events = parse(&ics);
    let j = json(
        &db,
        &[
            "calendar",
            "--out",
            dir.path().join("again.ics").to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(events.len(), j.as_array().unwrap().len());
    let uids: BTreeSet<&str> = events.iter().map(|e| e.get_uid().unwrap()).collect();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");

    // Every open case's next review from today on is there, by case id and initials.
    let reviews = ints(
        &db,
        "SELECT id FROM referral WHERE status = 'open' AND next_review_on >= ?1",
        &[text(common::AS_OF)],
    );
    assert!(!reviews.is_empty());
    let names = strings(&db, "SELECT name FROM subject", &[]);
    for e in &events {
        let summary = e.get_summary().unwrap();
        let description = e.get_description().unwrap();
        assert!(description.starts_with("RESTRICTED."), "{description}");
        assert_eq!(e.property_value("DTSTAMP"), Some("20261122T000000Z"));
        assert_eq!(e.property_value("CLASS"), Some("CONFIDENTIAL"));
        for n in &names {
            for part in n.split_whitespace().filter(|p| p.len() > 2) {
                assert!(!summary.contains(part), "{summary} names {n}");
                assert!(!description.contains(part), "{description} names {n}");
            }
        }
    }
    for case in &reviews {
        let uid_part = format!("-case-{case}-");
        let e = events
            .iter()
            .find(|e| e.get_uid().unwrap().contains(&uid_part))
            .unwrap_or_else(|| panic!("case {case} missing"));
        let due: chrono::NaiveDate = strings(
            &db,
            "SELECT next_review_on FROM referral WHERE id = ?1",
            &[Value::Integer(*case)],
        )[0]
        .parse()
        .unwrap();
        let name = strings(
            &db,
            "SELECT s.name FROM subject s JOIN referral r ON r.subject_id = s.id WHERE r.id = ?1",
            &[Value::Integer(*case)],
        )
        .remove(0);
        assert_eq!(e.get_start(), Some(DatePerhapsTime::Date(due)), "all-day");
        let initials = roundtable::lookup::format::initials(&name);
        assert!(e
            .get_summary()
            .unwrap()
            .contains(&format!("case {case} ({initials})")));
    }

    // The next meeting: a timed event in UK time, with the escaped venue intact.
    let meeting = events
        .iter()
        .find(|e| {
            e.get_uid().unwrap().contains("-meeting-")
                && e.property_value("DTSTART") == Some("20261209T100000")
        })
        .unwrap();
    match meeting.get_start() {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid })) => {
            assert_eq!(tzid, "Europe/London");
            assert_eq!(date_time.to_string(), "2026-12-09 10:00:00");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        meeting.get_location(),
        Some("Room 2; Civic Centre, Harrowfield\\North wing\nReport to reception — café entrance, long enough to need folding")
    );
    assert!(events
        .iter()
        .any(|e| e.get_uid().unwrap().contains("-referral_cutoff-")
            && e.get_summary().unwrap().contains("2027-01-13")));
}

/// The events of `calendar --out -` on `db` as of `today`.
fn calendar_on(db: &std::path::Path, today: &str) -> Vec<icalendar::Event> {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_roundtable"))
        .arg("--db")
        .arg(db)
        .args(["calendar", "--out", "-"])
        .env("ROUNDTABLE_TODAY", today)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_CONFIG", "")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", common::stderr(&o));
    parse(&common::stdout(&o))
}

fn sequence(e: &icalendar::Event) -> u32 {
    e.get_sequence().unwrap()
}

#[test]
fn a_moved_meeting_keeps_its_uid_with_a_higher_sequence_and_a_closed_case_is_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let before = calendar_on(&db, common::AS_OF);
    let at = |events: &[icalendar::Event], start: &str| {
        events
            .iter()
            .find(|e| {
                e.get_uid().unwrap().contains("-meeting-")
                    && e.property_value("DTSTART") == Some(start)
            })
            .cloned()
    };
    let old = at(&before, "20261209T100000").unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_roundtable"))
        .arg("--db")
        .arg(&db)
        .args(["meetings", "move", "2026-12-09", "--to", "2026-12-10"])
        .env("ROUNDTABLE_TODAY", common::AS_OF)
        .env("ROUNDTABLE_CONFIG", "")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", common::stderr(&o));
    let after = calendar_on(&db, common::AS_OF);
    assert!(at(&after, "20261209T100000").is_none());
    let new = at(&after, "20261210T100000").unwrap();
    assert_eq!(new.get_uid(), old.get_uid(), "the same event, moved");
    assert!(
        sequence(&new) > sequence(&old),
        "{} then {}",
        sequence(&old),
        sequence(&new)
    );
    // Its deadlines move with it, under their own unchanged UIDs.
    let circulation = |events: &[icalendar::Event]| {
        let id = old
            .get_uid()
            .unwrap()
            .rsplit('-')
            .next()
            .unwrap()
            .to_string();
        events
            .iter()
            .find(|e| {
                e.get_uid().unwrap().contains("-agenda_circulation-")
                    && e.get_uid().unwrap().ends_with(&id)
            })
            .map(sequence)
    };
    assert!(circulation(&after) > circulation(&before));

    // A case closed before its review: the review is published again, cancelled.
    let case = ints(
        &db,
        "SELECT id FROM referral WHERE status = 'open' AND next_review_on > ?1 ORDER BY id LIMIT 1",
        &[text(common::AS_OF)],
    )[0];
    let review = |events: &[icalendar::Event]| {
        events
            .iter()
            .find(|e| {
                e.get_uid()
                    .unwrap()
                    .contains(&format!("-case-{case}-review"))
            })
            .cloned()
            .unwrap()
    };
    let was = review(&after);
    assert_eq!(was.property_value("STATUS"), Some("CONFIRMED"));
    {
        let s = open(&db);
        s.set_field(
            Table::Referral,
            case,
            "status",
            Value::Text("closed".into()),
        )
        .unwrap();
        s.set_field(Table::Referral, case, "next_review_on", Value::Null)
            .unwrap();
    }
    let closed = calendar_on(&db, common::AS_OF);
    let gone = review(&closed);
    assert_eq!(gone.property_value("STATUS"), Some("CANCELLED"));
    assert_eq!(gone.get_start(), was.get_start(), "the date it had");
    assert!(sequence(&gone) > sequence(&was));
}

#[test]
fn two_databases_share_no_uid() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db(dir.path());
    let other = tempfile::tempdir().unwrap();
    let b = demo_db(other.path());
    let ua: BTreeSet<String> = calendar_on(&a, common::AS_OF)
        .iter()
        .map(|e| e.get_uid().unwrap().to_string())
        .collect();
    let ub: BTreeSet<String> = calendar_on(&b, common::AS_OF)
        .iter()
        .map(|e| e.get_uid().unwrap().to_string())
        .collect();
    assert!(!ua.is_empty());
    assert_eq!(ua.len(), ub.len(), "the same demo data");
    assert!(ua.is_disjoint(&ub), "{:?}", ua.intersection(&ub).next());
}

#[test]
fn agency_filter_keeps_only_cases_that_agency_leads() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let j = json(
        &db,
        &[
            "calendar",
            "--out",
            dir.path().join("y.ics").to_str().unwrap(),
            "--agency",
            "YOS",
            "--json",
        ],
    );
    let cases: BTreeSet<i64> = j
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["case_id"].as_i64())
        .collect();
    let want: BTreeSet<i64> = ints(
        &db,
        "SELECT r.id FROM referral r JOIN agency g ON g.id = r.lead_agency_id
         WHERE r.status = 'open' AND g.code = 'YOS' AND (r.next_review_on >= ?1 OR r.plan_due_on >= ?1)",
        &[text(common::AS_OF)],
    )
    .into_iter()
    .collect();
    assert!(!want.is_empty());
    assert_eq!(cases, want);
    fails(
        &db,
        &["calendar", "--out", "x.ics", "--agency", "Nowhere"],
        1,
        "unknown agency",
    );
}

/// RFC 5545 section 3.6: a calendar holds at least one component. With nothing to
/// come (no meeting, review or plan date after today) the time zone is still written,
/// once, before the end, and the file still parses (issue 25).
#[test]
fn a_calendar_with_nothing_to_come_still_has_its_time_zone_component() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_roundtable"))
        .arg("--db")
        .arg(&db)
        .args(["calendar", "--out", "-"])
        .env("ROUNDTABLE_TODAY", "2099-01-01")
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_CONFIG", "")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", common::stderr(&o));
    let text = common::stdout(&o);
    assert!(!text.contains("BEGIN:VEVENT"), "nothing to come: {text}");
    assert_eq!(text.matches("BEGIN:VTIMEZONE\r\n").count(), 1, "{text}");
    assert!(
        text.ends_with("END:VTIMEZONE\r\nEND:VCALENDAR\r\n"),
        "{text}"
    );
    let cal: Calendar = text.parse().unwrap();
    assert_eq!(cal.components.len(), 1, "the time zone");
}
