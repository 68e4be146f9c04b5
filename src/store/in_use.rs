//! Is a database open in another program right now? SQLite's unix VFS keeps a shared
//! lock on one byte of the `-shm` file (the "dead man's switch", byte 128) for as long
//! as any connection has the database open in WAL mode. A process that cannot take a
//! write lock on that byte knows another one is connected; a `-shm` left by a crash
//! holds no lock. Used to refuse what must not happen under an open meeting screen
//! (`restore`).

use std::path::Path;

/// Offset of the byte every open connection holds a shared lock on (SQLite's
/// `UNIX_SHM_DMS`: 120 + 8 lock slots).
const DMS_BYTE: i64 = 128;

/// True if some process has the database at `db` open (its `-shm` byte 128 is locked).
/// False if there is no `-shm`, or nobody holds it. Errors reading the file count as
/// "not known to be in use".
pub fn in_use(db: &Path) -> bool {
    let mut shm = db.as_os_str().to_owned();
    shm.push("-shm");
    let Ok(f) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&shm)
    else {
        return false;
    };
    locked(&f)
}

#[cfg(unix)]
fn locked(f: &std::fs::File) -> bool {
    use std::os::unix::io::AsRawFd;
    // SAFETY: `flock` is a plain C struct; zeroed is a valid value, and F_GETLK only
    // reads the file descriptor's lock table into it.
    let mut lk: libc::flock = unsafe { std::mem::zeroed() };
    lk.l_type = libc::F_WRLCK as _;
    lk.l_whence = libc::SEEK_SET as _;
    lk.l_start = DMS_BYTE as _;
    lk.l_len = 1;
    // SAFETY: a valid open descriptor and a pointer to a live `flock`.
    let rc = unsafe { libc::fcntl(f.as_raw_fd(), libc::F_GETLK, &mut lk) };
    rc == 0 && i32::from(lk.l_type) != libc::F_UNLCK
}

#[cfg(not(unix))]
fn locked(_: &std::fs::File) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_shm_or_a_closed_database_is_not_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        assert!(!in_use(&db), "no file at all");
        let c = rusqlite::Connection::open(&db).unwrap();
        c.pragma_update(None, "journal_mode", "WAL").unwrap();
        c.execute("CREATE TABLE t (x)", []).unwrap();
        drop(c);
        std::fs::write(dir.path().join("x.db-shm"), vec![0u8; 32768]).unwrap();
        assert!(
            !in_use(&db),
            "a -shm nobody holds (a crash's) is not in use"
        );
    }
}
