//! A meeting as the runner sees it: loaded whole (it is small), and the lifecycle
//! steps that change many rows at once (start, complete a case, formal close, end).

use chrono::{Months, NaiveDate, NaiveDateTime};
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};

use super::ids::*;
pub use super::panel::PanelInfo;
use super::write::{date, opt_date, text, time, NewAttendance, Table};
use super::{Result, Store, StoreError};
use crate::domain::age::{age_on, kind_for_age, new_referral_item};
use crate::domain::agenda::{number_of, AgendaKind};
use crate::domain::calendar::{Placement, WorkingCalendar};
use crate::domain::panel_def::{parse_weekday, MeetingPattern};
use crate::domain::rules::{check_mappa, stays_after_formal_close};
use crate::domain::types::*;

#[derive(Debug, Clone, PartialEq)]
pub struct Agency {
    pub id: AgencyId,
    pub code: String,
    pub name: String,
    pub police: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub id: MemberId,
    pub name: String,
    pub post: String,
    pub agency: AgencyId,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attendee {
    pub id: AttendanceId,
    pub member: Option<MemberId>,
    pub name: String,
    pub post: String,
    pub agency: Option<AgencyId>,
    pub status: AttendanceStatus,
    pub deputy_for: Option<MemberId>,
    pub visitor_for: Option<ReferralId>,
    pub signed_at: Option<NaiveDateTime>,
    pub left_at: Option<NaiveDateTime>,
    pub note: String,
    pub role: Option<Role>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Intel {
    pub id: IntelligenceId,
    pub agency: AgencyId,
    pub police: bool,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActionRow {
    pub id: ActionId,
    pub meeting: MeetingId,
    pub meeting_date: NaiveDate,
    pub description: String,
    pub agency: AgencyId,
    pub person: String,
    pub volunteered_by: String,
    pub due_on: NaiveDate,
    pub status: ActionStatus,
    pub completed_on: Option<NaiveDate>,
    pub note: String,
    pub reviewed_at: Option<MeetingId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InterventionRow {
    pub id: InterventionId,
    pub core_issue: String,
    pub intervention: String,
    pub level_of_contact: String,
    pub agency: Option<AgencyId>,
    pub progress: String,
}

/// The referral side of a case, as the case page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Referral {
    pub id: ReferralId,
    pub subject: SubjectId,
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub age: Option<u32>,
    pub gender: String,
    pub ethnicity: String,
    pub referring_agency: AgencyId,
    pub referrer_contact: String,
    pub address: String,
    pub ward: String,
    pub education: String,
    pub concerns: String,
    pub other_referrals: String,
    pub date_received: NaiveDate,
    pub urgent: bool,
    pub previously_known: bool,
    pub core_reason: Option<CoreReason>,
    pub mappa_level: Option<u8>,
    pub screening: Screening,
    pub screening_note: String,
    pub status: CaseStatus,
    pub lead_agency: Option<AgencyId>,
    pub risk_start: Option<String>,
    pub risk_current: Option<String>,
    pub next_review_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub discussion: DiscussionId,
    /// The panel's number for the item it is heard under (from `kind`).
    pub item: u32,
    /// The kind of agenda item it is heard under.
    pub kind: AgendaKind,
    pub referral: Referral,
    pub lead_update: String,
    pub minutes: String,
    pub decision: Option<Decision>,
    pub reasons: String,
    pub risk_before: Option<String>,
    pub risk_after: Option<String>,
    pub lead_agency: Option<AgencyId>,
    pub next_date: Option<NaiveDate>,
    pub completed_at: Option<NaiveDateTime>,
    pub onward: Vec<(OnwardKind, Option<OnwardState>)>,
    /// Actions raised at this meeting for this case.
    pub actions: Vec<ActionRow>,
    /// Actions from earlier meetings to check at a review (open, or checked here).
    pub earlier_actions: Vec<ActionRow>,
    pub interventions: Vec<InterventionRow>,
}

/// A referral listed for this meeting that cannot be opened, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAside {
    pub referral: Referral,
    /// The panel's number for the item it would be heard under, and that item's kind.
    pub item: u32,
    pub kind: AgendaKind,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MappaNote {
    pub id: MappaNoteId,
    pub name: String,
    pub category: u8,
    pub level: u8,
    pub note: String,
}

/// A member of the panel, past or present (members screen).
#[derive(Debug, Clone, PartialEq)]
pub struct RosterRow {
    pub member: Member,
    pub retired_on: Option<NaiveDate>,
    /// The member this person is the named deputy for (section 5.5).
    pub deputy_for: Option<MemberId>,
}

/// A meeting in the panel's schedule (meetings screen).
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleRow {
    pub id: MeetingId,
    pub date: NaiveDate,
    pub venue: String,
    pub state: MeetingState,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeetingData {
    pub id: MeetingId,
    pub date: NaiveDate,
    pub venue: String,
    pub state: MeetingState,
    pub current_item: Option<u32>,
    pub current_discussion: Option<DiscussionId>,
    pub started_at: Option<NaiveDateTime>,
    pub formally_closed_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub gate_override: Option<String>,
    pub panel: PanelInfo,
    pub agencies: Vec<Agency>,
    pub members: Vec<Member>,
    pub attendance: Vec<Attendee>,
    pub intelligence: Vec<Intel>,
    pub cases: Vec<Case>,
    pub set_aside: Vec<SetAside>,
    pub mappa: Vec<MappaNote>,
    /// The next meeting after this one, if already scheduled.
    pub next_meeting: Option<NaiveDate>,
    /// For a planned meeting: new referrals listed for it, and open cases due for review.
    pub listed_new: usize,
    pub listed_reviews: usize,
    /// Everyone who has been a member, retired or not.
    pub roster: Vec<RosterRow>,
    /// Every meeting of the panel, oldest first.
    pub schedule: Vec<ScheduleRow>,
    /// New referrals not yet heard, with where each stands (referrals screen).
    pub referrals: Vec<super::intake::ReferralRow>,
    /// When the current item and case were opened (from the change log), so the
    /// timers carry on after a restart.
    pub item_opened_at: Option<NaiveDateTime>,
    pub case_opened_at: Option<NaiveDateTime>,
}

impl MeetingData {
    pub fn agency(&self, id: AgencyId) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.id == id)
    }

    pub fn agency_code(&self, id: Option<AgencyId>) -> String {
        id.and_then(|i| self.agency(i))
            .map(|a| a.code.clone())
            .unwrap_or_default()
    }

    pub fn agency_by_code(&self, code: &str) -> Option<&Agency> {
        self.agencies
            .iter()
            .find(|a| a.code.eq_ignore_ascii_case(code))
    }

    /// Does this person stay after the formal close (by their role in the room and
    /// the panel's `after_close_roles`)?
    pub fn stays_after_formal_close(&self, a: &Attendee) -> bool {
        self.role_in_room(a)
            .is_some_and(|r| stays_after_formal_close(r, &self.panel.after_close))
    }

    /// The case pages heard under agenda item number `item` of this panel.
    pub fn cases_for(&self, item: u32) -> Vec<&Case> {
        match self.panel.agenda.iter().find(|i| i.number == item) {
            Some(i) if i.kind.has_case_pages() => {
                self.cases.iter().filter(|c| c.kind == i.kind).collect()
            }
            _ => vec![],
        }
    }

    pub fn attendee_for(&self, member: MemberId) -> Option<&Attendee> {
        self.attendance.iter().find(|a| a.member == Some(member))
    }

    /// The panel role a person in the room stands in: their own, or for a deputy, the
    /// role of the member they deputise for (so the MAPPA Coordinator's deputy stays
    /// for item 9).
    pub fn role_in_room(&self, a: &Attendee) -> Option<Role> {
        a.role.or_else(|| {
            let m = a.deputy_for?;
            self.members.iter().find(|x| x.id == m).map(|x| x.role)
        })
    }

    /// Case pages of the meeting not yet marked done.
    pub fn unfinished_cases(&self) -> usize {
        self.cases
            .iter()
            .filter(|c| c.completed_at.is_none())
            .count()
    }

    /// People in the room: present members, deputies and visitors, who have not left.
    pub fn present(&self) -> Vec<&Attendee> {
        self.attendance
            .iter()
            .filter(|a| a.status.is_present())
            .collect()
    }
}

fn opt_text_date(v: Option<String>) -> Option<NaiveDate> {
    v.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

fn opt_text_time(v: Option<String>) -> Option<NaiveDateTime> {
    v.and_then(|s| NaiveDateTime::parse_from_str(&s, "%Y-%m-%d %H:%M:%S").ok())
}

const REFERRAL_COLS: &str = "r.id, r.subject_id, s.name, s.date_of_birth, s.gender, s.ethnicity,
    r.referring_agency_id, r.referrer_contact, r.address, r.ward, r.education_employment, r.concerns,
    r.other_referrals, r.date_received, r.urgent, r.previously_known, r.core_reason, r.mappa_level,
    r.screening, r.screening_note, r.status, r.lead_agency_id, r.risk_start, r.risk_current, r.next_review_on";

fn referral_from_row(
    r: &rusqlite::Row<'_>,
    offset: usize,
    on: NaiveDate,
) -> rusqlite::Result<Referral> {
    let g = |i: usize| offset + i;
    let dob: Option<NaiveDate> = opt_text_date(r.get(g(3))?);
    let core: Option<String> = r.get(g(16))?;
    let screening: String = r.get(g(18))?;
    let status: String = r.get(g(20))?;
    Ok(Referral {
        id: r.get(g(0))?,
        subject: r.get(g(1))?,
        name: r.get(g(2))?,
        date_of_birth: dob,
        age: dob.and_then(|d| age_on(d, on)),
        gender: r.get(g(4))?,
        ethnicity: r.get(g(5))?,
        referring_agency: r.get(g(6))?,
        referrer_contact: r.get(g(7))?,
        address: r.get(g(8))?,
        ward: r.get(g(9))?,
        education: r.get(g(10))?,
        concerns: r.get(g(11))?,
        other_referrals: r.get(g(12))?,
        date_received: r.get(g(13))?,
        urgent: r.get(g(14))?,
        previously_known: r.get(g(15))?,
        core_reason: core.and_then(|c| CoreReason::from_code(&c)),
        mappa_level: r.get(g(17))?,
        screening: Screening::from_code(&screening).unwrap_or(Screening::Pending),
        screening_note: r.get(g(19))?,
        status: CaseStatus::from_code(&status).unwrap_or(CaseStatus::Received),
        lead_agency: r.get(g(21))?,
        risk_start: r.get(g(22))?,
        risk_current: r.get(g(23))?,
        next_review_on: opt_text_date(r.get(g(24))?),
    })
}

fn action_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ActionRow> {
    let status: String = r.get(9)?;
    Ok(ActionRow {
        id: r.get(0)?,
        meeting: r.get(1)?,
        meeting_date: r.get(2)?,
        description: r.get(3)?,
        agency: r.get(4)?,
        person: r.get(5)?,
        volunteered_by: r.get(6)?,
        due_on: r.get(7)?,
        completed_on: opt_text_date(r.get(8)?),
        status: ActionStatus::from_code(&status).unwrap_or(ActionStatus::Open),
        note: r.get(10)?,
        reviewed_at: r.get(11)?,
    })
}

const ACTION_COLS: &str =
    "a.id, a.meeting_id, m.date, a.description, a.agency_id, a.person, a.volunteered_by,
    a.due_on, a.completed_on, a.status, a.completion_note, a.reviewed_at_meeting_id";

impl Store {
    /// A meeting's date, without loading the whole meeting.
    pub fn meeting_date(&self, id: MeetingId) -> Result<NaiveDate> {
        Ok(self
            .conn
            .prepare_cached("SELECT date FROM meeting WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?)
    }

    /// The meeting to open: one in progress (or formally closed), else the earliest planned.
    pub fn meeting_to_run(&self) -> Result<Option<MeetingId>> {
        let running: Option<MeetingId> = self
            .conn
            .prepare_cached(
                "SELECT id FROM meeting WHERE state IN ('in_progress', 'formally_closed') ORDER BY date LIMIT 1",
            )?
            .query_row([], |r| r.get(0))
            .optional()?;
        if running.is_some() {
            return Ok(running);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM meeting WHERE state = 'planned' ORDER BY date LIMIT 1")?
            .query_row([], |r| r.get(0))
            .optional()?)
    }

    /// The panel `panel`, or the first in the file (see [`PanelInfo::load`]).
    pub fn panel_info(&self, panel: Option<PanelId>) -> Result<PanelInfo> {
        PanelInfo::load(&self.conn, panel)
    }

    pub fn agencies(&self, panel: PanelId) -> Result<Vec<Agency>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, code, name, is_police FROM agency WHERE panel_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([panel], |r| {
            Ok(Agency {
                id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                police: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn members(&self, panel: PanelId, on: NaiveDate) -> Result<Vec<Member>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, name, post_title, agency_id, role FROM member
             WHERE panel_id = ?1 AND (retired_on IS NULL OR retired_on > ?2) ORDER BY id",
        )?;
        let rows = st.query_map(params![panel, on], |r| {
            let role: String = r.get(4)?;
            Ok(Member {
                id: r.get(0)?,
                name: r.get(1)?,
                post: r.get(2)?,
                agency: r.get(3)?,
                role: Role::from_code(&role).unwrap_or(Role::Member),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Load everything the runner shows for one meeting.
    pub fn load_meeting(&self, id: MeetingId) -> Result<MeetingData> {
        #[allow(clippy::type_complexity)]
        let m: (PanelId, NaiveDate, String, String, Option<u32>, Option<DiscussionId>, Option<String>, Option<String>, Option<String>, Option<String>) = self
            .conn
            .prepare_cached(
                "SELECT panel_id, date, venue, state, current_item, current_discussion_id, started_at,
                    formally_closed_at, closed_at, gate_override_reason FROM meeting WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?))
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("meeting {id}")))?;
        let day = m.1;
        let panel = self.panel_info(Some(m.0))?;
        let agencies = self.agencies(panel.id)?;
        let members = self.members(panel.id, day)?;
        let attendance = self.attendance(id, &members)?;
        let intelligence = {
            let mut st = self.conn.prepare_cached(
                "SELECT id, agency_id, is_police, body FROM intelligence WHERE meeting_id = ?1 ORDER BY id",
            )?;
            let rows = st.query_map([id], |r| {
                Ok(Intel {
                    id: r.get(0)?,
                    agency: r.get(1)?,
                    police: r.get(2)?,
                    body: r.get(3)?,
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let mut cases = self.cases(id, day, None)?;
        for c in &mut cases {
            c.item = number_of(&panel.agenda, c.kind).unwrap_or(0);
        }
        let set_aside = self.set_aside(id, day, &panel)?;
        let mappa = {
            let mut st = self.conn.prepare_cached(
                "SELECT id, name, category, level, note FROM mappa_note WHERE meeting_id = ?1 ORDER BY position, id",
            )?;
            let rows = st.query_map([id], |r| {
                Ok(MappaNote {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    category: r.get(2)?,
                    level: r.get(3)?,
                    note: r.get(4)?,
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let next_meeting: Option<NaiveDate> = self
            .conn
            .prepare_cached("SELECT MIN(date) FROM meeting WHERE panel_id = ?1 AND date > ?2")?
            .query_row(params![panel.id, day], |r| r.get(0))?;
        let listed_new = {
            let cal = WorkingCalendar::england_and_wales();
            let mut st = self.conn.prepare_cached(
                "SELECT date_received, urgent, mappa_level FROM referral
                 WHERE meeting_id = ?1 AND status IN ('on_agenda', 'received')",
            )?;
            let rows: Vec<(NaiveDate, bool, Option<u8>)> = st
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            rows.into_iter()
                .filter(|(received, urgent, mappa)| {
                    check_mappa(*mappa).is_ok()
                        && matches!(
                            cal.placement(*received, *urgent, day, panel.cutoff_days),
                            Placement::InTime | Placement::LateUrgent
                        )
                })
                .count()
        };
        let listed_reviews: i64 = self
            .conn
            .prepare_cached(
                "SELECT COUNT(*) FROM referral WHERE status = 'open' AND next_review_on <= ?1",
            )?
            .query_row([day], |r| r.get(0))?;
        let roster = self.roster(panel.id)?;
        let referrals = self.referral_rows(panel.id, self.now().date(), false)?;
        let schedule = self.schedule(panel.id)?;
        let opened = |col: &str| -> Result<Option<NaiveDateTime>> {
            let at: Option<String> = self
                .conn
                .prepare_cached(
                    "SELECT at FROM change_log WHERE tbl = 'meeting' AND row_id = ?1 AND col = ?2 ORDER BY id DESC LIMIT 1",
                )?
                .query_row(params![id, col], |r| r.get(0))
                .optional()?;
            Ok(opt_text_time(at))
        };
        let item_opened_at = opened("current_item")?;
        let case_opened_at = opened("current_discussion_id")?;
        Ok(MeetingData {
            item_opened_at,
            case_opened_at,
            referrals,
            roster,
            schedule,
            listed_new,
            listed_reviews: listed_reviews as usize,
            id,
            date: day,
            venue: m.2,
            state: MeetingState::from_code(&m.3).unwrap_or(MeetingState::Planned),
            current_item: m.4,
            current_discussion: m.5,
            started_at: opt_text_time(m.6),
            formally_closed_at: opt_text_time(m.7),
            closed_at: opt_text_time(m.8),
            gate_override: m.9,
            panel,
            agencies,
            members,
            attendance,
            intelligence,
            cases,
            set_aside,
            mappa,
            next_meeting,
        })
    }

    pub fn roster(&self, panel: PanelId) -> Result<Vec<RosterRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, name, post_title, agency_id, role, retired_on, deputy_for_member_id FROM member WHERE panel_id = ?1
             ORDER BY retired_on IS NOT NULL, id",
        )?;
        let rows = st.query_map([panel], |r| {
            let role: String = r.get(4)?;
            Ok(RosterRow {
                member: Member {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    post: r.get(2)?,
                    agency: r.get(3)?,
                    role: Role::from_code(&role).unwrap_or(Role::Member),
                },
                retired_on: opt_text_date(r.get(5)?),
                deputy_for: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn schedule(&self, panel: PanelId) -> Result<Vec<ScheduleRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, date, venue, state FROM meeting WHERE panel_id = ?1 ORDER BY date",
        )?;
        let rows = st.query_map([panel], |r| {
            let state: String = r.get(3)?;
            Ok(ScheduleRow {
                id: r.get(0)?,
                date: r.get(1)?,
                venue: r.get(2)?,
                state: MeetingState::from_code(&state).unwrap_or(MeetingState::Planned),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn attendance(&self, id: MeetingId, members: &[Member]) -> Result<Vec<Attendee>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, member_id, name, post_title, agency_id, status, deputy_for_member_id, visitor_for_referral_id,
                signed_at, left_at, note FROM attendance WHERE meeting_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([id], |r| {
            let status: String = r.get(5)?;
            let member: Option<MemberId> = r.get(1)?;
            Ok(Attendee {
                id: r.get(0)?,
                member,
                name: r.get(2)?,
                post: r.get(3)?,
                agency: r.get(4)?,
                status: AttendanceStatus::from_code(&status).unwrap_or(AttendanceStatus::Absent),
                deputy_for: r.get(6)?,
                visitor_for: r.get(7)?,
                signed_at: opt_text_time(r.get(8)?),
                left_at: opt_text_time(r.get(9)?),
                note: r.get(10)?,
                role: member
                    .and_then(|m| members.iter().find(|x| x.id == m))
                    .map(|x| x.role),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The meeting's case pages, or only the one for `only`.
    pub(crate) fn cases(
        &self,
        id: MeetingId,
        day: NaiveDate,
        only: Option<DiscussionId>,
    ) -> Result<Vec<Case>> {
        let sql = format!(
            "SELECT d.id, d.item_kind, d.lead_update, d.minutes, d.decision, d.decision_reasons, d.risk_before,
                d.risk_after, d.lead_agency_id, d.next_date, d.completed_at, {REFERRAL_COLS}
             FROM case_discussion d JOIN referral r ON r.id = d.referral_id JOIN subject s ON s.id = r.subject_id
             WHERE d.meeting_id = ?1 AND (?2 IS NULL OR d.id = ?2)
             ORDER BY d.position, d.id"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(params![id, only], |r| {
            let decision: Option<String> = r.get(4)?;
            let kind: Option<String> = r.get(1)?;
            Ok(Case {
                discussion: r.get(0)?,
                item: 0,
                kind: kind
                    .and_then(|k| AgendaKind::from_code(&k))
                    .unwrap_or(AgendaKind::NewReferralsUnder18),
                lead_update: r.get(2)?,
                minutes: r.get(3)?,
                decision: decision.and_then(|d| Decision::from_code(&d)),
                reasons: r.get(5)?,
                risk_before: r.get(6)?,
                risk_after: r.get(7)?,
                lead_agency: r.get(8)?,
                next_date: opt_text_date(r.get(9)?),
                completed_at: opt_text_time(r.get(10)?),
                referral: referral_from_row(r, 11, day)?,
                onward: vec![],
                actions: vec![],
                earlier_actions: vec![],
                interventions: vec![],
            })
        })?;
        let mut cases: Vec<Case> = rows.collect::<rusqlite::Result<_>>()?;
        for c in &mut cases {
            let mut st = self.conn.prepare_cached(
                "SELECT kind, state FROM onward_referral WHERE discussion_id = ?1",
            )?;
            let got: Vec<(String, String)> = st
                .query_map([c.discussion], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            c.onward = OnwardKind::ALL
                .iter()
                .map(|k| {
                    let s = got
                        .iter()
                        .find(|(kc, _)| kc == k.code())
                        .and_then(|(_, s)| OnwardState::from_code(s));
                    (*k, s)
                })
                .collect();
            let sql = format!(
                "SELECT {ACTION_COLS} FROM action a JOIN meeting m ON m.id = a.meeting_id
                 WHERE a.referral_id = ?1
                   AND (a.meeting_id = ?2 OR a.status = 'open' OR a.reviewed_at_meeting_id = ?2)
                 ORDER BY a.due_on, a.id"
            );
            let mut st = self.conn.prepare_cached(&sql)?;
            let all: Vec<ActionRow> = st
                .query_map(params![c.referral.id, id], action_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            for a in all {
                if a.meeting == id {
                    c.actions.push(a);
                } else if c.kind == AgendaKind::Reviews
                    && (a.status == ActionStatus::Open || a.reviewed_at == Some(id))
                {
                    c.earlier_actions.push(a);
                }
            }
            let mut st = self.conn.prepare_cached(
                "SELECT id, core_issue, intervention, level_of_contact, agency_id, progress FROM intervention
                 WHERE referral_id = ?1 ORDER BY position, id",
            )?;
            c.interventions = st
                .query_map([c.referral.id], |r| {
                    Ok(InterventionRow {
                        id: r.get(0)?,
                        core_issue: r.get(1)?,
                        intervention: r.get(2)?,
                        level_of_contact: r.get(3)?,
                        agency: r.get(4)?,
                        progress: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(cases)
    }

    /// Referrals listed for this meeting that cannot be heard: held over (section 11)
    /// or excluded at MAPPA level 2/3 (section 10.1).
    fn set_aside(&self, id: MeetingId, day: NaiveDate, panel: &PanelInfo) -> Result<Vec<SetAside>> {
        let cal = WorkingCalendar::england_and_wales();
        let cutoff = cal.cutoff(day, panel.cutoff_days);
        let sql = format!(
            "SELECT {REFERRAL_COLS} FROM referral r JOIN subject s ON s.id = r.subject_id
             WHERE (r.meeting_id = ?1 OR (r.status = 'received' AND r.date_received > ?2 AND r.date_received <= ?3))
               AND NOT EXISTS (SELECT 1 FROM case_discussion d WHERE d.referral_id = r.id AND d.meeting_id = ?1)
             ORDER BY r.date_received, r.id"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let refs: Vec<Referral> = st
            .query_map(params![id, cutoff, day], |r| referral_from_row(r, 0, day))?
            .collect::<rusqlite::Result<_>>()?;
        // Meetings after this one, for where a late referral is held over to.
        let later: Vec<NaiveDate> = self
            .conn
            .prepare_cached(
                "SELECT date FROM meeting WHERE panel_id = ?1 AND date > ?2 ORDER BY date",
            )?
            .query_map(params![panel.id, day], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = vec![];
        for r in refs {
            let kind = kind_for_age(r.age);
            let item = number_of(&panel.agenda, kind).unwrap_or(0);
            let reason = if let Err(refusal) = check_mappa(r.mappa_level) {
                format!("Excluded: {refusal}")
            } else if cal.placement(r.date_received, r.urgent, day, panel.cutoff_days)
                == Placement::HeldOver
            {
                let to = cal.target_meeting(r.date_received, r.urgent, &later, panel.cutoff_days);
                format!(
                    "Held over to {}: received {}, after the cut-off of {} (section 11), not urgent",
                    to.map_or("the following meeting".into(), |d| d.format("%Y-%m-%d").to_string()),
                    r.date_received.format("%Y-%m-%d"),
                    cutoff.format("%Y-%m-%d")
                )
            } else {
                continue;
            };
            out.push(SetAside {
                referral: r,
                item,
                kind,
                reason,
            });
        }
        Ok(out)
    }

    /// The panel a meeting belongs to.
    pub fn panel_info_of_meeting(&self, id: MeetingId) -> Result<PanelInfo> {
        let panel: PanelId = self
            .conn
            .prepare_cached("SELECT panel_id FROM meeting WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        self.panel_info(Some(panel))
    }

    /// Put on the agenda every case this meeting should hear: new referrals listed for
    /// it that are in time (or late and urgent) and not excluded, and reviews due.
    /// Safe to call again: cases already on the agenda are kept as they are.
    pub fn prepare_agenda(&self, id: MeetingId) -> Result<()> {
        let (day, panel_id): (NaiveDate, PanelId) = self
            .conn
            .prepare_cached("SELECT date, panel_id FROM meeting WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let panel = self.panel_info(Some(panel_id))?;
        let cal = WorkingCalendar::england_and_wales();
        self.atomic(|s| {
            let mut st = s.conn.prepare_cached(
                "SELECT r.id, s.date_of_birth, r.date_received, r.urgent, r.mappa_level FROM referral r
                 JOIN subject s ON s.id = r.subject_id
                 WHERE r.meeting_id = ?1 AND r.status IN ('on_agenda', 'received') ORDER BY r.date_received, r.id",
            )?;
            #[allow(clippy::type_complexity)]
            let new: Vec<(ReferralId, Option<String>, NaiveDate, bool, Option<u8>)> = st
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut pos = 0;
            for (rid, dob, received, urgent, mappa) in new {
                if check_mappa(mappa).is_err() {
                    continue;
                }
                if !matches!(cal.placement(received, urgent, day, panel.cutoff_days), Placement::InTime | Placement::LateUrgent) {
                    continue;
                }
                let kind = new_referral_item(opt_text_date(dob), day);
                s.add_discussion(id, rid, kind, pos)?;
                s.set_field(Table::Referral, rid.0, "status", text(CaseStatus::OnAgenda.code()))?;
                pos += 1;
            }
            let mut st = s.conn.prepare_cached(
                "SELECT r.id, r.risk_current, r.lead_agency_id FROM referral r
                 WHERE r.status = 'open' AND r.next_review_on <= ?1
                   AND NOT EXISTS (SELECT 1 FROM case_discussion d WHERE d.referral_id = r.id AND d.meeting_id = ?2)
                 ORDER BY r.next_review_on, r.id",
            )?;
            let reviews: Vec<(ReferralId, Option<String>, Option<AgencyId>)> =
                st.query_map(params![day, id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
            for (rid, risk, lead) in reviews {
                let d = s.add_discussion(id, rid, AgendaKind::Reviews, pos)?;
                s.set_field(Table::Discussion, d.0, "risk_before", risk.map_or(Value::Null, text))?;
                s.set_field(Table::Discussion, d.0, "lead_agency_id", lead.map_or(Value::Null, |a| Value::Integer(a.0)))?;
                pos += 1;
            }
            Ok(())
        })
    }

    /// Start a planned meeting: in progress, at item 1, with its cases on the agenda.
    pub fn start_meeting(&self, id: MeetingId) -> Result<()> {
        self.atomic(|s| {
            let state: String = s
                .conn
                .prepare_cached("SELECT state FROM meeting WHERE id = ?1")?
                .query_row([id], |r| r.get(0))?;
            if state == MeetingState::Planned.code() {
                s.set_field(
                    Table::Meeting,
                    id.0,
                    "state",
                    text(MeetingState::InProgress.code()),
                )?;
                s.set_field(Table::Meeting, id.0, "started_at", time(s.now()))?;
                let first: Option<u32> = s
                    .panel_info_of_meeting(id)?
                    .agenda
                    .first()
                    .map(|i| i.number);
                s.set_field(
                    Table::Meeting,
                    id.0,
                    "current_item",
                    first.map_or(Value::Null, |n| Value::Integer(n.into())),
                )?;
            }
            s.prepare_agenda(id)
        })
    }

    /// Mark a member's attendance, creating the row on first mark.
    pub fn mark_member(
        &self,
        meeting: MeetingId,
        member: &Member,
        status: AttendanceStatus,
    ) -> Result<AttendanceId> {
        self.atomic(|s| {
            let existing: Option<i64> = s
                .conn
                .prepare_cached(
                    "SELECT id FROM attendance WHERE meeting_id = ?1 AND member_id = ?2",
                )?
                .query_row(params![meeting, member.id], |r| r.get(0))
                .optional()?;
            match existing {
                Some(a) => {
                    s.set_field(Table::Attendance, a, "status", text(status.code()))?;
                    Ok(AttendanceId(a))
                }
                None => s.add_attendance(&NewAttendance {
                    meeting,
                    member: Some(member.id),
                    name: member.name.clone(),
                    post_title: member.post.clone(),
                    agency: Some(member.agency),
                    status,
                    deputy_for: None,
                    visitor_for: None,
                }),
            }
        })
    }

    /// Close a case page: write the decision through to the referral (status, lead
    /// agency, risk, dates) in one transaction. Refuses what the rules refuse.
    pub fn complete_case(&self, case: &Case, day: NaiveDate) -> Result<()> {
        let Some(decision) = case.decision else {
            return Err(StoreError::Rule("no decision recorded".into()));
        };
        if decision == Decision::Open {
            check_mappa(case.referral.mappa_level).map_err(|e| StoreError::Rule(e.to_string()))?;
        }
        self.atomic(|s| {
            let r = case.referral.id.0;
            let risk = case.risk_after.clone().map_or(Value::Null, text);
            let lead = case
                .lead_agency
                .map_or(Value::Null, |a| Value::Integer(a.0));
            match decision {
                Decision::Open => {
                    s.set_field(Table::Referral, r, "status", text(CaseStatus::Open.code()))?;
                    s.set_field(Table::Referral, r, "opened_on", date(day))?;
                    s.set_field(Table::Referral, r, "lead_agency_id", lead)?;
                    s.set_field(Table::Referral, r, "risk_start", risk.clone())?;
                    s.set_field(Table::Referral, r, "risk_current", risk)?;
                    s.set_field(Table::Referral, r, "plan_due_on", opt_date(case.next_date))?;
                    s.set_field(
                        Table::Referral,
                        r,
                        "next_review_on",
                        opt_date(case.next_date),
                    )?;
                }
                Decision::OneToWatch | Decision::Decline | Decision::ReferElsewhere => {
                    let status = match decision {
                        Decision::OneToWatch => CaseStatus::OneToWatch,
                        Decision::Decline => CaseStatus::Declined,
                        _ => CaseStatus::ReferredElsewhere,
                    };
                    s.set_field(Table::Referral, r, "status", text(status.code()))?;
                    s.set_field(Table::Referral, r, "risk_start", risk.clone())?;
                    s.set_field(Table::Referral, r, "risk_current", risk)?;
                }
                Decision::NextReview => {
                    s.set_field(Table::Referral, r, "risk_current", risk)?;
                    s.set_field(Table::Referral, r, "lead_agency_id", lead)?;
                    s.set_field(
                        Table::Referral,
                        r,
                        "next_review_on",
                        opt_date(case.next_date),
                    )?;
                }
                Decision::Close => {
                    s.set_field(Table::Referral, r, "risk_current", risk)?;
                    s.set_field(Table::Referral, r, "lead_agency_id", lead)?;
                    s.set_field(
                        Table::Referral,
                        r,
                        "status",
                        text(CaseStatus::Closed.code()),
                    )?;
                    s.set_field(Table::Referral, r, "closed_on", date(day))?;
                    s.set_field(
                        Table::Referral,
                        r,
                        "closure_reason",
                        text(case.reasons.clone()),
                    )?;
                    s.set_field(Table::Referral, r, "next_review_on", Value::Null)?;
                }
            }
            s.set_field(
                Table::Discussion,
                case.discussion.0,
                "completed_at",
                time(s.now()),
            )?;
            Ok(())
        })
    }

    /// The formal close (Appendix D, before item 9): everyone but the Chair, the MAPPA
    /// Coordinator and the SYV Coordinator leaves; record when.
    pub fn formally_close(&self, meeting: MeetingId) -> Result<Vec<String>> {
        let data = self.load_meeting(meeting)?;
        if data.state != MeetingState::InProgress {
            return Err(StoreError::Rule(
                "only a meeting in progress can be formally closed".into(),
            ));
        }
        self.atomic(|s| {
            let now = s.now();
            let mut left = vec![];
            for a in data.present() {
                if a.left_at.is_none() && !data.stays_after_formal_close(a) {
                    s.set_field(Table::Attendance, a.id.0, "left_at", time(now))?;
                    left.push(a.name.clone());
                }
            }
            s.set_field(
                Table::Meeting,
                meeting.0,
                "state",
                text(MeetingState::FormallyClosed.code()),
            )?;
            s.set_field(Table::Meeting, meeting.0, "formally_closed_at", time(now))?;
            Ok(left)
        })
    }

    /// End the meeting and schedule the next one on `next` (if not already there).
    pub fn end_meeting(&self, meeting: MeetingId, next: NaiveDate) -> Result<MeetingId> {
        let data = self.load_meeting(meeting)?;
        if data.state != MeetingState::FormallyClosed {
            return Err(StoreError::Rule(
                "the meeting must be formally closed before it ends".into(),
            ));
        }
        if next <= data.date {
            return Err(StoreError::Rule(
                "the next meeting must be after this one".into(),
            ));
        }
        self.atomic(|s| {
            s.set_field(
                Table::Meeting,
                meeting.0,
                "state",
                text(MeetingState::Closed.code()),
            )?;
            s.set_field(Table::Meeting, meeting.0, "closed_at", time(s.now()))?;
            let existing: Option<MeetingId> = s
                .conn
                .prepare_cached("SELECT id FROM meeting WHERE panel_id = ?1 AND date = ?2")?
                .query_row(params![data.panel.id, next], |r| r.get(0))
                .optional()?;
            let next_id = match existing {
                Some(id) => id,
                None => s.create_meeting(data.panel.id, next, &data.venue, data.panel.pattern.start_time.as_deref())?,
            };
            // New referrals the meeting did not finish go to the following meeting;
            // unfinished reviews stay due (their review date has passed).
            let following: MeetingId = s
                .conn
                .prepare_cached("SELECT id FROM meeting WHERE panel_id = ?1 AND date > ?2 ORDER BY date LIMIT 1")?
                .query_row(params![data.panel.id, data.date], |r| r.get(0))?;
            for c in data.cases.iter().filter(|c| c.item != 8 && c.completed_at.is_none()) {
                s.set_field(Table::Referral, c.referral.id.0, "meeting_id", Value::Integer(following.0))?;
            }
            Ok(next_id)
        })
    }
}

/// The default date of the meeting after `day`: the panel's pattern in the next month.
pub fn default_next_meeting(day: NaiveDate, pattern: &MeetingPattern) -> NaiveDate {
    let cal = WorkingCalendar::england_and_wales();
    let month = day + Months::new(1);
    let wd = parse_weekday(&pattern.weekday).unwrap_or(chrono::Weekday::Wed);
    let n = pattern.week_of_month.clamp(1, 5) as u8;
    let d = NaiveDate::from_weekday_of_month_opt(
        chrono::Datelike::year(&month),
        chrono::Datelike::month(&month),
        wd,
        n,
    )
    .or_else(|| {
        NaiveDate::from_weekday_of_month_opt(
            chrono::Datelike::year(&month),
            chrono::Datelike::month(&month),
            wd,
            4,
        )
    })
    .unwrap_or(month);
    cal.next_working_day_on_or_after(d)
}
