//! The non-case pages: planned, attendance, signing, intelligence, case lists, MAPPA.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::app::text::one_line;
use crate::app::App;
use crate::kit::*;

pub(crate) fn planned(app: &App, frame: &mut Frame, area: Rect) {
    let d = &app.data;
    let today = app.today();
    let mut lines = vec![
        heading(format!("Next meeting: {}", d.date.format("%A %-d %B %Y"))),
        Line::from(format!("Venue: {}", one_line(&d.venue))),
    ];
    // A meeting for chosen cases says which, by case id and initials (issue 21, B9).
    if !d.chosen.is_empty() {
        lines.push(Line::from(crate::store::meeting::meeting_for_words(
            &d.chosen,
        )));
    }
    lines.extend([
        Line::from(""),
        Line::from(format!(
            "On the agenda: {} new referral(s) and {} review(s) due.",
            d.listed_new, d.listed_reviews
        )),
        Line::from(format!(
            "Listed apart: {} referral(s) that cannot be heard (held over or excluded).",
            d.set_aside.len()
        )),
        Line::from(""),
        Line::from(Span::styled(
            "Press Enter to start the meeting.",
            Style::default().fg(FOCUS).add_modifier(Modifier::BOLD),
        )),
    ]);
    if today != d.date {
        lines.push(Line::from(Span::styled(
            format!(
                "Today is {}: not the meeting's date.",
                today.format("%A %-d %B %Y")
            ),
            Style::default().fg(WARN),
        )));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

pub(crate) fn closed(app: &App, frame: &mut Frame, area: Rect) {
    let lines = vec![
        heading(format!(
            "The meeting of {} is closed.",
            app.data.date.format("%-d %B %Y")
        )),
        Line::from(""),
        Line::from("Minutes, actions and the next agenda are in the database."),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}
