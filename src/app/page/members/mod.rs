//! The members screen (F6, MAGPan section 5): who sits on the panel, their deputies,
//! who has retired. Keys here; the dialogs do the typing and the checking.

mod draw;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::app::dialog;
use crate::app::keys::Command;
use crate::app::{open_dialog, App};

/// Up/Down/Home/End move the selected row `sel` of a list of `len` rows; false for
/// other keys.
pub(super) fn move_list(sel: &mut usize, key: &KeyEvent, len: usize) -> bool {
    match key.code {
        KeyCode::Up if *sel > 0 => *sel -= 1,
        KeyCode::Down if *sel + 1 < len => *sel += 1,
        KeyCode::Home => *sel = 0,
        KeyCode::End => *sel = len.saturating_sub(1),
        KeyCode::Up | KeyCode::Down => {}
        _ => return false,
    }
    true
}

fn members_key(app: &mut App, key: KeyEvent, cmd: Option<Command>) {
    let len = app.data.roster.len();
    if move_list(&mut app.screens.members.sel, &key, len) {
        return;
    }
    let row = app.data.roster.get(app.screens.members.sel).cloned();
    if key.code == KeyCode::Enter {
        if let Some(r) = row {
            let d = dialog::member(&app.data, Some(&r.member));
            open_dialog(app, d);
        }
        return;
    }
    match cmd {
        Some(Command::New) => {
            let d = dialog::member(&app.data, None);
            open_dialog(app, d);
        }
        Some(Command::Retire) => match row {
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
        cmd: Option<Command>,
        _fx: &mut Vec<crate::app::Effect>,
    ) {
        members_key(app, key, cmd)
    }

    fn draw(&self, app: &App, frame: &mut ratatui::Frame, area: ratatui::layout::Rect) {
        draw::members(app, frame, area)
    }
}

/// The members screen's own state.
#[derive(Debug, Default)]
pub struct MembersState {
    /// The selected row.
    pub sel: usize,
}
