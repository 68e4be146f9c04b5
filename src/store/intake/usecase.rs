//! The two intake use cases, whole: taking a referral form in (Appendix A; sections
//! 10.1 and 11) and screening a referral (section 11). The new-referral screen (the
//! meeting runner performing `Effect::TakeReferral` and `Effect::Screen`) and
//! `roundtable referral add|screen` both call these, so the checks, the question of
//! who the person is and the write happen in one place; each caller only words the
//! outcome its own way.

use chrono::NaiveDate;

use super::{Intake, KnownSubject, Pending, ReferralRow, SubjectChoice, SubjectMatches};
use crate::domain::intake::{check_referral, CheckedReferral, FieldIssue, ReferralForm};
use crate::domain::screening::{check_screening, CheckedScreening, ScreeningForm};
use crate::store::ids::*;
use crate::store::{Result, Store};

/// Who a checked referral is about, as far as the panel's records go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// Settled: as the caller chose (`New` or `Existing`), a new subject when nobody
    /// is close, or the one exact match when that is certain enough (see [`Linking`]).
    Settled(SubjectChoice),
    /// One exact match (same name and date of birth) with others close to it.
    ExactAmong {
        exact: KnownSubject,
        similar: Vec<KnownSubject>,
    },
    /// The one exact match already has a referral waiting to be heard: most likely
    /// this referral taken in twice.
    Waiting {
        exact: KnownSubject,
        similar: Vec<KnownSubject>,
    },
    /// More than one exact match, or none and some similar.
    Unclear(SubjectMatches),
}

impl Who {
    /// Everyone the person may be, exact matches first: what a person chooses from.
    pub fn candidates(&self) -> Vec<&KnownSubject> {
        match self {
            Who::Settled(_) => vec![],
            Who::ExactAmong { exact, similar } | Who::Waiting { exact, similar } => {
                std::iter::once(exact).chain(similar).collect()
            }
            Who::Unclear(m) => m.exact.iter().chain(&m.similar).collect(),
        }
    }

    /// The subject to take the referral in for, when it is settled without asking.
    fn settled(&self, linking: Linking) -> Option<SubjectChoice> {
        match (self, linking) {
            (Who::Settled(c), _) => Some(*c),
            (Who::ExactAmong { exact, .. }, Linking::ExactMatch) => {
                Some(SubjectChoice::Existing(exact.id))
            }
            _ => None,
        }
    }
}

/// When a referral under [`SubjectChoice::Auto`] is linked to a known subject
/// without asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linking {
    /// Only when the one exact match is the only one close (the app asks otherwise).
    Sure,
    /// Also the one exact match among similar ones (the command says who else was
    /// close and how to choose another).
    ExactMatch,
}

/// A referral form to take in, and how.
#[derive(Debug, Clone, Copy)]
pub struct TakeRequest<'a> {
    pub form: &'a ReferralForm,
    /// Problems already found reading the form (a referral file's): when there are
    /// any nothing is saved, and the checks' own problems are added for other fields.
    pub known_issues: &'a [FieldIssue],
    pub choice: SubjectChoice,
    pub linking: Linking,
    /// Check and settle who it is about, but save nothing.
    pub dry_run: bool,
}

/// What taking in a referral form came to.
// One value per referral taken in, never stored in bulk: its size does not matter
// (the subject's kind, issue 22, took the checked referral past clippy's limit).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Taking {
    /// Nothing saved: every problem with the form, each at its field.
    Refused(Vec<FieldIssue>),
    /// Nothing saved: who the person is needs a person's choice.
    Ask { checked: CheckedReferral, who: Who },
    /// Nothing saved (a dry run): the form is right, and `who` as saving would settle it.
    Checked { checked: CheckedReferral, who: Who },
    /// Taken in.
    Taken {
        checked: CheckedReferral,
        who: Who,
        intake: Intake,
    },
}

/// What screening a referral came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screened {
    /// Nothing recorded: every problem with the screening, each at its field.
    Refused(Vec<FieldIssue>),
    /// Recorded.
    Recorded(Box<ScreeningRecorded>),
}

/// A screening recorded: the referral as it was, the screening and the referral now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreeningRecorded {
    pub pending: Pending,
    pub checked: CheckedScreening,
    pub row: ReferralRow,
}

impl Store {
    /// Take in a referral form for `panel` on `today`: check it against the panel's
    /// agencies and meetings (Appendix A, the cut-off of section 11, the MAPPA
    /// exclusion of section 10.1), settle who it is about, and write it whole in one
    /// transaction ([`Store::take_referral`]) unless a dry run. Problems with the
    /// form and an unsettled person are outcomes, not errors; errors are the store's
    /// (and `Rule` for a chosen subject of another panel).
    pub fn take_referral_form(
        &self,
        panel: PanelId,
        req: &TakeRequest<'_>,
        today: NaiveDate,
    ) -> Result<Taking> {
        let ctx = self.intake_context(panel, today)?;
        // A case of several people, anonymous or a repeat (issue 21): its form read as
        // a case first; an anonymous case's name is its label.
        let mut known = req.known_issues.to_vec();
        let shaped = match self.shape_case(panel, &ctx.rules, req.form)? {
            Ok(s) => s,
            Err(found) => {
                known.extend(found);
                super::case_people::Shaped {
                    form: req.form.clone(),
                    shape: None,
                }
            }
        };
        // A group's members are people of its case (issue 22), each matched as a person.
        let mut shaped = shaped;
        if let Ok(def) = ctx.rules.form(&req.form.form) {
            match super::members_of(def, &shaped.form) {
                Ok(members) if !members.is_empty() => {
                    let shape = shaped.shape.get_or_insert_with(Default::default);
                    shape.people.extend(members);
                }
                Ok(_) => {}
                Err(found) => known.extend(found),
            }
        }
        let form = &shaped.form;
        let checked = match check_referral(form, &ctx) {
            Ok(c) if known.is_empty() => c,
            Ok(_) => return Ok(Taking::Refused(known)),
            Err(found) => {
                let mut all = known.clone();
                all.extend(
                    found
                        .into_iter()
                        .filter(|e| !known.iter().any(|k| k.field == e.field)),
                );
                return Ok(Taking::Refused(all));
            }
        };
        let anonymous = shaped.shape.as_ref().is_some_and(|s| s.anonymous);
        let choice = if anonymous {
            SubjectChoice::New
        } else {
            req.choice
        };
        if let SubjectChoice::Existing(id) = choice {
            if self.anonymous_subject(id)? {
                return Err(crate::store::StoreError::Rule(format!(
                    "subject #{id} was brought anonymously: a case is never linked to them{}",
                    ctx.rules
                        .cite
                        .paren(crate::domain::paperwork::Rule::Anonymous)
                )));
            }
        }
        let who = self.who_is(panel, &checked, choice)?;
        let Some(choice) = who.settled(req.linking) else {
            return Ok(Taking::Ask { checked, who });
        };
        if req.dry_run {
            return Ok(Taking::Checked { checked, who });
        }
        // The answers to a panel's own form go with the referral, whole or not at all.
        let intake = self.atomic(|s| {
            let mut intake = s.take_referral(panel, &checked, choice, today)?;
            let mut answers = form.answers.clone();
            if let Some(shape) = &shaped.shape {
                let (marks, prefill) = s.record_case(
                    panel,
                    &ctx.rules,
                    form,
                    shape,
                    &intake,
                    checked.date_received,
                )?;
                answers.retain(|a| !prefill.iter().any(|p| p.field == a.field));
                answers.extend(prefill);
                intake.marks = marks;
                intake.people = s.case_people(intake.referral)?;
            }
            s.add_answers(intake.referral, &form.form, &answers)?;
            s.mark_restricted_answers(intake.referral, &ctx.rules, &form.form)?;
            s.record_checklist_override(intake.referral, &form.checklist_override)?;
            Ok(intake)
        })?;
        Ok(Taking::Taken {
            checked,
            who,
            intake,
        })
    }

    /// Who a checked referral is about: `choice` unless it is `Auto`, else found
    /// among the panel's subjects by name and date of birth.
    pub fn who_is(
        &self,
        panel: PanelId,
        r: &CheckedReferral,
        choice: SubjectChoice,
    ) -> Result<Who> {
        if choice != SubjectChoice::Auto {
            return Ok(Who::Settled(choice));
        }
        let mut m = self.subject_matches_of(panel, r)?;
        Ok(match (m.exact.len(), m.similar.len()) {
            (0, 0) => Who::Settled(SubjectChoice::New),
            (1, n) => {
                let exact = m.exact.remove(0);
                if exact.waiting() {
                    Who::Waiting {
                        exact,
                        similar: m.similar,
                    }
                } else if n == 0 {
                    Who::Settled(SubjectChoice::Existing(exact.id))
                } else {
                    Who::ExactAmong {
                        exact,
                        similar: m.similar,
                    }
                }
            }
            _ => Who::Unclear(m),
        })
    }

    /// Screen referral `id` on `today` (section 11): the screening form checked
    /// against where the referral stands, then recorded and the referral placed again
    /// ([`Store::record_screening`]). Problems with the form are an outcome; errors
    /// are the store's, and `Rule` for no such referral or one already heard.
    pub fn screen_referral(
        &self,
        id: ReferralId,
        form: &ScreeningForm,
        today: NaiveDate,
    ) -> Result<Screened> {
        let pending = self.pending_referral(id, today)?;
        let checked = match check_screening(form, &pending.context) {
            Ok(c) => c,
            Err(found) => return Ok(Screened::Refused(found)),
        };
        let row = self.record_screening(id, &checked, today)?;
        Ok(Screened::Recorded(Box::new(ScreeningRecorded {
            pending,
            checked,
            row,
        })))
    }
}
