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

/// True if some process (this one included) holds the database open: this process
/// through a [`Store`](super::Store) (its own register, [`HeldHere`]), or any process
/// by a lock on byte 128 of the `-shm`, read from the kernel's lock table
/// (`/proc/locks`). Where that table cannot be read (a sandbox without it) or does not
/// name the file (an overlay filesystem names the inode beneath), the kernel is asked
/// with `F_GETLK` on a descriptor of the `-shm`: only when this process does not hold
/// the database itself, because closing a descriptor drops this process's own SQLite
/// locks on the file. False if there is no `-shm` (no connection has the file open in
/// WAL mode) or nobody holds it (a `-shm` left by a crash).
pub fn in_use(db: &Path) -> bool {
    if held_here(db) {
        return true;
    }
    let mut shm = db.as_os_str().to_owned();
    shm.push("-shm");
    let shm = std::path::PathBuf::from(shm);
    let Ok(meta) = std::fs::metadata(&shm) else {
        return false;
    };
    if let Ok(table) = std::fs::read_to_string("/proc/locks") {
        if holds(&table, dev_ino(&meta), DMS_BYTE) {
            return true;
        }
    }
    locked_by_another(&shm)
}

/// The files this process has open through a [`Store`](super::Store), by device and
/// inode, with how many stores hold each.
static HELD: std::sync::Mutex<Vec<((u64, u64), usize)>> = std::sync::Mutex::new(Vec::new());

fn file_id(db: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(db).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = db;
        None
    }
}

fn held_here(db: &Path) -> bool {
    let Some(id) = file_id(db) else {
        return false;
    };
    let held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    held.iter().any(|(f, n)| *f == id && *n > 0)
}

/// This process holds a database open while the value lives (one per
/// [`Store`](super::Store)): [`in_use`] answers true for it without asking the kernel,
/// and never opens a descriptor on its `-shm`.
pub(crate) struct HeldHere(Option<(u64, u64)>);

impl HeldHere {
    /// Register `db` (a file that exists) as open in this process.
    pub(crate) fn new(db: &Path) -> Self {
        let id = file_id(db);
        if let Some(id) = id {
            let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
            match held.iter_mut().find(|(f, _)| *f == id) {
                Some((_, n)) => *n += 1,
                None => held.push((id, 1)),
            }
        }
        HeldHere(id)
    }
}

impl Drop for HeldHere {
    fn drop(&mut self) {
        if let Some(id) = self.0 {
            let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(i) = held.iter().position(|(f, _)| *f == id) {
                held[i].1 -= 1;
                if held[i].1 == 0 {
                    held.swap_remove(i);
                }
            }
        }
    }
}

/// Does another process hold a lock on the `-shm`'s byte 128? Asked with `F_GETLK`,
/// which reports a lock that would conflict with a write lock there.
#[cfg(unix)]
fn locked_by_another(shm: &Path) -> bool {
    use std::os::fd::AsRawFd;
    let Ok(file) = std::fs::File::open(shm) else {
        return false;
    };
    // SAFETY: `flock` is plain data, zeroed is a valid value; `fcntl(F_GETLK)` only
    // writes into it, and the descriptor is open for the call.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = libc::F_WRLCK as libc::c_short;
    lock.l_whence = libc::SEEK_SET as libc::c_short;
    lock.l_start = DMS_BYTE;
    lock.l_len = 1;
    let rc = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLK, &mut lock) };
    rc == 0 && lock.l_type != libc::F_UNLCK as libc::c_short
}

#[cfg(not(unix))]
fn locked_by_another(_: &Path) -> bool {
    false
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
    fn a_store_open_in_this_process_is_held_here_until_dropped() {
        // Without the lock table (a sandbox) this register is what tells a second
        // store in the same process that the log beside the file is live.
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        let a = crate::store::Store::open(&db, None).unwrap();
        assert!(held_here(&db));
        let b = crate::store::Store::open(&db, None).unwrap();
        drop(a);
        assert!(held_here(&db), "one store still has it");
        assert!(in_use(&db));
        drop(b);
        assert!(!held_here(&db));
        assert!(!in_use(&db), "closed by both");
    }

    #[test]
    fn another_process_holding_the_file_is_seen_by_the_kernel_lock_query() {
        // The fallback where /proc/locks cannot be read or names another device.
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        drop(crate::store::Store::open(&db, None).unwrap());
        let holder = std::process::Command::new("python3")
            .arg("-c")
            .arg("import sqlite3,sys,time\nc=sqlite3.connect(sys.argv[1]);c.execute('PRAGMA journal_mode=WAL');c.execute('SELECT count(*) FROM sqlite_master').fetchall();print('open',flush=True);time.sleep(30)")
            .arg(&db)
            .stdout(std::process::Stdio::piped())
            .spawn();
        let Ok(mut holder) = holder else {
            return; // no python3 here: nothing to hold the file from outside
        };
        let mut line = String::new();
        use std::io::BufRead;
        std::io::BufReader::new(holder.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let mut shm = db.as_os_str().to_owned();
        shm.push("-shm");
        let seen = locked_by_another(std::path::Path::new(&shm));
        holder.kill().unwrap();
        holder.wait().unwrap();
        assert_eq!(line.trim(), "open");
        assert!(seen, "a connection in another process holds byte 128");
        assert!(
            !locked_by_another(std::path::Path::new(&shm)),
            "gone with it"
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
