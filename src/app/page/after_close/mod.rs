//! The item after the formal close (MAPPA level 2/3 cases, section 10.1): notes only,
//! for those the panel keeps in the room.

mod draw;

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::Frame;

use super::super::keys::Command;
use super::super::*;
use super::Page;

/// The after-close page.
pub(super) struct AfterClose;

impl Page for AfterClose {
    fn len(&self, app: &App) -> usize {
        app.data.mappa.len()
    }

    fn key(&self, app: &mut App, key: KeyEvent, cmd: Option<Command>, _fx: &mut Vec<Effect>) {
        mappa_key(app, key, cmd)
    }

    fn draw(&self, app: &App, frame: &mut Frame, area: Rect) {
        draw::mappa(app, frame, area)
    }
}

fn mappa_key(app: &mut App, key: KeyEvent, cmd: Option<Command>) {
    if cmd == Some(Command::Add) {
        open_dialog(app, dialog::add_mappa(None));
        return;
    }
    if key.code == KeyCode::Enter {
        // Put right, or complete with section 12's data set, the note selected.
        if let Some(n) = app.data.mappa.get(app.sel) {
            let d = dialog::add_mappa(Some(n));
            open_dialog(app, d);
        }
        return;
    }
    move_sel(app, &key);
}
