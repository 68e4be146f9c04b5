//! Drawing the meetings schedule screen.

use crate::app::keys::{key as KEY, Command as C};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::text::one_line;
use crate::app::App;
use crate::domain::calendar::WorkingCalendar;
use crate::kit::truncate;
use crate::kit::*;

pub(super) fn schedule(app: &App, frame: &mut Frame, area: Rect) {
    let w = area.width as usize;
    let cal = WorkingCalendar::england_and_wales();
    let cutoff_days = app.data.panel.cutoff_days;
    let mut lines = vec![
        Line::from(Span::styled("Meetings", Style::default().add_modifier(Modifier::BOLD))),
        crate::kit::hint(
                &format!(
                    "{} add a meeting · Enter change a planned meeting's date or venue · {} back to the meeting",
                    KEY(C::New),
                    KEY(C::ScreenMeeting)
                ),
                w,
        ),
        Line::from(Span::styled(
            format!("{:<12} {:<16} {:<12} {:<12} {}", "date", "state", "cut-off", "circulate", "venue"),
            Style::default().add_modifier(Modifier::BOLD),
        )),
    ];
    let height = area.height.saturating_sub(3) as usize;
    let start = scroll_start(app.screens.schedule.sel, height);
    for (i, m) in app
        .data
        .schedule
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
    {
        // A meeting for chosen cases: its cases by id and initials (issue 21, B9).
        let cases = if m.cases.is_empty() {
            String::new()
        } else {
            format!(" · for {}", crate::store::meeting::chosen_words(&m.cases))
        };
        let text = format!(
            "{:<12} {:<16} {:<12} {:<12} {}{cases}",
            m.date.format("%Y-%m-%d").to_string(),
            m.state.label(),
            cal.cutoff(m.date, cutoff_days)
                .format("%Y-%m-%d")
                .to_string(),
            cal.working_days_before(m.date, 5)
                .format("%Y-%m-%d")
                .to_string(),
            one_line(&m.venue)
        );
        lines.push(Line::from(Span::styled(
            truncate(&text, w),
            selected(i == app.screens.schedule.sel),
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
