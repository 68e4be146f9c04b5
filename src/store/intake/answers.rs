//! A referral's answers to its panel's own form (issue 20, gap D3): one row per
//! field that is not one of the referral's own columns, written with the referral in
//! its transaction and change-logged like every row. Read back for `case ID`, its
//! exports and the case history.

use rusqlite::params;
use serde::Serialize;

use crate::domain::paperwork::FormAnswer;
use crate::store::ids::ReferralId;
use crate::store::{Result, Store};

/// The answers table (migration 18; the lead may renumber it at merge): the form's
/// code, the field's key and label when answered, its value as a file gives it and
/// in words, in the form's order. A field is answered once per referral.
pub const MIGRATION_ANSWERS: &str = r#"
CREATE TABLE referral_answer (
    id INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referral(id),
    form TEXT NOT NULL,
    position INTEGER NOT NULL,
    field TEXT NOT NULL,
    label TEXT NOT NULL,
    value TEXT NOT NULL,
    shown TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (referral_id, field)
);
"#;

/// One stored answer, as `case ID` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredAnswer {
    pub form: String,
    pub field: String,
    pub label: String,
    pub value: String,
    pub shown: String,
    /// Restricted intelligence (issue 22, MAVE MV10): a field marked `restricted =
    /// true`, or any answer of a referral the coordinator restricted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub restricted: bool,
}

impl Store {
    /// Write referral `id`'s answers to form `form`, each logged, in one transaction
    /// (inside the caller's when there is one).
    pub fn add_answers(&self, id: ReferralId, form: &str, answers: &[FormAnswer]) -> Result<()> {
        if answers.is_empty() {
            return Ok(());
        }
        self.atomic(|s| {
            let now = crate::domain::clock::stamp(s.now());
            for (i, a) in answers.iter().enumerate() {
                s.conn
                    .prepare_cached(
                        "INSERT INTO referral_answer
                            (referral_id, form, position, field, label, value, shown, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    )?
                    .execute(params![
                        id.0, form, i as i64, a.field, a.label, a.value, a.shown, now
                    ])?;
                if s.log_changes {
                    let row = s.conn.last_insert_rowid();
                    s.append_log(
                        "referral_answer",
                        row,
                        "*",
                        None,
                        Some(format!("form answer: {}", a.field)),
                    )?;
                }
            }
            Ok(())
        })
    }

    /// Referral `id`'s answers, in the form's order.
    pub fn answers(&self, id: ReferralId) -> Result<Vec<StoredAnswer>> {
        answers_of(&self.conn, id.0)
    }
}

/// Referral `id`'s answers on `conn`, in the form's order; none in a database older
/// than the table (a read-only file not yet upgraded).
pub fn answers_of(conn: &rusqlite::Connection, id: i64) -> Result<Vec<StoredAnswer>> {
    let has: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'referral_answer')",
        )?
        .query_row([], |r| r.get(0))?;
    if !has {
        return Ok(vec![]);
    }
    // Issue 22: an answer is restricted by its field or by the whole referral.
    let restricted =
        if crate::store::schema_mave::has_column(conn, "referral_answer", "restricted")? {
            "(a.restricted = 1 OR r.restricted_reason IS NOT NULL)"
        } else {
            "0"
        };
    let sql = format!(
        "SELECT a.form AS form, a.field AS field, a.label AS label, a.value AS value,
                a.shown AS shown, {restricted} AS restricted
         FROM referral_answer a JOIN referral r ON r.id = a.referral_id
         WHERE a.referral_id = ?1 ORDER BY a.position, a.id"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([id], |r| {
        Ok(StoredAnswer {
            form: r.get("form")?,
            field: r.get("field")?,
            label: r.get("label")?,
            value: r.get("value")?,
            shown: r.get("shown")?,
            restricted: r.get("restricted")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
