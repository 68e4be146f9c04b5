//! The panel, agencies and meetings that lookups name: loaded once, resolved from
//! what the user typed, with a clear message when nothing matches.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::{fmt_date, opt_date, text, LookupError, Result};
use crate::store::{AgencyId, MeetingId, PanelId};

/// What every document carries: the panel's name, marking and statement (the one
/// panel reader, shared with the meeting screens).
pub use crate::store::panel::PanelInfo;

/// The panel `id`, or the first in the file; "the database holds no panel yet" when
/// there is none.
pub fn load_panel(conn: &Connection, id: Option<PanelId>) -> Result<PanelInfo> {
    PanelInfo::load(conn, id).map_err(|e| match e {
        crate::store::StoreError::NotFound(_) => {
            LookupError::NotFound("the database holds no panel yet".into())
        }
        e => e.into(),
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct Agency {
    #[serde(skip)]
    pub id: AgencyId,
    pub code: String,
    pub name: String,
}

/// An agency by its short code or full name, ignoring case.
pub fn resolve_agency(conn: &Connection, typed: &str) -> Result<Agency> {
    let typed = typed.trim();
    let found = conn
        .prepare_cached(
            "SELECT id, code, name FROM agency
             WHERE code = ?1 COLLATE NOCASE OR name = ?1 COLLATE NOCASE
             ORDER BY (code = ?1 COLLATE NOCASE) DESC, id LIMIT 1",
        )?
        .query_row([typed], |r| {
            Ok(Agency {
                id: r.get(0)?,
                code: text(r, 1)?,
                name: text(r, 2)?,
            })
        })
        .optional()?;
    if let Some(a) = found {
        return Ok(a);
    }
    let codes: Vec<String> = conn
        .prepare_cached("SELECT code FROM agency ORDER BY code")?
        .query_map([], |r| text(r, 0))?
        .collect::<rusqlite::Result<_>>()?;
    Err(LookupError::NotFound(format!(
        "unknown agency '{}' (use a short code or full name; codes: {})",
        super::format::one_line(typed),
        codes.join(", ")
    )))
}

#[derive(Debug, Clone, Serialize)]
pub struct Meeting {
    #[serde(skip)]
    pub id: MeetingId,
    #[serde(skip)]
    pub panel: PanelId,
    pub date: NaiveDate,
    pub start_time: Option<String>,
    pub venue: String,
    pub state: String,
    pub formally_closed_at: Option<String>,
}

/// The meeting held (or planned) on `date`.
pub fn resolve_meeting(conn: &Connection, date: NaiveDate) -> Result<Meeting> {
    let found = conn
        .prepare_cached(
            "SELECT id, panel_id, date, start_time, venue, state, formally_closed_at
             FROM meeting WHERE date = ?1 ORDER BY panel_id LIMIT 1",
        )?
        .query_row([fmt_date(date)], |r| {
            Ok(Meeting {
                id: r.get(0)?,
                panel: r.get(1)?,
                date: opt_date(r, 2)?.unwrap_or(date),
                start_time: super::opt_text(r, 3)?,
                venue: text(r, 4)?,
                state: text(r, 5)?,
                formally_closed_at: super::opt_text(r, 6)?,
            })
        })
        .optional()?;
    if let Some(m) = found {
        return Ok(m);
    }
    let near: Vec<String> = conn
        .prepare_cached(
            "SELECT date FROM (
                SELECT date FROM meeting WHERE date < ?1 ORDER BY date DESC LIMIT 2
             ) UNION SELECT date FROM (
                SELECT date FROM meeting WHERE date > ?1 ORDER BY date LIMIT 2
             ) ORDER BY date",
        )?
        .query_map([fmt_date(date)], |r| text(r, 0))?
        .collect::<rusqlite::Result<_>>()?;
    let hint = if near.is_empty() {
        "there are no meetings in this database".to_string()
    } else {
        format!("meetings near it: {}", near.join(", "))
    };
    Err(LookupError::NotFound(format!(
        "no meeting on {} ({hint})",
        fmt_date(date)
    )))
}

/// The meeting before `date`, if any.
pub fn previous_meeting(
    conn: &Connection,
    panel: PanelId,
    date: NaiveDate,
) -> Result<Option<NaiveDate>> {
    Ok(conn
        .prepare_cached(
            "SELECT date FROM meeting WHERE panel_id = ?1 AND date < ?2 ORDER BY date DESC LIMIT 1",
        )?
        .query_row(rusqlite::params![panel, fmt_date(date)], |r| opt_date(r, 0))
        .optional()?
        .flatten())
}

/// The meeting after `date`, if any.
pub fn following_meeting(
    conn: &Connection,
    panel: PanelId,
    date: NaiveDate,
) -> Result<Option<NaiveDate>> {
    Ok(conn
        .prepare_cached(
            "SELECT date FROM meeting WHERE panel_id = ?1 AND date > ?2 ORDER BY date LIMIT 1",
        )?
        .query_row(rusqlite::params![panel, fmt_date(date)], |r| opt_date(r, 0))
        .optional()?
        .flatten())
}

/// Dates of the panel's meetings after `date`, oldest first.
pub fn later_meetings(
    conn: &Connection,
    panel: PanelId,
    date: NaiveDate,
) -> Result<Vec<NaiveDate>> {
    let mut st = conn.prepare_cached(
        "SELECT date FROM meeting WHERE panel_id = ?1 AND date > ?2 ORDER BY date",
    )?;
    let rows = st.query_map(rusqlite::params![panel, fmt_date(date)], |r| opt_date(r, 0))?;
    Ok(rows
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect())
}
