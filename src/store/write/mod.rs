//! Every write: one row or one field at a time, each in a savepoint with its
//! change-log rows, so a multi-row change lands whole or not at all.
//!
//! `table`: the tables and columns the store writes; `forms`: the columns a new
//! row's form fills, for both writers; `insert`: new rows; `actions`:
//! raising, closing and carrying over actions; `drafts`: unconfirmed forms. Here:
//! the values written, the new-row forms, one write (`atomic`), the change log and
//! `set_field`.

mod actions;
mod drafts;
mod followup;
mod forms;
mod insert;
mod offences;
mod panel_update;
mod shell_undo;
mod table;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};

use super::ids::*;
use super::{Result, Store, StoreError};
use crate::domain::types::*;
pub use followup::ActionNote;
pub(crate) use insert::{household_sql, household_values, intervention_sql, intervention_values};
pub use shell_undo::{PutBack, Undone, SHELL_MARK};
pub use table::{Live, Table};

/// A text value to write.
pub fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

/// A date to write, as `YYYY-MM-DD`.
pub fn date(d: NaiveDate) -> Value {
    Value::Text(d.format("%Y-%m-%d").to_string())
}

/// A date to write, or NULL.
pub fn opt_date(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, date)
}

/// An instant to write, in UTC as [`crate::domain::clock::stamp`] writes it
/// (`2026-10-25T00:30:00Z`).
pub fn time(t: DateTime<Utc>) -> Value {
    Value::Text(fmt_time(t))
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(r) => Some(r.to_string()),
        Value::Text(s) => Some(s.clone()),
        Value::Blob(b) => Some(format!("<{} bytes>", b.len())),
    }
}

pub(crate) fn fmt_time(t: DateTime<Utc>) -> String {
    crate::domain::clock::stamp(t)
}

pub(crate) fn fmt_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A member to add; panel, agency and role are required by [`Store::add_member`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewMember {
    pub panel: Option<PanelId>,
    pub name: String,
    pub post_title: String,
    pub agency: Option<AgencyId>,
    pub role: Option<Role>,
    pub deputy_for: Option<MemberId>,
}

/// An attendance row to add: a member (with their own copy of name and post), a
/// deputy or a visitor.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAttendance {
    pub meeting: MeetingId,
    pub member: Option<MemberId>,
    pub name: String,
    pub post_title: String,
    pub agency: Option<AgencyId>,
    pub status: AttendanceStatus,
    pub deputy_for: Option<MemberId>,
    pub visitor_for: Option<ReferralId>,
}

/// A subject (the person referred) to add.
#[derive(Debug, Clone, Default)]
pub struct NewSubject {
    pub name: String,
    /// Known, or estimated from `stated_age`.
    pub date_of_birth: Option<NaiveDate>,
    /// The age a form stated when it gave no date of birth.
    pub stated_age: Option<crate::domain::age::StatedAge>,
    pub gender: String,
    pub ethnicity: String,
}

/// A member of the subject's household, as the referral gives them.
#[derive(Debug, Clone, Default)]
pub struct HouseholdRow {
    pub name: String,
    pub dob_or_age: String,
    pub relationship: String,
}

/// A referral: every field of Appendix A, and the section 12 fields known on receipt.
#[derive(Debug, Clone)]
pub struct NewReferral {
    pub subject: SubjectId,
    pub referring_agency: AgencyId,
    pub referrer_contact: String,
    pub address: String,
    pub postcode: String,
    pub ward: String,
    pub education_employment: String,
    pub awareness: Awareness,
    pub household: Vec<HouseholdRow>,
    pub concerns: String,
    pub other_referrals: String,
    pub date_received: NaiveDate,
    pub urgent: bool,
    pub welfare_legal_status: String,
    pub criminal_legal_status: String,
    pub previously_known: bool,
    pub core_reason: Option<CoreReason>,
    pub cse_issue: IssueRole,
    pub radicalisation_issue: IssueRole,
    pub named_gang: String,
    pub mappa_category: Option<u8>,
    pub mappa_level: Option<u8>,
}

impl NewReferral {
    /// A referral with only what every referral has; the rest empty or not known.
    pub fn new(subject: SubjectId, referring_agency: AgencyId, date_received: NaiveDate) -> Self {
        NewReferral {
            subject,
            referring_agency,
            referrer_contact: String::new(),
            address: String::new(),
            postcode: String::new(),
            ward: String::new(),
            education_employment: String::new(),
            awareness: Awareness::NotKnown,
            household: vec![],
            concerns: String::new(),
            other_referrals: String::new(),
            date_received,
            urgent: false,
            welfare_legal_status: String::new(),
            criminal_legal_status: String::new(),
            previously_known: false,
            core_reason: None,
            cse_issue: IssueRole::None,
            radicalisation_issue: IssueRole::None,
            named_gang: String::new(),
            mappa_category: None,
            mappa_level: None,
        }
    }
}

/// An action to raise at a meeting (or to carry over from `carried_from`).
#[derive(Debug, Clone, PartialEq)]
pub struct NewAction {
    pub meeting: MeetingId,
    pub referral: Option<ReferralId>,
    pub description: String,
    pub agency: AgencyId,
    pub person: String,
    pub volunteered_by: String,
    pub volunteered_by_member: Option<MemberId>,
    /// Section 7.2: in the room, by a deputy, by written submission or by agreement.
    pub volunteered_how: crate::domain::types::VolunteeredHow,
    pub due_on: NaiveDate,
    pub carried_from: Option<ActionId>,
}

/// A MAPPA level 2/3 case to note at the item after the formal close (section 10.1),
/// with section 12's data set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewMappaNote {
    /// The referral it came from, when it came through the panel.
    pub referral: Option<ReferralId>,
    pub name: String,
    /// 1 to 3.
    pub category: u8,
    /// 2 or 3.
    pub level: u8,
    pub note: String,
    pub data: crate::store::rows::mappa_note::MappaData,
}

/// A row of an intervention plan (Appendix B) to add.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewIntervention {
    pub core_issue: String,
    pub intervention: String,
    pub level_of_contact: String,
    pub agency: Option<AgencyId>,
    pub progress: String,
}

impl Store {
    /// Run `f` as one write: all of it lands, or none of it.
    ///
    /// Outside a transaction this begins `IMMEDIATE`, so the write lock is taken first
    /// and the busy timeout waits out another writer (no "database is locked" after a
    /// read); a failed step or a failed `COMMIT` (a full disk) is rolled back, so the
    /// connection is left clean and nothing later is swallowed into a dead transaction.
    /// Inside one it is a savepoint.
    pub fn atomic<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        if self.conn.is_autocommit() {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            let out = f(self).and_then(|v| {
                self.conn.execute_batch("COMMIT")?;
                Ok(v)
            });
            if out.is_err() && !self.conn.is_autocommit() {
                let _ = self.conn.execute_batch("ROLLBACK");
            }
            return out;
        }
        self.conn.execute_batch("SAVEPOINT rt_atomic")?;
        match f(self) {
            Ok(v) => {
                self.conn.execute_batch("RELEASE rt_atomic")?;
                Ok(v)
            }
            Err(e) => {
                let _ = self
                    .conn
                    .execute_batch("ROLLBACK TO rt_atomic; RELEASE rt_atomic");
                Err(e)
            }
        }
    }

    fn log(
        &self,
        table: Table,
        row: i64,
        col: &str,
        old: Option<String>,
        new: Option<String>,
    ) -> Result<()> {
        if !self.log_changes {
            return Ok(());
        }
        self.append_log(table.name(), row, col, old, new)
    }

    pub(crate) fn log_insert(&self, table: Table, row: i64, summary: &str) -> Result<()> {
        self.log(table, row, "*", None, Some(summary.to_string()))
    }

    /// Write a note to the change log that is not tied to a field (e.g. "demo data generated").
    pub fn log_event(&self, what: &str) -> Result<()> {
        self.append_log("event", 0, "*", None, Some(what.to_string()))
    }

    /// Record a fact that a later default must not replace: set the field only while
    /// it holds nothing (NULL or empty text), as [`Store::set_field`] does; a value
    /// already recorded (a referrer told at screening, a case page's first opening)
    /// stands. Returns whether anything changed.
    pub fn record_once(&self, table: Table, id: i64, col: &str, value: Value) -> Result<bool> {
        let Some(col) = table.editable().iter().copied().find(|c| *c == col) else {
            return Err(StoreError::Rule(format!(
                "{}.{col} is not an editable field",
                table.name()
            )));
        };
        self.atomic(|s| {
            let sql = format!(
                "SELECT {col} IS NULL OR {col} = '' FROM {} WHERE id = ?1",
                table.name()
            );
            let empty: Option<bool> = s
                .conn
                .prepare_cached(&sql)?
                .query_row([id], |r| r.get(0))
                .optional()?;
            match empty {
                Some(true) => s.set_field(table, id, col, value),
                Some(false) => Ok(false),
                None => Err(StoreError::NotFound(format!("{} {id}", table.name()))),
            }
        })
    }

    /// Set one field, logging old and new value. Returns whether anything changed.
    pub fn set_field(&self, table: Table, id: i64, col: &str, value: Value) -> Result<bool> {
        let Some(col) = table.editable().iter().copied().find(|c| *c == col) else {
            return Err(StoreError::Rule(format!(
                "{}.{} is not an editable field",
                table.name(),
                col
            )));
        };
        self.check_rules(table, id, col, &value)?;
        self.atomic(|s| {
            let sql_get = format!("SELECT {col} FROM {} WHERE id = ?1", table.name());
            let old: Option<Value> = s
                .conn
                .prepare_cached(&sql_get)?
                .query_row([id], |r| r.get(0))
                .optional()?;
            let Some(old) = old else {
                return Err(StoreError::NotFound(format!("{} {id}", table.name())));
            };
            if old == value {
                return Ok(false);
            }
            let sql_set = format!("UPDATE {} SET {col} = ?1 WHERE id = ?2", table.name());
            s.conn
                .prepare_cached(&sql_set)?
                .execute(params![value, id])?;
            if table == Table::Subject && col == "name" {
                s.refresh_name_key(id)?;
            }
            s.log(table, id, col, value_text(&old), value_text(&value))?;
            Ok(true)
        })
    }
}
