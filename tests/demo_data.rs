//! `roundtable demo` (foundation issue, part 5).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use chrono::NaiveDate;
use roundtable::demo::{generate, DemoOptions, Scale};
use roundtable::domain::age::age_on;
use roundtable::domain::calendar::{Placement, WorkingCalendar};
use roundtable::store::Store;

fn q<T: rusqlite::types::FromSql>(s: &Store, sql: &str) -> T {
    s.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn same_seed_same_data() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let (sa, _) = common::demo_store(a.path());
    let (sb, _) = common::demo_store(b.path());
    assert_eq!(common::dump(&sa), common::dump(&sb));
}

#[test]
fn different_seed_different_data() {
    let a = tempfile::tempdir().unwrap();
    let (sa, _) = common::demo_store(a.path());
    let path = a.path().join("other.db");
    let mut sb = Store::open(&path, None).unwrap();
    generate(
        &mut sb,
        &DemoOptions {
            seed: 2,
            years: 1,
            scale: Scale::Small,
            as_of: common::as_of(),
        },
    )
    .unwrap();
    assert_ne!(common::dump(&sa), common::dump(&sb));
}

#[test]
fn demo_refuses_a_database_that_already_has_a_panel() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = common::demo_store(dir.path());
    let before = common::dump(&store);
    let opts = DemoOptions {
        seed: 1,
        years: 1,
        scale: Scale::Small,
        as_of: common::as_of(),
    };
    assert!(generate(&mut store, &opts).is_err());
    assert_eq!(common::dump(&store), before);
}

#[test]
fn integrity_and_foreign_keys_hold() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    assert_eq!(q::<String>(&store, "PRAGMA integrity_check"), "ok");
    let fk_problems: i64 = store
        .conn()
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |_| Ok(()))
        .unwrap()
        .count() as i64;
    assert_eq!(fk_problems, 0);
}

#[test]
fn section_5_4_standing_roles_filled_with_one_chair() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    assert_eq!(
        q::<i64>(&store, "SELECT COUNT(*) FROM member WHERE role = 'chair'"),
        1
    );
    assert_eq!(
        q::<i64>(
            &store,
            "SELECT COUNT(*) FROM member WHERE role = 'mappa_coordinator'"
        ),
        1
    );
    assert_eq!(
        q::<i64>(
            &store,
            "SELECT COUNT(*) FROM member WHERE role = 'coordinator'"
        ),
        1
    );
    assert!(q::<i64>(&store, "SELECT COUNT(*) FROM member") >= 20);
}

#[test]
fn a_year_of_past_monthly_meetings_all_closed() {
    let dir = tempfile::tempdir().unwrap();
    let (store, s) = common::demo_store(dir.path());
    let past = q::<i64>(
        &store,
        "SELECT COUNT(*) FROM meeting WHERE date < '2026-11-22' AND state = 'closed'",
    );
    assert_eq!(past, 12);
    assert_eq!(s.next_meeting, "2026-12-09".parse::<NaiveDate>().unwrap());
    assert_eq!(
        q::<String>(
            &store,
            "SELECT state FROM meeting WHERE date = '2026-12-09'"
        ),
        "planned"
    );
    // Every past meeting has signed attendance, minutes of cases and MAPPA notes.
    assert_eq!(
        q::<i64>(&store, "SELECT COUNT(*) FROM meeting m WHERE state = 'closed' AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = m.id AND a.signed_at IS NOT NULL)"),
        0
    );
    assert_eq!(
        q::<i64>(&store, "SELECT COUNT(*) FROM meeting m WHERE state = 'closed' AND NOT EXISTS (SELECT 1 FROM mappa_note n WHERE n.meeting_id = m.id)"),
        0
    );
}

#[test]
fn appendix_d_new_referrals_are_on_the_item_for_their_age() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let mut st = store
        .conn()
        .prepare(
            "SELECT d.agenda_item, s.date_of_birth, m.date FROM case_discussion d
             JOIN referral r ON r.id = d.referral_id JOIN subject s ON s.id = r.subject_id
             JOIN meeting m ON m.id = d.meeting_id WHERE d.agenda_item IN (6, 7)",
        )
        .unwrap();
    let rows: Vec<(i64, NaiveDate, NaiveDate)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(rows.len() > 10);
    for (item, dob, meeting) in rows {
        let age = age_on(dob, meeting).unwrap();
        assert_eq!(item, if age < 18 { 6 } else { 7 }, "age {age}");
    }
}

#[test]
fn next_meeting_has_reviews_with_interventions_and_last_actions_some_done_some_not() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let due = q::<i64>(
        &store,
        "SELECT COUNT(*) FROM referral WHERE status = 'open' AND next_review_on <= '2026-12-09'",
    );
    assert!(due >= 3, "{due} reviews due");
    let with_rows = q::<i64>(
        &store,
        "SELECT COUNT(DISTINCT r.id) FROM referral r JOIN intervention i ON i.referral_id = r.id
         WHERE r.status = 'open' AND r.next_review_on <= '2026-12-09'",
    );
    assert!(with_rows >= 1, "Appendix B rows exist for cases due");
    let open = q::<i64>(&store, "SELECT COUNT(*) FROM action a JOIN referral r ON r.id = a.referral_id WHERE r.status = 'open' AND a.status = 'open'");
    let done = q::<i64>(&store, "SELECT COUNT(*) FROM action a JOIN referral r ON r.id = a.referral_id WHERE r.status = 'open' AND a.status = 'done'");
    assert!(open > 0 && done > 0, "open {open}, done {done}");
    // Section 7.2: every action records who volunteered it.
    assert_eq!(
        q::<i64>(
            &store,
            "SELECT COUNT(*) FROM action WHERE volunteered_by = ''"
        ),
        0
    );
}

#[test]
fn next_meeting_new_referrals_cover_every_case_the_issue_names() {
    let dir = tempfile::tempdir().unwrap();
    let (store, s) = common::demo_store(dir.path());
    let cal = WorkingCalendar::england_and_wales();
    let next = s.next_meeting;
    let mut st = store
        .conn()
        .prepare(
            "SELECT s.date_of_birth, r.date_received, r.urgent, r.status, r.mappa_level, r.screening, m.date
             FROM referral r JOIN subject s ON s.id = r.subject_id JOIN meeting m ON m.id = r.meeting_id
             WHERE m.date >= ?1 ORDER BY r.id",
        )
        .unwrap();
    type Row = (
        NaiveDate,
        NaiveDate,
        bool,
        String,
        Option<i64>,
        String,
        NaiveDate,
    );
    let rows: Vec<Row> = st
        .query_map([next], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let place = |r: &Row| cal.placement(r.1, r.2, next, 15);
    let age = |r: &Row| age_on(r.0, next).unwrap();
    assert!(
        rows.iter()
            .any(|r| age(r) < 18 && place(r) == Placement::InTime && r.3 == "on_agenda"),
        "under 18 in time"
    );
    assert!(
        rows.iter()
            .any(|r| age(r) >= 18 && place(r) == Placement::InTime && r.3 == "on_agenda"),
        "over 18 in time"
    );
    assert!(
        rows.iter()
            .any(|r| place(r) == Placement::HeldOver && r.6 > next),
        "late, held over to the following meeting"
    );
    assert!(
        rows.iter()
            .any(|r| place(r) == Placement::LateUrgent && r.6 == next),
        "late but urgent, heard"
    );
    assert!(
        rows.iter().any(|r| r.4 == Some(2) && r.3 == "excluded"),
        "MAPPA level 2 excluded (section 10.1)"
    );
    assert!(
        rows.iter().any(|r| r.5 == "no_intelligence"),
        "one to watch (section 11)"
    );
}

#[test]
fn large_scale_reaches_benchmark_volumes() {
    // Only the shape is checked here; benches/ measures speed.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("large.db"), None).unwrap();
    let s = generate(
        &mut store,
        &DemoOptions {
            seed: 1,
            years: 10,
            scale: Scale::Large,
            as_of: common::as_of(),
        },
    )
    .unwrap();
    assert!(
        (4500..=5600).contains(&s.subjects),
        "{} subjects",
        s.subjects
    );
    assert!(
        (85_000..=120_000).contains(&s.actions),
        "{} actions",
        s.actions
    );
    assert!(s.meetings >= 120);
    // A real backlog: about a tenth of actions still open, some of them for years.
    let open: f64 = q(&store, "SELECT AVG(status = 'open') FROM action");
    assert!((0.08..=0.13).contains(&open), "{open} of actions open");
    let years: i64 = q(
        &store,
        "SELECT COUNT(DISTINCT substr(due_on, 1, 4)) FROM action WHERE status = 'open'",
    );
    assert!(years >= 9, "open actions due in {years} years");
}
