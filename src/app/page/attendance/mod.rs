//! Introductions and apologies (Appendix D items 1-2, section 5.5): who is here, who
//! sent apologies, a deputy or a written submission, and visitors presenting a case.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use rusqlite::types::Value;

use super::super::keys::Command;
use super::super::*;
use super::Page;
use crate::app::text::one_line;
use crate::domain::types::*;
use crate::kit::truncate;
use crate::kit::*;
use crate::kit::{heading, hint};
use crate::store::write::Table;

/// The attendance page.
pub struct Attendance;

impl Page for Attendance {
    fn len(&self, app: &App) -> usize {
        app.attendance_rows().len()
    }

    fn key(&self, app: &mut App, key: KeyEvent, _cmd: Option<Command>, fx: &mut Vec<Effect>) {
        attendance_key(app, key, fx)
    }

    fn draw(&self, app: &App, frame: &mut Frame, area: Rect) {
        attendance(app, frame, area)
    }
}

fn attendance_key(app: &mut App, key: KeyEvent, fx: &mut Vec<Effect>) {
    if move_sel(app, &key) {
        return;
    }
    let rows = app.attendance_rows();
    let Some(row) = rows.get(app.sel).copied() else {
        return;
    };
    let status = match key.code {
        KeyCode::Char('p') => Some(AttendanceStatus::Present),
        KeyCode::Char('a') => Some(AttendanceStatus::Apology),
        KeyCode::Char('x') => Some(AttendanceStatus::Absent),
        KeyCode::Char('d') => {
            if app.sel + 1 < rows.len() {
                // As after the other marks: on to the next person.
                app.sel += 1;
            }
            if let Some(d) = match row {
                AttendanceRow::Member(m) => dialog::deputy(&app.data, m),
                AttendanceRow::Other(_) => None,
            } {
                open_dialog(app, d);
            }
            return;
        }
        KeyCode::Char('w') | KeyCode::Enter => {
            if let AttendanceRow::Member(m) = row {
                // A member's written submission: marked, and what it says asked for
                // (Enter on a member so marked opens it again).
                let sent = app.data.attendee_for(m).map(|a| a.status)
                    == Some(AttendanceStatus::WrittenSubmission);
                if key.code == KeyCode::Enter && !sent {
                    return;
                }
                if key.code == KeyCode::Char('w') && app.sel + 1 < rows.len() {
                    // As after the other marks: on to the next person.
                    app.sel += 1;
                }
                if let Some(d) = dialog::submission(&app.data, m) {
                    if !sent {
                        fx.push(Effect::MarkMember {
                            member: m,
                            status: AttendanceStatus::WrittenSubmission,
                            note: String::new(),
                        });
                    }
                    open_dialog(app, d);
                }
                return;
            }
            (key.code == KeyCode::Char('w')).then_some(AttendanceStatus::WrittenSubmission)
        }
        KeyCode::Char('v') => {
            let d = dialog::visitor(&app.data);
            open_dialog(app, d);
            return;
        }
        _ => None,
    };
    let Some(status) = status else { return };
    match row {
        AttendanceRow::Member(m) => {
            fx.push(Effect::MarkMember {
                member: m,
                status,
                note: String::new(),
            });
        }
        AttendanceRow::Other(a) => {
            let st = if status == AttendanceStatus::Present {
                app.data
                    .attendance
                    .iter()
                    .find(|x| x.id == a)
                    .map(|x| {
                        if x.deputy_for.is_some() {
                            AttendanceStatus::Deputy
                        } else {
                            status
                        }
                    })
                    .unwrap_or(status)
            } else {
                status
            };
            fx.push(Effect::Set {
                table: Table::Attendance,
                id: a.0,
                col: "status",
                value: Value::Text(st.code().into()),
            });
        }
    }
    if app.sel + 1 < rows.len() {
        app.sel += 1;
    }
}

/// Attendance in a column of 22: the minutes use the full words.
fn short_status(s: AttendanceStatus) -> &'static str {
    match s {
        AttendanceStatus::WrittenSubmission => "written submission",
        AttendanceStatus::Deputy => "deputy",
        other => other.label(),
    }
}

fn attendance(app: &App, frame: &mut Frame, area: Rect) {
    let mut lines = vec![
        heading(app.item_title()),
        hint("p present · a apology · d deputy · x absent"),
        hint("w written submission · v add a visitor"),
        Line::from(""),
    ];
    let rows = app.attendance_rows();
    let height = area.height.saturating_sub(5) as usize;
    let start = scroll_start(app.sel, height);
    let w = area.width as usize;
    for (i, row) in rows.iter().enumerate().skip(start).take(height) {
        let text = match row {
            AttendanceRow::Member(m) => {
                let mem = app.data.members.iter().find(|x| x.id == *m);
                let att = app.data.attendee_for(*m);
                let status = att.map(|a| {
                    let short = short_status(a.status);
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
                    "{:<24} {:<6} {:<22} {}{}",
                    truncate(&name, 24),
                    agency,
                    status.unwrap_or_else(|| "— not marked".into()),
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
                            format!("visitor for case {r}")
                        } else {
                            "visitor".into()
                        };
                        format!(
                            "{:<24} {:<6} {:<22} {}",
                            truncate(&one_line(&a.name), 24),
                            app.data.agency_code(a.agency),
                            short_status(a.status),
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
