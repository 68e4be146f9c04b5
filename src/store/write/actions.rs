//! Actions: raised at a meeting, closed or marked not done, carried over to a new
//! date at a review (and that undone).

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};

use super::{date, fmt_date, fmt_time, text, NewAction, Table};
use crate::domain::types::*;
use crate::store::ids::*;
use crate::store::rows::action::{self, Action};
use crate::store::{Result, Store, StoreError};

impl Store {
    /// Raise an action. Errors: `Rule` for a blank description.
    pub fn add_action(&self, a: &NewAction) -> Result<ActionId> {
        if a.description.trim().is_empty() {
            return Err(StoreError::Rule("an action needs a description".into()));
        }
        self.atomic(|s| {
            s.conn
                .prepare_cached(
                    "INSERT INTO action (meeting_id, referral_id, description, agency_id, person, volunteered_by,
                        volunteered_by_member_id, due_on, carried_from_action_id, created_at,
                        volunteered_how)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )?
                .execute(params![
                    a.meeting,
                    a.referral,
                    a.description,
                    a.agency,
                    a.person,
                    a.volunteered_by,
                    a.volunteered_by_member,
                    fmt_date(a.due_on),
                    a.carried_from,
                    fmt_time(s.now()),
                    a.volunteered_how.code(),
                ])?;
            let id = s.conn.last_insert_rowid();
            s.log_insert(Table::Action, id, &a.description)?;
            Ok(ActionId(id))
        })
    }

    /// Close, or mark not done, an action: status, date and note in one change.
    pub fn complete_action(
        &self,
        id: ActionId,
        status: ActionStatus,
        on: NaiveDate,
        note: &str,
        at_meeting: Option<MeetingId>,
    ) -> Result<()> {
        self.atomic(|s| {
            let row = Table::Action;
            s.set_field(row, id.0, "status", text(status.code()))?;
            s.set_field(row, id.0, "completed_on", date(on))?;
            s.set_field(row, id.0, "completion_note", text(note))?;
            if let Some(m) = at_meeting {
                s.set_field(row, id.0, "reviewed_at_meeting_id", Value::Integer(m.0))?;
            }
            s.duty_done(id, status, on)
        })
    }

    /// Carry an action over to a new date at a review: the old one is marked carried
    /// over, and a new open action with the new date is raised at `meeting`.
    pub fn carry_over_action(
        &self,
        id: ActionId,
        meeting: MeetingId,
        new_due: NaiveDate,
        on: NaiveDate,
    ) -> Result<ActionId> {
        self.atomic(|s| {
            let mut a = s.action_for_carry(id)?;
            s.complete_action(
                id,
                ActionStatus::CarriedOver,
                on,
                &format!("carried over to {}", fmt_date(new_due)),
                Some(meeting),
            )?;
            a.meeting = meeting;
            a.due_on = new_due;
            a.carried_from = Some(id);
            s.add_action(&a)
        })
    }

    /// Undo a carry-over made by mistake at `meeting`: the action raised for it is
    /// removed (while still open and untouched) and the old one is open again. The
    /// change log keeps both steps.
    pub fn undo_carry_over(&self, id: ActionId, meeting: MeetingId) -> Result<()> {
        self.atomic(|s| {
            let sql = format!(
                "SELECT {} FROM {}
                 WHERE a.carried_from_action_id = ?1 AND a.meeting_id = ?2 AND a.status = 'open'",
                action::COLUMNS,
                action::FROM
            );
            let new = s
                .conn
                .prepare_cached(&sql)?
                .query_row(params![id, meeting], action::from_row)
                .optional()?;
            let Some(Action {
                id: ActionId(new_id),
                description: what,
                ..
            }) = new
            else {
                return Err(StoreError::Rule(
                    "the carried-over action has been changed since: close it with `roundtable actions done` instead".into(),
                ));
            };
            s.conn.prepare_cached("DELETE FROM action WHERE id = ?1")?.execute([new_id])?;
            s.log(Table::Action, new_id, "*", Some(what), None)?;
            let t = Table::Action;
            s.set_field(t, id.0, "status", text(ActionStatus::Open.code()))?;
            s.set_field(t, id.0, "completed_on", Value::Null)?;
            s.set_field(t, id.0, "completion_note", text(""))?;
            s.set_field(t, id.0, "reviewed_at_meeting_id", Value::Null)?;
            Ok(())
        })
    }

    /// A copy of action `id` to raise again (the meeting, date and link are the
    /// caller's to set). Errors: `NotFound`.
    fn action_for_carry(&self, id: ActionId) -> Result<NewAction> {
        let a = self
            .action(id)?
            .ok_or_else(|| StoreError::NotFound(format!("action {id}")))?;
        Ok(NewAction {
            meeting: a.meeting,
            referral: a.referral,
            description: a.description,
            agency: a.agency,
            person: a.person,
            volunteered_by: a.volunteered_by,
            volunteered_by_member: a.volunteered_by_member,
            volunteered_how: a.volunteered_how,
            due_on: a.due_on,
            carried_from: None,
        })
    }

    /// One action, if there is one with this id.
    fn action(&self, id: ActionId) -> Result<Option<Action>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE a.id = ?1",
            action::COLUMNS,
            action::FROM
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], action::from_row)
            .optional()?)
    }
}
