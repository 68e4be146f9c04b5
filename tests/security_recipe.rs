//! Issue 25, "Recovery with standard tools": the SQL recipe SECURITY.md gives for
//! SQLCipher's own shell, run line by line as written there (the key put in place of
//! `PASSPHRASE`, as the doc says), decrypts a database `roundtable init` made, for a
//! passphrase key file (with the trailing newline the doc says is not part of it) and
//! for a raw-key file. If the doc's recipe changes, this runs the new one.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::Path;

use common::{ok, rt};
use rusqlite::Connection;

/// The ```sql block of SECURITY.md's "Recovery with standard tools" section.
fn recipe() -> String {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/SECURITY.md")).unwrap();
    let section = doc
        .split("## Recovery with standard tools")
        .nth(1)
        .expect("SECURITY.md has the section");
    let block = section.split("```sql\n").nth(1).unwrap();
    block.split("```").next().unwrap().to_string()
}

/// Run the recipe in `dir` with `key_line` as its first statement; the copy it makes.
fn run_recipe(db: &Path, key_line: &str, passphrase: &str) -> Connection {
    let copy = db.with_file_name("plain-copy.db");
    let sql = recipe();
    let sql = if key_line.is_empty() {
        sql.replace("PASSPHRASE", passphrase)
    } else {
        sql.replace("PRAGMA key = 'PASSPHRASE';", key_line)
    };
    let sql = sql.replace("'plain-copy.db'", &format!("'{}'", copy.display()));
    let c = Connection::open(db).unwrap();
    c.execute_batch(&sql).unwrap();
    drop(c);
    let plain = Connection::open(&copy).unwrap();
    let panels: i64 = plain
        .query_row("SELECT count(*) FROM panel", [], |r| r.get(0))
        .unwrap();
    assert_eq!(panels, 1, "the copy holds the panel");
    plain
}

#[test]
fn the_documented_recipe_decrypts_a_passphrase_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("panel.db");
    let key = dir.path().join("passphrase.key");
    common::write_owner_only(&key, "amber kettle lantern 42\n");
    ok(&rt(&db, Some(&key), &["init", "--panel", "marac"]));
    assert!(!std::fs::read(&db).unwrap().starts_with(b"SQLite format 3"));
    let copy = run_recipe(&db, "", "amber kettle lantern 42");
    let name: String = copy
        .query_row("SELECT short_name FROM panel", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "MARAC");
}

#[test]
fn the_documented_recipe_decrypts_a_raw_key_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("panel.db");
    let key = dir.path().join("raw.key");
    ok(&rt(
        &db,
        None,
        &[
            "init",
            "--panel",
            "mappa",
            "--generate-key",
            key.to_str().unwrap(),
        ],
    ));
    let raw = std::fs::read_to_string(&key).unwrap();
    let raw = raw.trim();
    assert!(raw.starts_with("x'") && raw.len() == 67, "{raw}");
    run_recipe(&db, &format!("PRAGMA key = \"{raw}\";"), "");
}
