//! Every key binding, in one place: the help overlay and the README table both come
//! from `BINDINGS`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key does, independent of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Help,
    Quit,
    NextField,
    PrevField,
    NextItem,
    PrevItem,
    NextCase,
    PrevCase,
    Back,
    CaseDone,
    Add,
    Override,
    FormalClose,
    EndMeeting,
    Blank,
    Initials,
    ScreenMeeting,
    ScreenMembers,
    ScreenIntake,
    ScreenSchedule,
    ShowRoom,
    Reveal,
    ScreenSafe,
    NextScreen,
    Suspend,
}

pub struct Binding {
    pub keys: &'static str,
    pub command: Option<Command>,
    pub what: &'static str,
    pub where_: &'static str,
}

/// The key table. Rows with no `command` are handled by the screen itself.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: "F1 / Ctrl-G / ?",
        command: Some(Command::Help),
        what: "show or hide this help (? when not typing in a text box)",
        where_: "anywhere",
    },
    Binding {
        keys: "PgDn / PgUp",
        command: Some(Command::NextItem),
        what: "next / previous agenda item",
        where_: "anywhere",
    },
    Binding {
        keys: "Ctrl-N / Ctrl-P",
        command: Some(Command::NextCase),
        what: "next / previous case",
        where_: "case items",
    },
    Binding {
        keys: "Tab / Shift-Tab",
        command: Some(Command::NextField),
        what: "next / previous field",
        where_: "anywhere",
    },
    Binding {
        keys: "Up / Down",
        command: None,
        what: "move in a list; move the cursor in text",
        where_: "anywhere",
    },
    Binding {
        keys: "Left / Right",
        command: None,
        what: "change a choice (decision, risk, agency, status); typing finds an option by its words, shown as typed; Enter or leaving the field records it",
        where_: "choice fields",
    },
    Binding {
        keys: "Enter",
        command: None,
        what: "open the case; accept a suggestion; edit the row; confirm",
        where_: "lists, choices, dialogs",
    },
    Binding {
        keys: "Esc",
        command: Some(Command::Back),
        what: "put back a choice not yet recorded; else close help or a dialog, or back to the case list; typed text is kept",
        where_: "anywhere",
    },
    Binding {
        keys: "p a d w x",
        command: None,
        what: "present / apology / deputy (registered deputies first) / written submission (asks what it says) / absent",
        where_: "attendance items",
    },
    Binding {
        keys: "Enter",
        command: None,
        what: "what a written submission says; a MAPPA note to put right or complete",
        where_: "attendance (a member who sent one), the after-close item",
    },
    Binding {
        keys: "v",
        command: None,
        what: "add a visitor presenting a case",
        where_: "attendance items",
    },
    Binding {
        keys: "Space",
        command: None,
        what: "sign the confidentiality statement for the selected person",
        where_: "the confidentiality item",
    },
    Binding {
        keys: "s",
        command: None,
        what: "show the whole confidentiality statement to the room (Up/Down scroll)",
        where_: "the confidentiality item",
    },
    Binding {
        keys: "Ctrl-O",
        command: Some(Command::Override),
        what: "chair override of the signing gate, with a reason",
        where_: "the confidentiality item",
    },
    Binding {
        keys: "Ctrl-A",
        command: Some(Command::Add),
        what: "add an action, intervention row or MAPPA note",
        where_: "case pages, the after-close item",
    },
    Binding {
        keys: "Ctrl-D",
        command: Some(Command::CaseDone),
        what: "mark the case page done (says what is missing); in a dialog, save it from any field",
        where_: "case pages, dialogs",
    },
    Binding {
        keys: "Ctrl-F",
        command: Some(Command::FormalClose),
        what: "formally close the meeting (who leaves is recorded)",
        where_: "the last case item onwards",
    },
    Binding {
        keys: "Ctrl-E",
        command: Some(Command::EndMeeting),
        what: "end the meeting and schedule the next",
        where_: "the after-close item",
    },
    Binding {
        keys: "Ctrl-B",
        command: Some(Command::Blank),
        what: "blank this screen and the room's screen at once / show them again",
        where_: "anywhere",
    },
    Binding {
        keys: "F5 / F6 / F7 / F8, Ctrl-L",
        command: Some(Command::ScreenMeeting),
        what: "the meeting / members / new referrals / meetings schedule (Ctrl-L: the next of these)",
        where_: "anywhere",
    },
    Binding {
        keys: "n r Enter",
        command: None,
        what: "new / retire / edit the selected member or meeting",
        where_: "members, meetings",
    },
    Binding {
        keys: "n s",
        command: None,
        what: "new referral form (Ctrl-D takes it in) / screen the selected referral",
        where_: "new referrals",
    },
    Binding {
        keys: "F4 / Ctrl-S",
        command: Some(Command::Reveal),
        what: "reveal on the room's screen this case's full name, or this item's intelligence text / hide it",
        where_: "case pages, intelligence items",
    },
    Binding {
        keys: "F2 / Ctrl-T",
        command: Some(Command::ScreenSafe),
        what: "screen-safe: show this screen as the room sees it (initials, nothing private) / back",
        where_: "the meeting",
    },
    Binding {
        keys: "F9 / Alt-W",
        command: Some(Command::ShowRoom),
        what: "show the room this terminal's place (the room follows it until another terminal takes it)",
        where_: "the meeting",
    },
    Binding {
        keys: "F3 / Alt-I",
        command: Some(Command::Initials),
        what: "show subjects' names as initials / in full",
        where_: "anywhere",
    },
    Binding {
        keys: "Ctrl-Z",
        command: Some(Command::Suspend),
        what: "suspend to the shell (what you typed and chose is recorded first); fg brings the meeting back",
        where_: "anywhere",
    },
    Binding {
        keys: "Ctrl-Q / Ctrl-C",
        command: Some(Command::Quit),
        what: "quit: what you typed is already in the database",
        where_: "anywhere",
    },
];

/// The global command a key means, if any. Screen keys (letters, arrows) are not here.
pub fn command_for(key: &KeyEvent) -> Option<Command> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if key.modifiers.contains(KeyModifiers::ALT) && !ctrl {
        // Alternatives for F-keys whose Ctrl letters the text box edits with.
        match key.code {
            KeyCode::Char('i') => return Some(Command::Initials),
            KeyCode::Char('w') => return Some(Command::ShowRoom),
            _ => {}
        }
    }
    match key.code {
        KeyCode::F(1) => Some(Command::Help),
        KeyCode::F(3) => Some(Command::Initials),
        KeyCode::F(5) => Some(Command::ScreenMeeting),
        KeyCode::F(6) => Some(Command::ScreenMembers),
        KeyCode::F(7) => Some(Command::ScreenIntake),
        KeyCode::F(8) => Some(Command::ScreenSchedule),
        KeyCode::F(9) => Some(Command::ShowRoom),
        KeyCode::F(4) => Some(Command::Reveal),
        KeyCode::F(2) => Some(Command::ScreenSafe),
        KeyCode::PageDown => Some(Command::NextItem),
        KeyCode::PageUp => Some(Command::PrevItem),
        KeyCode::Tab => Some(Command::NextField),
        KeyCode::BackTab => Some(Command::PrevField),
        KeyCode::Esc => Some(Command::Back),
        KeyCode::Char(c) if ctrl => match c.to_ascii_lowercase() {
            'q' | 'c' => Some(Command::Quit),
            'n' => Some(Command::NextCase),
            'p' => Some(Command::PrevCase),
            'd' => Some(Command::CaseDone),
            'a' => Some(Command::Add),
            'o' => Some(Command::Override),
            'f' => Some(Command::FormalClose),
            'e' => Some(Command::EndMeeting),
            'b' => Some(Command::Blank),
            // Alternatives to F-keys that desktop terminals and laptops often take.
            // (Letters the text box uses for editing are left to it.)
            'g' => Some(Command::Help),
            't' => Some(Command::ScreenSafe),
            's' => Some(Command::Reveal),
            'l' => Some(Command::NextScreen),
            'z' => Some(Command::Suspend),
            _ => None,
        },
        _ => None,
    }
}

/// Every row the help shows, in order: the [`BINDINGS`], then the text-editing keys
/// ([`super::edit_keys::EDIT_KEYS`]), as (keys, what it does, where).
pub fn rows() -> Vec<(&'static str, &'static str, &'static str)> {
    let keys = BINDINGS.iter().map(|b| (b.keys, b.what, b.where_));
    let edits = super::edit_keys::EDIT_KEYS
        .iter()
        .map(|e| (e.keys, e.what, "text fields"));
    keys.chain(edits).collect()
}

/// The keys table as Markdown, for the README.
pub fn markdown_table() -> String {
    let mut out = String::from("| key | what it does | where |\n|---|---|---|\n");
    for (keys, what, where_) in rows() {
        out.push_str(&format!("| {keys} | {what} | {where_} |\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_key_that_reaches_it() {
        let key = |c: KeyCode, m: KeyModifiers| KeyEvent::new(c, m);
        let ctrl = KeyModifiers::CONTROL;
        assert_eq!(
            command_for(&key(KeyCode::Char('d'), ctrl)),
            Some(Command::CaseDone)
        );
        assert_eq!(
            command_for(&key(KeyCode::Char('b'), ctrl)),
            Some(Command::Blank)
        );
        assert_eq!(
            command_for(&key(KeyCode::Char('d'), KeyModifiers::NONE)),
            None,
            "plain letters are typing"
        );
        let mut keys: Vec<KeyEvent> = (1..=12)
            .map(|n| key(KeyCode::F(n), KeyModifiers::NONE))
            .collect();
        keys.extend(('a'..='z').map(|c| key(KeyCode::Char(c), ctrl)));
        keys.extend(('a'..='z').map(|c| key(KeyCode::Char(c), KeyModifiers::ALT)));
        for c in [
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Esc,
        ] {
            keys.push(key(c, KeyModifiers::NONE));
        }
        let reachable: Vec<Command> = keys.iter().filter_map(command_for).collect();
        for b in BINDINGS {
            if let Some(c) = b.command {
                assert!(reachable.contains(&c), "{} ({:?}) has no key", b.keys, c);
            }
        }
    }
}
