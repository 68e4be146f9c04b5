//! Issue 12, a clear word for every file: each kind of file Roundtable cannot use gets
//! its own one-line message naming the next step, from a real file of that kind; the
//! file is byte for byte as it was and nothing is created beside it.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::{key_file, rt};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Every file under `dir` with its bytes (folders as empty entries).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.insert(p.clone(), vec![]);
            out.extend(snapshot(&p));
        } else {
            out.insert(p.clone(), std::fs::read(&p).unwrap());
        }
    }
    out
}

/// Run each command on `db`: it fails with one line holding every part of `expect`,
/// and the folder is exactly as it was.
fn refused(dir: &Path, db: &Path, key_file: Option<&Path>, commands: &[&[&str]], expect: &[&str]) {
    for args in commands {
        let before = snapshot(dir);
        let o = rt(db, key_file, args);
        let err = common::stderr(&o);
        assert!(!o.status.success(), "{args:?} on {db:?} succeeded");
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{args:?}: one line: {err}"
        );
        for e in expect {
            assert!(err.contains(e), "{args:?} on {db:?}: {e:?} not in {err}");
        }
        let after = snapshot(dir);
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>(),
            "{args:?}: nothing created or removed beside {db:?}"
        );
        assert!(before == after, "{args:?}: {db:?} changed");
    }
}

const LOOKUP: &[&str] = &["meetings", "list"];
const CHANGE: &[&str] = &["meetings", "add", "2027-03-03"];
const SCREEN: &[&str] = &["run"];

/// A panel database made by `init`, plain or with the key in `key_file`.
fn panel(dir: &Path, name: &str, key_file: Option<&Path>) -> PathBuf {
    let db = dir.join(name);
    let mut args = vec!["init"];
    if key_file.is_none() {
        args.push("--no-encrypt");
    }
    let o = rt(&db, key_file, &args);
    assert!(o.status.success(), "{}", common::stderr(&o));
    // Everything into the main file, as a file at rest is.
    let o = rt(&db, key_file, LOOKUP);
    assert!(o.status.success(), "{}", common::stderr(&o));
    db
}

#[test]
fn keys_wrong_missing_and_unwanted_each_have_their_word() {
    let dir = tempfile::tempdir().unwrap();
    let keys = tempfile::tempdir().unwrap();
    let right = key_file(keys.path(), "right.key", "correct horse battery");
    let wrong = key_file(keys.path(), "wrong.key", "wrong horse");
    let enc = panel(dir.path(), "enc.db", Some(&right));
    let plain = panel(dir.path(), "plain.db", None);
    let all: &[&[&str]] = &[LOOKUP, CHANGE, SCREEN];
    refused(
        dir.path(),
        &enc,
        None,
        all,
        &["encrypted", "no key", "--key-file"],
    );
    refused(
        dir.path(),
        &enc,
        Some(&wrong),
        all,
        &[
            "key given does not open it",
            "check the passphrase or key file",
        ],
    );
    refused(
        dir.path(),
        &plain,
        Some(&right),
        all,
        &["not encrypted, but a key was given", "roundtable encrypt"],
    );
    let o = rt(&enc, Some(&right), LOOKUP);
    assert!(
        o.status.success(),
        "the right key opens it: {}",
        common::stderr(&o)
    );
}

#[test]
fn foreign_newer_damaged_and_truncated_files_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let keys = tempfile::tempdir().unwrap();
    let key = key_file(keys.path(), "k.key", "a long enough passphrase");
    let all: &[&[&str]] = &[LOOKUP, CHANGE, SCREEN, &["init", "--no-encrypt"]];

    let text = dir.path().join("notes.db");
    std::fs::write(&text, "shopping list\n".repeat(100)).unwrap();
    refused(
        dir.path(),
        &text,
        None,
        all,
        &["not a Roundtable database", "check the path"],
    );
    let other = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    refused(
        dir.path(),
        &other,
        None,
        all,
        &["not a Roundtable database"],
    );

    let newer = panel(dir.path(), "newer.db", None);
    {
        let c = rusqlite::Connection::open(&newer).unwrap();
        c.pragma_update(None, "user_version", 999).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .unwrap();
    }
    refused(
        dir.path(),
        &newer,
        None,
        all,
        &["newer Roundtable", "upgrade Roundtable"],
    );

    let damaged = panel(dir.path(), "damaged.db", None);
    {
        // A page in the middle overwritten: the header is fine, a table is not.
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&damaged)
            .unwrap();
        f.seek(SeekFrom::Start(4096 * 20)).unwrap();
        f.write_all(&[0x0d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff].repeat(4))
            .unwrap();
    }
    refused(
        dir.path(),
        &damaged,
        None,
        &[CHANGE, &["init", "--no-encrypt"]],
        &["is damaged", "last backup"],
    );

    let plain = panel(dir.path(), "whole.db", None);
    let truncated = dir.path().join("truncated.db");
    let bytes = std::fs::read(&plain).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    std::fs::remove_file(&plain).unwrap();
    refused(
        dir.path(),
        &truncated,
        None,
        all,
        &["cut short", "last backup"],
    );

    let enc = panel(dir.path(), "enc.db", Some(&key));
    let etrunc = dir.path().join("enc-truncated.db");
    let bytes = std::fs::read(&enc).unwrap();
    std::fs::write(&etrunc, &bytes[..bytes.len() - 1000]).unwrap();
    std::fs::remove_file(&enc).unwrap();
    refused(
        dir.path(),
        &etrunc,
        Some(&key),
        &[LOOKUP, CHANGE, SCREEN],
        &["cut short", "last backup"],
    );
}

#[test]
fn folders_missing_paths_and_empty_files() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("panel.db");
    std::fs::create_dir(&folder).unwrap();
    let all: &[&[&str]] = &[LOOKUP, CHANGE, SCREEN, &["init", "--no-encrypt"]];
    refused(
        dir.path(),
        &folder,
        None,
        all,
        &["is a folder", "give the file's path"],
    );

    // A mistyped path: no folder and no database are made, by any command.
    let typo = dir.path().join("pannel/eastmere.db");
    refused(
        dir.path(),
        &typo,
        None,
        all,
        &["does not exist", "check the path"],
    );
    let missing = dir.path().join("eastmeer.db");
    refused(
        dir.path(),
        &missing,
        None,
        &[LOOKUP, CHANGE, SCREEN],
        &["no database at", "roundtable init"],
    );

    // An empty file becomes a database only by `init`.
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // As a shell's `: > empty.db` leaves it: readable by everyone.
        std::fs::set_permissions(&empty, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    refused(
        dir.path(),
        &empty,
        None,
        &[LOOKUP, CHANGE, SCREEN, &["demo"], &["actions"]],
        &["is empty", "init"],
    );
    let o = rt(&empty, None, &["init", "--no-encrypt"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(std::fs::metadata(&empty).unwrap().len() > 0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&empty).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the panel's database is its owner's only");
    }
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|v| v.split_whitespace().nth(1).map(|u| u == "0"))
        .unwrap_or(false)
}

/// Run as a user who does not own the files (`nobody` when we are root).
fn as_other(db: &Path, args: &[&str]) -> Output {
    let cmd = format!(
        "ROUNDTABLE_CONFIG= ROUNDTABLE_TODAY={} {} --db {} {}",
        common::AS_OF,
        common::bin().display(),
        db.display(),
        args.join(" ")
    );
    if is_root() {
        Command::new("su")
            .args(["nobody", "-s", "/bin/sh", "-c", &cmd])
            .output()
            .unwrap()
    } else {
        Command::new("sh").args(["-c", &cmd]).output().unwrap()
    }
}

#[test]
#[cfg(unix)]
fn read_only_file_and_folder_refuse_changes_in_one_line() {
    use std::os::unix::fs::PermissionsExt;
    let mode =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    if is_root() {
        let reach = Command::new("su")
            .args(["nobody", "-s", "/bin/sh", "-c"])
            .arg(format!("test -x {}", common::bin().display()))
            .status();
        if !reach.is_ok_and(|s| s.success()) {
            eprintln!("the binary is not reachable by `nobody`: skipped");
            return;
        }
    }
    let dir = tempfile::tempdir().unwrap();
    mode(dir.path(), 0o755);
    let folder = dir.path().join("panel");
    std::fs::create_dir(&folder).unwrap();
    let db = panel(&folder, "p.db", None);
    mode(&db, 0o444);
    mode(&folder, 0o777);
    for (what, folder_mode) in [("file", 0o777), ("folder", 0o555)] {
        mode(&folder, folder_mode);
        let before = snapshot(&folder);
        let o = as_other(&db, CHANGE);
        let err = common::stderr(&o);
        assert!(!o.status.success(), "{what}: {}", common::stdout(&o));
        assert!(
            err.contains("read-only") && err.contains("chmod"),
            "{what}: {err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(
            snapshot(&folder) == before,
            "{what}: nothing changed or made"
        );
        let o = as_other(&db, LOOKUP);
        assert!(
            o.status.success(),
            "{what}: lookups answer: {}",
            common::stderr(&o)
        );
    }
    // A new database in a folder nobody else may write.
    mode(&folder, 0o755);
    let o = as_other(&folder.join("new.db"), &["init", "--no-encrypt"]);
    let err = common::stderr(&o);
    assert!(
        err.contains("read-only") && err.contains("choose a folder"),
        "{err}"
    );
    assert!(!folder.join("new.db").exists());
    mode(&db, 0o600);
}
