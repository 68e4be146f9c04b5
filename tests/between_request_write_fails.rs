//! Issue 26: a status request whose files cannot all be written (a full disk, a
//! folder that is not writable) issues nothing: no sheet recorded, no file left
//! behind, and it says so in one line. Every agency's sheet is issued in one
//! transaction, so an agency whose files were written before the failure is not
//! left recorded either.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::demo_cli::*;
use common::AS_OF;

#[cfg(unix)]
#[test]
fn a_request_whose_last_file_cannot_be_written_records_nothing_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = dir.path().join("sheets");
    std::fs::create_dir(&out).unwrap();
    let agencies = strings(
        &db,
        "SELECT DISTINCT g.code FROM action a JOIN agency g ON g.id = a.agency_id
         WHERE a.status = 'open' ORDER BY g.code",
        &[],
    );
    assert!(
        agencies.len() > 3,
        "several agencies' sheets come before it"
    );
    // The last agency's CSV cannot be created: a link to nowhere holds its name (no
    // file exists there, so the request is not refused up front; creating it fails
    // as on a full disk, and for root too, whom a folder's permissions do not stop).
    let last = agencies.last().unwrap();
    let blocked = out.join(format!("MAGPan-status-{last}-{AS_OF}.csv"));
    std::os::unix::fs::symlink(dir.path().join("nowhere").join("x.csv"), &blocked).unwrap();
    let log = int(&db, "SELECT count(*) FROM change_log", &[]);
    fails(
        &db,
        &[
            "actions",
            "request",
            "--agency",
            "all",
            "--out",
            out.to_str().unwrap(),
        ],
        1,
        &format!("{}: ", blocked.display()),
    );
    assert_eq!(
        int(&db, "SELECT count(*) FROM status_request", &[]),
        0,
        "no sheet recorded, the agencies written before it included"
    );
    assert_eq!(int(&db, "SELECT count(*) FROM status_request_row", &[]), 0);
    assert_eq!(
        int(&db, "SELECT count(*) FROM change_log", &[]),
        log,
        "nothing logged"
    );
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left,
        vec![blocked.file_name().unwrap().to_string_lossy().into_owned()],
        "no sheet's file left behind"
    );
    // Once it can be written, the same request issues every sheet.
    std::fs::remove_file(&blocked).unwrap();
    let said = ok(
        &db,
        &[
            "actions",
            "request",
            "--agency",
            "all",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        said.contains(&format!("{} sheets issued", agencies.len())),
        "{said}"
    );
    assert_eq!(
        int(&db, "SELECT count(*) FROM status_request", &[]),
        agencies.len() as i64
    );
}
