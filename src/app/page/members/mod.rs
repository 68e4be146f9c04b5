//! The members screen (F6, MAGPan section 5): who sits on the panel, their deputies,
//! who has retired. Keys here; the dialogs do the typing and the checking.

mod draw;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::app::dialog;
use crate::app::{open_dialog, App};

pub(super) fn move_list(app: &mut App, key: &KeyEvent, len: usize) -> bool {
    match key.code {
        KeyCode::Up if app.list_sel > 0 => app.list_sel -= 1,
        KeyCode::Down if app.list_sel + 1 < len => app.list_sel += 1,
        KeyCode::Home => app.list_sel = 0,
        KeyCode::End => app.list_sel = len.saturating_sub(1),
        KeyCode::Up | KeyCode::Down => {}
        _ => return false,
    }
    true
}

fn members_key(app: &mut App, key: KeyEvent) {
    let len = app.data.roster.len();
    if move_list(app, &key, len) {
        return;
    }
    let row = app.data.roster.get(app.list_sel).cloned();
    match key.code {
        KeyCode::Char('n') => {
            let d = dialog::member(&app.data, None);
            open_dialog(app, d);
        }
        KeyCode::Enter => {
            if let Some(r) = row {
                let d = dialog::member(&app.data, Some(&r.member));
                open_dialog(app, d);
            }
        }
        KeyCode::Char('r') => match row {
            Some(r) if r.retired_on.is_some() => {
                app.message = Some((format!("{} has already retired", r.member.name), false));
            }
            Some(r) => {
                let d = dialog::retire(&r.member, app.today());
                open_dialog(app, d);
            }
            None => {}
        },
        _ => {}
    }
}

/// The members screen.
pub struct Members;

impl super::Page for Members {
    fn len(&self, app: &App) -> usize {
        app.data.roster.len()
    }

    fn key(
        &self,
        app: &mut App,
        key: KeyEvent,
        _cmd: Option<crate::app::keys::Command>,
        _fx: &mut Vec<crate::app::Effect>,
    ) {
        members_key(app, key)
    }

    fn draw(&self, app: &App, frame: &mut ratatui::Frame, area: ratatui::layout::Rect) {
        draw::members(app, frame, area)
    }
}
