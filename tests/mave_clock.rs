//! MAVE's time boxes and meeting clock (issue 22, MV13): "1. Individual children or
//! adults where there is a system block making it difficult to safeguard the child or
//! young adult – 45 min" (001 "What is the structure for a MAVE Panel meeting?") and
//! "It will run for three hours" (001 "Frequency"), from mave.toml's
//! `time_box_minutes = 45` and `duration_minutes = 180`: the time used against each on
//! the item's heading, the sidebar, the status line and the room's screen, an overrun
//! in words. The clock is the test's (Tick messages), never the wall's. Every name is
//! invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::{t, Harness};
use common::intake_form::{add_member, shipped_panel};
use ratatui::crossterm::event::KeyCode;
use roundtable::domain::panel_def::MAVE_TOML;
use roundtable::domain::types::{MeetingState, Role};

/// MAVE with three members, the app open at 10:00 on the day of its first meeting.
fn mave() -> Harness {
    let (dir, store) = shipped_panel(MAVE_TOML, "mave.db", "2026-11-16");
    add_member(
        &store,
        "Odile Farrant",
        "Assistant Director",
        "CSC",
        Role::CoChair,
    );
    add_member(
        &store,
        "Bram Kettering",
        "Detective Inspector",
        "POL",
        Role::CoChair,
    );
    add_member(
        &store,
        "Nesta Pryor-Lund",
        "Team Manager",
        "YJS",
        Role::Member,
    );
    let meeting = store.meeting_to_run().unwrap().unwrap();
    let date: String = store
        .conn()
        .query_row("SELECT date FROM meeting WHERE id = ?1", [meeting.0], |r| {
            r.get(0)
        })
        .unwrap();
    Harness::on(dir, store, t(&format!("{date} 10:00:00")))
}

/// Start, everyone present and signed, on to item 3 (001's item 1, individuals).
fn at_item_3(h: &mut Harness) {
    h.key(KeyCode::Enter);
    assert_eq!(h.app.data.state, MeetingState::InProgress);
    for _ in 0..3 {
        h.key(KeyCode::Char('p'));
    }
    h.key(KeyCode::PageDown);
    for _ in 0..3 {
        h.key(KeyCode::Char(' '));
    }
    h.key(KeyCode::PageDown);
    assert_eq!(h.app.item, 3, "{:?}", h.app.message);
}

fn room(h: &Harness) -> String {
    use roundtable::app::privacy::room_view;
    let flags = roundtable::store::live::RoomFlags::default();
    let view = room_view(&h.app.data, Some(h.app.item), None, &flags);
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| roundtable::ui::presenter::draw(&view, h.app.now, f, f.area()))
        .unwrap();
    format!("{}", t.backend())
}

#[test]
fn mave_item_1_runs_in_45_minutes_and_the_meeting_in_three_hours() {
    let mut h = mave();
    // Before the start: each boxed item says its box; no clock runs.
    let s = h.screen_at(200, 60);
    assert!(s.contains("system block (45 min)"), "{s}");
    assert!(!s.contains("Meeting 0:00"), "{s}");

    at_item_3(&mut h);
    h.wait(12 * 60_000 + 4_000);
    let s = h.screen_at(80, 24);
    insta::assert_snapshot!("mave_item_3_within_its_box_80x24", s);
    assert!(s.contains("12:04 of 45:00 · 3. Individual"), "heading: {s}");
    assert!(
        s.contains("    12:04 of 45:00"),
        "under the item in the sidebar: {s}"
    );
    assert!(s.contains("Meeting 12:04 of 3:00:00"), "sidebar: {s}");
    assert!(
        s.contains("meeting 12:04/3:00:00 · item 12:04/45:00 │"),
        "status: {s}"
    );
    assert!(!s.contains("OVER"), "{s}");
    let r = room(&h);
    assert!(r.contains("meeting 12:04 of 3:00:00"), "{r}");

    // Screen-reader mode hears the overrun once, when it starts (not every second).
    let within = roundtable::app::announce::announce(&h.app);
    assert_eq!(within.overrun, None);
    // 48:10 into the item: over by 3:10, said in words on the heading and sidebar.
    h.wait((36 * 60 + 6) * 1000);
    let over = roundtable::app::announce::announce(&h.app);
    assert!(
        roundtable::app::announce::changes(&within, &over)
            .contains(&"Over time: the item (box 45 minutes)".to_string()),
        "{over:?}"
    );
    let s = h.screen_at(80, 24);
    insta::assert_snapshot!("mave_item_3_over_its_box_80x24", s);
    assert!(
        s.contains("48:10 of 45:00 · OVER by 3:10 · 3. Individual"),
        "heading: {s}"
    );
    assert!(s.contains("item 48:10/45:00 OVER"), "status: {s}");
    assert!(!s.contains("Meeting 48:10 of 3:00:00 · OVER"), "{s}");

    // Past three hours: the meeting's overrun too, on the editor's screen and the
    // room's.
    h.wait((2 * 3600 + 15 * 60) * 1000);
    let s = h.screen_at(200, 60);
    assert!(
        s.contains("Meeting 3:03:10 of 3:00:00 · OVER by 3:10"),
        "{s}"
    );
    assert!(s.contains("meeting 3:03:10/3:00:00 OVER"), "{s}");
    let r = room(&h);
    assert!(r.contains("meeting 3:03:10 of 3:00:00 OVER TIME"), "{r}");

    // On to item 4: no box there, so no clock on its heading; its box is counted
    // afresh when the item opens.
    h.key(KeyCode::PageDown);
    assert_eq!(h.app.item, 4);
    let s = h.screen_at(120, 40);
    assert!(s.contains("4. Groups of young people"), "{s}");
    assert!(!s.contains("of 45:00"), "{s}");
    assert!(s.contains("block (45 min)"), "{s}");
}
