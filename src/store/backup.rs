//! `roundtable backup` and `roundtable restore`: a consistent, checked copy of a live
//! database, and a backup put back in place without SQLite ever replaying the old
//! file's write-ahead log into it.
//!
//! A backup is made with `VACUUM INTO` through the open connection: one read
//! transaction, so it holds every committed change, those still in the `-wal` too
//! (a meeting being typed into included), under the same encryption and key. It is
//! written to `FILE.partial` (0600), checked (`integrity_check`, and the change log's
//! chain read back to the same head as the database's, or, when a meeting wrote after
//! the copy was taken, to the database's own hash at the copy's newest row), synced,
//! and only then renamed
//! to `FILE`. A `cp` of the database file alone misses whatever is still in the log.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::OptionalExtension;

use super::audit::{verify, Verdict};
use super::{Result, Store, StoreError};

/// A backup made and checked.
#[derive(Debug, Clone)]
pub struct BackupMade {
    /// Where it is (mode 0600).
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// The change log as read back from the copy (the same as the database's).
    pub chain: Verdict,
}

/// A backup put in place.
#[derive(Debug, Clone)]
pub struct Restored {
    /// Each file moved aside: (from, to). The previous database first, then its
    /// `-wal`, `-shm` or `-journal`, renamed with it so that they still open together.
    pub moved: Vec<(PathBuf, PathBuf)>,
    /// The restored file's change log.
    pub chain: Verdict,
    /// Typed text the backup held in its typing journal, now committed to its fields.
    pub typed: usize,
}

/// Refuse `out` as a new file for `what` ("backup", ...) before anything is written:
/// a name SQLite uses beside a database, a folder that does not exist, or a file that
/// exists already (never overwritten). Each refusal is one line ending "nothing was
/// written".
pub(super) fn new_file_problem(out: &Path, what: &str) -> Result<()> {
    let name = out.to_string_lossy();
    if ["-wal", "-shm", "-journal"]
        .iter()
        .any(|s| name.ends_with(s))
    {
        return Err(StoreError::Rule(format!(
                "{}: a name ending in -wal, -shm or -journal is SQLite's own file beside a database; choose another name; nothing was written",
                out.display()
            )));
    }
    let folder = match out.parent() {
        Some(p) if p.as_os_str().is_empty() => Path::new("."),
        Some(p) => p,
        None => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(StoreError::Rule(format!(
                "{}: the folder {} does not exist; make it first, or name a file in a folder that does; nothing was written",
                out.display(),
                folder.display()
            )));
    }
    if out.exists() {
        return Err(StoreError::Rule(format!(
            "{} exists already: name a new file for the {what}; nothing was written",
            out.display()
        )));
    }
    Ok(())
}

pub(super) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

pub(super) fn create_private(path: &Path) -> Result<()> {
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

pub(super) fn sync_folder(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// Read `path` back whole (`integrity_check`) and walk its change log.
fn checked(path: &Path, key: Option<&str>) -> Result<Verdict> {
    super::open::check_existing(path, key)?;
    let conn = super::open::open_read_only(path, key)?;
    let problems: Vec<String> = conn
        .prepare("PRAGMA integrity_check(3)")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    if problems != ["ok"] {
        return Err(StoreError::Damaged {
            path: path.to_path_buf(),
            detail: format!("integrity check: {}", problems.join("; ")),
        });
    }
    verify(&conn)
}

/// Whether a copy's change log (`copy`) is the database's (`source`, read after the
/// copy): the same, or, when another terminal wrote between the copy and the read
/// (a meeting being typed into), the database's own up to the copy's newest row.
fn copy_matches(conn: &rusqlite::Connection, copy: &Verdict, source: &Verdict) -> Result<bool> {
    if copy == source {
        return Ok(true);
    }
    let (
        Verdict::Intact { last_id, head, .. },
        Verdict::Intact {
            last_id: newest, ..
        },
    ) = (copy, source)
    else {
        return Ok(false);
    };
    if newest <= last_id {
        return Ok(false);
    }
    let hash: Option<Vec<u8>> = conn
        .query_row(
            "SELECT hash FROM change_log WHERE id = ?1",
            [last_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let hex: Option<String> = hash.map(|b: Vec<u8>| super::audit::hex(&b));
    Ok(hex.as_deref() == Some(head.as_str()))
}

impl Store {
    /// Copy this database, as it stands with every committed change, to `out`
    /// (which must not exist; its folder must): see the module. Errors: `Rule` when
    /// `out` exists or the copy does not read back the same; I/O and SQLite errors.
    /// Nothing is left at `out` unless the copy checked out.
    pub fn backup_to(&self, out: &Path, key: Option<&str>) -> Result<BackupMade> {
        new_file_problem(out, "backup (an old backup is never overwritten)")?;
        let tmp = with_suffix(out, ".partial");
        if tmp.exists() {
            // Left by a backup that was stopped: only ever a partial copy.
            fs::remove_file(&tmp)?;
        }
        create_private(&tmp)?;
        let made = (|| -> Result<BackupMade> {
            let name = tmp.to_string_lossy().into_owned();
            self.conn.execute("VACUUM INTO ?1", [&name])?;
            let chain = checked(&tmp, key)?;
            let source = verify(&self.conn)?;
            if !copy_matches(&self.conn, &chain, &source)? {
                return Err(StoreError::Rule(format!(
                    "the copy's change log does not read back as the database's ({chain:?} against {source:?}); no backup was made"
                )));
            }
            fs::File::open(&tmp)?.sync_all()?;
            Ok(BackupMade {
                path: out.to_path_buf(),
                bytes: fs::metadata(&tmp)?.len(),
                chain,
            })
        })();
        match made {
            Ok(m) => {
                fs::rename(&tmp, out)?;
                sync_folder(out)?;
                // The copy read every page in use of this file (each one checked as it
                // was read, when encrypted) and checked whole: a pass for this file.
                let _ = self.record_whole_check();
                Ok(m)
            }
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                Err(e)
            }
        }
    }
}

/// Put the backup `from` in place as the database `db` (see the module). The backup
/// is checked first (whole, its change log intact) and is never changed; the
/// database it replaces and the files beside it are renamed to
/// `DB.before-restore-<when>` (with `-wal`, `-shm`, `-journal` after that name), so
/// nothing is lost and the old log is never read into the backup; the copy is made
/// beside `db`, synced, renamed into place and checked again. Errors: `Rule` when
/// `from` is `db` itself or its change log is broken; a refusal of either file.
pub fn restore(from: &Path, db: &Path, key: Option<&str>, now: NaiveDateTime) -> Result<Restored> {
    let same = match (fs::canonicalize(from), fs::canonicalize(db)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(StoreError::Rule(format!(
            "{} is the database itself: name a backup file to restore from; nothing changed",
            from.display()
        )));
    }
    if let Verdict::Broken { id, problem } = checked(from, key)? {
        return Err(StoreError::Rule(format!(
            "{}: its change log is broken at row {id} ({problem}); choose another backup; nothing changed",
            from.display()
        )));
    }
    let tmp = with_suffix(db, ".restore-tmp");
    if tmp.exists() {
        fs::remove_file(&tmp)?;
    }
    create_private(&tmp)?;
    let copied = (|| -> Result<()> {
        let mut src = fs::File::open(from)?;
        let mut dst = fs::OpenOptions::new().write(true).open(&tmp)?;
        std::io::copy(&mut src, &mut dst)?;
        dst.sync_all()?;
        Ok(())
    })();
    if let Err(e) = copied {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    let kept = with_suffix(
        db,
        &format!(".before-restore-{}", now.format("%Y%m%d-%H%M%S")),
    );
    let moved: Vec<(PathBuf, PathBuf)> = ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| (with_suffix(db, suffix), with_suffix(&kept, suffix)))
        .filter(|(a, _)| db.exists() && a.exists())
        .collect();
    if let Some((_, b)) = moved.iter().find(|(_, b)| b.exists()) {
        let _ = fs::remove_file(&tmp);
        return Err(StoreError::Rule(format!(
            "{} exists already; try again in a second; nothing changed",
            b.display()
        )));
    }
    for (a, b) in &moved {
        fs::rename(a, b)?;
    }
    fs::rename(&tmp, db)?;
    sync_folder(db)?;
    // What a meeting was typing when the backup was made is in its journal: commit it
    // now, so lookups on the restored record show it (a meeting screen would at once).
    let journal: i64 = super::open::open_read_only(db, key)?.query_row(
        "SELECT COUNT(*) FROM typing",
        [],
        |r| r.get(0),
    )?;
    let typed = if journal > 0 {
        let store = crate::store::Store::open_existing(db, key)?;
        store.commit_journal()?
    } else {
        0 // nothing to commit: the file stays the backup byte for byte
    };
    let chain = checked(db, key)?;
    Ok(Restored {
        moved,
        chain,
        typed,
    })
}
