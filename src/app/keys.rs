//! Every key, in one table that both dispatches and explains: [`BINDINGS`] says, for
//! each row, the keys and the command each one gives, where it applies, and what it
//! does. [`command_for`] reads it to dispatch; the help overlay, the README's keys
//! table ([`markdown_table`]) and every hint that names a key ([`key`]) read it too, so
//! the key shown is the key that works. Editing keys in text fields are in
//! [`super::edit_keys`].

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Help,
    Quit,
    Suspend,
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
    NextScreen,
    ShowRoom,
    Reveal,
    ScreenSafe,
    /// Attendance (items 1-2, section 5.5).
    MarkPresent,
    MarkApology,
    MarkDeputy,
    MarkWritten,
    MarkAbsent,
    AddVisitor,
    /// Guests for one case and leaving early (issue 21, C6 and C8).
    InviteGuest,
    MarkLeft,
    GuestJoins,
    /// A MAPPA level changed at a decision (issue 21, B10).
    ChangeLevel,
    /// The chair of this meeting and the senior mark (issue 21, C2 and C7).
    ChairedBy,
    MarkSenior,
    /// The confidentiality item (Appendix C).
    ShowStatement,
    Sign,
    /// The members, schedule and referrals screens.
    New,
    Retire,
    ScreenReferral,
    /// The referrals screen: the panel's next referral form (MAVE's three, issue 22).
    NextForm,
    /// Ctrl-S, pressed from habit: says everything is saved already (QA session 5).
    Saved,
}

/// Where a row's keys act (for dispatch; `where_` says it in words for the help).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// On every screen, whatever has focus.
    Always,
    /// Anywhere but while typing into a text field (`?`).
    NotTyping,
    Attendance,
    Confidentiality,
    Members,
    Schedule,
    /// The new referrals screen's list (not its form).
    Referrals,
    /// Handled by the field or list itself (Up/Down, Left/Right, Enter): explained
    /// here, dispatched by the widget.
    Widget,
}

/// Where the keys are pressed: what [`When`] is tested against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ctx {
    /// The page on screen that takes page letters, if any (`None` in a dialog, the
    /// help, a form, or a page without letters).
    pub page: Option<When>,
    /// A text field has focus: letters are typing.
    pub typing: bool,
}

/// One key: its code and the modifiers it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(pub KeyCode, pub KeyModifiers);

const fn plain(c: char) -> Key {
    Key(KeyCode::Char(c), KeyModifiers::NONE)
}
const fn ctrl(c: char) -> Key {
    Key(KeyCode::Char(c), KeyModifiers::CONTROL)
}
const fn alt(c: char) -> Key {
    Key(KeyCode::Char(c), KeyModifiers::ALT)
}
const fn code(c: KeyCode) -> Key {
    Key(c, KeyModifiers::NONE)
}

/// A row of the key table.
pub struct Binding {
    /// The keys as the help shows them.
    pub label: &'static str,
    /// Each key and the command it gives (empty for a widget's own keys).
    pub keys: &'static [(Key, Command)],
    pub when: When,
    pub what: &'static str,
    pub where_: &'static str,
}

const fn row(
    label: &'static str,
    keys: &'static [(Key, Command)],
    when: When,
    what: &'static str,
    where_: &'static str,
) -> Binding {
    Binding {
        label,
        keys,
        when,
        what,
        where_,
    }
}

use Command as C;
use KeyCode as K;

/// The key table, in the order the help shows it.
pub const BINDINGS: &[Binding] = &[
    row("F1 / Ctrl-G / ?", &[(code(K::F(1)), C::Help), (ctrl('g'), C::Help)], When::Always,
        "show or hide this help (? when not typing in a text box)", "anywhere"),
    row("?", &[(plain('?'), C::Help)], When::NotTyping,
        "show or hide this help", "when not typing in a text box"),
    row("PgDn / PgUp", &[(code(K::PageDown), C::NextItem), (code(K::PageUp), C::PrevItem)],
        When::Always, "next / previous agenda item; in a dialog taller than the screen, scroll it", "anywhere"),
    row("Ctrl-N / Ctrl-P", &[(ctrl('n'), C::NextCase), (ctrl('p'), C::PrevCase)], When::Always,
        "next / previous case", "case items"),
    row("Tab / Shift-Tab", &[(code(K::Tab), C::NextField), (code(K::BackTab), C::PrevField)],
        When::Always, "next / previous field", "anywhere"),
    row("Up / Down", &[], When::Widget, "move in a list; move the cursor in text", "anywhere"),
    row("Left / Right", &[], When::Widget,
        "change a choice (decision, risk, agency, status); typing finds an option by its words, shown as typed; Enter or leaving the field records it",
        "choice fields"),
    row("Enter", &[], When::Widget,
        "open the case; accept a suggestion; edit the row; confirm", "lists, choices, dialogs"),
    row("Esc", &[(code(K::Esc), C::Back)], When::Always,
        "put back a choice not yet recorded; else close help or a dialog, or back to the case list; typed text is kept",
        "anywhere"),
    row("p a d w x",
        &[(plain('p'), C::MarkPresent), (plain('a'), C::MarkApology), (plain('d'), C::MarkDeputy),
          (plain('w'), C::MarkWritten), (plain('x'), C::MarkAbsent)],
        When::Attendance,
        "present / apology / deputy (registered deputies first) / written submission (asks what it says) / absent",
        "attendance items"),
    row("Enter", &[], When::Widget,
        "what a written submission says; a MAPPA note to put right or complete",
        "attendance (a member who sent one), the after-close item"),
    row("v", &[(plain('v'), C::AddVisitor)], When::Attendance,
        "add a visitor presenting a case", "attendance items"),
    row("c s", &[(plain('c'), C::ChairedBy), (plain('s'), C::MarkSenior)], When::Attendance,
        "the selected person chairs this meeting (the type's chair rule shown) / mark them senior or not (a meeting type with senior = true warns of agencies with nobody senior)",
        "attendance items"),
    row("Space", &[(plain(' '), C::Sign)], When::Confidentiality,
        "sign the confidentiality statement for the selected person", "the confidentiality item"),
    row("s", &[(plain('s'), C::ShowStatement)], When::Confidentiality,
        "show the whole confidentiality statement to the room (Up/Down scroll)",
        "the confidentiality item"),
    row("g", &[(plain('g'), C::InviteGuest)], When::Attendance,
        "invite a guest for one case, as the chair agreed in advance", "attendance items"),
    row("l", &[(plain('l'), C::MarkLeft)], When::Attendance,
        "the selected person leaves now (the time is in the minutes) / is back", "attendance items"),
    row("Ctrl-O", &[(ctrl('o'), C::Override)], When::Always,
        "chair override, with a reason: of the signing gate, or of a quorum before decisions; the coordinator's override of a referral form's failed checklist",
        "the confidentiality item, case pages, a new referral form"),
    row("Ctrl-A", &[(ctrl('a'), C::Add)], When::Always,
        "add an action, intervention row or MAPPA note", "case pages, the after-close item"),
    row("Ctrl-D", &[(ctrl('d'), C::CaseDone)], When::Always,
        "mark the case page done (says what is missing); in a dialog, save it from any field",
        "case pages, dialogs"),
    row("Alt-J", &[(alt('j'), C::GuestJoins)], When::Always,
        "the next guest invited for this case joins (the time is recorded); they leave when the case is done",
        "case pages"),
    row("Alt-L", &[(alt('l'), C::ChangeLevel)], When::Always,
        "record a new MAPPA level for this case, with the reason: it is heard at its new level's item from the next meeting",
        "case pages of a panel that hears MAPPA levels"),
    row("Ctrl-F", &[(ctrl('f'), C::FormalClose)], When::Always,
        "formally close the meeting (who leaves is recorded)", "the last case item onwards"),
    row("Ctrl-E", &[(ctrl('e'), C::EndMeeting)], When::Always,
        "end the meeting and schedule the next", "the after-close item"),
    row("Ctrl-B", &[(ctrl('b'), C::Blank)], When::Always,
        "blank this screen and the room's screen at once / show them again", "anywhere"),
    row("F5 / F6 / F7 / F8, Ctrl-L",
        &[(code(K::F(5)), C::ScreenMeeting), (code(K::F(6)), C::ScreenMembers),
          (code(K::F(7)), C::ScreenIntake), (code(K::F(8)), C::ScreenSchedule),
          (ctrl('l'), C::NextScreen)],
        When::Always,
        "the meeting / members / new referrals / meetings schedule (Ctrl-L: the next of these)",
        "anywhere"),
    row("n r Enter", &[(plain('n'), C::New), (plain('r'), C::Retire)], When::Members,
        "new / retire / edit the selected member", "members"),
    row("n Enter", &[(plain('n'), C::New)], When::Schedule,
        "new meeting / move the selected planned meeting", "meetings"),
    row("n f s", &[(plain('n'), C::New), (plain('f'), C::NextForm), (plain('s'), C::ScreenReferral)],
        When::Referrals,
        "new referral form (Ctrl-D takes it in) / the panel's next form, when it has several / screen the selected referral",
        "new referrals"),
    row("F4", &[(code(K::F(4)), C::Reveal)], When::Always,
        "reveal on the room's screen this case's full name, or this item's intelligence text / hide it",
        "case pages, intelligence items"),
    row("F2 / Ctrl-T", &[(code(K::F(2)), C::ScreenSafe), (ctrl('t'), C::ScreenSafe)],
        When::Always,
        "screen-safe: show this screen as the room sees it (initials, nothing private) / back",
        "the meeting"),
    row("F9 / Alt-W", &[(code(K::F(9)), C::ShowRoom), (alt('w'), C::ShowRoom)], When::Always,
        "show the room this terminal's place (the room follows it until another terminal takes it)",
        "the meeting"),
    row("F3 / Alt-I", &[(code(K::F(3)), C::Initials), (alt('i'), C::Initials)], When::Always,
        "show subjects' names as initials / in full", "anywhere"),
    row("Ctrl-Z", &[(ctrl('z'), C::Suspend)], When::Always,
        "suspend to the shell (what you typed and chose is recorded first); fg brings the meeting back",
        "anywhere"),
    row("Ctrl-Q / Ctrl-C", &[(ctrl('q'), C::Quit), (ctrl('c'), C::Quit)], When::Always,
        "quit: what you typed is already in the database", "anywhere"),
    row("Ctrl-S", &[(ctrl('s'), C::Saved)], When::Always,
        "nothing to do: everything is saved as you type", "anywhere"),
];

impl When {
    /// Does a row of this kind act in `ctx`?
    fn holds(self, ctx: &Ctx) -> bool {
        match self {
            When::Always => true,
            When::NotTyping => !ctx.typing,
            When::Widget => false,
            page => ctx.page == Some(page) && !ctx.typing,
        }
    }
}

impl Key {
    fn matches(&self, k: &KeyEvent) -> bool {
        // Shift is part of the character (`?`, capitals), not a modifier to match.
        let mods = k.modifiers - KeyModifiers::SHIFT;
        let code = match k.code {
            KeyCode::Char(c) if mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            c => c,
        };
        code == self.0 && mods == self.1
    }
}

/// The command `key` gives where it is pressed (`ctx`), from [`BINDINGS`].
pub fn command_for(key: &KeyEvent, ctx: &Ctx) -> Option<Command> {
    BINDINGS
        .iter()
        .filter(|b| b.when.holds(ctx))
        .flat_map(|b| b.keys.iter())
        .find(|(k, _)| k.matches(key))
        .map(|(_, c)| *c)
}

/// The key to name in a message or hint for `command`: the first the table gives it
/// ("Ctrl-D", "F4", "n"). Every hint that names a key takes it from here.
pub fn key(command: Command) -> String {
    BINDINGS
        .iter()
        .flat_map(|b| b.keys.iter())
        .find(|(_, c)| *c == command)
        .map_or_else(|| "?".into(), |(k, _)| k.name())
}

impl Key {
    /// The key as the help writes it: "Ctrl-D", "Alt-W", "F4", "PgDn", "Space", "n".
    pub fn name(&self) -> String {
        let base = match self.0 {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.1.is_empty() => c.to_string(),
            KeyCode::Char(c) => c.to_ascii_uppercase().to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Enter => "Enter".into(),
            other => format!("{other:?}"),
        };
        if self.1.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else if self.1.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }
}

/// Every row the help shows, in order: the [`BINDINGS`], then the text-editing keys
/// ([`super::edit_keys::EDIT_KEYS`]), as (keys, what it does, where).
pub fn rows() -> Vec<(&'static str, &'static str, &'static str)> {
    let keys = BINDINGS
        .iter()
        .filter(|b| b.when != When::NotTyping)
        .map(|b| (b.label, b.what, b.where_));
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

    fn anywhere() -> Ctx {
        Ctx {
            page: None,
            typing: false,
        }
    }

    #[test]
    fn every_key_in_the_table_gives_its_command_where_it_applies() {
        for b in BINDINGS {
            let ctx = match b.when {
                When::Always | When::NotTyping | When::Widget => anywhere(),
                page => Ctx {
                    page: Some(page),
                    typing: false,
                },
            };
            for (k, c) in b.keys {
                let got = command_for(&KeyEvent::new(k.0, k.1), &ctx);
                assert_eq!(got, Some(*c), "{} in {:?}", b.label, b.when);
                assert!(
                    b.label.contains(&k.name()),
                    "the help for {:?} shows {:?}, not {}",
                    c,
                    b.label,
                    k.name()
                );
            }
        }
    }

    #[test]
    fn letters_are_typing_in_a_text_field_and_page_letters_stay_on_their_page() {
        let typing = Ctx {
            page: Some(When::Attendance),
            typing: true,
        };
        let p = KeyEvent::new(KeyCode::Char('p'), KeyModifiers::NONE);
        assert_eq!(command_for(&p, &typing), None);
        assert_eq!(command_for(&p, &anywhere()), None);
        let q = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(command_for(&q, &typing), None);
        assert_eq!(command_for(&q, &anywhere()), Some(Command::Help));
        let n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE);
        let members = Ctx {
            page: Some(When::Members),
            typing: false,
        };
        assert_eq!(command_for(&n, &members), Some(Command::New));
    }

    #[test]
    fn the_key_named_for_a_command_is_one_that_gives_it() {
        assert_eq!(key(Command::CaseDone), "Ctrl-D");
        assert_eq!(key(Command::PrevCase), "Ctrl-P");
        assert_eq!(key(Command::Reveal), "F4");
        assert_eq!(key(Command::ScreenIntake), "F7");
        assert_eq!(key(Command::New), "n");
        assert_eq!(key(Command::Quit), "Ctrl-Q");
    }
}
