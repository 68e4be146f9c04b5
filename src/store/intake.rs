//! Taking in a referral (Appendix A) and screening it (section 11): the store side.
//! Each takes a form already checked by `domain::intake` / `domain::screening` and
//! writes it whole in one transaction, or not at all.

use chrono::NaiveDate;
use rusqlite::types::Value;
use serde::Serialize;

use super::ids::*;
use super::write::{date, text, HouseholdRow, NewReferral, NewSubject, Table};
use super::{Result, Store, StoreError};
use crate::domain::age::age_on;
use crate::domain::age::kind_for_age;
use crate::domain::agenda::number_of;
use crate::domain::calendar::{Placement, WorkingCalendar};
use crate::domain::intake::{CheckedReferral, IntakeContext};
use crate::domain::names::{same_name, similar_names};
use crate::domain::rules::check_mappa;
use crate::domain::screening::{CheckedScreening, ScreenContext};
use crate::domain::types::*;

/// A subject the panel already knows, as shown when a new referral may be them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KnownSubject {
    pub id: SubjectId,
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub referrals: i64,
    /// Status of their latest referral.
    pub last_status: Option<String>,
    pub last_referral: Option<ReferralId>,
}

impl KnownSubject {
    /// One line: `#4 Rowan Achterberg, born 2010-04-02, 1 referral (last: closed)`.
    pub fn describe(&self) -> String {
        let born = self
            .date_of_birth
            .map_or("date of birth not known".into(), |d| {
                format!("born {}", d.format("%Y-%m-%d"))
            });
        let last = self
            .last_status
            .as_deref()
            .and_then(CaseStatus::from_code)
            .map_or(String::new(), |s| format!(" (last: {})", s.label()));
        let n = self.referrals;
        let plural = if n == 1 { "" } else { "s" };
        format!(
            "#{} {}, {born}, {n} referral{plural}{last}",
            self.id, self.name
        )
    }

    /// Their last referral is still waiting to be heard: a new one for them is most
    /// likely the same referral taken in twice.
    pub fn waiting(&self) -> bool {
        self.last_status.as_deref().is_some_and(|s| {
            [CaseStatus::Received.code(), CaseStatus::OnAgenda.code()].contains(&s)
        })
    }

    /// The refusal given when `waiting`.
    pub fn waiting_refusal(&self) -> String {
        format!(
            "{} already has referral #{} waiting to be heard; if this is a second referral, take it in with the subject chosen (--subject {})",
            self.name,
            self.last_referral.map_or("?".into(), |id| id.to_string()),
            self.id
        )
    }

    /// Their last referral was closed to the panel: this one is a re-referral (section 7.7).
    pub fn closed(&self) -> bool {
        self.last_status.as_deref() == Some(CaseStatus::Closed.code())
    }
}

/// Subjects a new referral may be about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SubjectMatches {
    /// Same name (ignoring case and spacing) and the same date of birth.
    pub exact: Vec<KnownSubject>,
    /// Same name with another or no date of birth, or the same date of birth and a
    /// similar name.
    pub similar: Vec<KnownSubject>,
}

/// Which subject a new referral is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectChoice {
    /// The one exact match if there is one and nothing else is close; a new subject
    /// if nobody is close; otherwise refused, so nobody is silently duplicated.
    Auto,
    /// A new subject, whatever matches.
    New,
    /// This existing subject.
    Existing(SubjectId),
}

/// What taking in a referral did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Intake {
    pub referral: ReferralId,
    pub subject: SubjectId,
    /// The known subject it was linked to, as they were before this referral.
    pub linked: Option<KnownSubject>,
    pub meeting: Option<NaiveDate>,
    pub status: String,
}

/// A referral before screening, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub panel: PanelId,
    pub name: String,
    pub status: CaseStatus,
    pub meeting: Option<NaiveDate>,
    pub context: ScreenContext,
}

/// A referral as `roundtable referral list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferralRow {
    pub id: ReferralId,
    pub subject: SubjectId,
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    /// On the meeting date (or today when not placed).
    pub age: Option<u32>,
    pub referring_agency: String,
    pub date_received: NaiveDate,
    pub urgent: bool,
    pub previously_known: bool,
    pub screening: String,
    pub status: String,
    pub meeting: Option<NaiveDate>,
    /// The panel's number for the new-referrals item it goes under at that meeting.
    pub item: Option<u32>,
    /// The earlier meeting whose cut-off it missed (section 11).
    pub held_over_from: Option<NaiveDate>,
    /// Not yet heard.
    pub pending: bool,
    pub placement: String,
    /// MAPPA level recorded (section 10.1 excludes 2 and 3).
    pub mappa_level: Option<u8>,
}

fn fmt(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl Store {
    /// What the referral checks need: agencies, planned meetings from `today`, the cut-off.
    pub fn intake_context(&self, panel: PanelId, today: NaiveDate) -> Result<IntakeContext> {
        let (cutoff_days, _) = self.panel_days(panel)?;
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
        })
    }

    fn known_subject(&self, id: SubjectId) -> Result<KnownSubject> {
        self.conn
            .prepare_cached(
                "SELECT s.id, s.name, s.date_of_birth,
                    (SELECT COUNT(*) FROM referral r WHERE r.subject_id = s.id),
                    (SELECT r.status FROM referral r WHERE r.subject_id = s.id ORDER BY r.date_received DESC, r.id DESC LIMIT 1),
                    (SELECT r.id FROM referral r WHERE r.subject_id = s.id ORDER BY r.date_received DESC, r.id DESC LIMIT 1)
                 FROM subject s WHERE s.id = ?1",
            )?
            .query_row([id], |r| {
                Ok(KnownSubject {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    date_of_birth: r.get(2)?,
                    referrals: r.get(3)?,
                    last_status: r.get(4)?,
                    last_referral: r.get(5)?,
                })
            })
            .map_err(|_| StoreError::NotFound(format!("subject {id}")))
    }

    /// Subjects of the panel a referral for `name`, born `dob`, may be about.
    pub fn subject_matches(
        &self,
        panel: PanelId,
        name: &str,
        dob: Option<NaiveDate>,
    ) -> Result<SubjectMatches> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, name, date_of_birth FROM subject WHERE panel_id = ?1 ORDER BY id",
        )?;
        let all: Vec<(SubjectId, String, Option<NaiveDate>)> = st
            .query_map([panel], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = SubjectMatches::default();
        for (id, n, d) in all {
            let same_dob = dob.is_some() && d == dob;
            if same_name(&n, name) && same_dob {
                out.exact.push(self.known_subject(id)?);
            } else if same_name(&n, name) || (same_dob && similar_names(&n, name)) {
                out.similar.push(self.known_subject(id)?);
            }
        }
        Ok(out)
    }

    /// Take in a checked referral: link it to a known subject or create one, write
    /// the referral and its household, and list it for its meeting, in one transaction.
    pub fn take_referral(
        &self,
        panel: PanelId,
        r: &CheckedReferral,
        choice: SubjectChoice,
        today: NaiveDate,
    ) -> Result<Intake> {
        let linked = match choice {
            SubjectChoice::New => None,
            SubjectChoice::Existing(id) => {
                let owner: Option<PanelId> = self
                    .conn
                    .prepare_cached("SELECT panel_id FROM subject WHERE id = ?1")?
                    .query_row([id], |x| x.get(0))
                    .ok();
                if owner != Some(panel) {
                    return Err(StoreError::Rule(format!("no subject #{id}")));
                }
                Some(self.known_subject(id)?)
            }
            SubjectChoice::Auto => {
                let m = self.subject_matches(panel, &r.name, r.date_of_birth)?;
                match (m.exact.len(), m.similar.len()) {
                    (0, 0) => None,
                    (1, _) => {
                        let k = m.exact.into_iter().next().expect("one exact match");
                        // A referral already waiting for this person is most likely the
                        // same one taken in twice: refuse unless the user says so.
                        if k.waiting() {
                            return Err(StoreError::Rule(k.waiting_refusal()));
                        }
                        Some(k)
                    }
                    _ => {
                        return Err(StoreError::Rule(format!(
                            "{} may already be known to the panel ({}); choose an existing subject or a new one",
                            r.name,
                            m.exact
                                .iter()
                                .chain(&m.similar)
                                .map(KnownSubject::describe)
                                .collect::<Vec<_>>()
                                .join("; ")
                        )))
                    }
                }
            }
        };
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
                None => s.add_subject(
                    panel,
                    &NewSubject {
                        name: r.name.clone(),
                        date_of_birth: r.date_of_birth,
                        gender: r.gender.clone(),
                        ethnicity: r.ethnicity.clone(),
                    },
                )?,
            };
            let mut n = NewReferral::new(subject, agency.id, r.date_received);
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
            n.previously_known = linked.is_some();
            n.core_reason = r.core_reason;
            n.cse_issue = r.cse_issue;
            n.radicalisation_issue = r.radicalisation_issue;
            n.named_gang = r.named_gang.clone();
            n.mappa_category = r.mappa_category;
            n.mappa_level = r.mappa_level;
            let id = s.add_referral(&n)?;
            if let Some(reason) = &r.excluded {
                s.set_field(Table::Referral, id.0, "screening", text(Screening::Excluded.code()))?;
                s.set_field(Table::Referral, id.0, "screening_on", date(today))?;
                s.set_field(Table::Referral, id.0, "screening_note", text(format!("Excluded: {reason}.")))?;
            }
            s.place_referrals(panel, today, Some(id))?;
            let (meeting, status): (Option<NaiveDate>, String) = s
                .conn
                .prepare_cached(
                    "SELECT m.date, r.status FROM referral r LEFT JOIN meeting m ON m.id = r.meeting_id WHERE r.id = ?1",
                )?
                .query_row([id], |x| Ok((x.get(0)?, x.get(1)?)))?;
            Ok(Intake {
                referral: id,
                subject,
                linked: linked.clone(),
                meeting,
                status,
            })
        })
    }

    /// Bring a known subject's details up to date from a new referral: a date of
    /// birth not known before, and gender or ethnicity as now given.
    fn update_subject(&self, k: &KnownSubject, r: &CheckedReferral) -> Result<()> {
        if k.date_of_birth.is_none() {
            if let Some(d) = r.date_of_birth {
                self.set_field(Table::Subject, k.id.0, "date_of_birth", date(d))?;
            }
        }
        for (col, v) in [("gender", &r.gender), ("ethnicity", &r.ethnicity)] {
            if !v.is_empty() {
                self.set_field(Table::Subject, k.id.0, col, text(v.clone()))?;
            }
        }
        Ok(())
    }

    /// A referral to screen, with what the screening checks need. Refused once the
    /// referral has been heard: screening comes before the meeting.
    pub fn pending_referral(&self, id: ReferralId, today: NaiveDate) -> Result<Pending> {
        #[allow(clippy::type_complexity)]
        let row: Option<(PanelId, String, Option<NaiveDate>, NaiveDate, Option<u8>, String, Option<NaiveDate>, i64)> = self
            .conn
            .prepare_cached(
                "SELECT s.panel_id, s.name, s.date_of_birth, r.date_received, r.mappa_level, r.status, m.date,
                    (SELECT COUNT(*) FROM case_discussion d WHERE d.referral_id = r.id)
                 FROM referral r JOIN subject s ON s.id = r.subject_id LEFT JOIN meeting m ON m.id = r.meeting_id
                 WHERE r.id = ?1",
            )?
            .query_row([id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
            })
            .ok();
        let Some((panel, name, dob, received, mappa, status, meeting, heard)) = row else {
            return Err(StoreError::Rule(format!("no referral #{id}")));
        };
        let status = CaseStatus::from_code(&status).unwrap_or(CaseStatus::Received);
        if heard > 0
            || !matches!(
                status,
                CaseStatus::Received | CaseStatus::OnAgenda | CaseStatus::Excluded
            )
        {
            return Err(StoreError::Rule(format!(
                "referral #{id} ({name}) has been on a meeting's agenda (status: {}); screening is recorded before the meeting",
                status.label()
            )));
        }
        Ok(Pending {
            panel,
            name,
            status,
            meeting,
            context: ScreenContext {
                today,
                received,
                age: dob.and_then(|d| age_on(d, meeting.unwrap_or(today))),
                mappa_level: mappa,
            },
        })
    }

    /// Record a checked screening and list the referral again for its meeting
    /// (on the agenda once screened, excluded at MAPPA level 2/3).
    pub fn record_screening(
        &self,
        id: ReferralId,
        sc: &CheckedScreening,
        today: NaiveDate,
    ) -> Result<ReferralRow> {
        let p = self.pending_referral(id, today)?;
        self.atomic(|s| {
            let t = Table::Referral;
            if let Some(l) = sc.mappa_level {
                s.set_field(t, id.0, "mappa_level", Value::Integer(l.into()))?;
            }
            if let Some(c) = sc.mappa_category {
                s.set_field(t, id.0, "mappa_category", Value::Integer(c.into()))?;
            }
            let mut screening = sc.screening;
            if sc.lifts_exclusion && screening == Some(Screening::Pending) {
                // Section 10.1: back at level 1 the case can be heard; an assessment
                // already recorded before the exclusion still stands.
                let (by, on, told): (String, Option<String>, Option<String>) = s
                    .conn
                    .prepare_cached("SELECT screening_by, screening_on, referrer_informed_on FROM referral WHERE id = ?1")?
                    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                if !by.trim().is_empty() && on.is_some() {
                    screening = Some(Screening::Intelligence);
                } else if told.is_some() {
                    screening = Some(Screening::NoIntelligence);
                }
            }
            if let Some(v) = screening {
                s.set_field(t, id.0, "screening", text(v.code()))?;
            }
            if let Some(b) = &sc.by {
                s.set_field(t, id.0, "screening_by", text(b.clone()))?;
            }
            if let Some(d) = sc.on {
                s.set_field(t, id.0, "screening_on", date(d))?;
            }
            if let Some(d) = sc.referrer_informed_on {
                s.set_field(t, id.0, "referrer_informed_on", date(d))?;
            }
            if let Some(note) = &sc.note {
                let old: String = s
                    .conn
                    .prepare_cached("SELECT screening_note FROM referral WHERE id = ?1")?
                    .query_row([id], |r| r.get(0))?;
                if !old.contains(note.as_str()) {
                    let new = if old.trim().is_empty() {
                        note.clone()
                    } else {
                        format!("{}\n{note}", old.trim_end())
                    };
                    s.set_field(t, id.0, "screening_note", text(new))?;
                }
            }
            s.place_referrals(p.panel, today, Some(id))?;
            Ok(())
        })?;
        self.referral_rows(p.panel, today, true)?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| StoreError::NotFound(format!("referral {id}")))
    }

    /// Every referral of the panel with where it stands; only those not yet heard
    /// unless `all`.
    pub fn referral_rows(
        &self,
        panel: PanelId,
        today: NaiveDate,
        all: bool,
    ) -> Result<Vec<ReferralRow>> {
        let (cutoff_days, _) = self.panel_days(panel)?;
        let agenda = self.panel_info(Some(panel))?.agenda;
        let cal = WorkingCalendar::england_and_wales();
        let planned: Vec<NaiveDate> = self
            .planned_meetings(panel, today)?
            .into_iter()
            .map(|(_, d)| d)
            .collect();
        let mut st = self.conn.prepare_cached(
            "SELECT r.id, r.subject_id, s.name, s.date_of_birth, a.code, r.date_received, r.urgent,
                r.previously_known, r.screening, r.status, r.mappa_level, m.date, m.state,
                (SELECT m2.date FROM case_discussion d JOIN meeting m2 ON m2.id = d.meeting_id
                 WHERE d.referral_id = r.id ORDER BY m2.date DESC LIMIT 1)
             FROM referral r JOIN subject s ON s.id = r.subject_id JOIN agency a ON a.id = r.referring_agency_id
             LEFT JOIN meeting m ON m.id = r.meeting_id
             WHERE s.panel_id = ?1
               AND (?2 OR r.status IN ('received', 'on_agenda', 'excluded'))
             ORDER BY r.date_received, r.id",
        )?;
        // Each row, with what its placement is worked out from: MAPPA level, the
        // state of the meeting it is listed for, and when it was heard (if it was).
        type Raw = (ReferralRow, Option<u8>, Option<String>, Option<NaiveDate>);
        let raw: Vec<Raw> = st
            .query_map(rusqlite::params![panel, all], |r| {
                let row = ReferralRow {
                    id: r.get(0)?,
                    subject: r.get(1)?,
                    name: r.get(2)?,
                    date_of_birth: r.get(3)?,
                    age: None,
                    referring_agency: r.get(4)?,
                    date_received: r.get(5)?,
                    urgent: r.get(6)?,
                    previously_known: r.get(7)?,
                    screening: r.get(8)?,
                    status: r.get(9)?,
                    meeting: r.get(11)?,
                    item: None,
                    held_over_from: None,
                    pending: false,
                    placement: String::new(),
                    mappa_level: None,
                };
                Ok((row, r.get(10)?, r.get(12)?, r.get(13)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = vec![];
        for (mut row, mappa, state, heard_on) in raw {
            row.mappa_level = mappa;
            let listed_for = row.meeting;
            row.pending = heard_on.is_none()
                && matches!(row.status.as_str(), "received" | "on_agenda" | "excluded")
                && (listed_for.is_none() || state.as_deref() == Some("planned"));
            if !all && !row.pending {
                continue;
            }
            row.meeting = heard_on.or(listed_for);
            row.age = row
                .date_of_birth
                .and_then(|d| age_on(d, row.meeting.unwrap_or(today)));
            row.item = row
                .meeting
                .and_then(|_| number_of(&agenda, kind_for_age(row.age)));
            row.held_over_from = listed_for.and_then(|m| {
                planned
                    .iter()
                    .copied()
                    .find(|p| *p >= row.date_received && *p < m)
            });
            row.placement = if let Some(h) = heard_on {
                let status = CaseStatus::from_code(&row.status)
                    .map_or(row.status.clone(), |s| s.label().to_string());
                format!("heard {}: {status}", fmt(h))
            } else if row.status == CaseStatus::Excluded.code() || check_mappa(mappa).is_err() {
                let why = mappa.map_or("MAPPA level 2/3".to_string(), |l| {
                    format!("MAPPA level {l}")
                });
                match listed_for {
                    Some(m) => format!("excluded: {why} (section 10.1); noted for {}", fmt(m)),
                    None => format!("excluded: {why} (section 10.1)"),
                }
            } else if let Some(m) = listed_for {
                let how = match cal.placement(row.date_received, row.urgent, m, cutoff_days) {
                    Placement::InTime => match row.held_over_from {
                        Some(h) => format!("held over from {}", fmt(h)),
                        None => "in time".to_string(),
                    },
                    Placement::LateUrgent => "late, urgent".to_string(),
                    Placement::HeldOver | Placement::AfterMeeting => {
                        "late for this meeting".to_string()
                    }
                };
                match row.item {
                    Some(n) => format!("item {n} on {}, {how}", fmt(m)),
                    None => format!("{} on {}, {how}", fmt(m), "no new-referrals item"),
                }
            } else {
                "not placed: no meeting scheduled for it yet".to_string()
            };
            out.push(row);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_subject_describes_last_status() {
        let k = KnownSubject {
            id: SubjectId(4),
            name: "Rowan Achterberg".into(),
            date_of_birth: "2010-04-02".parse().ok(),
            referrals: 1,
            last_status: Some("closed".into()),
            last_referral: Some(ReferralId(9)),
        };
        assert_eq!(
            k.describe(),
            "#4 Rowan Achterberg, born 2010-04-02, 1 referral (last: closed)"
        );
        assert!(k.closed());
    }
}
