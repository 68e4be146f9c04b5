//! A case page: the form's fields stacked, scrolled so the focused one shows.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::App;
use crate::kit::truncate;
use crate::kit::*;

pub(crate) fn page(app: &App, frame: &mut Frame, area: Rect) {
    let Some(case) = app.current_case() else {
        return;
    };
    let mut top = area.y;
    let title = crate::app::clock::heading(
        app,
        format!(
            "{} — case {} of {}{}",
            app.data
                .panel
                .agenda
                .iter()
                .find(|i| i.number == app.item)
                .map(|i| i.title.as_str())
                .unwrap_or(""),
            app.case.unwrap_or(0) + 1,
            app.cases().len(),
            if case.completed_at.is_some() {
                " · ✓ done"
            } else {
                ""
            }
        ),
    );
    frame.render_widget(
        Paragraph::new(Line::from(vec![Span::styled(
            truncate(&title, area.width as usize),
            Style::default().add_modifier(Modifier::BOLD),
        )])),
        Rect {
            x: area.x,
            y: top,
            width: area.width,
            height: 1,
        },
    );
    top += 1;
    if let Some(line) = super::guests::line(app) {
        frame.render_widget(
            Paragraph::new(Span::styled(
                truncate(&line, area.width as usize),
                Style::default().fg(FOCUS),
            )),
            Rect {
                x: area.x,
                y: top,
                width: area.width,
                height: 1,
            },
        );
        top += 1;
    }
    if !app.missing.is_empty() {
        let text = format!("Cannot mark done. Missing: {}", app.missing.join(", "));
        frame.render_widget(
            Paragraph::new(Span::styled(
                truncate(&text, area.width as usize),
                Style::default().fg(ERROR).add_modifier(Modifier::BOLD),
            )),
            Rect {
                x: area.x,
                y: top,
                width: area.width,
                height: 1,
            },
        );
        top += 1;
    }
    crate::app::form_view::form_body(
        &app.data.panel.risk,
        &app.form,
        &[],
        frame,
        Rect {
            y: top,
            height: (area.y + area.height).saturating_sub(top),
            ..area
        },
    );
}
