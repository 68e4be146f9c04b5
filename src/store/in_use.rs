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

/// True if some process (this one included) holds a lock on byte 128 of the database's
/// `-shm`, so has the database open: read from the kernel's lock table
/// (`/proc/locks`), never by opening the `-shm`, because closing a descriptor on it
/// would drop this process's own SQLite locks on it. False if there is no `-shm`, no
/// lock on it, or the table cannot be read (not Linux).
pub fn in_use(db: &Path) -> bool {
    let mut shm = db.as_os_str().to_owned();
    shm.push("-shm");
    let Ok(meta) = std::fs::metadata(std::path::PathBuf::from(shm)) else {
        return false;
    };
    let Ok(table) = std::fs::read_to_string("/proc/locks") else {
        return false;
    };
    holds(&table, dev_ino(&meta), DMS_BYTE)
}

#[cfg(unix)]
fn dev_ino(meta: &std::fs::Metadata) -> (u64, u64, u64) {
    use std::os::unix::fs::MetadataExt;
    let dev = meta.dev();
    // Linux's encoding of a device number (glibc's gnu_dev_major / gnu_dev_minor).
    let major = ((dev >> 32) & 0xffff_f000) | ((dev >> 8) & 0x0000_0fff);
    let minor = ((dev >> 12) & 0xffff_ff00) | (dev & 0x0000_00ff);
    (major, minor, meta.ino())
}

#[cfg(not(unix))]
fn dev_ino(_: &std::fs::Metadata) -> (u64, u64, u64) {
    (u64::MAX, u64::MAX, u64::MAX)
}

/// Does a line of the lock table `table` lock `byte` of the file `(major, minor, inode)`?
/// A line reads `1: POSIX  ADVISORY  READ 1234 08:02:131 128 128` (device numbers in
/// hex, the inode in decimal, the range inclusive, `EOF` for "to the end").
fn holds(table: &str, (major, minor, inode): (u64, u64, u64), byte: i64) -> bool {
    table.lines().any(|line| {
        let f: Vec<&str> = line.split_whitespace().collect();
        // An entry waiting for a lock ("->") names the same fields one further on.
        let f: Vec<&str> = if f.get(1) == Some(&"->") {
            f[1..].to_vec()
        } else {
            f
        };
        let (Some(id), Some(start), Some(end)) = (f.get(5), f.get(6), f.get(7)) else {
            return false;
        };
        let mut parts = id.split(':');
        let (Some(ma), Some(mi), Some(ino)) = (parts.next(), parts.next(), parts.next()) else {
            return false;
        };
        let same = u64::from_str_radix(ma, 16).ok() == Some(major)
            && u64::from_str_radix(mi, 16).ok() == Some(minor)
            && ino.parse::<u64>().ok() == Some(inode);
        let from = start.parse::<i64>().unwrap_or(i64::MAX);
        let to = if *end == "EOF" {
            i64::MAX
        } else {
            end.parse::<i64>().unwrap_or(-1)
        };
        same && from <= byte && byte <= to
    })
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

    #[test]
    fn the_lock_table_is_read_by_device_inode_and_byte() {
        let t = "1: POSIX  ADVISORY  READ 4242 08:02:131 128 128\n\
                 2: POSIX  ADVISORY  WRITE 4243 08:02:999 0 EOF\n\
                 3: FLOCK  ADVISORY  WRITE 77 00:2d:5 0 EOF\n";
        assert!(holds(t, (8, 2, 131), 128));
        assert!(!holds(t, (8, 2, 131), 120), "another byte");
        assert!(!holds(t, (8, 3, 131), 128), "another device");
        assert!(holds(t, (8, 2, 999), 128), "to the end");
        assert!(!holds(t, (0, 0x2d, 6), 128));
    }

    #[test]
    fn an_open_connection_in_this_process_is_seen_and_keeps_its_locks() {
        if std::fs::read_to_string("/proc/locks").is_err() {
            return; // not Linux: no lock table to read
        }
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        let c = rusqlite::Connection::open(&db).unwrap();
        c.pragma_update(None, "journal_mode", "WAL").unwrap();
        c.execute("CREATE TABLE t (x)", []).unwrap();
        assert!(in_use(&db));
        assert!(in_use(&db), "asking twice changes nothing");
        c.execute("INSERT INTO t VALUES (1)", []).unwrap();
        drop(c);
        assert!(!in_use(&db));
    }
}
