//! The panel, agencies and meetings that lookups name: loaded once, resolved from
//! what the user typed, with a clear message when nothing matches.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::{fmt_date, opt_date, text, LookupError, Result};
use crate::domain::agenda::AgendaItemDef;
use crate::domain::panel_def::MeetingPattern;
use crate::domain::risk::RiskScale;
use crate::store::{AgencyId, MeetingId, PanelId};

/// What every document carries: the panel's name, marking and statement.
#[derive(Debug, Clone, Serialize)]
pub struct PanelInfo {
    #[serde(skip)]
    pub id: PanelId,
    pub name: String,
    pub short_name: String,
    pub protective_marking: String,
    pub confidentiality_statement: String,
    pub venue: String,
    pub cutoff_working_days: u32,
    pub agenda_circulation_working_days: u32,
    #[serde(skip)]
    pub risk_scale: RiskScale,
    #[serde(skip)]
    pub agenda: Vec<AgendaItemDef>,
    #[serde(skip)]
    pub start_time: Option<String>,
}

impl PanelInfo {
    /// The panel `id`, or the first panel in the file when `None`.
    pub fn load(conn: &Connection, id: Option<PanelId>) -> Result<PanelInfo> {
        let row = conn
            .prepare_cached(
                "SELECT id, name, short_name, protective_marking, confidentiality_statement, venue,
                    cutoff_working_days, agenda_circulation_working_days, risk_scale, agenda,
                    meeting_pattern
                 FROM panel WHERE (?1 IS NULL OR id = ?1) ORDER BY id LIMIT 1",
            )?
            .query_row([id], |r| {
                Ok((
                    PanelInfo {
                        id: r.get(0)?,
                        name: text(r, 1)?,
                        short_name: text(r, 2)?,
                        protective_marking: text(r, 3)?,
                        confidentiality_statement: text(r, 4)?,
                        venue: text(r, 5)?,
                        cutoff_working_days: r.get(6)?,
                        agenda_circulation_working_days: r.get(7)?,
                        risk_scale: RiskScale::default_scale(),
                        agenda: vec![],
                        start_time: None,
                    },
                    r.get::<_, String>(8)?,
                    r.get::<_, String>(9)?,
                    r.get::<_, String>(10)?,
                ))
            })
            .optional()?;
        let Some((mut p, scale, agenda, pattern)) = row else {
            return Err(LookupError::NotFound(
                "the database holds no panel yet".into(),
            ));
        };
        if let Ok(s) = RiskScale::from_json(&scale) {
            p.risk_scale = s;
        }
        p.agenda = serde_json::from_str(&agenda).unwrap_or_default();
        p.start_time = serde_json::from_str::<MeetingPattern>(&pattern)
            .ok()
            .and_then(|m| m.start_time);
        Ok(p)
    }

    /// The marking, never blank: RESTRICTED when the panel row has none.
    pub fn marking(&self) -> &str {
        if self.protective_marking.trim().is_empty() {
            "RESTRICTED"
        } else {
            self.protective_marking.trim()
        }
    }
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
