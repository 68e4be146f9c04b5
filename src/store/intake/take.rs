//! Taking in a checked referral: which subject it is about, the referral and its
//! household written whole, and the meeting it goes to.

use chrono::NaiveDate;

use super::{Intake, KnownSubject, SubjectChoice};
use crate::domain::calendar::WorkingCalendar;
use crate::domain::intake::{CheckedReferral, IntakeContext};
use crate::domain::types::*;
use crate::store::ids::*;
use crate::store::write::{date, text, HouseholdRow, NewReferral, NewSubject, Table};
use crate::store::{Result, Store, StoreError};

impl Store {
    /// What the referral checks need: agencies, planned meetings from `today`, the cut-off.
    pub fn intake_context(&self, panel: PanelId, today: NaiveDate) -> Result<IntakeContext> {
        let (cutoff_days, _) = self.panel_days(panel)?;
        let info = crate::store::panel::PanelInfo::load(&self.conn, Some(panel))?;
        Ok(IntakeContext {
            today,
            agencies: self
                .agencies(panel)?
                .into_iter()
                .map(|a| (a.code, a.name))
                .collect(),
            meetings: self
                .planned_meetings(panel, today)?
                .into_iter()
                .map(|(_, d)| d)
                .collect(),
            cutoff_days,
            calendar: WorkingCalendar::england_and_wales(),
            agenda: info.agenda,
            rules: info.paperwork,
        })
    }

    /// Take in a checked referral: link it to a known subject or create one, write
    /// the referral and its household, and list it for its meeting, in one
    /// transaction. Errors: `Rule` when the subject is unclear (see
    /// [`SubjectChoice`]) or the agency unknown.
    pub fn take_referral(
        &self,
        panel: PanelId,
        r: &CheckedReferral,
        choice: SubjectChoice,
        today: NaiveDate,
    ) -> Result<Intake> {
        let linked = self.choose_subject(panel, r, choice)?;
        let agency = self
            .agencies(panel)?
            .into_iter()
            .find(|a| a.code == r.referring_agency)
            .ok_or_else(|| StoreError::Rule(format!("unknown agency {}", r.referring_agency)))?;
        self.atomic(|s| {
            let subject = match &linked {
                Some(k) => {
                    s.update_subject(k, r)?;
                    k.id
                }
                None => {
                    let id = s.add_subject(
                        panel,
                        &NewSubject {
                            name: r.name.clone(),
                            date_of_birth: r.date_of_birth,
                            stated_age: r.stated_age,
                            gender: r.gender.clone(),
                            ethnicity: r.ethnicity.clone(),
                        },
                    )?;
                    s.set_subject_kind(id, r)?;
                    id
                }
            };
            let id = s.add_referral(&new_referral(r, subject, agency.id, linked.is_some()))?;
            if let Some(reason) = &r.excluded {
                s.set_field(
                    Table::Referral,
                    id.0,
                    "screening",
                    text(Screening::Excluded.code()),
                )?;
                s.set_field(Table::Referral, id.0, "screening_on", date(today))?;
                s.set_field(
                    Table::Referral,
                    id.0,
                    "screening_note",
                    text(format!("Excluded: {reason}.")),
                )?;
            }
            s.place_referrals(panel, today, Some(id))?;
            let placed = s.referral(id)?;
            let meeting = placed.meeting.map(|m| s.meeting_date(m)).transpose()?;
            Ok(Intake {
                referral: id,
                subject,
                linked: linked.clone(),
                meeting,
                status: placed.status.code().to_string(),
                marks: super::CaseMarks::default(),
                people: vec![],
            })
        })
    }

    /// The known subject a new referral is about (`None`: a new subject). Refuses an
    /// `Existing` subject of another panel, and under `Auto` a person whose last
    /// referral is still waiting or who matches more than one subject.
    fn choose_subject(
        &self,
        panel: PanelId,
        r: &CheckedReferral,
        choice: SubjectChoice,
    ) -> Result<Option<KnownSubject>> {
        match choice {
            SubjectChoice::New => Ok(None),
            SubjectChoice::Existing(id) => {
                let owner: Option<PanelId> = self
                    .conn
                    .prepare_cached("SELECT panel_id FROM subject WHERE id = ?1")?
                    .query_row([id], |x| x.get("panel_id"))
                    .ok();
                if owner != Some(panel) {
                    return Err(StoreError::Rule(format!("no subject #{id}")));
                }
                let k = self.known_subject(id)?;
                if k.kind != r.kind {
                    // A referral about a group is never linked to a person (issue 22).
                    return Err(StoreError::Rule(format!(
                        "subject #{id} is {}; this referral is about {}",
                        k.kind.singular_words(),
                        r.kind.singular_words()
                    )));
                }
                Ok(Some(k))
            }
            SubjectChoice::Auto => {
                let m = self.subject_matches_of(panel, r)?;
                match (m.exact.len(), m.similar.len()) {
                    (0, 0) => Ok(None),
                    (1, _) => {
                        let k = m.exact.into_iter().next().expect("one exact match");
                        // A referral already waiting for this person is most likely the
                        // same one taken in twice: refuse unless the user says so.
                        if k.waiting() {
                            return Err(StoreError::Rule(k.waiting_refusal()));
                        }
                        Ok(Some(k))
                    }
                    _ => Err(StoreError::Rule(format!(
                        "{} may already be known to the panel ({}); choose an existing subject or a new one",
                        r.name,
                        m.exact
                            .iter()
                            .chain(&m.similar)
                            .map(KnownSubject::describe)
                            .collect::<Vec<_>>()
                            .join("; ")
                    ))),
                }
            }
        }
    }
}

/// The referral to write for a checked form, about `subject`, from `agency`.
fn new_referral(
    r: &CheckedReferral,
    subject: SubjectId,
    agency: AgencyId,
    previously_known: bool,
) -> NewReferral {
    let mut n = NewReferral::new(subject, agency, r.date_received);
    n.referrer_contact = r.referrer_contact.clone();
    n.address = r.address.clone();
    n.postcode = r.postcode.clone();
    n.ward = r.ward.clone();
    n.education_employment = r.education_employment.clone();
    n.awareness = r.awareness;
    n.household = r
        .household
        .iter()
        .map(|h| HouseholdRow {
            name: h.name.clone(),
            dob_or_age: h.dob_or_age.clone(),
            relationship: h.relationship.clone(),
        })
        .collect();
    n.concerns = r.concerns.clone();
    n.other_referrals = r.other_referrals.clone();
    n.urgent = r.urgent;
    n.welfare_legal_status = r.welfare_legal_status.clone();
    n.criminal_legal_status = r.criminal_legal_status.clone();
    n.previously_known = previously_known;
    n.core_reason = r.core_reason;
    n.cse_issue = r.cse_issue;
    n.radicalisation_issue = r.radicalisation_issue;
    n.named_gang = r.named_gang.clone();
    n.mappa_category = r.mappa_category;
    n.mappa_level = r.mappa_level;
    n
}
