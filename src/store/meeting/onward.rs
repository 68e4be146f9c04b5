//! Onward referrals recorded at a case discussion, of the panel's own kinds
//! (`[[onward_kind]]`): a new row is refused for a kind the panel does not list; a
//! row of a kind an earlier panel file listed can still be changed.

use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};

use crate::domain::types::{CpFor, OnwardState};
use crate::store::ids::{DiscussionId, OnwardId};
use crate::store::write::{text, Table};
use crate::store::{Result, Store, StoreError};

impl Store {
    /// Set the state of the onward referral of kind `kind` at `discussion`, keeping
    /// whom it is for and its note (a new row has neither). Errors: `Rule` for a new
    /// row of a kind the panel does not list.
    pub fn set_onward_state(
        &self,
        discussion: DiscussionId,
        kind: &str,
        state: OnwardState,
    ) -> Result<()> {
        self.atomic(|s| {
            match s.onward_row(discussion, kind)? {
                Some(id) => {
                    s.set_field(Table::Onward, id, "state", text(state.code()))?;
                }
                None => {
                    s.set_onward(discussion, kind, state, None, "")?;
                }
            }
            Ok(())
        })
    }

    /// Record whom the onward referral of kind `kind` at `discussion` is for (MAGPan's
    /// child protection, section 12), keeping its state (a new one is "considered").
    /// Errors: `Rule` when the kind does not ask whom it is for.
    pub fn set_cp_for(&self, discussion: DiscussionId, kind: &str, cp_for: CpFor) -> Result<()> {
        self.atomic(|s| {
            match s.onward_row(discussion, kind)? {
                Some(id) => {
                    s.set_field(Table::Onward, id, "cp_for", text(cp_for.code()))?;
                }
                None => {
                    let meeting = s.discussion_meeting(discussion)?;
                    if !s
                        .panel_info_of_meeting(meeting)?
                        .paperwork
                        .asks_for_whom(kind)
                    {
                        return Err(StoreError::Rule(format!(
                            "onward referral: {kind} does not ask whom it is for"
                        )));
                    }
                    s.set_onward(discussion, kind, OnwardState::Considered, Some(cp_for), "")?;
                }
            }
            Ok(())
        })
    }

    /// Record an onward referral of kind `kind` at `discussion` whole (state, for
    /// whom, note), over any row of that kind already there. Errors: `Rule` for a new
    /// row of a kind the panel does not list (`[[onward_kind]]`).
    pub fn set_onward(
        &self,
        discussion: DiscussionId,
        kind: &str,
        state: OnwardState,
        cp_for: Option<CpFor>,
        note: &str,
    ) -> Result<OnwardId> {
        self.atomic(|s| {
            let id = match s.onward_row(discussion, kind)? {
                Some(id) => {
                    s.set_field(Table::Onward, id, "state", text(state.code()))?;
                    let whom = cp_for.map_or(Value::Null, |c| text(c.code()));
                    s.set_field(Table::Onward, id, "cp_for", whom)?;
                    s.set_field(Table::Onward, id, "note", text(note))?;
                    id
                }
                None => {
                    let meeting = s.discussion_meeting(discussion)?;
                    let pw = s.panel_info_of_meeting(meeting)?.paperwork;
                    if pw.onward_kind(kind).is_none() {
                        let codes: Vec<&str> =
                            pw.onward_kinds.iter().map(|k| k.code.as_str()).collect();
                        return Err(StoreError::Rule(format!(
                            "onward referral: {kind} is not one of this panel's kinds (one of {})",
                            if codes.is_empty() {
                                "none".to_string()
                            } else {
                                codes.join(", ")
                            }
                        )));
                    }
                    s.conn
                        .prepare_cached(
                            "INSERT INTO onward_referral (discussion_id, kind, state, cp_for, note)
                             VALUES (?1, ?2, ?3, ?4, ?5)",
                        )?
                        .execute(params![
                            discussion,
                            kind,
                            state.code(),
                            cp_for.map(|c| c.code()),
                            note
                        ])?;
                    let id = s.conn.last_insert_rowid();
                    s.log_insert(Table::Onward, id, &format!("{kind} {}", state.code()))?;
                    id
                }
            };
            Ok(OnwardId(id))
        })
    }

    /// The row of the onward referral of kind `kind` at `discussion`, if recorded.
    fn onward_row(&self, discussion: DiscussionId, kind: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM onward_referral WHERE discussion_id = ?1 AND kind = ?2",
            )?
            .query_row(params![discussion, kind], |r| r.get("id"))
            .optional()?)
    }
}
