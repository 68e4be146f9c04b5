//! Issue 27 (docs/deploy.md, the schedule): `roundtable backup --into DIR --keep N`
//! writes a checked, owner-only, encrypted backup under a timestamped name and then
//! removes only the oldest of this database's own backups beyond the newest N; other
//! files in the folder are never touched; the wrong uses are refused in one line.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::{Path, PathBuf};

use common::county::encrypted_demo;
use common::{ok, rt, stderr};

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Backups of `county.db` in the listing, by the name `--into` gives them.
fn backups(names: &[String]) -> Vec<&String> {
    names
        .iter()
        .filter(|n| n.starts_with("county-") && n.ends_with(".db"))
        .collect()
}

#[test]
fn backups_into_a_folder_are_kept_to_n_and_nothing_else_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let (db, key, _) = encrypted_demo(dir.path());
    let into: PathBuf = dir.path().join("backups");
    std::fs::create_dir(&into).unwrap();
    // Files that are not this database's backups: never removed.
    for other in ["notes.txt", "magpan-20200101T000000Z.db", "county.db.old"] {
        std::fs::write(into.join(other), "kept").unwrap();
    }
    let args = ["backup", "--into", into.to_str().unwrap(), "--keep", "2"];
    let mut made = Vec::new();
    for round in 1..=4 {
        let said = ok(&rt(&db, Some(&key), &args));
        assert!(said.contains("change log intact"), "{said}");
        let names = listing(&into);
        let ours = backups(&names);
        assert_eq!(ours.len(), round.min(2), "round {round}: {names:?}");
        let newest = said
            .split(" to ")
            .nth(1)
            .and_then(|r| r.split(" (").next())
            .unwrap()
            .to_string();
        made.push(newest.clone());
        let file = PathBuf::from(&newest);
        assert!(file.exists(), "{newest}");
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        // STEM-YYYYMMDDTHHMMSSZ.db, or -N before .db for a second one in that second.
        assert!(
            name.starts_with("county-20") && name.contains('T'),
            "{name}"
        );
        assert!(ours.contains(&&name), "the new one is kept: {names:?}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        assert!(!std::fs::read(&file)
            .unwrap()
            .starts_with(b"SQLite format 3"));
        if round > 2 {
            assert!(said.contains("removed the 1 oldest"), "{said}");
            assert!(!Path::new(&made[round - 3]).exists(), "the oldest went");
        }
    }
    for other in ["notes.txt", "magpan-20200101T000000Z.db", "county.db.old"] {
        assert_eq!(std::fs::read_to_string(into.join(other)).unwrap(), "kept");
    }
    // The newest two are the last two made, and each opens with the key.
    for kept in &made[2..] {
        let verified = ok(&rt(Path::new(kept), Some(&key), &["audit", "verify"]));
        assert!(verified.contains("change log intact"), "{verified}");
    }

    // Refused in one line, nothing written: no folder, --keep 0, --keep without --into.
    let before = listing(&into);
    let o = rt(
        &db,
        Some(&key),
        &[
            "backup",
            "--into",
            dir.path().join("nowhere").to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no such folder"), "{}", stderr(&o));
    let o = rt(
        &db,
        Some(&key),
        &["backup", "--into", into.to_str().unwrap(), "--keep", "0"],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("keep at least 1"), "{}", stderr(&o));
    let o = rt(&db, Some(&key), &["backup", "--keep", "2"]);
    assert!(!o.status.success());
    assert_eq!(listing(&into), before, "nothing written by a refusal");
}
