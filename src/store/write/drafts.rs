//! Drafts: the text of a form not yet confirmed (a new action, a visitor), kept so
//! nothing typed is lost if the program stops first.

use rusqlite::params;

use super::fmt_time;
use crate::store::{Result, Store};

impl Store {
    /// Keep the text of an unconfirmed form.
    pub fn save_draft(&self, key: &str, body: &str) -> Result<()> {
        self.atomic(|s| {
            s.conn
                .prepare_cached(
                    "INSERT INTO draft (key, body, updated_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT(key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
                )?
                .execute(params![key, body, fmt_time(s.now())])?;
            Ok(())
        })
    }

    /// Every draft, as (key, text), by key.
    pub fn all_drafts(&self) -> Result<Vec<(String, String)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT key, body FROM draft ORDER BY key")?;
        let rows = st.query_map([], |r| Ok((r.get("key")?, r.get("body")?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Forget the draft under `key` (its form was confirmed or cancelled).
    pub fn clear_draft(&self, key: &str) -> Result<()> {
        self.atomic(|s| {
            s.conn
                .prepare_cached("DELETE FROM draft WHERE key = ?1")?
                .execute([key])?;
            Ok(())
        })
    }
}
