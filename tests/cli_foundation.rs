//! The binary: help, demo, and refusal of files it must not touch (foundation issue).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::fs;

use common::{run, stderr, stdout};

#[test]
fn help_lists_subcommands() {
    let o = run(&["--help"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("demo"), "{out}");
}

#[test]
#[cfg(unix)]
fn demo_creates_owner_only_database_and_is_repeatable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    for p in [&a, &b] {
        let o = run(&[
            "demo",
            "--db",
            p.to_str().unwrap(),
            "--as-of",
            common::AS_OF,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stdout(&o).contains("next meeting 2026-12-09"),
            "{}",
            stdout(&o)
        );
        assert_eq!(fs::metadata(p).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let sa = roundtable::store::Store::open(&a, None).unwrap();
    let sb = roundtable::store::Store::open(&b, None).unwrap();
    assert_eq!(common::dump(&sa), common::dump(&sb));
    let ic: String = sa
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ic, "ok");
}

#[test]
fn demo_twice_into_same_file_refused_without_change() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.db");
    let ps = p.to_str().unwrap();
    assert!(run(&["demo", "--db", ps, "--as-of", common::AS_OF])
        .status
        .success());
    let o = run(&["demo", "--db", ps, "--as-of", common::AS_OF]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("already holds a panel"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn newer_schema_exits_nonzero_with_one_line_and_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("new.db");
    {
        let s = roundtable::store::Store::open(&p, None).unwrap();
        s.conn().pragma_update(None, "user_version", 42).unwrap();
        s.conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let before = fs::read(&p).unwrap();
    let o = run(&["--db", p.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("newer Roundtable"), "{err}");
    assert_eq!(fs::read(&p).unwrap(), before);
}

#[test]
fn foreign_file_exits_nonzero_with_one_line_and_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("minutes.docx");
    let content = b"PK\x03\x04 not a database at all".repeat(50);
    fs::write(&p, &content).unwrap();
    for args in [
        vec!["--db", p.to_str().unwrap()],
        vec!["demo", "--db", p.to_str().unwrap()],
    ] {
        let o = run(&args);
        assert!(!o.status.success());
        let err = stderr(&o);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains("not a Roundtable database"), "{err}");
    }
    assert_eq!(fs::read(&p).unwrap(), content);
}

#[test]
fn db_path_from_environment() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("env.db");
    let o = std::process::Command::new(common::bin())
        .args(["demo", "--as-of", common::AS_OF])
        .env("ROUNDTABLE_DB", &p)
        .env_remove("ROUNDTABLE_KEY")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(p.exists());
}
