//! Opening a database file safely: refuse foreign or newer files without touching
//! them, create new files owner-only, and set the connection pragmas.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

use super::file_modes::{can_write, create_private, folder, owner_only};
use super::schema::{APPLICATION_ID, MIGRATIONS};
use super::{Result, StoreError};

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The page cache of a store's connection, in KiB (`PRAGMA cache_size = -N`): big
/// enough to hold every page a year's return reads at county scale (about 6,100
/// pages, 24 MB), so no page is read twice. On an encrypted database each page read
/// from the file is checked (HMAC-SHA512) and decrypted again, about 11 µs a page
/// here; SQLite's default (2 MB, some 500 pages) made a year's return read 42,000
/// pages for 6,100 distinct ones (issue 24). The memory is taken only as pages are
/// read, so a small lookup stays small.
pub(super) const CACHE_KIB: i64 = 32 * 1024;

/// Settings of every store connection once its file has passed: the page cache.
fn tune(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    Ok(())
}

/// How a database file may be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// `init`: a new file (its folder must exist), or an empty (0-byte) one.
    Init,
    /// A new file may be made, with its folders (the demo, the platform data folder);
    /// an existing empty file is refused.
    ReadWriteCreate,
    /// The file must exist already (every other command and the meeting screen).
    ReadWriteExisting,
}

/// The files SQLite may make beside a database, and which were there before a
/// look: a refused file is left with only those it had.
struct Sidecars {
    paths: Vec<(std::path::PathBuf, bool)>,
}

impl Sidecars {
    fn before(path: &Path) -> Sidecars {
        let paths = ["-wal", "-shm", "-journal"]
            .iter()
            .map(|suffix| {
                let mut p = path.as_os_str().to_owned();
                p.push(suffix);
                let p = std::path::PathBuf::from(p);
                let there = p.exists();
                (p, there)
            })
            .collect();
        Sidecars { paths }
    }

    /// Is there a write-ahead log with something in it (pages not yet in the file)?
    fn live_wal(&self) -> bool {
        self.paths
            .first()
            .is_some_and(|(p, there)| *there && fs::metadata(p).is_ok_and(|m| m.len() > 0))
    }

    /// Remove what the look made (only files that were not there before).
    fn remove_new(&self) {
        for (p, there) in &self.paths {
            if !there && p.exists() {
                let _ = fs::remove_file(p);
            }
        }
    }
}

/// What the first bytes of a file say, read without SQLite.
struct Header {
    len: u64,
    bytes: Vec<u8>,
}

impl Header {
    fn read(path: &Path, len: u64) -> Result<Header> {
        let mut bytes = Vec::with_capacity(4096);
        fs::File::open(path)
            .map_err(|e| cannot(path, e))?
            .take(4096)
            .read_to_end(&mut bytes)
            .map_err(|e| cannot(path, e))?;
        Ok(Header { len, bytes })
    }

    fn is_sqlite(&self) -> bool {
        self.bytes.starts_with(SQLITE_HEADER)
    }

    fn be32(&self, at: usize) -> Option<u32> {
        let b = self.bytes.get(at..at + 4)?;
        Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn page_size(&self) -> Option<u64> {
        let b = self.bytes.get(16..18)?;
        match u16::from_be_bytes([b[0], b[1]]) {
            1 => Some(65536),
            n if n >= 512 && n.is_power_of_two() => Some(u64::from(n)),
            _ => None,
        }
    }

    /// The size the header says the file has, when the header vouches for it.
    fn expected_len(&self) -> Option<u64> {
        let pages = self.be32(28)?;
        let valid = self.be32(24)? == self.be32(92)?;
        (valid && pages > 0).then(|| u64::from(pages) * self.page_size().unwrap_or(4096))
    }

    /// Bytes that look like ciphertext: whole pages of evenly spread byte values
    /// (an encrypted database has no readable header; a text or other file does not
    /// look like this).
    fn looks_encrypted(&self) -> bool {
        let n = self.bytes.len();
        if n < 512 {
            return false;
        }
        let mut seen = [false; 256];
        for b in &self.bytes {
            seen[usize::from(*b)] = true;
        }
        let distinct = seen.iter().filter(|s| **s).count() as f64;
        let random = 256.0 * (1.0 - (255.0f64 / 256.0).powi(n as i32));
        distinct > 0.8 * random
    }
}

pub(super) fn cannot(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::CannotOpen {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// Check an existing file without changing it: it must be a Roundtable database of a
/// schema this binary knows, opened by the key given (or none for a plain file),
/// whole and undamaged (`PRAGMA quick_check`). Each kind of unusable file gets its
/// own [`StoreError`]; nothing is written, and anything SQLite made beside the file
/// while looking is removed again. An empty (0-byte) file passes (it is new).
pub fn check_existing(path: &Path, key: Option<&str>) -> Result<()> {
    let Some(look) = look(path, key, true)? else {
        return Ok(());
    };
    let out = open_read_only(path, key)
        .and_then(|conn| check_opened(path, &conn, &look, key.is_some(), true));
    if out.is_err() {
        look.sidecars.remove_new();
    }
    out
}

/// What was learnt of an existing, non-empty file before SQLite opened it.
struct Look {
    len: u64,
    /// The log beside it could not be tied to it by its bytes: read the file with it
    /// and check every page before anything is written.
    unsure: bool,
    sidecars: Sidecars,
}

/// Everything that can be checked before SQLite opens the file: a folder, an empty
/// file (`None` when `allow_empty`, else refused), the log beside it, the header.
fn look(path: &Path, key: Option<&str>, allow_empty: bool) -> Result<Option<Look>> {
    let meta = fs::metadata(path).map_err(|e| cannot(path, e))?;
    if meta.is_dir() {
        return Err(StoreError::IsFolder {
            path: path.to_path_buf(),
        });
    }
    let len = meta.len();
    if len == 0 {
        return if allow_empty {
            Ok(None)
        } else {
            Err(StoreError::Empty {
                path: path.to_path_buf(),
            })
        };
    }
    // The log beside it first: SQLite must never read (and later write back) a log
    // that belongs to another file.
    let unsure = wal_unsure(path)?;
    let sidecars = Sidecars::before(path);
    check_header(path, key, &Header::read(path, len)?, &sidecars)?;
    Ok(Some(Look {
        len,
        unsure,
        sidecars,
    }))
}

/// The checks on an opened connection ([`check_connection`]), then, for a log the
/// bytes could not vouch for, every page read with it: a log that leaves the database
/// damaged is refused as not belonging.
fn check_opened(
    path: &Path,
    conn: &Connection,
    look: &Look,
    keyed: bool,
    full: bool,
) -> Result<()> {
    check_connection(path, conn, look.len, keyed, full && !look.unsure)?;
    if look.unsure {
        let refuse = |detail: String| StoreError::WalMismatch {
            path: path.to_path_buf(),
            wal: super::wal::wal_path(path),
            reason: format!("read with it, the database is damaged: {detail}"),
        };
        let found = problems(conn).map_err(|e| refuse(e.to_string()))?;
        if found != ["ok"] {
            return Err(refuse(found.join("; ")));
        }
        // Whole pages are not enough: a log left by a crash beside an older copy of
        // the file (a backup copied over it by hand) can leave every page whole and
        // still miss what happened between the copy and the crash. Read with the log,
        // the change log must run on unbroken, and the newest changes must be in their
        // rows (`log_check`).
        let not_ours = |reason: String| StoreError::WalMismatch {
            path: path.to_path_buf(),
            wal: super::wal::wal_path(path),
            reason,
        };
        if let super::audit::Verdict::Broken { id, problem } =
            super::audit::verify(conn).map_err(|e| refuse(e.to_string()))?
        {
            return Err(not_ours(format!(
                "read with it, the change log does not run on at row {id} ({problem})"
            )));
        }
        if let Some(field) =
            super::log_check::disagreement(conn).map_err(|e| refuse(e.to_string()))?
        {
            return Err(not_ours(format!(
                "read with it, {field} is not what the change log last wrote there: the file is older than the log"
            )));
        }
    }
    Ok(())
}

/// Refuse a `-wal` that does not belong to `path` ([`super::wal::fit`]), before
/// anything is opened. True when the bytes cannot decide, so the whole file must be
/// read with the log (`quick_check`) before anything is written; but a log another
/// program holds open ([`super::in_use`]) is that program's live log, not one left by
/// a crash, and needs no such read.
fn wal_unsure(path: &Path) -> Result<bool> {
    use super::wal::{fit, wal_path, WalFit};
    let mut verdict = fit(path).map_err(|e| cannot(path, e))?;
    if matches!(verdict, WalFit::Foreign(_)) {
        // A meeting in another terminal may have been checkpointing as we read: look
        // once more before refusing.
        std::thread::sleep(Duration::from_millis(50));
        verdict = fit(path).map_err(|e| cannot(path, e))?;
    }
    match verdict {
        WalFit::Foreign(reason) => Err(StoreError::WalMismatch {
            path: path.to_path_buf(),
            wal: wal_path(path),
            reason,
        }),
        WalFit::Unknown => Ok(!super::in_use(path)),
        WalFit::Nothing | WalFit::Belongs => Ok(false),
    }
}

/// The header's checks, from its bytes: a plain file given a key, a file too short
/// for its pages, another program's file, an encrypted file without a key.
fn check_header(path: &Path, key: Option<&str>, h: &Header, sidecars: &Sidecars) -> Result<()> {
    let p = || path.to_path_buf();
    if h.is_sqlite() {
        if key.is_some() {
            return Err(StoreError::PlainWithKey { path: p() });
        }
        if h.len < 100 {
            return Err(StoreError::Truncated {
                path: p(),
                len: h.len,
                expected: "less than a database header".into(),
            });
        }
        if !sidecars.live_wal() {
            // The header is the truth when no write-ahead log holds newer pages.
            if let Some(expected) = h.expected_len().filter(|e| h.len < *e) {
                return Err(StoreError::Truncated {
                    path: p(),
                    len: h.len,
                    expected: format!("its header says {expected}"),
                });
            }
            if h.be32(68).map(|v| v as i32) != Some(APPLICATION_ID) {
                return Err(StoreError::NotRoundtable { path: p() });
            }
        }
    } else if !h.looks_encrypted() {
        return Err(StoreError::NotRoundtable { path: p() });
    } else if key.is_none() {
        return Err(StoreError::NoKey { path: p() });
    } else if !h.len.is_multiple_of(512) {
        return Err(StoreError::Truncated {
            path: p(),
            len: h.len,
            expected: "not a whole number of pages".into(),
        });
    }
    Ok(())
}

/// The checks that need SQLite: the key, the application id and schema version, the
/// length against the page count, and `PRAGMA quick_check`.
fn check_connection(
    path: &Path,
    conn: &Connection,
    len: u64,
    keyed: bool,
    full: bool,
) -> Result<()> {
    let p = || path.to_path_buf();
    let app_id: i32 = match conn.query_row("PRAGMA application_id", [], |r| r.get(0)) {
        Ok(v) => v,
        Err(rusqlite::Error::SqliteFailure(e, _))
            if keyed && e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Err(StoreError::WrongKey { path: p() })
        }
        Err(_) if keyed => return Err(StoreError::WrongKey { path: p() }),
        Err(_) => return Err(StoreError::NotRoundtable { path: p() }),
    };
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotRoundtable { path: p() });
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|_| StoreError::NotRoundtable { path: p() })?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::TooNew {
            path: p(),
            found: version,
            known,
        });
    }
    if full || version < known {
        intact(path, conn, len, keyed)
    } else {
        Ok(())
    }
}

/// What `PRAGMA quick_check` finds (at most three problems; `["ok"]` when none).
pub(super) fn problems(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare("PRAGMA quick_check(3)").and_then(|mut st| {
        st.query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<String>>>()
    })
}

/// `PRAGMA quick_check` over the whole file: [`StoreError::Damaged`] when it finds a
/// problem, [`StoreError::Truncated`] when the file is shorter than its pages.
pub(super) fn intact(path: &Path, conn: &Connection, len: u64, keyed: bool) -> Result<()> {
    let p = || path.to_path_buf();
    let damaged = |detail: String| StoreError::Damaged { path: p(), detail };
    let problems = problems(conn).map_err(|e| damaged(e.to_string()))?;
    if problems.len() == 1 && problems[0] == "ok" {
        return Ok(());
    }
    let pages: i64 = conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap_or(0);
    let size: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap_or(0);
    let expected = (pages.max(0) as u64) * (size.max(0) as u64);
    if keyed && len < expected {
        return Err(StoreError::Truncated {
            path: p(),
            len,
            expected: format!("{pages} pages of {size}"),
        });
    }
    Err(damaged(format!("integrity check: {}", problems.join("; "))))
}

fn apply_key(conn: &Connection, key: Option<&str>) -> Result<()> {
    if let Some(k) = key {
        super::cipher::set_key(conn, "main", k)?;
    }
    Ok(())
}

/// Open read-only. When the folder cannot be written either, the WAL's shared-memory
/// file cannot be made beside it, so the file is read as it stands on disk
/// (`immutable`): nobody can be changing it. A read-only filesystem is found out by
/// trying: a first read that fails is tried again immutable.
/// The key, if any, is applied before anything is read.
pub(super) fn open_read_only(path: &Path, key: Option<&str>) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let cannot = |e: rusqlite::Error| StoreError::CannotOpen {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    // A file nobody may write (mode 0400) with no writer's journal beside it is read
    // as it stands: an ordinary read-only open would leave `-wal` and `-shm` files
    // beside it with its mode, and those then block writing once it is made writable.
    let journal = Path::new(&format!("{}-wal", path.display())).exists();
    if can_write(folder(path)) && (can_write(path) || journal) {
        let conn = Connection::open_with_flags(path, flags).map_err(cannot)?;
        apply_key(&conn, key)?;
        let readable = conn
            .query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .is_ok();
        if readable {
            return Ok(conn);
        }
        drop(conn);
    }
    let conn = open_immutable(path, flags).map_err(cannot)?;
    apply_key(&conn, key)?;
    Ok(conn)
}

fn open_immutable(path: &Path, flags: OpenFlags) -> rusqlite::Result<Connection> {
    let mut uri = String::from("file:");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'.' | b'-' | b'_' | b'~' => {
                uri.push(b as char)
            }
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
}

/// Open the database at `path` as `mode` says, on one connection: the file is looked
/// at from its bytes, opened (read-write when this process may write it and its
/// folder, else read-only), and checked on that same connection before anything is
/// written to it. Until the checks pass the connection does not checkpoint when it
/// closes, so a refused file is left as it was (and what SQLite made beside it is
/// removed). The key is applied once, so a passphrase is derived once.
pub(super) fn open_connection(
    path: &Path,
    key: Option<&str>,
    mode: OpenMode,
) -> Result<Connection> {
    let look = match fs::symlink_metadata(path) {
        Ok(meta) => {
            let look = look(path, key, mode == OpenMode::Init)?;
            if mode == OpenMode::Init && meta.is_file() && meta.len() == 0 {
                // An empty file made beforehand (`: > panel.db`) keeps the mode the
                // shell gave it: a panel's database is readable by its owner only.
                owner_only(path)?;
            }
            look
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            match mode {
                OpenMode::Init => create_private(path, false)?,
                OpenMode::ReadWriteCreate => create_private(path, true)?,
                OpenMode::ReadWriteExisting if !folder(path).exists() => {
                    return Err(StoreError::NoDatabaseFolder {
                        path: path.to_path_buf(),
                        folder: folder(path).to_path_buf(),
                    })
                }
                OpenMode::ReadWriteExisting => {
                    return Err(StoreError::NoFile {
                        path: path.to_path_buf(),
                    })
                }
            }
            None
        }
        Err(e) => return Err(cannot(path, e)),
    };
    let full = mode != OpenMode::ReadWriteExisting;
    let checked = |conn: Connection| -> Result<Connection> {
        if let Some(look) = &look {
            if let Err(e) = check_opened(path, &conn, look, key.is_some(), full) {
                drop(conn);
                look.sidecars.remove_new();
                return Err(e);
            }
        }
        Ok(conn)
    };
    let read_only = |conn: Option<Connection>| -> Result<Connection> {
        // Lookups still answer; the meeting runner refuses it (`check_writable`).
        let conn = match conn {
            Some(c) => c,
            None => checked(open_read_only(path, key)?)?,
        };
        conn.pragma_update(None, "foreign_keys", "ON")?;
        tune(&conn)?;
        Ok(conn)
    };
    if !can_write(path) || !can_write(folder(path)) {
        return read_only(None);
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| cannot(path, e))?;
    // Closing must not write the log into the file before the file has passed.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
    apply_key(&conn, key)?;
    let conn = checked(conn)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // WAL: readers (a shell lookup) never block the meeting's writes. On a read-only
    // filesystem (the mode bits allow writing, the mount does not) this is where it
    // shows: open it read-only instead (checked again: it was read in another mode).
    let wal: rusqlite::Result<String> =
        conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0));
    if wal.is_err() || conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
        drop(conn);
        return read_only(None);
    }
    // FULL: a committed change survives power loss (a closed laptop lid), not only a kill.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.set_prepared_statement_cache_capacity(64);
    tune(&conn)?;
    Ok(conn)
}
