//! Drawing the signing page.

use crate::app::keys::{key as KEY, Command as C};
use crate::app::text::{clean, one_line, row_of_word, word_rows};
use crate::app::*;
use crate::domain::rules::Gate;
use crate::kit::truncate;
use crate::kit::*;
use crate::kit::{fit_free, fit_hint, hint};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

pub(super) fn signing(app: &App, frame: &mut Frame, area: Rect) {
    let title_w = area.width.saturating_sub(4) as usize;
    if let Some(word) = app.screens.signing.statement {
        // The whole statement, for the room to read before signing (Appendix C): the
        // room's screen shows the same word at its top (issue 25).
        let block = Block::default().borders(Borders::ALL).title(format!(
            " {} ",
            fit_hint(
                &format!(
                    "Shown to the room too · the whole {} confidentiality statement · Up/Down scroll · {} or {} back",
                    app.data.panel.short_name,
                    KEY(C::ShowStatement),
                    KEY(C::Back)
                ),
                title_w
            )
        ));
        let inner = block.inner(area);
        let rows = word_rows(
            &clean(&app.data.panel.statement, true),
            inner.width as usize,
        );
        let top = row_of_word(&rows, word);
        let lines: Vec<Line> = rows
            .into_iter()
            .skip(top)
            .take(inner.height as usize)
            .map(|r| Line::from(r.text))
            .collect();
        frame.render_widget(Paragraph::new(lines).block(block), area);
        return;
    }
    let list_h = (app.signers().len() as u16 + 3).clamp(5, area.height.saturating_sub(6).max(5));
    let parts = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(list_h),
    ])
    .split(area);
    frame.render_widget(
        Paragraph::new(crate::app::page::item_heading(app, area.width)),
        parts[0],
    );
    let parts = [parts[1], parts[2]];
    let statement = Paragraph::new(clean(&app.data.panel.statement, true))
        .wrap(Wrap { trim: false })
        .block(Block::default().borders(Borders::ALL).title(format!(
            " {} ",
            fit_free(
                "",
                "Confidentiality statement",
                &format!(" · {}: show the room", KEY(C::ShowStatement)),
                title_w
            )
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
            crate::kit::fit_hint(
                &format!(
                    "Locked: {} not signed · {} signs · {} chair override",
                    unsigned.len(),
                    KEY(C::Sign),
                    KEY(C::Override)
                ),
                parts[1].width as usize,
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
        lines.push(hint(
            &format!(
                "Nobody is marked present yet ({}).",
                crate::domain::agenda::items_words(
                    &app.data.panel.agenda,
                    &[
                        crate::domain::AgendaKind::Introductions,
                        crate::domain::AgendaKind::Apologies
                    ]
                )
            ),
            area.width as usize,
        ));
    }
    frame.render_widget(Paragraph::new(lines), parts[1]);
}
