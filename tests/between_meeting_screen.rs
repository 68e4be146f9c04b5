//! Issue 26 item 3, "Nothing drifts": the meeting screen shows, per agency, whether
//! its status return came back since the meeting before. The chair sees it on the
//! attendance page, beside each agency's code, while taking attendance: an agency
//! whose return is not back is the one to ask in the room when its action points
//! are checked (003 App 3A "Follow-up action": each agency "report back to the MARAC
//! on action taken and the outcomes"). A MARAC set up through the binary; every
//! person invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::Path;

use common::app_run::Run;
use common::marac;
use ratatui::crossterm::event::KeyCode;
use roundtable::store::{AgencyId, Store};

/// The shipped MARAC with two members and a case; its meeting planned.
fn marac_db(dir: &Path) -> std::path::PathBuf {
    marac::with_cases(dir, &["Maren Thistlewood"])
}

fn agency(store: &Store, code: &str) -> AgencyId {
    AgencyId(
        store
            .conn()
            .query_row("SELECT id FROM agency WHERE code = ?1", [code], |r| {
                r.get(0)
            })
            .unwrap(),
    )
}

/// Sheets issued to POL (come back) and NHS (not back) before the meeting.
fn issue_sheets(db: &Path) {
    let store = Store::open(db, None).unwrap();
    let asked = "2026-11-06".parse().unwrap();
    store
        .issue_status_request(agency(&store, "NHS"), asked, &[])
        .unwrap();
    store
        .issue_status_request(agency(&store, "POL"), asked, &[])
        .unwrap();
    let pol = store
        .status_requests_since(asked)
        .unwrap()
        .into_iter()
        .find(|q| q.agency_code == "POL")
        .unwrap();
    store
        .mark_returned(&pol, "2026-11-13".parse().unwrap())
        .unwrap();
}

/// The meeting started in the app, on the attendance item.
fn started(db: &Path) -> Run {
    let mut run = Run::open_db(db);
    run.key(KeyCode::Enter);
    run.key(KeyCode::Enter); // started on another day than its own: Enter again
    run
}

#[test]
fn app_3a_the_attendance_page_shows_which_agencies_returns_came_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = marac_db(dir.path());
    issue_sheets(&db);
    let run = started(&db);
    let returns: Vec<(String, Option<String>)> = run
        .app
        .data
        .returns
        .iter()
        .map(|r| (r.agency.clone(), r.returned_on.map(|d| d.to_string())))
        .collect();
    assert_eq!(
        returns,
        [
            ("NHS".to_string(), None),
            ("POL".to_string(), Some("2026-11-13".to_string()))
        ]
    );
    let screen = run.screen_at(120, 30);
    assert!(
        screen.contains(
            "Returns since the last meeting: NHS NOT BACK (asked 06 Nov) · POL received 13 Nov"
        ),
        "{screen}"
    );
    // The page without the status line and its clock (never a timed snapshot).
    let lines: Vec<&str> = screen.lines().collect();
    let page = lines[..lines.len() - 2].join("\n");
    insta::assert_snapshot!("marac_attendance_returns_120x30", page);
}

#[test]
fn no_sheet_issued_no_returns_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = marac_db(dir.path());
    let run = started(&db);
    assert!(run.app.data.returns.is_empty());
    let screen = run.screen_at(120, 30);
    assert!(!screen.contains("Returns since"), "{screen}");
}
