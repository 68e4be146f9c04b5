//! Guests for one case (issue 21, gap C6), in every panel: a professional invited for
//! one case with the chair's agreement given in advance (who agreed, when), from any
//! agency (a panel agency or one named in words). The invitation hangs off the case
//! discussion; when the guest joins at their case they become a visitor for that case
//! in the attendance (the one mechanism for people who are not members), and they leave
//! when the case is done. Every write is in the change log.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection};

use crate::domain::guest::{invitation_problem, Capacity, Invitation};
use crate::domain::paperwork::Rule;
use crate::domain::types::{AttendanceStatus, MeetingState};
use crate::store::ids::*;
use crate::store::write::{time, NewAttendance, Table};
use crate::store::{Result, Store, StoreError};

/// The invitations table (the lead may renumber the migration at merge). A row hangs
/// off its case discussion, so retention's link-following removes it with the case;
/// `attendance_id` is the visitor row made when the guest joins.
pub const MIGRATION_GUESTS: &str = r#"
CREATE TABLE case_guest (
    id INTEGER PRIMARY KEY,
    discussion_id INTEGER NOT NULL REFERENCES case_discussion(id),
    name TEXT NOT NULL CHECK (name <> ''),
    post_title TEXT NOT NULL DEFAULT '',
    agency_id INTEGER REFERENCES agency(id),
    agency_text TEXT NOT NULL DEFAULT '',
    agreed_by TEXT NOT NULL CHECK (agreed_by <> ''),
    agreed_on TEXT NOT NULL,
    attendance_id INTEGER REFERENCES attendance(id),
    joined_at TEXT,
    created_at TEXT NOT NULL,
    CHECK (agency_id IS NOT NULL OR agency_text <> '')
);
CREATE INDEX case_guest_discussion ON case_guest(discussion_id);
"#;

/// An invitation to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGuest {
    pub discussion: DiscussionId,
    pub name: String,
    pub post: String,
    pub capacity: Capacity,
    /// A panel agency, or `None` with the agency in words (`agency_text`).
    pub agency: Option<AgencyId>,
    pub agency_text: String,
    /// Who agreed for the chair, and on what day (before the meeting).
    pub agreed_by: String,
    pub agreed_on: Option<NaiveDate>,
}

/// A guest of one case at a meeting, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guest {
    pub id: i64,
    pub discussion: DiscussionId,
    pub referral: ReferralId,
    pub name: String,
    pub post: String,
    pub agency: Option<AgencyId>,
    /// The agency's code, or the agency in words when it is not a panel agency.
    pub agency_name: String,
    pub agreed_by: String,
    pub agreed_on: String,
    /// Their visitor row in the attendance, once joined.
    pub attendance: Option<AttendanceId>,
    pub joined_at: Option<DateTime<Utc>>,
    pub left_at: Option<DateTime<Utc>>,
}

/// The guests of meeting `meeting`, by case and then as invited; none in a database
/// older than the table.
pub fn guests_at(conn: &Connection, meeting: MeetingId) -> Result<Vec<Guest>> {
    let exists: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'case_guest')",
        )?
        .query_row([], |r| r.get(0))?;
    if !exists {
        return Ok(vec![]);
    }
    let rows = conn
        .prepare_cached(
            "SELECT g.id, g.discussion_id, d.referral_id, g.name, g.post_title, g.agency_id,
                    COALESCE(ag.code, g.agency_text) AS agency_name, g.agreed_by, g.agreed_on,
                    g.attendance_id, g.joined_at, att.left_at
             FROM case_guest g
             JOIN case_discussion d ON d.id = g.discussion_id
             LEFT JOIN agency ag ON ag.id = g.agency_id
             LEFT JOIN attendance att ON att.id = g.attendance_id
             WHERE d.meeting_id = ?1
             ORDER BY d.agenda_item, d.position, g.id",
        )?
        .query_map([meeting], |r| {
            let t = |s: Option<String>| s.as_deref().and_then(crate::domain::clock::parse_stamp);
            Ok(Guest {
                id: r.get(0)?,
                discussion: r.get(1)?,
                referral: r.get(2)?,
                name: r.get(3)?,
                post: r.get(4)?,
                agency: r.get(5)?,
                agency_name: r.get(6)?,
                agreed_by: r.get(7)?,
                agreed_on: r.get(8)?,
                attendance: r.get(9)?,
                joined_at: t(r.get(10)?),
                left_at: t(r.get(11)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

impl Store {
    /// Invite a guest for one case of a meeting not yet over. Errors: `Rule` (one line)
    /// for a victim, family member or other interested party, a missing name or agency,
    /// an agreement not given by the chair before the meeting.
    pub fn invite_guest(&self, g: &NewGuest) -> Result<i64> {
        let meeting = self.discussion_meeting(g.discussion)?;
        let m = self.meeting_row(meeting)?;
        let panel = self.panel_info_of_meeting(meeting)?;
        let cite = panel.paperwork.cite.paren(Rule::Guests);
        if !matches!(m.state, MeetingState::Planned | MeetingState::InProgress) {
            return Err(StoreError::Rule(
                "guests are invited for a meeting not yet formally closed".into(),
            ));
        }
        let inv = Invitation {
            name: &g.name,
            capacity: g.capacity,
            panel_agency: g.agency.is_some(),
            agency_text: &g.agency_text,
            agreed_by: &g.agreed_by,
            agreed_on: g.agreed_on,
        };
        if let Some(p) = invitation_problem(&inv, m.date, &cite) {
            return Err(StoreError::Rule(p));
        }
        self.atomic(|s| {
            s.conn
                .prepare_cached(
                    "INSERT INTO case_guest (discussion_id, name, post_title, agency_id,
                        agency_text, agreed_by, agreed_on, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![
                    g.discussion,
                    g.name.trim(),
                    g.post.trim(),
                    g.agency,
                    if g.agency.is_some() {
                        ""
                    } else {
                        g.agency_text.trim()
                    },
                    g.agreed_by.trim(),
                    g.agreed_on,
                    crate::domain::clock::stamp(s.now()),
                ])?;
            let id = s.conn.last_insert_rowid();
            if s.log_changes {
                s.append_log(
                    "case_guest",
                    id,
                    "*",
                    None,
                    Some(format!(
                        "guest {} agreed by {}",
                        g.name.trim(),
                        g.agreed_by.trim()
                    )),
                )?;
            }
            Ok(id)
        })
    }

    /// The guest joins at their case: a visitor row for the case in the attendance, the
    /// time they joined. Errors: `Rule` when the meeting is not in progress or they
    /// already joined.
    pub fn guest_joins(&self, meeting: MeetingId, guest: i64) -> Result<AttendanceId> {
        let g = guests_at(&self.conn, meeting)?
            .into_iter()
            .find(|g| g.id == guest)
            .ok_or_else(|| StoreError::NotFound(format!("guest {guest}")))?;
        if self.meeting_row(meeting)?.state != MeetingState::InProgress {
            return Err(StoreError::Rule(
                "a guest joins a meeting in progress, at their case".into(),
            ));
        }
        if g.attendance.is_some() {
            return Err(StoreError::Rule(format!("{} has already joined", g.name)));
        }
        self.atomic(|s| {
            let post = match (&g.post, g.agency) {
                (p, None) if p.is_empty() => g.agency_name.clone(),
                (p, None) => format!("{p}, {}", g.agency_name),
                (p, Some(_)) => p.clone(),
            };
            let a = s.add_attendance(&NewAttendance {
                meeting,
                member: None,
                name: g.name.clone(),
                post_title: post,
                agency: g.agency,
                status: AttendanceStatus::Present,
                deputy_for: None,
                visitor_for: Some(g.referral),
            })?;
            let now = crate::domain::clock::stamp(s.now());
            s.conn
                .prepare_cached(
                    "UPDATE case_guest SET attendance_id = ?1, joined_at = ?2 WHERE id = ?3",
                )?
                .execute(params![a, now, guest])?;
            if s.log_changes {
                s.append_log("case_guest", guest, "joined_at", None, Some(now))?;
            }
            Ok(a)
        })
    }

    /// The guests of case discussion `d` who joined and are still in the room leave
    /// (their case is done): the time is recorded. Returns their names.
    pub fn guests_leave_case(&self, d: DiscussionId) -> Result<Vec<String>> {
        let meeting = self.discussion_meeting(d)?;
        let guests = guests_at(&self.conn, meeting)?;
        self.atomic(|s| {
            let mut left = vec![];
            for g in guests
                .iter()
                .filter(|g| g.discussion == d && g.left_at.is_none())
            {
                if let Some(a) = g.attendance {
                    s.set_field(Table::Attendance, a.0, "left_at", time(s.now()))?;
                    left.push(g.name.clone());
                }
            }
            Ok(left)
        })
    }
}

/// A change the app makes to guests and to who is in the room (issue 21, gaps C6
/// and C8), performed by [`Store::guest_change`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuestChange {
    /// Invite a guest for one case.
    Invite(NewGuest),
    /// Guest `guest` of meeting `meeting` joins at their case.
    Join { meeting: MeetingId, guest: i64 },
    /// The person of attendance row `attendance` leaves the meeting now (`left`), or
    /// is back in the room (a leaving marked by mistake).
    Left {
        attendance: AttendanceId,
        left: bool,
    },
}

impl Store {
    /// Carry out `c` (one transaction each). Errors: as [`Store::invite_guest`],
    /// [`Store::guest_joins`] and [`Store::mark_left`].
    pub fn guest_change(&self, c: &GuestChange) -> Result<()> {
        match c {
            GuestChange::Invite(g) => self.invite_guest(g).map(drop),
            GuestChange::Join { meeting, guest } => self.guest_joins(*meeting, *guest).map(drop),
            GuestChange::Left { attendance, left } => self.mark_left(*attendance, *left),
        }
    }

    /// Someone in the room leaves before the end (`left`: the time is recorded, and
    /// the minutes show it), or is back (`!left`: the time is cleared). Only while the
    /// meeting is in progress; change-logged. Errors: `Rule` when the meeting is not
    /// in progress or the person was not marked present; `NotFound` for no such row.
    pub fn mark_left(&self, attendance: AttendanceId, left: bool) -> Result<()> {
        let row: Option<(MeetingId, String)> = {
            use rusqlite::OptionalExtension;
            self.conn
                .prepare_cached("SELECT meeting_id, status FROM attendance WHERE id = ?1")?
                .query_row([attendance], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
        };
        let (meeting, status) =
            row.ok_or_else(|| StoreError::NotFound(format!("attendance {attendance}")))?;
        if self.meeting_row(meeting)?.state != MeetingState::InProgress {
            return Err(StoreError::Rule(
                "leaving is recorded while the meeting is in progress".into(),
            ));
        }
        if !AttendanceStatus::from_code(&status).is_some_and(|s| s.is_present()) {
            return Err(StoreError::Rule(
                "only someone marked present can leave".into(),
            ));
        }
        let value = if left {
            time(self.now())
        } else {
            rusqlite::types::Value::Null
        };
        self.set_field(Table::Attendance, attendance.0, "left_at", value)?;
        Ok(())
    }
}
