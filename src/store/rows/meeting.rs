//! `meeting`: a meeting of the panel, planned, running or held.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Row;

use super::ByName;
use crate::domain::meeting_ref::MeetingKind;
use crate::domain::types::MeetingState;
use crate::store::ids::{AttendanceId, DiscussionId, MeetingId, PanelId};

/// One meeting, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    pub id: MeetingId,
    pub panel: PanelId,
    pub date: NaiveDate,
    /// `HH:MM`, when set for this meeting.
    pub start_time: Option<String>,
    pub venue: String,
    /// Unknown codes read as planned.
    pub state: MeetingState,
    /// The agenda item number the room is on.
    pub current_item: Option<u32>,
    pub current_discussion: Option<DiscussionId>,
    pub started_at: Option<DateTime<Utc>>,
    pub formally_closed_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The chair's reason for starting case items before everyone had signed.
    pub gate_override: Option<String>,
    /// The chair's reason for letting decisions be taken without a quorum.
    pub quorum_override: Option<String>,
    /// Ordinary, emergency or single case.
    pub kind: MeetingKind,
    /// The day its minutes were sent to members (`minutes sent`).
    pub minutes_sent_on: Option<NaiveDate>,
    /// The panel's meeting type (`[[meeting_type]]` code); `None`: the first type,
    /// or no types.
    pub type_code: Option<String>,
    /// Who chairs it: one of its attendance rows, once recorded.
    pub chaired_by: Option<AttendanceId>,
}

/// The columns [`from_row`] reads, from [`FROM`].
pub const COLUMNS: &str = "m.id AS id, m.panel_id AS panel_id, m.date AS date, \
     m.start_time AS start_time, m.venue AS venue, m.state AS state, \
     m.current_item AS current_item, m.current_discussion_id AS current_discussion_id, \
     m.started_at AS started_at, m.formally_closed_at AS formally_closed_at, \
     m.closed_at AS closed_at, m.gate_override_reason AS gate_override_reason, \
     m.quorum_override_reason AS quorum_override_reason, \
     m.kind AS kind, m.minutes_sent_on AS minutes_sent_on, m.type_code AS type_code, \
     m.chaired_by_attendance_id AS chaired_by_attendance_id";

/// The table [`COLUMNS`] come from, as `m`.
pub const FROM: &str = "meeting m";

/// One meeting, by column name. Errors: a column missing or of the wrong type, or a
/// date that is not a date.
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Meeting> {
    let c = ByName::new(r);
    Ok(Meeting {
        id: c.get("id")?,
        panel: c.get("panel_id")?,
        date: c.date("date")?,
        start_time: c.get("start_time")?,
        venue: c.get("venue")?,
        state: c
            .code("state", MeetingState::from_code)?
            .unwrap_or(MeetingState::Planned),
        current_item: c.get("current_item")?,
        current_discussion: c.get("current_discussion_id")?,
        started_at: c.opt_time("started_at")?,
        formally_closed_at: c.opt_time("formally_closed_at")?,
        closed_at: c.opt_time("closed_at")?,
        gate_override: c.get("gate_override_reason")?,
        quorum_override: c.get("quorum_override_reason")?,
        kind: MeetingKind::from_code(&c.get::<String>("kind")?),
        minutes_sent_on: super::opt_date(r, "minutes_sent_on")?,
        type_code: c.get("type_code")?,
        chaired_by: c.get("chaired_by_attendance_id")?,
    })
}
