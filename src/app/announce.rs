//! The screen-reader mode's words (issue 28 item 1): what the meeting screen shows,
//! as an [`Announcement`] of plain sentences, and the lines that say what changed
//! between two of them ([`changes`]). Pure: the plain runner (`src/tui/plain.rs`)
//! prints the lines; tests compare them without a terminal.

use super::announce_words as words;
use super::form::{Field, Kind};
use super::{App, SaveState, Screen};
use crate::domain::rules::Gate;
use crate::domain::types::MeetingState;

/// What the screen shows, in words: each part one sentence, `None` when absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Announcement {
    /// The screen and the meeting's state ("Meeting of 9 December 2026, in progress").
    pub screen: String,
    /// "Item 6 of 9: New referrals (under 18s), 4 cases".
    pub item: String,
    /// "Case 2 of 4: J.A., 15".
    pub case: Option<String>,
    /// The row chosen in the page's list ("Row 2 of 5: Ana Brook, present").
    pub row: Option<String>,
    /// Every row of that list, so a change to another row (marked, signed, done) is said.
    pub rows: Vec<String>,
    /// Which of them is chosen.
    pub sel: usize,
    /// What the page shows beside its list and field, a sentence each: a case's
    /// summary and risk over time, guests, agencies absent, the referral form's
    /// destination and what to put right.
    pub notes: Vec<String>,
    /// "Field Minutes, text, empty" (the value when it has one).
    pub field: Option<String>,
    /// A dialog: its title and its notes.
    pub dialog: Option<String>,
    /// Why the dialog refused to save.
    pub refusal: Option<String>,
    /// The confidentiality gate.
    pub gate: Option<String>,
    /// The status line's message.
    pub status: Option<String>,
    /// Saved, saving or failing.
    pub save: String,
    /// The record changed since the last announcement (set by the runner from the
    /// effects it performed): only then is "Saved" news. A draft or the typing journal
    /// kept is not, and would break into the typing.
    pub wrote: bool,
    /// Help, blank or screen-safe, when on.
    pub overlay: Option<String>,
    /// What the room's screen follows and shows (the header's room mark), so a chair
    /// who cannot see the header hears when a name goes up and comes down.
    pub room: Option<String>,
    /// The item or the meeting past its time box (MV13), said once when it runs over.
    pub overrun: Option<String>,
    /// "Item 6, case 2 of 4, field Minutes": the prompt before each key.
    pub place: String,
}

/// What the help overlay is called; opening it reads out [`key_lines`].
pub const HELP: &str = "Help: the keys";

/// Words for the save state (no tick or cross: those mean nothing read aloud).
fn save_words(s: &SaveState) -> String {
    match s {
        SaveState::Idle => "All saved".into(),
        SaveState::Saved(t) => format!(
            "Saved at {}",
            crate::domain::clock::local(*t).format("%H:%M:%S")
        ),
        SaveState::Typing => "Typing, kept in the journal".into(),
        SaveState::Waiting => "Waiting to save: another program is writing".into(),
        SaveState::Pending => "Saving".into(),
        SaveState::Failed(e) => format!("NOT SAVED, retrying: {e}"),
    }
}

/// A field in words: its label, its kind and its value; when empty, the value Enter
/// would take; for a choice, what was typed to find an option.
pub fn field_words(f: &Field) -> String {
    let one_line = crate::domain::clean::one_line;
    let label = one_line(&f.label);
    match &f.kind {
        Kind::Text(t) => {
            let v = t.value();
            match (&t.suggestion, v.trim().is_empty()) {
                (Some(s), true) => format!("Field {label}, text, empty: Enter takes {s}"),
                (None, true) => format!("Field {label}, text, empty"),
                _ => format!("Field {label}, text: {}", one_line(&v)),
            }
        }
        Kind::Choice {
            options,
            selected,
            committed,
            suggestion,
            typed,
        } => {
            let now = match (selected.and_then(|i| options.get(i)), suggestion) {
                (Some(v), _) => v.clone(),
                (None, Some(s)) => match options.get(*s) {
                    Some(s) => format!("none chosen, suggested {s} (Enter accepts)"),
                    None => "none chosen".into(),
                },
                (None, None) => "none chosen".into(),
            };
            let pending = if selected != committed {
                " (not recorded: Enter records it)"
            } else {
                ""
            };
            let typed = match typed.trim() {
                "" => String::new(),
                t if super::form::find_option(options, t).is_some() => format!(", typed {t}"),
                t => format!(", typed {t}: no option matches"),
            };
            format!(
                "Field {label}, choice of {}: {}{pending}{typed}",
                options.len(),
                one_line(&now)
            )
        }
        // Columns are read with a pause, not as "vertical line".
        Kind::List { rows, selected } => {
            let label = label.replace(" | ", "; ");
            match rows.get(*selected) {
                Some(r) => format!(
                    "Field {label}, list, row {} of {}: {}",
                    selected + 1,
                    rows.len(),
                    one_line(r).replace(" | ", "; ")
                ),
                None => format!("Field {label}, list, empty"),
            }
        }
        Kind::Info(lines) => format!("Field {label}: {}", lines.join(" ")),
    }
}

/// The item in words: its place in the agenda, its title, its cases.
fn item_words(app: &App) -> String {
    let items = app.visible();
    let last = items.iter().map(|i| i.number).max().unwrap_or(0);
    let title = items
        .iter()
        .find(|i| i.number == app.item)
        .map_or("", |i| i.title.as_str());
    let cases = if app.kind() == crate::domain::agenda::AgendaKind::Mappa {
        format!(", {} noted", app.data.mappa.len())
    } else if app.kind().is_case_item() {
        match app.cases().len() {
            1 => ", 1 case".to_string(),
            n => format!(", {n} cases"),
        }
    } else {
        String::new()
    };
    format!("Item {} of {last}: {title}{cases}", app.item)
}

/// What the screen shows now, in words.
pub fn announce(app: &App) -> Announcement {
    let d = &app.data;
    let state = match d.state {
        MeetingState::Planned => "planned: Enter starts it",
        MeetingState::InProgress => "in progress",
        MeetingState::FormallyClosed => "formally closed",
        MeetingState::Closed => "closed",
    };
    let screen = match app.screen {
        Screen::Meeting => format!(
            "{} meeting of {}, {state}",
            d.panel.short_name,
            d.date.format("%-d %B %Y")
        ),
        Screen::Members => "Members screen".into(),
        Screen::Referrals => "New referrals screen".into(),
        Screen::Schedule => "Meetings schedule screen".into(),
    };
    let case = app.case.and_then(|i| {
        let words = words::case_words(app, i)?;
        Some(format!("Case {} of {}: {words}", i + 1, app.cases().len()))
    });
    let form = match &app.dialog {
        Some(dl) => Some(&dl.form),
        None if app.screen == Screen::Meeting => Some(&app.form),
        None if app.screen == Screen::Referrals => {
            app.screens.referrals.form.as_ref().map(|st| &st.form)
        }
        None => None,
    };
    let focused = form.and_then(|f| f.focused());
    let field = focused.map(|f| match words::problem(app, f) {
        Some(p) => format!("{}. To put right: {p}", field_words(f)),
        None => field_words(f),
    });
    let dialog = app.dialog.as_ref().map(|dl| {
        let title = crate::domain::clean::one_line(&dl.title);
        match words::paragraphs(&dl.note) {
            n if n.is_empty() => format!("Dialog: {title}"),
            n => format!("Dialog: {title}. {n}"),
        }
    });
    let refusal = app.dialog.as_ref().and_then(|dl| {
        let e = crate::domain::clean::one_line(dl.error.as_deref()?);
        Some(format!("Refused: {e}"))
    });
    // The signing gate matters while the meeting is open (after the formal close
    // everyone has left: "locked" would mislead).
    let gate = (app.screen == Screen::Meeting && d.state == MeetingState::InProgress).then(|| {
        match app.gate() {
            Gate::Open => "Everyone present has signed: case items are open".to_string(),
            Gate::Overridden { reason } => format!("Gate overridden by the chair: {reason}"),
            Gate::Locked { unsigned } if unsigned.is_empty() => {
                "Case items locked: nobody is marked present to sign".to_string()
            }
            Gate::Locked { unsigned } => {
                format!("Case items locked: {} not signed", unsigned.len())
            }
        }
    });
    let overlay = if app.blank {
        Some("Screen blanked".to_string())
    } else if app.screen_safe {
        Some(format!(
            "Screen-safe: the room may see {}",
            words::room_words(app)
        ))
    } else if app.help {
        Some(HELP.to_string())
    } else if app.screen == Screen::Meeting && app.screens.signing.statement.is_some() {
        Some(format!(
            "Confidentiality statement: {}",
            crate::domain::clean::one_line(&d.panel.statement)
        ))
    } else {
        None
    };
    let mut place = match app.screen {
        Screen::Meeting => format!("Item {}", app.item),
        _ => screen.clone(),
    };
    if let (Some(i), Screen::Meeting) = (app.case, app.screen) {
        place.push_str(&format!(", case {} of {}", i + 1, app.cases().len()));
    }
    if app.dialog.is_some() {
        place.push_str(", dialog");
    }
    if let Some(f) = focused {
        place.push_str(&format!(", field {}", short_label(&f.label)));
    }
    let rows = words::rows(app);
    let sel = words::sel(app);
    Announcement {
        screen,
        item: item_words(app),
        case,
        row: rows
            .get(sel)
            .map(|r| format!("Row {} of {}: {r}", sel + 1, rows.len())),
        rows,
        sel,
        notes: words::notes(app),
        field,
        dialog,
        refusal,
        gate,
        status: app.message.as_ref().map(|(m, warn)| {
            if *warn {
                format!("Warning: {m}")
            } else {
                m.clone()
            }
        }),
        save: save_words(&super::save::status(app)),
        wrote: false,
        overlay,
        room: super::room_mark::room_sentence(app),
        overrun: overrun_words(app),
        place,
    }
}

/// The item and the meeting past their boxes, in words without the running seconds
/// (they would be news at every tick): "Over time: the item (box 45 minutes)".
fn overrun_words(app: &App) -> Option<String> {
    let item = super::clock::item(app).filter(|c| c.over).map(|_| {
        let m = super::clock::item_box(app).unwrap_or(0);
        format!("the item (box {m} minutes)")
    });
    let meeting = super::clock::meeting(app).filter(|c| c.over).map(|_| {
        let m = app.data.panel.pattern.duration_minutes.unwrap_or(0);
        format!("the meeting ({m} minutes)")
    });
    match (item, meeting) {
        (None, None) => None,
        (Some(i), None) => Some(format!("Over time: {i}")),
        (None, Some(m)) => Some(format!("Over time: {m}")),
        (Some(i), Some(m)) => Some(format!("Over time: {i} and {m}")),
    }
}

/// The lines that say what changed from `old` to `new`, in the order a listener
/// needs them: the screen, the item, the case, the page's notes, the dialog and its
/// refusal, the field, the rows, the gate, the message, the save. A new screen, item
/// or case says its notes, field and row again.
pub fn changes(old: &Announcement, new: &Announcement) -> Vec<String> {
    let mut out = vec![];
    fn push(out: &mut Vec<String>, changed: bool, line: &Option<String>) {
        if changed {
            if let Some(l) = line {
                out.push(l.clone());
            }
        }
    }
    let moved = old.item != new.item || old.case != new.case || old.screen != new.screen;
    push(
        &mut out,
        old.screen != new.screen,
        &Some(new.screen.clone()),
    );
    push(&mut out, old.overlay != new.overlay, &new.overlay);
    if old.overlay != new.overlay && new.overlay.as_deref() == Some(HELP) {
        out.extend(key_lines());
    }
    if old.overlay.is_some() && new.overlay.is_none() {
        out.push(format!("Back: {}", new.place));
    }
    push(&mut out, old.item != new.item, &Some(new.item.clone()));
    push(&mut out, old.case != new.case, &new.case);
    if old.case.is_some() && new.case.is_none() && !moved_item(old, new) {
        out.push("Back to the case list".into());
    }
    push(&mut out, old.dialog != new.dialog, &new.dialog);
    if old.dialog.is_some() && new.dialog.is_none() {
        out.push("Dialog closed".into());
    }
    push(&mut out, old.refusal != new.refusal, &new.refusal);
    // The page's notes: all of them on arriving, else each one new or changed.
    for n in &new.notes {
        if moved || !old.notes.contains(n) {
            out.push(n.clone());
        }
    }
    // A field's value is said when it is entered, not at each key typed (the runner
    // echoes typing); a choice changing is said at once.
    let field_changed = match (&old.field, &new.field) {
        (Some(a), Some(b)) => label_of(a) != label_of(b) || !b.contains(", text"),
        (a, b) => a != b,
    } && old.field != new.field;
    push(&mut out, moved || field_changed, &new.field);
    if !moved && old.rows != new.rows {
        // Another row than the chosen one changed (the mark moved the choice on), or
        // one was added (a deputy, a visitor); a shorter list says its length.
        let same_len = old.rows.len() == new.rows.len();
        for (i, b) in new.rows.iter().enumerate() {
            let changed = if same_len {
                old.rows[i] != *b
            } else {
                !old.rows.contains(b)
            };
            if changed && i != new.sel {
                out.push(format!("Row {} of {} now: {b}", i + 1, new.rows.len()));
            }
        }
        if new.rows.len() < old.rows.len() {
            out.push(format!("The list now has {} rows", new.rows.len()));
        }
    }
    push(&mut out, moved || old.row != new.row, &new.row);
    push(&mut out, old.gate != new.gate, &new.gate);
    push(&mut out, old.room != new.room, &new.room);
    push(&mut out, old.overrun != new.overrun, &new.overrun);
    push(&mut out, old.status != new.status, &new.status);
    // A save is said when the record changed; a failure, a wait and the recovery
    // always. Drafts and the typing journal kept are not news (they would break into
    // the typing).
    let failing = |s: &str| s.starts_with("NOT SAVED") || s.starts_with("Waiting");
    let saved = new.save.starts_with("Saved");
    if (failing(&new.save) && old.save != new.save)
        || (failing(&old.save) && !failing(&new.save))
        || (new.wrote && saved)
    {
        out.push(new.save.clone());
    }
    out
}

/// Whether the item itself changed (leaving a case for another item is said by the item).
fn moved_item(old: &Announcement, new: &Announcement) -> bool {
    old.item != new.item || old.screen != new.screen
}

/// A field's label as the prompt says it: up to its first explanation (": ...",
/// " (...)"), which the field's own line has already said.
fn short_label(label: &str) -> String {
    let l = crate::domain::clean::one_line(label);
    let cut = [": ", " ("]
        .iter()
        .filter_map(|p| l.find(p))
        .min()
        .filter(|i| *i > 0)
        .unwrap_or(l.len());
    l[..cut].to_string()
}

/// A field's words up to its kind: "Field Minutes" of "Field Minutes, text: ...".
fn label_of(words: &str) -> &str {
    words.find(", text").map_or(words, |i| &words[..i])
}

/// Every key, as lines to be read: keys, what they do, where.
pub fn key_lines() -> Vec<String> {
    let mut out = vec!["Keys:".to_string()];
    for (keys, what, where_) in super::keys::rows() {
        out.push(format!("{keys}: {what} ({where_})"));
    }
    out.push(format!(
        "End of keys. {} or {} closes the help",
        super::keys::key(super::keys::Command::Help),
        super::keys::key(super::keys::Command::Back)
    ));
    out
}
