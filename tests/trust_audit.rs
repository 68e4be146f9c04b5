//! Issue 12, audit you can read and trust: `roundtable audit` lists who changed what
//! (the OS account from the process's uid, the attendee beside it), `audit verify`
//! finds the first row changed, removed or inserted out of order even with the
//! triggers dropped, and a long text change is logged as its edit.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::Path;

use common::demo_cli::*;
use roundtable::store::write::{text, Table};
use roundtable::store::Store;

fn verify(db: &Path) -> (bool, String) {
    let o = rt(db, &["audit", "verify"]);
    (
        o.status.success(),
        format!("{}{}", common::stdout(&o), common::stderr(&o)),
    )
}

fn sql(db: &Path, batch: &str) {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch(batch)
        .unwrap();
}

/// A demo database with some changes made through the binary.
fn changed(dir: &Path) -> (std::path::PathBuf, i64) {
    let db = demo_db(dir);
    let id: i64 = open(&db)
        .conn()
        .query_row(
            "SELECT MIN(id) FROM action WHERE status = 'open'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let ids = id.to_string();
    ok(&db, &["actions", "annotate", &ids, "Family engaged"]);
    ok(&db, &["actions", "due", &ids, "2027-01-15"]);
    let o = rt_env(
        &db,
        &[
            "--as",
            "Nell Sarrazin",
            "actions",
            "done",
            &ids,
            "--note",
            "Visited at home",
        ],
        &[("USER", "someone.else")],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    ok(&db, &["actions", "annotate", &ids, "Second visit booked"]);
    (db, id)
}

#[test]
fn audit_lists_changes_by_the_real_account_with_the_attendee() {
    let dir = tempfile::tempdir().unwrap();
    let (db, action) = changed(dir.path());
    let me = roundtable::store::os_user();
    let rows = json(&db, &["audit", "--json"]);
    let rows = rows.as_array().unwrap();
    assert!(rows.len() >= 6, "{rows:?}");
    let done: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| r["table"] == "action" && r["row_id"] == action && r["column"] == "status")
        .collect();
    assert_eq!(done[0]["os_user"], me.as_str(), "not $USER");
    assert_eq!(done[0]["attendee"], "Nell Sarrazin");
    assert_eq!(done[0]["new_value"], "done");
    let table = ok(&db, &["audit"]);
    assert!(table.contains(&format!("{me} (Nell Sarrazin)")), "{table}");
    assert!(!table.contains("someone.else"), "{table}");
    // Filters: by user (account or attendee), by case, by date.
    let by = json(&db, &["audit", "--user", "nell sarrazin", "--json"]);
    assert!(by
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["attendee"] == "Nell Sarrazin"));
    assert!(!by.as_array().unwrap().is_empty());
    let case: i64 = open(&db)
        .conn()
        .query_row(
            "SELECT referral_id FROM action WHERE id = ?1",
            [action],
            |r| r.get(0),
        )
        .unwrap();
    let of_case = json(&db, &["audit", "--case", &case.to_string(), "--json"]);
    assert_eq!(
        of_case.as_array().unwrap().len(),
        rows.iter().filter(|r| r["table"] == "action").count()
    );
    let other = json(&db, &["audit", "--case", &(case + 1).to_string(), "--json"]);
    assert!(other
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["row_id"] != action));
    let later = ok(&db, &["audit", "--since", "2999-01-01"]);
    assert!(later.contains("no changes match"), "{later}");
    let (good, said) = verify(&db);
    assert!(good && said.contains("intact"), "{said}");
}

#[test]
fn verify_finds_a_deleted_an_edited_a_reordered_and_a_cut_row() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = changed(dir.path());
    let pristine = std::fs::read(&db).unwrap();
    let last: i64 = open(&db)
        .conn()
        .query_row("SELECT MAX(id) FROM change_log", [], |r| r.get(0))
        .unwrap();
    assert!(last >= 5);
    let cases = [
        (
            "DROP TRIGGER change_log_no_delete; DELETE FROM change_log WHERE id = 3;",
            "row 4",
            "removed",
        ),
        (
            "DROP TRIGGER change_log_no_update; UPDATE change_log SET new_value = 'not done' WHERE id = 2;",
            "row 2",
            "changed",
        ),
        (
            &*format!(
                "DROP TRIGGER change_log_no_update; UPDATE change_log SET id = {} WHERE id = 2;",
                last + 1
            ),
            "row 3",
            "removed, or it was inserted out of order",
        ),
        (
            &*format!("DROP TRIGGER change_log_no_delete; DELETE FROM change_log WHERE id = {last};"),
            &*format!("row {last}"),
            "removed from the end",
        ),
        (
            "DROP TRIGGER change_log_no_update; UPDATE change_log SET at = '2020-01-01 00:00:00', prev_hash = NULL, hash = NULL WHERE id = 1;",
            "row 1",
            "no hash",
        ),
    ];
    for (tamper, row, problem) in cases {
        std::fs::write(&db, &pristine).unwrap();
        let _ = std::fs::remove_file(format!("{}-wal", db.display()));
        let _ = std::fs::remove_file(format!("{}-shm", db.display()));
        assert!(verify(&db).0, "intact before: {tamper}");
        sql(&db, tamper);
        let (good, said) = verify(&db);
        assert!(!good, "{tamper}: {said}");
        assert!(
            said.contains(row) && said.contains(problem),
            "{tamper}: {said}"
        );
        assert_eq!(said.trim_end().lines().count(), 1, "{said}");
    }
}

#[test]
fn a_long_text_is_logged_once_and_each_edit_as_its_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let store = Store::open_existing(&db, None).unwrap();
    let id: i64 = store
        .conn()
        .query_row("SELECT MIN(id) FROM case_discussion", [], |r| r.get(0))
        .unwrap();
    let size = |s: &Store| -> u64 {
        s.conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
        std::fs::metadata(&db).unwrap().len()
    };
    let start = size(&store);
    let mut minutes: String = "Paste from the police system. ".repeat(35_000);
    assert!(minutes.len() > 1_000_000);
    store
        .set_field(Table::Discussion, id, "minutes", text(minutes.clone()))
        .unwrap();
    let pasted = size(&store);
    assert!(pasted - start < 2_400_000, "{start} -> {pasted}");
    let mut first_edit = 0;
    for word in [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ] {
        minutes.insert_str(500_000, &format!(" {word}"));
        store
            .set_field(Table::Discussion, id, "minutes", text(minutes.clone()))
            .unwrap();
        if first_edit == 0 {
            // The field itself needs room for its old and new copy once.
            first_edit = size(&store);
        }
    }
    let after = size(&store);
    assert!(
        after < pasted + 1_300_000 && after < first_edit + 100_000,
        "ten words grew the file from {pasted} to {first_edit}, then {after}"
    );
    let (last, logged): (i64, Option<String>) = store
        .conn()
        .query_row(
            "SELECT id, new_value FROM change_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(logged.is_none(), "the edit, not the whole text");
    let rebuilt = roundtable::store::audit::value_after(store.conn(), last).unwrap();
    assert_eq!(rebuilt.as_deref(), Some(minutes.as_str()));
    // Another terminal following the change log gets the whole text.
    let (_, texts) = store.changes_since(last - 1).unwrap();
    assert_eq!(texts.unwrap()[0].1, minutes);
    let shown = ok(&db, &["audit", "--since", "2000-01-01"]);
    assert!(
        shown.contains("\"ten\"") || shown.contains(" ten"),
        "{}",
        &shown[shown.len().saturating_sub(600)..]
    );
    assert!(
        shown.len() < 200_000,
        "the audit shows edits, not whole texts"
    );
    drop(store);
    assert!(verify(&db).0);
}

#[test]
fn an_older_database_is_sealed_into_the_chain_as_it_upgrades() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::old_database(dir.path(), "release-schema2.db");
    sql(
        &db,
        "INSERT INTO change_log (at, os_user, tbl, row_id, col, old_value, new_value)
         VALUES ('2026-01-01 10:00:00', 'ana', 'action', 1, 'status', 'open', 'done'),
                ('2026-01-02 10:00:00', 'ana', 'action', 1, 'status', 'done', 'open');",
    );
    let (good, said) = verify(&db);
    assert!(good, "{said}");
    assert!(said.contains("intact"), "{said}");
    let s = Store::open_existing(&db, None).unwrap();
    s.log_event("after the upgrade").unwrap();
    drop(s);
    assert!(verify(&db).0);
    sql(
        &db,
        "DROP TRIGGER change_log_no_update; UPDATE change_log SET os_user = 'bo' WHERE os_user = 'ana' AND new_value = 'done';",
    );
    let (good, said) = verify(&db);
    assert!(!good && said.contains("changed"), "{said}");
}

#[test]
fn a_write_after_tampering_does_not_hide_it() {
    // A new-user trial: rows cut from the end, or the recorded head removed, were
    // flagged until the next ordinary write, which reused the ids and re-chained.
    let dir = tempfile::tempdir().unwrap();
    let (db, action) = changed(dir.path());
    let pristine = std::fs::read(&db).unwrap();
    let last: i64 = open(&db)
        .conn()
        .query_row("SELECT MAX(id) FROM change_log", [], |r| r.get(0))
        .unwrap();
    for tamper in [
        format!(
            "DROP TRIGGER change_log_no_delete; DELETE FROM change_log WHERE id >= {};",
            last - 1
        ),
        "DELETE FROM audit_head;".to_string(),
    ] {
        std::fs::write(&db, &pristine).unwrap();
        let _ = std::fs::remove_file(format!("{}-wal", db.display()));
        let _ = std::fs::remove_file(format!("{}-shm", db.display()));
        sql(&db, &tamper);
        assert!(!verify(&db).0, "flagged: {tamper}");
        ok(
            &db,
            &["actions", "annotate", &action.to_string(), "A routine note"],
        );
        let (good, said) = verify(&db);
        assert!(!good, "still flagged after a write: {tamper}: {said}");
    }
}

#[test]
fn audit_into_a_pipe_cuts_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, action) = changed(dir.path());
    let long = format!(
        "Visited twice; {} end of the note",
        "spoke with the family ".repeat(8)
    );
    ok(&db, &["actions", "annotate", &action.to_string(), &long]);
    let out = ok(&db, &["audit"]);
    assert!(out.contains("end of the note"), "{out}");
}
