//! Exports written again (issue 14): a file that already holds the same text is
//! left as it is, still owner-only; a changed one is replaced whole.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message
#![cfg(unix)]

use std::os::unix::fs::{MetadataExt, PermissionsExt};

use roundtable::lookup::minutes::write_private;

#[test]
fn the_same_text_again_leaves_the_file_a_change_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2026-11-11-case-7.md");
    write_private(&path, "RESTRICTED\nminutes\n").unwrap();
    let first = std::fs::metadata(&path).unwrap();
    assert_eq!(first.permissions().mode() & 0o777, 0o600);

    write_private(&path, "RESTRICTED\nminutes\n").unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().ino(), first.ino());

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    write_private(&path, "RESTRICTED\nminutes\n").unwrap();
    let again = std::fs::metadata(&path).unwrap();
    assert_eq!(again.ino(), first.ino());
    assert_eq!(again.permissions().mode() & 0o777, 0o600);

    // Same length, other text: replaced.
    write_private(&path, "RESTRICTED\nMINUTES\n").unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "RESTRICTED\nMINUTES\n"
    );
    assert_ne!(std::fs::metadata(&path).unwrap().ino(), first.ino());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
