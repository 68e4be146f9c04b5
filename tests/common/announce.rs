#![allow(clippy::unwrap_used)]
//! The screen-reader mode's lines without a terminal (issue 28 item 1): a key sent as
//! the plain runner sends it, and the lines it prints (src/app/announce.rs).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use roundtable::app::announce::{announce, changes, Announcement};
use roundtable::app::Effect;

use super::harness::Harness;

/// The lines printed after `fx` was performed, from what was said before: the
/// runner marks the announcement when the effects changed the record. Every line is
/// free of box drawing.
pub fn heard(h: &Harness, before: &Announcement, fx: &[Effect]) -> Vec<String> {
    let mut now = announce(&h.app);
    now.wrote = fx.iter().any(Effect::changes_data);
    let lines = changes(before, &now);
    for l in &lines {
        assert!(
            !l.chars().any(|c| ('\u{2500}'..='\u{257f}').contains(&c)),
            "box drawing in {l:?}"
        );
    }
    lines
}

/// Send a key as the plain runner does and return the lines it prints.
pub fn say(h: &mut Harness, key: KeyEvent) -> Vec<String> {
    let before = announce(&h.app);
    let fx = h.send(key);
    heard(h, &before, &fx)
}

pub fn k(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub fn has(lines: &[String], part: &str) -> bool {
    lines.iter().any(|l| l.contains(part))
}
