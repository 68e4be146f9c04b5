//! New referrals: the subject (new, or known before and closed), the Appendix A
//! form with its section 12 fields, screening, and the decision when heard at a
//! past meeting (items 6 and 7).

use chrono::{Duration, Months, NaiveDate};

use super::names::{
    CONCERNS, CRIMINAL_STATUS_ADULT, CRIMINAL_STATUS_YOUNG, EDUCATION_ADULT, EDUCATION_UNDER_18,
    ETHNICITIES, GANGS, MINUTES, STAFF_FIRST, STAFF_SURNAMES, STREETS, WARDS, WELFARE_STATUS,
};
use super::{consistent, Gen, OpenCase, RISK};
use crate::domain::age::age_on;
use crate::domain::types::*;
use crate::domain::AgendaKind;
use crate::store::bulk::{BulkReferral, DiscussionRow, OnwardRow, SubjectRow};
use crate::store::write::{HouseholdRow, NewReferral};
use crate::store::{DiscussionId, MeetingId, ReferralId, Result, SubjectId};

impl Gen<'_> {
    /// A new subject and referral; `age` on `on`.
    pub(super) fn make_referral(
        &mut self,
        on: NaiveDate,
        age: i64,
        received: NaiveDate,
        urgent: bool,
    ) -> Result<(SubjectId, ReferralId)> {
        let reuse = !self.closed_subjects.is_empty() && self.rng.chance(5);
        let subject = if reuse {
            let i = self.rng.range(0, self.closed_subjects.len() as i64 - 1) as usize;
            self.closed_subjects.remove(i)
        } else {
            self.new_subject(on, age)?
        };
        let dob = self.rows.subject(subject).date_of_birth;
        let gender = self.rows.subject(subject).gender.clone();
        let under18 = dob.and_then(|d| age_on(d, on)).is_some_and(|a| a < 18);
        let referrer = *self
            .rng
            .pick(&["POL", "EDU", "CSC", "YOS", "HOU", "HOSP", "EH", "NPS"]);
        let mut r = NewReferral::new(subject, self.agency(referrer), received);
        r.referrer_contact = format!(
            "{} {}, secure email",
            self.rng.pick(STAFF_FIRST),
            self.rng.pick(STAFF_SURNAMES)
        );
        self.fill_address(&mut r);
        self.fill_appendix_a(&mut r, dob.map(|d| (d, on)), &gender);
        r.urgent = urgent;
        self.fill_section_12(&mut r, under18, reuse);
        let id = self.rows.next_referral_id();
        self.rows
            .referrals
            .push(BulkReferral::received(id, r, self.now));
        self.referrals += 1;
        Ok((subject, id))
    }

    /// A subject not known to the panel before, `age` on `on`.
    fn new_subject(&mut self, on: NaiveDate, age: i64) -> Result<SubjectId> {
        let drawn = self.person_name();
        let dob = on - Months::new(12 * age as u32) - Duration::days(self.rng.range(1, 360));
        let gender = if self.rng.chance(78) {
            "Male"
        } else if self.rng.chance(95) {
            "Female"
        } else {
            "Non-binary"
        };
        let name = consistent::fit_first_name(&drawn, gender);
        let id = self.rows.next_subject_id();
        let ethnicity = self.rng.pick(ETHNICITIES).to_string();
        self.rows.subjects.push(SubjectRow {
            id,
            panel: self.panel,
            name,
            date_of_birth: Some(dob),
            gender: gender.into(),
            ethnicity,
            created_at: self.now,
        });
        self.subjects += 1;
        Ok(id)
    }

    /// Ward, postcode and street address, all in invented Harrowfield.
    fn fill_address(&mut self, r: &mut NewReferral) {
        let ward = self.rng.pick(WARDS).to_string();
        let pc_district = self.rng.range(1, 9);
        let pc = format!(
            "HF{} {}{}{}",
            pc_district,
            self.rng.range(1, 9),
            (b'A' + self.rng.range(0, 25) as u8) as char,
            (b'A' + self.rng.range(0, 25) as u8) as char
        );
        r.address = format!(
            "{} {}, Harrowfield {}",
            self.rng.range(1, 180),
            self.rng.pick(STREETS),
            pc
        );
        r.postcode = pc;
        r.ward = ward;
    }

    /// The rest of Appendix A: education, awareness, household, concerns and other
    /// referrals.
    /// `born`: the date of birth and the day the age is taken on; `gender` as recorded.
    fn fill_appendix_a(
        &mut self,
        r: &mut NewReferral,
        born: Option<(NaiveDate, NaiveDate)>,
        gender: &str,
    ) {
        let age = born.and_then(|(d, on)| age_on(d, on));
        let under18 = age.is_some_and(|a| a < 18);
        r.education_employment = match born {
            // The form's school year is the one on the day it was sent.
            Some((d, _)) if under18 => {
                let drawn = *self.rng.pick(EDUCATION_UNDER_18);
                consistent::fit_education(drawn, d, r.date_received)
            }
            _ => self.rng.pick(EDUCATION_ADULT).to_string(),
        };
        r.awareness = *self.rng.pick(&[
            Awareness::Yes,
            Awareness::Yes,
            Awareness::ParentsOnly,
            Awareness::No,
        ]);
        if self.rng.chance(80) {
            // The relationship is the row's own field, never part of the name; a
            // mother is a woman at least 17 years older than her child.
            let name = consistent::fit_first_name(&self.person_name(), "Female");
            let drawn = self.rng.range(34, 52);
            let oldest = age.map_or(0, |a| i64::from(a) + 17);
            r.household.push(HouseholdRow {
                name,
                dob_or_age: format!("{}", drawn.max(oldest)),
                relationship: "Mother".into(),
            });
        }
        if self.rng.chance(50) {
            r.household.push(HouseholdRow {
                name: self.person_name(),
                dob_or_age: format!("{}", self.rng.range(5, 16)),
                relationship: "Sibling".into(),
            });
        }
        r.concerns = {
            let t = *self.rng.pick(CONCERNS);
            consistent::pronouns(&self.fill(t), gender)
        };
        r.other_referrals = if self.rng.chance(40) {
            "Children's services referral made last month: assessment under way.".into()
        } else {
            "None known.".into()
        };
    }

    /// The section 12 fields known at referral.
    fn fill_section_12(&mut self, r: &mut NewReferral, under18: bool, reuse: bool) {
        r.welfare_legal_status = if under18 {
            self.rng.pick(WELFARE_STATUS).to_string()
        } else {
            String::new()
        };
        r.criminal_legal_status = if under18 {
            self.rng.pick(CRIMINAL_STATUS_YOUNG)
        } else {
            self.rng.pick(CRIMINAL_STATUS_ADULT)
        }
        .to_string();
        r.previously_known = reuse;
        r.core_reason = Some(*self.rng.pick(CoreReason::ALL));
        r.cse_issue = if self.rng.chance(10) {
            IssueRole::Victim
        } else {
            IssueRole::None
        };
        r.radicalisation_issue = if self.rng.chance(3) {
            IssueRole::Victim
        } else {
            IssueRole::None
        };
        r.named_gang = if self.rng.chance(60) {
            self.rng.pick(GANGS).to_string()
        } else {
            String::new()
        };
        if !under18 && self.rng.chance(6) {
            r.mappa_category = Some(self.rng.range(1, 3) as u8);
            r.mappa_level = Some(1);
        }
    }

    /// Screening before the meeting (section 11): its outcome, by whom and when.
    pub(super) fn screen(
        &mut self,
        r: ReferralId,
        received: NaiveDate,
        outcome: Screening,
    ) -> Result<()> {
        let by = format!(
            "{} {}",
            self.rng.pick(STAFF_FIRST),
            self.rng.pick(STAFF_SURNAMES)
        );
        let on = self.cal.working_days_after(received, 2);
        let row = self.rows.referral(r);
        row.screening = outcome;
        row.screening_by = by;
        row.screening_on = Some(on);
        Ok(())
    }

    /// Items 6 and 7 at past meeting `k`: a new referral received in time, screened,
    /// heard and decided.
    pub(super) fn new_referral_discussed(&mut self, k: usize, pos: i64) -> Result<()> {
        let (meeting, day) = self.meetings[k];
        let cutoff = self.cal.cutoff(day, self.def.cutoff_working_days);
        let received = cutoff - Duration::days(self.rng.range(0, 20));
        let age = self.random_age();
        let (subject, r) = self.make_referral(day, age, received, false)?;
        self.screen(r, received, Screening::Intelligence)?;
        self.rows.referral(r).meeting = Some(meeting);
        let dob = self.rows.subject(subject).date_of_birth;
        let kind = crate::domain::age::new_referral_item(&self.def.agenda, dob, day)
            .map_or(AgendaKind::NewReferralsUnder18, |i| i.kind);
        let d = self.add_discussion(meeting, r, kind, pos)?;
        let minutes = self.rng.pick(MINUTES).to_string();
        self.rows.discussion(d).minutes = minutes;
        let decision = self.decide_new_referral(d)?;
        let risk = self.rng.range(0, 3) as usize;
        self.rows.discussion(d).risk_after = Some(RISK[risk].into());
        let row = self.rows.referral(r);
        row.risk_start = Some(RISK[risk].into());
        row.risk_current = Some(RISK[risk].into());
        self.onward_referrals(d)?;
        let status = match decision {
            Decision::Open => CaseStatus::Open,
            Decision::OneToWatch => CaseStatus::OneToWatch,
            Decision::Decline => CaseStatus::Declined,
            _ => CaseStatus::ReferredElsewhere,
        };
        self.rows.referral(r).status = status;
        if decision == Decision::Open {
            self.open_case(k, d, r, subject, kind, risk)?;
        } else {
            self.actions(k, r, 1)?;
            if decision != Decision::OneToWatch {
                self.closed_subjects.push(subject);
            }
        }
        self.rows.discussion(d).completed_at = Some(self.now + Duration::minutes(5));
        Ok(())
    }

    /// Put case `r` on meeting `meeting`'s agenda under the item of `kind`, at
    /// `position`, started now. Errors: `Rule` when the panel has no such item.
    pub(super) fn add_discussion(
        &mut self,
        meeting: MeetingId,
        r: ReferralId,
        kind: AgendaKind,
        position: i64,
    ) -> Result<DiscussionId> {
        let item = crate::domain::agenda::number_of(&self.def.agenda, kind).ok_or_else(|| {
            crate::store::StoreError::Rule(format!(
                "the panel's agenda has no {} item",
                kind.code()
            ))
        })?;
        let id = self.rows.next_discussion_id();
        self.rows.discussions.push(DiscussionRow {
            id,
            meeting,
            referral: r,
            agenda_item: i64::from(item),
            kind,
            position,
            lead_update: String::new(),
            minutes: String::new(),
            decision: None,
            decision_reasons: String::new(),
            risk_before: None,
            risk_after: None,
            lead_agency: None,
            next_date: None,
            started_at: Some(self.now),
            completed_at: None,
        });
        Ok(id)
    }

    /// The decision on a new referral at discussion `d`, with its reasons.
    fn decide_new_referral(&mut self, d: DiscussionId) -> Result<Decision> {
        let roll = self.rng.range(0, 99);
        let decision = if roll < 65 {
            Decision::Open
        } else if roll < 80 {
            Decision::OneToWatch
        } else if roll < 90 {
            Decision::Decline
        } else {
            Decision::ReferElsewhere
        };
        let reasons = match decision {
            Decision::Open => "Corroborating intelligence shows a clear link to serious youth violence; multi-agency plan needed.",
            Decision::OneToWatch => "Concerns noted but no corroborating intelligence yet; agencies to share anything new.",
            Decision::Decline => "No link to serious youth violence shown; needs are being met by the current plan.",
            _ => "Better met through the MARAC process; referrer advised and referral made.",
        };
        let row = self.rows.discussion(d);
        row.decision = Some(decision);
        row.decision_reasons = reasons.into();
        Ok(decision)
    }

    /// Onward referrals considered at discussion `d` (one row per kind of the panel).
    fn onward_referrals(&mut self, d: DiscussionId) -> Result<()> {
        let kinds: Vec<(String, bool)> = self
            .def
            .paperwork
            .onward_kinds
            .iter()
            .map(|k| (k.code.clone(), k.asks_for_whom))
            .collect();
        for (kind, asks_for_whom) in kinds {
            let roll = self.rng.range(0, 99);
            let (state, cp) = if roll < 12 {
                (OnwardState::Made, asks_for_whom.then_some(CpFor::Subject))
            } else if roll < 30 {
                (OnwardState::Considered, None)
            } else {
                (OnwardState::NotNeeded, None)
            };
            self.rows.onward.push(OnwardRow {
                discussion: d,
                kind,
                state,
                cp_for: cp,
            });
        }
        Ok(())
    }

    /// Open the case for referral `r` at meeting `k` (heard under `kind`, at
    /// discussion `d`): a lead agency, a plan date, actions, and on to reviews.
    fn open_case(
        &mut self,
        k: usize,
        d: DiscussionId,
        r: ReferralId,
        subject: SubjectId,
        kind: AgendaKind,
        risk: usize,
    ) -> Result<()> {
        let day = self.meetings[k].1;
        let lead = if kind == AgendaKind::NewReferralsUnder18 {
            self.agency("YOS")
        } else {
            {
                let c = *self.rng.pick(&["POL", "NPS", "CRC", "HOU", "ASC"]);
                self.agency(c)
            }
        };
        let plan_k = (k + self.rng.range(1, 2) as usize).min(self.meetings.len() - 2);
        let plan = self.meetings[plan_k].1;
        let disc = self.rows.discussion(d);
        disc.lead_agency = Some(lead);
        disc.next_date = Some(plan);
        let row = self.rows.referral(r);
        row.lead_agency = Some(lead);
        row.opened_on = Some(day);
        row.plan_due_on = Some(plan);
        row.next_review_on = Some(plan);
        let (lo, hi) = self.actions_per_case;
        let n = self.rng.range(lo, hi);
        let acts = self.actions(k, r, n)?;
        self.open.push(OpenCase {
            referral: r,
            subject,
            lead,
            risk,
            next_review: plan,
            reviews: 0,
            open_actions: acts,
            has_interventions: false,
        });
        Ok(())
    }
}
