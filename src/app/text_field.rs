//! A text field's editor: the words, the cursor, and what is still to be saved.
//! Editing goes by the characters people see (grapheme clusters), never by code point,
//! and only the keys in [`super::edit_keys`] edit.

use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use unicode_normalization::UnicodeNormalization;

use super::edit_keys::{edit_for, Edit};
use super::text::{grapheme, typed, Changed};

pub struct TextField {
    pub area: TextArea<'static>,
    pub multiline: bool,
    /// The stored text this editor started from (or last committed): a commit
    /// compares the record with it, so another terminal's words are never written over.
    pub base: String,
    /// Monotonic ms of the first change not yet committed to the record.
    pub dirty_since: Option<u64>,
    /// Monotonic ms of the latest change.
    pub last_change: u64,
    /// Changed since it was last written to the typing journal.
    pub unjournaled: bool,
    /// A commit failed: not tried again before this (monotonic ms), and why.
    pub retry_at: Option<u64>,
    pub failed: Option<String>,
    /// The last commit met another program's write lock: waiting, not failing.
    pub waiting: bool,
    /// A value Enter fills in when the field is empty.
    pub suggestion: Option<String>,
}

impl TextField {
    pub fn new(value: &str, multiline: bool) -> Self {
        let lines: Vec<String> = typed(value, multiline)
            .0
            .split('\n')
            .map(str::to_string)
            .collect();
        let mut area = TextArea::new(lines);
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.set_tab_length(crate::kit::TAB_STOP as u8);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        TextField {
            area,
            multiline,
            base: value.to_string(),
            dirty_since: None,
            last_change: 0,
            unjournaled: false,
            retry_at: None,
            failed: None,
            waiting: false,
            suggestion: None,
        }
    }

    /// Note a change made at `now_ms`: to be journalled at once and committed later.
    pub fn touch(&mut self, now_ms: u64) {
        self.dirty_since.get_or_insert(now_ms);
        self.last_change = now_ms;
        self.unjournaled = true;
        if self.retry_at == Some(u64::MAX) {
            // A refusal (a half-typed date) waits for the next change: this is it, so
            // it is journalled and tried again like any other.
            self.retry_at = None;
        }
    }

    /// Replace the text (another terminal's save, or a joined commit), keeping the
    /// cursor at the same place in the words around it: before a change it stays, after
    /// a change it moves with the text that follows it, and at the end it stays at the end.
    pub fn set_text(&mut self, value: &str) {
        let old: Vec<char> = self.value().chars().collect();
        let ratatui_textarea::DataCursor(row, col) = self.area.cursor();
        let at = offset_of(self.area.lines(), row, col);
        let cleaned = typed(value, self.multiline).0;
        let new: Vec<char> = cleaned.chars().collect();
        let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
        let suffix = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(old.len().min(new.len()) - prefix)
            .take_while(|(a, b)| a == b)
            .count();
        let moved = if at == old.len() {
            // At the end, where minutes grow: stay at the end.
            new.len()
        } else if at <= prefix {
            at
        } else if at >= old.len() - suffix {
            new.len() - (old.len() - at)
        } else {
            new.len() - suffix
        };
        let lines: Vec<String> = cleaned.split('\n').map(str::to_string).collect();
        let (r, c) = position_of(&lines, moved);
        let mut area = TextArea::new(lines);
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.set_tab_length(crate::kit::TAB_STOP as u8);
        jump(&mut area, r, c);
        snap(&mut area);
        self.area = area;
    }

    pub fn value(&self) -> String {
        self.area.lines().join("\n")
    }

    /// Type a key (see [`super::edit_keys`]). Returns true if the text changed.
    /// Keys that are not editing keys do nothing; typed text is kept in NFC, so what
    /// is stored matches the same words typed any other way.
    pub fn key(&mut self, key: KeyEvent, now_ms: u64) -> bool {
        let Some(edit) = edit_for(&key) else {
            return false;
        };
        let changed = self.edit(edit);
        if changed {
            self.compose();
            self.touch(now_ms);
        }
        changed
    }

    /// Perform one edit; returns whether the text changed.
    fn edit(&mut self, edit: Edit) -> bool {
        let a = &mut self.area;
        let ratatui_textarea::DataCursor(row, col) = a.cursor();
        let line = a.lines().get(row).cloned().unwrap_or_default();
        match edit {
            Edit::Insert(c) => {
                if c.is_control() || crate::domain::clean::is_unsafe_char(c) {
                    return false;
                }
                a.insert_char(c);
                true
            }
            Edit::Newline if self.multiline => {
                a.insert_newline();
                true
            }
            Edit::Newline => match self.suggestion.clone() {
                Some(s) if self.value().is_empty() => self.area.insert_str(s),
                _ => false,
            },
            Edit::Backspace if col == 0 => a.delete_char(),
            Edit::Backspace => {
                let from = grapheme::before(&line, col);
                jump(a, row, from);
                a.delete_str(col - from)
            }
            Edit::Delete => {
                let to = grapheme::after(&line, col);
                if to == col {
                    a.delete_next_char()
                } else {
                    a.delete_str(to - col)
                }
            }
            Edit::DeleteWord if col == 0 => a.delete_char(),
            Edit::DeleteWord => {
                let from = grapheme::word_before(&line, col);
                jump(a, row, from);
                a.delete_str(col - from)
            }
            Edit::DeleteToEnd => a.delete_line_by_end(),
            Edit::Undo => a.undo(),
            Edit::Redo => a.redo(),
            Edit::Left if col == 0 => mv(a, CursorMove::Back),
            Edit::Left => jump(a, row, grapheme::before(&line, col)),
            Edit::Right if col >= line.chars().count() => mv(a, CursorMove::Forward),
            Edit::Right => jump(a, row, grapheme::after(&line, col)),
            Edit::WordLeft if col == 0 => mv(a, CursorMove::Back),
            Edit::WordLeft => jump(a, row, grapheme::word_before(&line, col)),
            Edit::WordRight if col >= line.chars().count() => mv(a, CursorMove::Forward),
            Edit::WordRight => jump(a, row, grapheme::word_after(&line, col)),
            Edit::Up => mv(a, CursorMove::Up),
            Edit::Down => mv(a, CursorMove::Down),
            Edit::LineStart => mv(a, CursorMove::Head),
            Edit::LineEnd => mv(a, CursorMove::End),
        }
    }

    /// Keep the text in NFC (a letter typed as letter plus accent becomes the one
    /// character it is), and the cursor on a character boundary.
    fn compose(&mut self) {
        let value = self.value();
        if !unicode_normalization::is_nfc(&value) {
            let nfc: String = value.nfc().collect();
            self.set_text(&nfc);
        }
        snap(&mut self.area);
    }

    /// Paste `s` at the cursor: whether the text changed, and what of `s` was not
    /// kept as it came ([`typed`]), for the status line to say.
    pub fn paste(&mut self, s: &str, now_ms: u64) -> (bool, Changed) {
        let (text, altered) = typed(s, self.multiline);
        if text.is_empty() {
            return (false, altered);
        }
        let changed = self.area.insert_str(text);
        if changed {
            self.compose();
            self.touch(now_ms);
        }
        (changed, altered)
    }
}

/// The char offset of (row, col) in lines joined by newlines.
pub(super) fn offset_of(lines: &[String], row: usize, col: usize) -> usize {
    lines
        .iter()
        .take(row)
        .map(|l| l.chars().count() + 1)
        .sum::<usize>()
        + col
}

/// The (row, col) of char offset `at` in lines joined by newlines.
pub(super) fn position_of(lines: &[String], mut at: usize) -> (usize, usize) {
    for (r, l) in lines.iter().enumerate() {
        let n = l.chars().count();
        if at <= n {
            return (r, at);
        }
        at -= n + 1;
    }
    let last = lines.len().saturating_sub(1);
    (last, lines.last().map_or(0, |l| l.chars().count()))
}

/// Put the cursor at (`row`, char column `col`); never changes the text.
fn jump(a: &mut TextArea<'static>, row: usize, col: usize) -> bool {
    a.move_cursor(CursorMove::Jump(
        row.min(u16::MAX as usize) as u16,
        col.min(u16::MAX as usize) as u16,
    ));
    false
}

/// Move the cursor, then onto the start of the character it landed in.
fn mv(a: &mut TextArea<'static>, m: CursorMove) -> bool {
    a.move_cursor(m);
    snap(a);
    false
}

/// Move the cursor back to the start of the character (grapheme cluster) it is in.
fn snap(a: &mut TextArea<'static>) {
    let ratatui_textarea::DataCursor(row, col) = a.cursor();
    if let Some(line) = a.lines().get(row) {
        let at = grapheme::snap(line, col);
        if at != col {
            jump(a, row, at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typ(t: &mut TextField, s: &str) {
        for c in s.chars() {
            t.key(key(KeyCode::Char(c)), 0);
        }
    }

    #[test]
    fn the_cursor_follows_its_words_when_the_text_changes_elsewhere() {
        let mut t = TextField::new("alpha beta", true);
        // Cursor at the end: text added before it keeps it at the end.
        t.set_text("zero alpha beta");
        let ratatui_textarea::DataCursor(r, c) = t.area.cursor();
        assert_eq!((r, c), (0, 15));
        // Cursor after "zero": text added at the end leaves it there.
        t.area.move_cursor(ratatui_textarea::CursorMove::Jump(0, 4));
        t.set_text("zero alpha beta\ngamma");
        assert_eq!(t.area.cursor(), (0, 4));
        assert_eq!(position_of(&["ab".into(), "cd".into()], 4), (1, 1));
        assert_eq!(offset_of(&["ab".into(), "cd".into()], 1, 1), 4);
    }

    #[test]
    fn pasted_escape_sequences_never_reach_the_text() {
        let mut t = TextField::new("", true);
        let (_, altered) = t.paste("hello \u{1b}[2J\u{1b}[31mworld\u{7}", 0);
        assert!(altered.controls, "said, not silently dropped");
        assert_eq!(t.value(), "hello world");
        assert_eq!(t.dirty_since, Some(0));
    }

    #[test]
    fn typed_joiners_and_selectors_are_kept() {
        // Issue 18: the meeting screen kept what a referral file keeps.
        let mut t = TextField::new("", false);
        typ(&mut t, "👩\u{200d}⚕\u{fe0f} م Mehr\u{200c}nush");
        assert_eq!(t.value(), "👩\u{200d}⚕\u{fe0f} م Mehr\u{200c}nush");
        let mut t = TextField::new("Mehr\u{200c}nush", false);
        t.key(key(KeyCode::Char('!')), 0);
        assert_eq!(
            t.value(),
            "Mehr\u{200c}nush!",
            "a stored joiner survives editing"
        );
    }

    #[test]
    fn single_line_enter_takes_the_suggestion_only_when_empty() {
        let mut t = TextField::new("", false);
        t.suggestion = Some("2027-01-13".into());
        t.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), 5);
        assert_eq!(t.value(), "2027-01-13");
        t.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), 6);
        assert_eq!(t.value(), "2027-01-13", "no newline in a single-line field");
    }

    #[test]
    fn backspace_and_moves_go_by_the_characters_people_see() {
        // Issue 18: Backspace after a decomposed "Zoë" removed only the diaeresis.
        let mut t = TextField::new("", false);
        typ(&mut t, "Zoe\u{308}");
        assert_eq!(
            t.value(),
            "Zo\u{eb}",
            "typed letter plus accent is kept as one (NFC)"
        );
        t.key(key(KeyCode::Backspace), 0);
        assert_eq!(t.value(), "Zo");
        let mut t = TextField::new("a🇬🇧b 👩\u{200d}👩\u{200d}👧", false);
        t.key(key(KeyCode::Backspace), 0);
        assert_eq!(t.value(), "a🇬🇧b ", "a family is one character");
        t.key(key(KeyCode::Left), 0);
        t.key(key(KeyCode::Left), 0);
        t.key(key(KeyCode::Backspace), 0);
        assert_eq!(t.value(), "ab ", "a flag goes whole, never half");
        t.key(key(KeyCode::Right), 0);
        t.key(key(KeyCode::Delete), 0);
        assert_eq!(t.value(), "ab");
        // A combining mark kept apart (not composable) still moves with its letter.
        let mut t = TextField::new("q\u{323}\u{301}x", false);
        t.key(key(KeyCode::Home), 0);
        t.key(key(KeyCode::Right), 0);
        t.key(key(KeyCode::Delete), 0);
        assert_eq!(t.value(), "q\u{323}\u{301}");
        t.key(KeyEvent::new(KeyCode::Left, KeyModifiers::CONTROL), 0);
        assert_eq!(t.area.cursor(), (0, 0));
        t.key(KeyEvent::new(KeyCode::Right, KeyModifiers::CONTROL), 0);
        assert_eq!(t.area.cursor(), (0, 3));
    }

    #[test]
    fn enter_and_line_feeds_start_a_line_and_delete_nothing() {
        // Issue 18: a bare line feed (Enter in a terminal left in cooked mode) and
        // Ctrl-J deleted to the start of the line.
        for nl in [
            key(KeyCode::Enter),
            KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL),
            key(KeyCode::Char('\n')),
        ] {
            let mut t = TextField::new("", true);
            typ(&mut t, "line one");
            t.key(nl, 0);
            typ(&mut t, "line two");
            assert_eq!(t.value(), "line one\nline two", "{nl:?}");
        }
    }

    #[test]
    fn only_listed_keys_edit_and_ctrl_u_undoes_a_deletion() {
        let mut t = TextField::new("keep these words", false);
        for c in ['a', 'e', 'f', 'b', 'n', 'p', 'd', 'x', 'y', 'v', 'c'] {
            t.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL), 0);
        }
        assert_eq!(t.value(), "keep these words");
        t.key(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL), 0);
        assert_eq!(t.value(), "keep these ");
        t.key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL), 0);
        assert_eq!(t.value(), "keep these words");
    }
}
