//! The keys that edit text, in one place: a text field acts on these and nothing else,
//! and the help overlay and the README's keys table list them from [`EDIT_KEYS`].
//!
//! Nothing here deletes without saying so: Enter, Ctrl-J and a bare line feed (what a
//! terminal in the wrong mode sends for Enter) all start a new line; the keys that
//! delete more than one character are listed with Ctrl-U, which undoes them.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One editing operation on a text field. Moves and deletions go by whole characters
/// as people see them (grapheme clusters: a letter with its accents, a flag, a family
/// emoji), never by code point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Type this character.
    Insert(char),
    /// A new line in a multi-line field; in a one-line field, take the suggestion.
    Newline,
    /// Delete the character before the cursor (or join with the line above).
    Backspace,
    /// Delete the character after the cursor (or join with the line below).
    Delete,
    Left,
    Right,
    WordLeft,
    WordRight,
    Up,
    Down,
    LineStart,
    LineEnd,
    /// Delete the word before the cursor.
    DeleteWord,
    /// Delete from the cursor to the end of the line.
    DeleteToEnd,
    Undo,
    Redo,
}

/// A row of the editing keys table.
pub struct EditKey {
    pub keys: &'static str,
    pub what: &'static str,
}

/// What the editing keys do, for the help overlay and the README (the same order as
/// [`edit_for`] reads them).
pub const EDIT_KEYS: &[EditKey] = &[
    EditKey {
        keys: "Enter / Ctrl-J",
        what: "new line in minutes and other long text; in a one-line field, take the suggested value",
    },
    EditKey {
        keys: "Backspace / Delete",
        what: "delete the character before / after the cursor (a letter with its accents, a whole emoji)",
    },
    EditKey {
        keys: "Left / Right",
        what: "move by a character",
    },
    EditKey {
        keys: "Home / End",
        what: "to the start / end of the line",
    },
    EditKey {
        keys: "Ctrl-Left/Right",
        what: "move by a word (also Alt-B / Alt-F)",
    },
    EditKey {
        keys: "Ctrl-W / Alt-Bksp",
        what: "delete the word before the cursor (Ctrl-U undoes it)",
    },
    EditKey {
        keys: "Ctrl-K",
        what: "delete from the cursor to the end of the line (Ctrl-U undoes it)",
    },
    EditKey {
        keys: "Ctrl-U / Ctrl-R",
        what: "undo / redo the last change in this field (an undone change is saved like any other)",
    },
];

/// The edit `key` means in a text field, if any. Keys not listed in [`EDIT_KEYS`] (and
/// plain typing) do nothing in text: they never delete or move text unseen.
pub fn edit_for(key: &KeyEvent) -> Option<Edit> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    Some(match key.code {
        // Ctrl-Enter is left to the screens (it is not a new line).
        KeyCode::Enter if ctrl => return None,
        KeyCode::Enter => Edit::Newline,
        KeyCode::Char('\n' | '\r') => Edit::Newline,
        KeyCode::Char(c) if ctrl && !alt => match c.to_ascii_lowercase() {
            'j' | 'm' => Edit::Newline,
            'h' => Edit::Backspace,
            'w' => Edit::DeleteWord,
            'k' => Edit::DeleteToEnd,
            'u' => Edit::Undo,
            'r' => Edit::Redo,
            _ => return None,
        },
        KeyCode::Char(c) if alt && !ctrl => match c {
            'b' => Edit::WordLeft,
            'f' => Edit::WordRight,
            _ => return None,
        },
        KeyCode::Char(c) if !ctrl && !alt => Edit::Insert(c),
        KeyCode::Backspace if alt => Edit::DeleteWord,
        KeyCode::Backspace => Edit::Backspace,
        KeyCode::Delete => Edit::Delete,
        KeyCode::Left if ctrl => Edit::WordLeft,
        KeyCode::Right if ctrl => Edit::WordRight,
        KeyCode::Left => Edit::Left,
        KeyCode::Right => Edit::Right,
        KeyCode::Up => Edit::Up,
        KeyCode::Down => Edit::Down,
        KeyCode::Home => Edit::LineStart,
        KeyCode::End => Edit::LineEnd,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn line_feeds_are_new_lines_never_deletions() {
        let ctrl = KeyModifiers::CONTROL;
        for key in [
            k(KeyCode::Char('j'), ctrl),
            k(KeyCode::Char('\n'), KeyModifiers::NONE),
            k(KeyCode::Char('\r'), KeyModifiers::NONE),
            k(KeyCode::Enter, KeyModifiers::NONE),
        ] {
            assert_eq!(edit_for(&key), Some(Edit::Newline), "{key:?}");
        }
    }

    #[test]
    fn unlisted_control_keys_do_nothing_in_text() {
        for c in 'a'..='z' {
            let e = edit_for(&k(KeyCode::Char(c), KeyModifiers::CONTROL));
            if let Some(e) = e {
                let shown = EDIT_KEYS
                    .iter()
                    .any(|r| r.keys.contains(&format!("Ctrl-{}", c.to_ascii_uppercase())));
                assert!(
                    shown || matches!(e, Edit::Newline | Edit::Backspace),
                    "Ctrl-{c} edits ({e:?}) but is not in the help"
                );
            }
        }
    }
}
