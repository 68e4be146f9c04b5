//! `action`: what an agency agreed to do for a case, by when, and what came of it.

use chrono::NaiveDate;
use rusqlite::Row;

use super::ByName;
use crate::domain::types::{ActionStatus, VolunteeredHow};
use crate::store::ids::{ActionId, AgencyId, MeetingId, MemberId, ReferralId};

/// One action, with the date of the meeting that raised it. Text fields are empty
/// when not given.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub id: ActionId,
    /// The meeting that raised it, and its date.
    pub meeting: MeetingId,
    pub meeting_date: NaiveDate,
    /// The case it is for (`None` for an action not tied to a case).
    pub referral: Option<ReferralId>,
    pub description: String,
    pub agency: AgencyId,
    /// The person at the agency who will do it.
    pub person: String,
    /// Who offered it at the meeting, and the member they are (if one).
    pub volunteered_by: String,
    pub volunteered_by_member: Option<MemberId>,
    /// How it was volunteered (section 7.2); unknown codes read as in the room.
    pub volunteered_how: VolunteeredHow,
    pub due_on: NaiveDate,
    /// Unknown codes read as open.
    pub status: ActionStatus,
    pub completed_on: Option<NaiveDate>,
    /// What was done, or why not.
    pub note: String,
    /// The meeting at which it was checked (a review, item 8).
    pub reviewed_at: Option<MeetingId>,
    /// The action this one carries over to a new date.
    pub carried_from: Option<ActionId>,
}

/// The columns [`from_row`] reads, from [`FROM`].
pub const COLUMNS: &str = "a.id AS id, a.meeting_id AS meeting_id, m.date AS meeting_date, \
     a.referral_id AS referral_id, a.description AS description, a.agency_id AS agency_id, \
     a.person AS person, a.volunteered_by AS volunteered_by, \
     a.volunteered_by_member_id AS volunteered_by_member_id, \
     a.volunteered_how AS volunteered_how, a.due_on AS due_on, \
     a.status AS status, a.completed_on AS completed_on, \
     a.completion_note AS completion_note, \
     a.reviewed_at_meeting_id AS reviewed_at_meeting_id, \
     a.carried_from_action_id AS carried_from_action_id";

/// The tables [`COLUMNS`] come from: the action as `a`, its meeting as `m`.
pub const FROM: &str = "action a JOIN meeting m ON m.id = a.meeting_id";

/// One action, by column name. Errors: a column missing or of the wrong type, or a
/// due date or meeting date that is not a date.
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Action> {
    let c = ByName::new(r);
    Ok(Action {
        id: c.get("id")?,
        meeting: c.get("meeting_id")?,
        meeting_date: c.date("meeting_date")?,
        referral: c.get("referral_id")?,
        description: c.get("description")?,
        agency: c.get("agency_id")?,
        person: c.get("person")?,
        volunteered_by: c.get("volunteered_by")?,
        volunteered_by_member: c.get("volunteered_by_member_id")?,
        volunteered_how: c
            .code("volunteered_how", VolunteeredHow::from_code)?
            .unwrap_or(VolunteeredHow::InPerson),
        due_on: c.date("due_on")?,
        status: c
            .code("status", ActionStatus::from_code)?
            .unwrap_or(ActionStatus::Open),
        completed_on: c.opt_date("completed_on")?,
        note: c.get("completion_note")?,
        reviewed_at: c.get("reviewed_at_meeting_id")?,
        carried_from: c.get("carried_from_action_id")?,
    })
}
