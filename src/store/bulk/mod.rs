//! Bulk loading: whole rows built in memory (by `roundtable demo`), written with one
//! prepared statement per table inside the caller's transaction. Each row is
//! inserted once, in its final state, with the id its builder gave it; nothing is
//! written to the change log.
//!
//! Times in these rows are local wall-clock times; they are stored as UTC instants.
//!
//! Ids are the builder's: [`BulkRows`] hands them out in order from 1, so it is for
//! an empty database (the demo refuses any other). Household rows take theirs from
//! SQLite, in the order of their referrals.
//!
//! No table is described here again: each statement is made by
//! [`Table::insert_sql`] from column names `store::write::Table` knows, and the
//! columns a referral's form, its household and a plan row fill are named once, for
//! this and the one-at-a-time writer alike (`store::write::forms`). `rows`: the row
//! types.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter};

use super::write::{
    household_sql, household_values, intervention_sql, intervention_values, NewReferral, Table,
};
use super::{Result, Store};

mod rows;

pub use rows::*;

/// Dates and times formatted into one reused buffer: `YYYY-MM-DD` and
/// `YYYY-MM-DD HH:MM:SS`, as the rest of the store writes them.
#[derive(Default)]
struct Fmt(String);

impl Fmt {
    fn date(&mut self, d: NaiveDate) -> &str {
        self.0.clear();
        let _ = write!(self.0, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
        &self.0
    }
}

fn date(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| Fmt::default().date(d).to_string())
}

/// A bulk row's time (local wall-clock, as the demo plays its meetings through) as
/// stored: the instant in UTC ([`crate::domain::clock::stamp`]).
fn time(t: NaiveDateTime) -> String {
    crate::domain::clock::stamp(crate::domain::clock::from_local(t))
}

fn opt_time(t: Option<NaiveDateTime>) -> Option<String> {
    t.map(time)
}

impl Store {
    /// Insert every row of `rows`, table by table, one prepared statement each,
    /// inside the caller's transaction (it must hold one: the demo's). Errors: SQLite
    /// (an id already taken, a foreign key or check that fails).
    pub fn bulk_insert(&self, rows: &BulkRows) -> Result<()> {
        let c = &self.conn;
        let mut st = c.prepare(&Table::Meeting.insert_sql(&[
            "id",
            "panel_id",
            "date",
            "start_time",
            "venue",
            "state",
            "started_at",
            "formally_closed_at",
            "closed_at",
        ])?)?;
        for m in &rows.meetings {
            st.execute(params![
                m.id,
                m.panel,
                date(Some(m.date)),
                m.start_time,
                m.venue,
                m.state.code(),
                opt_time(m.started_at),
                opt_time(m.formally_closed_at),
                opt_time(m.closed_at)
            ])?;
        }
        self.bulk_people(rows)?;
        self.bulk_cases(rows)?;
        self.bulk_actions(rows)
    }

    fn bulk_people(&self, rows: &BulkRows) -> Result<()> {
        let c = &self.conn;
        let mut st = c.prepare(&Table::Attendance.insert_sql(&[
            "id",
            "meeting_id",
            "member_id",
            "name",
            "post_title",
            "agency_id",
            "status",
            "deputy_for_member_id",
            "signed_at",
            "left_at",
            "note",
        ])?)?;
        for a in &rows.attendance {
            st.execute(params![
                a.id,
                a.meeting,
                a.member,
                a.name,
                a.post_title,
                a.agency,
                a.status.code(),
                a.deputy_for,
                opt_time(a.signed_at),
                opt_time(a.left_at),
                a.note
            ])?;
        }
        let mut st = c.prepare(&Table::Intelligence.insert_sql(&[
            "meeting_id",
            "agency_id",
            "is_police",
            "body",
            "updated_at",
        ])?)?;
        for i in &rows.intelligence {
            st.execute(params![
                i.meeting,
                i.agency,
                i.police,
                i.body,
                time(i.updated_at)
            ])?;
        }
        let mut st = c.prepare(&Table::Subject.insert_sql(&[
            "id",
            "panel_id",
            "name",
            "date_of_birth",
            "gender",
            "ethnicity",
            "created_at",
            "name_key",
        ])?)?;
        for s in &rows.subjects {
            st.execute(params![
                s.id,
                s.panel,
                s.name.trim(),
                date(s.date_of_birth),
                s.gender,
                s.ethnicity,
                time(s.created_at),
                crate::domain::names::name_key(&s.name)
            ])?;
        }
        Ok(())
    }

    fn bulk_cases(&self, rows: &BulkRows) -> Result<()> {
        let c = &self.conn;
        // The form's columns are named once (`NewReferral::COLUMNS`); then where the
        // case stands, every column of it the demo plays through.
        let mut cols = vec!["id"];
        cols.extend(NewReferral::COLUMNS);
        cols.extend(STATE);
        let mut st = c.prepare(&Table::Referral.insert_sql(&cols)?)?;
        let mut hh = c.prepare(&household_sql()?)?;
        let mut values: Vec<Value> = Vec::with_capacity(cols.len());
        for r in &rows.referrals {
            let f = &r.form;
            values.clear();
            values.push(Value::Integer(r.id.0));
            values.extend(f.values());
            values.extend(r.state());
            st.execute(params_from_iter(values.drain(..)))?;
            for (i, h) in f.household.iter().enumerate() {
                hh.execute(params_from_iter(household_values(r.id.0, i, h)))?;
            }
        }
        let mut st = c.prepare(&Table::Discussion.insert_sql(&[
            "id",
            "meeting_id",
            "referral_id",
            "agenda_item",
            "item_kind",
            "position",
            "lead_update",
            "minutes",
            "decision",
            "decision_reasons",
            "risk_before",
            "risk_after",
            "lead_agency_id",
            "next_date",
            "started_at",
            "completed_at",
        ])?)?;
        for d in &rows.discussions {
            st.execute(params![
                d.id,
                d.meeting,
                d.referral,
                d.agenda_item,
                d.kind.code(),
                d.position,
                d.lead_update,
                d.minutes,
                d.decision.map(|x| x.code()),
                d.decision_reasons,
                d.risk_before,
                d.risk_after,
                d.lead_agency,
                date(d.next_date),
                opt_time(d.started_at),
                opt_time(d.completed_at)
            ])?;
        }
        let mut st =
            c.prepare(&Table::Onward.insert_sql(&["discussion_id", "kind", "state", "cp_for"])?)?;
        for o in &rows.onward {
            st.execute(params![
                o.discussion,
                o.kind,
                o.state.code(),
                o.cp_for.map(|x| x.code())
            ])?;
        }
        let mut st = c.prepare(&intervention_sql()?)?;
        for i in &rows.interventions {
            let made = Value::Text(time(i.created_at));
            let values = intervention_values(i.referral, i.meeting, i.position, &i.row, made);
            st.execute(params_from_iter(values))?;
        }
        let mut st = c.prepare(&Table::MappaNote.insert_sql(&[
            "meeting_id",
            "position",
            "name",
            "category",
            "level",
            "note",
            "created_at",
        ])?)?;
        for n in &rows.mappa {
            st.execute(params![
                n.meeting,
                n.position,
                n.name,
                n.category,
                n.level,
                n.note,
                time(n.created_at)
            ])?;
        }
        Ok(())
    }

    fn bulk_actions(&self, rows: &BulkRows) -> Result<()> {
        let mut st = self.conn.prepare(&Table::Action.insert_sql(&[
            "id",
            "meeting_id",
            "referral_id",
            "description",
            "agency_id",
            "volunteered_by",
            "volunteered_by_member_id",
            "due_on",
            "status",
            "completed_on",
            "completion_note",
            "reviewed_at_meeting_id",
            "carried_from_action_id",
            "created_at",
            "carried_over",
        ])?)?;
        let (mut due, mut done) = (Fmt::default(), Fmt::default());
        // Each carried action's count given with it (its parent's plus one: parents
        // come first), so the database's trigger has nothing to write again (issue
        // 24: at a county's million actions, an update each was a fifth of the load).
        let mut counts: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
        for a in &rows.actions {
            let carried_over = a.carried_from.map_or(0, |p| {
                (1 + counts.get(&p.0).copied().unwrap_or(0)).min(1000)
            });
            if carried_over > 0 {
                counts.insert(a.id.0, carried_over);
            }
            st.execute(params![
                a.id,
                a.meeting,
                a.referral,
                a.description.as_ref(),
                a.agency,
                a.volunteered_by.as_ref(),
                a.volunteered_by_member,
                due.date(a.due_on),
                a.status.code(),
                a.completed_on.map(|d| done.date(d).to_string()),
                a.completion_note.as_ref(),
                a.reviewed_at,
                a.carried_from,
                time(a.created_at),
                carried_over
            ])?;
        }
        Ok(())
    }
}
