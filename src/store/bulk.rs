//! Bulk loading: whole rows built in memory (by `roundtable demo`), written with one
//! prepared statement per table inside the caller's transaction. Each row is
//! inserted once, in its final state, with the id its builder gave it; nothing is
//! written to the change log.
//!
//! Times in these rows are local wall-clock times; they are stored as UTC instants.
//!
//! Ids are the builder's: [`BulkRows`] hands them out in order from 1, so it is for
//! an empty database (the demo refuses any other). Household rows take theirs from
//! SQLite, in the order of their referrals.

use std::borrow::Cow;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::params;

use super::ids::*;
use super::write::{NewIntervention, NewReferral};
use super::{Result, Store};
use crate::domain::agenda::AgendaKind;
use crate::domain::types::*;

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
pub struct AttendanceRow {
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
pub struct ReferralRow {
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

impl ReferralRow {
    /// A referral just received: pending screening, status `received`.
    pub fn received(id: ReferralId, form: NewReferral, created_at: NaiveDateTime) -> Self {
        ReferralRow {
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
    pub kind: OnwardKind,
    pub state: OnwardState,
    pub cp_for: Option<CpFor>,
}

/// A row of a case's intervention plan (Appendix B), `position` within the case.
#[derive(Debug, Clone)]
pub struct InterventionRow {
    pub referral: ReferralId,
    pub meeting: Option<MeetingId>,
    pub position: i64,
    pub row: NewIntervention,
    pub created_at: NaiveDateTime,
}

/// An action in its final state. Text that repeats across many rows can borrow a
/// constant, so a million of them need not each own a copy.
#[derive(Debug, Clone)]
pub struct ActionRow {
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
    pub attendance: Vec<AttendanceRow>,
    pub intelligence: Vec<IntelligenceRow>,
    pub subjects: Vec<SubjectRow>,
    pub referrals: Vec<ReferralRow>,
    pub discussions: Vec<DiscussionRow>,
    pub onward: Vec<OnwardRow>,
    pub interventions: Vec<InterventionRow>,
    pub actions: Vec<ActionRow>,
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
    pub fn attendance(&mut self, id: AttendanceId) -> &mut AttendanceRow {
        &mut self.attendance[index(id.0)]
    }
    /// Subject `id`.
    pub fn subject(&self, id: SubjectId) -> &SubjectRow {
        &self.subjects[index(id.0)]
    }
    /// Referral `id`.
    pub fn referral(&mut self, id: ReferralId) -> &mut ReferralRow {
        &mut self.referrals[index(id.0)]
    }
    /// Discussion `id`.
    pub fn discussion(&mut self, id: DiscussionId) -> &mut DiscussionRow {
        &mut self.discussions[index(id.0)]
    }
    /// Action `id`.
    pub fn action(&mut self, id: ActionId) -> &mut ActionRow {
        &mut self.actions[index(id.0)]
    }
}

/// Dates and times formatted into one reused buffer: `YYYY-MM-DD` and
/// `YYYY-MM-DD HH:MM:SS`, as the rest of the store writes them.
#[derive(Default)]
struct Fmt(String);

impl Fmt {
    fn date(&mut self, d: NaiveDate) -> &str {
        self.0.clear();
        let _ = write!(self.0, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
        &self.0
    }
}

fn date(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| Fmt::default().date(d).to_string())
}

/// A bulk row's time (local wall-clock, as the demo plays its meetings through) as
/// stored: the instant in UTC ([`crate::domain::clock::stamp`]).
fn time(t: NaiveDateTime) -> String {
    crate::domain::clock::stamp(crate::domain::clock::from_local(t))
}

fn opt_time(t: Option<NaiveDateTime>) -> Option<String> {
    t.map(time)
}

impl Store {
    /// Insert every row of `rows`, table by table, one prepared statement each,
    /// inside the caller's transaction (it must hold one: the demo's). Errors: SQLite
    /// (an id already taken, a foreign key or check that fails).
    pub fn bulk_insert(&self, rows: &BulkRows) -> Result<()> {
        let c = &self.conn;
        let mut st = c.prepare(
            "INSERT INTO meeting (id, panel_id, date, start_time, venue, state, started_at,
                formally_closed_at, closed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for m in &rows.meetings {
            st.execute(params![
                m.id,
                m.panel,
                date(Some(m.date)),
                m.start_time,
                m.venue,
                m.state.code(),
                opt_time(m.started_at),
                opt_time(m.formally_closed_at),
                opt_time(m.closed_at)
            ])?;
        }
        self.bulk_people(rows)?;
        self.bulk_cases(rows)?;
        self.bulk_actions(rows)
    }

    fn bulk_people(&self, rows: &BulkRows) -> Result<()> {
        let c = &self.conn;
        let mut st = c.prepare(
            "INSERT INTO attendance (id, meeting_id, member_id, name, post_title, agency_id, status,
                deputy_for_member_id, signed_at, left_at, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for a in &rows.attendance {
            st.execute(params![
                a.id,
                a.meeting,
                a.member,
                a.name,
                a.post_title,
                a.agency,
                a.status.code(),
                a.deputy_for,
                opt_time(a.signed_at),
                opt_time(a.left_at),
                a.note
            ])?;
        }
        let mut st = c.prepare(
            "INSERT INTO intelligence (meeting_id, agency_id, is_police, body, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for i in &rows.intelligence {
            st.execute(params![
                i.meeting,
                i.agency,
                i.police,
                i.body,
                time(i.updated_at)
            ])?;
        }
        let mut st = c.prepare(
            "INSERT INTO subject (id, panel_id, name, date_of_birth, gender, ethnicity, created_at,
                name_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for s in &rows.subjects {
            st.execute(params![
                s.id,
                s.panel,
                s.name.trim(),
                date(s.date_of_birth),
                s.gender,
                s.ethnicity,
                time(s.created_at),
                crate::domain::names::name_key(&s.name)
            ])?;
        }
        Ok(())
    }

    fn bulk_cases(&self, rows: &BulkRows) -> Result<()> {
        let c = &self.conn;
        let mut st = c.prepare(
            "INSERT INTO referral (id, subject_id, referring_agency_id, referrer_contact, address, postcode,
                ward, education_employment, awareness, concerns, other_referrals, date_received, urgent,
                welfare_legal_status, criminal_legal_status, previously_known, core_reason, cse_issue,
                radicalisation_issue, named_gang, mappa_category, mappa_level, created_at,
                screening, screening_by, screening_on, screening_note, referrer_informed_on, status,
                meeting_id, lead_agency_id, risk_start, risk_current, opened_on, plan_due_on,
                next_review_on, closed_on, closure_reason, discharged_to_mappa)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35,
                ?36, ?37, ?38, ?39)",
        )?;
        let mut hh = c.prepare(
            "INSERT INTO household_member (referral_id, position, name, dob_or_age, relationship)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for r in &rows.referrals {
            let f = &r.form;
            st.execute(params![
                r.id,
                f.subject,
                f.referring_agency,
                f.referrer_contact,
                f.address,
                f.postcode,
                f.ward,
                f.education_employment,
                f.awareness.code(),
                f.concerns,
                f.other_referrals,
                date(Some(f.date_received)),
                f.urgent,
                f.welfare_legal_status,
                f.criminal_legal_status,
                f.previously_known,
                f.core_reason.map(|c| c.code()),
                f.cse_issue.code(),
                f.radicalisation_issue.code(),
                f.named_gang,
                f.mappa_category,
                f.mappa_level,
                time(r.created_at),
                r.screening.code(),
                r.screening_by,
                date(r.screening_on),
                r.screening_note,
                date(r.referrer_informed_on),
                r.status.code(),
                r.meeting,
                r.lead_agency,
                r.risk_start,
                r.risk_current,
                date(r.opened_on),
                date(r.plan_due_on),
                date(r.next_review_on),
                date(r.closed_on),
                r.closure_reason,
                r.discharged_to_mappa,
            ])?;
            for (i, h) in f.household.iter().enumerate() {
                hh.execute(params![
                    r.id,
                    i as i64,
                    h.name,
                    h.dob_or_age,
                    h.relationship
                ])?;
            }
        }
        let mut st = c.prepare(
            "INSERT INTO case_discussion (id, meeting_id, referral_id, agenda_item, item_kind, position,
                lead_update, minutes, decision, decision_reasons, risk_before, risk_after,
                lead_agency_id, next_date, started_at, completed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )?;
        for d in &rows.discussions {
            st.execute(params![
                d.id,
                d.meeting,
                d.referral,
                d.agenda_item,
                d.kind.code(),
                d.position,
                d.lead_update,
                d.minutes,
                d.decision.map(|x| x.code()),
                d.decision_reasons,
                d.risk_before,
                d.risk_after,
                d.lead_agency,
                date(d.next_date),
                opt_time(d.started_at),
                opt_time(d.completed_at)
            ])?;
        }
        let mut st = c.prepare(
            "INSERT INTO onward_referral (discussion_id, kind, state, cp_for, note)
             VALUES (?1, ?2, ?3, ?4, '')",
        )?;
        for o in &rows.onward {
            st.execute(params![
                o.discussion,
                o.kind.code(),
                o.state.code(),
                o.cp_for.map(|x| x.code())
            ])?;
        }
        let mut st = c.prepare(
            "INSERT INTO intervention (referral_id, meeting_id, position, core_issue, intervention,
                level_of_contact, agency_id, progress, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        )?;
        for i in &rows.interventions {
            st.execute(params![
                i.referral,
                i.meeting,
                i.position,
                i.row.core_issue,
                i.row.intervention,
                i.row.level_of_contact,
                i.row.agency,
                i.row.progress,
                time(i.created_at)
            ])?;
        }
        let mut st = c.prepare(
            "INSERT INTO mappa_note (meeting_id, position, name, category, level, note, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for n in &rows.mappa {
            st.execute(params![
                n.meeting,
                n.position,
                n.name,
                n.category,
                n.level,
                n.note,
                time(n.created_at)
            ])?;
        }
        Ok(())
    }

    fn bulk_actions(&self, rows: &BulkRows) -> Result<()> {
        let mut st = self.conn.prepare(
            "INSERT INTO action (id, meeting_id, referral_id, description, agency_id, person,
                volunteered_by, volunteered_by_member_id, due_on, status, completed_on,
                completion_note, reviewed_at_meeting_id, carried_from_action_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        let (mut due, mut done) = (Fmt::default(), Fmt::default());
        for a in &rows.actions {
            st.execute(params![
                a.id,
                a.meeting,
                a.referral,
                a.description.as_ref(),
                a.agency,
                a.volunteered_by.as_ref(),
                a.volunteered_by_member,
                due.date(a.due_on),
                a.status.code(),
                a.completed_on.map(|d| done.date(d).to_string()),
                a.completion_note.as_ref(),
                a.reviewed_at,
                a.carried_from,
                time(a.created_at)
            ])?;
        }
        Ok(())
    }
}
