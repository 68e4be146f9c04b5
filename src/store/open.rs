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
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::CannotOpen {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    apply_key(&conn, key)?;
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
    // WAL: readers (a shell lookup) never block the meeting's writes.
    let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    // FULL: a committed change survives power loss (a closed laptop lid), not only a kill.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}
