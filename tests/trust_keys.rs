//! Issue 12, encrypted by default: `init` encrypts unless `--no-encrypt`, with the
//! passphrase from a key file (never the command line); `encrypt` and `rekey` rewrite
//! the file atomically, so a kill at any moment leaves one whole file its own key opens.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{key_file, rt, rt_command};
use std::time::Duration;

use roundtable::store::Store;

fn ok(db: &Path, key_file: Option<&Path>, args: &[&str]) -> String {
    let o = rt(db, key_file, args);
    assert!(o.status.success(), "{args:?}: {}", common::stderr(&o));
    common::stdout(&o)
}

fn is_plain(db: &Path) -> bool {
    std::fs::read(db).unwrap().starts_with(b"SQLite format 3\0")
}

#[test]
fn init_encrypts_by_default_and_sqlite3_cannot_read_it() {
    let dir = tempfile::tempdir().unwrap();
    let key = key_file(dir.path(), "panel.key", "a passphrase for the panel");
    let db = dir.path().join("panel.db");
    // No key and no terminal: refused, nothing made, and the way on is named.
    let o = rt(&db, None, &["init"]);
    assert_eq!(o.status.code(), Some(2), "{}", common::stderr(&o));
    assert!(
        common::stderr(&o).contains("--key-file"),
        "{}",
        common::stderr(&o)
    );
    assert!(!db.exists());
    let out = ok(&db, Some(&key), &["init"]);
    assert!(out.contains("encrypted"), "{out}");
    assert!(!is_plain(&db), "the file starts with ciphertext");
    let raw = std::fs::read(&db).unwrap();
    assert!(
        !raw.windows(8).any(|w| w == b"Youth Of"),
        "no panel text readable in the file"
    );
    ok(&db, Some(&key), &["meetings", "list"]);
    match Command::new("sqlite3").arg(&db).arg(".tables").output() {
        Ok(o) => {
            let all = format!("{}{}", common::stdout(&o), common::stderr(&o));
            assert!(
                !o.status.success() || !all.contains("change_log"),
                "sqlite3 must not read it: {all}"
            );
            assert!(all.contains("not a database"), "{all}");
        }
        Err(_) => eprintln!("sqlite3 is not installed: its check is skipped"),
    }
    // A key with --no-encrypt, or a key file others can read, is refused.
    let other = dir.path().join("other.db");
    let o = rt(&other, Some(&key), &["init", "--no-encrypt"]);
    assert_eq!(o.status.code(), Some(2));
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let o = rt(&other, Some(&key), &["init"]);
    assert!(
        common::stderr(&o).contains("chmod 600"),
        "{}",
        common::stderr(&o)
    );
    assert!(!other.exists());
    // There is no option to give the passphrase itself on the command line.
    let o = rt(&other, None, &["init", "--key", "secret"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!other.exists());
}

#[test]
fn the_demo_stays_plain_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = ok(&db, None, &["demo", "--as-of", common::AS_OF]);
    assert!(out.contains("not encrypted"), "{out}");
    assert!(is_plain(&db));
}

/// Everything in the database as text, read with `key`.
fn dump(db: &Path, key: Option<&str>) -> String {
    common::dump(&Store::open_existing(db, key).unwrap())
}

fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("panel.db");
    ok(
        &db,
        None,
        &["demo", "--years", "3", "--as-of", common::AS_OF],
    );
    db
}

/// After a kill at any moment, the file is whole: either still the old one, opened by
/// the old key (or none) with every row, or the new one opened by the new key.
fn whole(db: &Path, old: Option<&str>, new: &str, expected: &str) -> bool {
    match Store::open_existing(db, old) {
        Ok(s) => {
            assert_eq!(common::dump(&s), expected, "the old file is whole");
            false
        }
        Err(_) => {
            assert_eq!(dump(db, Some(new)), expected, "the new file is whole");
            true
        }
    }
}

#[test]
fn encrypt_and_rekey_survive_a_kill_at_any_moment() {
    let dir = tempfile::tempdir().unwrap();
    let k1 = key_file(dir.path(), "k1", "the first passphrase");
    let k2 = key_file(dir.path(), "k2", "the second passphrase");
    let db = demo(dir.path());
    let expected = dump(&db, None);
    let original = std::fs::read(&db).unwrap();

    // Killed with the copy written and not yet renamed: the old file stands.
    let mut child = rt_command(&db, Some(&k1), &["encrypt"])
        .env("ROUNDTABLE_TEST_REWRITE_PAUSE_MS", "20000")
        .spawn()
        .unwrap();
    let tmp = PathBuf::from(format!("{}.rewrite-tmp", db.display()));
    for _ in 0..200 {
        if tmp.exists() && std::fs::metadata(&tmp).unwrap().len() > 0 && !is_plain(&tmp) {
            std::thread::sleep(Duration::from_millis(300));
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(is_plain(&db), "still the plain file");
    assert!(!whole(&db, None, "the first passphrase", &expected));

    // Killed at other moments: never half of each.
    for delay in [0u64, 30, 100, 250, 500, 900] {
        std::fs::write(&db, &original).unwrap();
        let mut child = rt_command(&db, Some(&k1), &["encrypt"]).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        child.wait().unwrap();
        whole(&db, None, "the first passphrase", &expected);
    }

    // A run to the end (clearing any copy left behind), then the plain file is gone.
    std::fs::write(&db, &original).unwrap();
    let out = ok(&db, Some(&k1), &["encrypt"]);
    assert!(out.contains("encrypted"), "{out}");
    assert!(!is_plain(&db) && !tmp.exists());
    assert_eq!(dump(&db, Some("the first passphrase")), expected);
    let again = rt(&db, Some(&k1), &["encrypt"]);
    assert!(!again.status.success(), "encrypting twice is refused");

    // Rekey, killed before the rename: the first key still opens it.
    let encrypted = std::fs::read(&db).unwrap();
    let mut child = rt_command(
        &db,
        Some(&k1),
        &["rekey", "--new-key-file", k2.to_str().unwrap()],
    )
    .env("ROUNDTABLE_TEST_REWRITE_PAUSE_MS", "20000")
    .spawn()
    .unwrap();
    for _ in 0..200 {
        if tmp.exists() && std::fs::metadata(&tmp).unwrap().len() > 4096 {
            std::thread::sleep(Duration::from_millis(300));
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!whole(
        &db,
        Some("the first passphrase"),
        "the second passphrase",
        &expected
    ));
    for delay in [0u64, 30, 100, 250, 500, 900] {
        std::fs::write(&db, &encrypted).unwrap();
        let mut child = rt_command(
            &db,
            Some(&k1),
            &["rekey", "--new-key-file", k2.to_str().unwrap()],
        )
        .spawn()
        .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        child.wait().unwrap();
        whole(
            &db,
            Some("the first passphrase"),
            "the second passphrase",
            &expected,
        );
    }
    std::fs::write(&db, &encrypted).unwrap();
    ok(
        &db,
        Some(&k1),
        &["rekey", "--new-key-file", k2.to_str().unwrap()],
    );
    assert!(Store::open_existing(&db, Some("the first passphrase")).is_err());
    assert_eq!(dump(&db, Some("the second passphrase")), expected);
}

#[test]
fn encrypt_is_refused_while_the_database_is_open_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let k1 = key_file(dir.path(), "k1", "the first passphrase");
    let db = demo(dir.path());
    let held = Store::open_existing(&db, None).unwrap();
    held.log_event("a meeting screen is open").unwrap();
    let o = rt(&db, Some(&k1), &["encrypt"]);
    assert!(!o.status.success());
    assert!(
        common::stderr(&o).contains("open in another program"),
        "{}",
        common::stderr(&o)
    );
    drop(held);
    assert!(is_plain(&db));
    ok(&db, Some(&k1), &["encrypt"]);
}

#[test]
fn messages_name_the_next_step_for_a_plain_rekey_and_a_missing_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    // rekey on a plain database, no key given: it has no passphrase to change.
    let o = rt(&db, None, &["rekey", "--new-key-file", "/nonexistent"]);
    let err = common::stderr(&o);
    assert!(!o.status.success());
    assert!(
        err.contains("is not encrypted") && err.contains("roundtable encrypt"),
        "{err}"
    );
    // A key file that does not exist.
    let o = rt(&db, Some(&dir.path().join("no-such-key")), &["actions"]);
    let err = common::stderr(&o);
    assert!(
        err.contains("does not exist: give the file that holds the passphrase"),
        "{err}"
    );
}
