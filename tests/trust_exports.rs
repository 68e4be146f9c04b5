//! Issue 12, exports: minutes from an encrypted database say the files are plaintext
//! and where they went; files are 0600 in a folder made 0700; an existing folder others
//! can read is refused unless `--force`. Unconfirmed dialog drafts go when the meeting
//! ends.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::demo_cli::*;

const MEETING: &str = "2026-11-11";

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn minutes(db: &Path, key: Option<&Path>, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "minutes",
        "--meeting",
        MEETING,
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let k;
    if let Some(key) = key {
        k = key.to_str().unwrap().to_string();
        args.push("--key-file");
        args.push(&k);
    }
    rt(db, &args)
}

#[test]
fn minutes_of_an_encrypted_database_say_they_are_plaintext_and_where() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let key = common::key_file(dir.path(), "panel.key", "a passphrase for the panel");

    // Plain: no note.
    let plain_out = dir.path().join("plain-minutes");
    let o = minutes(&db, None, &plain_out, &[]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(common::stderr(&o).is_empty(), "{}", common::stderr(&o));

    let o = rt(&db, &["encrypt", "--key-file", key.to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let out = dir.path().join("nested/minutes");
    let o = minutes(&db, Some(&key), &out, &[]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let note = common::stderr(&o);
    assert!(
        note.contains("NOT") && note.contains("plaintext") && note.contains(out.to_str().unwrap()),
        "{note}"
    );
    assert_eq!(
        mode(&out),
        0o700,
        "a folder made for them is the owner's alone"
    );
    let files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(files.len() > 3);
    for f in &files {
        assert_eq!(mode(f), 0o600, "{f:?}");
    }
    // The same for the other documents written to a file.
    let html = dir.path().join("report.html");
    let o = rt(
        &db,
        &[
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--html",
            html.to_str().unwrap(),
            "--key-file",
            key.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(
        common::stderr(&o).contains("plaintext"),
        "{}",
        common::stderr(&o)
    );
    assert_eq!(mode(&html), 0o600);
}

#[test]
fn a_folder_others_can_read_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o755)).unwrap();
    let o = minutes(&db, None, &shared, &[]);
    assert!(!o.status.success());
    let err = common::stderr(&o);
    assert!(
        err.contains("can be read by others") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1);
    assert_eq!(
        std::fs::read_dir(&shared).unwrap().count(),
        0,
        "nothing written"
    );
    let o = minutes(&db, None, &shared, &["--force"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    for f in std::fs::read_dir(&shared).unwrap() {
        assert_eq!(mode(&f.unwrap().path()), 0o600);
    }
    assert_eq!(mode(&shared), 0o755, "a forced folder is left as it was");
}

#[test]
fn unconfirmed_dialog_drafts_go_when_the_meeting_ends() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let m = store.meeting_to_run().unwrap().unwrap();
    store.start_meeting(m).unwrap();
    let data = store.load_meeting(m).unwrap();
    store
        .save_draft(
            &format!("dialog:{}:t1@pts/1:action:3", m.0),
            "Call the school",
        )
        .unwrap();
    store
        .save_draft(&format!("dialog:{}:t2@pts/2:visitor", m.0), "Ann Other")
        .unwrap();
    store
        .save_draft("dialog:999999:t1:visitor", "another meeting's")
        .unwrap();
    store
        .save_draft("intake", "{\"name\": \"a referral form\"}")
        .unwrap();
    store.formally_close(m).unwrap();
    store.end_meeting(m, data.next_meeting.unwrap()).unwrap();
    let keys: Vec<String> = store
        .all_drafts()
        .unwrap()
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(keys, ["dialog:999999:t1:visitor", "intake"]);
    let logged: String = store
        .conn()
        .query_row(
            "SELECT new_value FROM change_log WHERE tbl = 'event' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(logged.contains("2 unconfirmed form draft"), "{logged}");
    assert!(
        !logged.contains("Call the school"),
        "the text itself is not logged"
    );
}
