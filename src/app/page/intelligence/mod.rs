//! Police and agency intelligence (Appendix D items 4-5): one note per agency.

mod draw;
mod form;

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::Frame;

use super::super::form::{Bind, Field, Form, Kind};
use super::super::keys::Command;
use super::super::*;
use super::Page;
use crate::domain::agenda::takes_agency_note;

/// The intelligence page (police or other agencies, by the item's kind).
pub(super) struct Intelligence;

impl Page for Intelligence {
    fn len(&self, app: &App) -> usize {
        let (items, kind) = (&app.data.panel.agenda, app.kind());
        app.data
            .agencies
            .iter()
            .filter(|a| takes_agency_note(items, kind, a.police))
            .count()
    }

    fn form(&self, app: &App) -> Form {
        form::intel_form(&app.data, app.kind(), app.sel)
    }

    fn key(&self, app: &mut App, key: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>) {
        intel_key(app, key, cmd, fx)
    }

    fn draw(&self, app: &App, frame: &mut Frame, area: Rect) {
        draw::intel(app, frame, area)
    }
}

fn intel_key(app: &mut App, key: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>) {
    match cmd {
        Some(Command::NextField) | Some(Command::PrevField) => {
            leave_field(app, fx);
            app.form.move_focus(cmd == Some(Command::NextField));
            return;
        }
        Some(Command::Back) => {
            settle(app, fx);
            app.form.focus = 0;
            return;
        }
        _ => {}
    }
    let mono = app.mono;
    let on_list = app
        .form
        .focused()
        .is_some_and(|f| f.bind == Bind::IntelAgencies);
    if on_list {
        let n = match app.form.focused().map(|f| &f.kind) {
            Some(Kind::List { rows, .. }) => rows.len(),
            _ => 0,
        };
        let before = app.sel;
        match key.code {
            KeyCode::Up if app.sel > 0 => app.sel -= 1,
            KeyCode::Down if app.sel + 1 < n => app.sel += 1,
            KeyCode::Enter | KeyCode::Right => {
                app.form.focus = 1.min(app.form.fields.len().saturating_sub(1));
                return;
            }
            KeyCode::Char(_) | KeyCode::Backspace | KeyCode::Delete => {
                // Typing while the list has focus goes to the note: nothing typed is dropped.
                app.form.focus = 1.min(app.form.fields.len().saturating_sub(1));
                if let Some(Field {
                    kind: Kind::Text(t),
                    ..
                }) = app.form.focused_mut()
                {
                    t.key(key, mono);
                }
                return;
            }
            _ => {}
        }
        if app.sel != before {
            settle(app, fx);
            app.rebuild_form();
            app.form.focus = 0;
            // The highlight follows the agency whose note is now typed into (a rebuilt
            // form keeps the old list's row).
            if let Some(Field {
                kind: Kind::List { selected, .. },
                ..
            }) = app.form.fields.first_mut()
            {
                *selected = app.sel;
            }
        }
        return;
    }
    if let Some(f) = app.form.focused_mut() {
        if let Kind::Text(t) = &mut f.kind {
            t.key(key, mono);
        }
    }
}
