//! Retention's write (`roundtable purge --closed-before DATE`): subjects whose every
//! case ended before the date (found by [`crate::lookup::retention::candidates`]) are
//! removed with their cases, discussions, onward referrals, interventions, actions
//! and progress notes, household, typed drafts and change-log rows, following every
//! link in the schema ([`super::links`]); anonymous counts are kept for the
//! monitoring return. The change log is hashed again from the start and records the
//! purge by numbers only. Then the freed space is wiped (`secure_delete` while
//! deleting, `VACUUM` after), so no removed text stays in the file.
//!
//! The counts kept are the monitoring return's own figures for each month touched,
//! before and after: the caller passes the function that works them out (a lookup,
//! `crate::lookup::report::retained::month_figures`), as the store reads no report.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;

use super::{Store, StoreError};
use crate::domain::iso::date_string as fmt_date;

/// A month's figures by (section, group, key), as the monitoring return counts them.
pub type MonthFigures = BTreeMap<(String, String, String), i64>;

/// A subject retention would remove.
#[derive(Debug, Clone, Serialize)]
pub struct Purgeable {
    pub subject_id: i64,
    pub name: String,
    /// Their cases (referrals).
    pub case_ids: Vec<i64>,
    /// When the last of them ended (closed, or declined, referred elsewhere, excluded).
    pub ended_on: NaiveDate,
}

/// What a purge removed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Purged {
    pub subjects: usize,
    pub cases: usize,
    pub discussions: usize,
    pub actions: usize,
    pub interventions: usize,
    pub household: usize,
    pub change_log_rows: usize,
    /// Other rows that could not be kept without a removed row (a case's proven
    /// offences, an action's progress notes), by table.
    pub also_removed: Vec<(String, usize)>,
    /// Rows kept, with their link to a removed row cleared (see [`Left`]).
    pub left: Vec<Left>,
}

/// Rows a purge keeps that pointed at something it removed: the link is cleared.
#[derive(Debug, Clone, Serialize)]
pub struct Left {
    pub table: String,
    pub rows: usize,
    /// Why they stay, in a few words.
    pub why: String,
}

/// Why rows of `table` that pointed at a removed row stay.
fn why_left(table: &str) -> String {
    match table {
        "mappa_note" => "each is its meeting's record of the MAPPA item (section 10.1, a case MAPPA manages), with its own name and data set for the MAPPA return; kept with that meeting, its link to the removed case cleared".into(),
        "attendance" => "visitors who presented a removed case: the meeting's record of who was there".into(),
        "action" => "carried on from a removed action: they belong to cases that are kept".into(),
        other => format!("they belong to what is kept ({other}); their link to the removed rows is cleared"),
    }
}

/// Follow every link in the schema ([`crate::store::links`]) into the rows about to
/// be removed (`gone`, by table): a row that cannot exist without its parent is
/// removed too (added to `gone`, its table to `order`, children after parents), one
/// that can is kept and unlinked. Returns what to unlink. Nothing is changed here.
#[allow(clippy::type_complexity)]
fn follow_links(
    c: &Connection,
    gone: &mut BTreeMap<String, BTreeSet<i64>>,
    order: &mut Vec<String>,
) -> super::Result<Vec<(super::links::Link, Vec<i64>)>> {
    use super::links::{links, pointing_at};
    let all = links(c)?;
    loop {
        let mut grew = false;
        for l in all.iter().filter(|l| l.required) {
            let Some(ids) = gone.get(&l.parent).filter(|s| !s.is_empty()) else {
                continue;
            };
            let ids: Vec<i64> = ids.iter().copied().collect();
            let found = pointing_at(c, l, &ids)?;
            let set = gone.entry(l.child.clone()).or_default();
            let before = set.len();
            set.extend(found);
            if set.len() > before {
                grew = true;
                if !order.contains(&l.child) {
                    order.push(l.child.clone());
                }
            }
        }
        if !grew {
            break;
        }
    }
    let mut unlinks = Vec::new();
    for l in all.iter().filter(|l| !l.required) {
        let Some(ids) = gone.get(&l.parent).filter(|s| !s.is_empty()) else {
            continue;
        };
        let ids: Vec<i64> = ids.iter().copied().collect();
        let staying: Vec<i64> = pointing_at(c, l, &ids)?
            .into_iter()
            .filter(|r| !gone.get(&l.child).is_some_and(|g| g.contains(r)))
            .collect();
        if !staying.is_empty() {
            unlinks.push((l.clone(), staying));
        }
    }
    Ok(unlinks)
}

fn ids_where(conn: &Connection, sql: &str, of: &[i64]) -> super::Result<Vec<i64>> {
    let of = serde_json::to_string(of).unwrap_or_else(|_| "[]".into());
    Ok(conn
        .prepare_cached(sql)?
        .query_map([of], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

fn run(conn: &Connection, sql: &str, of: &[i64]) -> super::Result<usize> {
    let of = serde_json::to_string(of).unwrap_or_else(|_| "[]".into());
    Ok(conn.prepare_cached(sql)?.execute([of])?)
}

const IN: &str = "(SELECT value FROM json_each(?1))";

impl Store {
    /// Remove `who` (subjects whose every case ended before `before`) as the module
    /// says, in one transaction, then wipe the freed space. `month_figures` gives the
    /// monitoring return's figures of a month (`YYYY-MM`) from the rows as they stand.
    /// Errors (the store's, or `month_figures`') leave everything as it was.
    pub fn purge<E>(
        &self,
        who: &[Purgeable],
        before: NaiveDate,
        month_figures: impl Fn(&Connection, &str) -> Result<MonthFigures, E>,
    ) -> Result<Purged, E>
    where
        E: From<StoreError> + From<rusqlite::Error>,
    {
        purge(self, who, before, month_figures)
    }
}

/// [`Store::purge`].
fn purge<E>(
    store: &Store,
    who: &[Purgeable],
    before: NaiveDate,
    month_figures: impl Fn(&Connection, &str) -> Result<MonthFigures, E>,
) -> Result<Purged, E>
where
    E: From<StoreError> + From<rusqlite::Error>,
{
    let conn = store.conn();
    conn.pragma_update(None, "secure_delete", "ON")?;
    let subjects: Vec<i64> = who.iter().map(|p| p.subject_id).collect();
    let cases: Vec<i64> = who
        .iter()
        .flat_map(|p| p.case_ids.iter().copied())
        .collect();
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let s = store;
    let work = || -> Result<Purged, E> {
        let c = s.conn();
        let r = |sql: &str, of: &[i64]| ids_where(c, &sql.replace("?IN", IN), of);
        let discussions = r(
            "SELECT id FROM case_discussion WHERE referral_id IN ?IN",
            &cases,
        )?;
        let actions = r("SELECT id FROM action WHERE referral_id IN ?IN", &cases)?;
        let interventions = r(
            "SELECT id FROM intervention WHERE referral_id IN ?IN",
            &cases,
        )?;
        let household = r(
            "SELECT id FROM household_member WHERE referral_id IN ?IN",
            &cases,
        )?;
        let onward = r(
            "SELECT id FROM onward_referral WHERE discussion_id IN ?IN",
            &discussions,
        )?;
        let mut months: BTreeSet<String> = BTreeSet::new();
        for sql in [
            "SELECT substr(date_received, 1, 7) FROM referral WHERE id IN ?IN",
            "SELECT substr(closed_on, 1, 7) FROM referral WHERE id IN ?IN AND closed_on IS NOT NULL",
            "SELECT substr(m.date, 1, 7) FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id WHERE d.referral_id IN ?IN",
        ] {
            let mut st = c.prepare_cached(&sql.replace("?IN", IN))?;
            let found = st.query_map([serde_json::to_string(&cases).unwrap_or_default()], |row| {
                row.get::<_, String>(0)
            })?;
            for m in found {
                months.insert(m?);
            }
        }
        let before_counts: Vec<(String, MonthFigures)> = months
            .iter()
            .map(|m| Ok((m.clone(), month_figures(c, m)?)))
            .collect::<Result<_, E>>()?;

        // Every other link into what goes (a MAPPA note, a proven offence, ...).
        let named: [(&str, &[i64]); 7] = [
            ("subject", &subjects),
            ("referral", &cases),
            ("case_discussion", &discussions),
            ("action", &actions),
            ("intervention", &interventions),
            ("household_member", &household),
            ("onward_referral", &onward),
        ];
        let mut gone: BTreeMap<String, BTreeSet<i64>> = named
            .iter()
            .map(|(t, ids)| (t.to_string(), ids.iter().copied().collect()))
            .collect();
        let mut order = Vec::new();
        let unlinks = follow_links(c, &mut gone, &mut order)?;
        let mut left: Vec<Left> = Vec::new();
        for (link, rows) in &unlinks {
            super::links::unlink(c, link, rows)?;
            // Where a meeting or a terminal stands is a place, not a record.
            if matches!(link.child.as_str(), "meeting" | "terminal_place") {
                continue;
            }
            match left.iter_mut().find(|l| l.table == link.child) {
                Some(l) => l.rows += rows.len(),
                None => left.push(Left {
                    table: link.child.clone(),
                    rows: rows.len(),
                    why: why_left(&link.child),
                }),
            }
        }
        let mut also: Vec<(String, Vec<i64>)> = Vec::new();
        for t in order.iter().rev() {
            if named.iter().any(|(n, _)| n == t) {
                continue;
            }
            let ids: Vec<i64> = gone
                .get(t)
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default();
            super::links::delete(c, t, &ids)?;
            also.push((t.clone(), ids));
        }

        let x = |sql: &str, of: &[i64]| run(c, &sql.replace("?IN", IN), of);
        x(
            "UPDATE meeting SET current_discussion_id = NULL WHERE current_discussion_id IN ?IN",
            &discussions,
        )?;
        x("UPDATE meeting SET room_reveal_discussion_id = NULL WHERE room_reveal_discussion_id IN ?IN", &discussions)?;
        x(
            "UPDATE terminal_place SET discussion_id = NULL WHERE discussion_id IN ?IN",
            &discussions,
        )?;
        x("UPDATE attendance SET visitor_for_referral_id = NULL WHERE visitor_for_referral_id IN ?IN", &cases)?;
        x(
            "UPDATE action SET carried_from_action_id = NULL WHERE carried_from_action_id IN ?IN",
            &actions,
        )?;
        x("DELETE FROM action_note WHERE action_id IN ?IN", &actions)?;
        x("DELETE FROM action WHERE id IN ?IN", &actions)?;
        x("DELETE FROM onward_referral WHERE id IN ?IN", &onward)?;
        x("DELETE FROM case_discussion WHERE id IN ?IN", &discussions)?;
        x("DELETE FROM intervention WHERE id IN ?IN", &interventions)?;
        x("DELETE FROM household_member WHERE id IN ?IN", &household)?;
        x("DELETE FROM referral WHERE id IN ?IN", &cases)?;
        x("DELETE FROM subject WHERE id IN ?IN", &subjects)?;
        // Typed text and form drafts about what went.
        for d in &discussions {
            c.prepare_cached("DELETE FROM typing WHERE target LIKE ?1")?
                .execute([format!("_:case_discussion:{d}:%")])?;
            c.prepare_cached("DELETE FROM draft WHERE key LIKE ?1")?
                .execute([format!("%:action:{d}")])?;
        }
        for r in &cases {
            c.prepare_cached("DELETE FROM draft WHERE key LIKE ?1")?
                .execute([format!("%:intervention:{r}:%")])?;
        }

        for (month, was) in before_counts {
            let now = month_figures(c, &month)?;
            for (k, n) in was {
                let delta = n - now.get(&k).copied().unwrap_or(0);
                if delta > 0 {
                    c.prepare_cached(
                        "INSERT INTO retained_count (month, section, grp, key, n) VALUES (?1, ?2, ?3, ?4, ?5)
                         ON CONFLICT(month, section, grp, key) DO UPDATE SET n = n + ?5",
                    )?
                    .execute(params![month, k.0, k.1, k.2, delta])?;
                }
            }
        }
        let mut logged: Vec<(&str, &[i64])> = named.to_vec();
        logged.extend(also.iter().map(|(t, ids)| (t.as_str(), ids.as_slice())));
        let removed = super::audit::remove_rows(c, &logged)?;
        let done = Purged {
            subjects: subjects.len(),
            cases: cases.len(),
            discussions: discussions.len(),
            actions: actions.len(),
            interventions: interventions.len(),
            household: household.len(),
            change_log_rows: removed,
            also_removed: also.iter().map(|(t, ids)| (t.clone(), ids.len())).collect(),
            left,
        };
        s.log_event(&format!(
            "retention: {} subjects whose cases ended before {} removed ({} cases, {} discussions, {} actions, {} interventions, {} household members, {} change-log rows); anonymous counts kept; the change log was hashed again",
            done.subjects,
            fmt_date(before),
            done.cases,
            done.discussions,
            done.actions,
            done.interventions,
            done.household,
            done.change_log_rows
        ))?;
        Ok(done)
    };
    let out = match work() {
        Ok(done) => {
            if let Err(e) = conn.execute_batch("COMMIT") {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e.into());
            }
            done
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e);
        }
    };
    // Nothing removed may stay readable in free pages or the write-ahead log.
    conn.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(out)
}
