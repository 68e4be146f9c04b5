//! A panel without MAGPan's two intelligence items: MARAC's item 3 ("Actions from the
//! last meeting: each agency's action taken and outcomes", 003 App 3A "Agenda") takes a
//! note from every agency, the police's included, under the item's own words: the box
//! is "From <agency>", never MAGPan's "Intelligence from"; the room's screen and the
//! minutes take the same notes under the item's title. MAGPan keeps its police item
//! and its other-agencies item (tests/snapshots.rs, tests/cli_minutes.rs).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::Path;
use std::process::Command;

use common::app_run::Run;
use ratatui::crossterm::event::KeyCode;

fn binary(db: &Path, today: &str, args: &[&str]) -> String {
    let o = Command::new(common::bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_CONFIG", "")
        .env("ROUNDTABLE_TODAY", today)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", common::stderr(&o));
    common::stdout(&o)
}

#[test]
fn app_3a_item_3_takes_every_agencys_account_the_polices_included() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("marac.db");
    binary(
        &db,
        "2026-11-20",
        &["init", "--no-encrypt", "--panel", "marac"],
    );
    let mut run = Run::open_db(&db);
    run.key(KeyCode::Enter);
    run.key(KeyCode::Enter); // started on another day than its own
    run.key(KeyCode::PageDown);
    run.key(KeyCode::PageDown); // item 3
    let screen = run.screen_at(80, 24);
    assert!(
        screen.contains("3. Actions from the last meeting"),
        "{screen}"
    );
    assert!(
        screen.contains("POL") && screen.contains("NHS"),
        "every agency: {screen}"
    );
    assert!(!screen.contains("Intelligence from"), "{screen}");
    let box_title = run
        .app
        .form
        .fields
        .iter()
        .map(|f| f.label.clone())
        .find(|l| l.starts_with("From "))
        .unwrap_or_else(|| panic!("a box for the selected agency: {screen}"));
    assert!(box_title.starts_with("From Police"), "{box_title}");
    run.key(KeyCode::Tab);
    run.typ("Bail conditions served on the alleged perpetrator.");
    run.key(KeyCode::Tab);
    let (police, body): (i64, String) = run
        .store
        .conn()
        .query_row(
            "SELECT il.is_police, il.body FROM intelligence il JOIN agency a ON a.id = il.agency_id
             WHERE a.code = 'POL'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (police, body.as_str()),
        (1, "Bail conditions served on the alleged perpetrator.")
    );

    // The minutes: under item 3's own words, no "Police intelligence" heading.
    run.ctrl('f');
    drop(run);
    let out = dir.path().join("minutes");
    std::fs::create_dir(&out).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let meetings = binary(&db, "2026-12-30", &["meetings", "list", "--all", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&meetings).unwrap();
    let day = v["meetings"][0]["date"].as_str().unwrap().to_string();
    binary(
        &db,
        "2026-12-30",
        &["minutes", "--meeting", &day, "--out", out.to_str().unwrap()],
    );
    let general = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("-general.md"))
        .unwrap();
    let text = std::fs::read_to_string(general).unwrap();
    assert!(
        text.contains(
            "## 3\\. Actions from the last meeting: each agency's action taken and outcomes"
        ),
        "{text}"
    );
    assert!(text.contains("Bail conditions served"), "{text}");
    assert!(!text.contains("Police intelligence"), "{text}");
    assert!(!text.contains("Intelligence from other agencies"), "{text}");
}
