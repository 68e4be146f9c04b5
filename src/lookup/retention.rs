//! Retention (`roundtable purge --closed-before DATE`), the reads: which subjects
//! every one of whose cases ended before the date ([`candidates`]), and how many
//! actions are still open in them. The purge itself, a write, is the store's
//! ([`crate::store::Store::purge`], `src/store/purge.rs`); the anonymous counts it
//! keeps for the monitoring return are [`super::report::retained::month_figures`].

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{fmt_date, Result};
pub use crate::store::purge::{Left, Purgeable, Purged};

/// How many actions are still open in the cases of `found` (removed with them).
pub fn open_actions(conn: &rusqlite::Connection, found: &[Purgeable]) -> super::Result<i64> {
    let mut n = 0;
    let mut st = conn.prepare_cached(
        "SELECT COUNT(*) AS n FROM action WHERE referral_id = ?1 AND status = 'open'",
    )?;
    for p in found {
        for c in &p.case_ids {
            n += st.query_row([c], |r| r.get::<_, i64>("n"))?;
        }
    }
    Ok(n)
}

/// A case's end: its closure date, or for one declined, referred elsewhere or
/// excluded the last meeting that heard it (else its screening, else its receipt).
const ENDED: &str = "CASE
    WHEN r.status = 'closed' THEN r.closed_on
    WHEN r.status IN ('declined', 'referred_elsewhere', 'excluded') THEN COALESCE(
        (SELECT MAX(m.date) FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
         WHERE d.referral_id = r.id), r.screening_on, r.date_received)
    END";

/// Subjects every one of whose cases ended before `before`, oldest first.
pub fn candidates(conn: &Connection, before: NaiveDate) -> Result<Vec<Purgeable>> {
    let sql = format!(
        "SELECT s.id, s.name, MAX(e.ended_on) AS last, json_group_array(e.id) AS cases
         FROM subject s JOIN (SELECT r.id, r.subject_id, {ENDED} AS ended_on FROM referral r) e
           ON e.subject_id = s.id
         GROUP BY s.id
         HAVING COUNT(*) = COUNT(e.ended_on) AND MAX(e.ended_on) < ?1
         ORDER BY last, s.id"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map([fmt_date(before)], |r| {
            let cases: String = r.get(3)?;
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                cases,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, last, cases)| {
            Some(Purgeable {
                subject_id: id,
                name: super::cleaned(&name),
                case_ids: serde_json::from_str(&cases).ok()?,
                ended_on: NaiveDate::parse_from_str(last.get(..10)?, "%Y-%m-%d").ok()?,
            })
        })
        .collect())
}
