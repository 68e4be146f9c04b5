//! Item 8: reviews of open cases. Interventions (Appendix B), last meeting's
//! actions, the revised risk, a change of lead agency (section 7.8), and the
//! decision to close (section 7.7) or review again.

use chrono::{Duration, NaiveDate};

use super::names::{INTERVENTIONS, MINUTES};
use super::{Gen, RISK};
use crate::domain::types::*;
use crate::store::bulk::BulkIntervention;
use crate::store::write::NewIntervention;
use crate::store::{ActionId, AgencyId, DiscussionId, MeetingId, ReferralId, Result};

impl Gen<'_> {
    /// Item 8 for open case `i` at meeting `k`. Returns true if the case closed.
    pub(super) fn review(&mut self, k: usize, i: usize, pos: i64) -> Result<bool> {
        let (meeting, day) = self.meetings[k];
        let (r, lead, risk_before, reviews) = {
            let c = &self.open[i];
            (c.referral, c.lead, c.risk, c.reviews)
        };
        let d = self.start_review(meeting, r, risk_before, pos)?;
        // Appendix B rows.
        if !self.open[i].has_interventions {
            self.add_interventions(meeting, r)?;
            self.open[i].has_interventions = true;
        }
        let still_open = self.review_actions(i, meeting, day)?;
        // Revised risk: drifts down as the plan works.
        let step = self.rng.range(-2, 1);
        let risk_after = (risk_before as i64 + step.clamp(-1, 1)).clamp(0, 3) as usize;
        self.rows.discussion(d).risk_after = Some(RISK[risk_after].into());
        self.rows.referral(r).risk_current = Some(RISK[risk_after].into());
        self.review_lead(i, d, r, lead)?;
        let close = (reviews >= 2 && risk_after <= 1 && self.rng.chance(50)) || reviews >= 6;
        if close {
            self.close_case(meeting, day, d, r, still_open)?;
        } else {
            self.review_again(k, i, d, r, risk_after, still_open)?;
        }
        self.rows.discussion(d).completed_at = Some(self.now + Duration::minutes(4));
        Ok(close)
    }

    /// The review's discussion row: risk before, the lead agency's update, minutes.
    fn start_review(
        &mut self,
        meeting: MeetingId,
        r: ReferralId,
        risk_before: usize,
        pos: i64,
    ) -> Result<DiscussionId> {
        let d = self.add_discussion(meeting, r, crate::domain::AgendaKind::Reviews, pos)?;
        let minutes = self.rng.pick(MINUTES).to_string();
        let row = self.rows.discussion(d);
        row.risk_before = Some(RISK[risk_before].into());
        row.lead_update = "Lead agency reported on the intervention plan: contact is regular and the young person is engaging.".into();
        row.minutes = minutes;
        Ok(d)
    }

    /// The intervention plan's first rows (Appendix B).
    fn add_interventions(&mut self, meeting: MeetingId, r: ReferralId) -> Result<()> {
        for position in 0..self.rng.range(2, 3) {
            let (issue, what, contact, code) = *self.rng.pick(INTERVENTIONS);
            self.rows.interventions.push(BulkIntervention {
                referral: r,
                meeting: Some(meeting),
                position,
                row: NewIntervention {
                    core_issue: issue.into(),
                    intervention: what.into(),
                    level_of_contact: contact.into(),
                    agency: Some(self.agency(code)),
                    progress: "Started; early engagement is positive.".into(),
                },
                created_at: self.now,
            });
        }
        Ok(())
    }

    /// Last meeting's actions for open case `i`, one by one: done, not done, or
    /// carried over. Returns those still open.
    fn review_actions(
        &mut self,
        i: usize,
        meeting: MeetingId,
        day: NaiveDate,
    ) -> Result<Vec<ActionId>> {
        let acts = std::mem::take(&mut self.open[i].open_actions);
        let mut still_open = vec![];
        for a in acts {
            // At the larger scales some agencies never report back: the action stays
            // open, and overdue, for good (a real backlog).
            if self.left_open > 0 && self.rng.chance(self.left_open) {
                continue;
            }
            let roll = self.rng.range(0, 99);
            if roll < 60 {
                let note = "Confirmed done at review.";
                self.complete(a, ActionStatus::Done, day, note, Some(meeting));
            } else if roll < 70 {
                let note = "Circumstances changed.";
                self.complete(
                    a,
                    ActionStatus::NotDoneCircumstances,
                    day,
                    note,
                    Some(meeting),
                );
            } else if roll < 80 {
                let note = "Agency did not act.";
                self.complete(a, ActionStatus::NotDoneAgency, day, note, Some(meeting));
            } else {
                let new_due = self
                    .cal
                    .next_working_day_on_or_after(day + Duration::days(21));
                let n = self.carry_over(a, meeting, new_due, day);
                self.actions += 1;
                still_open.push(n);
            }
        }
        Ok(still_open)
    }

    /// Section 7.8: the lead agency may change only here.
    fn review_lead(
        &mut self,
        i: usize,
        d: DiscussionId,
        r: ReferralId,
        lead: AgencyId,
    ) -> Result<()> {
        let mut lead_now = lead;
        if self.rng.chance(5) {
            let c = *self.rng.pick(&["POL", "NPS", "CSC", "HOU"]);
            lead_now = self.agency(c);
            self.rows.referral(r).lead_agency = Some(lead_now);
            self.open[i].lead = lead_now;
        }
        self.rows.discussion(d).lead_agency = Some(lead_now);
        Ok(())
    }

    /// Close the case at review `d` (section 7.7, or discharged to MAPPA); actions
    /// still open are closed with it.
    fn close_case(
        &mut self,
        meeting: MeetingId,
        day: NaiveDate,
        d: DiscussionId,
        r: ReferralId,
        still_open: Vec<ActionId>,
    ) -> Result<()> {
        let to_mappa = self.rng.chance(5);
        let reason = if to_mappa {
            "Discharged: entered the MAPPA process."
        } else {
            "Risk reduced; monitoring by the panel no longer required (section 7.7)."
        };
        let disc = self.rows.discussion(d);
        disc.decision = Some(Decision::Close);
        disc.decision_reasons = reason.into();
        let row = self.rows.referral(r);
        row.status = CaseStatus::Closed;
        row.closed_on = Some(day);
        row.closure_reason = reason.into();
        row.next_review_on = None;
        row.discharged_to_mappa = to_mappa;
        for a in still_open {
            let status = ActionStatus::NotDoneCircumstances;
            self.complete(a, status, day, "Case closed.", Some(meeting));
        }
        Ok(())
    }

    /// Keep open case `i` (reviewed at meeting `k`, discussion `d`): a next review
    /// date and new actions.
    fn review_again(
        &mut self,
        k: usize,
        i: usize,
        d: DiscussionId,
        r: ReferralId,
        risk_after: usize,
        mut still_open: Vec<ActionId>,
    ) -> Result<()> {
        let (lo, hi) = self.review_gap;
        let next_k = (k + self.rng.range(lo, hi) as usize).min(self.meetings.len() - 2);
        let next = self.meetings[next_k].1;
        let disc = self.rows.discussion(d);
        disc.decision = Some(Decision::NextReview);
        disc.decision_reasons = "Plan in progress; risk not yet reduced enough to close.".into();
        disc.next_date = Some(next);
        self.rows.referral(r).next_review_on = Some(next);
        let (lo, hi) = self.actions_per_case;
        let n = self
            .rng
            .range(lo.saturating_sub(2).max(1), hi.saturating_sub(2).max(1));
        let mut acts = self.actions(k, r, n)?;
        still_open.append(&mut acts);
        let c = &mut self.open[i];
        c.open_actions = still_open;
        c.next_review = next;
        c.reviews += 1;
        c.risk = risk_after;
        Ok(())
    }
}
