//! Between meetings (issue 26): status requests sent to each agency and read back
//! ([`request`], [`import`]), reminders of what is due ([`remind`]), and what is
//! drifting ([`drift`]: returns not back, actions carried over again and again, plans
//! not progressing).
//!
//! A sheet names a case by its ID and the subject's initials only (an anonymous
//! case by its label), never a name: it leaves the database for an agency's inbox.

pub mod drift;
pub mod import;
pub mod read;
pub mod remind;
pub mod request;

use chrono::NaiveDate;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::Result;

/// The columns of a status sheet (CSV and XLSX alike), in order; the marking column
/// follows. The three to fill are [`FILL`].
pub const HEADERS: &[&str] = &[
    "action_id",
    "case_id",
    "initials",
    "action",
    "due_on",
    "overdue",
    "carried_over",
    "status",
    "done_on",
    "note",
    "agency",
    "issued_on",
    "sheet",
    "database",
    "fingerprint",
];

/// The columns an agency fills in: what it reports.
pub const FILL: &[&str] = &["status", "done_on", "note"];

/// What an agency may write in the status column (any case; blank: nothing to
/// report but the note, if any).
pub const STATUS_WORDS: &[&str] = &["done", "not done", "in progress"];

/// One open action as a sheet lists it, with what its fingerprint is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetAction {
    pub id: i64,
    pub agency_id: i64,
    pub agency_code: String,
    pub case_id: Option<i64>,
    /// The subject's initials, or an anonymous case's label; empty without a case.
    pub initials: String,
    pub description: String,
    pub due_on: NaiveDate,
    pub status: String,
    pub completed_on: Option<String>,
    pub note: String,
    pub person: String,
    /// How many times it has been carried over to a new date (its chain of
    /// `carried_from` links).
    pub carried_over: u32,
    pub meeting_date: NaiveDate,
}

/// The select every sheet query shares; `WHERE` follows. An action's carry-overs are
/// the count kept in its row (`action.carried_over`: the links of its chain of
/// `carried_from` links, kept by the database as each is written, issue 24).
const SELECT: &str = "SELECT a.id, a.agency_id, g.code, a.referral_id, s.name,
        (SELECT cm.label FROM case_mark cm WHERE cm.referral_id = a.referral_id AND cm.anonymous = 1),
        a.description, a.due_on, a.status, a.completed_on, a.completion_note, a.person, m.date,
        a.carried_over
     FROM action a JOIN agency g ON g.id = a.agency_id JOIN meeting m ON m.id = a.meeting_id
     LEFT JOIN referral r ON r.id = a.referral_id LEFT JOIN subject s ON s.id = r.subject_id";

/// [`SELECT`] of one agency's open actions by due date and id, in the order of the
/// open actions' covering index (`action_open_agency_due`: no sort, no action row
/// read), each case's subject through the small covering indexes of a case's
/// subject and a subject's name (not the wide referral and subject rows).
fn select_open_of_agency() -> String {
    let select = SELECT
        .replace(
            "FROM action a JOIN",
            "FROM action a INDEXED BY action_open_agency_due JOIN",
        )
        .replace(
            "LEFT JOIN referral r ON",
            "LEFT JOIN referral r INDEXED BY referral_id_subject ON",
        )
        .replace(
            "LEFT JOIN subject s ON",
            "LEFT JOIN subject s INDEXED BY subject_id_name ON",
        );
    format!("{select} WHERE a.agency_id = ?1 AND a.status = 'open' ORDER BY a.due_on, a.id")
}

/// A stored day (`YYYY-MM-DD`) read without chrono's general parser (two a row of a
/// county's sheets); anything else as chrono reads it.
fn ymd(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let n = |r: std::ops::Range<usize>| -> Option<u32> {
            b.get(r)?.iter().try_fold(0u32, |a, &c| {
                c.is_ascii_digit().then(|| a * 10 + u32::from(c - b'0'))
            })
        };
        let year = i32::try_from(n(0..4)?).ok()?;
        return NaiveDate::from_ymd_opt(year, n(5..7)?, n(8..10)?);
    }
    s.parse().ok()
}

fn sheet_action(r: &rusqlite::Row<'_>) -> rusqlite::Result<SheetAction> {
    let name: Option<String> = r.get(4)?;
    let label: Option<String> = r.get(5)?;
    let day = |i: usize| -> rusqlite::Result<NaiveDate> {
        let s = r.get_ref(i)?.as_str()?;
        ymd(s).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                i,
                rusqlite::types::Type::Text,
                format!("not a date: {s}").into(),
            )
        })
    };
    let carried: Option<i64> = r.get(13)?;
    Ok(SheetAction {
        id: r.get(0)?,
        agency_id: r.get(1)?,
        agency_code: r.get(2)?,
        case_id: r.get(3)?,
        initials: match (label, name) {
            (Some(l), _) => l,
            (None, Some(n)) => super::format::initials(&n),
            (None, None) => String::new(),
        },
        description: r.get(6)?,
        due_on: day(7)?,
        status: r.get(8)?,
        completed_on: r.get(9)?,
        note: r.get(10)?,
        person: r.get(11)?,
        meeting_date: day(12)?,
        carried_over: u32::try_from(carried.unwrap_or(0)).unwrap_or(0),
    })
}

/// The open actions of agency `agency` (every agency: `None`), by agency, due date
/// and id.
pub fn open_actions(conn: &Connection, agency: Option<i64>) -> Result<Vec<SheetAction>> {
    let sql = format!(
        "{SELECT} WHERE a.status = 'open' AND (?1 IS NULL OR a.agency_id = ?1)
         ORDER BY g.code, a.due_on, a.id"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map([agency], sheet_action)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The open actions of agency `agency` by due date and id: [`open_actions`] of one
/// agency, read in the index's order.
pub fn open_actions_of(conn: &Connection, agency: i64) -> rusqlite::Result<Vec<SheetAction>> {
    conn.prepare_cached(&select_open_of_agency())?
        .query_map([agency], sheet_action)?
        .collect()
}

/// The agencies with an open action, by code: (id, code).
pub fn agencies_with_open_actions(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let rows = conn
        .prepare_cached(
            "SELECT g.id, g.code FROM agency g
             WHERE EXISTS (SELECT 1 FROM action a INDEXED BY action_open_agency_due
                           WHERE a.agency_id = g.id AND a.status = 'open')
             ORDER BY g.code, g.id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One action as it stands now, if there is one with this id.
pub fn action_now(conn: &Connection, id: i64) -> Result<Option<SheetAction>> {
    use rusqlite::OptionalExtension;
    let sql = format!("{SELECT} WHERE a.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], sheet_action)
        .optional()?)
}

/// The fingerprint of an action as it stands: SHA-256 over the database's identity
/// and every field a return could contradict (agency, case, what, due, status and
/// outcome, person), each with its length; the first 16 hex digits. A change to
/// any of them after the sheet was issued gives another fingerprint.
pub fn fingerprint(database: &str, a: &SheetAction) -> String {
    let mut h = Sha256::new();
    let mut field = |b: &[u8]| {
        h.update((b.len() as u64).to_le_bytes());
        h.update(b);
    };
    field(database.as_bytes());
    field(&a.id.to_le_bytes());
    field(&a.agency_id.to_le_bytes());
    field(&a.case_id.unwrap_or(-1).to_le_bytes());
    field(a.description.as_bytes());
    field(a.due_on.to_string().as_bytes());
    field(a.status.as_bytes());
    field(a.completed_on.as_deref().unwrap_or("").as_bytes());
    field(a.note.as_bytes());
    field(a.person.as_bytes());
    let d = h.finalize();
    crate::store::audit::hex(&d[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action() -> SheetAction {
        SheetAction {
            id: 7,
            agency_id: 2,
            agency_code: "POL".into(),
            case_id: Some(3),
            initials: "T.Q.".into(),
            description: "Visit the family".into(),
            due_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
            status: "open".into(),
            completed_on: None,
            note: String::new(),
            person: String::new(),
            carried_over: 0,
            meeting_date: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default(),
        }
    }

    #[test]
    fn a_stored_day_reads_as_chrono_reads_it() {
        for s in [
            "2026-11-22",
            "2024-02-29",
            "2026-02-29",
            "2026-13-01",
            "2026-1-22",
            "2026-11-2x",
            "20261122",
            "",
        ] {
            assert_eq!(ymd(s), s.parse::<NaiveDate>().ok(), "{s}");
        }
    }

    #[test]
    fn any_field_a_return_could_contradict_changes_the_fingerprint() {
        let a = action();
        let f = fingerprint("db1", &a);
        assert_eq!(f.len(), 16);
        assert_eq!(
            f,
            fingerprint("db1", &a.clone()),
            "the same action, the same print"
        );
        assert_ne!(f, fingerprint("db2", &a), "another database");
        let mut b = a.clone();
        b.due_on = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default();
        assert_ne!(f, fingerprint("db1", &b), "due date moved");
        let mut b = a.clone();
        b.status = "done".into();
        assert_ne!(f, fingerprint("db1", &b), "closed");
        let mut b = a.clone();
        b.description.push('!');
        assert_ne!(f, fingerprint("db1", &b), "reworded");
        let mut b = a.clone();
        b.carried_over = 4;
        b.initials = "X.".into();
        assert_eq!(
            f,
            fingerprint("db1", &b),
            "what is shown only, not the action"
        );
    }
}
