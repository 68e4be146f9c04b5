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
use crate::app::text::{clean, scroll_word, word_rows};
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
    // `s` shows the whole statement to the room (Appendix C); Up/Down scroll it, on
    // this screen and the room's, which shows the same word at its top (issue 25).
    if let Some(word) = app.screens.signing.statement {
        let to = match key.code {
            KeyCode::Up | KeyCode::Down => {
                let (width, height) = statement_box(app);
                let rows = word_rows(&clean(&app.data.panel.statement, true), width);
                let max_top = rows.len().saturating_sub(height);
                Some(scroll_word(&rows, word, key.code == KeyCode::Down, max_top))
            }
            KeyCode::Esc | KeyCode::Enter => None,
            _ if cmd == Some(Command::ShowStatement) => None,
            _ => return,
        };
        if to != Some(word) {
            show_statement(app, to, fx);
        }
        return;
    }
    if cmd == Some(Command::ShowStatement) {
        show_statement(app, Some(0), fx);
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

/// Show this screen and the room's the whole statement from word `word` of it, or
/// (`None`) the signing page again; the room's change is logged.
pub(crate) fn show_statement(app: &mut App, word: Option<u32>, fx: &mut Vec<Effect>) {
    app.screens.signing.statement = word;
    fx.push(Effect::RoomStatement(word));
}

/// The statement's box on this terminal: its text's columns and rows, as the frame
/// lays it out (the sidebar, the page's margins and the box's border; the header and
/// status rows). 80x24 until the terminal has said its size.
fn statement_box(app: &App) -> (usize, usize) {
    let (w, h) = app.size.unwrap_or((80, 24));
    let width = w.saturating_sub(sidebar_width(w) + 4);
    (
        usize::from(width).max(1),
        usize::from(h.saturating_sub(5)).max(1),
    )
}

/// The signing page's own state.
#[derive(Debug, Default)]
pub struct SigningState {
    /// The whole confidentiality statement on screen (and the room's), with this
    /// word of it at the top.
    pub statement: Option<u32>,
}
