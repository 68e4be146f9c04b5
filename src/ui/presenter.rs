//! Drawing what the room may see ([`RoomView`]): for a projector, read from the back
//! of the room. Used by `roundtable present` and by the editor's screen-safe mode.

use chrono::{DateTime, Utc};
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::privacy::{RoomCase, RoomMeeting, RoomView, Timer};
use crate::kit::*;

/// Draw `view` over the whole of `area` at `now`.
pub fn draw(view: &RoomView, now: DateTime<Utc>, frame: &mut Frame, area: Rect) {
    match view {
        RoomView::Blank => {}
        RoomView::Holding { panel, line } => {
            let lines = vec![
                Line::from(Span::styled(
                    panel.clone(),
                    Style::default().add_modifier(Modifier::BOLD),
                )),
                Line::from(""),
                Line::from(line.clone()),
            ];
            let h = area.height.min(5);
            let r = Rect {
                y: area.y + area.height.saturating_sub(h) / 2,
                height: h,
                ..area
            };
            frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), r);
        }
        RoomView::Meeting(m) => meeting(m, now, frame, area),
    }
}

fn bold(s: impl Into<String>) -> Span<'static> {
    Span::styled(s.into(), Style::default().add_modifier(Modifier::BOLD))
}

/// `m:ss` or `h:mm:ss` used, against the box when there is one; red past it.
fn timer_span(label: &str, t: &Timer, now: DateTime<Utc>) -> Vec<Span<'static>> {
    let Some(used) = t.used(now) else {
        return vec![];
    };
    let hms = crate::domain::time_box::elapsed;
    let mut text = format!("{label} {}", hms(used));
    if let Some(b) = t.box_minutes {
        text.push_str(&format!(" of {}", hms(i64::from(b) * 60)));
    }
    let style = if t.overrun(now) {
        Style::default().fg(ERROR).add_modifier(Modifier::BOLD)
    } else {
        Style::default()
    };
    let mut out = vec![Span::styled(text, style)];
    if t.overrun(now) {
        out.push(Span::styled(
            " OVER TIME",
            Style::default().fg(ERROR).add_modifier(Modifier::BOLD),
        ));
    }
    out.push(Span::raw("   "));
    out
}

fn meeting(m: &RoomMeeting, now: DateTime<Utc>, frame: &mut Frame, area: Rect) {
    let rows = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).split(area);
    let mut head = vec![bold(format!("{} · {}   ", m.panel, m.marking))];
    head.extend(timer_span("meeting", &m.meeting, now));
    frame.render_widget(Paragraph::new(Line::from(head)), rows[0]);
    let side = if area.width >= 100 { 40 } else { 26 };
    let cols = Layout::horizontal([Constraint::Length(side), Constraint::Min(20)]).split(rows[1]);
    // Titles wrapped under themselves (a hanging indent past the mark and number), as
    // the editing screen's sidebar does (issue 25).
    let w = side.saturating_sub(1) as usize;
    let agenda: Vec<Line> = m
        .agenda
        .iter()
        .flat_map(|i| {
            let mark = if i.current {
                "▶"
            } else if i.done {
                "✓"
            } else {
                " "
            };
            let count = i
                .cases
                .map(|(d, n)| format!(" [{d}/{n}]"))
                .unwrap_or_default();
            let style = if i.current {
                Style::default().fg(FOCUS).add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            };
            crate::app::text::wrap_hanging(
                &format!("{mark} {} ", i.number),
                &format!("{}{count}", i.title),
                w,
            )
            .into_iter()
            .map(|part| Line::from(Span::styled(part, style)))
            .collect::<Vec<_>>()
        })
        .collect();
    frame.render_widget(
        Paragraph::new(agenda)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::RIGHT).title(" Agenda ")),
        cols[0],
    );
    let mut lines = vec![];
    if let Some(n) = &m.notice {
        lines.push(Line::from(Span::styled(
            n.clone(),
            Style::default().fg(WARN).add_modifier(Modifier::BOLD),
        )));
    }
    lines.push(Line::from(bold(m.item_title.clone())));
    let mut timers = timer_span("item", &m.item, now);
    if m.case.is_some() {
        timers.extend(timer_span("case", &m.case_timer, now));
    }
    lines.push(Line::from(timers));
    lines.push(Line::from(""));
    if let Some(c) = &m.case {
        lines.extend(case_lines(c));
    }
    let inner = Rect {
        x: cols[1].x + 1,
        width: cols[1].width.saturating_sub(1),
        ..cols[1]
    };
    if let Some(s) = &m.statement {
        lines.push(Line::from(bold(format!(
            "Signed by {} of the {} people present",
            s.signed, s.present
        ))));
        lines.push(Line::from(""));
        // From the word the editor's `s` has at its top (issue 25), in rows of this
        // screen's width: the same words at the top whatever the two widths.
        let rows = crate::app::text::word_rows(&s.text, inner.width as usize);
        let top = s
            .from_word
            .map_or(0, |w| crate::app::text::row_of_word(&rows, w));
        if top > 0 {
            lines.push(Line::from(Span::styled("…", Style::default().fg(MUTED))));
        }
        lines.extend(rows.into_iter().skip(top).map(|r| Line::from(r.text)));
    }
    if let Some((n, text)) = &m.intelligence {
        lines.push(Line::from(format!("{n} note(s) of intelligence recorded")));
        for t in text {
            lines.push(Line::from(t.clone()));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn case_lines(c: &RoomCase) -> Vec<Line<'static>> {
    let big = Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let mut who = vec![Span::styled(c.who.clone(), big)];
    if let Some(a) = c.age {
        who.push(Span::raw(format!("   age {a}")));
    }
    let mut lines = vec![Line::from(who), Line::from("")];
    let risk = match &c.risk {
        Some((name, colour)) => Span::styled(
            format!(" {name} "),
            risk_style(colour).add_modifier(Modifier::BOLD),
        ),
        None => Span::raw("not yet set"),
    };
    lines.push(Line::from(vec![Span::raw("Risk level: "), risk]));
    lines.push(Line::from(format!(
        "Lead agency: {}",
        c.lead_agency
            .clone()
            .unwrap_or_else(|| "not yet set".into())
    )));
    lines.push(Line::from(format!(
        "Decision so far: {}",
        c.decision.clone().unwrap_or_else(|| "none yet".into())
    )));
    if !c.guests.is_empty() {
        lines.push(Line::from(format!(
            "Guests for this case: {}",
            c.guests.join(", ")
        )));
    }
    if !c.actions.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(bold("Actions agreed")));
        for a in &c.actions {
            lines.push(Line::from(format!("• {a}")));
        }
    }
    lines
}
