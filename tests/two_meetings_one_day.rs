//! Issue 20, gap row B9: two meetings on one day. An emergency meeting (MAPPA: "an
//! emergency Level 2 (or level 3) may be convened", 003 App 2C "Process for
//! Information Sharing"; MARAC: "may be called for an emergency meeting", 003 App 3A)
//! is added on the day of MAGPan's meeting; every command that names a meeting by
//! date keeps working while the day has one meeting and, once it has two, refuses in
//! one line naming each by `DATE@HH:MM`, which then names it.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::new_panel::Panel;
use roundtable::domain::meeting_ref::MeetingRef;

const BOTH: &str = "2 meetings on 2026-12-09: name one by its start time, 2026-12-09@10:00 (ordinary) or 2026-12-09@14:00 (emergency)";

/// MAGPan as of 25 November 2026 (next meeting Wednesday 9 December at 10:00) with an
/// emergency meeting added that afternoon.
fn with_emergency() -> Panel {
    let p = Panel::new();
    // One meeting that day: the date alone names it.
    p.ok(&["agenda", "--meeting", "2026-12-09"]);
    let out = p.ok(&[
        "meetings",
        "add",
        "2026-12-09",
        "--time",
        "14:00",
        "--kind",
        "emergency",
    ]);
    assert!(
        out.starts_with("added an emergency meeting on 2026-12-09 at 14:00 at "),
        "{out}"
    );
    p
}

#[test]
fn an_emergency_meeting_shares_the_day_and_is_listed_by_time() {
    let p = with_emergency();
    let list = p.ok(&["meetings", "list"]);
    let day: Vec<&str> = list
        .lines()
        .filter(|l| l.starts_with("2026-12-09"))
        .collect();
    assert_eq!(day.len(), 2, "{list}");
    assert!(day[0].contains("10:00  planned "), "{list}");
    assert!(day[1].contains("14:00  planned (emergency)"), "{list}");
    let n: i64 = p.q("SELECT COUNT(*) FROM meeting WHERE date = '2026-12-09'");
    assert_eq!(n, 2);
    let kind: String = p.q("SELECT kind FROM meeting WHERE start_time = '14:00'");
    assert_eq!(kind, "emergency");
    // The kind is in the change log like any other field.
    let logged: i64 =
        p.q("SELECT COUNT(*) FROM change_log WHERE tbl = 'meeting' AND col = 'kind' AND new_value = 'emergency'");
    assert_eq!(logged, 1);
}

#[test]
fn the_same_day_and_time_twice_is_refused_in_one_line() {
    let p = with_emergency();
    let before = p.dump();
    let err = p.fails(&["meetings", "add", "2026-12-09", "--time", "14:00"]);
    assert_eq!(
        err.trim(),
        "roundtable: there is already a meeting on 2026-12-09 at 14:00 (emergency): give another --time HH:MM"
    );
    // Without --time the panel's 10:00 is taken, which the ordinary meeting holds.
    let err = p.fails(&["meetings", "add", "2026-12-09"]);
    assert!(
        err.contains("already a meeting on 2026-12-09 at 10:00 (ordinary)"),
        "{err}"
    );
    assert_eq!(p.dump(), before, "a refused add writes nothing");
}

#[test]
fn a_date_naming_two_meetings_is_refused_and_date_at_time_names_each() {
    let p = with_emergency();
    for args in [
        vec!["agenda", "--meeting", "2026-12-09"],
        vec!["actions", "--meeting", "2026-12-09"],
        vec!["meetings", "move", "2026-12-09", "--venue", "Room 2"],
    ] {
        let err = p.fails(&args);
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(BOTH), "{args:?}: {err}");
    }
    let am = p.ok(&["agenda", "--meeting", "2026-12-09@10:00"]);
    let pm = p.ok(&["agenda", "--meeting", "2026-12-09@14:00"]);
    assert!(am.contains("10:00"), "{am}");
    assert!(pm.contains("14:00"), "{pm}");
    p.ok(&["actions", "--meeting", "2026-12-09@14:00"]);
    let err = p.fails(&["agenda", "--meeting", "2026-12-09@09:00"]);
    assert!(
        err.contains(
            "no meeting at 2026-12-09@09:00 (the meetings on 2026-12-09 are at 10:00 and 14:00)"
        ),
        "{err}"
    );
    // Moving the emergency meeting to 15:30 names it by its new time after.
    let out = p.ok(&["meetings", "move", "2026-12-09@14:00", "--time", "15:30"]);
    assert!(out.contains("is now on 2026-12-09 at 15:30"), "{out}");
    p.ok(&["agenda", "--meeting", "2026-12-09@15:30"]);
    let err = p.fails(&["meetings", "move", "2026-12-09@15:30", "--time", "10:00"]);
    assert!(
        err.contains("already a meeting on 2026-12-09 at 10:00"),
        "{err}"
    );
}

#[test]
fn the_meeting_screen_opens_the_earlier_meeting_of_the_day() {
    let p = with_emergency();
    let store = p.store();
    let m = store.meeting_to_run().unwrap().unwrap();
    let t: String = store
        .conn()
        .query_row("SELECT start_time FROM meeting WHERE id = ?1", [m], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(t, "10:00");
    // Once the morning meeting has ended, the afternoon's is the one to run.
    store.start_meeting(m).unwrap();
    store.formally_close(m).unwrap();
    store.end_meeting(m, "2027-01-13".parse().unwrap()).unwrap();
    let next = store.meeting_to_run().unwrap().unwrap();
    let t: String = store
        .conn()
        .query_row(
            "SELECT start_time FROM meeting WHERE id = ?1",
            [next],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(t, "14:00");
    // And the lookups name the held one by its time.
    let minutes = roundtable::lookup::minutes::load(
        store.conn(),
        MeetingRef::parse("2026-12-09@10:00", &|s: &str| {
            s.parse().map_err(|_| s.to_string())
        })
        .unwrap(),
    )
    .unwrap();
    assert_eq!(minutes.meeting.start_time.as_deref(), Some("10:00"));
}

#[test]
fn a_second_meeting_beside_one_without_a_time_needs_times_for_both() {
    // A panel whose pattern gives no start time: its meetings have none.
    let p = Panel::empty();
    let file = p.write(
        "untimed.toml",
        &roundtable::domain::panel_def::MAGPAN_TOML.replace("start_time = \"10:00\"\n", ""),
    );
    p.ok(&["init", "--no-encrypt", "--panel", file.to_str().unwrap()]);
    let err = p.fails(&["meetings", "add", "2026-12-09", "--kind", "emergency"]);
    assert!(
        err.contains("there is already a meeting on 2026-12-09: a second one that day needs a start time (--time HH:MM)"),
        "{err}"
    );
    let err = p.fails(&["meetings", "add", "2026-12-09", "--time", "14:00"]);
    assert!(
        err.contains("the meeting on 2026-12-09 has no start time: give it one first (`roundtable meetings move 2026-12-09 --time HH:MM`)"),
        "{err}"
    );
    p.ok(&["meetings", "move", "2026-12-09", "--time", "10:00"]);
    p.ok(&["meetings", "add", "2026-12-09", "--time", "14:00"]);
    // A single-case meeting names its case (issue 21, B9).
    let case = common::new_panel::referral_id(&p.refer(
        "one",
        r#"{"referring_agency": "EDU", "name": "Rowan Achterberg", "dob": "2010-04-02",
            "concerns": "Seen with older youths.", "date_received": "2026-11-16"}"#,
        &[],
    ));
    let out = p.ok(&[
        "meetings",
        "add",
        "2026-12-09",
        "--time",
        "16:00",
        "--kind",
        "single_case",
        "--case",
        &case.to_string(),
    ]);
    assert!(
        out.starts_with("added a single case meeting on 2026-12-09 at 16:00"),
        "{out}"
    );
    let err = p.fails(&["agenda", "--meeting", "2026-12-09"]);
    assert!(
        err.contains("3 meetings on 2026-12-09: name one by its start time, 2026-12-09@10:00 (ordinary) or 2026-12-09@14:00 (ordinary) or 2026-12-09@16:00 (single case)"),
        "{err}"
    );
}
