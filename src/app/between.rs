//! Between meetings: the members and meetings-schedule screens (MAGPan sections 5
//! and 11). Keys only; the dialogs do the typing and the checking.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::dialog;
use super::{open_dialog, App};
use crate::domain::types::MeetingState;

fn move_list(app: &mut App, key: &KeyEvent, len: usize) -> bool {
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

pub fn members_key(app: &mut App, key: KeyEvent) {
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

pub fn schedule_key(app: &mut App, key: KeyEvent) {
    let len = app.data.schedule.len();
    if move_list(app, &key, len) {
        return;
    }
    match key.code {
        KeyCode::Char('n') => {
            let d = dialog::meeting(&app.data, None);
            open_dialog(app, d);
        }
        KeyCode::Enter => {
            let Some(row) = app.data.schedule.get(app.list_sel).cloned() else {
                return;
            };
            if row.state != MeetingState::Planned {
                app.message = Some(("Only a planned meeting can be moved".into(), true));
                return;
            }
            let d = dialog::meeting(&app.data, Some(&row));
            open_dialog(app, d);
        }
        _ => {}
    }
}
