//! The coordinator's override of a failed form checklist (issue 22, MAVE MV1): "A
//! child's or young adult's case should only be referred when: ..." (001 "MAVE Case
//! Panel Checklist"), enforced at intake "with a coordinator override that records a
//! reason" (REQUIREMENTS.md 2.6, DERIVED). The reason is kept on the referral
//! (`referral.checklist_override`), change-logged, and shown on the chair's case page
//! and in `case ID`.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use crate::store::ids::ReferralId;
use crate::store::schema_mave::has_column;
use crate::store::write::Table;
use crate::store::{Result, Store};

impl Store {
    /// Keep `reason` as referral `id`'s checklist override, inside the caller's
    /// transaction; nothing for an empty reason (no override).
    pub fn record_checklist_override(&self, id: ReferralId, reason: &str) -> Result<()> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Ok(());
        }
        self.set_field(
            Table::Referral,
            id.0,
            "checklist_override",
            Value::Text(reason.to_string()),
        )?;
        Ok(())
    }
}

/// Referral `id`'s checklist override reason on `conn`; `None` without one (or in a
/// database not yet upgraded).
pub fn checklist_override_of(conn: &Connection, id: i64) -> Result<Option<String>> {
    if !has_column(conn, "referral", "checklist_override")? {
        return Ok(None);
    }
    Ok(conn
        .prepare_cached("SELECT checklist_override FROM referral WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten()
        .filter(|r| !r.trim().is_empty()))
}

/// How the override is written beside the referral, one line.
pub fn override_line(reason: &str) -> String {
    format!("Checklist not met: taken in on the coordinator's override: {reason}")
}
