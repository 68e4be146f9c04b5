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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    ReadWriteCreate,
    ReadWriteExisting,
}

/// Check an existing file read-only: it must be a Roundtable database of a schema
/// this binary knows. Nothing is written. An empty (0-byte) file counts as new.
pub fn check_existing(path: &Path, key: Option<&str>) -> Result<()> {
    let len = fs::metadata(path)?.len();
    if len == 0 {
        return Ok(());
    }
    if key.is_none() {
        let mut header = [0u8; 16];
        let mut f = fs::File::open(path)?;
        if f.read_exact(&mut header).is_err() || &header != SQLITE_HEADER {
            return Err(StoreError::NotRoundtable {
                path: path.to_path_buf(),
            });
        }
    }
    let conn = open_read_only(path, key)?;
    let not_ours = || StoreError::NotRoundtable {
        path: path.to_path_buf(),
    };
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|_| not_ours())?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|_| not_ours())?;
    if app_id != APPLICATION_ID {
        return Err(not_ours());
    }
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known,
        });
    }
    Ok(())
}

fn apply_key(conn: &Connection, key: Option<&str>) -> Result<()> {
    if let Some(k) = key {
        // Without this a wrong key makes SQLCipher print to the terminal.
        let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
        conn.pragma_update(None, "key", k)?;
    }
    Ok(())
}

/// Create the parent folders (0700) and an empty file (0600) for a new database.
fn create_private(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            let mut b = fs::DirBuilder::new();
            b.recursive(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::DirBuilderExt;
                b.mode(0o700);
            }
            b.create(dir)?;
        }
    }
    let mut o = fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)?;
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
fn open_read_only(path: &Path, key: Option<&str>) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let cannot = |e: rusqlite::Error| StoreError::CannotOpen {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    if can_write(folder(path)) {
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
    if path.exists() {
        check_existing(path, key)?;
    } else if mode == OpenMode::ReadWriteCreate {
        create_private(path)?;
    } else {
        return Err(StoreError::CannotOpen {
            path: path.to_path_buf(),
            reason: "no such file".into(),
        });
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
