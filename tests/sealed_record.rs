//! Issue 28 item 3: a sealed meeting record. `minutes approve --bundle DIR` writes
//! the approved minutes (the same bytes as `roundtable minutes`), attendance,
//! decisions and actions as JSON and a manifest of SHA-256 hashes with the change
//! log's head at approval; `verify-bundle DIR` checks it with no database at all,
//! and refuses a byte changed (naming the file), a file added or removed and a
//! changed manifest. A later change to the approved meeting is an amendment: the
//! minutes and `case ID` say so, and the change log holds it.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::fs;
use std::path::Path;

use common::demo_cli::*;
use roundtable::store::write::Table;
use rusqlite::types::Value;

/// `verify-bundle DIR` with no database (`--db` would check the change log too).
fn verify(dir: &Path) -> std::process::Output {
    common::run(&["verify-bundle", dir.to_str().unwrap()])
}

fn refused(dir: &Path, part: &str) {
    let o = verify(dir);
    let err = common::stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("NOT the record that was sealed"), "{err}");
    assert!(err.contains(part), "wanted {part:?} in: {err}");
}

#[test]
fn a_bundle_verifies_without_the_database_and_any_change_to_it_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (db, b, said) = demo_with_sealed_october(dir.path());
    assert!(
        said.contains("approved at the meeting on 2026-11-11"),
        "{said}"
    );
    assert!(said.contains("sealed record written to"), "{said}");

    // The minutes in the bundle are the bytes `roundtable minutes` writes now.
    let out = dir.path().join("m");
    ok(
        &db,
        &[
            "minutes",
            "--meeting",
            "2026-10-14",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.contains(&"2026-10-14-general.md".to_string()));
    for n in &names {
        assert_eq!(
            fs::read(out.join(n)).unwrap(),
            fs::read(b.join("minutes").join(n)).unwrap(),
            "{n}"
        );
    }
    let general = fs::read_to_string(b.join("minutes/2026-10-14-general.md")).unwrap();
    assert!(general.contains("APPROVED at the meeting on"), "{general}");
    for f in ["attendance.json", "decisions.json", "actions.json"] {
        let v: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(b.join(f)).unwrap()).unwrap();
        assert!(!v.as_array().unwrap().is_empty(), "{f}: {v}");
    }
    let cases = ints(
        &db,
        "SELECT d.referral_id FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
         WHERE m.date = '2026-10-14' ORDER BY d.id",
        &[],
    );
    let decisions: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(b.join("decisions.json")).unwrap()).unwrap();
    let mut got = ids(&decisions, "case_id");
    let mut want = cases.clone();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want);

    // The manifest: the change log's head at approval, its own hash in the change log.
    let manifest = fs::read_to_string(b.join("MANIFEST.txt")).unwrap();
    let own = manifest
        .lines()
        .last()
        .unwrap()
        .strip_prefix("manifest-sha256 ")
        .unwrap()
        .to_string();
    let sealed_row = int(
        &db,
        "SELECT id FROM change_log WHERE tbl = 'event' AND new_value LIKE ?1",
        &[text(&format!("%{own}%"))],
    );
    let approved_row = int(
        &db,
        "SELECT MAX(id) FROM change_log WHERE tbl = 'meeting' AND col LIKE 'minutes_approved%'",
        &[],
    );
    assert!(
        manifest.contains(&format!("audit-head: {approved_row} ")),
        "{manifest}"
    );
    assert_eq!(sealed_row, approved_row + 1);
    assert!(manifest.contains("sha256 ") && manifest.contains("  minutes/2026-10-14-general.md\n"));

    let o = verify(&b);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let said = common::stdout(&o);
    assert!(
        said.contains("the files match their own manifest"),
        "{said}"
    );
    assert!(said.contains("meeting: 2026-10-14"), "{said}");

    // One byte changed: refused, naming the file; put back: verified again.
    let page = b.join("minutes/2026-10-14-general.md");
    let good = fs::read(&page).unwrap();
    let mut bad = good.clone();
    let i = bad.len() / 2;
    bad[i] ^= 0x01;
    fs::write(&page, &bad).unwrap();
    refused(
        &b,
        "minutes/2026-10-14-general.md: changed since it was sealed",
    );
    fs::write(&page, &good).unwrap();
    assert!(verify(&b).status.success());

    // A file added, a file removed.
    fs::write(b.join("minutes/extra.md"), "an extra page").unwrap();
    refused(&b, "minutes/extra.md: added after sealing");
    fs::remove_file(b.join("minutes/extra.md")).unwrap();
    let att = fs::read(b.join("attendance.json")).unwrap();
    fs::remove_file(b.join("attendance.json")).unwrap();
    refused(&b, "attendance.json: missing");
    fs::write(b.join("attendance.json"), &att).unwrap();
    assert!(verify(&b).status.success());

    // The manifest itself edited (a hash swapped in to hide a change) is refused.
    let edited = manifest.replacen("meeting: 2026-10-14", "meeting: 2026-10-15", 1);
    fs::write(b.join("MANIFEST.txt"), &edited).unwrap();
    refused(&b, "MANIFEST.txt: changed since it was sealed");
    fs::remove_file(b.join("MANIFEST.txt")).unwrap();
    refused(&b, "MANIFEST.txt: missing");
    fs::write(b.join("MANIFEST.txt"), &manifest).unwrap();
    assert!(verify(&b).status.success());

    // A bundle is written once: a folder already holding files is refused before
    // anything is recorded.
    let before = int(&db, "SELECT COUNT(*) FROM change_log", &[]);
    fails(
        &db,
        &[
            "minutes",
            "approve",
            "--meeting",
            "2026-10-14",
            "--bundle",
            b.to_str().unwrap(),
        ],
        2,
        "is not a new or empty folder",
    );
    assert_eq!(int(&db, "SELECT COUNT(*) FROM change_log", &[]), before);
}

#[test]
fn a_change_after_approval_is_shown_as_an_amendment_never_silently() {
    let dir = tempfile::tempdir().unwrap();
    let (db, b, _) = demo_with_sealed_october(dir.path());
    let (discussion, case) = {
        let s = open(&db);
        s.conn()
            .query_row(
                "SELECT d.id, d.referral_id FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
                 WHERE m.date = '2026-10-14' ORDER BY d.id LIMIT 1",
                [],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
            )
            .unwrap()
    };
    let out = dir.path().join("m");
    let general = |out: &Path| {
        ok(
            &db,
            &[
                "minutes",
                "--meeting",
                "2026-10-14",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        fs::read_to_string(out.join("2026-10-14-general.md")).unwrap()
    };
    assert!(!general(&out).contains("amended"), "not amended yet");
    let history = ok(&db, &["case", &case.to_string()]);
    assert!(!history.contains("amended after approval"), "{history}");

    // The minutes of a case corrected after approval.
    let s = open(&db).with_actor("corrector");
    s.set_field(
        Table::Discussion,
        discussion,
        "minutes",
        Value::Text("Corrected after the meeting: the school's report was read.".into()),
    )
    .unwrap();
    drop(s);

    let now = general(&out);
    assert!(now.contains("amended after approval on"), "{now}");
    assert!(now.contains("(1 change, in the change log)"), "{now}");
    let case_page = fs::read_to_string(out.join(format!("2026-10-14-case-{case}.md"))).unwrap();
    assert!(
        case_page.contains("amended after approval on"),
        "{case_page}"
    );
    let history = ok(&db, &["case", &case.to_string()]);
    assert!(
        history.contains("This record was amended after approval on"),
        "{history}"
    );
    let h = json(&db, &["case", &case.to_string(), "--json"]);
    let amended: Vec<&serde_json::Value> = h["discussions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| !d["amended"].is_null())
        .collect();
    assert_eq!(amended.len(), 1, "only the discussion that changed: {h}");
    assert_eq!(amended[0]["amended"]["changes"], 1);
    // The change log has it, with who made it.
    let by = strings(
        &db,
        "SELECT os_user FROM change_log WHERE tbl = 'case_discussion' AND row_id = ?1 AND col = 'minutes'
         ORDER BY id DESC LIMIT 1",
        &[Value::Integer(discussion)],
    );
    assert_eq!(by, ["corrector"]);
    // The sealed record is still the one approved, and differs from the minutes now.
    assert!(verify(&b).status.success());
    assert_ne!(
        fs::read_to_string(b.join("minutes/2026-10-14-general.md")).unwrap(),
        now
    );
}
