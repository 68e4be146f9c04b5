//! Drawing the attendance page.

use crate::app::keys::{key as KEY, Command as C};
use crate::app::text::one_line;
use crate::app::*;
use crate::domain::types::*;
use crate::kit::hint;
use crate::kit::truncate;
use crate::kit::*;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Attendance in a column of 22: the minutes use the full words.
pub(super) fn short_status(s: AttendanceStatus) -> &'static str {
    match s {
        AttendanceStatus::WrittenSubmission => "written submission",
        AttendanceStatus::Deputy => "deputy",
        other => other.label(),
    }
}

/// Guests invited for one case (issue 21), where each stands: only when there are any
/// (the chair's screen; the room never sees this page).
pub(crate) fn guests_line(app: &App) -> Option<String> {
    if app.data.guests.is_empty() {
        return None;
    }
    let each: Vec<String> = app
        .data
        .guests
        .iter()
        .map(|g| {
            let at = match (g.joined_at, g.left_at) {
                (_, Some(_)) => "left",
                (Some(_), None) => "joined",
                (None, None) => "invited",
            };
            format!("{} (case {}, {at})", one_line(&g.name), g.referral)
        })
        .collect();
    Some(format!(
        "Guests for one case: {} · {} invites another; {} on their case page joins them",
        each.join(", "),
        KEY(C::InviteGuest),
        KEY(C::GuestJoins)
    ))
}

/// Each agency's status return since the meeting before (issue 26), beside its
/// code: the chair sees, while taking attendance, which agencies have not reported
/// on their actions and asks them in the room. `None` when no sheet was issued.
pub(crate) fn returns_line(app: &App) -> Option<(String, bool)> {
    if app.data.returns.is_empty() {
        return None;
    }
    let each: Vec<String> = app
        .data
        .returns
        .iter()
        .map(|r| match r.returned_on {
            Some(on) => format!("{} received {}", r.agency, on.format("%d %b")),
            None => format!(
                "{} NOT BACK (asked {})",
                r.agency,
                r.asked_on.format("%d %b")
            ),
        })
        .collect();
    let missing = app.data.returns.iter().any(|r| r.returned_on.is_none());
    Some((
        format!("Returns since the last meeting: {}", each.join(" · ")),
        missing,
    ))
}

/// The status column: the mark, or when the person left before the end (C8).
fn status_of(a: &crate::store::meeting::Attendee) -> String {
    match a.left_at {
        Some(t) => format!("left {}", crate::domain::clock::local(t).format("%H:%M")),
        None => short_status(a.status).to_string(),
    }
}

pub(super) fn attendance(app: &App, frame: &mut Frame, area: Rect) {
    let mut lines = vec![
        crate::app::page::item_heading(app, area.width),
        hint(
            &format!(
                "{} present · {} apology · {} deputy · {} absent",
                KEY(C::MarkPresent),
                KEY(C::MarkApology),
                KEY(C::MarkDeputy),
                KEY(C::MarkAbsent)
            ),
            area.width as usize,
        ),
        hint(
            &format!(
                "{} written submission · {} add a visitor",
                KEY(C::MarkWritten),
                KEY(C::AddVisitor)
            ),
            area.width as usize,
        ),
        Line::from(""),
    ];
    let absent = app.data.required_absent();
    if !absent.is_empty() {
        lines.insert(
            3,
            Line::from(Span::styled(
                format!(
                    "Required agencies with nobody present: {}",
                    absent.join(", ")
                ),
                Style::default().fg(WARN),
            )),
        );
    }
    let returns = returns_line(app);
    if let Some((text, missing)) = &returns {
        let style = Style::default().fg(if *missing { WARN } else { FOCUS });
        let at = lines.len() - 1;
        lines.insert(at, Line::from(Span::styled(text.clone(), style)));
    }
    let guests = guests_line(app);
    if let Some(g) = &guests {
        let at = lines.len() - 1;
        lines.insert(at, hint(g, area.width as usize));
    }
    let rows = app.attendance_rows();
    let height = area.height.saturating_sub(
        5 + u16::from(!absent.is_empty())
            + u16::from(guests.is_some())
            + u16::from(returns.is_some()),
    ) as usize;
    let start = scroll_start(app.sel, height);
    let w = area.width as usize;
    // Columns fitted to the width: the name and status shrink on a narrow screen so
    // the post keeps room (at 80×24 it collapsed to "…").
    let name_w = (w / 3).clamp(14, 24);
    let status_w = if w < 100 { 14 } else { 22 };
    for (i, row) in rows.iter().enumerate().skip(start).take(height) {
        let text = match row {
            AttendanceRow::Member(m) => {
                let mem = app.data.members.iter().find(|x| x.id == *m);
                let att = app.data.attendee_for(*m);
                let status = att.map(|a| {
                    let short = status_of(a);
                    if a.note.is_empty() {
                        short.to_string()
                    } else {
                        format!("{short} ({})", one_line(&a.note))
                    }
                });
                let mem = mem.map(|m| {
                    (
                        one_line(&m.name),
                        one_line(&m.post),
                        app.data.agency_code(Some(m.agency)),
                        m.role,
                    )
                });
                let (name, post, agency, role) =
                    mem.unwrap_or((String::new(), String::new(), String::new(), Role::Member));
                let role = if role == Role::Member {
                    String::new()
                } else {
                    format!(" [{}]", role.label())
                };
                format!(
                    "{:<name_w$} {:<6} {:<status_w$} {}{}",
                    truncate(&name, name_w),
                    agency,
                    truncate(&status.unwrap_or_else(|| "— not marked".into()), status_w),
                    truncate(&post, 30),
                    role
                )
            }
            AttendanceRow::Other(a) => {
                let a = app.data.attendance.iter().find(|x| x.id == *a);
                match a {
                    Some(a) => {
                        let what = if let Some(m) = a.deputy_for {
                            let n = app
                                .data
                                .members
                                .iter()
                                .find(|x| x.id == m)
                                .map(|x| one_line(&x.name))
                                .unwrap_or_default();
                            format!("deputy for {n}")
                        } else if let Some(r) = a.visitor_for {
                            let guest = app.data.guests.iter().any(|g| g.attendance == Some(a.id));
                            let what = if guest { "guest" } else { "visitor" };
                            format!("{what} for case {r}")
                        } else {
                            "visitor".into()
                        };
                        format!(
                            "{:<name_w$} {:<6} {:<status_w$} {}",
                            truncate(&one_line(&a.name), name_w),
                            app.data.agency_code(a.agency),
                            truncate(&status_of(a), status_w),
                            what
                        )
                    }
                    None => String::new(),
                }
            }
        };
        lines.push(Line::from(Span::styled(
            truncate(&text, w),
            selected(i == app.sel),
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
