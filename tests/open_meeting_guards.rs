//! Issue 18 (a new user's trial): what would take the record from under an open
//! meeting is refused in one line, and changes nothing. `purge` while a meeting is in
//! progress (it removed the case being typed into, and the typing went on into another
//! child's case); `restore` while another program has the database open (its typing
//! went on into the file moved aside while the screen said saved).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::harness::Harness;
use ratatui::crossterm::event::KeyCode;

fn rt(db: &Path, args: &[&str]) -> Output {
    common::rt(db, None, args)
}

fn count(db: &Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn purge_is_refused_while_a_meeting_is_in_progress() {
    let mut h = Harness::new();
    h.key(KeyCode::Enter); // the meeting starts
    let db = h.store.path().to_path_buf();
    let before = count(&db, "SELECT COUNT(*) FROM subject");
    let o = rt(&db, &["purge", "--closed-before", "2026-12-10", "--yes"]);
    let err = common::stderr(&o);
    assert!(!o.status.success(), "{}", common::stdout(&o));
    assert!(
        err.contains("is open") && err.contains("nothing removed"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM subject"), before);
    // A dry run still lists what would go.
    let o = rt(
        &db,
        &["purge", "--closed-before", "2026-12-10", "--dry-run"],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
}

#[test]
fn restore_is_refused_while_another_program_has_the_database_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_by_binary(dir.path(), "panel.db");
    let backup = dir.path().join("panel-backup.db");
    let o = rt(&db, &["backup", "--out", backup.to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    // Another program with the database open, as a meeting screen has it.
    let mut holder = Command::new("python3")
        .arg("-c")
        .arg(
            "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1]); \
             c.execute('SELECT COUNT(*) FROM sqlite_master').fetchall(); \
             print('open', flush=True); time.sleep(30)",
        )
        .arg(&db)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::BufRead;
        let mut line = String::new();
        std::io::BufReader::new(holder.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "open");
    }
    let before = std::fs::read(&db).unwrap();
    let o = rt(&db, &["restore", backup.to_str().unwrap()]);
    let err = common::stderr(&o);
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert!(!o.status.success(), "{}", common::stdout(&o));
    assert!(err.contains("open in another program"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing changed");
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("before-restore")
        })
        .count();
    assert_eq!(aside, 0, "nothing moved aside");
    // Closed, it goes ahead.
    let o = rt(&db, &["restore", backup.to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::stderr(&o));
}
