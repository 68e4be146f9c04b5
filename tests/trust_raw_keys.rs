//! Issue 24, a key file holds a key: `--generate-key FILE` writes a random 256-bit raw
//! key (owner-only, never over a file) that SQLCipher uses as it is; a passphrase in a
//! key file keeps working; `rekey` moves a database between the two; a key file that
//! is neither is refused in one line; without its key the file stays unreadable.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{ok, rt};

/// One line on standard error holding every part of `expect`, and a failure.
fn refused_with(o: &Output, expect: &[&str]) {
    let err = common::stderr(o);
    assert!(!o.status.success(), "succeeded: {}", common::stdout(o));
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    for e in expect {
        assert!(err.contains(e), "{e:?} not in {err}");
    }
}

fn text_key(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    common::write_owner_only(&p, bytes);
    p
}

const LOOKUP: &[&str] = &["meetings", "list"];

/// The file cannot be read without its key: not by SQLite (no key), nor by SQLCipher
/// given another raw key or the key file's text taken as a passphrase.
fn unreadable_without(db: &Path, key: &str) {
    let bytes = std::fs::read(db).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"), "no plain header");
    let read = |k: Option<&str>| {
        let c =
            rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .unwrap();
        let _ = c.pragma_update(None, "cipher_log_level", "NONE");
        if let Some(k) = k {
            c.pragma_update(None, "key", k).unwrap();
        }
        c.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
    };
    assert!(read(None).is_err(), "read without a key");
    let other = format!("x'{}'", "7".repeat(64));
    assert!(read(Some(&other)).is_err(), "read with another raw key");
    // The hex digits alone are a passphrase, not this key.
    let hex = key.trim_start_matches("x'").trim_end_matches('\'');
    assert!(read(Some(hex)).is_err(), "the hex as a passphrase");
    assert!(read(Some(key)).is_ok(), "the key itself opens it");
}

#[test]
fn generated_and_passphrase_keys_open_answer_and_rekey_between_them() {
    let dir = tempfile::tempdir().unwrap();
    let keys = tempfile::tempdir().unwrap();
    let raw = keys.path().join("panel.key");
    let db = dir.path().join("raw.db");
    let a = raw.to_str().unwrap();
    ok(&rt(&db, None, &["init", "--generate-key", a]));
    let text = std::fs::read_to_string(&raw).unwrap();
    let key = text.trim();
    assert_eq!(key.len(), 67, "x' + 64 hex digits + ': {key}");
    assert!(key.starts_with("x'") && key.ends_with('\''));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&raw).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "owner-only");
    }
    assert!(ok(&rt(&db, Some(&raw), LOOKUP)).contains("planned"));
    unreadable_without(&db, key);

    // Never over an existing file: the key it holds may be the only one to a database.
    let again = dir.path().join("again.db");
    refused_with(
        &rt(&again, None, &["init", "--generate-key", a]),
        &["exists already", "Nothing changed"],
    );
    assert_eq!(std::fs::read_to_string(&raw).unwrap(), text, "unchanged");
    assert!(!again.exists(), "no database made");

    // A wrong key, and no key, get the existing words.
    let wrong = text_key(keys.path(), "wrong.key", b"a wrong passphrase\n");
    refused_with(
        &rt(&db, Some(&wrong), LOOKUP),
        &["key given does not open it"],
    );
    let other = text_key(
        keys.path(),
        "other.key",
        format!("x'{}'\n", "ab".repeat(32)).as_bytes(),
    );
    refused_with(
        &rt(&db, Some(&other), LOOKUP),
        &["key given does not open it"],
    );
    refused_with(&rt(&db, None, LOOKUP), &["encrypted", "no key"]);

    // Raw key to passphrase, and back to a new raw key.
    let pass = text_key(keys.path(), "pass.key", b"correct horse battery\n");
    ok(&rt(
        &db,
        Some(&raw),
        &["rekey", "--new-key-file", pass.to_str().unwrap()],
    ));
    refused_with(
        &rt(&db, Some(&raw), LOOKUP),
        &["key given does not open it"],
    );
    assert!(ok(&rt(&db, Some(&pass), LOOKUP)).contains("planned"));
    let raw2 = keys.path().join("second.key");
    ok(&rt(
        &db,
        Some(&pass),
        &["rekey", "--generate-key", raw2.to_str().unwrap()],
    ));
    refused_with(
        &rt(&db, Some(&pass), LOOKUP),
        &["key given does not open it"],
    );
    assert!(ok(&rt(&db, Some(&raw2), LOOKUP)).contains("planned"));
    unreadable_without(&db, std::fs::read_to_string(&raw2).unwrap().trim());

    // A plain database encrypted under a generated key.
    let plain = dir.path().join("plain.db");
    ok(&rt(&plain, None, &["init", "--no-encrypt"]));
    let raw3 = keys.path().join("third.key");
    ok(&rt(
        &plain,
        None,
        &["encrypt", "--generate-key", raw3.to_str().unwrap()],
    ));
    assert!(ok(&rt(&plain, Some(&raw3), LOOKUP)).contains("planned"));
    unreadable_without(&plain, std::fs::read_to_string(&raw3).unwrap().trim());
}

#[test]
fn a_key_file_that_is_neither_a_passphrase_nor_a_raw_key_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let keys = tempfile::tempdir().unwrap();
    let raw = keys.path().join("panel.key");
    let db = dir.path().join("p.db");
    ok(&rt(
        &db,
        None,
        &["init", "--generate-key", raw.to_str().unwrap()],
    ));
    let not_hex = format!("x'{}'\n", "zz".repeat(32));
    let bad: &[(&str, &[u8])] = &[
        ("short.key", b"x'abcdef'\n"),
        ("nothex.key", not_hex.as_bytes()),
        ("binary.key", &[0x00, 0xff, 0xfe, 0x80, 0x13, 0x37, 0xc3]),
        ("lines.key", b"first line\nsecond line\n"),
    ];
    let before = std::fs::read(&db).unwrap();
    for (name, bytes) in bad {
        let k = text_key(keys.path(), name, bytes);
        let o = rt(&db, Some(&k), LOOKUP);
        refused_with(&o, &[name, "a key file holds one passphrase"]);
    }
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the file is unchanged"
    );
    assert!(ok(&rt(&db, Some(&raw), LOOKUP)).contains("planned"));
}
