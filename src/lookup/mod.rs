//! After the meeting: read-only lookups over the store (actions, case history,
//! minutes, the draft agenda, the monitoring return, a calendar file), and the
//! one write a shell user may make (closing an action).
//!
//! Every query is a cached, parameter-bound statement; no SQL text is built from
//! user input. Every string read from the database is passed through
//! [`format::clean`] before it reaches any output.

pub mod actions;
pub mod agenda;
pub mod calendar;
pub mod case;
pub mod doc;
pub mod format;
pub mod minutes;
pub mod panel;
pub mod report;

use chrono::NaiveDate;
use rusqlite::types::FromSql;
use rusqlite::Row;

use crate::store::StoreError;

/// Environment variable that fixes "today" (`YYYY-MM-DD`) for overdue and
/// due-within lookups, the calendar's DTSTAMP and closing dates: for tests and
/// for answering "what was overdue on ...?".
pub const TODAY_ENV: &str = "ROUNDTABLE_TODAY";

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
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("{0}")]
    Io(String),
}

pub type Result<T> = std::result::Result<T, LookupError>;

/// Today: `ROUNDTABLE_TODAY` if set, else the local date.
pub fn today() -> Result<NaiveDate> {
    match std::env::var(TODAY_ENV) {
        Ok(v) if !v.trim().is_empty() => parse_date(v.trim()).map_err(|_| {
            LookupError::Invalid(format!("{TODAY_ENV} must be a date YYYY-MM-DD, not '{v}'"))
        }),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

pub fn parse_date(s: &str) -> std::result::Result<NaiveDate, chrono::ParseError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
}

pub fn fmt_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A text column, cleaned of control characters.
pub(crate) fn text(r: &Row<'_>, i: usize) -> rusqlite::Result<String> {
    let v: Option<String> = r.get(i)?;
    Ok(format::clean(&v.unwrap_or_default()))
}

/// A nullable text column, cleaned; empty text counts as absent.
pub(crate) fn opt_text(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<String>> {
    let v: Option<String> = r.get(i)?;
    Ok(v.map(|s| format::clean(&s)).filter(|s| !s.is_empty()))
}

/// A date column stored as `YYYY-MM-DD` (or a time whose first ten characters are one).
pub(crate) fn opt_date(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let v: Option<String> = r.get(i)?;
    Ok(v.and_then(|s| s.get(..10).and_then(|d| parse_date(d).ok())))
}

pub(crate) fn get<T: FromSql>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    r.get(i)
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
