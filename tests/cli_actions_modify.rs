//! `actions modify` and `actions undo` (issue 25) through the binary: fields changed
//! and logged, refusals in one line, the user's own last shell change written back
//! as a new change (the log only grows), and refused after someone else's change.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{bin, demo_store, stderr, stdout, AS_OF};

fn run_on(db: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ROUNDTABLE_TODAY", AS_OF)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_CONFIG", "")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = run_on(db, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// A refusal: exit `code`, one line on stderr, nothing on stdout.
fn refused(db: &Path, args: &[&str], code: i32) -> String {
    let o = run_on(db, args);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    let e = stderr(&o);
    assert_eq!(e.trim_end().lines().count(), 1, "one line: {e}");
    e
}

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = demo_store(dir.path());
    drop(store);
    let db = dir.path().join("demo.db");
    (dir, db)
}

/// An open action as `actions --json` prints it.
fn action(db: &Path, id: i64) -> serde_json::Value {
    let all = common::payload(&ok(db, &["actions", "--json", "--status", "all"]));
    all.as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .cloned()
        .unwrap()
}

fn first_open(db: &Path) -> i64 {
    common::payload(&ok(db, &["actions", "--json"]))[0]["id"]
        .as_i64()
        .unwrap()
}

fn log_len(db: &Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        .unwrap()
}

/// The change log's (column, old, new) rows for one action's fields, oldest first.
fn action_log(db: &Path, id: i64) -> Vec<(String, Option<String>, Option<String>)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare(
            "SELECT col, old_value, new_value FROM change_log
             WHERE tbl = 'action' AND row_id = ?1 AND col <> 'from_shell' ORDER BY id",
        )
        .unwrap();
    let rows = st
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    rows
}

#[test]
fn modify_changes_each_field_logged_and_says_what_it_was() {
    let (_dir, db) = demo();
    let id = first_open(&db);
    let ids = id.to_string();
    let before = action(&db, id);
    assert_ne!(
        before["agency"], "POL",
        "the demo's first action is not the police's"
    );
    let said = ok(
        &db,
        &[
            "actions",
            "modify",
            &ids,
            "--due",
            "10/01/2027",
            "--agency",
            "police",
            "--person",
            "Ffion Marchbank",
            "--description",
            "-- ask the school for attendance since September",
        ],
    );
    let was_due = before["due_on"].as_str().unwrap();
    assert!(
        said.contains(&format!("action {id}: "))
            && said.contains(&format!("due 2027-01-10 (was {was_due})")),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "agency POL (was {})",
            before["agency"].as_str().unwrap()
        )),
        "{said}"
    );
    let after = action(&db, id);
    assert_eq!(after["due_on"], "2027-01-10");
    assert_eq!(after["agency"], "POL");
    assert_eq!(after["person"], "Ffion Marchbank");
    assert_eq!(
        after["description"],
        "-- ask the school for attendance since September"
    );
    assert_eq!(after["status"], "open");
    let log = action_log(&db, id);
    let cols: Vec<&str> = log.iter().map(|(c, _, _)| c.as_str()).collect();
    assert_eq!(cols, ["description", "agency_id", "person", "due_on"]);
    assert!(log.contains(&(
        "due_on".into(),
        Some(was_due.into()),
        Some("2027-01-10".into())
    )));
    // The same value again changes nothing and logs nothing.
    let n = log_len(&db);
    let said = ok(&db, &["actions", "modify", &ids, "--due", "2027-01-10"]);
    assert!(said.contains("nothing changed"), "{said}");
    assert_eq!(log_len(&db), n);
}

#[test]
fn modify_refuses_in_one_line_and_changes_nothing() {
    let (_dir, db) = demo();
    let id = first_open(&db);
    let ids = id.to_string();
    let n = log_len(&db);
    let e = refused(&db, &["actions", "modify", &ids], 2);
    assert!(e.contains("say what to change"), "{e}");
    let e = refused(
        &db,
        &["actions", "modify", "999999", "--due", "2027-01-10"],
        1,
    );
    assert!(e.contains("no action 999999"), "{e}");
    let e = refused(&db, &["actions", "modify", &ids, "--agency", "NOPE"], 1);
    assert!(
        e.contains("unknown agency 'NOPE'") && e.contains("POL"),
        "{e}"
    );
    let e = refused(&db, &["actions", "modify", &ids, "--due", "2026-11-21"], 2);
    assert!(e.contains("in the past (today 2026-11-22)"), "{e}");
    // A date that does not exist is refused by the argument parser (clap's usage
    // error, exit 2, its one error line and the hint to try --help).
    let o = run_on(&db, &["actions", "modify", &ids, "--due", "31/02/2027"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .lines()
            .next()
            .unwrap()
            .contains("'31/02/2027' is not a real date"),
        "{}",
        stderr(&o)
    );
    let e = refused(&db, &["actions", "modify", &ids, "--description", "  "], 2);
    assert!(e.contains("needs a description"), "{e}");
    assert_eq!(log_len(&db), n, "no refusal writes to the log");
    ok(&db, &["actions", "done", &ids, "--note", "letter sent"]);
    let e = refused(&db, &["actions", "modify", &ids, "--due", "2027-01-10"], 2);
    assert!(e.contains("is closed") && e.contains("reopen"), "{e}");
}

#[test]
fn undo_puts_back_the_users_own_last_changes_one_at_a_time() {
    let (_dir, db) = demo();
    let id = first_open(&db);
    let ids = id.to_string();
    let before = action(&db, id);
    let e = refused(&db, &["actions", "undo"], 2);
    assert!(e.contains("nothing of yours to undo"), "{e}");
    ok(
        &db,
        &[
            "actions",
            "modify",
            &ids,
            "--due",
            "2027-03-01",
            "--person",
            "Ffion Marchbank",
        ],
    );
    ok(&db, &["actions", "done", &ids, "--note", "letter sent"]);
    assert_eq!(action(&db, id)["status"], "done");
    let rows_before_undo = log_len(&db);

    let said = ok(&db, &["actions", "undo"]);
    assert!(said.contains("undid your `done`"), "{said}");
    assert!(said.contains("status open (was done)"), "{said}");
    let a = action(&db, id);
    assert_eq!(a["status"], "open");
    assert_eq!(a["completion_note"], serde_json::Value::Null);
    assert_eq!(a["due_on"], "2027-03-01", "only the last change is undone");
    assert!(
        log_len(&db) > rows_before_undo,
        "the undo is logged; nothing removed"
    );

    let said = ok(&db, &["actions", "undo"]);
    assert!(said.contains("undid your `modify`"), "{said}");
    let was_due = before["due_on"].as_str().unwrap();
    assert!(
        said.contains(&format!("due {was_due} (was 2027-03-01)")),
        "{said}"
    );
    let a = action(&db, id);
    assert_eq!(a["due_on"], before["due_on"]);
    assert_eq!(a["person"], before["person"]);

    let e = refused(&db, &["actions", "undo"], 2);
    assert!(e.contains("nothing of yours to undo"), "{e}");
    // The log kept every step: the change, then its undo writing the old value.
    let dues: Vec<_> = action_log(&db, id)
        .into_iter()
        .filter(|(c, _, _)| c == "due_on")
        .map(|(_, o, n)| (o.unwrap(), n.unwrap()))
        .collect();
    assert_eq!(
        dues,
        [
            (was_due.to_string(), "2027-03-01".to_string()),
            ("2027-03-01".to_string(), was_due.to_string())
        ]
    );
}

#[test]
fn undo_is_refused_after_someone_else_changed_the_action() {
    let (_dir, db) = demo();
    let id = first_open(&db);
    let ids = id.to_string();
    ok(&db, &["actions", "modify", &ids, "--due", "2027-03-01"]);
    {
        let store = roundtable::store::Store::open(&db, None)
            .unwrap()
            .with_actor("okonkwo.b");
        store
            .move_action_due(
                roundtable::store::ActionId(id),
                "2027-04-01".parse().unwrap(),
            )
            .unwrap();
    }
    let n = log_len(&db);
    let e = refused(&db, &["actions", "undo"], 2);
    assert!(
        e.contains(&format!("action {id} was changed since")) && e.contains("by okonkwo.b at "),
        "{e}"
    );
    assert_eq!(log_len(&db), n);
    assert_eq!(action(&db, id)["due_on"], "2027-04-01");
}

#[test]
fn a_progress_note_is_kept_and_not_undone() {
    let (_dir, db) = demo();
    let ids = first_open(&db).to_string();
    ok(&db, &["actions", "annotate", &ids, "rang the school"]);
    let e = refused(&db, &["actions", "undo"], 2);
    assert!(e.contains("notes are kept"), "{e}");
}

#[test]
fn completions_offer_modify_its_options_and_no_fixed_agency_list() {
    let bash = stdout(&common::run(&["completions", "bash"]));
    let at = bash
        .find("roundtable__subcmd__actions__subcmd__modify)")
        .unwrap();
    let block = &bash[at..];
    let block = &block[..block.find("esac").unwrap()];
    for opt in ["--description", "--agency", "--person", "--due"] {
        assert!(block.contains(opt), "{opt}: {block}");
    }
    // Issue 25: a panel's agencies are in its database, not in the script: no
    // built-in list (it was MAGPan's), and no file names.
    let agency = &block[block.find("--agency)").unwrap()..];
    let line = agency.lines().nth(1).unwrap();
    assert!(
        !line.contains("compgen -f") && !line.contains("POL"),
        "{line}"
    );
    assert!(bash.contains("roundtable__subcmd__actions__subcmd__undo)"));
}

#[test]
fn undo_keeps_to_the_attendee_named_with_as() {
    let (_dir, db) = demo();
    let ids = first_open(&db).to_string();
    ok(
        &db,
        &[
            "--as",
            "Ffion Marchbank",
            "actions",
            "modify",
            &ids,
            "--due",
            "2027-03-01",
        ],
    );
    let e = refused(&db, &["actions", "undo"], 2);
    assert!(e.contains("nothing of yours to undo"), "{e}");
    let e = refused(&db, &["--as", "Bola Okonkwo", "actions", "undo"], 2);
    assert!(e.contains("nothing of yours to undo"), "{e}");
    let said = ok(&db, &["--as", "Ffion Marchbank", "actions", "undo"]);
    assert!(said.contains("undid your `modify`"), "{said}");
}

/// Issue 25: the audit table shows an agency column's values as agency codes
/// ("EDU → YOS"), never the database's row ids; `--json` keeps the ids.
#[test]
fn audit_shows_agency_codes_for_agency_columns() {
    let (_dir, db) = demo();
    let id = first_open(&db);
    let before = action(&db, id)["agency"].as_str().unwrap().to_string();
    let to = if before == "YOS" { "POL" } else { "YOS" };
    ok(&db, &["actions", "modify", &id.to_string(), "--agency", to]);
    let case = action(&db, id)["case_id"].as_i64().unwrap().to_string();
    let log = ok(&db, &["audit", "--case", &case]);
    let line = log
        .lines()
        .find(|l| l.contains(&format!("action #{id} agency_id")))
        .unwrap_or_else(|| panic!("{log}"));
    assert!(line.ends_with(&format!("{before} → {to}")), "{line}");
    let json = ok(&db, &["audit", "--case", &case, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let change = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["column"] == "agency_id")
        .unwrap();
    assert!(
        change["new_value"].as_str().unwrap().parse::<i64>().is_ok(),
        "{change}"
    );
}
