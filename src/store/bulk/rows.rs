//! The bulk load's rows, built in memory by `roundtable demo`: each table's row in its
//! final state, with the id its builder gave it, and [`BulkRows`], every row to load.
//! A referral's form and a plan row are the store's own new-row types
//! ([`NewReferral`], [`NewIntervention`]), whose columns are named once for both
//! writers (`store::write`).

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::Value;

use super::{date, time};
use crate::domain::agenda::AgendaKind;
use crate::domain::types::*;
use crate::store::ids::*;
use crate::store::write::{NewIntervention, NewReferral};

/// A meeting row; `start_time` is `HH:MM`.
#[derive(Debug, Clone)]
pub struct MeetingRow {
    pub id: MeetingId,
    pub panel: PanelId,
    pub date: NaiveDate,
    pub start_time: Option<String>,
    pub venue: String,
    pub state: MeetingState,
    pub started_at: Option<NaiveDateTime>,
    pub formally_closed_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
}

/// One person marked at a meeting (a member, or a deputy for `deputy_for`).
#[derive(Debug, Clone)]
pub struct BulkAttendance {
    pub id: AttendanceId,
    pub meeting: MeetingId,
    pub member: Option<MemberId>,
    pub name: String,
    pub post_title: String,
    pub agency: Option<AgencyId>,
    pub status: AttendanceStatus,
    pub deputy_for: Option<MemberId>,
    pub signed_at: Option<NaiveDateTime>,
    pub left_at: Option<NaiveDateTime>,
    pub note: String,
}

/// One agency's intelligence at one meeting.
#[derive(Debug, Clone)]
pub struct IntelligenceRow {
    pub meeting: MeetingId,
    pub agency: AgencyId,
    pub police: bool,
    pub body: String,
    pub updated_at: NaiveDateTime,
}

/// A person referred.
#[derive(Debug, Clone)]
pub struct SubjectRow {
    pub id: SubjectId,
    pub panel: PanelId,
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub gender: String,
    pub ethnicity: String,
    pub created_at: NaiveDateTime,
}

/// A referral: its form (with household) as received, and where the case stands.
#[derive(Debug, Clone)]
pub struct BulkReferral {
    pub id: ReferralId,
    pub form: NewReferral,
    pub created_at: NaiveDateTime,
    pub screening: Screening,
    pub screening_by: String,
    pub screening_on: Option<NaiveDate>,
    pub screening_note: String,
    pub referrer_informed_on: Option<NaiveDate>,
    pub status: CaseStatus,
    pub meeting: Option<MeetingId>,
    pub lead_agency: Option<AgencyId>,
    pub risk_start: Option<String>,
    pub risk_current: Option<String>,
    pub opened_on: Option<NaiveDate>,
    pub plan_due_on: Option<NaiveDate>,
    pub next_review_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub closure_reason: String,
    pub discharged_to_mappa: bool,
}

impl BulkReferral {
    /// A referral just received: pending screening, status `received`.
    pub fn received(id: ReferralId, form: NewReferral, created_at: NaiveDateTime) -> Self {
        BulkReferral {
            id,
            form,
            created_at,
            screening: Screening::Pending,
            screening_by: String::new(),
            screening_on: None,
            screening_note: String::new(),
            referrer_informed_on: None,
            status: CaseStatus::Received,
            meeting: None,
            lead_agency: None,
            risk_start: None,
            risk_current: None,
            opened_on: None,
            plan_due_on: None,
            next_review_on: None,
            closed_on: None,
            closure_reason: String::new(),
            discharged_to_mappa: false,
        }
    }
}

/// The `referral` columns a bulk row fills after its form: where the case stands,
/// in [`BulkReferral::state`] order (each one `Table::Referral` knows).
pub(super) const STATE: [&str; 17] = [
    "created_at",
    "screening",
    "screening_by",
    "screening_on",
    "screening_note",
    "referrer_informed_on",
    "status",
    "meeting_id",
    "lead_agency_id",
    "risk_start",
    "risk_current",
    "opened_on",
    "plan_due_on",
    "next_review_on",
    "closed_on",
    "closure_reason",
    "discharged_to_mappa",
];

impl BulkReferral {
    /// The values for [`STATE`].
    pub(super) fn state(&self) -> [Value; 17] {
        let d = |x: Option<NaiveDate>| date(x).map_or(Value::Null, Value::Text);
        let t = |x: &str| Value::Text(x.to_string());
        let o = |x: &Option<String>| x.clone().map_or(Value::Null, Value::Text);
        [
            Value::Text(time(self.created_at)),
            t(self.screening.code()),
            t(&self.screening_by),
            d(self.screening_on),
            t(&self.screening_note),
            d(self.referrer_informed_on),
            t(self.status.code()),
            self.meeting.map_or(Value::Null, |m| Value::Integer(m.0)),
            self.lead_agency
                .map_or(Value::Null, |a| Value::Integer(a.0)),
            o(&self.risk_start),
            o(&self.risk_current),
            d(self.opened_on),
            d(self.plan_due_on),
            d(self.next_review_on),
            d(self.closed_on),
            t(&self.closure_reason),
            Value::Integer(i64::from(self.discharged_to_mappa)),
        ]
    }
}

/// A case heard at a meeting under the agenda item numbered `agenda_item` (of `kind`).
#[derive(Debug, Clone)]
pub struct DiscussionRow {
    pub id: DiscussionId,
    pub meeting: MeetingId,
    pub referral: ReferralId,
    pub agenda_item: i64,
    pub kind: AgendaKind,
    pub position: i64,
    pub lead_update: String,
    pub minutes: String,
    pub decision: Option<Decision>,
    pub decision_reasons: String,
    pub risk_before: Option<String>,
    pub risk_after: Option<String>,
    pub lead_agency: Option<AgencyId>,
    pub next_date: Option<NaiveDate>,
    pub started_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
}

/// An onward referral considered at a discussion.
#[derive(Debug, Clone)]
pub struct OnwardRow {
    pub discussion: DiscussionId,
    /// One of the panel's `[[onward_kind]]` codes.
    pub kind: String,
    pub state: OnwardState,
    pub cp_for: Option<CpFor>,
}

/// A row of a case's intervention plan (Appendix B), `position` within the case.
#[derive(Debug, Clone)]
pub struct BulkIntervention {
    pub referral: ReferralId,
    pub meeting: Option<MeetingId>,
    pub position: i64,
    pub row: NewIntervention,
    pub created_at: NaiveDateTime,
}

/// An action in its final state. Text that repeats across many rows can borrow a
/// constant, so a million of them need not each own a copy.
#[derive(Debug, Clone)]
pub struct BulkAction {
    pub id: ActionId,
    pub meeting: MeetingId,
    pub referral: Option<ReferralId>,
    pub description: Cow<'static, str>,
    pub agency: AgencyId,
    pub volunteered_by: Cow<'static, str>,
    pub volunteered_by_member: Option<MemberId>,
    pub due_on: NaiveDate,
    pub status: ActionStatus,
    pub completed_on: Option<NaiveDate>,
    pub completion_note: Cow<'static, str>,
    pub reviewed_at: Option<MeetingId>,
    pub carried_from: Option<ActionId>,
    pub created_at: NaiveDateTime,
}

/// A MAPPA case noted after the formal close, `position` within the meeting.
#[derive(Debug, Clone)]
pub struct MappaRow {
    pub meeting: MeetingId,
    pub position: i64,
    pub name: String,
    pub category: u8,
    pub level: u8,
    pub note: String,
    pub created_at: NaiveDateTime,
}

/// Every row to load, table by table, each in id order.
#[derive(Debug, Default)]
pub struct BulkRows {
    pub meetings: Vec<MeetingRow>,
    pub attendance: Vec<BulkAttendance>,
    pub intelligence: Vec<IntelligenceRow>,
    pub subjects: Vec<SubjectRow>,
    pub referrals: Vec<BulkReferral>,
    pub discussions: Vec<DiscussionRow>,
    pub onward: Vec<OnwardRow>,
    pub interventions: Vec<BulkIntervention>,
    pub actions: Vec<BulkAction>,
    pub mappa: Vec<MappaRow>,
}

/// The id the next row of `v` gets: ids run from 1 in order.
fn next_id<T>(v: &[T]) -> i64 {
    v.len() as i64 + 1
}

/// The index of row `id` in its table's vector.
fn index(id: i64) -> usize {
    usize::try_from(id - 1).unwrap_or(usize::MAX)
}

impl BulkRows {
    pub fn next_meeting_id(&self) -> MeetingId {
        MeetingId(next_id(&self.meetings))
    }
    pub fn next_attendance_id(&self) -> AttendanceId {
        AttendanceId(next_id(&self.attendance))
    }
    pub fn next_subject_id(&self) -> SubjectId {
        SubjectId(next_id(&self.subjects))
    }
    pub fn next_referral_id(&self) -> ReferralId {
        ReferralId(next_id(&self.referrals))
    }
    pub fn next_discussion_id(&self) -> DiscussionId {
        DiscussionId(next_id(&self.discussions))
    }
    pub fn next_action_id(&self) -> ActionId {
        ActionId(next_id(&self.actions))
    }

    /// Meeting `id`. Panics on an id this builder did not hand out (a bug).
    pub fn meeting(&mut self, id: MeetingId) -> &mut MeetingRow {
        &mut self.meetings[index(id.0)]
    }
    /// Attendance row `id`.
    pub fn attendance(&mut self, id: AttendanceId) -> &mut BulkAttendance {
        &mut self.attendance[index(id.0)]
    }
    /// Subject `id`.
    pub fn subject(&self, id: SubjectId) -> &SubjectRow {
        &self.subjects[index(id.0)]
    }
    /// Referral `id`.
    pub fn referral(&mut self, id: ReferralId) -> &mut BulkReferral {
        &mut self.referrals[index(id.0)]
    }
    /// Discussion `id`.
    pub fn discussion(&mut self, id: DiscussionId) -> &mut DiscussionRow {
        &mut self.discussions[index(id.0)]
    }
    /// Action `id`.
    pub fn action(&mut self, id: ActionId) -> &mut BulkAction {
        &mut self.actions[index(id.0)]
    }
}
