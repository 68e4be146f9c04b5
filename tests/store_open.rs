//! Where data lives and how files are opened (foundation issue, part 3).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::fs;
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;

use roundtable::store::write::{text, Table};
use roundtable::store::{Store, StoreError};

#[cfg(unix)]
fn mode(p: &std::path::Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
#[cfg(unix)]
fn new_database_and_wal_files_are_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a/b");
    let path = nested.join("rt.db");
    let store = Store::open(&path, None).unwrap();
    // Force the WAL and SHM files into existence with a write.
    store.log_event("test").unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&nested), 0o700);
    for suffix in ["-wal", "-shm"] {
        let p = path.with_file_name(format!("rt.db{suffix}"));
        assert!(p.exists(), "{suffix} exists in WAL mode");
        assert_eq!(mode(&p), 0o600, "{suffix}");
    }
}

#[test]
fn pragmas_set_on_every_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("rt.db"), None).unwrap();
    let c = store.conn();
    let fk: i64 = c
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    let jm: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    let bt: i64 = c
        .query_row("PRAGMA busy_timeout", [], |r| r.get(0))
        .unwrap();
    assert_eq!((fk, jm.as_str()), (1, "wal"));
    assert!(bt >= 1000);
    assert_eq!(
        store.schema_version().unwrap(),
        roundtable::store::schema::MIGRATIONS.len() as i64
    );
}

#[test]
fn foreign_keys_enforced() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("rt.db"), None).unwrap();
    let err = store
        .conn()
        .execute(
            "INSERT INTO agency (panel_id, code, name) VALUES (999, 'X', 'X')",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
}

#[test]
fn reopening_keeps_data_and_does_not_rerun_migrations() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rt.db");
    {
        let store = Store::open(&path, None).unwrap();
        store.log_event("first").unwrap();
    }
    let store = Store::open(&path, None).unwrap();
    let n: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM change_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn newer_schema_refused_and_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rt.db");
    {
        let store = Store::open(&path, None).unwrap();
        store
            .conn()
            .pragma_update(None, "user_version", 999)
            .unwrap();
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let before = fs::read(&path).unwrap();
    match Store::open(&path, None) {
        Err(StoreError::TooNew { found: 999, .. }) => {}
        other => panic!("expected TooNew, got {:?}", other.err()),
    }
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn text_file_refused_and_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    fs::write(&path, "shopping list\n").unwrap();
    assert!(matches!(
        Store::open(&path, None),
        Err(StoreError::NotRoundtable { .. })
    ));
    assert_eq!(fs::read(&path).unwrap(), b"shopping list\n");
    assert!(!dir.path().join("notes.txt-wal").exists());
}

#[test]
fn other_sqlite_database_refused_and_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = fs::read(&path).unwrap();
    assert!(matches!(
        Store::open(&path, None),
        Err(StoreError::NotRoundtable { .. })
    ));
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn change_log_is_append_only() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let conn = store.conn();
    assert!(conn
        .execute("UPDATE change_log SET os_user = 'x'", [])
        .is_err());
    assert!(conn.execute("DELETE FROM change_log", []).is_err());
}

#[test]
fn set_field_logs_old_and_new_value_with_os_user() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let store = store.with_actor("tester");
    let id: i64 = store
        .conn()
        .query_row("SELECT MIN(id) FROM case_discussion", [], |r| r.get(0))
        .unwrap();
    let old: String = store
        .conn()
        .query_row(
            "SELECT minutes FROM case_discussion WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(store
        .set_field(Table::Discussion, id, "minutes", text("New minutes"))
        .unwrap());
    assert!(
        !store
            .set_field(Table::Discussion, id, "minutes", text("New minutes"))
            .unwrap(),
        "no change, no log"
    );
    let (user, tbl, col, o, n): (String, String, String, String, String) = store
        .conn()
        .query_row(
            "SELECT os_user, tbl, col, old_value, new_value FROM change_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (user.as_str(), tbl.as_str(), col.as_str()),
        ("tester", "case_discussion", "minutes")
    );
    assert_eq!((o, n.as_str()), (old, "New minutes"));
}

#[test]
fn set_field_refuses_columns_outside_the_whitelist() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let err = store
        .set_field(
            Table::Discussion,
            1,
            "id = 0; DROP TABLE action; --",
            text("x"),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Rule(_)));
    assert!(store
        .set_field(Table::Discussion, 1, "meeting_id", text("x"))
        .is_err());
}

#[test]
fn failed_multi_row_change_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let count = |s: &Store| -> i64 {
        s.conn()
            .query_row("SELECT COUNT(*) FROM change_log", [], |r| r.get(0))
            .unwrap()
    };
    let before = count(&store);
    let r = store.atomic(|s| {
        s.set_field(Table::Discussion, 1, "minutes", text("half"))?;
        s.set_field(Table::Discussion, 1, "decision", text("not a decision"))?; // CHECK fails
        Ok(())
    });
    assert!(r.is_err());
    assert_eq!(count(&store), before);
    let m: String = store
        .conn()
        .query_row(
            "SELECT minutes FROM case_discussion WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_ne!(m, "half");
}

#[test]
fn encrypted_database_needs_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.db");
    {
        let store = Store::open(&path, Some("correct horse")).unwrap();
        store.log_event("hello").unwrap();
    }
    let raw = fs::read(&path).unwrap();
    assert_ne!(&raw[..16], b"SQLite format 3\0", "file is encrypted");
    assert!(Store::open(&path, None).is_err());
    assert!(Store::open(&path, Some("wrong")).is_err());
    let store = Store::open(&path, Some("correct horse")).unwrap();
    let n: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM change_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}
