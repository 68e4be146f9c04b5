//! A case page: the form's fields stacked, scrolled so the focused one shows.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
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
    // The item's title is free text, cut first; which case of how many, its number
    // and done are kept whole (issue 25).
    let title = app
        .data
        .panel
        .agenda
        .iter()
        .find(|i| i.number == app.item)
        .map(|i| crate::app::text::one_line(&i.title))
        .unwrap_or_default();
    // The case's number too: on a short screen the lines naming the subject scroll
    // away while the minutes are typed, and this row stays.
    let place = format!(
        " — case {} of {} · #{}{}",
        app.case.unwrap_or(0) + 1,
        app.cases().len(),
        case.referral.id,
        if case.completed_at.is_some() {
            " · ✓ done"
        } else {
            ""
        }
    );
    frame.render_widget(
        Paragraph::new(heading_fitted(
            &crate::app::clock::item(app)
                .map(|c| format!("{} · ", c.text))
                .unwrap_or_default(),
            &title,
            &place,
            area.width as usize,
        )),
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
