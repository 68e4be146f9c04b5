//! Who a new referral may be about: subjects the panel already knows.

use chrono::NaiveDate;

use super::{KnownSubject, SubjectMatches};
use crate::domain::intake::CheckedReferral;
use crate::domain::names::{same_name, similar_names};
use crate::domain::subject_kind::SubjectKind;
use crate::store::ids::*;
use crate::store::rows::extra;
use crate::store::rows::referral::{self, Subject};
use crate::store::write::{date, text, Table};
use crate::store::{Result, Store, StoreError};
use rusqlite::types::Value;

impl Store {
    /// A known subject with how many referrals they have had and where the latest
    /// stands. Errors: `NotFound` when there is no subject `id`.
    pub(crate) fn known_subject(&self, id: SubjectId) -> Result<KnownSubject> {
        let sql = format!(
            "SELECT {},
                (SELECT COUNT(*) FROM referral r WHERE r.subject_id = s.id) AS referrals,
                (SELECT r.status FROM referral r WHERE r.subject_id = s.id
                 ORDER BY r.date_received DESC, r.id DESC LIMIT 1) AS last_status,
                (SELECT r.id FROM referral r WHERE r.subject_id = s.id
                 ORDER BY r.date_received DESC, r.id DESC LIMIT 1) AS last_referral
             FROM {} WHERE s.id = ?1",
            referral::SUBJECT_COLUMNS,
            referral::SUBJECT_FROM
        );
        self.conn
            .prepare_cached(&sql)?
            .query_row([id], |r| {
                let s = referral::subject_from_row(r)?;
                Ok(KnownSubject {
                    id: s.id,
                    name: s.name,
                    date_of_birth: s.date_of_birth,
                    stated_age: s.stated_age,
                    kind: s.kind,
                    area: s.area,
                    referrals: extra(r, "referrals")?,
                    last_status: extra(r, "last_status")?,
                    last_referral: extra(r, "last_referral")?,
                })
            })
            .map_err(|_| StoreError::NotFound(format!("subject {id}")))
    }

    /// Subjects of the panel a referral for `name`, born `dob`, may be about (people;
    /// see [`Store::subject_matches_of`] for every kind).
    pub fn subject_matches(
        &self,
        panel: PanelId,
        name: &str,
        dob: Option<NaiveDate>,
    ) -> Result<SubjectMatches> {
        self.matches_by_birth(panel, SubjectKind::Person, name, dob)
    }

    /// Subjects of `kind` (a person or a person of concern) a referral for `name`,
    /// born `dob`, may be about.
    pub(super) fn matches_by_birth(
        &self,
        panel: PanelId,
        kind: SubjectKind,
        name: &str,
        dob: Option<NaiveDate>,
    ) -> Result<SubjectMatches> {
        let sql = format!(
            "SELECT {} FROM {} WHERE s.panel_id = ?1 AND s.kind = ?2 AND NOT {} ORDER BY s.id",
            referral::SUBJECT_COLUMNS,
            referral::SUBJECT_FROM,
            // A case brought anonymously is never matched by name (003 App 3A).
            super::ANONYMOUS_SUBJECT
        );
        let all: Vec<Subject> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(
                rusqlite::params![panel, kind.code()],
                referral::subject_from_row,
            )?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = SubjectMatches::default();
        for s in all {
            let same_dob = dob.is_some() && s.date_of_birth == dob;
            if same_name(&s.name, name) && same_dob {
                out.exact.push(self.known_subject(s.id)?);
            } else if same_name(&s.name, name) || (same_dob && similar_names(&s.name, name)) {
                out.similar.push(self.known_subject(s.id)?);
            }
        }
        Ok(out)
    }

    /// Bring a known subject's details up to date from a new referral: a date of
    /// birth not known before, and gender or ethnicity as now given.
    pub(super) fn update_subject(&self, k: &KnownSubject, r: &CheckedReferral) -> Result<()> {
        // A known date of birth replaces none or an estimate; an estimate fills only a
        // gap.
        let estimated = k.stated_age.is_some();
        match (r.date_of_birth, r.stated_age) {
            (Some(d), None) if k.date_of_birth.is_none() || estimated => {
                self.set_field(Table::Subject, k.id.0, "date_of_birth", date(d))?;
                if estimated {
                    self.set_field(Table::Subject, k.id.0, "stated_age", Value::Null)?;
                    self.set_field(Table::Subject, k.id.0, "stated_age_on", Value::Null)?;
                }
            }
            (Some(d), Some(a)) if k.date_of_birth.is_none() => {
                self.set_field(Table::Subject, k.id.0, "date_of_birth", date(d))?;
                self.set_field(
                    Table::Subject,
                    k.id.0,
                    "stated_age",
                    Value::Integer(a.years.into()),
                )?;
                self.set_field(Table::Subject, k.id.0, "stated_age_on", date(a.on))?;
            }
            _ => {}
        }
        for (col, v) in [("gender", &r.gender), ("ethnicity", &r.ethnicity)] {
            if !v.is_empty() {
                self.set_field(Table::Subject, k.id.0, col, text(v.clone()))?;
            }
        }
        Ok(())
    }
}
