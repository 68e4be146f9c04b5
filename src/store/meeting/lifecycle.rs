//! The lifecycle steps that change many rows at once: put the cases on the agenda,
//! start, mark a member, complete a case, the formal close and the end.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};

use super::updates::Unchanged;
use super::{Case, Member, Referral};
use crate::domain::agenda::{is_brief, AgendaKind};
use crate::domain::calendar::{Placement, WorkingCalendar};
use crate::domain::case_items::{route_case_or_first, stored_kind};
use crate::domain::paperwork::Need;
use crate::domain::rules::check_mappa;
use crate::domain::types::*;
use crate::store::ids::*;
use crate::store::intake::facts_of;
use crate::store::rows::referral;
use crate::store::write::{date, opt_date, text, time, NewAttendance, Table};
use crate::store::{Result, Store, StoreError};

impl Store {
    /// Put on the agenda every case this meeting should hear: new referrals listed for
    /// it that are in time (or late and urgent) and not excluded, and reviews due.
    /// Safe to call again: cases already on the agenda are kept as they are.
    pub fn prepare_agenda(&self, id: MeetingId) -> Result<()> {
        let m = self.meeting_row(id)?;
        let (day, panel) = (m.date, self.panel_info(Some(m.panel))?);
        let cal = WorkingCalendar::england_and_wales();
        let new_sql = format!(
            "SELECT {} FROM {} WHERE r.meeting_id = ?1 AND r.status IN ('on_agenda', 'received')
             ORDER BY r.date_received, r.id",
            referral::COLUMNS,
            referral::FROM
        );
        let reviews_sql = format!(
            "SELECT {} FROM {} WHERE r.status = 'open' AND r.next_review_on <= ?1
               AND NOT EXISTS (SELECT 1 FROM case_discussion d WHERE d.referral_id = r.id AND d.meeting_id = ?2)
             ORDER BY r.next_review_on, r.id",
            referral::COLUMNS,
            referral::FROM
        );
        // A meeting for chosen cases hears only them (issue 21, B9/B10; see
        // `chosen_cases`): a chosen new referral whenever it was received, an open
        // case whatever its review date, no other review and no update.
        let chosen = self.for_chosen_cases(id)?;
        self.atomic(|s| {
            let new: Vec<Referral> = s
                .conn
                .prepare_cached(&new_sql)?
                .query_map([id], referral::from_row)?
                .collect::<rusqlite::Result<_>>()?;
            let mut pos = 0;
            for r in new {
                if check_mappa(r.mappa_level, &panel.paperwork).is_err() {
                    continue;
                }
                if chosen && !s.chosen_cases(id)?.iter().any(|c| c.case == r.id) {
                    continue;
                }
                if !chosen
                    && !matches!(
                        cal.placement(r.date_received, r.urgent, day, panel.cutoff_days),
                        Placement::InTime | Placement::LateUrgent
                    )
                {
                    continue;
                }
                // The first item whose filters take the case (issue 21, E2). A person
                // who aged out of every item since intake is still heard (at the first
                // item taking new referrals), never dropped: the case page says why.
                let facts = facts_of(&s.conn, &r, day, false)?;
                s.hear_at(id, r.id, &panel.agenda, &facts, pos)?;
                s.set_field(
                    Table::Referral,
                    r.id.0,
                    "status",
                    text(CaseStatus::OnAgenda.code()),
                )?;
                pos += 1;
            }
            let reviews: Vec<Referral> = if chosen {
                s.chosen_reviews(id)?
            } else {
                s.conn
                    .prepare_cached(&reviews_sql)?
                    .query_map(params![day, id], referral::from_row)?
                    .collect::<rusqlite::Result<_>>()?
            };
            for r in reviews {
                // Routed as it stands now: a MAPPA case whose level changed since its
                // last meeting goes to the item of its new level.
                let facts = facts_of(&s.conn, &r, day, true)?;
                let d = s.hear_at(id, r.id, &panel.agenda, &facts, pos)?;
                s.set_field(
                    Table::Discussion,
                    d.0,
                    "risk_before",
                    r.risk_current.map_or(Value::Null, text),
                )?;
                s.set_field(
                    Table::Discussion,
                    d.0,
                    "lead_agency_id",
                    r.lead_agency.map_or(Value::Null, |a| Value::Integer(a.0)),
                )?;
                pos += 1;
            }
            // Cases brought back for an update between reviews (see `updates`).
            for item in panel
                .agenda
                .iter()
                .filter(|i| i.kind == AgendaKind::Updates && !chosen)
            {
                for r in s.updates_due(id, day, &item.after_decisions)? {
                    s.add_discussion(id, r, AgendaKind::Updates, pos)?;
                    pos += 1;
                }
            }
            s.keep_to_meeting_type(id)?;
            s.carry_mappa_exclusions(id)?;
            Ok(())
        })
    }

    /// Put case `r` on meeting `id`'s agenda at the item that hears it
    /// ([`route_case_or_first`]), recording its kind ([`stored_kind`]). Errors:
    /// `Rule` when no item of the agenda takes its sort (new referral or review).
    fn hear_at(
        &self,
        id: MeetingId,
        r: ReferralId,
        agenda: &[crate::domain::agenda::AgendaItemDef],
        facts: &crate::domain::case_items::CaseFacts,
        pos: i64,
    ) -> Result<DiscussionId> {
        match route_case_or_first(agenda, facts) {
            Some(item) => {
                self.add_discussion_at(id, r, item.number, stored_kind(item, facts.review), pos)
            }
            None => {
                let kind = if facts.review {
                    AgendaKind::Reviews
                } else {
                    AgendaKind::NewReferrals
                };
                self.add_discussion(id, r, kind, pos)
            }
        }
    }

    /// Start a planned meeting: in progress, at item 1, with its cases on the agenda.
    pub fn start_meeting(&self, id: MeetingId) -> Result<()> {
        self.atomic(|s| {
            let state: String = s
                .conn
                .prepare_cached("SELECT state FROM meeting WHERE id = ?1")?
                .query_row([id], |r| r.get("state"))?;
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
                .query_row(params![meeting, member.id], |r| r.get("id"))
                .optional()?;
            if status.is_present() {
                // Here in person after all: nobody deputises for them (section 5.5).
                for (id, m) in s.deputies_for(meeting, member.id)? {
                    s.unmark_deputy(id, m)?;
                }
                if let Some(a) = existing {
                    s.set_field(Table::Attendance, a, "note", text(""))?;
                }
            }
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
    /// agency, risk, dates) in one transaction, as the panel's `[[decision]]` says
    /// (its `status_after` and `needs`). Refuses what the rules refuse: a decision the
    /// panel does not offer at the item, an excluded case opened, a next date outside
    /// the panel's review bounds, a decision before the quorum, a case whose chair's
    /// checklist is incomplete (issue 21). A brief update and a
    /// deferral change nothing in the case ([`Store::complete_unchanged`]).
    pub fn complete_case(&self, case: &Case, day: NaiveDate) -> Result<()> {
        let meeting = self.discussion_meeting(case.discussion)?;
        let panel = self.panel_info_of_meeting(meeting)?;
        if is_brief(&panel.agenda, case.kind) {
            return self.complete_unchanged(case, Unchanged::BriefUpdate);
        }
        let Some(code) = case.decision.as_deref() else {
            return Err(StoreError::Rule("no decision recorded".into()));
        };
        let def = super::decide::offered(&panel.paperwork, code, case.kind)?.clone();
        self.check_checklist(meeting, &panel.paperwork, case)?;
        if def.defer {
            return self.complete_unchanged(case, Unchanged::Deferral);
        }
        let status = def.status();
        let new_case = case.kind.is_new_referrals();
        if status == CaseStatus::Open && new_case {
            check_mappa(case.referral.mappa_level, &panel.paperwork)
                .map_err(|e| StoreError::Rule(e.to_string()))?;
        }
        self.check_decision_allowed(meeting, &panel, case, &def, day)?;
        self.atomic(|s| {
            let r = case.referral.id.0;
            let risk = case.risk_after.clone().map_or(Value::Null, text);
            let lead = case
                .lead_agency
                .map_or(Value::Null, |a| Value::Integer(a.0));
            let needs_lead = def.needs(Need::LeadAgency);
            match status {
                CaseStatus::Open if new_case => {
                    let plan_due = panel.paperwork.review.plan_end(day).or(case.next_date);
                    s.set_field(Table::Referral, r, "status", text(status.code()))?;
                    s.set_field(Table::Referral, r, "opened_on", date(day))?;
                    s.set_field(Table::Referral, r, "lead_agency_id", lead)?;
                    s.set_field(Table::Referral, r, "risk_start", risk.clone())?;
                    s.set_field(Table::Referral, r, "risk_current", risk)?;
                    s.set_field(Table::Referral, r, "plan_due_on", opt_date(plan_due))?;
                    s.set_field(
                        Table::Referral,
                        r,
                        "next_review_on",
                        opt_date(case.next_date),
                    )?;
                }
                CaseStatus::Open => {
                    s.set_field(Table::Referral, r, "risk_current", risk)?;
                    if needs_lead {
                        s.set_field(Table::Referral, r, "lead_agency_id", lead)?;
                    }
                    s.set_field(
                        Table::Referral,
                        r,
                        "next_review_on",
                        opt_date(case.next_date),
                    )?;
                }
                CaseStatus::Closed => {
                    if new_case {
                        s.set_field(Table::Referral, r, "risk_start", risk.clone())?;
                    }
                    s.set_field(Table::Referral, r, "risk_current", risk)?;
                    if needs_lead {
                        s.set_field(Table::Referral, r, "lead_agency_id", lead)?;
                    }
                    s.set_field(Table::Referral, r, "status", text(status.code()))?;
                    s.set_field(Table::Referral, r, "closed_on", date(day))?;
                    let why = match &case.closure_reason {
                        Some(listed) if def.needs(Need::ClosureReason) => listed.clone(),
                        _ => case.reasons.clone(),
                    };
                    s.set_field(Table::Referral, r, "closure_reason", text(why))?;
                    s.set_field(Table::Referral, r, "next_review_on", Value::Null)?;
                }
                _ => {
                    s.set_field(Table::Referral, r, "status", text(status.code()))?;
                    if needs_lead {
                        s.set_field(Table::Referral, r, "lead_agency_id", lead)?;
                    }
                    if new_case {
                        s.set_field(Table::Referral, r, "risk_start", risk.clone())?;
                    }
                    s.set_field(Table::Referral, r, "risk_current", risk)?;
                }
            }
            if case.completed_at.is_none() {
                // Done again after a change: it was done when it was first done.
                s.set_field(
                    Table::Discussion,
                    case.discussion.0,
                    "completed_at",
                    time(s.now()),
                )?;
            }
            if case.kind == AgendaKind::Reviews {
                // A review brought forward (7.9) has now been held.
                s.set_field(Table::Referral, r, "early_review_requested_on", Value::Null)?;
                s.set_field(Table::Referral, r, "early_review_reason", text(""))?;
            }
            s.referrer_told(case, &def.label, meeting, day)?;
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
        crate::store::schedule::check_meeting_time(next, data.panel.pattern.start_time.as_deref())?;
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
                .query_row(params![data.panel.id, next], |r| r.get("id"))
                .optional()?;
            let next_id = match existing {
                Some(id) => id,
                None => s.create_meeting(data.panel.id, next, &data.venue, data.panel.pattern.start_time.as_deref())?,
            };
            // New referrals the meeting did not finish or deferred go to the following
            // meeting; unfinished or deferred reviews stay due (their review date has
            // passed).
            // Never a meeting for chosen cases: it hears only the cases named for it.
            let later: Vec<MeetingId> = s
                .conn
                .prepare_cached("SELECT id FROM meeting WHERE panel_id = ?1 AND date > ?2 ORDER BY date, ifnull(start_time, ''), id")?
                .query_map(params![data.panel.id, data.date], |r| r.get("id"))?
                .collect::<rusqlite::Result<_>>()?;
            let mut following = next_id;
            for m in later {
                if !s.for_chosen_cases(m)? {
                    following = m;
                    break;
                }
            }
            let pw = &data.panel.paperwork;
            let deferred = |c: &Case| c.decision.as_deref().and_then(|d| pw.decision(d)).is_some_and(|d| d.defer);
            for c in data.cases.iter().filter(|c| c.kind.is_new_referrals() && (c.completed_at.is_none() || deferred(c))) {
                s.set_field(Table::Referral, c.referral.id.0, "meeting_id", Value::Integer(following.0))?;
            }
            // Forms opened in this meeting and never confirmed go with it: restricted
            // text is not kept where no screen will ever show it again.
            let dropped = s
                .conn
                .prepare_cached("DELETE FROM draft WHERE substr(key, 1, length(?1)) = ?1")?
                .execute([format!("dialog:{}:", meeting.0)])?;
            if dropped > 0 {
                s.log_event(&format!(
                    "{dropped} unconfirmed form draft(s) of the meeting removed as it ended"
                ))?;
            }
            Ok(next_id)
        })
    }
}
