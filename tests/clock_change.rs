//! Issue 18, "time runs backwards": every moment is stored in UTC and shown in local
//! time, so the change log stays in order and the meeting, item and case clocks keep
//! counting when the clocks go back; a meeting time the clocks skip that night is
//! refused and one they repeat is warned, in one line naming it; rows written before
//! (local time, no offset) still read and show as they did.
//!
//! Every test runs in Europe/London: on 2026-10-25 the clocks go back at 02:00 BST
//! (01:59:59 BST is followed by 01:00:00 GMT); on 2027-03-28 they go forward at
//! 01:00 GMT (to 02:00 BST), so 01:30 that night never happens.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::new_panel;

use std::sync::atomic::Ordering;

use chrono::{DateTime, NaiveDate, Utc};
use common::harness::Harness;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::Terminal;
use roundtable::app::Effect;
use roundtable::domain::clock::{check_wall_time, parse_stamp, WallTime};
use roundtable::lookup::audit::{entries, AuditQuery};
use roundtable::store::write::{text, Table};
use roundtable::store::Store;

/// Every test in this file sets the same zone, once, before it reads a clock (the
/// binaries it runs inherit it).
fn london() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| std::env::set_var("TZ", "Europe/London"));
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn set_clock(h: &Harness, s: &str) {
    h.clock.store(utc(s).timestamp(), Ordering::SeqCst);
}

fn editor_frame(h: &Harness) -> String {
    let mut t = Terminal::new(TestBackend::new(160, 48)).unwrap();
    t.draw(|f| roundtable::ui::render(&h.app, f)).unwrap();
    format!("{}", t.backend())
}

#[test]
fn the_change_log_stays_in_order_when_the_clocks_go_back() {
    london();
    let h = Harness::new();
    let venue = |v: &str| {
        h.store
            .set_field(Table::Meeting, h.meeting.0, "venue", text(v))
            .unwrap();
    };
    // 01:59:58 BST, then four seconds later 01:00:02 GMT.
    set_clock(&h, "2026-10-25T00:59:58Z");
    venue("Room Before");
    set_clock(&h, "2026-10-25T01:00:02Z");
    venue("Room After");
    let c = h.store.conn();
    let at: Vec<String> = c
        .prepare(
            "SELECT at FROM (SELECT id, at FROM change_log ORDER BY id DESC LIMIT 2) ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    // Stored in UTC with its offset: the later change sorts and reads later.
    assert_eq!(at, ["2026-10-25T00:59:58Z", "2026-10-25T01:00:02Z"]);
    assert_eq!(
        parse_stamp(&at[1]).unwrap() - parse_stamp(&at[0]).unwrap(),
        chrono::Duration::seconds(4)
    );
    // The audit listing, by id, shows each in the local time it was made.
    let listed = entries(
        c,
        &AuditQuery {
            since: Some(d("2026-10-25")),
            ..Default::default()
        },
    )
    .unwrap();
    let venues: Vec<(String, Option<String>)> = listed
        .iter()
        .filter(|e| e.column == "venue")
        .map(|e| (e.at.clone(), e.new_value.clone()))
        .collect();
    assert_eq!(
        venues,
        [
            (
                "2026-10-25 01:59:58".to_string(),
                Some("Room Before".into())
            ),
            ("2026-10-25 01:00:02".to_string(), Some("Room After".into())),
        ]
    );
    assert!(listed.windows(2).all(|w| w[0].id < w[1].id));
    // A day that began after both (local) lists neither.
    let later = entries(
        c,
        &AuditQuery {
            since: Some(d("2026-10-26")),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(later.iter().all(|e| e.column != "venue"), "{later:?}");
}

#[test]
fn the_meeting_item_and_case_clocks_keep_counting_when_the_clocks_go_back() {
    london();
    let mut h = Harness::new();
    // 01:40 BST on the night the clocks go back; the meeting is dated another day,
    // so the first Enter asks and the second (in open_first_case) starts it.
    set_clock(&h, "2026-10-25T00:40:00Z");
    h.wait(0);
    h.key(KeyCode::Enter);
    h.open_first_case(6);
    // Thirty minutes of ticks, across 02:00 BST -> 01:00 GMT: it is 01:10 GMT.
    for _ in 0..30 {
        h.wait(60_000);
    }
    let screen = editor_frame(&h);
    assert!(
        screen.contains(" 01:10 · meeting 30:00 · item 30:00"),
        "{screen}"
    );
    assert!(screen.contains("· case 30:00"), "{screen}");
    // A terminal started now carries the item and case clocks on from the record.
    let mut peer = h.peer("terminal-b");
    peer.wait(1000);
    let screen = editor_frame(&peer);
    assert!(screen.contains("· meeting 30:01"), "{screen}");
    assert!(screen.contains("· case 30:01"), "{screen}");
}

#[test]
fn a_meeting_time_the_clocks_skip_is_refused_and_one_they_repeat_is_warned() {
    london();
    use chrono::NaiveTime;
    let at = NaiveTime::from_hms_opt(1, 30, 0).unwrap();
    assert_eq!(
        check_wall_time(d("2027-03-28"), at),
        WallTime::Skipped(
            "2027-03-28 01:30 does not exist: the clocks go forward that night; choose another date or time".into()
        )
    );
    assert_eq!(
        check_wall_time(d("2026-10-25"), at),
        WallTime::Twice(
            "2026-10-25 01:30 happens twice: the clocks go back that night; the first (UTC+01:00) is meant".into()
        )
    );
    assert_eq!(check_wall_time(d("2026-10-24"), at), WallTime::Once);
    // The CLI: a panel meeting at 01:30.
    let p = new_panel::Panel::new();
    rusqlite::Connection::open(&p.db)
        .unwrap()
        .execute_batch(
            // Issue 20: a moved meeting keeps its own start time, so the meetings
            // already planned are set to 01:30 as well as the pattern.
            "UPDATE panel SET meeting_pattern = json_set(meeting_pattern, '$.start_time', '01:30');
             UPDATE meeting SET start_time = '01:30';",
        )
        .unwrap();
    let before: i64 = p.q("SELECT COUNT(*) FROM meeting");
    let err = p.fails(&["meetings", "add", "2027-03-28"]);
    // One line (beside the usual one that a Sunday is not a working day).
    let said: Vec<&str> = err.lines().filter(|l| l.contains("01:30")).collect();
    assert_eq!(
        said,
        ["roundtable: the meeting time 2027-03-28 01:30 does not exist: the clocks go forward that night; choose another date or time"],
        "{err}"
    );
    let err = p.fails(&["meetings", "move", "2026-12-09", "--to", "2027-03-28"]);
    assert!(err.contains("2027-03-28 01:30 does not exist"), "{err}");
    assert_eq!(p.q::<i64>("SELECT COUNT(*) FROM meeting"), before);
    assert_eq!(
        p.q::<i64>("SELECT COUNT(*) FROM meeting WHERE date = '2026-12-09'"),
        1
    );
    // The night the clocks go back: added, with a one-line warning.
    let o = p.run_on("2026-10-01", &["meetings", "add", "2026-10-25"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let warn = common::stderr(&o);
    assert!(
        warn.lines().any(|l| l
            == "warning: the meeting time 2026-10-25 01:30 happens twice: the clocks go back that night; the first (UTC+01:00) is meant"),
        "{warn}"
    );
}

#[test]
fn the_meeting_screen_refuses_a_skipped_time_and_warns_of_a_repeated_one() {
    london();
    let mut h = Harness::new();
    h.store
        .conn()
        .execute_batch(
            // Issue 20: a moved meeting keeps its own start time, so the meetings
            // already planned are set to 01:30 as well as the pattern.
            "UPDATE panel SET meeting_pattern = json_set(meeting_pattern, '$.start_time', '01:30');
             UPDATE meeting SET start_time = '01:30';",
        )
        .unwrap();
    let meetings = |h: &Harness| -> i64 { h.q("SELECT COUNT(*) FROM meeting") };
    let before = meetings(&h);
    h.apply(vec![Effect::AddMeeting {
        date: d("2027-03-28"),
        venue: "Room Nine".into(),
    }]);
    let (msg, _) = h.app.message.clone().unwrap();
    assert!(msg.contains("2027-03-28 01:30 does not exist"), "{msg}");
    assert_eq!(meetings(&h), before);
    let moved = h.meeting;
    h.apply(vec![Effect::MoveMeeting {
        from: h.meeting_date(),
        to: d("2027-10-31"),
        venue: "Room Nine".into(),
    }]);
    let (msg, _) = h.app.message.clone().unwrap();
    assert!(msg.contains("2027-10-31 01:30 happens twice"), "{msg}");
    assert_eq!(
        h.q::<String>(&format!("SELECT date FROM meeting WHERE id = {}", moved.0)),
        "2027-10-31"
    );
}

#[test]
fn init_refuses_a_skipped_meeting_time_before_making_the_file() {
    london();
    // The UK's clocks change on Sundays, never a meeting day; in this zone they go
    // forward at 01:00 on the second Wednesday of March, MAGPan's meeting day.
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/panels/magpan.toml"
    ))
    .unwrap();
    let panel = dir.path().join("panel.toml");
    std::fs::write(
        &panel,
        shipped.replace("start_time = \"10:00\"", "start_time = \"01:30\""),
    )
    .unwrap();
    let db = dir.path().join("new.db");
    let o = std::process::Command::new(common::bin())
        .arg("--db")
        .arg(&db)
        .args(["init", "--no-encrypt", "--meetings", "2", "--panel"])
        .arg(&panel)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_TODAY", "2027-03-01")
        .env("TZ", "GMT0BST,M3.2.3/1,M10.2.3/2")
        .env("CI", "true")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let err = common::stderr(&o);
    assert!(!o.status.success(), "{}", common::stdout(&o));
    assert_eq!(
        err.trim(),
        "roundtable: the meeting time 2027-03-10 01:30 does not exist: the clocks go forward that night; choose another date or time"
    );
    assert!(!db.exists(), "no file is made");
}

#[test]
fn setting_up_a_panel_refuses_a_skipped_meeting_time() {
    london();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let store = Store::open(&path, None).unwrap();
    let mut def = roundtable::domain::panel_def::PanelDef::magpan();
    def.meeting_pattern.start_time = Some("01:30".into());
    let err = store
        .set_up_panel(&def, &[d("2027-03-28")], &[], d("2027-03-01"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("2027-03-28 01:30 does not exist"), "{err}");
    assert_eq!(store.panel_name().unwrap(), None);
}

#[test]
fn old_local_time_rows_still_read_and_show_as_before() {
    london();
    let dir = tempfile::tempdir().unwrap();
    let db = common::old_database(dir.path(), "release-schema2.db");
    let store = Store::open_existing(&db, None).unwrap();
    // The June meeting was started at 10:00 local (BST): 09:00 UTC.
    let june = roundtable::store::MeetingId(7);
    let m = store.load_meeting(june).unwrap();
    assert_eq!(m.date, d("2026-06-10"));
    assert_eq!(m.started_at, Some(utc("2026-06-10T09:00:00Z")));
    assert_eq!(m.formally_closed_at, Some(utc("2026-06-10T10:50:00Z")));
    // The audit listing shows the old row as it was written.
    let listed = entries(store.conn(), &AuditQuery::default()).unwrap();
    assert_eq!(listed[0].at, "2026-11-22 09:00:00");
    // A change now is stored in UTC beside the old rows, and listed after them.
    drop(store);
    let store = Store::open_existing(&db, None)
        .unwrap()
        .with_clock(Box::new(|| utc("2026-11-23T10:15:00Z")));
    store
        .set_field(Table::Meeting, 13, "venue", text("Room Twelve"))
        .unwrap();
    let listed = entries(store.conn(), &AuditQuery::default()).unwrap();
    let last = listed.last().unwrap();
    assert_eq!(
        (last.at.as_str(), last.column.as_str()),
        ("2026-11-23 10:15:00", "venue")
    );
    let stored: String = store
        .conn()
        .query_row(
            "SELECT at FROM change_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, "2026-11-23T10:15:00Z");
}
