//! Issue 25, "Recovery with standard tools": `roundtable export --plain --out FILE`
//! hands a coordinator's analyst a decrypted copy: a plain SQLite file that opens with
//! no key, holding every row, with the documented views (docs/export.md), owner-only,
//! never over an existing file, and written to the change log.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::{ok, rt};
use rusqlite::Connection;

fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn an_encrypted_panel_exports_a_plain_copy_with_its_views() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let (actions, cases) = {
        let c = store.conn();
        (
            count(c, "SELECT count(*) FROM action"),
            count(c, "SELECT count(*) FROM referral"),
        )
    };
    drop(store);
    let db = dir.path().join("demo.db");
    let key = dir.path().join("panel.key");
    ok(&rt(
        &db,
        None,
        &["encrypt", "--generate-key", key.to_str().unwrap()],
    ));
    let copy = dir.path().join("for-analyst.db");
    let said = ok(&rt(
        &db,
        Some(&key),
        &["export", "--plain", "--out", copy.to_str().unwrap()],
    ));
    assert!(said.contains("not encrypted"), "{said}");

    let bytes = std::fs::read(&copy).unwrap();
    assert!(
        bytes.starts_with(b"SQLite format 3\0"),
        "a plain SQLite file"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "owner-only");
    }
    let c = Connection::open(&copy).unwrap();
    assert_eq!(count(&c, "SELECT count(*) FROM action"), actions);
    assert_eq!(count(&c, "SELECT count(*) FROM v_actions"), actions);
    assert_eq!(count(&c, "SELECT count(*) FROM v_cases"), cases);
    assert!(actions > 0 && cases > 0);
    // A view row carries the agency's code, not its row id.
    let agency: String = c
        .query_row(
            "SELECT agency FROM v_actions ORDER BY action_id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(agency.chars().all(|ch| ch.is_ascii_uppercase()), "{agency}");
    let named: i64 = count(&c, "SELECT count(*) FROM v_cases WHERE name <> ''");
    assert_eq!(named, cases);

    // The database is still encrypted, and says it was exported.
    assert!(!std::fs::read(&db).unwrap().starts_with(b"SQLite format 3"));
    let log = ok(&rt(&db, Some(&key), &["audit"]));
    assert!(log.contains("decrypted copy exported to"), "{log}");
}

#[test]
fn an_existing_file_or_a_missing_plain_flag_is_refused_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::demo_store(dir.path()));
    let db = dir.path().join("demo.db");
    let there = dir.path().join("there.db");
    std::fs::write(&there, b"someone's file").unwrap();
    let o = rt(
        &db,
        None,
        &["export", "--plain", "--out", there.to_str().unwrap()],
    );
    assert!(!o.status.success());
    let err = common::stderr(&o);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("exists already") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(std::fs::read(&there).unwrap(), b"someone's file");

    let new = dir.path().join("new.db");
    let o = rt(&db, None, &["export", "--out", new.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(common::stderr(&o).contains("--plain"));
    assert!(!new.exists());
    let o = rt(
        &db,
        None,
        &[
            "export",
            "--plain",
            "--out",
            dir.path().join("no/such/x.db").to_str().unwrap(),
        ],
    );
    assert!(
        common::stderr(&o).contains("does not exist"),
        "{}",
        common::stderr(&o)
    );
}

/// Issue 25: a plain database gives "a copy", not a "decrypted" one, and the message
/// points to what the binary carries (`roundtable export --help`, the manual page),
/// which describes every view and its columns (docs/export.md, built in).
#[test]
fn a_plain_database_gives_a_copy_and_the_help_describes_the_views() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::demo_store(dir.path()));
    let db = dir.path().join("demo.db");
    let copy = dir.path().join("copy.db");
    let said = ok(&rt(
        &db,
        None,
        &["export", "--plain", "--out", copy.to_str().unwrap()],
    ));
    assert!(
        said.contains("a copy (the database is not encrypted)"),
        "{said}"
    );
    assert!(!said.contains("decrypted"), "{said}");
    assert!(!said.contains("docs/export.md"), "not shipped: {said}");
    assert!(said.contains("roundtable export --help"), "{said}");
    let log = ok(&rt(&db, None, &["audit"]));
    assert!(log.contains("copy exported to"), "{log}");
    assert!(!log.contains("decrypted"), "{log}");

    let help = ok(&rt(&db, None, &["export", "--help"]));
    let man = ok(&rt(&db, None, &["man"]));
    let doc = include_str!("../docs/export.md");
    for view in ["v_actions", "v_cases"] {
        assert!(help.contains(view), "{help}");
    }
    // Every column the doc lists is in the long help.
    for line in doc.lines().filter(|l| l.starts_with("| `")) {
        let col = line.split('`').nth(1).unwrap();
        assert!(help.contains(col), "{col} in the help");
    }
    assert!(
        !man.contains("docs/export.md"),
        "the manual points to nothing unshipped"
    );
    let dir2 = tempfile::tempdir().unwrap();
    ok(&rt(
        &db,
        None,
        &["man", "--out", dir2.path().to_str().unwrap()],
    ));
    let page = std::fs::read_to_string(dir2.path().join("roundtable-export.1")).unwrap();
    assert!(page.contains("v_actions"), "{page}");
}
