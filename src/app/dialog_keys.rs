//! Keys while a dialog is open, and opening one (with its kept draft).

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::dialog::{self, Dialog, DialogKind};
use super::form::{Field, Kind};
use super::keys::Command;
use super::*;

pub(crate) fn open_dialog(app: &mut App, mut d: Dialog) {
    let key = d.draft_key(app.data.id, &app.terminal);
    if let Some((_, values)) = app
        .drafts
        .get(&key)
        .and_then(|b| dialog::DialogDraft::parse(b))
    {
        d.restore(&values);
    }
    app.dialog = Some(d);
    app.dialog_dirty = None;
    app.dialog_scroll = 0;
}

/// After a restart: open again the dialog this terminal was typing into, with its
/// text, and say so. Returns whether one was reopened.
pub fn reopen_kept_dialog(app: &mut App) -> bool {
    let prefix = dialog::draft_prefix(app.data.id, &app.terminal);
    let kept = app
        .drafts
        .iter()
        .filter(|(k, _)| k.starts_with(&prefix))
        .find_map(|(_, body)| {
            let (kind, values) = dialog::DialogDraft::parse(body)?;
            values.iter().any(|v| !v.trim().is_empty()).then_some(kind?)
        });
    let Some(d) = kept.and_then(|k| dialog::rebuild(&k, &app.data)) else {
        return false;
    };
    let title = d.title.clone();
    open_dialog(app, d);
    app.say(format!(
        "\"{title}\" is open again with what you typed before the program stopped"
    ));
    true
}

pub(super) fn dialog_key(app: &mut App, key: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>) {
    let mono = app.mono;
    match cmd {
        Some(Command::Back) => {
            let put_back = app
                .dialog
                .as_mut()
                .and_then(|d| d.form.focused_mut())
                .is_some_and(Field::abandon);
            if put_back {
                app.say(PUT_BACK);
                return;
            }
            // Esc keeps the text as a draft: reopening brings it back.
            settle(app, fx);
            let carry = matches!(
                app.dialog.as_ref().map(|d| &d.kind),
                Some(DialogKind::CarryOver { .. })
            );
            app.dialog = None;
            if carry {
                // Not carried over after all: show the action as it stands.
                app.rebuild_form();
            }
            app.say("Closed; what you typed is kept for when you reopen it");
            return;
        }
        Some(Command::NextField) | Some(Command::PrevField) => {
            if let Some(d) = app.dialog.as_mut() {
                if d.form.leave(cmd == Some(Command::NextField)) {
                    // The choice is recorded in the dialog: kept in its draft at once.
                    app.dialog_dirty.get_or_insert(mono);
                }
            }
            return;
        }
        Some(Command::Help) => {
            app.help = true;
            return;
        }
        // PgUp/PgDn scroll a dialog taller than the screen (the agenda stays).
        Some(Command::NextItem) => {
            let most = app.dialog.as_ref().map_or(0, dialog_rows);
            app.dialog_scroll = (app.dialog_scroll + DIALOG_STEP).min(most);
            return;
        }
        Some(Command::PrevItem) => {
            app.dialog_scroll = app.dialog_scroll.saturating_sub(DIALOG_STEP);
            return;
        }
        _ => {}
    }
    let Some(d) = app.dialog.as_mut() else { return };
    let last = d
        .form
        .fields
        .iter()
        .rposition(|f| f.focusable())
        .unwrap_or(0);
    let at_last = d.form.fields.is_empty() || d.form.focus >= last;
    // Ctrl-D saves from any field (a long dialog's later fields are optional).
    let save_now = cmd == Some(Command::CaseDone);
    if key.code == KeyCode::Enter || save_now {
        // Enter fills an empty suggested field first, else moves on, and confirms on the last field.
        if let Some(Field {
            kind: Kind::Text(t),
            ..
        }) = d.form.focused_mut().filter(|_| !save_now)
        {
            if t.value().is_empty() && t.suggestion.is_some() {
                t.key(key, mono);
                app.dialog_dirty.get_or_insert(mono);
                return;
            }
        }
        if !at_last && !save_now {
            if d.form.leave(true) {
                app.dialog_dirty.get_or_insert(mono);
            }
            return;
        }
        if save_now {
            // Ctrl-D saves what is recorded; a choice still pending is not that.
            if let Some(label) = d.form.pending_label() {
                d.error = Some(pending_refusal(label));
                return;
            }
        } else if let Some(f) = d.form.focused_mut() {
            // Enter on the last field records its choice, then confirms.
            f.record();
        }
        let (outcome, kept) = {
            let d = app.dialog.as_ref().expect("dialog open");
            let kept = (d.kind == DialogKind::ChecklistOverride)
                .then(|| page::referrals::override_checklist::reason(d, app).ok())
                .flatten();
            let outcome =
                page::referrals::confirm(d, app).unwrap_or_else(|| dialog::confirm(d, &app.data));
            (outcome, kept)
        };
        let Some(d) = app.dialog.as_mut() else { return };
        match outcome {
            Ok(mut effects) => {
                let draft = d.draft_key(app.data.id, &app.terminal);
                let added_action = matches!(d.kind, DialogKind::AddAction { .. });
                if d.kind == DialogKind::Visitor {
                    // Show the visitor just added (the last row; clamped on reload).
                    app.sel = app.attendance_rows().len();
                }
                app.drafts.remove(&draft);
                fx.append(&mut effects);
                fx.push(Effect::ClearDraft { key: draft });
                app.dialog = None;
                app.dialog_dirty = None;
                page::referrals::override_checklist::keep(app, kept);
                if added_action {
                    show_new_action(app);
                }
            }
            Err(e) => d.error = Some(e),
        }
        return;
    }
    let Some(f) = d.form.focused_mut() else {
        return;
    };
    let changed = f.key(key, mono);
    if changed {
        app.dialog_dirty = Some(mono);
        // What was wrong has been changed: the message no longer stands.
        d.error = None;
    }
}

/// Rows PgUp/PgDn scroll a dialog by.
const DIALOG_STEP: u16 = 4;

/// At most as many rows as a dialog has (its notes' lines and its fields' rows): no
/// scroll past what there is (the drawing stops at its last row anyway).
fn dialog_rows(d: &Dialog) -> u16 {
    let fields: usize = d
        .form
        .fields
        .iter()
        .map(|f| {
            if matches!(f.kind, Kind::Text(_)) {
                3
            } else {
                1
            }
        })
        .sum();
    u16::try_from(d.note.len() * 2 + fields).unwrap_or(u16::MAX)
}

/// After an action is added: focus the actions list at its last row, so the new action
/// is in view when the case is read again (focus and row are kept by their binding).
fn show_new_action(app: &mut App) {
    if let Some(i) = app
        .form
        .fields
        .iter()
        .position(|f| matches!(f.bind, super::form::Bind::Actions { .. }))
    {
        app.form.focus = i;
        if let Kind::List { selected, .. } = &mut app.form.fields[i].kind {
            *selected = usize::MAX;
        }
    }
}
