//! Nothing drifts (issue 26): for a meeting, each agency's return since the meeting
//! before (asked, came back or not), the open actions carried over so often they
//! go to the panel's board, and the open cases whose plan is not progressing (no
//! action completed for `[reminders] plan_stalled_weeks`).

use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::lookup::{fmt_date, Result};

/// One agency's return for a meeting.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AgencyReturn {
    pub agency: String,
    /// The last sheet issued to it since the meeting before.
    pub asked_on: NaiveDate,
    /// When that sheet came back; `None`: not yet.
    pub returned_on: Option<NaiveDate>,
}

/// An open action carried over at least the panel's number of times.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Escalation {
    pub action: i64,
    pub agency: String,
    pub case_id: Option<i64>,
    pub initials: String,
    pub carried_over: u32,
    pub due_on: NaiveDate,
}

/// An open case with no action completed for the panel's number of weeks.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Stalled {
    pub case_id: i64,
    pub initials: String,
    /// The last action completed for it, if any ever was.
    pub last_done: Option<NaiveDate>,
}

/// What is drifting before one meeting (serialised in `agenda --json` as
/// `between`).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Drift {
    pub returns: Vec<AgencyReturn>,
    pub escalations: Vec<Escalation>,
    /// Carry-overs from which an action is listed for escalation.
    pub escalate_after: u32,
    pub stalled: Vec<Stalled>,
    pub stalled_weeks: u32,
}

impl Drift {
    /// Nothing to show.
    pub fn is_empty(&self) -> bool {
        self.returns.is_empty() && self.escalations.is_empty() && self.stalled.is_empty()
    }

    /// The lines the draft agenda prints under "Between meetings" (none when empty).
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![];
        for r in &self.returns {
            out.push(match r.returned_on {
                Some(on) => format!(
                    "{}: return received {} (asked {})",
                    r.agency,
                    fmt_date(on),
                    fmt_date(r.asked_on)
                ),
                None => format!(
                    "{}: NO RETURN yet (asked {})",
                    r.agency,
                    fmt_date(r.asked_on)
                ),
            });
        }
        for e in &self.escalations {
            let case = e
                .case_id
                .map(|c| format!(", case {c} ({})", e.initials))
                .unwrap_or_default();
            out.push(format!(
                "ESCALATE: action {} ({}{case}) carried over {} times, due {}: for the panel's board",
                e.action,
                e.agency,
                e.carried_over,
                fmt_date(e.due_on)
            ));
        }
        for s in &self.stalled {
            let last = s.last_done.map_or_else(
                || "no action ever completed".to_string(),
                |d| format!("last action completed {}", fmt_date(d)),
            );
            out.push(format!(
                "PLAN NOT PROGRESSING: case {} ({}): {last} (none in {} weeks)",
                s.case_id, s.initials, self.stalled_weeks
            ));
        }
        out
    }
}

/// What is drifting before the meeting on `meeting` (the one before it on
/// `previous`): returns asked since then, escalations, stalled plans.
pub fn drift(
    conn: &Connection,
    meeting: NaiveDate,
    previous: Option<NaiveDate>,
    escalate_after: u32,
    stalled_weeks: u32,
) -> Result<Drift> {
    let since = previous.unwrap_or(NaiveDate::MIN);
    let mut returns: Vec<AgencyReturn> = vec![];
    let mut st = conn.prepare_cached(
        "SELECT g.code, q.issued_on, q.returned_on FROM status_request q
         JOIN agency g ON g.id = q.agency_id
         WHERE q.issued_on >= ?1 AND q.issued_on <= ?2 ORDER BY g.code, q.id",
    )?;
    let rows = st.query_map([fmt_date(since), fmt_date(meeting)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    for row in rows {
        let (agency, asked, back) = row?;
        let asked_on = asked.parse().unwrap_or_default();
        let returned_on = back.and_then(|b| b.parse().ok());
        // The last sheet issued to an agency stands for its return.
        match returns.last_mut() {
            Some(last) if last.agency == agency => {
                last.asked_on = asked_on;
                last.returned_on = returned_on;
            }
            _ => returns.push(AgencyReturn {
                agency,
                asked_on,
                returned_on,
            }),
        }
    }
    let escalations = escalations(conn, escalate_after)?;
    let cutoff = meeting - Duration::weeks(i64::from(stalled_weeks));
    let mut st = conn.prepare_cached(STALLED_SQL)?;
    let rows = st.query_map([fmt_date(cutoff)], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut stalled = vec![];
    for row in rows {
        let (case_id, name, label, last) = row?;
        let last_done: Option<NaiveDate> = last.and_then(|l| l.parse().ok());
        if last_done.is_some_and(|d| d > cutoff) {
            continue;
        }
        stalled.push(Stalled {
            case_id,
            initials: label.unwrap_or_else(|| crate::lookup::format::initials(&name)),
            last_done,
        });
    }
    Ok(Drift {
        returns,
        escalations,
        escalate_after,
        stalled,
        stalled_weeks,
    })
}

/// The open cases opened by a day (`?1`) with the last day an action of each was
/// completed: one step down the index of done actions by case each (issue 24); the
/// cases and their subjects' names from small covering indexes, not their rows.
const STALLED_SQL: &str = "SELECT r.id, s.name,
            (SELECT cm.label FROM case_mark cm WHERE cm.referral_id = r.id AND cm.anonymous = 1),
            (SELECT max(a.completed_on) FROM action a INDEXED BY action_done_by_case
              WHERE a.referral_id = r.id AND a.status = 'done')
         FROM referral r INDEXED BY referral_open_opened
         JOIN subject s INDEXED BY subject_id_name ON s.id = r.subject_id
         WHERE r.status = 'open' AND r.opened_on IS NOT NULL AND r.opened_on <= ?1
         ORDER BY r.id";

/// The open actions carried over at least `after` times (at least 1: the panel file
/// says so), by agency, due date and id: a range of the index of open carried actions,
/// which leads with each one's carry-over count (`action.carried_over`, issue 24),
/// without reading the other open actions.
pub(crate) const ESCALATIONS_SQL: &str = "SELECT a.id, g.code, a.referral_id, s.name,
        (SELECT cm.label FROM case_mark cm WHERE cm.referral_id = a.referral_id AND cm.anonymous = 1),
        a.due_on, a.carried_over
     FROM action a INDEXED BY action_open_carried
     JOIN agency g ON g.id = a.agency_id
     LEFT JOIN referral r INDEXED BY referral_id_subject ON r.id = a.referral_id
     LEFT JOIN subject s INDEXED BY subject_id_name ON s.id = r.subject_id
     WHERE a.status = 'open' AND a.carried_from_action_id IS NOT NULL AND a.carried_over >= ?1
     ORDER BY g.code, a.due_on, a.id";

fn escalations(conn: &Connection, after: u32) -> Result<Vec<Escalation>> {
    let mut st = conn.prepare_cached(ESCALATIONS_SQL)?;
    let rows = st.query_map([after], |r| {
        let name: Option<String> = r.get(3)?;
        let label: Option<String> = r.get(4)?;
        Ok(Escalation {
            action: r.get(0)?,
            agency: r.get(1)?,
            case_id: r.get(2)?,
            initials: match (label, name) {
                (Some(l), _) => l,
                (None, Some(n)) => crate::lookup::format::initials(&n),
                (None, None) => String::new(),
            },
            due_on: r.get(5)?,
            carried_over: u32::try_from(r.get::<_, i64>(6)?).unwrap_or(0),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The line `roundtable actions` prints under its list when open actions it lists
/// have been carried over at least `after` times (issue 26): each by id with its
/// count, in the list's order. `carried`: the list's open carried actions, by id
/// with their counts (`action.carried_over`, issue 24: nothing more is read). `None`
/// when none is at or over `after`.
pub fn escalation_line(
    carried: impl IntoIterator<Item = (i64, u32)>,
    after: u32,
) -> Option<String> {
    let flagged: Vec<String> = carried
        .into_iter()
        .filter(|(_, n)| *n >= after)
        .map(|(id, n)| format!("action {id} ({n} times)"))
        .collect();
    (!flagged.is_empty()).then(|| {
        format!(
            "for escalation to the panel's board (carried over {after} times or more): {}",
            flagged.join(", ")
        )
    })
}

#[cfg(test)]
pub(crate) mod plan {
    use crate::store::Store;

    /// The query plan of `sql` on a new empty database, one line a step (shared by
    /// the lookups' plan tests).
    pub(crate) fn plan(sql: &str, params: impl rusqlite::Params) -> String {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("plan.db"), None).expect("open");
        let mut st = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("explain");
        let lines: Vec<String> = st
            .query_map(params, |r| r.get::<_, String>(3))
            .expect("plan")
            .map(|l| l.expect("line"))
            .collect();
        lines.join("\n")
    }

    /// No step reads the action table whole or by rowid: only its indexes.
    fn no_action_rows(plan: &str, aliases: &[&str]) {
        for a in aliases {
            for step in plan.lines().map(str::trim) {
                let scan = step.starts_with(&format!("SCAN {a}"))
                    || step.starts_with(&format!("SEARCH {a}"));
                assert!(
                    !scan || step.contains("COVERING INDEX"),
                    "action {a} read by row: {step}\n{plan}"
                );
            }
        }
    }

    #[test]
    fn the_escalations_are_a_range_of_the_open_carried_index() {
        let plan = plan(super::ESCALATIONS_SQL, [2]);
        assert!(
            plan.contains("SEARCH a USING COVERING INDEX action_open_carried (carried_over>?)"),
            "{plan}"
        );
        // Each escalated case's subject from the small covering indexes, not the wide
        // referral and subject rows.
        assert!(
            plan.contains("COVERING INDEX referral_id_subject"),
            "{plan}"
        );
        assert!(plan.contains("COVERING INDEX subject_id_name"), "{plan}");
        no_action_rows(&plan, &["a"]);
    }

    #[test]
    fn a_cases_last_completed_action_is_one_index_step() {
        let plan = plan(super::STALLED_SQL, ["2026-10-01"]);
        assert!(
            plan.contains("SEARCH a USING COVERING INDEX action_done_by_case (referral_id=?)"),
            "{plan}"
        );
        assert!(
            plan.contains("SEARCH r USING COVERING INDEX referral_open_opened (opened_on"),
            "{plan}"
        );
        assert!(
            plan.contains("SEARCH s USING COVERING INDEX subject_id_name (id=?)"),
            "{plan}"
        );
        no_action_rows(&plan, &["a"]);
    }
}
