//! Drawing the members screen.

use crate::app::keys::{key as KEY, Command as C};
use crate::domain::paperwork::Rule;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::text::one_line;
use crate::app::App;
use crate::kit::truncate;
use crate::kit::*;

pub(super) fn members(app: &App, frame: &mut Frame, area: Rect) {
    let w = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(
            format!(
                "Members of the panel{}",
                app.data.panel.paperwork.cite.paren(Rule::Membership)
            ),
            Style::default().add_modifier(Modifier::BOLD),
        )),
        crate::kit::hint(
            &format!(
                "{} new member · Enter edit · {} retire · {} back to the meeting",
                KEY(C::New),
                KEY(C::Retire),
                KEY(C::ScreenMeeting)
            ),
            area.width as usize,
        ),
        Line::from(""),
    ];
    let height = area.height.saturating_sub(3) as usize;
    let start = scroll_start(app.screens.members.sel, height);
    for (i, r) in app.data.roster.iter().enumerate().skip(start).take(height) {
        let m = &r.member;
        let status = r
            .retired_on
            .map(|d| format!("retired {}", d.format("%Y-%m-%d")))
            .unwrap_or_default();
        let text = format!(
            "{:<26} {:<6} {:<26} {:<28} {}",
            truncate(&one_line(&m.name), 26),
            app.data.agency_code(Some(m.agency)),
            truncate(m.role.label(), 26),
            truncate(&one_line(&m.post), 28),
            status
        );
        let style = if r.retired_on.is_some() {
            selected(i == app.screens.members.sel).fg(MUTED)
        } else {
            selected(i == app.screens.members.sel)
        };
        lines.push(Line::from(Span::styled(truncate(&text, w), style)));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
