//! What comes back to the app: fresh data after saves, a failed save, a paste.

use super::form::{Field, Kind};
use super::*;
use crate::store::meeting::MeetingData;

/// Fresh data after saves (or another meeting after the end).
pub(super) fn on_loaded(app: &mut App, data: Box<MeetingData>) {
    let other_meeting = data.id != app.data.id;
    let now_formally_closed =
        app.data.state == MeetingState::InProgress && data.state == MeetingState::FormallyClosed;
    app.data = *data;
    // Fresh data holds every committed text.
    app.saved_text.clear();
    if now_formally_closed {
        // Item 9 opens as the room empties.
        if let Some(n) = app.data.current_item {
            app.item = n;
            app.case = None;
            app.sel = 0;
            app.item_since = app.now;
        }
    }
    if other_meeting {
        app.dialog = None;
        app.item_since = app.now;
        app.case_since = app.now;
        app.reset_position();
    } else {
        if !app.visible().iter().any(|i| i.number == app.item) {
            app.item = app.first_item();
            app.case = None;
        }
        if app.case.is_some_and(|c| c >= app.cases().len()) {
            app.case = None;
        }
        app.sel = app.sel.min(app.page_len().saturating_sub(1));
        app.rebuild_form();
    }
}

/// A save failed: wait (busy), retry (a failing disk) or say why (a refusal).
pub(super) fn on_save_failed(
    app: &mut App,
    effects: Vec<Effect>,
    error: String,
    retry: bool,
    busy: bool,
) {
    if busy {
        app.save = SaveState::Waiting;
        save::waiting(app);
        for e in effects {
            save::enqueue(&mut app.retry, e);
        }
    } else if retry {
        app.save = SaveState::Failed(error.clone());
        app.warn(format!(
            "Save failed ({error}); your text is kept and will be saved again"
        ));
        for e in effects {
            save::enqueue(&mut app.retry, e);
        }
    } else {
        // A refusal by the rules, not a disk problem: say why; trying again would not help.
        app.warn(format!("Not saved: {error}"));
        app.save = SaveState::Idle;
    }
}

/// Pasted text goes to the focused text box, cleaned of control characters.
pub(super) fn on_paste(app: &mut App, s: String) {
    if app.blank || app.help {
        return;
    }
    let mono = app.mono;
    let mut said = None;
    if let Some(d) = app.dialog.as_mut() {
        if let Some(f) = d.form.focused_mut() {
            if let Kind::Text(t) = &mut f.kind {
                let (changed, altered) = t.paste(&s, mono);
                said = altered.words(&f.label);
                if changed {
                    app.dialog_dirty.get_or_insert(mono);
                }
            }
        }
    } else if let Some(st) = app
        .screens
        .referrals
        .form
        .as_mut()
        .filter(|_| app.screen == Screen::Referrals)
    {
        if let Some(Field {
            kind: Kind::Text(t),
            label,
            ..
        }) = st.form.focused_mut()
        {
            let (changed, altered) = t.paste(&s, mono);
            said = altered.words(label);
            if changed {
                app.screens.referrals.dirty = Some(mono);
            }
        }
    } else if let Some(f) = app.form.focused_mut() {
        if let Kind::Text(t) = &mut f.kind {
            said = t.paste(&s, mono).1.words(&f.label);
        }
    }
    // Nothing pasted is changed without a word (issue 25).
    if let Some(said) = said {
        app.say(said);
    }
}
