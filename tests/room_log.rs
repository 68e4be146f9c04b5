//! Issue 28 item 2: what the room saw. A scripted meeting is run in the editor; after
//! every key the presenter's view is taken as the projector would draw it. The room
//! log, replayed from the change log alone, must say the same screens in the same
//! order (item on screen, a full name on it or not, intelligence text on it or not),
//! name who made each change, record screen-safe mode, and answer "was this case's
//! name ever on the screen?" (`room-log --case ID`) yes for the revealed case and no
//! for the case after it.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use ratatui::crossterm::event::KeyCode;
use roundtable::app::privacy::RoomView;
use roundtable::app::room_log::{about_case, replay, RoomEntry};
use roundtable::tui::present::current_view;

/// One screen as the room saw it: what is on it, a full name, intelligence text.
type Screen = (String, bool, bool);

fn names(h: &Harness) -> Vec<String> {
    let mut st = h.store.conn().prepare("SELECT name FROM subject").unwrap();
    let rows = st.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.map(|r| r.unwrap()).collect()
}

/// What the presenter shows now.
fn presenter(h: &Harness) -> Screen {
    match current_view(&h.store).unwrap() {
        RoomView::Blank => ("blank".into(), false, false),
        RoomView::Holding { .. } => ("holding".into(), false, false),
        RoomView::Meeting(m) => {
            let full = m.case.as_ref().is_some_and(|c| names(h).contains(&c.who));
            let intel = m.intelligence.as_ref().is_some_and(|(_, t)| !t.is_empty());
            (m.item_title.clone(), full, intel)
        }
    }
}

fn logged(e: &RoomEntry) -> Screen {
    let what = match &e.item {
        Some(t) => t.clone(),
        None if e.shows.starts_with("nothing") => "blank".into(),
        None => "holding".into(),
    };
    (what, e.full_name, e.intelligence)
}

fn dedup(v: Vec<Screen>) -> Vec<Screen> {
    let mut out: Vec<Screen> = vec![];
    for s in v {
        if out.last() != Some(&s) {
            out.push(s);
        }
    }
    out
}

#[test]
fn the_room_log_says_what_the_presenter_showed_in_order_and_by_whom() {
    let mut h = Harness::new();
    let mut seen = vec![presenter(&h)];
    // Every key, then the presenter's screen as the projector draws it.
    let step = |h: &mut Harness, keys: &[KeyCode], seen: &mut Vec<Screen>| {
        for k in keys {
            h.key(*k);
            seen.push(presenter(h));
        }
    };
    let go = |h: &mut Harness, n: u32, seen: &mut Vec<Screen>| {
        while h.app.item < n {
            h.key(KeyCode::PageDown);
            seen.push(presenter(h));
        }
    };
    // Start, three present, then sign them on the confidentiality item.
    step(&mut h, &[KeyCode::Enter], &mut seen);
    step(&mut h, &[KeyCode::Char('p'); 3], &mut seen);
    go(&mut h, 3, &mut seen);
    step(&mut h, &[KeyCode::Char(' '); 3], &mut seen);
    go(&mut h, 4, &mut seen);
    h.typ("Car seen outside Marrowby Lane flats at night");
    h.wait(400);
    // The chair shows the police intelligence to the room, then hides it.
    step(&mut h, &[KeyCode::F(4), KeyCode::F(4)], &mut seen);
    go(&mut h, 6, &mut seen);
    step(&mut h, &[KeyCode::Enter], &mut seen);
    let first = h.app.current_case().unwrap().referral.id.0;
    // The first case's full name revealed; the next case hides it by itself.
    step(&mut h, &[KeyCode::F(4)], &mut seen);
    h.ctrl('n');
    seen.push(presenter(&h));
    let second = h.app.current_case().unwrap().referral.id.0;
    assert_ne!(first, second);
    h.ctrl('b');
    seen.push(presenter(&h));
    h.ctrl('b');
    seen.push(presenter(&h));
    // Screen-safe on this terminal, then back to editing.
    step(&mut h, &[KeyCode::F(2), KeyCode::F(2)], &mut seen);

    let seen = dedup(seen);
    assert!(seen.iter().any(|s| s.1), "a full name was shown: {seen:?}");
    assert!(seen.iter().any(|s| s.2), "intelligence was shown: {seen:?}");
    assert!(seen.iter().any(|s| s.0 == "blank"), "{seen:?}");

    let data = h.store.load_meeting(h.meeting).unwrap();
    let entries = replay(
        &data,
        &h.store.room_changes(h.meeting).unwrap(),
        &h.store.room_history(h.meeting).unwrap(),
    );
    let room: Vec<Screen> = entries
        .iter()
        .filter(|e| e.screen == "room")
        .map(logged)
        .collect();
    assert_eq!(
        dedup([vec![seen[0].clone()], room].concat()),
        seen,
        "the room log against the presenter, screen by screen:\n{entries:#?}"
    );
    assert!(entries.iter().all(|e| e.by == "tester"), "{entries:#?}");

    // Screen-safe mode on this terminal is in the log, with what it showed.
    let safe: Vec<&RoomEntry> = entries
        .iter()
        .filter(|e| e.screen == "screen-safe terminal-a")
        .collect();
    assert_eq!(safe.len(), 2, "{entries:#?}");
    assert_eq!(safe[0].change, "screen-safe mode on");
    assert_eq!(safe[0].case_id, Some(second));
    assert!(!safe[0].full_name);
    assert_eq!(safe[1].change, "back to editing");

    // "Was this child's name ever on the screen?"
    let one = about_case(&entries, first);
    assert!(one.iter().any(|e| e.full_name), "{one:#?}");
    assert!(one.iter().any(|e| e
        .change
        .contains(&format!("full name of case {first} revealed"))));
    let two = about_case(&entries, second);
    assert!(!two.is_empty());
    assert!(two.iter().all(|e| !e.full_name), "{two:#?}");

    // The command says the same, from the database alone.
    let db = h.store.path().to_path_buf();
    let date = h.meeting_date().to_string();
    let out = common::ok(&common::rt(
        &db,
        None,
        &["room-log", "--meeting", &date, "--case", &first.to_string()],
    ));
    assert!(
        out.contains(&format!(
            "Case {first}'s full name was on a screen shown to the room 1 time(s)"
        )),
        "{out}"
    );
    assert!(out.contains("[FULL NAME SHOWN]"), "{out}");
    for n in names(&h) {
        assert!(
            !out.contains(&n),
            "the log itself never repeats a name: {out}"
        );
    }
    let out = common::ok(&common::rt(
        &db,
        None,
        &[
            "room-log",
            "--meeting",
            &date,
            "--case",
            &second.to_string(),
            "--json",
        ],
    ));
    let v = common::payload(&out);
    assert_eq!(v["full_name_shown"], false, "{v}");
    assert!(!v["entries"].as_array().unwrap().is_empty());
}

/// Issue 28 item 2: the log says what the room saw then. A subject's name corrected
/// after the meeting (a change logged like any other) does not change the initials
/// the log says were on the screen, nor make a shown name look hidden.
#[test]
fn a_name_corrected_later_is_logged_as_the_room_saw_it_then() {
    use roundtable::store::write::{text, Table};
    let mut h = Harness::new();
    let go = |h: &mut Harness, n: u32| {
        for _ in 0..12 {
            if h.app.item >= n {
                return;
            }
            h.key(KeyCode::PageDown);
        }
        panic!("could not reach item {n}: at {}", h.app.item);
    };
    // Start, three present and signed on the confidentiality item, then a case.
    h.key(KeyCode::Enter);
    for _ in 0..3 {
        h.key(KeyCode::Char('p'));
    }
    go(&mut h, 3);
    for _ in 0..3 {
        h.key(KeyCode::Char(' '));
    }
    go(&mut h, 6);
    h.key(KeyCode::Enter);
    let case = h.app.current_case().unwrap().referral.clone();
    // Shown by initials, then revealed in full, then hidden again.
    h.key(KeyCode::F(4));
    h.key(KeyCode::F(4));
    let before = replay(
        &h.store.load_meeting(h.meeting).unwrap(),
        &h.store.room_changes(h.meeting).unwrap(),
        &h.store.room_history(h.meeting).unwrap(),
    );
    assert!(before.iter().any(|e| e.full_name), "{before:#?}");

    // After the meeting the name is corrected: a new first and last name.
    h.store
        .set_field(
            Table::Subject,
            case.subject.0,
            "name",
            text("Wilhelmina Strandquist"),
        )
        .unwrap();
    let after = replay(
        &h.store.load_meeting(h.meeting).unwrap(),
        &h.store.room_changes(h.meeting).unwrap(),
        &h.store.room_history(h.meeting).unwrap(),
    );
    assert_eq!(after, before, "the log of the meeting is as it was");
    let shows: Vec<&str> = after.iter().map(|e| e.shows.as_str()).collect();
    assert!(
        !shows.iter().any(|s| s.contains("W.S.")),
        "the new initials were never on the screen: {shows:#?}"
    );
    assert!(
        shows.iter().any(|s| s.contains(&format!(
            "case {} as {}",
            case.id.0,
            roundtable::app::text::initials(&case.name)
        ))),
        "the initials the room saw: {shows:#?}"
    );
}
