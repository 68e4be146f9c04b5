//! The confidentiality statement signed by everyone present (Appendix C), with the
//! chair's reasoned override.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;
use rusqlite::types::Value;

use super::super::keys::Command;
use super::super::*;
use super::Page;
use crate::app::text::{clean, one_line};
use crate::domain::agenda::{items_words, AgendaKind};
use crate::domain::rules::Gate;
use crate::kit::hint;
use crate::kit::truncate;
use crate::kit::*;
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
        signing(app, frame, area)
    }
}

fn sign_key(app: &mut App, key: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>) {
    // `s` shows the whole statement to the room (Appendix C); Up/Down scroll it.
    if let Some(offset) = app.statement {
        match key.code {
            KeyCode::Up => app.statement = Some(offset.saturating_sub(1)),
            KeyCode::Down => app.statement = Some(offset + 1),
            KeyCode::Char('s') | KeyCode::Esc | KeyCode::Enter => app.statement = None,
            _ => {}
        }
        return;
    }
    if key.code == KeyCode::Char('s') {
        app.statement = Some(0);
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
    if matches!(key.code, KeyCode::Char(' ') | KeyCode::Enter) {
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

fn signing(app: &App, frame: &mut Frame, area: Rect) {
    if let Some(offset) = app.statement {
        // The whole statement, for the room to read before signing (Appendix C).
        let p = Paragraph::new(clean(&app.data.panel.statement, true))
            .wrap(Wrap { trim: false })
            .scroll((offset, 0))
            .block(Block::default().borders(Borders::ALL).title(format!(
                " {} — confidentiality statement (Up/Down scroll · s or Esc: back to signing) ",
                app.data.panel.short_name
            )));
        frame.render_widget(p, area);
        return;
    }
    let list_h = (app.signers().len() as u16 + 3).clamp(5, area.height.saturating_sub(5).max(5));
    let parts = Layout::vertical([Constraint::Min(4), Constraint::Length(list_h)]).split(area);
    let statement = Paragraph::new(clean(&app.data.panel.statement, true))
        .wrap(Wrap { trim: false })
        .block(Block::default().borders(Borders::ALL).title(format!(
            " {} — confidentiality statement · s: show it all ",
            app.item_title()
        )));
    frame.render_widget(statement, parts[0]);
    let gate = match app.gate() {
        Gate::Open => Line::from(Span::styled(
            "Everyone present has signed: case items are open.",
            Style::default().fg(DONE),
        )),
        Gate::Overridden { reason } => Line::from(Span::styled(
            format!("Chair override recorded: {}", one_line(&reason)),
            Style::default().fg(WARN),
        )),
        Gate::Locked { unsigned } => Line::from(Span::styled(
            format!(
                "Locked: {} not signed · Space signs · Ctrl-O chair override",
                unsigned.len()
            ),
            Style::default().fg(WARN).add_modifier(Modifier::BOLD),
        )),
    };
    let mut lines = vec![gate, Line::from("")];
    let signers = app.signers();
    let height = parts[1].height.saturating_sub(2) as usize;
    let start = scroll_start(app.sel, height);
    for (i, a) in signers.iter().enumerate().skip(start).take(height) {
        let signed = match a.signed_at {
            Some(t) => format!("signed {}", crate::domain::clock::local(t).format("%H:%M")),
            None => "NOT SIGNED".into(),
        };
        let text = format!(
            "{:<12} {:<24} {:<6} {}",
            signed,
            truncate(&one_line(&a.name), 24),
            app.data.agency_code(a.agency),
            one_line(&a.post)
        );
        lines.push(Line::from(Span::styled(
            truncate(&text, parts[1].width as usize),
            selected(i == app.sel),
        )));
    }
    if signers.is_empty() {
        lines.push(hint(&format!(
            "Nobody is marked present yet ({}).",
            crate::domain::agenda::items_words(
                &app.data.panel.agenda,
                &[
                    crate::domain::AgendaKind::Introductions,
                    crate::domain::AgendaKind::Apologies
                ]
            )
        )));
    }
    frame.render_widget(Paragraph::new(lines), parts[1]);
}
