#![allow(dead_code)]
//! Shared helpers for integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use roundtable::demo::{generate, DemoOptions, DemoSummary, Scale};
use roundtable::store::Store;

pub const AS_OF: &str = "2026-11-22";

pub fn as_of() -> NaiveDate {
    AS_OF.parse().unwrap()
}

pub fn demo_store(dir: &Path) -> (Store, DemoSummary) {
    let path = dir.join("demo.db");
    let mut store = Store::open(&path, None).unwrap();
    let s = generate(
        &mut store,
        &DemoOptions {
            seed: 1,
            years: 1,
            scale: Scale::Small,
            as_of: as_of(),
        },
    )
    .unwrap();
    (store, s)
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_roundtable"))
}

/// Run the built binary with no inherited database settings.
pub fn run(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .output()
        .unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every user table as text, ordered by id: for comparing two databases.
pub fn dump(store: &Store) -> String {
    let conn = store.conn();
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    tables.sort();
    let mut out = String::new();
    for t in tables {
        // Table names come from sqlite_master, not from user input.
        let mut st = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY id"))
            .unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let mut line = String::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    line.push_str(&format!("{v:?}|"));
                }
                Ok(line)
            })
            .unwrap();
        out.push_str(&format!("== {t}\n"));
        for r in rows {
            out.push_str(&r.unwrap());
            out.push('\n');
        }
    }
    out
}
