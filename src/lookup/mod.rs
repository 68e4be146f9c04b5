//! After the meeting: read-only lookups over the store (actions, case history,
//! minutes, the draft agenda, the monitoring return, a calendar file), and the
//! one write a shell user may make (closing an action).
//!
//! Rows are read through the store's shared mappers ([`crate::store::rows`]), by
//! column name, the same as the meeting screens; what a query adds beside a row is
//! read by name too. Every query is a cached, parameter-bound statement; no SQL
//! text is built from user input. Every string read from the database is passed
//! through [`format::clean`] before it reaches any output.

pub mod action_edit;
pub mod actions;
pub mod agenda;
pub mod amendment;
pub mod audit;
pub mod between;
pub mod calendar;
pub mod case;
mod columns;
pub mod doc;
pub mod docx;
pub mod extract;
pub mod format;
pub mod list;
pub mod listed;
mod markdown;
pub mod minutes;
pub mod panel;
mod plans;
pub mod record;
pub mod report;
pub mod retention;
pub mod seal;
pub mod sheet;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Row;

use crate::store::rows;
use crate::store::StoreError;

/// Environment variable that fixes "today" (`YYYY-MM-DD`) for overdue and
/// due-within lookups, the calendar's DTSTAMP and closing dates: for tests and
/// for answering "what was overdue on ...?".
pub const TODAY_ENV: &str = "ROUNDTABLE_TODAY";

/// Why a lookup could not answer; the CLI maps each to an exit status.
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    /// Something the user named does not exist (agency, case, meeting, action).
    #[error("{0}")]
    NotFound(String),
    /// A request that cannot be answered as asked.
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}", crate::store::sql_text(.0))]
    Sql(#[from] rusqlite::Error),
    #[error("{0}")]
    Io(String),
}

/// A lookup result.
pub type Result<T> = std::result::Result<T, LookupError>;

/// Today: `ROUNDTABLE_TODAY` if set (`YYYY-MM-DD` or `DD/MM/YYYY`), else the local date.
pub fn today() -> Result<NaiveDate> {
    match std::env::var(TODAY_ENV) {
        Ok(v) if !v.trim().is_empty() => crate::domain::intake::parse_date(&v)
            .map_err(|e| LookupError::Invalid(format!("{TODAY_ENV}: {e}"))),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// A date typed as `YYYY-MM-DD` or `DD/MM/YYYY`, the year in four digits.
pub fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    crate::domain::dates::parse_typed_date(s)
}

/// A date as `YYYY-MM-DD`.
pub fn fmt_date(d: NaiveDate) -> String {
    crate::domain::iso::date_string(d)
}

/// A text column read by name (see [`rows::extra`]), cleaned of control characters
/// (NULL reads as empty). For what a query adds beside a mapped row
/// (`ag.code AS agency_code`).
pub(crate) fn text(r: &Row<'_>, col: &str) -> rusqlite::Result<String> {
    let v: Option<String> = rows::extra(r, col)?;
    Ok(format::clean(&v.unwrap_or_default()))
}

/// A nullable text column read by name, cleaned; empty text counts as absent.
pub(crate) fn opt_text(r: &Row<'_>, col: &str) -> rusqlite::Result<Option<String>> {
    let v: Option<String> = rows::extra(r, col)?;
    Ok(v.as_deref().and_then(nonblank))
}

/// A date column read by name, stored as `YYYY-MM-DD` (or a time whose first ten
/// characters are one); anything else reads as absent.
pub(crate) fn opt_date(r: &Row<'_>, col: &str) -> rusqlite::Result<Option<NaiveDate>> {
    rows::opt_date(r, col)
}

/// Text from a mapped row, cleaned of control characters.
pub(crate) fn cleaned(s: &str) -> String {
    format::clean(s)
}

/// Text from a mapped row, cleaned; empty text counts as absent.
pub(crate) fn nonblank(s: &str) -> Option<String> {
    Some(format::clean(s)).filter(|c| !c.is_empty())
}

/// A stored instant as the lookups print it: local `YYYY-MM-DD HH:MM:SS`.
pub(crate) fn fmt_time(t: DateTime<Utc>) -> String {
    crate::domain::clock::local(t)
        .format(crate::domain::clock::LOCAL_FORMAT)
        .to_string()
}

/// SQL for the local date (`YYYY-MM-DD`) of the stored instant in column `col`: a
/// UTC stamp (`...Z`) by SQLite's `localtime` (the process's `TZ`), an old local
/// time by its first ten characters.
pub(crate) fn local_date_sql(col: &str) -> String {
    format!(
        "(CASE WHEN {col} LIKE '%Z' THEN date({col}, 'localtime') ELSE substr({col}, 1, 10) END)"
    )
}

/// `LIKE` pattern matching `part` anywhere, with `%`, `_` and `\` taken literally
/// (use with `ESCAPE '\'`).
pub(crate) fn like_pattern(part: &str) -> String {
    let mut p = String::from("%");
    for c in part.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}
