//! Attendance marks that touch two people: a member who sends a deputy (section 5.5).

use rusqlite::params;
use rusqlite::types::Value;

use super::Member;
use crate::domain::names::same_name;
use crate::domain::types::AttendanceStatus;
use crate::store::ids::*;
use crate::store::write::{text, NewAttendance, Table};
use crate::store::{Result, Store};

/// Who came in a member's place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeputyWho {
    /// A member of the panel (usually the member's registered deputy): their own
    /// member row is marked, so the person is listed once.
    Member(MemberId),
    /// Someone who is not a member, by name and post title.
    Named { name: String, post: String },
}

impl Store {
    /// Member `id` of the panel as offered at `meeting` (current on its date).
    /// Errors: `NotFound` for a member not offered there.
    pub fn meeting_member(&self, meeting: MeetingId, id: MemberId) -> Result<Member> {
        let day = self.meeting_date(meeting)?;
        let panel = self.panel_info(None)?.id;
        self.members(panel, day)?
            .into_iter()
            .find(|x| x.id == id)
            .ok_or_else(|| crate::store::StoreError::NotFound(format!("member {id}")))
    }

    /// The attendance rows standing in for `member` at `meeting` as deputies: (row id,
    /// the deputy's member id if a member).
    pub(super) fn deputies_for(
        &self,
        meeting: MeetingId,
        member: MemberId,
    ) -> Result<Vec<(i64, Option<i64>)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, member_id FROM attendance
                 WHERE meeting_id = ?1 AND deputy_for_member_id = ?2",
            )?
            .query_map(params![meeting, member], |r| {
                Ok((r.get("id")?, r.get("member_id")?))
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Mark `absent` as sending a deputy at `meeting`, and the deputy as attending
    /// for them, in one transaction. A named deputy whose name is a current member's
    /// is taken as that member. Marking again replaces the earlier deputy for the same
    /// member (the earlier one, if a member, goes back to not marked).
    /// Errors: the store's, or `Rule` for a blank name.
    pub fn mark_deputy(&self, meeting: MeetingId, absent: &Member, who: &DeputyWho) -> Result<()> {
        let day = self.meeting_date(meeting)?;
        let members = self.members(self.panel_info(None)?.id, day)?;
        let who = match who {
            DeputyWho::Named { name, .. } if name.trim().is_empty() => {
                return Err(crate::store::StoreError::Rule(
                    "the deputy needs a name".into(),
                ))
            }
            DeputyWho::Named { name, .. } => members
                .iter()
                .find(|m| m.id != absent.id && same_name(&m.name, name))
                .map_or_else(|| who.clone(), |m| DeputyWho::Member(m.id)),
            DeputyWho::Member(_) => who.clone(),
        };
        self.atomic(|s| {
            let a = s.mark_member(meeting, absent, AttendanceStatus::Apology)?;
            s.set_field(Table::Attendance, a.0, "note", text("sent a deputy"))?;
            // The earlier deputy for this member, if any, is replaced.
            let earlier = s.deputies_for(meeting, absent.id)?.into_iter().next();
            match &who {
                DeputyWho::Member(d) => {
                    let member = members
                        .iter()
                        .find(|m| m.id == *d)
                        .ok_or_else(|| crate::store::StoreError::NotFound(format!("member {d}")))?;
                    if let Some((id, m)) = earlier.filter(|(_, m)| *m != Some(d.0)) {
                        s.unmark_deputy(id, m)?;
                    }
                    let row = s.mark_member(meeting, member, AttendanceStatus::Deputy)?;
                    s.set_field(
                        Table::Attendance,
                        row.0,
                        "deputy_for_member_id",
                        Value::Integer(absent.id.0),
                    )?;
                    s.set_field(
                        Table::Attendance,
                        row.0,
                        "note",
                        text(format!("for {}", absent.name)),
                    )?;
                }
                DeputyWho::Named { name, post } => {
                    let post = if post.trim().is_empty() {
                        format!("Deputy for {}", absent.post)
                    } else {
                        post.trim().to_string()
                    };
                    match earlier {
                        Some((id, None)) => {
                            s.set_field(Table::Attendance, id, "name", text(name.trim()))?;
                            s.set_field(Table::Attendance, id, "post_title", text(post))?;
                        }
                        other => {
                            if let Some((id, m)) = other {
                                s.unmark_deputy(id, m)?;
                            }
                            s.add_attendance(&NewAttendance {
                                meeting,
                                member: None,
                                name: name.trim().to_string(),
                                post_title: post,
                                agency: Some(absent.agency),
                                status: AttendanceStatus::Deputy,
                                deputy_for: Some(absent.id),
                                visitor_for: None,
                            })?;
                        }
                    }
                }
            }
            Ok(())
        })
    }

    /// An earlier deputy replaced: a member's row goes back to absent with the link
    /// removed; a named row is marked absent (rows are never deleted: the change log
    /// keeps who was recorded).
    pub(super) fn unmark_deputy(&self, id: i64, member: Option<i64>) -> Result<()> {
        self.set_field(
            Table::Attendance,
            id,
            "status",
            text(AttendanceStatus::Absent.code()),
        )?;
        if member.is_some() {
            self.set_field(Table::Attendance, id, "deputy_for_member_id", Value::Null)?;
            self.set_field(Table::Attendance, id, "note", text(""))?;
        }
        Ok(())
    }
}
