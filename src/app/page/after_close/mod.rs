//! The item after the formal close (MAPPA level 2/3 cases, section 10.1): notes only,
//! for those the panel keeps in the room.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::super::keys::Command;
use super::super::*;
use super::Page;
use crate::app::page::cases::form::subject_name;
use crate::app::text::one_line;
use crate::kit::truncate;
use crate::kit::*;
use crate::kit::{heading, hint};

/// The after-close page.
pub struct AfterClose;

impl Page for AfterClose {
    fn len(&self, app: &App) -> usize {
        app.data.mappa.len()
    }

    fn key(&self, app: &mut App, key: KeyEvent, cmd: Option<Command>, _fx: &mut Vec<Effect>) {
        mappa_key(app, key, cmd)
    }

    fn draw(&self, app: &App, frame: &mut Frame, area: Rect) {
        mappa(app, frame, area)
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

fn mappa(app: &App, frame: &mut Frame, area: Rect) {
    let mut lines = vec![
        heading(app.item_title()),
        hint("For data only: the panel plays no part. Ctrl-A add · Enter edit · Ctrl-E end"),
        Line::from(""),
    ];
    for (i, n) in app.data.mappa.iter().enumerate() {
        let text = format!(
            "{}  category {} · level {} · {}",
            subject_name(&n.name, app.initials),
            n.category,
            n.level,
            one_line(&n.note)
        );
        lines.push(Line::from(Span::styled(
            truncate(&text, area.width as usize),
            selected(i == app.sel),
        )));
    }
    if app.data.mappa.is_empty() {
        lines.push(hint("No MAPPA cases noted yet."));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
