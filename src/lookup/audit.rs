//! `roundtable audit`: who changed what and when, from the change log, filtered by
//! case, date and user; a long text change is shown as its edit, not the whole text.

use chrono::NaiveDate;
use serde::Serialize;

use super::format::{one_line, plain, user, Table};
use super::Result;
use crate::store::audit::{log_row, LogRow, LOG_COLUMNS};

/// What to list (every filter optional).
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Changes to this case (its referral, discussions, actions, interventions,
    /// household, onward referrals, progress notes, its case record, the people of
    /// the case, its anonymous or repeat mark and its guests).
    pub case: Option<i64>,
    /// Changes on or after this day.
    pub since: Option<NaiveDate>,
    /// Changes by this OS account or attendee (whole name, any case).
    pub user: Option<String>,
}

/// A long text change as its edit: the bytes kept at the start and the end of the old
/// text, and what now stands between them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TextEdit {
    pub kept_start_bytes: usize,
    pub kept_end_bytes: usize,
    pub inserted: String,
}

/// One change, as `audit --json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    /// The OS account the change was made under.
    pub os_user: String,
    /// The attendee operating, when known.
    pub attendee: Option<String>,
    pub table: String,
    pub row_id: i64,
    /// The column changed; `*` for a row added or an event.
    pub column: String,
    /// The old value, when it is stored whole (else see `old_value_in`).
    pub old_value: Option<String>,
    /// The change whose new value was the old value (a long text).
    pub old_value_in: Option<i64>,
    /// The new value, when it is stored whole (else see `edit`).
    pub new_value: Option<String>,
    /// A long text change: the edit made to the old value.
    pub edit: Option<TextEdit>,
}

fn entry(r: LogRow) -> AuditEntry {
    let edit = r.new_diff.as_deref().and_then(|d| {
        let mut p = d.splitn(3, ',');
        Some(TextEdit {
            kept_start_bytes: p.next()?.parse().ok()?,
            kept_end_bytes: p.next()?.parse().ok()?,
            inserted: super::cleaned(p.next()?),
        })
    });
    AuditEntry {
        id: r.id,
        at: crate::domain::clock::shown(&r.at),
        os_user: super::cleaned(&r.os_user),
        attendee: r.attendee.as_deref().and_then(super::nonblank),
        table: r.tbl,
        row_id: r.row_id,
        column: r.col,
        old_value: r.old_value.as_deref().map(super::cleaned),
        old_value_in: r.old_ref,
        new_value: r.new_value.as_deref().map(super::cleaned),
        edit,
    }
}

const CASE_ROWS: &str = "(
    (c.tbl = 'referral' AND c.row_id = ?1)
    OR (c.tbl = 'case_discussion' AND c.row_id IN (SELECT id FROM case_discussion WHERE referral_id = ?1))
    OR (c.tbl = 'action' AND c.row_id IN (SELECT id FROM action WHERE referral_id = ?1))
    OR (c.tbl = 'intervention' AND c.row_id IN (SELECT id FROM intervention WHERE referral_id = ?1))
    OR (c.tbl = 'household_member' AND c.row_id IN (SELECT id FROM household_member WHERE referral_id = ?1))
    OR (c.tbl = 'referral_answer' AND c.row_id IN (SELECT id FROM referral_answer WHERE referral_id = ?1))
    OR (c.tbl = 'onward_referral' AND c.row_id IN (SELECT o.id FROM onward_referral o
        JOIN case_discussion d ON d.id = o.discussion_id WHERE d.referral_id = ?1))
    OR (c.tbl IN ('checklist_answer', 'risk_rating', 'disclosure', 'escalation')
        AND EXISTS (SELECT 1 FROM case_discussion d WHERE d.referral_id = ?1 AND d.id IN (
            SELECT discussion_id FROM checklist_answer WHERE id = c.row_id AND c.tbl = 'checklist_answer'
            UNION ALL SELECT discussion_id FROM risk_rating WHERE id = c.row_id AND c.tbl = 'risk_rating'
            UNION ALL SELECT discussion_id FROM disclosure WHERE id = c.row_id AND c.tbl = 'disclosure'
            UNION ALL SELECT discussion_id FROM escalation WHERE id = c.row_id AND c.tbl = 'escalation')))
    OR (c.tbl IN ('case_person', 'case_mark') AND c.row_id IN (
        SELECT id FROM case_person WHERE referral_id = ?1 AND c.tbl = 'case_person'
        UNION ALL SELECT id FROM case_mark WHERE referral_id = ?1 AND c.tbl = 'case_mark'))
    OR (c.tbl = 'case_guest' AND c.row_id IN (SELECT g.id FROM case_guest g
        JOIN case_discussion d ON d.id = g.discussion_id WHERE d.referral_id = ?1))
    OR (c.tbl = 'subject' AND c.row_id = (SELECT subject_id FROM referral WHERE id = ?1))
)";

/// The changes matching `q`, oldest first.
pub fn entries(conn: &rusqlite::Connection, q: &AuditQuery) -> Result<Vec<AuditEntry>> {
    let cols: String = LOG_COLUMNS
        .split(", ")
        .map(|c| format!("c.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {cols} FROM change_log c
         WHERE (?1 IS NULL OR {CASE_ROWS})
           AND (?2 IS NULL OR CASE WHEN c.at LIKE '%Z' THEN c.at >= ?4 ELSE c.at >= ?2 END)
           AND (?3 IS NULL OR lower(c.os_user) = lower(?3) OR lower(c.attendee) = lower(?3))
         ORDER BY c.id"
    );
    let since = q.since.map(super::fmt_date);
    // A UTC stamp is compared with the instant the local day began.
    let since_utc = q
        .since
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| crate::domain::clock::stamp(crate::domain::clock::from_local(t)));
    let who = q.user.as_deref().map(str::trim).filter(|u| !u.is_empty());
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params![q.case, since, who, since_utc], log_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().map(entry).collect())
}

/// A value on one line, whole up to [`SHOWN_CHARS`] characters (a note, a reason, a
/// purge record); a longer text (a pasted document) is shown by its start and its
/// length, whole in `--json`. On a terminal the table is fitted to its width too.
fn short(s: &str) -> String {
    let s = one_line(s);
    let n = s.chars().count();
    if n > SHOWN_CHARS {
        let start: String = s.chars().take(SHOWN_CHARS).collect();
        format!(
            "{start}… ({} more characters; --json has it whole)",
            n - SHOWN_CHARS
        )
    } else {
        s
    }
}

/// The longest value the audit table shows whole.
const SHOWN_CHARS: usize = 500;

/// Agency codes by agency id: how the audit table shows a value of an agency column.
pub type AgencyCodes = std::collections::HashMap<i64, String>;

/// Every agency's code by its id (retired ones too: an old change names them).
pub fn agency_codes(conn: &rusqlite::Connection) -> Result<AgencyCodes> {
    Ok(conn
        .prepare_cached("SELECT id, code FROM agency")?
        .query_map([], |r| {
            Ok((r.get(0)?, super::cleaned(&r.get::<_, String>(1)?)))
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Whether `column` holds an agency's row id (`agency_id`, `lead_agency_id`,
/// `referring_agency_id`, `key_worker_agency_id`, ...): the one rule for which
/// values the table shows as agency codes.
pub fn is_agency_column(column: &str) -> bool {
    column == "agency_id" || column.ends_with("_agency_id")
}

/// A value of `column` as the table shows it: an agency id as the agency's code
/// (an id no agency has is shown as it is).
fn shown(column: &str, v: &str, codes: &AgencyCodes) -> String {
    if is_agency_column(column) {
        if let Some(code) = v.trim().parse::<i64>().ok().and_then(|id| codes.get(&id)) {
            return code.clone();
        }
    }
    short(v)
}

/// What a change did, on one line; agency columns by code (see [`shown`]).
pub fn change_words(e: &AuditEntry, codes: &AgencyCodes) -> String {
    let val = |v: &Option<String>| {
        v.as_deref()
            .map_or("(none)".to_string(), |v| shown(&e.column, v, codes))
    };
    if let Some(ed) = &e.edit {
        let at = ed.kept_start_bytes;
        return format!(
            "edited at byte {at} (kept {} + {} bytes of #{}): now \"{}\" there",
            ed.kept_start_bytes,
            ed.kept_end_bytes,
            e.old_value_in.map_or("?".into(), |i| i.to_string()),
            short(&ed.inserted)
        );
    }
    if e.column == "*" {
        return format!("added: {}", val(&e.new_value));
    }
    let old = match (&e.old_value, e.old_value_in) {
        (None, Some(i)) => format!("(the text of #{i})"),
        _ => val(&e.old_value),
    };
    format!("{old} → {}", val(&e.new_value))
}

/// The changes as a plain table, agency columns by code.
pub fn plain_table(rows: &[AuditEntry], codes: &AgencyCodes) -> Table {
    let mut t = Table::new(&["ID", "AT", "USER", "WHAT", "CHANGE"]);
    for e in rows {
        let who = match &e.attendee {
            Some(a) => format!("{} ({a})", e.os_user),
            None => e.os_user.clone(),
        };
        let what = if e.table == "event" {
            "event".to_string()
        } else {
            format!("{} #{} {}", e.table, e.row_id, e.column)
        };
        t.push(vec![
            plain(e.id.to_string()),
            plain(e.at.clone()),
            user(who),
            plain(what),
            user(change_words(e, codes)),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_agency_column_is_shown_by_code() {
        let codes: AgencyCodes = [(4, "EDU".to_string()), (2, "YOS".to_string())].into();
        for col in [
            "agency_id",
            "lead_agency_id",
            "referring_agency_id",
            "key_worker_agency_id",
        ] {
            assert!(is_agency_column(col), "{col}");
            assert_eq!(shown(col, "4", &codes), "EDU");
        }
        assert_eq!(shown("agency_id", "99", &codes), "99", "no such agency");
        assert!(!is_agency_column("agency"));
        assert_eq!(shown("case_id", "4", &codes), "4");
    }
}
