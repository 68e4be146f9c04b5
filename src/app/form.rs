//! Form fields: text areas, choices, lists and read-only blocks, each bound to
//! what saving it means.

pub use super::text_field::TextField;
use crate::store::ids::*;
use crate::store::write::Table;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

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
    /// The decision, one of the panel's decisions offered at the item (by code).
    Decision {
        discussion: DiscussionId,
        options: Vec<String>,
    },
    /// A closure or removal reason from the panel's list (`[closure] reasons`).
    ClosureReason {
        discussion: DiscussionId,
    },
    /// The key worker's agency (their name is a text field).
    KeyWorkerAgency {
        discussion: DiscussionId,
    },
    Risk {
        discussion: DiscussionId,
    },
    Lead {
        discussion: DiscussionId,
    },
    /// The state of an onward referral of the panel's kind `kind` (its code).
    Onward {
        discussion: DiscussionId,
        kind: String,
    },
    /// Whom an onward referral of kind `kind` is for (MAGPan's child protection,
    /// section 12: subject, siblings, other).
    CpFor {
        discussion: DiscussionId,
        kind: String,
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
    /// A field of a panel's own referral form (`[[form]]`), by its key.
    Answer(String),
    /// One option of a panel form's multi-choice field: the field's key, the option's code.
    AnswerOption(String, String),
    /// The checklist, a risk rating, sharing decisions or escalations (issue 21).
    Record(crate::app::page::cases::record::RecordBind),
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
        /// What was typed to find an option (shown beside the choice until it is
        /// recorded, put back or stepped with the arrows).
        typed: String,
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

    /// Type into a text field, or move a choice: Left/Right step, typing finds an option
    /// by what is typed (spaces and punctuation included, see [`find_option`]),
    /// Backspace takes back a typed character, Space steps when nothing is typed. A
    /// moved choice is pending: only Enter or leaving the field records it.
    /// Returns whether the value changed.
    pub fn key(&mut self, key: KeyEvent, now_ms: u64) -> bool {
        match &mut self.kind {
            Kind::Text(t) => t.key(key, now_ms),
            Kind::Choice {
                options,
                selected,
                committed,
                typed,
                ..
            } => {
                let plain = !key.modifiers.intersects(
                    ratatui::crossterm::event::KeyModifiers::CONTROL
                        | ratatui::crossterm::event::KeyModifiers::ALT,
                );
                let new = match key.code {
                    KeyCode::Left => {
                        typed.clear();
                        step_choice(*selected, options.len(), false)
                    }
                    KeyCode::Right => {
                        typed.clear();
                        step_choice(*selected, options.len(), true)
                    }
                    KeyCode::Char(' ') if typed.is_empty() && plain => {
                        step_choice(*selected, options.len(), true)
                    }
                    KeyCode::Char(c) if plain && !c.is_control() => {
                        typed.push(c);
                        // What matches nothing shows the recorded value: a search that
                        // failed never leaves an option pending to be recorded.
                        find_option(options, typed).or(*committed)
                    }
                    KeyCode::Backspace if !typed.is_empty() => {
                        typed.pop();
                        if typed.is_empty() {
                            *committed
                        } else {
                            find_option(options, typed).or(*committed)
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

    /// The choice a person has recorded (Enter, or leaving the field), not one still
    /// pending on screen. `None` for an unset choice and for other fields.
    pub fn chosen(&self) -> Option<usize> {
        match &self.kind {
            Kind::Choice { committed, .. } => *committed,
            _ => None,
        }
    }

    /// A choice moved but not recorded yet (shown as "not recorded").
    pub fn pending(&self) -> bool {
        matches!(&self.kind, Kind::Choice { selected, committed, .. } if selected != committed)
    }

    /// Record a pending choice in the form itself (dialogs and the intake form, whose
    /// values reach the database only when the form is saved). Returns whether there
    /// was one.
    pub fn record(&mut self) -> bool {
        let pending = self.pending();
        if let Kind::Choice {
            selected,
            committed,
            typed,
            ..
        } = &mut self.kind
        {
            *committed = *selected;
            typed.clear();
        }
        pending
    }

    /// Esc: put a pending choice back to what is recorded, and forget what was typed.
    /// Returns whether anything was put back (then Esc does nothing else).
    pub fn abandon(&mut self) -> bool {
        let Kind::Choice {
            selected,
            committed,
            typed,
            ..
        } = &mut self.kind
        else {
            return false;
        };
        let had = *selected != *committed || !typed.is_empty();
        *selected = *committed;
        typed.clear();
        had
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

/// The option `typed` names, as typed (spaces and punctuation included): the first
/// whose label starts with it, else the first with a word that does, ignoring case and
/// accents. "yo" finds "Youth Offending Service (YOS)"; "not done: c" finds "not done:
/// circumstances changed", never "carried over"; "agency did" finds "not done: agency
/// did not act". `None` if no option matches (the choice then stays where it was).
pub fn find_option(options: &[String], typed: &str) -> Option<usize> {
    // Punctuation is not what tells options apart: "not done (agency)" is "not done
    // agency", as "not done: agency did not act" is. A trailing space is kept, so
    // "not " goes on matching as typed.
    let words = |s: &str| -> String {
        let f = crate::domain::names::fold(s);
        let mut out = String::with_capacity(f.len());
        for c in f.chars() {
            if c.is_alphanumeric() {
                out.push(c);
            } else if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        }
        out
    };
    let typed = words(typed);
    if typed.is_empty() {
        return None;
    }
    let folded: Vec<String> = options.iter().map(|o| words(o)).collect();
    let word = |o: &String| {
        o.char_indices()
            .filter(|&(i, _)| {
                i == 0
                    || !o[..i]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
            })
            .any(|(i, c)| c.is_alphanumeric() && o[i..].starts_with(&typed))
    };
    folded
        .iter()
        .position(|o| o.starts_with(&typed))
        .or_else(|| folded.iter().position(word))
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

    /// Leave the focused field for the next (or previous): a pending choice in a form
    /// of its own (a dialog, the intake form) is recorded, as leaving it means.
    pub fn leave(&mut self, forward: bool) -> bool {
        let recorded = self.focused_mut().is_some_and(Field::record);
        self.move_focus(forward);
        recorded
    }

    /// The focused field's label if it holds a choice not recorded yet.
    pub fn pending_label(&self) -> Option<&str> {
        self.focused()
            .filter(|f| f.pending())
            .map(|f| f.label.as_str())
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
        use crate::app::page::cases::record::same_field;
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
                    if let Some(o) = old_fields.iter().find(|o| same_field(&o.bind, &f.bind)) {
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
            if let Some(i) = self.fields.iter().position(|f| same_field(&f.bind, &b)) {
                self.focus = i;
            }
        }
        overtaken
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn opts(labels: &[&str]) -> Vec<String> {
        labels.iter().map(|s| s.to_string()).collect()
    }

    fn typ(f: &mut Field, s: &str) {
        for c in s.chars() {
            f.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), 0);
        }
    }

    fn selected(f: &Field) -> Option<usize> {
        match f.kind {
            Kind::Choice { selected, .. } => selected,
            _ => None,
        }
    }

    #[test]
    fn typing_letters_finds_an_option() {
        let opts = opts(&[
            "Police",
            "Youth Offending Service (YOS)",
            "Children's Social Care",
        ]);
        assert_eq!(find_option(&opts, "yo"), Some(1));
        assert_eq!(find_option(&opts, "soc"), Some(2));
        assert_eq!(find_option(&opts, "social c"), Some(2));
        assert_eq!(find_option(&opts, "zz"), None);
        let mut f = Field::choice("Lead agency", Bind::Info, opts, None);
        typ(&mut f, "ch");
        assert_eq!(selected(&f), Some(2));
        assert_eq!(
            f.chosen(),
            None,
            "typing only picks; nothing is recorded yet"
        );
    }

    /// Issue 18: every option's label typed in full selects that option (on a fresh
    /// field and from every other option), spaces and punctuation included; nothing is
    /// recorded until Enter or leaving; Esc puts the choice back.
    #[test]
    fn every_label_typed_in_full_selects_it_and_esc_records_nothing() {
        let statuses: Vec<String> = crate::app::page::cases::form::CHECK_OPTIONS
            .iter()
            .map(|s| s.label().to_string())
            .collect();
        let risks = opts(&["low", "medium", "high", "very high"]);
        let agencies = opts(&[
            "Police",
            "Youth Offending Service (YOS)",
            "Children's Social Care",
            "Children's Services — Early Help",
            "Zoë's Project",
        ]);
        for options in [statuses, risks, agencies] {
            for (want, label) in options.iter().enumerate() {
                for start in std::iter::once(None).chain((0..options.len()).map(Some)) {
                    let mut f = Field::choice("Status", Bind::Info, options.clone(), start);
                    typ(&mut f, label);
                    assert_eq!(selected(&f), Some(want), "typed {label:?} from {start:?}");
                    assert_eq!(f.chosen(), start, "typing records nothing");
                    assert!(f.abandon() || start == Some(want));
                    assert_eq!(selected(&f), start, "Esc puts it back");
                    assert_eq!(f.chosen(), start);
                }
            }
        }
        // The cases from the issue: "not done: c" and "not d".
        let statuses: Vec<String> = crate::app::page::cases::form::CHECK_OPTIONS
            .iter()
            .map(|s| s.label().to_string())
            .collect();
        let mut f = Field::choice("Status", Bind::Info, statuses.clone(), Some(0));
        typ(&mut f, "not done: c");
        assert_eq!(
            statuses[selected(&f).unwrap()],
            "not done: circumstances changed"
        );
        let mut f = Field::choice("Status", Bind::Info, statuses.clone(), Some(0));
        typ(&mut f, "not d");
        assert!(statuses[selected(&f).unwrap()].starts_with("not done"));
        // Accents and case do not matter; what matches nothing shows the recorded
        // value (a failed search leaves nothing pending), and Backspace finds again.
        let mut f = Field::choice("Agency", Bind::Info, agencies_of(), Some(0));
        typ(&mut f, "ZOE");
        assert_eq!(selected(&f), Some(1));
        typ(&mut f, "x");
        assert_eq!(selected(&f), Some(0), "no match: the recorded value shows");
        assert!(!f.pending());
        f.key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE), 0);
        assert_eq!(selected(&f), Some(1));
        assert!(f.record());
        assert_eq!(f.chosen(), Some(1));
    }

    fn agencies_of() -> Vec<String> {
        opts(&["Police", "Zoë's Project"])
    }

    #[test]
    fn leaving_a_form_field_records_its_choice() {
        let mut form = Form::new(vec![
            Field::choice("Risk", Bind::Info, opts(&["low", "high"]), None),
            Field::choice("Lead", Bind::Info, opts(&["Police"]), None),
        ]);
        form.focused_mut()
            .unwrap()
            .key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE), 0);
        assert_eq!(form.pending_label(), Some("Risk"));
        form.leave(true);
        assert_eq!(form.fields[0].chosen(), Some(0));
        assert_eq!(form.pending_label(), None);
    }

    #[test]
    fn choice_steps_wrap_and_start_from_unset() {
        assert_eq!(step_choice(None, 3, true), Some(0));
        assert_eq!(step_choice(None, 3, false), Some(2));
        assert_eq!(step_choice(Some(2), 3, true), Some(0));
        assert_eq!(step_choice(Some(0), 3, false), Some(2));
        assert_eq!(step_choice(None, 0, true), None);
    }
}
