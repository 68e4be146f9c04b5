//! Issue 24, the meeting screen starts at once and stays safe: its first frame does
//! not wait for the whole file to be read; `quick_check` runs beside it, and until it
//! answers everything goes into the write-ahead log only, so a damaged file is left
//! byte for byte as it was found; once damage is found nothing more is written and
//! the screen says so in one line.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use roundtable::store::{IntactCheck, Store};

/// Wait for the check's answer, as the event loop does on every tick.
fn settled(store: &Store, app: &mut roundtable::app::App, check: IntactCheck) {
    let mut check = Some(check);
    let start = Instant::now();
    while check.is_some() {
        assert!(start.elapsed() < Duration::from_secs(60), "no answer");
        roundtable::tui::settle(store, app, &mut check);
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Overwrite the b-tree header of the page at `page` (1-based) with rubbish.
fn damage(db: &Path, page: u64) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    f.seek(SeekFrom::Start(4096 * (page - 1))).unwrap();
    f.write_all(&[0x0d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff].repeat(4))
        .unwrap();
    f.sync_all().unwrap();
}

#[test]
fn a_damaged_file_opens_the_screen_then_stops_writing_and_is_left_as_found() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let db = store.path().to_path_buf();
    drop(store);
    let pages = std::fs::metadata(&db).unwrap().len() / 4096;
    // The last page: not one the meeting needs to open.
    damage(&db, pages);
    let found = std::fs::read(&db).unwrap();

    let store = Store::open_existing(&db, None).unwrap();
    store.check_can_write().unwrap();
    let check = store.check_intact_beside().unwrap();
    let meeting = store.meeting_to_run().unwrap().unwrap();
    let mut app = roundtable::tui::start(&store, meeting).unwrap();
    settled(&store, &mut app, check);

    let (message, warning) = app.message.clone().unwrap();
    assert!(warning, "shown as a warning: {message}");
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains("is damaged") && message.contains("Nothing more is written"),
        "{message}"
    );
    assert!(store.writing_stopped().is_some());
    assert!(
        store.check_can_write().is_err(),
        "a write after the damage was found is refused"
    );
    drop(store);
    assert!(
        std::fs::read(&db).unwrap() == found,
        "the database file is as it was found (what was written went to the log)"
    );
}

#[test]
fn a_whole_file_checkpoints_as_usual_once_the_check_passes() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let db = store.path().to_path_buf();
    drop(store);
    let store = Store::open_existing(&db, None).unwrap();
    let check = store.check_intact_beside().unwrap();
    let pages = |s: &Store| -> i64 {
        s.conn()
            .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(pages(&store), 0, "no checkpoint before the answer");
    let meeting = store.meeting_to_run().unwrap().unwrap();
    let mut app = roundtable::tui::start(&store, meeting).unwrap();
    let before = app.message.clone();
    settled(&store, &mut app, check);
    assert_eq!(app.message, before, "nothing to say about a whole file");
    assert!(store.writing_stopped().is_none());
    assert_eq!(pages(&store), 1000, "checkpoints as usual");
    store.check_can_write().unwrap();
}

/// As the meeting screen runs it: checkpoints held first, the meeting read and
/// written to (the room blanked) before the whole-file check even starts (it starts
/// once the first frame is drawn); the damage is still found, writing stops, and the
/// file is left byte for byte as found.
#[test]
fn writes_before_the_check_starts_go_to_the_log_and_a_damaged_file_is_left_as_found() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let db = store.path().to_path_buf();
    drop(store);
    let pages = std::fs::metadata(&db).unwrap().len() / 4096;
    damage(&db, pages);
    let found = std::fs::read(&db).unwrap();

    let store = Store::open_existing(&db, None).unwrap();
    store.check_can_write().unwrap();
    store.hold_checkpoints().unwrap();
    let meeting = store.meeting_to_run().unwrap().unwrap();
    let mut app = roundtable::tui::start(&store, meeting).unwrap();
    store.set_room_blank(meeting, true).unwrap();
    // More pages written (each change also logged) than the default autocheckpoint
    // (1,000) lets the log hold.
    for i in 0..600 {
        store.set_room_blank(meeting, i % 2 == 0).unwrap();
    }
    let check = store.check_intact_beside().unwrap();
    settled(&store, &mut app, check);

    assert!(store.writing_stopped().is_some(), "the damage is found");
    assert!(
        store.set_room_blank(meeting, false).is_err(),
        "and writing stops"
    );
    drop(store);
    assert!(
        std::fs::read(&db).unwrap() == found,
        "the database file is as it was found (what was written went to the log)"
    );
}
