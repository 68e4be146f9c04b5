//! The confidentiality statement signed by everyone present (Appendix C), with the
//! chair's reasoned override.

mod draw;

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::Frame;
use rusqlite::types::Value;

use super::super::keys::Command;
use super::super::*;
use super::Page;
use crate::domain::agenda::{items_words, AgendaKind};
use crate::domain::rules::Gate;
use crate::store::write::Table;

/// The signing page.
pub struct Signing;

impl Page for Signing {
    fn len(&self, app: &App) -> usize {
        app.signers().len()
    }

    fn key(&self, app: &mut App, key: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>) {
        sign_key(app, key, cmd, fx)
    }

    fn draw(&self, app: &App, frame: &mut Frame, area: Rect) {
        draw::signing(app, frame, area)
    }
}

fn sign_key(app: &mut App, key: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>) {
    // `s` shows the whole statement to the room (Appendix C); Up/Down scroll it.
    if let Some(offset) = app.screens.signing.statement {
        match key.code {
            KeyCode::Up => app.screens.signing.statement = Some(offset.saturating_sub(1)),
            KeyCode::Down => app.screens.signing.statement = Some(offset + 1),
            KeyCode::Esc | KeyCode::Enter => app.screens.signing.statement = None,
            _ if cmd == Some(Command::ShowStatement) => app.screens.signing.statement = None,
            _ => {}
        }
        return;
    }
    if cmd == Some(Command::ShowStatement) {
        app.screens.signing.statement = Some(0);
        return;
    }
    if cmd == Some(Command::Override) {
        match app.gate() {
            Gate::Locked { unsigned } if !unsigned.is_empty() => {
                let d = dialog::override_gate(&unsigned);
                open_dialog(app, d);
            }
            Gate::Locked { .. } => app.warn(format!(
                "Nobody is present yet: mark attendance at {}",
                items_words(
                    &app.data.panel.agenda,
                    &[AgendaKind::Introductions, AgendaKind::Apologies]
                )
            )),
            _ => app.say("Everyone present has signed: no override needed"),
        }
        return;
    }
    if move_sel(app, &key) {
        return;
    }
    if cmd == Some(Command::Sign) || key.code == KeyCode::Enter {
        let signers = app.signers();
        let Some(a) = signers.get(app.sel) else {
            return;
        };
        if a.signed_at.is_some() {
            app.say(format!("{} signed already", a.name));
        } else {
            let id = a.id;
            fx.push(Effect::Set {
                table: Table::Attendance,
                id: id.0,
                col: "signed_at",
                value: Value::Text(crate::domain::clock::stamp(app.now)),
            });
            if app.sel + 1 < signers.len() {
                app.sel += 1;
            }
        }
    }
}

/// The signing page's own state.
#[derive(Debug, Default)]
pub struct SigningState {
    /// The whole confidentiality statement on screen, scrolled this far (rows).
    pub statement: Option<u16>,
}
