//! Issue 26, the whole-file check before a change (SECURITY.md, "The whole-file
//! check"). An encrypted database has every page checked (HMAC-SHA512) as it is read,
//! so a change meets damage on any page it reads and stops with nothing written; the
//! whole file is read first only when no whole read has passed in the last 24 hours.
//! A plain file has no such check and is read whole before every change.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::{ok, rt};

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use roundtable::store::{Store, StoreError};

/// A raw 256-bit key (SQLCipher uses it as it is: no key derivation to wait for).
const RAW: &str = "x'3c1f0a5e9b7d2c4e6f8a1b3d5c7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e'";

/// The small demo in `dir`, encrypted under [`RAW`] or plain.
fn demo(dir: &Path, encrypted: bool) -> PathBuf {
    let path = dir.join(if encrypted { "enc.db" } else { "plain.db" });
    common::demo_at(&path, encrypted.then_some(RAW));
    path
}

fn open(db: &Path, encrypted: bool) -> Store {
    Store::open_existing(db, encrypted.then_some(RAW)).unwrap()
}

/// Everything in the file itself (the log beside it checkpointed and removed).
fn settle(db: &Path, encrypted: bool) {
    let s = open(db, encrypted);
    s.conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(s);
    assert!(
        std::fs::metadata(format!("{}-wal", db.display())).map_or(true, |m| m.len() == 0),
        "nothing left in the log"
    );
}

/// The page (1-based) at the root of `table`, and the file's page size.
fn root_page(db: &Path, encrypted: bool, table: &str) -> (u64, u64) {
    let s = open(db, encrypted);
    let root: i64 = s
        .conn()
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .unwrap();
    // SQLCipher answers `PRAGMA page_size` in its own words: the size from the
    // file's length and its pages (everything is in the file: see `settle`).
    let pages: i64 = s
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    let len = std::fs::metadata(db).unwrap().len();
    assert_eq!(len % pages as u64, 0, "whole pages");
    (root as u64, len / pages as u64)
}

/// Damage page `page`: one byte flipped in the middle of an encrypted page (its
/// HMAC no longer holds); a plain page's header overwritten (a structure SQLite's
/// check refuses: in a plain page a flipped byte of text would pass unseen).
fn damage(db: &Path, encrypted: bool, page: u64, size: u64) {
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(db)
        .unwrap();
    let start = (page - 1) * size;
    if encrypted {
        let at = start + size / 2;
        let mut b = [0u8; 1];
        f.seek(SeekFrom::Start(at)).unwrap();
        std::io::Read::read_exact(&mut f, &mut b).unwrap();
        f.seek(SeekFrom::Start(at)).unwrap();
        f.write_all(&[b[0] ^ 0x5a]).unwrap();
    } else {
        f.seek(SeekFrom::Start(start)).unwrap();
        f.write_all(&[0x0d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff].repeat(4))
            .unwrap();
    }
    f.sync_all().unwrap();
}

/// Issue YOS's sheet into `dir` and fill its return: every row reported done.
fn yos_return(db: &Path, key: Option<&Path>, dir: &Path) -> PathBuf {
    ok(&rt(
        db,
        key,
        &[
            "actions",
            "request",
            "--agency",
            "yos",
            "--csv-only",
            "--out",
            dir.to_str().unwrap(),
        ],
    ));
    let sheet = dir.join(format!("MAGPan-status-YOS-{}.csv", common::AS_OF));
    let text = std::fs::read_to_string(&sheet).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    let status = rows[0].iter().position(|h| h == "status").unwrap();
    for row in rows.iter_mut().skip(1) {
        row[status] = "done".into();
    }
    let back = dir.join("returned.csv");
    let mut w = csv::Writer::from_path(&back).unwrap();
    for row in &rows {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();
    back
}

fn done_actions(db: &Path, encrypted: bool) -> i64 {
    open(db, encrypted)
        .conn()
        .query_row(
            "SELECT count(*) FROM action WHERE status = 'done'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn an_encrypted_file_damaged_on_a_page_the_import_reads_is_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), true);
    let key = common::key_file(dir.path(), "panel.key", RAW);
    let back = yos_return(&db, Some(&key), dir.path());
    assert!(
        open(&db, true).whole_check_passed_at().unwrap().is_some(),
        "the request read the whole file first (none had passed) and recorded it"
    );
    // The import reads the sheet's own row (`status_request`, one page in this demo).
    settle(&db, true);
    let (page, size) = root_page(&db, true, "status_request");
    damage(&db, true, page, size);
    let before = std::fs::read(&db).unwrap();

    let o = rt(
        &db,
        Some(&key),
        &["actions", "import", back.to_str().unwrap(), "--yes"],
    );
    let err = common::stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    // Met as the import read the page (no whole-file read had to run first).
    assert!(
        err.contains("damaged") && err.contains("nothing was changed"),
        "{err}"
    );
    assert!(!err.contains("integrity check"), "{err}");
    assert!(o.stdout.is_empty(), "{}", common::stdout(&o));
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file as it was");
    let wal = std::fs::metadata(format!("{}-wal", db.display())).map_or(0, |m| m.len());
    assert_eq!(wal, 0, "nothing in the log either");
}

#[test]
fn damage_on_a_page_no_change_reads_waits_for_the_daily_check_if_encrypted_never_if_plain() {
    for encrypted in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let db = demo(dir.path(), encrypted);
        let key = encrypted.then(|| common::key_file(dir.path(), "panel.key", RAW));
        let back = yos_return(&db, key.as_deref(), dir.path());
        let done = done_actions(&db, encrypted);
        // Attendance: read by no part of an import.
        settle(&db, encrypted);
        let (page, size) = root_page(&db, encrypted, "attendance");
        damage(&db, encrypted, page, size);
        let import = rt(
            &db,
            key.as_deref(),
            &["actions", "import", back.to_str().unwrap(), "--yes"],
        );
        if encrypted {
            // Checked whole minutes ago: the import reads and writes only pages
            // SQLCipher checks as they are read, none of them damaged.
            assert!(
                common::stdout(&import).contains("recorded in the change log"),
                "{}",
                common::stderr(&import)
            );
            assert!(done_actions(&db, true) > done);
            // The whole-file check (here `audit verify`) finds the damage.
            let v = rt(&db, key.as_deref(), &["audit", "verify"]);
            assert!(!v.status.success());
            assert!(
                common::stderr(&v).contains("is damaged"),
                "{}",
                common::stderr(&v)
            );
        } else {
            // A plain file's pages carry no check: read whole before every change.
            let err = common::stderr(&import);
            assert_eq!(import.status.code(), Some(1), "{err}");
            assert!(err.contains("is damaged (integrity check"), "{err}");
            assert!(import.stdout.is_empty());
        }
    }
}

fn at(h: i64, m: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_000_000, 0).unwrap() + Duration::hours(h) + Duration::minutes(m)
}

fn check_at(db: &Path, encrypted: bool, now: DateTime<Utc>) -> Result<(), StoreError> {
    open(db, encrypted)
        .with_clock(Box::new(move || now))
        .check_writable()
}

#[test]
fn an_encrypted_file_is_read_whole_before_a_change_once_in_24_hours() {
    let dir = tempfile::tempdir().unwrap();
    for encrypted in [true, false] {
        let db = demo(dir.path(), encrypted);
        check_at(&db, encrypted, at(0, 0)).unwrap();
        let recorded = open(&db, encrypted).whole_check_passed_at().unwrap();
        assert_eq!(
            recorded,
            encrypted.then(|| at(0, 0)),
            "a pass is recorded for an encrypted file only"
        );
        settle(&db, encrypted);
        let (page, size) = root_page(&db, encrypted, "attendance");
        damage(&db, encrypted, page, size);
        let later = check_at(&db, encrypted, at(23, 59));
        if encrypted {
            later.unwrap();
            assert_eq!(
                open(&db, true).whole_check_passed_at().unwrap(),
                Some(at(0, 0)),
                "a change that did not read the whole file records no pass"
            );
            let due = check_at(&db, true, at(24, 0)).unwrap_err();
            assert!(matches!(due, StoreError::Damaged { .. }), "{due}");
            // A clock set back before the recorded pass does not trust it either.
            let back = check_at(&db, true, at(-1, 0)).unwrap_err();
            assert!(matches!(back, StoreError::Damaged { .. }), "{back}");
        } else {
            let e = later.unwrap_err();
            assert!(matches!(e, StoreError::Damaged { .. }), "plain: {e}");
        }
    }
}
