#![allow(dead_code, clippy::unwrap_used)]
//! Shared helpers for integration tests, the one helper folder (`mod common;`):
//! here a demo database and the binary (`run`, `dump`) and `harness` (the app driven
//! by key events, no terminal); `demo_cli` runs the binary on a small demo database
//! and reads it back; `new_panel` starts from an empty folder with `roundtable init`;
//! `app_run` drives a `new_panel` meeting in the app; `checklist` answers a panel's
//! chair's checklist as a second terminal would; `tmux` drives the real binary in
//! tmux; `county` a county's encrypted panel in tmux (issue 27); `json_shape` holds
//! outputs to docs/json.md; `panel_flow` runs a shipped panel end to end and checks its
//! outputs for MAGPan's words; `workspace` sets up several panels under their own keys
//! (issue 23); `intake_form` a shipped panel set up in the store and its F7 form; `marac` a
//! MARAC with two members and named cases.

pub mod announce;
pub mod app_run;
pub mod checklist;
pub mod county;
pub mod demo_cli;
pub mod intake_form;
pub mod json_shape;
pub mod marac;
pub mod new_panel;
pub mod panel_flow;
pub mod return_history;
pub mod tmux;
pub mod workspace;

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
    demo_at(&dir.join("demo.db"), None)
}

/// The small demo (seed 1, one year, as of [`AS_OF`]) made at `path` by the library,
/// encrypted under `key` when given.
pub fn demo_at(path: &Path, key: Option<&str>) -> (Store, DemoSummary) {
    let mut store = Store::open(path, key).unwrap();
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

/// The demo database as the binary makes it (`roundtable demo --as-of AS_OF`, its
/// default size and seed) at `dir/file`; a failure is a panic with its error.
pub fn demo_by_binary(dir: &Path, file: &str) -> PathBuf {
    let db = dir.join(file);
    let o = run(&["demo", "--db", db.to_str().unwrap(), "--as-of", AS_OF]);
    assert!(o.status.success(), "{}", stderr(&o));
    db
}

/// The text column `sql` selects from the plain database at `db`, a row a string
/// (NULL as "").
pub fn texts(db: &Path, sql: &str) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c.prepare(sql).unwrap();
    let rows = st
        .query_map([], |r| r.get::<_, Option<String>>(0))
        .unwrap()
        .map(|r| r.unwrap().unwrap_or_default())
        .collect();
    rows
}

/// What a `--json` printed inside its envelope `{"schema_version": 1, "<name>": ...}`.
pub fn payload(text: &str) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(v["schema_version"], 1, "{v}");
    let o = v.as_object().unwrap();
    assert_eq!(o.len(), 2, "one payload beside schema_version: {v}");
    o.iter()
        .find(|(k, _)| *k != "schema_version")
        .map(|(_, p)| p.clone())
        .unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The binary on `db` (with `--key-file` when given) as a user runs it in CI: no
/// database or key from the environment, no config file, today [`AS_OF`], no stdin.
pub fn rt(db: &Path, key_file: Option<&Path>, args: &[&str]) -> Output {
    rt_command(db, key_file, args).output().unwrap()
}

/// The command [`rt`] runs, not yet started (for a test that spawns it and stops it).
pub fn rt_command(db: &Path, key_file: Option<&Path>, args: &[&str]) -> Command {
    let mut c = Command::new(bin());
    c.arg("--db").arg(db);
    if let Some(k) = key_file {
        c.arg("--key-file").arg(k);
    }
    c.args(args)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_CONFIG", "")
        .env("ROUNDTABLE_TODAY", AS_OF)
        .env("CI", "true")
        .stdin(std::process::Stdio::null());
    c
}

/// `bytes` written to `path`, readable and writable by its owner only (as a key file
/// must be).
pub fn write_owner_only(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::write(path, bytes).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

/// Key file `dir/name` holding `key` and a newline, owner-only; its path.
pub fn key_file(dir: &Path, name: &str, key: &str) -> PathBuf {
    let p = dir.join(name);
    write_owner_only(&p, format!("{key}\n"));
    p
}

/// A copy of the database `tests/fixtures/{fixture}` (made by an older release) at
/// `dir/old.db`; its path.
pub fn old_database(dir: &Path, fixture: &str) -> PathBuf {
    let db = dir.join("old.db");
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    std::fs::copy(from, &db).unwrap();
    db
}

/// `roundtable --db DB init --no-encrypt --panel FILE`: a plain database set up from
/// panel file `file` (the output, to check for success or refusal).
pub fn init_from_file(db: &Path, file: &Path) -> Output {
    run(&[
        "--db",
        db.to_str().unwrap(),
        "init",
        "--no-encrypt",
        "--panel",
        file.to_str().unwrap(),
    ])
}

/// A command that succeeded: its standard output (else a panic with its error).
pub fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", stderr(o));
    stdout(o)
}

/// Every user table as text, ordered by id: for comparing two databases (all but
/// the random identity every database is given).
pub fn dump(store: &Store) -> String {
    let conn = store.conn();
    let mut tables: Vec<String> = conn
        // Ordinary tables only: a full-text index (virtual and shadow tables) is
        // derived from them; the database's random identity differs between copies.
        .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'database_identity' ORDER BY name")
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
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid"))
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

pub mod harness {
    //! Drive the app with key events and no terminal; effects go to a real store.

    use std::rc::Rc;
    use std::sync::atomic::{AtomicI64, Ordering};
    use std::sync::Arc;

    use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use roundtable::app::{update, App, Effect, Msg};
    use roundtable::store::{MeetingId, Store};
    use roundtable::tui::Watch;

    /// One terminal on a demo database: its store, its app, a shared clock, and what
    /// it notices of other terminals' saves (as the runner's tick does).
    pub struct Harness {
        pub store: Store,
        pub meeting: MeetingId,
        pub app: App,
        pub clock: Arc<AtomicI64>,
        pub mono: u64,
        pub watch: Watch,
        pub _dir: Rc<tempfile::TempDir>,
    }

    fn clock_of(clock: &Arc<AtomicI64>) -> roundtable::store::Clock {
        let c2 = clock.clone();
        Box::new(move || chrono::DateTime::from_timestamp(c2.load(Ordering::SeqCst), 0).unwrap())
    }

    /// The instant of local time `YYYY-MM-DD HH:MM:SS`.
    pub fn t(s: &str) -> DateTime<Utc> {
        roundtable::domain::clock::from_local(
            NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap(),
        )
    }

    impl Harness {
        /// Demo data as of 2026-11-22; the clock stands at 10:00 on the next meeting's day.
        pub fn new() -> Harness {
            let dir = tempfile::tempdir().unwrap();
            let (store, s) = super::demo_store(dir.path());
            // 10:00 local time on the day.
            let start = roundtable::domain::clock::from_local(
                s.next_meeting.and_hms_opt(10, 0, 0).unwrap(),
            );
            // As the runner: a write waits briefly for a lock, then tries again later.
            store.set_busy_timeout(roundtable::tui::BUSY_WAIT).unwrap();
            Harness::on(dir, store, start)
        }

        /// The app on `store` (kept in `dir`), terminal "terminal-a" of "tester", the
        /// meeting the runner would open loaded, the clock standing at `start`.
        pub fn on(dir: tempfile::TempDir, store: Store, start: DateTime<Utc>) -> Harness {
            let clock = Arc::new(AtomicI64::new(start.timestamp()));
            let store = store
                .with_clock(clock_of(&clock))
                .with_actor("tester")
                .with_terminal("terminal-a");
            let meeting = store.meeting_to_run().unwrap().unwrap();
            let data = store.load_meeting(meeting).unwrap();
            let mut app = App::new(data, start, Default::default());
            app.terminal = store.terminal().to_string();
            let watch = Watch::new(&store).unwrap();
            Harness {
                store,
                meeting,
                app,
                clock,
                mono: 0,
                watch,
                _dir: Rc::new(dir),
            }
        }

        /// The screen at `width`x`height`, as text.
        pub fn screen_at(&self, width: u16, height: u16) -> String {
            let mut t =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
            t.draw(|f| roundtable::ui::render(&self.app, f)).unwrap();
            format!("{}", t.backend())
        }

        /// Another terminal on the same database, started as the runner starts one
        /// (the typing journal replayed, its own place or else the room's).
        pub fn peer(&self, terminal: &str) -> Harness {
            let store = Store::open_existing(self.store.path(), None)
                .unwrap()
                .with_clock(clock_of(&self.clock))
                .with_actor(terminal)
                .with_terminal(terminal);
            let app = roundtable::tui::start(&store, self.meeting).unwrap();
            let watch = Watch::new(&store).unwrap();
            Harness {
                store,
                meeting: self.meeting,
                app,
                clock: self.clock.clone(),
                mono: self.mono,
                watch,
                _dir: self._dir.clone(),
            }
        }

        /// The first case page of agenda item `item`, after starting and signing in.
        pub fn open_first_case(&mut self, item: u32) {
            self.start_and_sign(3);
            self.goto(item);
            self.key(KeyCode::Enter);
            assert!(self.app.case.is_some());
        }

        /// The focused field's text.
        pub fn text(&self) -> String {
            self.app.form.focused().unwrap().text_value().unwrap()
        }

        pub fn meeting_date(&self) -> NaiveDate {
            self.app.data.date
        }

        /// Advance both clocks by `ms` and deliver a tick.
        pub fn wait(&mut self, ms: u64) -> Vec<Effect> {
            self.mono += ms;
            let now =
                self.clock.fetch_add((ms / 1000) as i64, Ordering::SeqCst) + (ms / 1000) as i64;
            let now = chrono::DateTime::from_timestamp(now, 0).unwrap();
            let mut fx = update(
                &mut self.app,
                Msg::Tick {
                    now,
                    mono_ms: self.mono,
                },
            );
            if let Some(m) = self.watch.poll(&self.store, self.meeting) {
                fx.extend(update(&mut self.app, m));
            }
            self.apply(fx.clone());
            fx
        }

        pub fn apply(&mut self, fx: Vec<Effect>) {
            roundtable::tui::apply(&self.store, &mut self.meeting, &mut self.app, fx);
            self.watch.own_writes(&self.store);
        }

        /// Send a key; effects are performed at once. Returns them.
        pub fn send(&mut self, key: KeyEvent) -> Vec<Effect> {
            let fx = update(&mut self.app, Msg::Key(key));
            self.apply(fx.clone());
            fx
        }

        pub fn key(&mut self, code: KeyCode) -> Vec<Effect> {
            self.send(KeyEvent::new(code, KeyModifiers::NONE))
        }

        pub fn ctrl(&mut self, c: char) -> Vec<Effect> {
            self.send(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
        }

        pub fn typ(&mut self, s: &str) {
            for c in s.chars() {
                self.key(KeyCode::Char(c));
            }
        }

        pub fn paste(&mut self, s: &str) {
            let fx = update(&mut self.app, Msg::Paste(s.to_string()));
            self.apply(fx);
        }

        /// Start the meeting, mark the first `n` members present and sign them all.
        pub fn start_and_sign(&mut self, n: usize) {
            self.key(KeyCode::Enter);
            for _ in 0..n {
                self.key(KeyCode::Char('p'));
            }
            self.key(KeyCode::PageDown);
            self.key(KeyCode::PageDown);
            for _ in 0..n {
                self.key(KeyCode::Char(' '));
            }
        }

        /// Go to agenda item `n` with PgDn/PgUp.
        pub fn goto(&mut self, n: u32) {
            for _ in 0..12 {
                if self.app.item == n {
                    return;
                }
                let code = if self.app.item < n {
                    KeyCode::PageDown
                } else {
                    KeyCode::PageUp
                };
                self.key(code);
            }
            assert_eq!(
                self.app.item, n,
                "could not reach item {n}: {:?}",
                self.app.message
            );
        }

        pub fn q<T: rusqlite::types::FromSql>(&self, sql: &str) -> T {
            self.store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
        }

        /// The save of the text that `fx` commits fails, as the runner reports it
        /// (transient; `busy`: another program holds the write lock).
        pub fn commit_fails(&mut self, fx: &[Effect], error: &str, busy: bool) {
            let target = fx
                .iter()
                .find_map(|e| match e {
                    Effect::CommitText { target, .. } => Some(target.clone()),
                    _ => None,
                })
                .expect("quitting commits the text");
            update(
                &mut self.app,
                Msg::TextFailed {
                    target,
                    error: error.into(),
                    transient: true,
                    busy,
                },
            );
        }

        /// Every count in the return shown exactly (by default those under the
        /// panel's small number, 5, are hidden).
        pub fn every_count_shown(&self) {
            self.store
                .conn()
                .execute("UPDATE panel SET small_number_threshold = 1", [])
                .unwrap();
        }

        /// Move focus to the field whose label starts with `label`.
        pub fn focus(&mut self, label: &str) {
            for _ in 0..60 {
                if self
                    .app
                    .form
                    .focused()
                    .is_some_and(|f| f.label.starts_with(label))
                {
                    return;
                }
                self.key(KeyCode::Tab);
            }
            panic!("no field labelled {label}");
        }
    }
}
