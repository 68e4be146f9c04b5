//! `attendance`: who was marked at a meeting, and how (items 1-3).

use chrono::{DateTime, Utc};
use rusqlite::Row;

use super::ByName;
use crate::domain::types::{AttendanceStatus, Role};
use crate::store::ids::{AgencyId, AttendanceId, MemberId, ReferralId};

/// One person's attendance at a meeting: a member, a deputy or a visitor. The row
/// keeps its own copy of the name and post, so a retired member still reads as
/// they were.
#[derive(Debug, Clone, PartialEq)]
pub struct Attendee {
    pub id: AttendanceId,
    /// The member marked; `None` for a visitor.
    pub member: Option<MemberId>,
    pub name: String,
    pub post: String,
    pub agency: Option<AgencyId>,
    /// A code this build does not know reads as `Absent`.
    pub status: AttendanceStatus,
    /// The member a deputy stands in for.
    pub deputy_for: Option<MemberId>,
    /// The case a visitor presents.
    pub visitor_for: Option<ReferralId>,
    /// When they signed the confidentiality statement.
    pub signed_at: Option<DateTime<Utc>>,
    /// When they left (at the formal close, for most).
    pub left_at: Option<DateTime<Utc>>,
    pub note: String,
    /// What a written submission said (section 5.5); empty otherwise.
    pub submission: String,
    /// The panel role of the member marked; `None` when the person is not a member
    /// (a visitor, a deputy from outside the panel: see `MeetingData::role_in_room`).
    pub role: Option<Role>,
    /// Marked senior at this meeting (issue 21, C7: a level 3 meeting's "senior
    /// managers", 003 1 MAPPA).
    pub senior: bool,
}

/// The columns [`from_row`] reads, from [`FROM`]; `member_role` is the role of the
/// member marked.
pub const COLUMNS: &str = "att.id AS id, att.member_id AS member_id, att.name AS name, \
     att.post_title AS post_title, att.agency_id AS agency_id, att.status AS status, \
     att.deputy_for_member_id AS deputy_for_member_id, \
     att.visitor_for_referral_id AS visitor_for_referral_id, att.signed_at AS signed_at, \
     att.left_at AS left_at, att.note AS note, att.submission AS submission, \
     att.senior AS senior, \
     (SELECT role FROM member WHERE member.id = att.member_id) AS member_role";

/// The table [`COLUMNS`] come from, as `att`.
pub const FROM: &str = "attendance att";

/// One attendance row, by column name. Errors: a column missing or of the wrong type.
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Attendee> {
    let c = ByName::new(r);
    Ok(Attendee {
        id: c.get("id")?,
        member: c.get("member_id")?,
        name: c.get("name")?,
        post: c.get("post_title")?,
        agency: c.get("agency_id")?,
        status: c
            .code("status", AttendanceStatus::from_code)?
            .unwrap_or(AttendanceStatus::Absent),
        deputy_for: c.get("deputy_for_member_id")?,
        visitor_for: c.get("visitor_for_referral_id")?,
        signed_at: c.opt_time("signed_at")?,
        left_at: c.opt_time("left_at")?,
        note: c.get("note")?,
        submission: c.get("submission")?,
        role: c.code("member_role", Role::from_code)?,
        senior: c.get::<i64>("senior")? != 0,
    })
}
