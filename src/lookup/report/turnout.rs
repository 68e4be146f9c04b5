//! Attendance for the return: each meeting held in the range, and each agency over
//! them all (the best mark a member of the agency had at each meeting).

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::*;
use crate::store::rows::attendance;

/// Agency attendance at each meeting held in the range (meetings with attendance
/// recorded), and per agency over them all.
pub(super) fn attendance_in(
    conn: &Connection,
    range: &Range,
) -> Result<(Vec<MeetingAttendance>, Vec<AgencyAttendance>)> {
    let sql = format!(
        "SELECT {} FROM {}
         WHERE m.panel_id = ?1 AND m.date BETWEEN ?2 AND ?3
           AND EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = m.id)
         ORDER BY m.date",
        meeting::COLUMNS,
        meeting::FROM
    );
    let held: Vec<meeting::Meeting> = conn
        .prepare_cached(&sql)?
        .query_map(range.params(), meeting::from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let agencies: Vec<agency::Agency> = conn
        .prepare_cached(&agencies_sql())?
        .query_map(range.params(), agency::from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut by_agency: Vec<AgencyAttendance> = agencies
        .iter()
        .map(|a| AgencyAttendance {
            code: cleaned(&a.code),
            name: cleaned(&a.name),
            meetings: held.len(),
            attended: 0,
            apologies: 0,
            absent: 0,
        })
        .collect();
    let mut meetings = vec![];
    for m in &held {
        let best = best_marks(conn, m)?;
        let mut day = MeetingAttendance {
            date: m.date,
            attended: vec![],
            apologies: vec![],
            absent: vec![],
        };
        for (a, tally) in agencies.iter().zip(by_agency.iter_mut()) {
            let (list, count) = match best.get(&a.id.0).copied().unwrap_or(0) {
                2 => (&mut day.attended, &mut tally.attended),
                1 => (&mut day.apologies, &mut tally.apologies),
                _ => (&mut day.absent, &mut tally.absent),
            };
            list.push(tally.code.clone());
            *count += 1;
        }
        meetings.push(day);
    }
    Ok((meetings, by_agency))
}

/// The agencies a return lists (`?1` panel, `?2`-`?3` the range): those with
/// members, or marked at a meeting in the range.
pub(crate) fn agencies_sql() -> String {
    format!(
        "SELECT {} FROM {}
         WHERE ag.panel_id = ?1 AND (
            EXISTS (SELECT 1 FROM member mb WHERE mb.agency_id = ag.id)
            OR EXISTS (SELECT 1 FROM attendance a JOIN meeting m ON m.id = a.meeting_id
                       WHERE a.agency_id = ag.id AND m.date BETWEEN ?2 AND ?3))
         ORDER BY ag.code",
        agency::COLUMNS,
        agency::FROM
    )
}

/// Each agency's best mark at meeting `m`: 2 in the room, 1 an apology (written or
/// not), 0 absent.
fn best_marks(conn: &Connection, m: &meeting::Meeting) -> Result<BTreeMap<i64, u8>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE att.meeting_id = ?1 AND att.agency_id IS NOT NULL",
        attendance::COLUMNS,
        attendance::FROM
    );
    let mut best: BTreeMap<i64, u8> = BTreeMap::new();
    let mut st = conn.prepare_cached(&sql)?;
    for row in st.query_map([m.id], attendance::from_row)? {
        let a = row?;
        let Some(agency) = a.agency else { continue };
        let rank = match a.status {
            AttendanceStatus::Present | AttendanceStatus::Deputy => 2,
            AttendanceStatus::Apology | AttendanceStatus::WrittenSubmission => 1,
            _ => 0,
        };
        let e = best.entry(agency.0).or_default();
        *e = (*e).max(rank);
    }
    Ok(best)
}
