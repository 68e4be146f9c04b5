//! The SQLite store: one file per panel area, opened with foreign keys, WAL and a
//! busy timeout; created owner-only; schema by numbered migrations.

pub mod across;
pub mod audit;
pub mod backup;
pub mod backup_rotate;
pub mod bulk;
pub mod case_record;
pub mod cipher;
mod deputy_limit;
pub mod export;
mod file_modes;
pub mod ids;
mod in_use;
mod intact;
pub mod intake;
pub mod links;
pub mod live;
mod log_check;
pub mod meeting;
pub mod members;
mod open;
pub mod panel;
pub mod purge;
pub mod requests;
pub mod room_holder;
pub mod room_log;
pub mod rows;
pub mod schedule;
pub mod schema;
mod schema_base;
pub mod schema_lookup;
pub mod schema_mave;
pub mod schema_meetings;
pub mod schema_panels;
pub mod schema_text;
pub mod setup;
mod text_form;
pub mod wal;
pub mod whole_check;
pub mod write;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use rusqlite::Connection;

pub use file_modes::refuse_read_only;
pub use ids::*;
pub use in_use::in_use;
pub use intact::IntactCheck;
pub use open::{check_existing, OpenMode};
pub use text_form::NearIdentical;

/// Why the store refused or failed: a file problem, a rule, a missing row, SQLite.
///
/// Every refusal of a file is one line naming the file and the next step, and leaves
/// the file as it was with nothing created beside it. The words are here, in one place.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: the database was written by a newer Roundtable (schema {found}, this one knows {known}); upgrade Roundtable, the file is unchanged")]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{path}: not a Roundtable database; refusing to touch it (check the path: --db, ROUNDTABLE_DB or the config file's database)")]
    NotRoundtable { path: PathBuf },
    #[error("{path} is encrypted and no key was given: name its key file with --key-file FILE or key_file in the config file")]
    NoKey { path: PathBuf },
    #[error("{path}: the key given does not open it (a wrong key, or not a Roundtable database); check the passphrase or key file, the file is unchanged")]
    WrongKey { path: PathBuf },
    #[error("{path} is not encrypted, but a key was given: open it without the key (remove --key-file, key_file or ROUNDTABLE_KEY), or encrypt it with `roundtable encrypt`")]
    PlainWithKey { path: PathBuf },
    #[error("{wal} does not belong to {path} ({reason}); neither file was changed: if {path} was just copied from a backup, move {wal} aside (keep it: it may hold the last changes made before a crash) or put the backup in place with `roundtable restore BACKUP`")]
    WalMismatch {
        path: PathBuf,
        wal: PathBuf,
        reason: String,
    },
    #[error("{path} is damaged ({detail}); the file is unchanged: put your last backup in place with `roundtable restore BACKUP` (it keeps this copy for recovery)")]
    Damaged { path: PathBuf, detail: String },
    #[error("{path} is cut short ({len} bytes, {expected}): it was truncated by a copy or a full disk; restore it from your last backup, the file is unchanged")]
    Truncated {
        path: PathBuf,
        len: u64,
        expected: String,
    },
    #[error("{path} is a folder, not a database file: give the file's path, e.g. --db {path}/roundtable.db")]
    IsFolder { path: PathBuf },
    #[error("{path}: the folder {folder} does not exist; check the path, or create the folder first (mkdir -p {folder})")]
    NoFolder { path: PathBuf, folder: PathBuf },
    #[error("no database at {path} (the folder {folder} does not exist): check the path (--db, ROUNDTABLE_DB or the config file), or set up a panel with `roundtable init` (`roundtable --demo` to try the demo)")]
    NoDatabaseFolder { path: PathBuf, folder: PathBuf },
    #[error("no database at {path}: check the path (--db, ROUNDTABLE_DB or the config file), or set up a panel with `roundtable init` (`roundtable --demo` to try the demo)")]
    NoFile { path: PathBuf },
    #[error("{path} is empty, not yet a database; set one up in it with `roundtable --db {path} init`, or check the path")]
    Empty { path: PathBuf },
    #[error("cannot create {path}: the folder {folder} is read-only for you; choose a folder you can write, or ask its owner")]
    FolderReadOnly { path: PathBuf, folder: PathBuf },
    #[error("{path} is open in another program (a meeting screen, a presenter or a lookup): close it there and try again; the file is unchanged")]
    InUse { path: PathBuf },
    #[error("{path}: cannot open ({reason})")]
    CannotOpen { path: PathBuf, reason: String },
    #[error("{path}: read-only (the file or its folder): a meeting cannot be recorded and nothing can be changed here; make both writable for you (chmod u+w) or work on a copy; lookups still answer")]
    ReadOnly { path: PathBuf },
    #[error("{0}")]
    Rule(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("{}", sql_text(.0))]
    Sql(#[from] rusqlite::Error),
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
}

/// An SQLite error in words: a damaged file (SQLite's "database disk image is
/// malformed", or "file is not a database" part-way through) gets one line with the
/// next steps; anything else is `database: ` and SQLite's own words.
pub fn sql_text(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
    match e {
        rusqlite::Error::SqliteFailure(f, _) if matches!(f.code, DatabaseCorrupt | NotADatabase) => {
            "the database file is damaged (SQLite found a broken page while answering); nothing was changed: `roundtable audit verify` names what is wrong, and `roundtable restore BACKUP` puts your last backup in place".into()
        }
        e => format!("database: {e}"),
    }
}

/// A store result.
pub type Result<T> = std::result::Result<T, StoreError>;

impl StoreError {
    /// Another connection holds the write lock (it will let go): wait, do not alarm.
    pub fn is_busy(&self) -> bool {
        use rusqlite::ErrorCode::*;
        matches!(self, StoreError::Sql(rusqlite::Error::SqliteFailure(e, _)) if matches!(e.code, DatabaseBusy | DatabaseLocked))
    }

    /// Could trying again help? True for a busy, locked or failing disk; false for a
    /// refusal by the rules or a constraint, which would fail the same way again.
    pub fn is_transient(&self) -> bool {
        use rusqlite::ErrorCode::*;
        match self {
            StoreError::Io(_) => true,
            StoreError::Sql(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                DatabaseBusy
                    | DatabaseLocked
                    | SystemIoFailure
                    | DiskFull
                    | CannotOpen
                    | ReadOnly
                    | OutOfMemory
            ),
            _ => false,
        }
    }
}

/// A clock the store and the app read: an instant in UTC, which never jumps when the
/// local clocks change (shown in local time by `domain::clock`); tests and demo data
/// inject a fixed one.
pub type Clock = Box<dyn Fn() -> DateTime<Utc> + Send>;

/// The time now (UTC), to the second.
pub fn system_clock() -> Clock {
    Box::new(|| {
        let now = Utc::now();
        now.with_nanosecond(0).unwrap_or(now)
    })
}

/// The person at the keyboard, for the change log: the OS account this process runs
/// as, from its user id (never `$USER`, which anyone can set), named from
/// `/etc/passwd`, else `uid N`. Where there is no `/proc` (not Linux) the login name
/// from the environment is the best there is.
pub fn os_user() -> String {
    match process_uid() {
        Some(uid) => passwd_name(&uid).unwrap_or_else(|| format!("uid {uid}")),
        None => ["USER", "USERNAME", "LOGNAME"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
            .unwrap_or_else(|| "unknown".to_string()),
    }
}

/// This process's real user id, from `/proc/self/status`.
fn process_uid() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    Some(
        status
            .lines()
            .find_map(|l| l.strip_prefix("Uid:"))?
            .split_whitespace()
            .next()?
            .to_string(),
    )
}

/// The login name of user id `uid` in `/etc/passwd`.
fn passwd_name(uid: &str) -> Option<String> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        f.next()?;
        (f.next()? == uid).then(|| name.to_string())
    })
}

/// This terminal, for its own place in a meeting and its typing journal:
/// `$ROUNDTABLE_TERMINAL`, else the OS user and the terminal device
/// (`alice@pts/3`), which a restart in the same window keeps.
pub fn terminal_id() -> String {
    if let Some(t) = std::env::var("ROUNDTABLE_TERMINAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
    {
        return t;
    }
    let tty = std::fs::read_link("/proc/self/fd/0")
        .ok()
        .map(|p| p.to_string_lossy().trim_start_matches("/dev/").to_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "console".into());
    format!("{}@{tty}", os_user())
}

/// An open database: its connection, who is writing (for the change log), from
/// which terminal, and the clock.
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    actor: String,
    /// The attendee operating, when known (recorded beside the OS account).
    attendee: Option<String>,
    terminal: String,
    clock: Clock,
    /// Bulk loads (demo data) skip the per-row change log.
    pub(crate) log_changes: bool,
    /// Opened with a key (SQLCipher).
    encrypted: bool,
    /// What the migrations run at this open changed that users should hear of.
    upgrade_notes: Vec<String>,
    /// The key it was opened with, for a second connection of its own (the
    /// whole-file check beside a meeting); wiped when dropped.
    key: Option<zeroize::Zeroizing<String>>,
    /// Why writing was stopped (damage found by the check beside a meeting).
    stopped: std::sync::Mutex<Option<String>>,
    /// This process holds the file open while the store lives ([`in_use`]).
    _held: in_use::HeldHere,
}

impl Store {
    /// Open (creating if needed) the database at `path`. `key` enables SQLCipher
    /// encryption at rest for a new file, and unlocks an encrypted one.
    pub fn open(path: &Path, key: Option<&str>) -> Result<Store> {
        Self::open_with(path, key, OpenMode::ReadWriteCreate)
    }

    /// Open a database that must already exist (lookups never create one).
    pub fn open_existing(path: &Path, key: Option<&str>) -> Result<Store> {
        Self::open_with(path, key, OpenMode::ReadWriteExisting)
    }

    /// Open for `init`: a new file in a folder that exists, or an empty (0-byte) file;
    /// an existing database is opened as it is (`init` then refuses one with a panel).
    pub fn open_for_init(path: &Path, key: Option<&str>) -> Result<Store> {
        Self::open_with(path, key, OpenMode::Init)
    }

    /// Open as `mode` says (see [`OpenMode`]); every unusable file is refused with
    /// its own [`StoreError`], untouched.
    pub fn open_with(path: &Path, key: Option<&str>, mode: OpenMode) -> Result<Store> {
        let conn = open::open_connection(path, key, mode)?;
        let held = in_use::HeldHere::new(path);
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            actor: os_user(),
            attendee: None,
            terminal: terminal_id(),
            clock: system_clock(),
            log_changes: true,
            encrypted: key.is_some(),
            upgrade_notes: vec![],
            key: key.map(|k| zeroize::Zeroizing::new(k.to_string())),
            stopped: std::sync::Mutex::new(None),
            _held: held,
        };
        store.migrate()?;
        Ok(store)
    }

    /// Was it opened with a key (an encrypted database)?
    pub fn is_encrypted(&self) -> bool {
        self.encrypted
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The same store reading `clock` for "now".
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Read `clock` for "now" from here on.
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// The same store writing `actor` into the change log.
    pub fn with_actor(mut self, actor: impl Into<String>) -> Self {
        self.actor = actor.into();
        self
    }

    /// "Now" by the store's clock (UTC), to the second.
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// Today's local date by the store's clock.
    pub fn today(&self) -> NaiveDate {
        crate::domain::clock::local_date(self.now())
    }

    /// This terminal's name (see [`terminal_id`]).
    pub fn terminal(&self) -> &str {
        &self.terminal
    }

    /// How long a write waits for another writer before giving up (the meeting runner
    /// waits briefly and retries, so the screen never freezes; lookups wait 5 s).
    pub fn set_busy_timeout(&self, wait: std::time::Duration) -> Result<()> {
        self.conn.busy_timeout(wait)?;
        Ok(())
    }

    /// The same store as terminal `terminal` (see [`terminal_id`]).
    pub fn with_terminal(mut self, terminal: impl Into<String>) -> Self {
        self.terminal = terminal.into();
        self
    }

    /// Who the change log records as making changes.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// The attendee operating (a name, as typed), recorded in the change log beside
    /// the OS account from here on.
    pub fn set_attendee(&mut self, attendee: Option<String>) {
        self.attendee = attendee.filter(|a| !a.trim().is_empty());
    }

    /// The attendee operating, when known.
    pub fn attendee(&self) -> Option<&str> {
        self.attendee.as_deref()
    }

    /// The connection, for reads (every write goes through the store).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Read every page (`PRAGMA quick_check`): [`StoreError::Damaged`] or
    /// [`StoreError::Truncated`] for a file that must not be written to.
    pub fn check_intact(&self) -> Result<()> {
        let len = std::fs::metadata(&self.path)?.len();
        open::intact(&self.path, &self.conn, len, self.encrypted)
    }

    /// Refuse, before anything is typed, a database that is damaged
    /// ([`Store::check_intact`]) or that this process cannot write (a read-only file
    /// or folder): `StoreError::ReadOnly`. The whole file is read for a plain file
    /// every time, for an encrypted one when no whole read has passed in the last 24
    /// hours (`whole_check`: SQLCipher checks every page it reads, so damage met by
    /// the change itself stops it with nothing written).
    pub fn check_writable(&self) -> Result<()> {
        let whole = self.whole_check_due()?;
        if whole {
            self.check_intact()?;
        }
        self.check_can_write()?;
        if whole {
            // Not written: the next change reads the whole file again, no more.
            let _ = self.record_whole_check();
        }
        Ok(())
    }

    /// [`Store::check_writable`] without the whole-file read: refuse, in one line, a
    /// database this process cannot write (`StoreError::ReadOnly`), by a real write
    /// rolled back. The meeting screen runs the whole-file check beside the meeting
    /// instead ([`Store::check_intact_beside`]).
    pub fn check_can_write(&self) -> Result<()> {
        let read_only = self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true);
        let probe = || -> rusqlite::Result<()> {
            // A real write, rolled back: the only sure test of the file, its folder
            // (the WAL and shared-memory files beside it) and the disk.
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            let r = self.conn.execute_batch(
                "INSERT INTO typing (target, terminal, base, body, updated_at) VALUES ('probe', '', '', '', '')",
            );
            let _ = self.conn.execute_batch("ROLLBACK");
            r
        };
        let refused = StoreError::ReadOnly {
            path: self.path.clone(),
        };
        if read_only {
            return Err(refused);
        }
        match probe() {
            Ok(()) => Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::ReadOnly
                        | rusqlite::ErrorCode::CannotOpen
                        | rusqlite::ErrorCode::SystemIoFailure
                        | rusqlite::ErrorCode::PermissionDenied
                ) =>
            {
                Err(refused)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The file's schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Apply every migration newer than the file's `user_version`, each in one
    /// transaction together with its version bump.
    fn migrate(&mut self) -> Result<()> {
        let known = schema::MIGRATIONS.len() as i64;
        let current = self.schema_version()?;
        if current > known {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: current,
                known,
            });
        }
        if current < known && self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(StoreError::Rule(format!(
                "{}: written by an older Roundtable and read-only here; open it once where it can be written to bring it up to date",
                self.path.display()
            )));
        }
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(current as usize) {
            // A table rebuild runs with foreign keys off (they cannot be switched inside
            // a transaction) and every link is checked before it commits.
            let rebuild = schema::REBUILDS.contains(sql);
            if rebuild {
                self.conn.pragma_update(None, "foreign_keys", "OFF")?;
            }
            // One write (BEGIN IMMEDIATE ... COMMIT): the SQL, any step in Rust, the
            // version bump, all or nothing.
            let note = self.atomic(|s| {
                let broken = |s: &Store| -> Result<i64> {
                    Ok(s.conn.query_row(
                        "SELECT COUNT(*) FROM pragma_foreign_key_check",
                        [],
                        |r| r.get(0),
                    )?)
                };
                // Links broken already (rows removed outside Roundtable) are kept as
                // they were; the rebuild must break none.
                let before = if rebuild { broken(s)? } else { 0 };
                s.conn.execute_batch(sql)?;
                if rebuild && broken(s)? > before {
                    return Err(StoreError::Rule(format!(
                        "upgrade to schema {} stopped: it would break links between tables",
                        i + 1
                    )));
                }
                if *sql == schema::MIGRATION_14 {
                    // Rows written before the chain existed are sealed into it now.
                    audit::seal_unsealed(&s.conn)?;
                }
                let mut note = None;
                if *sql == schema::MIGRATION_16 {
                    note = s.upgrade_names()?;
                }
                s.conn
                    .pragma_update(None, "application_id", schema::APPLICATION_ID)?;
                s.conn.pragma_update(None, "user_version", (i + 1) as i64)?;
                Ok(note)
            });
            if rebuild {
                self.conn.pragma_update(None, "foreign_keys", "ON")?;
            }
            self.upgrade_notes.extend(note?);
        }
        Ok(())
    }
}
