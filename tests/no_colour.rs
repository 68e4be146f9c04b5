//! Issue 25: `TERM=dumb` (or `NO_COLOR`) gets no colour on the meeting screen and
//! the room's screen either: the frame goes through the one style switch
//! (`kit::style::finish`, decided by `kit::style::colour_wanted` as for the CLI), and
//! what colour meant is still there (the marking bold, a risk badge reversed, the
//! words).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;
use roundtable::kit::style::finish;
use roundtable::tui::present::current_view;

fn editor(h: &Harness, colour: bool) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| {
        roundtable::ui::render(&h.app, f);
        finish(colour, f.buffer_mut());
    })
    .unwrap();
    t.backend().buffer().clone()
}

fn room(h: &Harness, colour: bool) -> Buffer {
    let view = current_view(&h.store).unwrap();
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| {
        roundtable::ui::presenter::draw(&view, h.app.now, f, f.area());
        finish(colour, f.buffer_mut());
    })
    .unwrap();
    t.backend().buffer().clone()
}

fn coloured(b: &Buffer) -> usize {
    b.content
        .iter()
        .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
        .count()
}

/// The cells of the first place `word` is drawn.
fn cells_of<'a>(b: &'a Buffer, word: &str) -> Vec<&'a ratatui::buffer::Cell> {
    let w = b.area.width as usize;
    for row in b.content.chunks(w) {
        let text: String = row.iter().map(|c| c.symbol()).collect();
        if let Some(at) = text.find(word) {
            // Cells are one symbol each on these (ASCII) words' rows up to `at`.
            let x = text[..at].chars().count();
            return row[x..x + word.chars().count()].iter().collect();
        }
    }
    panic!("{word} is not on the screen")
}

#[test]
fn the_meeting_screen_without_colour_keeps_its_meaning() {
    let mut h = Harness::new();
    h.key(KeyCode::Enter); // started: item 1
    h.key(KeyCode::Enter); // someone marked present: a save
    h.wait(1000);
    let with = editor(&h, true);
    assert!(coloured(&with) > 0, "the screen has colour when allowed");
    let without = editor(&h, false);
    assert_eq!(coloured(&without), 0, "no colour with the switch off");
    // The same words.
    let text = |b: &Buffer| b.content.iter().map(|c| c.symbol()).collect::<String>();
    assert_eq!(text(&with), text(&without));
    // The marking (red with colour) is bold without it.
    for c in cells_of(&without, "RESTRICTED") {
        assert!(c.modifier.contains(Modifier::BOLD), "{c:?}");
    }
    assert!(text(&without).contains("saved"), "{}", text(&without));
}

#[test]
fn the_room_screen_without_colour() {
    let mut h = Harness::new();
    h.key(KeyCode::Enter);
    assert!(coloured(&room(&h, true)) > 0);
    let b = room(&h, false);
    assert_eq!(coloured(&b), 0);
    for c in cells_of(&b, "RESTRICTED") {
        assert!(c.modifier.contains(Modifier::BOLD), "{c:?}");
    }
}
