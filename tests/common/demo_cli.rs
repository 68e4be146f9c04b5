#![allow(dead_code, clippy::unwrap_used)]
//! The binary on a small demo database (`use common::demo_cli::*;`, used by the
//! lookup and command tests): running it with "today" fixed at `common::AS_OF`, and
//! reading the database directly to cross-check.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use roundtable::store::Store;
use rusqlite::types::Value;

use crate::common;

/// A small demo database as of `common::AS_OF`, in `dir`.
pub fn demo_db(dir: &Path) -> PathBuf {
    let (store, _) = common::demo_store(dir);
    let path = store.path().to_path_buf();
    drop(store);
    path
}

/// A small demo database in `dir` with the minutes of the meeting of 2026-10-14
/// approved and sealed into the bundle `dir/sealed`: the database, the bundle and what
/// the approval printed.
pub fn demo_with_sealed_october(dir: &Path) -> (PathBuf, PathBuf, String) {
    let db = demo_db(dir);
    let b = dir.join("sealed");
    let said = ok(
        &db,
        &[
            "minutes",
            "approve",
            "--meeting",
            "2026-10-14",
            "--bundle",
            b.to_str().unwrap(),
        ],
    );
    (db, b, said)
}

/// Run the binary on `db` with today = `common::AS_OF`, no stdin, no inherited
/// database settings.
pub fn rt(db: &Path, args: &[&str]) -> Output {
    rt_env(db, args, &[])
}

pub fn rt_env(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(common::bin());
    c.args(args)
        .arg("--db")
        .arg(db)
        .env("ROUNDTABLE_TODAY", common::AS_OF)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

/// Run and expect success; returns stdout.
pub fn ok(db: &Path, args: &[&str]) -> String {
    let o = rt(db, args);
    assert!(
        o.status.success(),
        "roundtable {args:?} failed ({:?}): {}",
        o.status.code(),
        common::stderr(&o)
    );
    assert!(common::stderr(&o).is_empty(), "{}", common::stderr(&o));
    common::stdout(&o)
}

/// Run and parse stdout as JSON.
pub fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let out = ok(db, args);
    payload(serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}")))
}

/// What a `--json` printed inside its envelope `{"schema_version": 1, "<name>": ...}`.
pub fn payload(v: serde_json::Value) -> serde_json::Value {
    assert_eq!(v["schema_version"], 1, "{v}");
    let o = v.as_object().unwrap();
    assert_eq!(o.len(), 2, "one payload beside schema_version: {v}");
    o.iter()
        .find(|(k, _)| *k != "schema_version")
        .map(|(_, p)| p.clone())
        .unwrap()
}

/// Expect failure with a one-line message on stderr and nothing on stdout.
pub fn fails(db: &Path, args: &[&str], code: i32, message_part: &str) {
    let o = rt(db, args);
    let err = common::stderr(&o);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
    assert!(err.contains(message_part), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(o.stdout.is_empty(), "{}", common::stdout(&o));
}

pub fn open(db: &Path) -> Store {
    Store::open_existing(db, None).unwrap()
}

/// One column of integers from a query.
pub fn ints(db: &Path, sql: &str, params: &[Value]) -> Vec<i64> {
    let s = open(db);
    let mut st = s.conn().prepare(sql).unwrap();
    st.query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

pub fn strings(db: &Path, sql: &str, params: &[Value]) -> Vec<String> {
    let s = open(db);
    let mut st = s.conn().prepare(sql).unwrap();
    st.query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

pub fn int(db: &Path, sql: &str, params: &[Value]) -> i64 {
    ints(db, sql, params)[0]
}

pub fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// The `id` fields of a JSON array.
pub fn ids(v: &serde_json::Value, field: &str) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r[field].as_i64().unwrap())
        .collect()
}
