//! Issue 18, nothing lost at the edges (the store's part): purge after a meeting
//! has been opened, rows orphaned outside Roundtable, a damaged page met by a
//! lookup, and a recorded fact kept from a later default.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::{ok, rt};

use std::path::{Path, PathBuf};
use std::process::Command;

use roundtable::store::write::Table;
use roundtable::store::Store;

/// Protocol 10.1: a referral managed at MAPPA level 2/3 is excluded at intake and
/// noted, linked, at its meeting's MAPPA item when the meeting is prepared. Purge
/// then meets that link (and a proven offence, section 12) and still works.
#[test]
fn purge_after_a_meeting_has_been_opened_follows_every_link() {
    use roundtable::store::MeetingId;
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let db = store.path().to_path_buf();
    let agency: String = store
        .conn()
        .query_row("SELECT code FROM agency ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    drop(store);
    let file = dir.path().join("mappa.toml");
    std::fs::write(
        &file,
        format!(
            "referring_agency = \"{agency}\"\nname = \"Tamsin Okonedo-Vale\"\nconcerns = \"Managed by MAPPA.\"\ndate_received = 2026-03-02\nmappa_category = 1\nmappa_level = 2\n"
        ),
    )
    .unwrap();
    ok(&rt(
        &db,
        None,
        &["referral", "add", "--from", file.to_str().unwrap()],
    ));
    let store = Store::open_existing(&db, None).unwrap();
    let (case, meeting): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT r.id, r.meeting_id FROM referral r JOIN subject s ON s.id = r.subject_id
             WHERE s.name = 'Tamsin Okonedo-Vale'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    store.prepare_agenda(MeetingId(meeting)).unwrap();
    let linked: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM mappa_note WHERE referral_id = ?1",
            [case],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(linked, 1, "opening the meeting linked the MAPPA note");
    // A proven offence on another case that goes (section 12).
    let other: i64 = store
        .conn()
        .query_row(
            "SELECT r.id FROM referral r WHERE r.status = 'closed' AND r.closed_on < '2026-06-01'
             AND NOT EXISTS (SELECT 1 FROM referral o WHERE o.subject_id = r.subject_id AND o.status <> 'closed')
             ORDER BY r.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    store
        .conn()
        .execute(
            "INSERT INTO offence (referral_id, offence_on, offence_type, created_at) VALUES (?1, '2025-12-01', 'Robbery', '2025-12-02 10:00:00')",
            [other],
        )
        .unwrap();
    drop(store);

    let said = ok(&rt(
        &db,
        None,
        &["purge", "--closed-before", "2026-11-23", "--yes"],
    ));
    assert!(said.contains("1 proven offences"), "{said}");
    let left: Vec<&str> = said.lines().filter(|l| l.starts_with("left ")).collect();
    assert_eq!(left.len(), 1, "one line on what is left: {said}");
    assert!(
        left[0].contains("MAPPA notes") && left[0].contains("section 10.1"),
        "{said}"
    );
    let s = Store::open_existing(&db, None).unwrap();
    let count = |sql: &str| -> i64 { s.conn().query_row(sql, [case], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT COUNT(*) FROM referral WHERE id = ?1"),
        0,
        "the case went"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM mappa_note WHERE referral_id IS NULL AND name = 'Tamsin Okonedo-Vale' AND ?1 > 0"),
        1,
        "the meeting's MAPPA note stays, unlinked"
    );
    let offences: i64 = s
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM offence WHERE referral_id = ?1",
            [other],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(offences, 0, "the offence went with its case");
    let o = rt(&db, None, &["audit", "verify"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
}

/// A referral deleted behind the program's back (as `sqlite3` would, foreign keys
/// off), leaving its case discussion at the meeting in progress an orphan.
fn orphaned_meeting(dir: &Path) -> (PathBuf, roundtable::store::MeetingId, i64) {
    let (store, _) = common::demo_store(dir);
    let db = store.path().to_path_buf();
    let meeting = store.meeting_to_run().unwrap().unwrap();
    store.start_meeting(meeting).unwrap();
    let referral: i64 = store
        .conn()
        .query_row(
            "SELECT referral_id FROM case_discussion WHERE meeting_id = ?1 ORDER BY position LIMIT 1",
            [meeting],
            |r| r.get(0),
        )
        .unwrap();
    drop(store);
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    c.execute("DELETE FROM referral WHERE id = ?1", [referral])
        .unwrap();
    drop(c);
    (db, meeting, referral)
}

#[test]
fn audit_verify_names_an_orphan_row() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _, referral) = orphaned_meeting(dir.path());
    let o = rt(&db, None, &["audit", "verify"]);
    let err = common::stderr(&o);
    assert!(!o.status.success(), "not intact: {}", common::stdout(&o));
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("case_discussion row")
            && err.contains(&format!("referral {referral} is missing"))
            && err.contains("broken links"),
        "{err}"
    );
}

#[test]
fn a_meeting_with_an_orphan_opens_and_names_what_is_broken() {
    let dir = tempfile::tempdir().unwrap();
    let (db, meeting, referral) = orphaned_meeting(dir.path());
    let store = Store::open_existing(&db, None).unwrap();
    let data = store.load_meeting(meeting).unwrap();
    assert!(!data.cases.is_empty(), "the other cases open");
    assert!(data.cases.iter().all(|c| c.referral.id.0 != referral));
    assert_eq!(data.broken.len(), 1, "{:?}", data.broken);
    assert!(
        data.broken[0].contains(&format!("referral {referral} is missing")),
        "{:?}",
        data.broken
    );
    // As the meeting screen starts.
    let app = roundtable::tui::start(&store, meeting).unwrap();
    assert_eq!(app.data.broken, data.broken);
}

#[test]
fn a_lookup_on_a_damaged_file_says_so_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let db = store.path().to_path_buf();
    drop(store);
    {
        use std::io::{Seek, SeekFrom, Write};
        let len = std::fs::metadata(&db).unwrap().len();
        let mut f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
        // Every page after the first few: the tables' pages, not the header.
        let mut at = 4096 * 8;
        while at < len {
            f.seek(SeekFrom::Start(at)).unwrap();
            f.write_all(&[0x0d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff].repeat(4))
                .unwrap();
            at += 4096;
        }
    }
    let o = rt(&db, None, &["actions"]);
    let err = common::stderr(&o);
    assert!(!o.status.success(), "{}", common::stdout(&o));
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("damaged") && err.contains("restore") && !err.contains("malformed"),
        "{err}"
    );
}

/// Record "one to watch" on the open case page and mark it done.
fn decide_one_to_watch(h: &mut common::harness::Harness) {
    use ratatui::crossterm::event::KeyCode;
    use roundtable::app::form::Kind;
    h.focus("Decision");
    let options = match &h.app.form.focused().unwrap().kind {
        Kind::Choice { options, .. } => options.clone(),
        _ => unreachable!(),
    };
    let watch = options.iter().position(|o| o == "one to watch").unwrap();
    for _ in 0..=watch {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Enter);
    h.focus("Reasons");
    h.typ("No supporting intelligence yet");
    h.ctrl('d');
    assert!(h.app.missing.is_empty(), "{:?}", h.app.missing);
}

/// Section 5.5 (the referrer updated on the outcome) and section 11 (screening): a
/// referrer recorded as told at screening keeps that date, whether their agency is
/// in the room or the lead agency's duty to tell them is closed later.
#[test]
fn a_referrer_told_at_screening_keeps_that_date() {
    use roundtable::domain::types::AttendanceStatus;
    use roundtable::store::write::{date, NewAttendance};
    let screening = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let told = |h: &common::harness::Harness, case: i64| -> Option<String> {
        h.store
            .conn()
            .query_row(
                "SELECT referrer_informed_on FROM referral WHERE id = ?1",
                [case],
                |r| r.get(0),
            )
            .unwrap()
    };
    for in_room in [true, false] {
        let mut h = common::harness::Harness::new();
        h.open_first_case(6);
        let case = h.app.current_case().unwrap().referral.clone();
        h.store
            .set_field(
                Table::Referral,
                case.id.0,
                "referrer_informed_on",
                date(screening),
            )
            .unwrap();
        if in_room {
            h.store
                .add_attendance(&NewAttendance {
                    meeting: h.meeting,
                    member: None,
                    name: "Hollis Qureshi-Dunn".into(),
                    post_title: "Pastoral lead".into(),
                    agency: Some(case.referring_agency),
                    status: AttendanceStatus::Present,
                    deputy_for: None,
                    visitor_for: Some(case.id),
                })
                .unwrap();
        } else {
            h.store
                .conn()
                .execute(
                    "UPDATE attendance SET status = 'apology' WHERE meeting_id = ?1 AND agency_id = ?2",
                    [h.meeting.0, case.referring_agency.0],
                )
                .unwrap();
        }
        decide_one_to_watch(&mut h);
        assert_eq!(
            told(&h, case.id.0).as_deref(),
            Some("2026-11-20"),
            "in the room: {in_room}"
        );
        if !in_room {
            let action = h.q::<i64>("SELECT id FROM action WHERE volunteered_how = 'duty'");
            let o = Command::new(common::bin())
                .args(["--db", h.store.path().to_str().unwrap(), "actions", "done"])
                .args([&action.to_string(), "--note", "Phoned the referrer"])
                .env("ROUNDTABLE_TODAY", "2026-12-11")
                .env_remove("ROUNDTABLE_DB")
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", common::stderr(&o));
            assert_eq!(
                told(&h, case.id.0).as_deref(),
                Some("2026-11-20"),
                "after the duty"
            );
        }
    }
}

/// Issue 18 (trial): a referral deleted behind the program's back before its meeting
/// starts: the meeting screen still opens, and says which referral it cannot show
/// rather than listing one case fewer without a word.
#[test]
fn a_planned_meeting_names_a_referral_missing_from_the_record() {
    let h = common::harness::Harness::new();
    let gone: i64 = h.q("SELECT referral_id FROM case_discussion ORDER BY id LIMIT 1");
    h.store
        .conn()
        .execute_batch(&format!(
            "PRAGMA foreign_keys = OFF; DELETE FROM referral WHERE id = {gone};"
        ))
        .unwrap();
    let other = h.peer("terminal-b");
    let (msg, _) = other.app.message.clone().expect("a word about it");
    assert!(
        msg.contains("missing from the record") && msg.contains(&gone.to_string()),
        "{msg}"
    );
}
