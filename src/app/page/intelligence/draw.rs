//! Drawing the intelligence page.

use crate::app::form::Kind;
use crate::app::*;
use crate::kit::hint;
use crate::kit::*;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub(super) fn intel(app: &App, frame: &mut Frame, area: Rect) {
    let rows = Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).split(area);
    frame.render_widget(
        Paragraph::new(vec![
            crate::app::page::item_heading(app, area.width),
            hint(
                &crate::app::form_view::focus_hint(&app.form),
                area.width as usize,
            ),
        ]),
        rows[0],
    );
    let cols = Layout::horizontal([Constraint::Length(12), Constraint::Min(10)]).split(rows[1]);
    let focus = app.form.focus;
    for (i, f) in app.form.fields.iter().enumerate() {
        let area = if i == 0 { cols[0] } else { cols[1] };
        // An agency's name is free text: cut to the box (issue 25).
        let label = fit_free("", &f.label, "", area.width.saturating_sub(4) as usize);
        let block = field_box(Span::raw(format!(" {label} ")), i == focus);
        match &f.kind {
            Kind::List { rows, selected: s } => {
                let lines: Vec<Line> = rows
                    .iter()
                    .enumerate()
                    .map(|(j, r)| Line::from(Span::styled(r.clone(), selected(j == *s))))
                    .collect();
                frame.render_widget(Paragraph::new(lines).block(block), area);
            }
            Kind::Text(t) => crate::kit::text_area(
                &t.area,
                t.suggestion.as_deref(),
                i == focus,
                block,
                frame,
                area,
            ),
            _ => {}
        }
    }
    if app.form.fields.is_empty() {
        frame.render_widget(
            Paragraph::new(hint(
                "No agencies of this kind in the panel.",
                area.width as usize,
            )),
            rows[1],
        );
    }
}
