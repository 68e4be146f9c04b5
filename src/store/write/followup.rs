//! After the meeting, from the shell (issue 13): an action reopened, its due date
//! moved, a progress note added; a meeting's minutes approved at a later meeting.
//! Every change is in the change log with the OS user.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};

use super::{date, fmt_time, text, Table};
use crate::domain::types::ActionStatus;
use crate::store::ids::{ActionId, MeetingId};
use crate::store::{Result, Store, StoreError};

/// A progress note on an action: when, by whom (OS user) and what.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ActionNote {
    pub at: DateTime<Utc>,
    pub by: String,
    pub note: String,
}

impl Store {
    /// Open a closed action again: status open, its closing date and note cleared
    /// (the change log keeps them). Errors: `NotFound`; `Rule` if it is open.
    pub fn reopen_action(&self, id: ActionId) -> Result<()> {
        self.atomic(|s| {
            let status: Option<String> = s
                .conn
                .prepare_cached("SELECT status FROM action WHERE id = ?1")?
                .query_row([id], |r| r.get("status"))
                .optional()?;
            match status.as_deref() {
                None => return Err(StoreError::NotFound(format!("no action {id}"))),
                Some("open") => {
                    return Err(StoreError::Rule(format!(
                        "action {id} is open already; nothing changed"
                    )))
                }
                Some(_) => {}
            }
            let t = Table::Action;
            s.set_field(t, id.0, "status", text(ActionStatus::Open.code()))?;
            s.set_field(t, id.0, "completed_on", Value::Null)?;
            s.set_field(t, id.0, "completion_note", text(""))?;
            Ok(())
        })
    }

    /// Move an action's due date. Errors: `NotFound`. Returns whether it changed.
    pub fn move_action_due(&self, id: ActionId, due: NaiveDate) -> Result<bool> {
        self.set_field(Table::Action, id.0, "due_on", date(due))
    }

    /// Add a progress note to an action. Errors: `NotFound`; `Rule` for a blank note.
    pub fn add_action_note(&self, id: ActionId, note: &str) -> Result<i64> {
        let note = note.trim();
        if note.is_empty() {
            return Err(StoreError::Rule("a progress note must not be blank".into()));
        }
        self.atomic(|s| {
            let exists: Option<i64> = s
                .conn
                .prepare_cached("SELECT id FROM action WHERE id = ?1")?
                .query_row([id], |r| r.get("id"))
                .optional()?;
            if exists.is_none() {
                return Err(StoreError::NotFound(format!("no action {id}")));
            }
            s.conn
                .prepare_cached(
                    "INSERT INTO action_note (action_id, note, os_user, created_at)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![id, note, s.actor(), fmt_time(s.now())])?;
            s.log(
                Table::Action,
                id.0,
                "progress_note",
                None,
                Some(note.to_string()),
            )?;
            Ok(s.conn.last_insert_rowid())
        })
    }

    /// An action's progress notes, oldest first.
    pub fn action_notes(&self, id: ActionId) -> Result<Vec<ActionNote>> {
        let mut st = self.conn.prepare_cached(
            "SELECT created_at, os_user, note FROM action_note WHERE action_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([id], |r| {
            let at: String = r.get("created_at")?;
            Ok(ActionNote {
                at: crate::domain::clock::parse_stamp(&at).unwrap_or_default(),
                by: r.get("os_user")?,
                note: r.get("note")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Record that the minutes of `meeting` were approved on `on` at meeting `at`.
    pub fn approve_minutes(&self, meeting: MeetingId, on: NaiveDate, at: MeetingId) -> Result<()> {
        self.atomic(|s| {
            let t = Table::Meeting;
            s.set_field(t, meeting.0, "minutes_approved_on", date(on))?;
            s.set_field(
                t,
                meeting.0,
                "minutes_approved_at_meeting_id",
                Value::Integer(at.0),
            )?;
            Ok(())
        })
    }

    /// This database's random identity, made when it was created or upgraded: the
    /// stem of its calendar UIDs, so two databases never share one.
    pub fn database_uid(&self) -> Result<String> {
        Ok(self
            .conn
            .prepare_cached("SELECT uid FROM database_identity WHERE id = 1")?
            .query_row([], |r| r.get("uid"))?)
    }
}
