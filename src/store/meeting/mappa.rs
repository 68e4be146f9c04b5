//! The MAPPA item (section 10.1): cases managed at MAPPA level 2 or 3 are noted for
//! data only. A referral excluded at intake for that reason, or an open case
//! discharged to MAPPA, is carried to the item with its section 12 data set, linked,
//! so nobody retypes it and the return counts the person once.

use crate::domain::paperwork::{Paperwork, Rule};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

use crate::domain::types::CaseStatus;
use crate::store::ids::*;
use crate::store::rows::mappa_note::MappaData;
use crate::store::rows::referral::{self, Referral};
use crate::store::write::{date, text, NewMappaNote, Table};
use crate::store::{Result, Store, StoreError};

impl Store {
    /// Note at `meeting` every referral listed for it that intake excluded as managed
    /// at MAPPA level 2/3, unless already noted there. Part of preparing the agenda.
    pub(super) fn carry_mappa_exclusions(&self, meeting: MeetingId) -> Result<()> {
        let sql = format!(
            "SELECT {} FROM {} WHERE r.meeting_id = ?1 AND r.screening = 'excluded'
               AND r.mappa_level IN (2, 3)
               AND NOT EXISTS (SELECT 1 FROM mappa_note n
                               WHERE n.meeting_id = ?1 AND n.referral_id = r.id)
             ORDER BY r.id",
            referral::COLUMNS,
            referral::FROM
        );
        let rows: Vec<Referral> = self
            .conn
            .prepare_cached(&sql)?
            .query_map([meeting], referral::from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let rules = self.panel_info(None)?.paperwork;
        for r in &rows {
            self.add_mappa_note(meeting, &note_of(r, None, "", &rules))?;
        }
        Ok(())
    }

    /// Discharge an open case to MAPPA (sections 10.1 and 12): its subject is now
    /// managed at MAPPA `level` (2 or 3), `category` 1-3. The case closes on `on` as
    /// discharged to MAPPA, and is noted, linked, at the next planned meeting's MAPPA
    /// item. Returns that meeting's date, if there is one. Errors: `Rule` for a case
    /// that is not open or a level or category out of range; `NotFound`.
    pub fn discharge_to_mappa(
        &self,
        id: ReferralId,
        category: u8,
        level: u8,
        on: NaiveDate,
        note: &str,
    ) -> Result<Option<NaiveDate>> {
        let rules = self.panel_info(None)?.paperwork;
        if !(2..=3).contains(&level) || !(1..=3).contains(&category) {
            return Err(StoreError::Rule(format!(
                "discharge to MAPPA is for category 1-3 at level 2 or 3{}",
                rules.cite.paren(Rule::Exclusion)
            )));
        }
        let r = self.referral(id)?;
        if !matches!(r.status, CaseStatus::Open | CaseStatus::OneToWatch) {
            return Err(StoreError::Rule(format!(
                "case {id} is {}: only an open case (or one to watch) is discharged to MAPPA",
                r.status.label()
            )));
        }
        let next: Option<(MeetingId, String)> = self
            .conn
            .prepare_cached(
                "SELECT m.id AS id, m.date AS date FROM meeting m JOIN subject s ON s.panel_id = m.panel_id
                 WHERE s.id = ?1 AND m.state = 'planned' AND m.date >= ?2 ORDER BY m.date LIMIT 1",
            )?
            .query_row(params![r.subject, on.format("%Y-%m-%d").to_string()], |row| {
                Ok((row.get("id")?, row.get("date")?))
            })
            .optional()?;
        let reason = format!("Discharged to MAPPA level {level} (category {category}). {note}");
        self.atomic(|s| {
            let t = Table::Referral;
            s.set_field(
                t,
                id.0,
                "mappa_category",
                rusqlite::types::Value::Integer(category.into()),
            )?;
            s.set_field(
                t,
                id.0,
                "mappa_level",
                rusqlite::types::Value::Integer(level.into()),
            )?;
            s.set_field(
                t,
                id.0,
                "discharged_to_mappa",
                rusqlite::types::Value::Integer(1),
            )?;
            s.set_field(t, id.0, "status", text(CaseStatus::Closed.code()))?;
            s.set_field(t, id.0, "closed_on", date(on))?;
            s.set_field(t, id.0, "closure_reason", text(reason.trim()))?;
            s.set_field(t, id.0, "next_review_on", rusqlite::types::Value::Null)?;
            // The panel's actions for the case end with it (section 10.1: the panel
            // plays no part once MAPPA manages the person); the change log keeps them.
            let open: Vec<i64> = s
                .conn
                .prepare_cached("SELECT id FROM action WHERE referral_id = ?1 AND status = 'open'")?
                .query_map([id], |r| r.get("id"))?
                .collect::<rusqlite::Result<_>>()?;
            for a in open {
                s.complete_action(
                    ActionId(a),
                    crate::domain::types::ActionStatus::NotDoneCircumstances,
                    on,
                    &format!("case discharged to MAPPA on {}", on.format("%Y-%m-%d")),
                    None,
                )?;
            }
            if let Some((m, _)) = &next {
                let mut r = s.referral(id)?;
                r.mappa_category = Some(category);
                r.mappa_level = Some(level);
                s.add_mappa_note(*m, &note_of(&r, Some(on), note, &rules))?;
            }
            Ok(())
        })?;
        Ok(next.and_then(|(_, d)| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
    }
}

/// The MAPPA note of a referral: its subject's and referral's section 12 fields.
fn note_of(
    r: &Referral,
    discharged: Option<NaiveDate>,
    note: &str,
    rules: &Paperwork,
) -> NewMappaNote {
    let said = match discharged {
        Some(d) => format!(
            "Discharged from the panel to MAPPA on {}. {note}",
            d.format("%Y-%m-%d")
        ),
        None => format!(
            "Excluded at intake: managed at MAPPA level {}{}. {note}",
            rules.exclusion.levels_slash(),
            rules.cite.paren(Rule::Exclusion)
        ),
    };
    NewMappaNote {
        referral: Some(r.id),
        name: r.name.clone(),
        category: r.mappa_category.unwrap_or(1),
        level: r.mappa_level.unwrap_or(2),
        note: said.trim().to_string(),
        data: MappaData {
            date_of_birth: r.date_of_birth,
            gender: r.gender.clone(),
            ethnicity: r.ethnicity.clone(),
            postcode: r.postcode.clone(),
            ward: r.ward.clone(),
            welfare_legal_status: r.welfare_legal_status.clone(),
            criminal_legal_status: r.criminal_legal_status.clone(),
            referral_date: Some(r.date_received),
            end_date: None,
            core_reason: r
                .core_reason
                .map(|c| c.code().to_string())
                .unwrap_or_default(),
            onward_referrals: r.other_referrals.clone(),
        },
    }
}
