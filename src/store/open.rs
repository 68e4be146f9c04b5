//! Opening a database file safely: refuse foreign or newer files without touching
//! them, create new files owner-only, and set the connection pragmas.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::schema::{APPLICATION_ID, MIGRATIONS};
use super::{Result, StoreError};

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

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

fn cannot(path: &Path, e: impl std::fmt::Display) -> StoreError {
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
    check_file(path, key, true, true)
}

/// [`check_existing`]; an empty file passes only when `allow_empty` (`init`), and the
/// whole-file `quick_check` (which reads every page) runs when `full`, or when the
/// file is from an older release and is about to be upgraded. Opening to write runs
/// it; a lookup leaves it to [`super::Store::check_intact`] before any write.
fn check_file(path: &Path, key: Option<&str>, allow_empty: bool, full: bool) -> Result<()> {
    let meta = fs::metadata(path).map_err(|e| cannot(path, e))?;
    if meta.is_dir() {
        return Err(StoreError::IsFolder {
            path: path.to_path_buf(),
        });
    }
    let len = meta.len();
    if len == 0 {
        return if allow_empty {
            Ok(())
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
    let out =
        check_contents(path, key, &Header::read(path, len)?, &sidecars, full).and_then(|()| {
            if unsure {
                replayed_whole(path, key)
            } else {
                Ok(())
            }
        });
    if out.is_err() {
        sidecars.remove_new();
    }
    out
}

/// Refuse a `-wal` that does not belong to `path` ([`super::wal::fit`]), before
/// anything is opened. True when the bytes cannot decide, so the whole file must be
/// read with the log (`quick_check`) before anything is written.
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
        // A log another program holds open is that program's live log, not one a
        // crash left: nothing to read whole (SQLite shares it safely).
        WalFit::Unknown => Ok(!super::in_use(path)),
        WalFit::Nothing | WalFit::Belongs => Ok(false),
    }
}

/// Read the file with the log beside it, as SQLite would (read-only: nothing is
/// written to either), and check every page: a log the bytes could not tie to its
/// file must leave a whole database, or it is refused as not belonging.
fn replayed_whole(path: &Path, key: Option<&str>) -> Result<()> {
    let refuse = |detail: String| StoreError::WalMismatch {
        path: path.to_path_buf(),
        wal: super::wal::wal_path(path),
        reason: format!("read with it, the database is damaged: {detail}"),
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| refuse(e.to_string()))?;
    apply_key(&conn, key)?;
    let problems: Vec<String> = conn
        .prepare("PRAGMA quick_check(3)")
        .and_then(|mut st| {
            st.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(|e| refuse(e.to_string()))?;
    if problems != ["ok"] {
        return Err(refuse(problems.join("; ")));
    }
    // Whole pages are not enough: a log left by a crash beside an older copy of the
    // file (a backup copied over it by hand) can leave every page whole and still
    // miss what happened between the copy and the crash. Every change the program
    // writes is chained to the one before, so read with the log, the change log must
    // run on unbroken; a gap is the log continuing another state of the file.
    if let super::audit::Verdict::Broken { id, problem } =
        super::audit::verify(&conn).map_err(|e| refuse(e.to_string()))?
    {
        return Err(StoreError::WalMismatch {
            path: path.to_path_buf(),
            wal: super::wal::wal_path(path),
            reason: format!("read with it, the change log does not run on at row {id} ({problem})"),
        });
    }
    if let Some(field) = super::log_check::disagreement(&conn).map_err(|e| refuse(e.to_string()))? {
        return Err(StoreError::WalMismatch {
            path: path.to_path_buf(),
            wal: super::wal::wal_path(path),
            reason: format!(
                "read with it, {field} is not what the change log last wrote there: the file is older than the log"
            ),
        });
    }
    Ok(())
}

fn check_contents(
    path: &Path,
    key: Option<&str>,
    h: &Header,
    sidecars: &Sidecars,
    full: bool,
) -> Result<()> {
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
    let conn = open_read_only(path, key)?;
    let out = check_connection(path, &conn, h.len, key.is_some(), full);
    drop(conn);
    out
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

/// `PRAGMA quick_check` over the whole file: [`StoreError::Damaged`] when it finds a
/// problem, [`StoreError::Truncated`] when the file is shorter than its pages.
pub(super) fn intact(path: &Path, conn: &Connection, len: u64, keyed: bool) -> Result<()> {
    let p = || path.to_path_buf();
    let damaged = |detail: String| StoreError::Damaged { path: p(), detail };
    let problems: Vec<String> = conn
        .prepare("PRAGMA quick_check(3)")
        .and_then(|mut st| {
            st.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(|e| damaged(e.to_string()))?;
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

/// Make an existing file readable and writable by its owner only (0600).
fn owner_only(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))
            .map_err(|e| cannot(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Create an empty file (0600) for a new database; with `make_folders`, its missing
/// folders too (0700). Without it a missing folder is refused (a mistyped path makes
/// nothing), and so is a folder this user cannot write.
fn create_private(path: &Path, make_folders: bool) -> Result<()> {
    let dir = folder(path);
    if !dir.exists() {
        if !make_folders {
            return Err(StoreError::NoFolder {
                path: path.to_path_buf(),
                folder: dir.to_path_buf(),
            });
        }
        let mut b = fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(0o700);
        }
        b.create(dir)?;
    }
    if !can_write(dir) {
        return Err(StoreError::FolderReadOnly {
            path: path.to_path_buf(),
            folder: dir.to_path_buf(),
        });
    }
    let mut o = fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            StoreError::FolderReadOnly {
                path: path.to_path_buf(),
                folder: dir.to_path_buf(),
            }
        }
        _ => cannot(path, e),
    })?;
    Ok(())
}

/// Refuse, from the mode bits alone (nothing is opened or made), an existing file
/// that this process cannot write, or whose folder it cannot write:
/// [`StoreError::ReadOnly`]. A missing file passes (opening it says what is wrong).
pub fn refuse_read_only(path: &Path) -> Result<()> {
    if path.is_file() && (!can_write(path) || !can_write(folder(path))) {
        return Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// The folder holding `path` ("." for a bare file name).
fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Can this process write `path` (a file or a folder)? Worked out from the mode bits
/// and this process's user and groups, so that nothing is created to find out.
#[cfg(target_os = "linux")]
pub(super) fn can_write(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = fs::metadata(path) else {
        return false;
    };
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    let ids = |key: &str| -> Vec<u32> {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|v| {
                v.split_whitespace()
                    .filter_map(|x| x.parse().ok())
                    .collect()
            })
            .unwrap_or_default()
    };
    let (uid, gid, groups) = (ids("Uid:"), ids("Gid:"), ids("Groups:"));
    let euid = uid.get(1).copied().unwrap_or(u32::MAX);
    let egid = gid.get(1).copied().unwrap_or(u32::MAX);
    if euid == 0 {
        return true;
    }
    let mode = meta.mode();
    if meta.uid() == euid {
        mode & 0o200 != 0
    } else if meta.gid() == egid || groups.contains(&meta.gid()) {
        mode & 0o020 != 0
    } else {
        mode & 0o002 != 0
    }
}

#[cfg(not(target_os = "linux"))]
pub(super) fn can_write(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
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

pub(super) fn open_connection(
    path: &Path,
    key: Option<&str>,
    mode: OpenMode,
) -> Result<Connection> {
    match fs::symlink_metadata(path) {
        Ok(meta) => {
            check_file(
                path,
                key,
                mode == OpenMode::Init,
                mode != OpenMode::ReadWriteExisting,
            )?;
            if mode == OpenMode::Init && meta.is_file() && meta.len() == 0 {
                // An empty file made beforehand (`: > panel.db`) keeps the mode the
                // shell gave it: a panel's database is readable by its owner only.
                owner_only(path)?;
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => match mode {
            OpenMode::Init => create_private(path, false)?,
            OpenMode::ReadWriteCreate => create_private(path, true)?,
            OpenMode::ReadWriteExisting if !folder(path).exists() => {
                return Err(StoreError::NoFolder {
                    path: path.to_path_buf(),
                    folder: folder(path).to_path_buf(),
                })
            }
            OpenMode::ReadWriteExisting => {
                return Err(StoreError::NoFile {
                    path: path.to_path_buf(),
                })
            }
        },
        Err(e) => return Err(cannot(path, e)),
    }
    let read_only = || -> Result<Connection> {
        // Lookups still answer; the meeting runner refuses it (`check_writable`).
        let conn = open_read_only(path, key)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(conn)
    };
    if !can_write(path) || !can_write(folder(path)) {
        return read_only();
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::CannotOpen {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    apply_key(&conn, key)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // WAL: readers (a shell lookup) never block the meeting's writes. On a read-only
    // filesystem (the mode bits allow writing, the mount does not) this is where it
    // shows: open it read-only instead.
    let wal: rusqlite::Result<String> =
        conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0));
    if wal.is_err() || conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
        drop(conn);
        return read_only();
    }
    // FULL: a committed change survives power loss (a closed laptop lid), not only a kill.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}
