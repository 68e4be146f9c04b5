//! Form fields: text areas, choices, lists and read-only blocks, each bound to
//! what saving it means.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{TextArea, WrapMode};

use super::text::clean;
use crate::domain::types::*;
use crate::store::ids::*;
use crate::store::write::Table;

/// What a field is bound to: saving it means this.
#[derive(Debug, Clone, PartialEq)]
pub enum Bind {
    /// Plain text saved to a column.
    Text {
        table: Table,
        id: i64,
        col: &'static str,
    },
    /// A date typed as YYYY-MM-DD, saved to a column when valid.
    Date {
        table: Table,
        id: i64,
        col: &'static str,
    },
    Decision {
        discussion: DiscussionId,
        options: &'static [Decision],
    },
    Risk {
        discussion: DiscussionId,
    },
    Lead {
        discussion: DiscussionId,
    },
    Onward {
        discussion: DiscussionId,
        kind: OnwardKind,
    },
    /// Whom a child protection referral is for (section 12: subject, siblings, other).
    CpFor {
        discussion: DiscussionId,
    },
    EarlierAction {
        action: ActionId,
    },
    Actions {
        discussion: DiscussionId,
    },
    Interventions {
        referral: ReferralId,
    },
    IntelAgencies,
    Intel {
        agency: AgencyId,
        police: bool,
    },
    Info,
    /// A field of an open dialog, by its name in that dialog (`"what"`, `"due"`).
    Dialog(&'static str),
    /// A field of the referral intake form, by its name in `ReferralForm`.
    Intake(&'static str),
}

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
        let lines: Vec<String> = clean(value, multiline)
            .split('\n')
            .map(str::to_string)
            .collect();
        let mut area = TextArea::new(lines);
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
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
    }

    /// Replace the text (another terminal's save, or a joined commit), keeping the
    /// cursor at the same place in the words around it: before a change it stays, after
    /// a change it moves with the text that follows it, and at the end it stays at the end.
    pub fn set_text(&mut self, value: &str) {
        let old: Vec<char> = self.value().chars().collect();
        let ratatui_textarea::DataCursor(row, col) = self.area.cursor();
        let at = offset_of(self.area.lines(), row, col);
        let cleaned = clean(value, self.multiline);
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
        area.move_cursor(ratatui_textarea::CursorMove::Jump(
            r.min(u16::MAX as usize) as u16,
            c.min(u16::MAX as usize) as u16,
        ));
        self.area = area;
    }

    pub fn value(&self) -> String {
        self.area.lines().join("\n")
    }

    /// Type a key. Returns true if the text changed.
    pub fn key(&mut self, key: KeyEvent, now_ms: u64) -> bool {
        if !self.multiline && key.code == KeyCode::Enter {
            if self.value().is_empty() {
                if let Some(s) = self.suggestion.clone() {
                    self.area.insert_str(s);
                    self.touch(now_ms);
                    return true;
                }
            }
            return false;
        }
        if key.code == KeyCode::Enter && key.modifiers.contains(KeyModifiers::CONTROL) {
            return false;
        }
        if let KeyCode::Char(c) = key.code {
            if super::text::invisible(c)
                || c.is_control()
                || crate::domain::clean::is_unsafe_char(c)
            {
                return false;
            }
        }
        let changed = self.area.input(key);
        if changed {
            self.touch(now_ms);
        }
        changed
    }

    pub fn paste(&mut self, s: &str, now_ms: u64) -> bool {
        let text = clean(s, self.multiline);
        if text.is_empty() {
            return false;
        }
        let changed = self.area.insert_str(text);
        if changed {
            self.touch(now_ms);
        }
        changed
    }
}

// Few fields exist at once; boxing the editor would only add indirection.
#[allow(clippy::large_enum_variant)]
pub enum Kind {
    Text(TextField),
    Choice {
        options: Vec<String>,
        selected: Option<usize>,
        suggestion: Option<usize>,
        /// The value in the record. `selected` differing from it is a pending choice,
        /// shown as such and recorded only on Enter or on leaving the field.
        committed: Option<usize>,
        /// Letters typed to find an option, and when the last was typed (ms).
        typed: String,
        typed_at: u64,
    },
    List {
        rows: Vec<String>,
        selected: usize,
    },
    Info(Vec<String>),
}

pub struct Field {
    pub label: String,
    pub bind: Bind,
    pub kind: Kind,
}

impl Field {
    pub fn text(label: &str, bind: Bind, value: &str, multiline: bool) -> Self {
        Field {
            label: label.into(),
            bind,
            kind: Kind::Text(TextField::new(value, multiline)),
        }
    }

    pub fn choice(label: &str, bind: Bind, options: Vec<String>, selected: Option<usize>) -> Self {
        Field {
            label: label.into(),
            bind,
            kind: Kind::Choice {
                options,
                selected,
                suggestion: None,
                committed: selected,
                typed: String::new(),
                typed_at: 0,
            },
        }
    }

    pub fn list(label: &str, bind: Bind, rows: Vec<String>) -> Self {
        Field {
            label: label.into(),
            bind,
            kind: Kind::List { rows, selected: 0 },
        }
    }

    pub fn info(label: &str, lines: Vec<String>) -> Self {
        Field {
            label: label.into(),
            bind: Bind::Info,
            kind: Kind::Info(lines),
        }
    }

    /// Type into a text field, or move a choice with Left/Right/Space.
    /// Returns whether the value changed.
    pub fn key(&mut self, key: KeyEvent, now_ms: u64) -> bool {
        match &mut self.kind {
            Kind::Text(t) => t.key(key, now_ms),
            Kind::Choice {
                options,
                selected,
                typed,
                typed_at,
                ..
            } => {
                let new = match key.code {
                    KeyCode::Left => step_choice(*selected, options.len(), false),
                    KeyCode::Right | KeyCode::Char(' ') => {
                        step_choice(*selected, options.len(), true)
                    }
                    KeyCode::Char(c) if c.is_alphanumeric() => {
                        if now_ms.saturating_sub(*typed_at) > TYPE_TO_SELECT_MS {
                            typed.clear();
                        }
                        typed.extend(c.to_lowercase());
                        *typed_at = now_ms;
                        let found = find_option(options, typed).or_else(|| {
                            // No option starts so: start again from this letter.
                            *typed = c.to_lowercase().collect();
                            find_option(options, typed)
                        });
                        match found {
                            Some(i) => Some(i),
                            None => return false,
                        }
                    }
                    _ => return false,
                };
                let changed = new != *selected;
                *selected = new;
                changed
            }
            _ => false,
        }
    }

    pub fn focusable(&self) -> bool {
        !matches!(self.kind, Kind::Info(_))
    }

    pub fn text_value(&self) -> Option<String> {
        match &self.kind {
            Kind::Text(t) => Some(t.value()),
            _ => None,
        }
    }

    pub fn is_text(&self) -> bool {
        matches!(self.kind, Kind::Text(_))
    }
}

/// The char offset of (row, col) in lines joined by newlines.
fn offset_of(lines: &[String], row: usize, col: usize) -> usize {
    lines
        .iter()
        .take(row)
        .map(|l| l.chars().count() + 1)
        .sum::<usize>()
        + col
}

/// The (row, col) of char offset `at` in lines joined by newlines.
fn position_of(lines: &[String], mut at: usize) -> (usize, usize) {
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

/// Letters typed into a choice within this long of each other make one search.
pub const TYPE_TO_SELECT_MS: u64 = 1200;

/// The first option whose text, or one of whose words, starts with `typed`
/// (lower case), ignoring case: "yo" finds "Youth Offending Service (YOS)".
pub fn find_option(options: &[String], typed: &str) -> Option<usize> {
    let starts = |o: &String| o.to_lowercase().starts_with(typed);
    let word = |o: &String| {
        o.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with(typed))
    };
    options
        .iter()
        .position(starts)
        .or_else(|| options.iter().position(word))
}

/// Move a choice left or right; `None` (unset) goes to the first or last option.
pub fn step_choice(selected: Option<usize>, len: usize, forward: bool) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match (selected, forward) {
        (None, true) => 0,
        (None, false) => len - 1,
        (Some(i), true) => (i + 1) % len,
        (Some(i), false) => (i + len - 1) % len,
    })
}

#[derive(Default)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Self {
        let mut f = Form { fields, focus: 0 };
        if !f.fields.first().is_some_and(Field::focusable) {
            f.move_focus(true);
        }
        f
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    pub fn focused_mut(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    pub fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len();
        if n == 0 {
            return;
        }
        for step in 1..=n {
            let i = if forward {
                (self.focus + step) % n
            } else {
                (self.focus + n - step) % n
            };
            if self.fields[i].focusable() {
                self.focus = i;
                return;
            }
        }
    }

    pub fn find(&self, bind: &Bind) -> Option<usize> {
        self.fields.iter().position(|f| &f.bind == bind)
    }

    /// Carry editors over from `old` into this freshly built form, field by field
    /// where the binding matches: text not yet committed is kept as typed (its commit
    /// joins it with whatever is stored now); a committed editor keeps its cursor but
    /// shows the stored text, which another terminal may have changed; a pending
    /// choice stays pending.
    /// Returns the labels of pending choices dropped because the record changed under
    /// them (another terminal recorded a value meanwhile).
    pub fn keep_editors_from(&mut self, old: Form) -> Vec<String> {
        let mut overtaken = vec![];
        let focus_bind = old.fields.get(old.focus).map(|f| f.bind.clone());
        let mut old_fields = old.fields;
        for f in &mut self.fields {
            match &mut f.kind {
                Kind::Text(_) => {
                    let Some(pos) = old_fields
                        .iter()
                        .position(|o| o.bind == f.bind && o.is_text())
                    else {
                        continue;
                    };
                    let o = old_fields.swap_remove(pos);
                    if let (Kind::Text(new_t), Kind::Text(mut old_t)) = (&mut f.kind, o.kind) {
                        if old_t.dirty_since.is_none() && new_t.dirty_since.is_some() {
                            // The new editor holds text from the journal: it wins.
                            continue;
                        }
                        if old_t.dirty_since.is_none() {
                            let stored = new_t.value();
                            if old_t.value() != stored {
                                old_t.set_text(&stored);
                            }
                            old_t.base = std::mem::take(&mut new_t.base);
                        }
                        old_t.suggestion = new_t.suggestion.take();
                        *new_t = old_t;
                    }
                }
                Kind::List { selected, rows } => {
                    if let Some(o) = old_fields.iter().find(|o| o.bind == f.bind) {
                        if let Kind::List { selected: s, .. } = o.kind {
                            *selected = s.min(rows.len().saturating_sub(1));
                        }
                    }
                }
                Kind::Choice {
                    selected,
                    committed,
                    options,
                    ..
                } => {
                    let pending = old_fields.iter().find_map(|o| match &o.kind {
                        Kind::Choice {
                            selected: s,
                            committed: c,
                            options: opts,
                            ..
                        } if o.bind == f.bind && s != c && opts == options => Some((*s, *c)),
                        _ => None,
                    });
                    if let Some((p, was)) = pending {
                        if was != *committed {
                            // The record moved under the pending choice: say so, drop it.
                            overtaken.push(f.label.clone());
                            *selected = *committed;
                        } else if p != *committed {
                            *selected = p;
                        }
                    }
                }
                Kind::Info(_) => {}
            }
        }
        if let Some(b) = focus_bind {
            if let Some(i) = self.find(&b) {
                self.focus = i;
            }
        }
        overtaken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn typing_letters_finds_an_option() {
        let opts: Vec<String> = [
            "Police",
            "Youth Offending Service (YOS)",
            "Children's Social Care",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(find_option(&opts, "yo"), Some(1));
        assert_eq!(find_option(&opts, "soc"), Some(2));
        assert_eq!(find_option(&opts, "zz"), None);
        let mut f = Field::choice("Lead agency", Bind::Info, opts, None);
        for (c, t) in [('c', 10), ('h', 20)] {
            f.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), t);
        }
        let Kind::Choice {
            selected,
            committed,
            ..
        } = f.kind
        else {
            unreachable!()
        };
        assert_eq!(selected, Some(2));
        assert_eq!(
            committed, None,
            "typing only picks; nothing is recorded yet"
        );
    }

    #[test]
    fn choice_steps_wrap_and_start_from_unset() {
        assert_eq!(step_choice(None, 3, true), Some(0));
        assert_eq!(step_choice(None, 3, false), Some(2));
        assert_eq!(step_choice(Some(2), 3, true), Some(0));
        assert_eq!(step_choice(Some(0), 3, false), Some(2));
        assert_eq!(step_choice(None, 0, true), None);
    }

    #[test]
    fn pasted_escape_sequences_never_reach_the_text() {
        let mut t = TextField::new("", true);
        t.paste("hello \u{1b}[2J\u{1b}[31mworld\u{7}", 0);
        assert_eq!(t.value(), "hello world");
        assert_eq!(t.dirty_since, Some(0));
    }

    #[test]
    fn typed_joiners_and_selectors_are_not_kept() {
        let mut t = TextField::new("", false);
        for c in ['👩', '\u{200d}', '⚕', '\u{fe0f}', ' ', 'م'] {
            t.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), 0);
        }
        assert_eq!(t.value(), "👩⚕ م");
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
}
