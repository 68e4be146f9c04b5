//! The panel, agencies and meetings that lookups name: loaded once, resolved from
//! what the user typed, with a clear message when nothing matches.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::{cleaned, fmt_date, fmt_time, nonblank, opt_date, text, LookupError, Result};
use crate::domain::meeting_ref::{ambiguous, normal_time, MeetingRef};
use crate::store::rows::{agency, meeting};
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

/// An agency as the lookups name it: its short code and full name, cleaned.
#[derive(Debug, Clone, Serialize)]
pub struct AgencyName {
    #[serde(skip)]
    pub id: AgencyId,
    pub code: String,
    pub name: String,
}

impl AgencyName {
    /// The lookups' view of an agency row.
    pub fn from_row(a: &agency::Agency) -> AgencyName {
        AgencyName {
            id: a.id,
            code: cleaned(&a.code),
            name: cleaned(&a.name),
        }
    }
}

/// An agency by its short code or full name, ignoring case. Errors: `NotFound`,
/// listing the codes there are.
pub fn resolve_agency(conn: &Connection, typed: &str) -> Result<AgencyName> {
    let typed = typed.trim();
    let sql = format!(
        "SELECT {} FROM {}
         WHERE ag.code = ?1 COLLATE NOCASE OR ag.name = ?1 COLLATE NOCASE
         ORDER BY (ag.code = ?1 COLLATE NOCASE) DESC, ag.id LIMIT 1",
        agency::COLUMNS,
        agency::FROM
    );
    let found = conn
        .prepare_cached(&sql)?
        .query_row([typed], |r| Ok(AgencyName::from_row(&agency::from_row(r)?)))
        .optional()?;
    if let Some(a) = found {
        return Ok(a);
    }
    let codes: Vec<String> = conn
        .prepare_cached("SELECT code FROM agency ORDER BY code")?
        .query_map([], |r| text(r, "code"))?
        .collect::<rusqlite::Result<_>>()?;
    Err(LookupError::NotFound(format!(
        "unknown agency '{}' (use a short code or full name; codes: {})",
        super::format::one_line(typed),
        codes.join(", ")
    )))
}

/// A meeting as the lookups print it (serialised for `--json`): its state as a
/// code (`closed`) and the formal close as stored (`YYYY-MM-DD HH:MM:SS`).
#[derive(Debug, Clone, Serialize)]
pub struct PrintedMeeting {
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

impl PrintedMeeting {
    /// The lookups' view of a meeting row.
    pub fn from_row(m: &meeting::Meeting) -> PrintedMeeting {
        PrintedMeeting {
            id: m.id,
            panel: m.panel,
            date: m.date,
            start_time: m.start_time.as_deref().and_then(nonblank),
            venue: cleaned(&m.venue),
            state: m.state.code().to_string(),
            formally_closed_at: m.formally_closed_at.map(fmt_time),
        }
    }
}

/// The meeting `at` names: the one held (or planned) on its date, or with a time
/// (`2027-01-13@14:00`) the one starting then. Errors: `NotFound`, naming the
/// meetings nearest it; `Invalid` when the date alone names two meetings (the line
/// says how to name each).
pub fn resolve_meeting(conn: &Connection, at: impl Into<MeetingRef>) -> Result<PrintedMeeting> {
    let at: MeetingRef = at.into();
    let date = at.date;
    let sql = format!(
        "SELECT {} FROM {} WHERE m.date = ?1 ORDER BY m.panel_id, ifnull(m.start_time, ''), m.id",
        meeting::COLUMNS,
        meeting::FROM
    );
    let day: Vec<meeting::Meeting> = conn
        .prepare_cached(&sql)?
        .query_map([fmt_date(date)], meeting::from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let want = at.time_text();
    let found: Vec<&meeting::Meeting> = day
        .iter()
        .filter(|m| want.is_none() || normal_time(m.start_time.as_deref()) == want)
        .collect();
    match found.as_slice() {
        [m] => return Ok(PrintedMeeting::from_row(m)),
        [] if !day.is_empty() => {
            let times: Vec<String> = day
                .iter()
                .map(|m| normal_time(m.start_time.as_deref()).unwrap_or_else(|| "no time".into()))
                .collect();
            return Err(LookupError::NotFound(format!(
                "no meeting at {at} (the meetings on {} are at {})",
                fmt_date(date),
                times.join(" and ")
            )));
        }
        [] => {}
        many => {
            let times: Vec<_> = many
                .iter()
                .map(|m| (normal_time(m.start_time.as_deref()), m.kind))
                .collect();
            return Err(LookupError::Invalid(ambiguous(date, &times)));
        }
    }
    let near: Vec<String> = conn
        .prepare_cached(
            "SELECT date FROM (
                SELECT date FROM meeting WHERE date < ?1 ORDER BY date DESC LIMIT 2
             ) UNION SELECT date FROM (
                SELECT date FROM meeting WHERE date > ?1 ORDER BY date LIMIT 2
             ) ORDER BY date",
        )?
        .query_map([fmt_date(date)], |r| text(r, "date"))?
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

/// The first meeting on or after `today` not yet closed: the one `agenda` drafts
/// when no date is given. Errors: `NotFound` when none is planned.
pub fn next_meeting(conn: &Connection, today: NaiveDate) -> Result<NaiveDate> {
    conn.prepare_cached(
        "SELECT date FROM meeting WHERE date >= ?1 AND state != 'closed' ORDER BY date LIMIT 1",
    )?
    .query_row([fmt_date(today)], |r| opt_date(r, "date"))
    .optional()?
    .flatten()
    .ok_or_else(|| {
        LookupError::NotFound(format!(
            "no meeting planned on or after {}: give --meeting DATE, or plan one with `roundtable meetings add DATE`",
            fmt_date(today)
        ))
    })
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
        .query_row(rusqlite::params![panel, fmt_date(date)], |r| {
            opt_date(r, "date")
        })
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
        .query_row(rusqlite::params![panel, fmt_date(date)], |r| {
            opt_date(r, "date")
        })
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
    let rows = st.query_map(rusqlite::params![panel, fmt_date(date)], |r| {
        opt_date(r, "date")
    })?;
    Ok(rows
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect())
}
