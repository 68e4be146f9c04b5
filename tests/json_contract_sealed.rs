//! docs/json.md's tested contract for issue 28's outputs: `room-log --json` (with and
//! without `--case`) on a scripted meeting of the invented demo panel, and the sealed
//! record of `minutes approve --bundle DIR`: `verify-bundle --json` (verified, and
//! refusing a changed copy) and its three JSON files, each held to its ```shape block
//! (tests/common/json_shape.rs): a field documented but absent (unless `?`), present
//! but undocumented, or of a type not listed fails.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::demo_cli::{demo_with_sealed_october, ok, rt};
use common::harness::Harness;
use common::json_shape::{check, compare, shapes};
use ratatui::crossterm::event::KeyCode;

#[test]
fn the_room_log_of_a_scripted_meeting_matches_docs_json_md() {
    // A case revealed, the room blanked and shown again, screen-safe on and off.
    let mut h = Harness::new();
    h.open_first_case(6);
    let case = h.app.current_case().unwrap().referral.id.0;
    h.key(KeyCode::F(4));
    h.ctrl('b');
    h.ctrl('b');
    h.key(KeyCode::F(2));
    h.key(KeyCode::F(2));
    let db = h.store.path().to_path_buf();
    let date = h.meeting_date().to_string();
    let shapes = shapes();
    let mut seen = BTreeSet::new();
    let mut problems = vec![];
    let args = ["room-log", "--meeting", &date, "--json"];
    let out = ok(&db, &args);
    problems.extend(compare(&out, &shapes, "room_log", &args, &mut seen));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let entries = v["room_log"]["entries"].as_array().unwrap();
    // Every kind of value the shape allows is met: a blank screen (no item), a case
    // on the screen, a full name shown, screen-safe mode.
    assert!(entries.iter().any(|e| e["item"].is_null()), "{out}");
    assert!(entries.iter().any(|e| e["case_id"] == case), "{out}");
    assert!(entries.iter().any(|e| e["full_name"] == true), "{out}");
    assert!(
        entries
            .iter()
            .any(|e| e["screen"].as_str().unwrap().starts_with("screen-safe ")),
        "{out}"
    );
    // Times as every other payload gives them: local, `YYYY-MM-DD HH:MM:SS`.
    for e in entries {
        let at = e["at"].as_str().unwrap();
        assert!(
            chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M:%S").is_ok(),
            "{at}"
        );
    }
    let case_arg = case.to_string();
    let args = [
        "room-log",
        "--meeting",
        &date,
        "--case",
        &case_arg,
        "--json",
    ];
    let out = ok(&db, &args);
    problems.extend(compare(&out, &shapes, "room_log", &args, &mut seen));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["room_log"]["full_name_shown"], true, "{out}");
    assert!(
        problems.is_empty(),
        "docs/json.md and the output differ:\n{}",
        problems.join("\n")
    );
}

#[test]
fn a_sealed_record_its_check_and_its_files_match_docs_json_md() {
    let dir = tempfile::tempdir().unwrap();
    let (db, b, _) = demo_with_sealed_october(dir.path());
    let shapes = shapes();
    let mut seen = BTreeSet::new();
    let mut problems = vec![];
    let args = ["verify-bundle", b.to_str().unwrap(), "--json"];
    let out = ok(&db, &args);
    problems.extend(compare(&out, &shapes, "bundle", &args, &mut seen));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["bundle"]["problems"].as_array().unwrap().is_empty(),
        "{out}"
    );
    for f in ["attendance.json", "decisions.json", "actions.json"] {
        let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(b.join(f)).unwrap())
            .unwrap_or_else(|e| panic!("{f}: {e}"));
        assert!(!v.as_array().unwrap().is_empty(), "{f} is empty");
        let mut found = BTreeSet::new();
        check(
            shapes.get(f).unwrap_or_else(|| panic!("no shape {f}")),
            "",
            &v,
            &mut found,
        );
        problems.extend(found.into_iter().map(|p| format!("{f}: {p}")));
    }
    // A changed copy: refused (exit 1), each problem a line of text.
    fs::write(b.join("actions.json"), "[]").unwrap();
    let o = rt(&db, &args);
    assert_eq!(o.status.code(), Some(1));
    let out = common::stdout(&o);
    problems.extend(compare(&out, &shapes, "bundle", &args, &mut seen));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["bundle"]["problems"].as_array().unwrap().len(),
        1,
        "{out}"
    );
    assert!(
        problems.is_empty(),
        "docs/json.md and the sealed record differ:\n{}",
        problems.join("\n")
    );
}
