//! Which co-chair agreed a decision (issue 22, MAVE MV5): "Co-chaired by a CSC
//! Assistant Director and DI from the Central South BCU" (001 "Who chairs the MAVE
//! Panel?"), both "the Chairs" (001 "Confidentiality"). With two co-chairs present each
//! decision records the one who agreed it (`case_discussion.agreed_by_attendance_id`,
//! MIGRATION_MAVE), written through `set_field` (change-logged) and checked here: one
//! of the meeting's co-chairs, present. With one chair (MAGPan) it is never written
//! and nothing is printed.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use crate::domain::types::Role;
use crate::store::ids::{AttendanceId, DiscussionId};
use crate::store::schema_mave::has_column;
use crate::store::{Result, Store, StoreError};

/// The co-chair recorded as agreeing discussion `discussion`'s decision; `None` when
/// none is (or the database is older than the column).
pub fn agreed_by_of(conn: &Connection, discussion: i64) -> Result<Option<AttendanceId>> {
    if !has_column(conn, "case_discussion", "agreed_by_attendance_id")? {
        return Ok(None);
    }
    Ok(conn
        .prepare_cached("SELECT agreed_by_attendance_id FROM case_discussion WHERE id = ?1")?
        .query_row([discussion], |r| r.get(0))
        .optional()?
        .flatten())
}

/// "post (AGENCY)" of the co-chair who agreed discussion `discussion`'s decision, as
/// the minutes and `case ID` print it after "Agreed by"; their name when no post is
/// recorded; `None` when no co-chair is recorded.
pub fn agreed_by_words(conn: &Connection, discussion: i64) -> Result<Option<String>> {
    let Some(a) = agreed_by_of(conn, discussion)? else {
        return Ok(None);
    };
    let row: Option<(String, String, Option<String>)> = conn
        .prepare_cached(
            "SELECT att.name, att.post_title,
                    (SELECT code FROM agency WHERE agency.id = COALESCE(att.agency_id,
                        (SELECT agency_id FROM member WHERE member.id = att.member_id)))
             FROM attendance att WHERE att.id = ?1",
        )?
        .query_row([a.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(row.map(|(name, post, agency)| {
        let who = if post.trim().is_empty() { name } else { post };
        match agency {
            Some(code) => format!("{} ({code})", who.trim()),
            None => who.trim().to_string(),
        }
    }))
}

impl Store {
    /// Before `set_field` writes `agreed_by_attendance_id` of discussion `id`: NULL
    /// (cleared), or the attendance row of a co-chair present at the discussion's
    /// meeting. Errors: `Rule`, one line.
    pub(crate) fn check_agreed_by(&self, id: i64, value: &Value) -> Result<()> {
        let Value::Integer(a) = value else {
            return match value {
                Value::Null => Ok(()),
                _ => Err(StoreError::Rule(
                    "agreed by: an attendance row of the meeting".into(),
                )),
            };
        };
        let meeting = self.discussion_meeting(DiscussionId(id))?;
        let found: Option<(String, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT att.status, (SELECT role FROM member WHERE member.id = att.member_id)
                 FROM attendance att WHERE att.id = ?1 AND att.meeting_id = ?2",
            )?
            .query_row(rusqlite::params![a, meeting.0], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let present = |s: &str| {
            crate::domain::types::AttendanceStatus::from_code(s).is_some_and(|s| s.is_present())
        };
        match found {
            Some((status, Some(role))) if role == Role::CoChair.code() && present(&status) => {
                Ok(())
            }
            _ => Err(StoreError::Rule(
                "agreed by: one of the co-chairs present at this meeting".into(),
            )),
        }
    }
}
