//! A change to an approved meeting's record is an amendment, never a silent rewrite
//! (issue 28 item 3): every change is in the change log already, so an amendment is
//! a change-log row about the meeting's record written after the row that recorded
//! the approval. The minutes and `case ID` say so.
//!
//! The meeting's record is what its minutes print: its discussions (with their onward
//! referrals, checklist answers, risk ratings, sharing decisions and escalations),
//! attendance, intelligence, MAPPA notes, the actions agreed at it (what, by whom,
//! by when: an action done later is follow-up, not an amendment) and the meeting's
//! own minuted fields. Where the room looked and when the minutes were sent are not.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::Result;
use crate::store::ids::MeetingId;

/// Changes to a meeting's record after its minutes were approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Amendment {
    /// The day of the first change after approval (local time).
    pub on: NaiveDate,
    /// How many change-log rows.
    pub changes: usize,
}

impl Amendment {
    /// "amended after approval on 3 January 2027 (2 changes, in the change log)".
    pub fn line(&self) -> String {
        format!(
            "amended after approval on {} ({} change{}, in the change log)",
            super::fmt_date(self.on),
            self.changes,
            if self.changes == 1 { "" } else { "s" }
        )
    }
}

/// The change-log rows of the meeting's record (`?1` the meeting, `?2` the discussion
/// or NULL for every discussion of it).
const RECORD: &str = "(
    (tbl = 'case_discussion' AND row_id IN (SELECT id FROM d))
 OR (tbl = 'onward_referral' AND row_id IN (SELECT id FROM onward_referral WHERE discussion_id IN (SELECT id FROM d)))
 OR (tbl = 'checklist_answer' AND row_id IN (SELECT id FROM checklist_answer WHERE discussion_id IN (SELECT id FROM d)))
 OR (tbl = 'risk_rating' AND row_id IN (SELECT id FROM risk_rating WHERE discussion_id IN (SELECT id FROM d)))
 OR (tbl = 'disclosure' AND row_id IN (SELECT id FROM disclosure WHERE discussion_id IN (SELECT id FROM d)))
 OR (tbl = 'escalation' AND row_id IN (SELECT id FROM escalation WHERE discussion_id IN (SELECT id FROM d)))
 OR (?2 IS NULL AND (
        (tbl = 'attendance' AND row_id IN (SELECT id FROM attendance WHERE meeting_id = ?1))
     OR (tbl = 'intelligence' AND row_id IN (SELECT id FROM intelligence WHERE meeting_id = ?1))
     OR (tbl = 'mappa_note' AND row_id IN (SELECT id FROM mappa_note WHERE meeting_id = ?1))
     OR (tbl = 'action' AND col IN ('*', 'description', 'agency_id', 'person', 'due_on')
         AND row_id IN (SELECT id FROM action WHERE meeting_id = ?1 AND carried_from_action_id IS NULL))
     OR (tbl = 'meeting' AND row_id = ?1 AND col IN ('date', 'start_time', 'venue',
         'gate_override_reason', 'quorum_override_reason', 'type_code', 'chaired_by_attendance_id'))))
)";

/// The change-log row that recorded the approval of `meeting`'s minutes (the newest).
fn approval_row(conn: &Connection, meeting: MeetingId) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT MAX(id) FROM change_log
             WHERE tbl = 'meeting' AND row_id = ?1 AND col = 'minutes_approved_on'",
        )?
        .query_row([meeting.0], |r| r.get::<_, Option<i64>>(0))
        .optional()?
        .flatten())
}

fn find(
    conn: &Connection,
    meeting: MeetingId,
    discussion: Option<i64>,
) -> Result<Option<Amendment>> {
    let Some(approved) = approval_row(conn, meeting)? else {
        return Ok(None);
    };
    let sql = format!(
        "WITH d AS (SELECT id FROM case_discussion WHERE meeting_id = ?1 AND (?2 IS NULL OR id = ?2))
         SELECT COUNT(*), MIN(at) FROM change_log WHERE id > ?3 AND {RECORD}"
    );
    let (n, first): (i64, Option<String>) = conn
        .prepare_cached(&sql)?
        .query_row(params![meeting.0, discussion, approved], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let on = first
        .as_deref()
        .and_then(crate::domain::clock::parse_stamp)
        .map(crate::domain::clock::local_date);
    Ok(on.filter(|_| n > 0).map(|on| Amendment {
        on,
        changes: usize::try_from(n).unwrap_or(0),
    }))
}

/// Changes to `meeting`'s record after its minutes were approved; `None` when the
/// minutes are not approved or nothing changed since.
pub fn of_meeting(conn: &Connection, meeting: MeetingId) -> Result<Option<Amendment>> {
    find(conn, meeting, None)
}

/// Changes to one discussion (case page) of `meeting` after its minutes were approved.
pub fn of_discussion(
    conn: &Connection,
    meeting: MeetingId,
    discussion: i64,
) -> Result<Option<Amendment>> {
    find(conn, meeting, Some(discussion))
}
