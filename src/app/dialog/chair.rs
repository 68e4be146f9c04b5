//! The chair of this meeting and the senior mark, on the attendance page (issue 21,
//! C2 and C7): `c` records the selected person present as the meeting's chair (MAPPA
//! level 2: "from within referring agency"; level 3: "generally via co-ordinator",
//! 003 App 2B 2 step 3), the type's chair rule said beside it; `s` marks them senior
//! or not, and at a meeting whose type asks for seniority (`senior = true`) the
//! agencies present with nobody senior are warned of ("Membership should include
//! senior managers from all relevant agencies involved", 003 1 MAPPA).

use rusqlite::types::Value;

use crate::app::keys::Command;
use crate::app::state::AttendanceRow;
use crate::app::{App, Effect};
use crate::domain::paperwork::Rule;
use crate::store::ids::{AgencyId, AttendanceId};
use crate::store::meeting::{seniority_line, MeetingData};
use crate::store::write::Table;

/// The attendance row behind a page row, once marked.
fn attendance_of(data: &MeetingData, row: AttendanceRow) -> Option<AttendanceId> {
    match row {
        AttendanceRow::Member(m) => data.attendee_for(m).map(|a| a.id),
        AttendanceRow::Other(a) => Some(a),
    }
}

/// The agencies present with nobody marked senior, by name, as they would be with
/// `toggled` marked `senior`; `None` when the meeting's type asks for no seniority.
pub fn seniority_gaps(
    data: &MeetingData,
    toggled: Option<(AttendanceId, bool)>,
) -> Option<Vec<String>> {
    if !data.meeting_type.as_ref().is_some_and(|t| t.senior) {
        return None;
    }
    let agency_of = |a: &crate::store::meeting::Attendee| -> Option<AgencyId> {
        a.agency.or_else(|| {
            a.member
                .and_then(|m| data.members.iter().find(|x| x.id == m))
                .map(|m| m.agency)
        })
    };
    let present: Vec<_> = data
        .attendance
        .iter()
        .filter(|a| a.status.is_present())
        .collect();
    let senior = |a: &crate::store::meeting::Attendee| match toggled {
        Some((id, s)) if id == a.id => s,
        _ => a.senior,
    };
    Some(
        data.agencies
            .iter()
            .filter(|ag| {
                let here: Vec<_> = present
                    .iter()
                    .filter(|a| agency_of(a) == Some(ag.id))
                    .collect();
                !here.is_empty() && !here.iter().any(|a| senior(a))
            })
            .map(|ag| ag.name.clone())
            .collect(),
    )
}

/// The `c` and `s` keys of the attendance page on `row`; `false` when `cmd` is
/// neither.
pub fn chair_key(
    app: &mut App,
    row: AttendanceRow,
    cmd: Option<Command>,
    fx: &mut Vec<Effect>,
) -> bool {
    let Some(cmd @ (Command::ChairedBy | Command::MarkSenior)) = cmd else {
        return false;
    };
    let Some(id) = attendance_of(&app.data, row) else {
        app.warn("mark them present first");
        return true;
    };
    let Some(a) = app.data.attendance.iter().find(|a| a.id == id).cloned() else {
        return true;
    };
    let cite = app.data.panel.paperwork.cite.clone();
    if cmd == Command::ChairedBy {
        if !a.status.is_present() {
            app.warn(format!(
                "{} is not present: the chair is someone present",
                a.name
            ));
            return true;
        }
        fx.push(Effect::Set {
            table: Table::Meeting,
            id: app.data.id.0,
            col: "chaired_by_attendance_id",
            value: Value::Integer(a.id.0),
        });
        let rule = app
            .data
            .meeting_type
            .as_ref()
            .map(|t| t.chair.trim().to_string())
            .filter(|r| !r.is_empty())
            .map_or_else(String::new, |r| format!(" (chair rule: {r})"));
        app.say(format!("Chaired by {}{rule}", a.name));
        return true;
    }
    let senior = !a.senior;
    fx.push(Effect::Set {
        table: Table::Attendance,
        id: a.id.0,
        col: "senior",
        value: Value::Integer(i64::from(senior)),
    });
    let said = if senior {
        format!("{} marked senior", a.name)
    } else {
        format!("{} no longer marked senior", a.name)
    };
    match seniority_gaps(&app.data, Some((a.id, senior))) {
        Some(gaps) if !gaps.is_empty() => app.warn(format!(
            "{said}. {}",
            seniority_line(&gaps, &cite.paren(Rule::Seniority))
        )),
        _ => app.say(said),
    }
    true
}
