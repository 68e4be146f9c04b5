//! Restricted intelligence in the store (issue 22, MAVE MV10; see
//! [`crate::domain::restricted`]): the answers of fields marked `restricted = true`
//! flagged as the referral is taken in, the coordinator's flag on a whole referral
//! (`referral restrict`), and what the chair's case page shows of them.

use rusqlite::{params, Connection};

use crate::domain::paperwork::Paperwork;
use crate::domain::restricted::Restricted;
use crate::store::ids::ReferralId;
use crate::store::schema_mave::has_column;
use crate::store::write::Table;
use crate::store::{Result, Store, StoreError};

impl Store {
    /// Flag the answers of referral `id` to form `form`'s fields marked `restricted =
    /// true`, inside the caller's transaction (the referral is taken in whole or not).
    pub fn mark_restricted_answers(
        &self,
        id: ReferralId,
        rules: &Paperwork,
        form: &str,
    ) -> Result<()> {
        let Some(def) = rules.forms.iter().find(|f| f.code == form) else {
            return Ok(());
        };
        for f in def.fields.iter().filter(|f| f.restricted) {
            self.conn
                .prepare_cached(
                    "UPDATE referral_answer SET restricted = 1
                     WHERE referral_id = ?1 AND field = ?2",
                )?
                .execute(params![id.0, f.key])?;
        }
        Ok(())
    }

    /// `referral restrict`: restrict the whole intelligence of referral `id` (its
    /// concerns and every answer) for `reason`, or lift it (`None`), change-logged.
    /// Errors: no such referral; a blank reason.
    pub fn restrict_referral(&self, id: ReferralId, reason: Option<&str>) -> Result<()> {
        let value = match reason.map(str::trim) {
            Some("") => {
                return Err(StoreError::Rule(
                    "give the reason the intelligence is restricted (--reason TEXT)".into(),
                ))
            }
            Some(r) => rusqlite::types::Value::Text(r.to_string()),
            None => rusqlite::types::Value::Null,
        };
        let exists: bool = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM referral WHERE id = ?1)")?
            .query_row([id.0], |r| r.get(0))?;
        if !exists {
            return Err(StoreError::Rule(format!("no case {}", id.0)));
        }
        self.set_field(Table::Referral, id.0, "restricted_reason", value)?;
        Ok(())
    }
}

/// Referral `id`'s restricted intelligence on `conn`: the coordinator's reason and
/// the answers restricted (every answer when the whole referral is). Empty in a
/// database not yet upgraded.
pub fn restricted_of(conn: &Connection, id: i64) -> Result<Restricted> {
    if !has_column(conn, "referral", "restricted_reason")? {
        return Ok(Restricted::default());
    }
    let reason: Option<String> = conn
        .prepare_cached("SELECT restricted_reason FROM referral WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    let answers = super::answers_of(conn, id)?
        .into_iter()
        .filter(|a| a.restricted)
        .map(|a| (a.label, a.shown))
        .collect();
    Ok(Restricted { reason, answers })
}
