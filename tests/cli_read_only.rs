//! Issue 8, "open honestly": a database this user cannot write (a read-only file, a
//! read-only folder) is refused by the meeting runner in one line before anything can
//! be typed, and the lookups still answer. Run as root, the binary runs as `nobody`
//! (root may write any file, so chmod alone would prove nothing).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|v| v.split_whitespace().nth(1).map(|u| u == "0"))
        .unwrap_or(false)
}

/// Run the binary as a user who does not own the files (`nobody` when we are root).
fn run_as_other(args: &str, tty: bool) -> Option<Output> {
    let bin = common::bin();
    let cmd = format!("{} {args}", bin.display());
    let cmd = if tty {
        // The meeting runner needs a terminal: `script` gives it one.
        if Command::new("script").arg("--version").output().is_err() {
            return None;
        }
        format!("script -qec '{cmd}' /dev/null < /dev/null")
    } else {
        cmd
    };
    let mut c = if is_root() {
        let mut c = Command::new("su");
        c.args(["nobody", "-s", "/bin/sh", "-c", &cmd]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", &cmd]);
        c
    };
    Some(
        c.env_remove("ROUNDTABLE_DB")
            .env_remove("ROUNDTABLE_KEY")
            .env("TERM", "xterm")
            .output()
            .unwrap(),
    )
}

fn check(dir: &Path, db: &Path) {
    let files_before: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let o = run_as_other(&format!("--db {} actions --overdue", db.display()), false).unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success() && out.contains("overdue"),
        "lookups answer: {out} {}",
        String::from_utf8_lossy(&o.stderr)
    );
    if let Some(o) = run_as_other(&format!("--db {}", db.display()), true) {
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            all.contains("read-only") && all.contains("lookups still answer"),
            "the runner refuses in one line: {all:?}"
        );
    }
    // Nothing beside it, even in a folder they may write: `-wal`/`-shm` files left
    // with the file's mode would block writing once the file is made writable.
    let files_after: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files_before, files_after, "nothing created beside it");
}

#[test]
fn a_read_only_file_and_a_read_only_folder_are_refused_for_meetings_but_answer_lookups() {
    if is_root() {
        let reach = Command::new("su")
            .args(["nobody", "-s", "/bin/sh", "-c"])
            .arg(format!("test -x {}", common::bin().display()))
            .status();
        if !reach.is_ok_and(|s| s.success()) {
            // The checkout is in a folder other users cannot enter: nothing to run as.
            eprintln!("the binary is not reachable by `nobody`: skipped");
            return;
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("panel");
    std::fs::create_dir(&folder).unwrap();
    let db = common::demo_store(&folder).0.path().to_path_buf();
    // Readable by others, writable by nobody else; the temp folder must be enterable.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    // A read-only file in a folder they may write.
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o777)).unwrap();
    check(&folder, &db);
    // A read-only folder too.
    for f in std::fs::read_dir(&folder).unwrap() {
        let p = f.unwrap().path();
        if p != db {
            std::fs::remove_file(p).unwrap();
        }
    }
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    check(&folder, &db);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
}
