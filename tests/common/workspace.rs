#![allow(dead_code, clippy::unwrap_used)]
//! A workspace of panel databases for the issue 23 tests (`tests/workspace_*.rs`):
//! each panel set up from its shipped file under its own raw key
//! (`init --generate-key`), a config file listing them (`[[panel]]`), and the binary run
//! on one of them with today fixed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use roundtable::store::Store;

/// One panel of the workspace: its name there, database, key file and the person's
/// agency code on it.
#[derive(Debug, Clone)]
pub struct WsPanel {
    pub name: String,
    pub db: PathBuf,
    pub key: PathBuf,
    pub agency: String,
}

impl WsPanel {
    /// The database opened with its key.
    pub fn store(&self) -> Store {
        let key = std::fs::read_to_string(&self.key).unwrap();
        Store::open_existing(&self.db, Some(key.trim())).unwrap()
    }

    /// The change log's events (`tbl = 'event'`), oldest first.
    pub fn events(&self) -> Vec<String> {
        let s = self.store();
        let mut stmt = s
            .conn()
            .prepare("SELECT new_value FROM change_log WHERE tbl = 'event' ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get::<_, Option<String>>(0))
            .unwrap()
            .map(|v| v.unwrap().unwrap_or_default())
            .collect()
    }

    /// One number from the database.
    pub fn q(&self, sql: &str) -> i64 {
        self.store()
            .conn()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    }

    /// Run SQL on the database (a meeting held, a case closed: what the meeting
    /// screen would record).
    pub fn exec(&self, sql: &str) {
        self.store().conn().execute_batch(sql).unwrap();
    }
}

/// Set up panel `name` from shipped file `shipped` in `dir` under its own raw key, as
/// of `today`, with the members file `members` when given.
pub fn init(
    dir: &Path,
    name: &str,
    shipped: &str,
    agency: &str,
    members: Option<&str>,
    today: &str,
) -> WsPanel {
    let db = dir.join(format!("{}.db", name.to_lowercase()));
    let key = dir.join(format!("{}.key", name.to_lowercase()));
    let mut c = Command::new(super::bin());
    c.arg("--db")
        .arg(&db)
        .args(["init", "--panel", shipped, "--generate-key"])
        .arg(&key);
    if let Some(m) = members {
        let f = dir.join(format!("{}-members.toml", name.to_lowercase()));
        std::fs::write(&f, m).unwrap();
        c.arg("--members").arg(f);
    }
    let o = c
        .env("ROUNDTABLE_CONFIG", "")
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_TODAY", today)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", super::stderr(&o));
    WsPanel {
        name: name.into(),
        db,
        key,
        agency: agency.into(),
    }
}

/// Panel `shipped` (its shipped file's name, also its database's and key's) set up in
/// `dir` under its own raw key as of 2026-11-01, owing `(agency code, what, due)`
/// actions from its first meeting: its database and key file.
pub fn panel_owing(
    dir: &Path,
    shipped: &str,
    actions: &[(&str, &str, &str)],
) -> (PathBuf, PathBuf) {
    let p = init(dir, shipped, shipped, "", None, "2026-11-01");
    let store = p.store();
    for (agency, what, due) in actions {
        store
            .conn()
            .execute(
                "INSERT INTO action (meeting_id, description, agency_id, due_on, created_at)
                 SELECT (SELECT MIN(id) FROM meeting), ?1, a.id, ?2, '2026-11-20 10:00:00'
                 FROM agency a WHERE a.code = ?3",
                rusqlite::params![what, due, agency],
            )
            .unwrap();
    }
    (p.db, p.key)
}

/// The config file listing `panels` (paths relative to its folder).
pub fn config(dir: &Path, panels: &[&WsPanel]) -> PathBuf {
    let mut text = String::new();
    for p in panels {
        text.push_str(&format!(
            "[[panel]]\nname = \"{}\"\ndatabase = \"{}\"\nkey_file = \"{}\"\nagency = \"{}\"\n\n",
            p.name,
            p.db.file_name().unwrap().to_str().unwrap(),
            p.key.file_name().unwrap().to_str().unwrap(),
            p.agency
        ));
    }
    let p = dir.join("config.toml");
    std::fs::write(&p, text).unwrap();
    p
}

/// The binary with `config` as its config file, on panel `on`'s database with its
/// key, as of `today`.
pub fn rt(config: &Path, on: &WsPanel, today: &str, args: &[&str]) -> Output {
    Command::new(super::bin())
        .arg("--db")
        .arg(&on.db)
        .arg("--key-file")
        .arg(&on.key)
        .args(args)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_CONFIG", config)
        .env("ROUNDTABLE_TODAY", today)
        .env("CI", "true")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// Take in the referral `text` (a `.json` or `.toml` file by `file`'s name) at `on`.
pub fn refer(config: &Path, on: &WsPanel, today: &str, file: &str, text: &str) -> Output {
    let f = on.db.parent().unwrap().join(file);
    std::fs::write(&f, text).unwrap();
    rt(
        config,
        on,
        today,
        &["referral", "add", "--from", f.to_str().unwrap()],
    )
}

/// [`rt`] that must succeed (else a panic with both streams); its output.
pub fn rt_ok(config: &Path, on: &WsPanel, today: &str, args: &[&str]) -> Output {
    let o = rt(config, on, today, args);
    assert!(o.status.success(), "{}", both(&o));
    o
}

/// [`refer`] that must be taken in (else a panic with both streams); its output.
pub fn refer_ok(config: &Path, on: &WsPanel, today: &str, file: &str, text: &str) -> Output {
    let o = refer(config, on, today, file, text);
    assert!(o.status.success(), "{}", both(&o));
    o
}

/// Standard output and error together.
pub fn both(o: &Output) -> String {
    format!("{}{}", super::stdout(o), super::stderr(o))
}
