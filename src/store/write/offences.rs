//! Recording a case subject's proven offences (section 12).

use rusqlite::params;

use super::{fmt_date, fmt_time, Table};
use crate::domain::offending::SERIOUSNESS;
use crate::store::ids::ReferralId;
use crate::store::rows::offence::{self, Offence};
use crate::store::{Result, Store, StoreError};

impl Store {
    /// Record a proven offence for case `o.referral`, as known on `today`. Returns its
    /// id. Errors: `Rule` for no date, a date after `today` or before the subject's
    /// known date of birth, a blank type or a seriousness outside 1-8; `NotFound` for
    /// no such case.
    pub fn add_offence(&self, o: &Offence, today: chrono::NaiveDate) -> Result<i64> {
        let (Some(case), Some(on)) = (o.referral, o.on) else {
            return Err(StoreError::Rule(
                "an offence needs its case and date".into(),
            ));
        };
        if o.offence_type.trim().is_empty() {
            return Err(StoreError::Rule("say what type of offence it was".into()));
        }
        if o.seriousness.is_some_and(|s| !SERIOUSNESS.contains(&s)) {
            return Err(StoreError::Rule(
                "seriousness is a gravity score from 1 to 8".into(),
            ));
        }
        let r = self.referral(case)?;
        if on > today {
            return Err(StoreError::Rule(format!(
                "{} is after today: a proven offence has happened",
                fmt_date(on)
            )));
        }
        if r.known_date_of_birth().is_some_and(|b| on < b) {
            return Err(StoreError::Rule(format!(
                "{} is before the subject was born",
                fmt_date(on)
            )));
        }
        self.atomic(|s| {
            s.conn
                .prepare_cached(
                    "INSERT INTO offence (referral_id, offence_on, offence_type, seriousness, location,
                        outcome, knife, gun, other_weapon, drug_type, drug_use, drug_supply, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )?
                .execute(params![
                    case,
                    fmt_date(on),
                    o.offence_type.trim(),
                    o.seriousness,
                    o.location.trim(),
                    o.outcome.trim(),
                    o.knife,
                    o.gun,
                    o.other_weapon,
                    o.drug_type.trim(),
                    o.drug_use,
                    o.drug_supply,
                    fmt_time(s.now()),
                ])?;
            let id = s.conn.last_insert_rowid();
            s.log_insert(Table::Offence, id, "proven offence")?;
            Ok(id)
        })
    }

    /// The proven offences of case `case`, by date.
    pub fn offences_of(&self, case: ReferralId) -> Result<Vec<Offence>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE o.referral_id = ?1 ORDER BY o.offence_on, o.id",
            offence::COLUMNS,
            offence::FROM
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_map([case], offence::from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }
}
