//! Issue 18, nothing lost at the edges (the store's part): backups made while a
//! meeting is being typed into, a backup restored beside a crashed meeting's
//! write-ahead log, purge after a meeting, orphan rows, and recorded facts kept.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use roundtable::store::live::TextTarget;
use roundtable::store::write::Table;
use roundtable::store::Store;

const KEY: &str = "a long enough passphrase";

fn rt(db: &Path, key_file: Option<&Path>, args: &[&str]) -> Output {
    let mut c = Command::new(common::bin());
    c.arg("--db").arg(db);
    if let Some(k) = key_file {
        c.arg("--key-file").arg(k);
    }
    c.args(args)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_CONFIG", "")
        .env("ROUNDTABLE_TODAY", common::AS_OF)
        .env("CI", "true")
        .stdin(Stdio::null());
    c.output().unwrap()
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", common::stderr(o));
    common::stdout(o)
}

/// Every file in `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect()
}

fn key_file(dir: &Path) -> PathBuf {
    let p = dir.join("panel.key");
    std::fs::write(&p, format!("{KEY}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    p
}

/// A panel made by `init`, encrypted with `key` or plain, at rest (no log beside it).
fn panel(dir: &Path, key: Option<&Path>) -> PathBuf {
    let db = dir.join("panel.db");
    let init: &[&str] = if key.is_some() {
        &["init"]
    } else {
        &["init", "--no-encrypt"]
    };
    ok(&rt(&db, key, init));
    ok(&rt(&db, key, &["meetings", "list"]));
    assert!(!dir.join("panel.db-wal").exists());
    db
}

/// A meeting screen's store with `words` typed into the first meeting's venue: in
/// the typing journal, and committed, both only in the write-ahead log so far.
fn typing(db: &Path, words: &str) -> Store {
    let store = Store::open_existing(db, key_of(db)).unwrap();
    let venue = TextTarget::Field {
        table: Table::Meeting,
        id: 1,
        col: "venue",
    };
    store.journal_text("terminal-a", &venue, "", words).unwrap();
    let intel = TextTarget::Field {
        table: Table::Meeting,
        id: 2,
        col: "venue",
    };
    store.commit_text(&intel, "", words).unwrap();
    assert!(
        std::fs::metadata(format!("{}-wal", db.display()))
            .unwrap()
            .len()
            > 0,
        "the words are in the log"
    );
    store
}

/// The key for `db`: none for a plain file.
fn key_of(db: &Path) -> Option<&'static str> {
    let plain = std::fs::read(db).unwrap().starts_with(b"SQLite format 3");
    (!plain).then_some(KEY)
}

fn venue_and_journal(db: &Path) -> (String, String) {
    let s = Store::open_existing(db, key_of(db)).unwrap();
    let venue: String = s
        .conn()
        .query_row("SELECT venue FROM meeting WHERE id = 2", [], |r| r.get(0))
        .unwrap();
    let journal: String = s
        .conn()
        .query_row("SELECT body FROM typing", [], |r| r.get(0))
        .unwrap_or_default();
    (venue, journal)
}

#[test]
fn a_backup_made_while_a_meeting_is_typed_into_holds_the_typed_words() {
    let dir = tempfile::tempdir().unwrap();
    let key = key_file(dir.path());
    let db = panel(dir.path(), Some(&key));
    let words = "Kestrel Academy library, typed live";
    let live = typing(&db, words);
    let out = dir.path().join("nightly.db");
    let said = ok(&rt(
        &db,
        Some(&key),
        &["backup", "--out", out.to_str().unwrap()],
    ));
    assert!(said.contains("change log intact"), "{said}");
    drop(live);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a backup is its owner's only");
    }
    assert!(
        !std::fs::read(&out).unwrap().starts_with(b"SQLite format 3"),
        "encrypted as the database is"
    );
    let (venue, journal) = venue_and_journal(&out);
    assert!(venue.ends_with(words), "committed: {venue}");
    assert_eq!(journal, words, "still in the journal");
    // A second backup never overwrites the first.
    let before = std::fs::read(&out).unwrap();
    let o = rt(&db, Some(&key), &["backup", "--out", out.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(common::stderr(&o).contains("exists already"));
    assert_eq!(std::fs::read(&out).unwrap(), before);
}

/// A crash: the database and its log as a killed meeting leaves them, copied while
/// the meeting's connection is still open (so nothing is checkpointed).
fn crashed(db: &Path, words: &str, into: &Path) {
    let live = typing(db, words);
    // More than a page of change, so the log holds a grown file too.
    for i in 0..40 {
        live.journal_text(
            &format!("t{i}"),
            &TextTarget::Field {
                table: Table::Meeting,
                id: 1,
                col: "venue",
            },
            "",
            &"x".repeat(900),
        )
        .unwrap();
    }
    std::fs::create_dir_all(into).unwrap();
    for suffix in ["", "-wal"] {
        std::fs::copy(
            format!("{}{suffix}", db.display()),
            format!("{}/panel.db{suffix}", into.display()),
        )
        .unwrap();
    }
    drop(live);
}

#[test]
fn a_backup_copied_over_a_crashed_database_is_refused_with_its_log_untouched() {
    // Encrypted (the bytes cannot tie the log; SQLite's reading of the pair is
    // checked) and plain (the change counter on page 1 ties it).
    let dir = tempfile::tempdir().unwrap();
    let key = key_file(dir.path());
    for encrypted in [true, false] {
        let at = dir.path().join(if encrypted { "enc" } else { "plain" });
        std::fs::create_dir(&at).unwrap();
        stale_log_refused(&at, encrypted.then_some(key.as_path()));
    }
}

fn stale_log_refused(dir: &Path, key: Option<&Path>) {
    let db = panel(dir, key);
    let backup = dir.join("last-night.db");
    ok(&rt(
        &db,
        key,
        &["backup", "--out", backup.to_str().unwrap()],
    ));
    let words = "Said at the crashed meeting";
    let crash = dir.join("crash");
    crashed(&db, words, &crash);
    let crash_db = crash.join("panel.db");

    // A genuine crash is recovered: the log belongs to its file.
    let genuine = dir.join("genuine");
    std::fs::create_dir(&genuine).unwrap();
    for f in ["panel.db", "panel.db-wal"] {
        std::fs::copy(crash.join(f), genuine.join(f)).unwrap();
    }
    ok(&rt(&genuine.join("panel.db"), key, &["meetings", "list"]));
    assert!(venue_and_journal(&genuine.join("panel.db"))
        .0
        .ends_with(words));

    // The usual way: last night's backup copied over the crashed file.
    std::fs::copy(&backup, &crash_db).unwrap();
    for args in [
        &["meetings", "list"][..],
        &["meetings", "add", "2027-03-03"],
        &["audit", "verify"],
        &["run"],
    ] {
        let before = snapshot(&crash);
        let o = rt(&crash_db, key, args);
        let err = common::stderr(&o);
        assert!(!o.status.success(), "{args:?}: {}", common::stdout(&o));
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.contains(&format!("{}-wal", crash_db.display()))
                && err.contains("does not belong to")
                && err.contains("roundtable restore"),
            "{args:?}: {err}"
        );
        assert!(
            snapshot(&crash) == before,
            "{args:?}: both files as they were"
        );
    }
}

#[test]
fn restore_moves_a_stale_log_aside_and_puts_the_backup_in_place_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let key = key_file(dir.path());
    let db = panel(dir.path(), Some(&key));
    let backup = dir.path().join("last-night.db");
    ok(&rt(
        &db,
        Some(&key),
        &["backup", "--out", backup.to_str().unwrap()],
    ));
    let backup_bytes = std::fs::read(&backup).unwrap();
    let words = "Said at the crashed meeting";
    let crash = dir.path().join("crash");
    crashed(&db, words, &crash);
    let crash_db = crash.join("panel.db");
    let crash_wal = std::fs::read(crash.join("panel.db-wal")).unwrap();

    let said = ok(&rt(
        &crash_db,
        Some(&key),
        &["restore", backup.to_str().unwrap()],
    ));
    assert_eq!(
        std::fs::read(&crash_db).unwrap(),
        backup_bytes,
        "the backup as it was"
    );
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        backup_bytes,
        "the backup untouched"
    );
    assert!(!crash.join("panel.db-wal").exists());
    let kept: Vec<PathBuf> = std::fs::read_dir(&crash)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("before-restore"))
        .collect();
    let kept_wal = kept
        .iter()
        .find(|p| p.to_string_lossy().ends_with("-wal"))
        .expect("the log moved aside");
    assert_eq!(
        std::fs::read(kept_wal).unwrap(),
        crash_wal,
        "moved, not changed"
    );
    assert!(said.contains(&kept_wal.display().to_string()), "{said}");
    assert!(said.contains("previous file is kept as"), "{said}");
    // The restored file works, and the crashed meeting is still there beside it.
    ok(&rt(
        &crash_db,
        Some(&key),
        &["meetings", "add", "2027-03-03"],
    ));
    let kept_db = kept
        .iter()
        .find(|p| !p.to_string_lossy().ends_with("-wal"))
        .unwrap();
    assert!(venue_and_journal(kept_db).0.ends_with(words));
}

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
