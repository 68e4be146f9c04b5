//! `action`: what an agency agreed to do for a case, by when, and what came of it.

use chrono::NaiveDate;
use rusqlite::Row;

use super::{code_at, date_at, opt_date_at, ByName};
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
     a.volunteered_by_member_id AS volunteered_by_member_id, a.due_on AS due_on, \
     a.status AS status, a.completed_on AS completed_on, \
     a.completion_note AS completion_note, \
     a.reviewed_at_meeting_id AS reviewed_at_meeting_id, \
     a.carried_from_action_id AS carried_from_action_id, \
     a.volunteered_how AS volunteered_how";

/// The tables [`COLUMNS`] come from: the action as `a`, its meeting as `m`.
pub const FROM: &str = "action a JOIN meeting m ON m.id = a.meeting_id";

/// The names [`from_row`] reads, in [`Positions`] order.
const NAMES: [&str; 16] = [
    "id",
    "meeting_id",
    "meeting_date",
    "referral_id",
    "description",
    "agency_id",
    "person",
    "volunteered_by",
    "volunteered_by_member_id",
    "due_on",
    "status",
    "completed_on",
    "completion_note",
    "reviewed_at_meeting_id",
    "carried_from_action_id",
    "volunteered_how",
];

/// Where each column [`from_row`] reads stands in one statement's result: found by
/// name once, so a long list maps each further row by position (finding sixteen
/// columns by name cost more than reading them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Positions([usize; 16]);

impl Positions {
    /// The positions in `r`'s statement. Errors: a column missing.
    pub fn of(r: &Row<'_>) -> rusqlite::Result<Positions> {
        let c = ByName::new(r);
        let mut at = [0; 16];
        for (slot, name) in at.iter_mut().zip(NAMES) {
            *slot = c.index(name)?;
        }
        Ok(Positions(at))
    }
}

/// One action, by column name. Errors: a column missing or of the wrong type, or a
/// due date or meeting date that is not a date.
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Action> {
    from_row_at(r, &Positions::of(r)?)
}

/// One action from a row whose columns stand at `p` (see [`Positions::of`]).
/// Errors: as [`from_row`].
pub fn from_row_at(r: &Row<'_>, p: &Positions) -> rusqlite::Result<Action> {
    let at = |i: usize| p.0[i];
    Ok(Action {
        id: r.get(at(0))?,
        meeting: r.get(at(1))?,
        meeting_date: date_at(r, at(2), NAMES[2])?,
        referral: r.get(at(3))?,
        description: r.get(at(4))?,
        agency: r.get(at(5))?,
        person: r.get(at(6))?,
        volunteered_by: r.get(at(7))?,
        volunteered_by_member: r.get(at(8))?,
        due_on: date_at(r, at(9), NAMES[9])?,
        status: code_at(r, at(10), ActionStatus::from_code)?.unwrap_or(ActionStatus::Open),
        completed_on: opt_date_at(r, at(11))?,
        note: r.get(at(12))?,
        reviewed_at: r.get(at(13))?,
        carried_from: r.get(at(14))?,
        volunteered_how: code_at(r, at(15), VolunteeredHow::from_code)?
            .unwrap_or(VolunteeredHow::InPerson),
    })
}
