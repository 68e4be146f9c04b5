//! Issue 18, nothing lost at the edges (the store's part): backups made while a
//! meeting is being typed into, and a backup restored beside a crashed meeting's
//! write-ahead log (by `roundtable restore`, and by a plain copy).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::{key_file, ok, rt};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use roundtable::store::live::TextTarget;
use roundtable::store::write::Table;
use roundtable::store::Store;

const KEY: &str = "a long enough passphrase";

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
    let key = key_file(dir.path(), "panel.key", KEY);
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
    let key = key_file(dir.path(), "panel.key", KEY);
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
    let key = key_file(dir.path(), "panel.key", KEY);
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

/// Issue 18, found by a new user's trial: a copy of the file taken by hand while it was
/// closed (`cp`), a change made after it, then a crash: the copy put back with the
/// crash's log beside it is refused (here the pages do not fit; where every page
/// fits, the rows disagreeing with the change log refuse it: `store::log_check`),
/// while the crash as it was opens.
#[test]
fn a_hand_copied_backup_under_a_later_crash_log_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = panel(dir.path(), None);
    let copy = dir.path().join("copied-by-hand.db");
    std::fs::copy(&db, &copy).unwrap();
    // A change after the copy, to a row the crash does not touch, checkpointed into
    // the file when its program ends.
    {
        let s = Store::open_existing(&db, None).unwrap();
        s.set_field(
            Table::Panel,
            1,
            "venue",
            rusqlite::types::Value::Text("Room 2, Civic Centre".into()),
        )
        .unwrap();
    }
    // A small crash, as a meeting's first marks are: no new page, so the log holds no
    // copy of page 1 and its bytes cannot say whose it is.
    let crash = dir.path().join("crash");
    std::fs::create_dir(&crash).unwrap();
    let live = Store::open_existing(&db, None).unwrap();
    let venue = TextTarget::Field {
        table: Table::Meeting,
        id: 2,
        col: "venue",
    };
    live.commit_text(&venue, "", "Said at the crashed meeting")
        .unwrap();
    for suffix in ["", "-wal"] {
        std::fs::copy(
            format!("{}{suffix}", db.display()),
            format!("{}/panel.db{suffix}", crash.display()),
        )
        .unwrap();
    }
    drop(live);
    // The crash as it was opens, its log belonging (no false alarm).
    let genuine = dir.path().join("genuine");
    std::fs::create_dir(&genuine).unwrap();
    for f in ["panel.db", "panel.db-wal"] {
        std::fs::copy(crash.join(f), genuine.join(f)).unwrap();
    }
    ok(&rt(&genuine.join("panel.db"), None, &["meetings", "list"]));
    let crash_db = crash.join("panel.db");
    std::fs::copy(&copy, &crash_db).unwrap();
    let before = snapshot(&crash);
    let o = rt(&crash_db, None, &["meetings", "list"]);
    let err = common::stderr(&o);
    assert!(!o.status.success(), "{}", common::stdout(&o));
    assert!(err.contains("does not belong to"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(snapshot(&crash) == before, "both files as they were");
}

/// Issue 18 (trial): words a meeting had typed but not yet saved when the backup was
/// made are in the backup's typing journal; `restore` commits them, so lookups on the
/// restored record show them without a meeting screen opening it first.
#[test]
fn restore_commits_what_the_backup_held_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let db = panel(dir.path(), None);
    let words = "Typed just before the backup";
    let live = typing(&db, words);
    let backup = dir.path().join("bk.db");
    ok(&rt(
        &db,
        None,
        &["backup", "--out", backup.to_str().unwrap()],
    ));
    drop(live);
    let o = rt(&db, None, &["restore", backup.to_str().unwrap()]);
    let said = ok(&o);
    assert!(said.contains("now in the record"), "{said}");
    let s = Store::open_existing(&db, None).unwrap();
    let venue: String = s
        .conn()
        .query_row("SELECT venue FROM meeting WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    assert!(venue.ends_with(words), "{venue}");
    let left: i64 = s
        .conn()
        .query_row("SELECT COUNT(*) FROM typing", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
}

/// Issue 18 (trial): a backup named like SQLite's own files, or into a folder that is
/// not there, is refused in one line that says which, and nothing is written.
#[test]
fn a_backup_to_a_wrong_place_says_why_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = panel(dir.path(), None);
    let wal = format!("{}-wal", db.display());
    let nodir = dir.path().join("nodir").join("x.db");
    for (out, says) in [
        (wal.as_str(), "SQLite's own file"),
        (nodir.to_str().unwrap(), "does not exist"),
    ] {
        let o = rt(&db, None, &["backup", "--out", out]);
        let err = common::stderr(&o);
        assert!(!o.status.success());
        assert!(err.contains(says) && err.contains(out), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
    assert!(!dir.path().join("nodir").exists());
}

/// Issue 18: a meeting's live log, checkpointed into the file and begun again many
/// times, belongs to its file: a lookup in another program, and a second connection
/// in this one, open beside it (the log's page-1 images carry older change counters,
/// which in WAL mode decide nothing).
#[test]
fn a_live_log_begun_again_after_checkpoints_is_never_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = panel(dir.path(), None);
    let live = Store::open_existing(&db, None).unwrap();
    for i in 0..300 {
        live.set_field(
            Table::Meeting,
            1,
            "venue",
            rusqlite::types::Value::Text(format!("{}{i}", "Hall ".repeat(600))),
        )
        .unwrap();
    }
    assert!(
        std::fs::metadata(format!("{}-wal", db.display()))
            .unwrap()
            .len()
            > 0
    );
    ok(&rt(&db, None, &["meetings", "list"]));
    let again = Store::open_existing(&db, None);
    assert!(again.is_ok(), "{:?}", again.err());
}
