//! Drawing the after close page.

use crate::app::keys::{key as KEY, Command as C};
use crate::app::page::cases::form::subject_name;
use crate::app::text::one_line;
use crate::app::*;
use crate::kit::hint;
use crate::kit::truncate;
use crate::kit::*;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub(super) fn mappa(app: &App, frame: &mut Frame, area: Rect) {
    let mut lines = vec![
        crate::app::page::item_heading(app, area.width),
        hint(
            &format!(
                "For data only: the panel plays no part. {} add · Enter edit · {} end",
                KEY(C::Add),
                KEY(C::EndMeeting)
            ),
            area.width as usize,
        ),
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
        lines.push(hint("No MAPPA cases noted yet.", area.width as usize));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
