//! Introductions and apologies (Appendix D items 1-2, section 5.5): who is here, who
//! sent apologies, a deputy or a written submission, and visitors presenting a case.

pub(crate) mod draw;

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::Frame;
use rusqlite::types::Value;

use super::super::keys::Command;
use super::super::*;
use super::Page;
use crate::domain::types::*;
use crate::store::meeting::GuestChange;
use crate::store::write::Table;

/// The attendance page.
pub(super) struct Attendance;

impl Page for Attendance {
    fn len(&self, app: &App) -> usize {
        app.attendance_rows().len()
    }

    fn key(&self, app: &mut App, key: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>) {
        attendance_key(app, key, cmd, fx)
    }

    fn draw(&self, app: &App, frame: &mut Frame, area: Rect) {
        draw::attendance(app, frame, area)
    }
}

fn attendance_key(app: &mut App, key: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>) {
    if move_sel(app, &key) {
        return;
    }
    if cmd == Some(Command::InviteGuest) {
        return invite_guest(app);
    }
    let rows = app.attendance_rows();
    let Some(row) = rows.get(app.sel).copied() else {
        return;
    };
    if dialog::chair::chair_key(app, row, cmd, fx) {
        return;
    }
    let enter = key.code == KeyCode::Enter;
    let written = cmd == Some(Command::MarkWritten);
    let status = match cmd {
        Some(Command::MarkPresent) => Some(AttendanceStatus::Present),
        Some(Command::MarkApology) => Some(AttendanceStatus::Apology),
        Some(Command::MarkAbsent) => Some(AttendanceStatus::Absent),
        Some(Command::MarkDeputy) => {
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
        _ if written || enter => {
            if let AttendanceRow::Member(m) = row {
                // A member's written submission: marked, and what it says asked for
                // (Enter on a member so marked opens it again).
                let sent = app.data.attendee_for(m).map(|a| a.status)
                    == Some(AttendanceStatus::WrittenSubmission);
                if enter && !sent {
                    return;
                }
                if written && app.sel + 1 < rows.len() {
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
            written.then_some(AttendanceStatus::WrittenSubmission)
        }
        Some(Command::MarkLeft) => return mark_left(app, row, fx),
        Some(Command::AddVisitor) => {
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
            if !status.is_present() {
                if let Some(code) = required_left_empty(app, m) {
                    app.warn(format!(
                        "{code} is a required agency and nobody from it is present: a deputy or another member from it?"
                    ));
                }
            }
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

/// `g`: invite a guest for one case on the agenda (issue 21, C6).
fn invite_guest(app: &mut App) {
    if app.data.cases.is_empty() {
        app.say("No cases on the agenda: a guest is invited for one case");
        return;
    }
    let d = dialog::guest(&app.data);
    open_dialog(app, d);
}

/// `l`: the selected person leaves now, or is back if they had left (issue 21, C8:
/// anyone leaving before the end is recorded, and the minutes show when).
fn mark_left(app: &mut App, row: AttendanceRow, fx: &mut Vec<Effect>) {
    let att = match row {
        AttendanceRow::Member(m) => app.data.attendee_for(m),
        AttendanceRow::Other(a) => app.data.attendance.iter().find(|x| x.id == a),
    };
    let Some(att) = att.filter(|a| a.status.is_present()) else {
        app.warn("Only someone marked present can leave: mark them present first");
        return;
    };
    let (id, name, left) = (att.id, att.name.clone(), att.left_at.is_none());
    fx.push(Effect::Guest(GuestChange::Left {
        attendance: id,
        left,
    }));
    if left {
        let at = crate::domain::clock::local(app.now).format("%H:%M");
        app.say(format!(
            "{name} left at {at} (in the minutes); {} again if they come back",
            crate::app::keys::key(Command::MarkLeft)
        ));
    } else {
        app.say(format!("{name} is back in the room"));
    }
}

/// The code of member `m`'s agency when the panel requires it (`required = true` on
/// `[[agency]]`) and nobody else from it is in the room: marking `m` away leaves it
/// unrepresented.
fn required_left_empty(app: &App, m: crate::store::MemberId) -> Option<String> {
    let agency = app.data.members.iter().find(|x| x.id == m)?.agency;
    let code = app.data.agency_code(Some(agency));
    let required = app
        .data
        .panel
        .paperwork
        .agencies
        .iter()
        .any(|a| a.required && a.code.eq_ignore_ascii_case(&code));
    let others = app
        .data
        .attendance
        .iter()
        .any(|a| a.status.is_present() && a.agency == Some(agency) && a.member != Some(m));
    (required && !others).then_some(code)
}
