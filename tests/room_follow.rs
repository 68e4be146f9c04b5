//! QA session 5, faults 1-3: a child's name reaches the room's screen only when a
//! person chose it at that moment, on the terminal the room follows. Two terminals
//! (two `App`s) on one database: a reveal from the terminal the room does not follow
//! is refused and never shown later; every move, blank and takeover ends a reveal;
//! F4 on a shown name hides it; the chair's header says whom the room follows and
//! that a name is on show; a room following a process that is gone falls back to
//! initials and says so; a stranger on the same tty is not the room; Ctrl-S reveals
//! nothing; the room log counts the notes there were at the time.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::Terminal;
use roundtable::app::privacy::RoomView;
use roundtable::app::room_log::replay;
use roundtable::app::Effect;
use roundtable::tui::present::current_view;

/// The name the room's screen gives the case on it, if a case is on it.
fn room_who(h: &Harness) -> Option<String> {
    match current_view(&h.store).unwrap() {
        RoomView::Meeting(m) => m.case.map(|c| c.who),
        _ => None,
    }
}

fn said(h: &Harness) -> String {
    h.app.message.clone().map(|m| m.0).unwrap_or_default()
}

/// The editing screen's header row at 80 columns.
fn header(h: &Harness) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| roundtable::ui::render(&h.app, f)).unwrap();
    format!("{}", t.backend())
        .lines()
        .next()
        .unwrap()
        .to_string()
}

fn revealed(fx: &[Effect]) -> bool {
    fx.iter().any(|e| {
        matches!(e, Effect::RoomReveal { discussion, item } if discussion.is_some() || item.is_some())
    })
}

#[test]
fn a_reveal_on_a_terminal_the_room_does_not_follow_is_refused_and_never_shown_later() {
    let mut chair = Harness::new();
    chair.open_first_case(6);
    let mut taker = chair.peer("minutetaker");
    assert_eq!(
        taker.app.item, 6,
        "the minute-taker starts at the room's place"
    );
    // The minute-taker goes two cases on and presses F4 there.
    taker.ctrl('n');
    taker.ctrl('n');
    let case = taker.app.current_case().unwrap().clone();
    let fx = taker.key(KeyCode::F(4));
    assert!(!revealed(&fx), "{fx:?}");
    assert!(
        said(&taker).contains("not showing the room (F9 takes it)"),
        "{}",
        said(&taker)
    );
    // The chair moves the room to that case: its initials, never its name.
    chair.ctrl('n');
    assert!(room_who(&chair).is_some());
    chair.ctrl('n');
    assert_eq!(
        chair.app.current_case().unwrap().discussion,
        case.discussion
    );
    let who = room_who(&chair).unwrap();
    assert_ne!(who, case.referral.name);
    assert_eq!(who, roundtable::app::text::initials(&case.referral.name));
    // The chair's F4 reveals (the toggle from the record), a second hides.
    chair.key(KeyCode::F(4));
    assert!(said(&chair).starts_with("Revealed"), "{}", said(&chair));
    assert_eq!(room_who(&chair).unwrap(), case.referral.name);
    chair.key(KeyCode::F(4));
    assert_eq!(said(&chair), "Hidden again on the room's screen");
    assert_ne!(room_who(&chair).unwrap(), case.referral.name);

    // Even a store asked directly refuses a reveal from the other terminal.
    let err = taker
        .store
        .set_room_reveal(taker.meeting, Some(case.discussion), None)
        .unwrap_err();
    assert!(err.to_string().contains("not showing the room"), "{err}");
}

#[test]
fn every_move_blank_and_takeover_ends_a_reveal_and_the_header_says_so_meanwhile() {
    let mut chair = Harness::new();
    chair.open_first_case(6);
    let name = chair.app.current_case().unwrap().referral.name.clone();
    assert!(header(&chair).contains("room: here"), "{}", header(&chair));
    // Reveal, then through another case and back: hidden, not shown again.
    chair.key(KeyCode::F(4));
    assert_eq!(room_who(&chair).unwrap(), name);
    assert!(
        header(&chair).contains("ROOM here: FULL NAME SHOWN"),
        "{}",
        header(&chair)
    );
    chair.ctrl('n');
    chair.ctrl('p');
    assert_eq!(chair.app.current_case().unwrap().referral.name, name);
    assert_ne!(room_who(&chair).unwrap(), name, "passing through ends it");
    assert!(header(&chair).contains("room: here"), "{}", header(&chair));
    // F4 now reveals (it does not say "hidden"), then a blank ends it.
    chair.key(KeyCode::F(4));
    assert!(said(&chair).starts_with("Revealed"), "{}", said(&chair));
    chair.ctrl('b');
    chair.ctrl('b');
    assert_ne!(room_who(&chair).unwrap(), name, "a blank ends it");
    // A change of item and back ends it.
    chair.key(KeyCode::F(4));
    chair.key(KeyCode::Esc);
    chair.key(KeyCode::Enter);
    assert_ne!(room_who(&chair).unwrap(), name, "back to the list ends it");
    // Another terminal taking the room ends it; the chair's header says whom the
    // room follows now.
    chair.key(KeyCode::F(4));
    assert_eq!(room_who(&chair).unwrap(), name);
    let mut other = chair.peer("deputy");
    other.key(KeyCode::F(9));
    assert_ne!(room_who(&chair).unwrap(), name, "a takeover ends it");
    chair.wait(100);
    assert!(!chair.app.data.room.here);
    assert!(
        header(&chair).contains("room: deputy"),
        "{}",
        header(&chair)
    );
    let fx = chair.key(KeyCode::F(4));
    assert!(!revealed(&fx), "the chair no longer shows the room: {fx:?}");
}

#[test]
fn a_room_whose_terminal_is_gone_shows_initials_and_says_so_and_a_stranger_on_its_tty_is_not_it() {
    let mut chair = Harness::new();
    chair.open_first_case(6);
    let name = chair.app.current_case().unwrap().referral.name.clone();
    chair.key(KeyCode::F(4));
    assert_eq!(room_who(&chair).unwrap(), name);
    // The terminal the room follows was this tty's earlier process, now gone (same
    // tty name, another process): the room keeps what it revealed in the record...
    let m = chair.meeting;
    let ghost = format!("terminal-a#{}.1", std::process::id());
    chair.peer("earlier").store.take_room(m, &ghost).unwrap();
    chair
        .store
        .conn()
        .execute(
            "UPDATE meeting SET room_reveal_discussion_id = current_discussion_id",
            [],
        )
        .unwrap();
    chair.wait(100);
    // ...but this terminal, the same tty, is a stranger to it: F4 is refused and its
    // moves do not move the room.
    assert!(!chair.app.data.room.here);
    let fx = chair.key(KeyCode::F(4));
    assert!(!revealed(&fx), "{fx:?}");
    let room_case: Option<i64> = chair.q("SELECT current_discussion_id FROM meeting");
    chair.ctrl('n');
    let still: Option<i64> = chair.q("SELECT current_discussion_id FROM meeting");
    assert_eq!(room_case, still, "a stranger does not move the room");
    // The presenter notices the holder is gone: initials, a notice, logged.
    match current_view(&chair.store).unwrap() {
        RoomView::Meeting(v) => {
            assert_ne!(v.case.unwrap().who, name);
            assert!(v.notice.unwrap().contains("follows no terminal"));
        }
        other => panic!("{other:?}"),
    }
    let holder: Option<String> = chair.q("SELECT room_terminal FROM meeting");
    assert_eq!(holder, None);
    let revealed_now: Option<i64> = chair.q("SELECT room_reveal_discussion_id FROM meeting");
    assert_eq!(revealed_now, None);
    let data = chair.store.load_meeting(m).unwrap();
    let log = replay(
        &data,
        &chair.store.room_changes(m).unwrap(),
        &chair.store.room_history(m).unwrap(),
    );
    let last = log.last().unwrap();
    assert!(last.change.contains("follows no terminal"), "{log:#?}");
    assert!(!last.full_name, "{log:#?}");
    chair.wait(100);
    assert!(
        header(&chair).contains("room: none (F9)"),
        "{}",
        header(&chair)
    );
    // F9 takes it again; the room follows this terminal and F4 works.
    chair.key(KeyCode::F(9));
    assert!(chair.app.data.room.here);
    chair.key(KeyCode::F(4));
    assert_eq!(
        room_who(&chair).unwrap(),
        chair.app.current_case().unwrap().referral.name
    );
}

#[test]
fn ctrl_s_reveals_nothing_and_says_everything_is_saved() {
    let mut chair = Harness::new();
    chair.open_first_case(6);
    let name = chair.app.current_case().unwrap().referral.name.clone();
    let fx = chair.ctrl('s');
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(
        said(&chair),
        "Saved already: everything is saved as you type"
    );
    assert_ne!(room_who(&chair).unwrap(), name);
}

#[test]
fn the_room_log_counts_the_notes_there_were_when_the_room_saw_the_item() {
    let mut chair = Harness::new();
    chair.start_and_sign(3);
    chair.goto(4);
    chair.goto(5);
    chair.goto(4);
    chair.typ("Van seen at the Quillon Road garages twice");
    chair.wait(2500);
    chair.goto(5);
    chair.goto(4);
    let m = chair.meeting;
    let data = chair.store.load_meeting(m).unwrap();
    let log = replay(
        &data,
        &chair.store.room_changes(m).unwrap(),
        &chair.store.room_history(m).unwrap(),
    );
    let on4: Vec<&str> = log
        .iter()
        .filter(|e| e.shows.starts_with("4."))
        .map(|e| e.shows.as_str())
        .collect();
    assert_eq!(on4.len(), 3, "{log:#?}");
    assert!(
        on4[0].ends_with("0 intelligence notes (count only)"),
        "{on4:?}"
    );
    assert!(
        on4[1].ends_with("0 intelligence notes (count only)"),
        "{on4:?}"
    );
    assert!(
        on4[2].ends_with("1 intelligence note (count only)"),
        "{on4:?}"
    );
}

/// Screen-reader mode hears what the header's room mark shows (issue 28, "no
/// colour-only meaning ... each change of status announced"): a name going up on the
/// room's screen and coming down again is said, once each.
#[test]
fn plain_mode_says_when_a_name_goes_up_on_the_rooms_screen_and_comes_down() {
    use roundtable::app::announce::{announce, changes};
    let mut chair = Harness::new();
    chair.open_first_case(6);
    let before = announce(&chair.app);
    assert_eq!(
        before.room.as_deref(),
        Some("The room's screen follows this terminal")
    );
    chair.key(KeyCode::F(4));
    let shown = announce(&chair.app);
    let said = changes(&before, &shown);
    assert!(
        said.contains(
            &"The room's screen follows this terminal and shows the full name".to_string()
        ),
        "{said:?}"
    );
    chair.key(KeyCode::F(4));
    let hidden = announce(&chair.app);
    assert!(
        changes(&shown, &hidden).contains(&"The room's screen follows this terminal".to_string()),
        "{:?}",
        changes(&shown, &hidden)
    );
    assert!(changes(&hidden, &announce(&chair.app)).is_empty());
}
