//! The rest of section 12's list for the return: cases closed by month and why,
//! interventions (core issues, what, which agencies) and proven offending before
//! referral and during the intervention. Counts only; small ones are suppressed by the
//! caller.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::{bump, Counts, Range};
use crate::domain::offending::{frequency_band, seriousness_band, OffencePeriod};
use crate::lookup::{cleaned, Result};
use crate::store::rows::offence;

/// Cases closed in the range: by month closed ("2026-03"), and why, in three words
/// (free-text reasons could name a person, so they are not keys).
pub(super) fn closed_by(conn: &Connection, range: &Range) -> Result<(Counts, Counts)> {
    let (mut month, mut why) = (Counts::new(), Counts::new());
    let mut st = conn.prepare_cached(&super::closures_sql())?;
    for row in st.query_map(range.params(), super::Closed::from_row)? {
        let f = row?;
        bump(
            &mut month,
            f.closed_on
                .map(|d| d.format("%Y-%m").to_string())
                .unwrap_or_default(),
        );
        bump(
            &mut why,
            if f.discharged_to_mappa {
                "discharged to MAPPA"
            } else {
                "closed by the panel at review"
            },
        );
    }
    Ok((month, why))
}

/// Intervention plan rows set in the range (at a meeting in it, or recorded in it
/// between meetings): core issues, interventions and the agencies undertaking them.
/// Each row counts in one period only, so months add up to a year.
pub(super) fn interventions(conn: &Connection, range: &Range) -> Result<(Counts, Counts, Counts)> {
    let mut st = conn.prepare_cached(&interventions_sql())?;
    let (mut issues, mut what, mut agencies) = (Counts::new(), Counts::new(), Counts::new());
    let mut rows = st.query(range.params())?;
    while let Some(r) = rows.next()? {
        let key = |c: &str| -> rusqlite::Result<String> {
            Ok(cleaned(&r.get::<_, Option<String>>(c)?.unwrap_or_default()).to_lowercase())
        };
        bump(&mut issues, key("core_issue")?);
        bump(&mut what, key("intervention")?);
        bump(
            &mut agencies,
            r.get::<_, Option<String>>("agency")?.unwrap_or_default(),
        );
    }
    Ok((issues, what, agencies))
}

/// The plan rows set in the range, in two parts that never overlap: those set at a
/// meeting held in it (the meetings by date, then their rows by the meeting index;
/// `CROSS JOIN` keeps that order rather than every row and then its meeting), and
/// those recorded between meetings on a day in it (by the same index: no meeting, and
/// the time recorded widened a day each side for the local day, then the day itself
/// checked). Not one condition on `COALESCE(meeting date, day recorded)`, which no
/// index answers: that read every plan row (on an encrypted database each page read
/// is checked and decrypted). A row's meeting always exists (foreign keys are on and
/// meetings are never deleted), so the two parts count what the one condition did.
/// Each row's case is checked to be the panel's through the indexes of referrals by
/// id with their subject and of subjects by id with their panel, not their rows.
pub(crate) fn interventions_sql() -> String {
    let columns = "i.core_issue AS core_issue, i.intervention AS intervention, ag.code AS agency";
    format!(
        "SELECT {columns}
         FROM meeting m CROSS JOIN intervention i INDEXED BY intervention_meeting_issue
           ON i.meeting_id = m.id
         JOIN referral r INDEXED BY referral_id_subject ON r.id = i.referral_id
         JOIN subject s INDEXED BY subject_id_panel ON s.id = r.subject_id
         LEFT JOIN agency ag ON ag.id = i.agency_id
         WHERE +s.panel_id = ?1 AND m.date BETWEEN ?2 AND ?3
         UNION ALL
         SELECT {columns}
         FROM intervention i INDEXED BY intervention_meeting_issue
         JOIN referral r INDEXED BY referral_id_subject ON r.id = i.referral_id
         JOIN subject s INDEXED BY subject_id_panel ON s.id = r.subject_id
         LEFT JOIN agency ag ON ag.id = i.agency_id
         WHERE i.meeting_id IS NULL
           AND i.created_at >= date(?2, '-1 day') AND i.created_at < date(?3, '+2 days')
           AND +s.panel_id = ?1 AND {} BETWEEN ?2 AND ?3",
        crate::lookup::local_date_sql("i.created_at")
    )
}

/// Proven offending: before referral (of cases received in the range) and during
/// the intervention (offences in the range while the case was open). Each as counts
/// of offences by type, seriousness, outcome, place, weapons and drugs, with how
/// many people offended and how often.
pub(super) fn offending(conn: &Connection, range: &Range) -> Result<(Counts, Counts)> {
    let sql = format!(
        "SELECT {}, r.date_received AS date_received, r.opened_on AS opened_on,
            r.closed_on AS closed_on
         FROM {} JOIN referral r ON r.id = o.referral_id JOIN subject s ON s.id = r.subject_id
         WHERE s.panel_id = ?1
           AND ((r.date_received BETWEEN ?2 AND ?3 AND o.offence_on < r.date_received)
             OR o.offence_on BETWEEN ?2 AND ?3)
         ORDER BY o.referral_id, o.offence_on",
        offence::COLUMNS,
        offence::FROM
    );
    let within = |d: chrono::NaiveDate| {
        let d = d.format("%Y-%m-%d").to_string();
        range.from <= d && d <= range.to
    };
    let (mut before, mut during) = (OffenceTally::default(), OffenceTally::default());
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query(range.params())?;
    while let Some(r) = rows.next()? {
        let o = offence::from_row(r)?;
        let (Some(on), Some(received)) = (o.on, crate::lookup::opt_date(r, "date_received")?)
        else {
            continue;
        };
        let opened = crate::lookup::opt_date(r, "opened_on")?;
        let closed = crate::lookup::opt_date(r, "closed_on")?;
        match OffencePeriod::of(on, received, opened, closed) {
            OffencePeriod::BeforeReferral if within(received) => before.add(&o),
            OffencePeriod::DuringIntervention if within(on) => during.add(&o),
            _ => {}
        }
    }
    Ok((before.counts(), during.counts()))
}

/// Offences of one period, counted.
#[derive(Default)]
struct OffenceTally {
    counts: Counts,
    per_person: BTreeMap<i64, usize>,
}

impl OffenceTally {
    fn add(&mut self, o: &offence::Offence) {
        let c = &mut self.counts;
        bump(c, "offences");
        bump(
            c,
            format!("type: {}", cleaned(&o.offence_type).to_lowercase()),
        );
        if let Some(s) = o.seriousness {
            bump(c, format!("seriousness: {}", seriousness_band(s)));
        }
        if !o.outcome.trim().is_empty() {
            bump(
                c,
                format!("outcome: {}", cleaned(&o.outcome).to_lowercase()),
            );
        }
        if !o.location.trim().is_empty() {
            bump(c, format!("location: {}", cleaned(&o.location)));
        }
        for (yes, what) in [
            (o.knife, "knife involved"),
            (o.gun, "gun involved"),
            (o.other_weapon, "other weapon involved"),
            (o.drug_use, "drug use linked"),
            (o.drug_supply, "drug supply linked"),
        ] {
            if yes {
                bump(c, what);
            }
        }
        if !o.drug_type.trim().is_empty() {
            bump(c, format!("drug: {}", cleaned(&o.drug_type).to_lowercase()));
        }
        if let Some(r) = o.referral {
            *self.per_person.entry(r.0).or_default() += 1;
        }
    }

    fn counts(mut self) -> Counts {
        for n in self.per_person.values() {
            bump(
                &mut self.counts,
                format!("people offending {}", frequency_band(*n)),
            );
        }
        if !self.per_person.is_empty() {
            *self.counts.entry("people".into()).or_default() += self.per_person.len();
        }
        self.counts
    }
}

/// Issue 24: the plan rows are found by index, never by reading the whole table (on
/// an encrypted database each page read is checked and decrypted).
#[cfg(test)]
mod plan {
    use crate::store::Store;

    #[test]
    fn the_plan_rows_of_a_period_are_found_by_index() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("plan.db"), None).expect("open");
        let mut st = store
            .conn()
            .prepare(&format!(
                "EXPLAIN QUERY PLAN {}",
                super::interventions_sql()
            ))
            .expect("explain");
        let plan: Vec<String> = st
            .query_map((1, "2025-12-01", "2026-11-30"), |r| r.get::<_, String>(3))
            .expect("plan")
            .map(|l| l.expect("line"))
            .collect();
        let plan = plan.join("\n");
        for wanted in [
            "COVERING INDEX intervention_meeting_issue (meeting_id=?)",
            "COVERING INDEX intervention_meeting_issue (meeting_id=? AND created_at>? AND created_at<?)",
            "COVERING INDEX referral_id_subject (id=?)",
            "COVERING INDEX subject_id_panel (id=?)",
        ] {
            assert!(plan.contains(wanted), "expected {wanted} in:\n{plan}");
        }
        assert!(!plan.contains("SCAN i"), "a whole-table read:\n{plan}");
    }
}
