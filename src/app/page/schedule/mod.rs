//! The meetings schedule screen (F8, MAGPan section 11): the meetings planned, each
//! with its cut-off; a planned meeting can be moved, one added.

mod draw;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::members::move_list;
use crate::app::dialog;
use crate::app::keys::Command;
use crate::app::{open_dialog, App};
use crate::domain::types::MeetingState;

fn schedule_key(app: &mut App, key: KeyEvent, cmd: Option<Command>) {
    let len = app.data.schedule.len();
    if move_list(&mut app.screens.schedule.sel, &key, len) {
        return;
    }
    if cmd == Some(Command::New) {
        let d = dialog::meeting(&app.data, None);
        open_dialog(app, d);
        return;
    }
    if key.code == KeyCode::Enter {
        let Some(row) = app.data.schedule.get(app.screens.schedule.sel).cloned() else {
            return;
        };
        if row.state != MeetingState::Planned {
            app.message = Some(("Only a planned meeting can be moved".into(), true));
            return;
        }
        let d = dialog::meeting(&app.data, Some(&row));
        open_dialog(app, d);
    }
}

/// The meetings schedule screen.
pub struct Schedule;

impl super::Page for Schedule {
    fn len(&self, app: &App) -> usize {
        app.data.schedule.len()
    }

    fn key(
        &self,
        app: &mut App,
        key: KeyEvent,
        cmd: Option<Command>,
        _fx: &mut Vec<crate::app::Effect>,
    ) {
        schedule_key(app, key, cmd)
    }

    fn draw(&self, app: &App, frame: &mut ratatui::Frame, area: ratatui::layout::Rect) {
        draw::schedule(app, frame, area)
    }
}

/// The schedule screen's own state.
#[derive(Debug, Default)]
pub struct ScheduleState {
    /// The selected row.
    pub sel: usize,
}
