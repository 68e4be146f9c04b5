//! Issue 25: `s` on the confidentiality item shows the room the whole statement, and
//! the room's screen scrolls with the editor's. The editor writes the word at its top
//! as a room flag (logged); the presenter, at whatever width, starts at the row that
//! holds that word, under the signed count.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::Terminal;
use roundtable::app::privacy::RoomView;
use roundtable::app::room_log::replay;
use roundtable::tui::present::current_view;

/// The presenter's frame at `w`x`h`, one line per row.
fn presenter(h: &Harness, w: u16, ht: u16) -> Vec<String> {
    let view = current_view(&h.store).unwrap();
    let mut t = Terminal::new(TestBackend::new(w, ht)).unwrap();
    t.draw(|f| roundtable::ui::presenter::draw(&view, h.app.now, f, f.area()))
        .unwrap();
    format!("{}", t.backend())
        .lines()
        .map(|l| l.trim_matches('"').to_string())
        .collect()
}

/// The editor's frame at 80x24, one line per row.
fn editor(h: &Harness) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| roundtable::ui::render(&h.app, f)).unwrap();
    format!("{}", t.backend())
        .lines()
        .map(|l| l.trim_matches('"').to_string())
        .collect()
}

/// The first statement words on the editor's statement box (the row under its top
/// border): the text between the box's side borders, trimmed.
fn editor_top(screen: &[String]) -> String {
    let row = screen
        .iter()
        .position(|l| l.contains("Shown to the room too"))
        .unwrap_or_else(|| panic!("the whole statement is open:\n{}", screen.join("\n")));
    let line = &screen[row + 1];
    let inner: String = line
        .split('│')
        .nth(2)
        .unwrap_or_else(|| panic!("{line}"))
        .to_string();
    inner.trim().to_string()
}

/// The first two statement rows on the presenter, joined: the rows after the signed
/// count and its blank row (and the "…" that says the top is scrolled away).
fn presenter_top(screen: &[String]) -> String {
    let row = screen
        .iter()
        .position(|l| l.contains("Signed by"))
        .unwrap_or_else(|| panic!("the signed count:\n{}", screen.join("\n")));
    let right = |l: &str| l.split('│').nth(1).unwrap_or("").trim().to_string();
    let mut r = row + 2;
    if right(&screen[r]) == "…" {
        r += 1;
    }
    format!("{} {}", right(&screen[r]), right(&screen[r + 1]))
}

fn first_words(s: &str, n: usize) -> Vec<String> {
    s.split_whitespace().take(n).map(str::to_string).collect()
}

#[test]
fn the_rooms_statement_scrolls_with_the_editors_and_is_logged() {
    let mut h = Harness::new();
    h.key(KeyCode::F(9)); // the room follows this terminal
    h.start_and_sign(2);
    h.goto(3);
    // Before `s`: the room reads the statement from its start, under the count.
    let before = presenter(&h, 80, 24);
    assert!(
        presenter_top(&before).starts_with("In working with"),
        "{before:#?}"
    );
    assert_eq!(h.store.room_flags(h.meeting).unwrap().statement_word, None);

    h.key(KeyCode::Char('s'));
    assert_eq!(h.app.screens.signing.statement, Some(0));
    assert_eq!(
        h.store.room_flags(h.meeting).unwrap().statement_word,
        Some(0)
    );
    // Scroll the editor well down: the room's screen starts at the same words, at
    // a projector's width and at a laptop's.
    for _ in 0..9 {
        h.key(KeyCode::Down);
    }
    let word = h.app.screens.signing.statement.unwrap();
    assert!(word > 30, "scrolled by rows of words: {word}");
    assert_eq!(
        h.store.room_flags(h.meeting).unwrap().statement_word,
        Some(word)
    );
    let ed = editor_top(&editor(&h));
    for (w, ht) in [(80, 24), (200, 60)] {
        let room = presenter(&h, w, ht);
        let top = presenter_top(&room);
        // The room's top row holds the editor's top word (a wider row may begin a few
        // words earlier), and the words after it follow on.
        let words = first_words(&ed, 3).join(" ");
        assert!(
            top.contains(&words),
            "{w}x{ht}: the room's top rows against the editor's ({ed}):\n{}",
            room.join("\n")
        );
        let start = top.find(&words).unwrap();
        assert!(
            start < top.len() / 2 + 1,
            "{w}x{ht}: the editor's top words are on the room's first row: {top}"
        );
        assert!(
            room.iter()
                .any(|l| l.contains("Signed by 2 of the 2 people present")),
            "{}",
            room.join("\n")
        );
        assert!(
            room.iter().any(|l| l.contains("│ …")),
            "scrolled: {room:#?}"
        );
    }
    // Up comes back; the top never goes past the last screenful.
    h.key(KeyCode::Up);
    assert!(h.app.screens.signing.statement.unwrap() < word);
    for _ in 0..200 {
        h.key(KeyCode::Down);
    }
    let last = editor(&h);
    let box_bottom = last.iter().rposition(|l| l.contains('└')).unwrap();
    let end = h
        .app
        .data
        .panel
        .statement
        .split_whitespace()
        .last()
        .unwrap();
    assert!(
        last[box_bottom - 1].contains(end),
        "the statement's last words on the last row: {last:#?}"
    );
    // Esc: both screens back to signing, and the flag is cleared.
    h.key(KeyCode::Esc);
    assert_eq!(h.app.screens.signing.statement, None);
    assert_eq!(h.store.room_flags(h.meeting).unwrap().statement_word, None);
    assert!(presenter_top(&presenter(&h, 80, 24)).starts_with("In working with"));

    // The room log says the statement was shown, from where, and closed.
    let data = h.store.load_meeting(h.meeting).unwrap();
    let entries = replay(
        &data,
        &h.store.room_changes(h.meeting).unwrap(),
        &h.store.room_history(h.meeting).unwrap(),
    );
    let changes: Vec<&str> = entries.iter().map(|e| e.change.as_str()).collect();
    assert!(
        changes.contains(
            &"the whole confidentiality statement shown from \"In working with children, young people, young …\""
        ),
        "{changes:#?}"
    );
    let scrolled = entries
        .iter()
        .filter(|e| {
            e.change
                .starts_with("the whole confidentiality statement shown")
        })
        .count();
    assert!(
        scrolled > 9,
        "every scroll is a change of what the room saw"
    );
    assert!(
        entries.iter().any(|e| e
            .shows
            .contains(", the whole confidentiality statement from \"")),
        "{entries:#?}"
    );
    assert_eq!(
        changes.last(),
        Some(&"the confidentiality statement closed"),
        "{changes:#?}"
    );
}

#[test]
fn leaving_the_item_with_the_statement_open_gives_the_room_its_next_item() {
    let mut h = Harness::new();
    h.key(KeyCode::F(9));
    h.start_and_sign(2);
    h.goto(3);
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Down);
    assert!(h.store.room_flags(h.meeting).unwrap().statement_word > Some(0));
    h.key(KeyCode::PageDown);
    assert_eq!(h.app.screens.signing.statement, None);
    assert_eq!(h.store.room_flags(h.meeting).unwrap().statement_word, None);
    // Back at item 3 the room reads the statement from its start again.
    h.goto(3);
    let view = current_view(&h.store).unwrap();
    let RoomView::Meeting(m) = &view else {
        panic!("{view:?}")
    };
    assert_eq!(m.statement.as_ref().unwrap().from_word, None);
}
