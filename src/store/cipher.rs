//! Encryption at rest (SQLCipher): keying a connection without the key passing
//! through SQL text, and rewriting a database under a new key (`encrypt`, `rekey`)
//! atomically: a new file is written beside the old one, flushed to disk and renamed
//! over it, so a kill at any moment leaves either the old file (with the old key) or
//! the new one (with the new key), never half of each.

use std::ffi::CString;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{ffi, Connection, OpenFlags};

use super::schema::{APPLICATION_ID, MIGRATIONS};
use super::{Result, StoreError};

/// Give schema `schema` ("main", or an attached name) of `conn` its SQLCipher key.
/// The key goes straight to `sqlite3_key_v2`, never into an SQL string (which SQLite
/// would copy into memory it does not wipe). SQLCipher's own logging is silenced
/// first, so a wrong key prints nothing to the terminal.
pub(super) fn set_key(conn: &Connection, schema: &str, key: &str) -> Result<()> {
    let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
    let name = CString::new(schema).map_err(|e| StoreError::Rule(e.to_string()))?;
    let len = i32::try_from(key.len()).map_err(|_| StoreError::Rule("key too long".into()))?;
    // SAFETY: `conn.handle()` is the live connection's handle, used on this thread
    // only for this call; `name` is NUL-terminated and outlives the call; SQLCipher
    // copies `len` bytes from `key`, which outlives the call.
    let rc = unsafe { ffi::sqlite3_key_v2(conn.handle(), name.as_ptr(), key.as_ptr().cast(), len) };
    if rc != ffi::SQLITE_OK {
        return Err(StoreError::Sql(rusqlite::Error::SqliteFailure(
            ffi::Error::new(rc),
            Some("setting the key".into()),
        )));
    }
    Ok(())
}

/// For tests: milliseconds to wait after the new copy is written and before it is
/// renamed into place, so that a kill can be aimed at that moment.
pub const PAUSE_ENV: &str = "ROUNDTABLE_TEST_REWRITE_PAUSE_MS";

/// The file a rewrite is made in before it replaces `path`.
pub fn rewrite_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".rewrite-tmp");
    PathBuf::from(p)
}

/// Rewrite the Roundtable database at `path` encrypted with `new_key`: from plain
/// (`old_key` None, `roundtable encrypt`) or from encrypted under `old_key`
/// (`roundtable rekey`). The caller has checked the file with [`super::Store`].
///
/// Refused with [`StoreError::InUse`] while another program has it open (switching it
/// out of WAL mode needs it alone, and from then on it is locked until the new file is
/// in place). The copy is made in [`rewrite_path`] (0600), synced, checked, and then
/// renamed over the old file; the folder is synced last. A copy left by an earlier
/// run that was stopped is removed first.
pub fn rewrite_encrypted(path: &Path, old_key: Option<&str>, new_key: &str) -> Result<()> {
    let tmp = rewrite_path(path);
    for stale in [
        tmp.clone(),
        PathBuf::from(format!("{}-journal", tmp.display())),
    ] {
        if stale.exists() {
            fs::remove_file(&stale)?;
        }
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    if let Some(k) = old_key {
        set_key(&conn, "main", k)?;
    }
    conn.busy_timeout(Duration::from_millis(500))?;
    let in_use = |e: rusqlite::Error| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) =>
        {
            StoreError::InUse {
                path: path.to_path_buf(),
            }
        }
        e => StoreError::Sql(e),
    };
    // Out of WAL: this succeeds only when no other connection is open, and puts every
    // committed change into the main file. Then hold an exclusive lock until the end.
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(in_use)?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(StoreError::InUse {
            path: path.to_path_buf(),
        });
    }
    conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;")
        .map_err(in_use)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tmp_name = tmp.to_string_lossy().into_owned();
    create_private(&tmp)?;
    let export = || -> Result<()> {
        conn.execute("ATTACH DATABASE ?1 AS rewrite", [&tmp_name])?;
        set_key(&conn, "rewrite", new_key)?;
        conn.query_row("SELECT sqlcipher_export('rewrite')", [], |r| {
            r.get::<_, Option<String>>(0)
        })?;
        conn.pragma_update(Some("rewrite"), "user_version", version)?;
        conn.pragma_update(Some("rewrite"), "application_id", APPLICATION_ID)?;
        conn.execute_batch("DETACH DATABASE rewrite")?;
        Ok(())
    };
    if let Err(e) = export() {
        let _ = conn.execute_batch("DETACH DATABASE rewrite");
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    if let Err(e) = check_copy(&tmp, new_key, version) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    fs::File::open(&tmp)?.sync_all()?;
    // Tests stop the program here, with the copy whole and not yet in place.
    if let Some(ms) = std::env::var(PAUSE_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
    fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::File::open(dir)?.sync_all()?;
    }
    drop(conn);
    Ok(())
}

/// The new file opens with the new key, holds the same schema version and passes
/// `quick_check`, before it may replace the old one.
fn check_copy(tmp: &Path, key: &str, version: i64) -> Result<()> {
    let c = Connection::open_with_flags(tmp, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    set_key(&c, "main", key)?;
    let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let ok: String = c.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if v != version || v > MIGRATIONS.len() as i64 || ok != "ok" {
        return Err(StoreError::Rule(format!(
            "the new copy did not check out (schema {v}, {ok}); the old file is unchanged"
        )));
    }
    Ok(())
}

fn create_private(path: &Path) -> Result<()> {
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
