//! `roundtable actions` as a readable table into a pipe or a file, straight from the
//! query's rows (issue 24): each row read once, only the columns the table shows,
//! its text cleaned where it needs it (borrowed where it does not), written into the
//! table's one buffer; no [`PrintedAction`] is built for it. At a million actions an
//! agency's overdue list is some 15,000 rows, and building, cleaning and freeing every
//! field of every action (most of which the table does not show) was over half of the
//! lookup's time. The same text as [`super::list::write_actions`] on the
//! [`PrintedAction`]s of the same query: both go through [`Listed::cell`].

use std::borrow::Cow;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::actions::{self, ActionQuery, PrintedAction};
use super::format::{clean_cow, push_show_date};
use super::list::TableBuf;
use super::Result;
use crate::domain::types::ActionStatus;
use crate::store::rows::{code_at, date_at, opt_date_at};

/// What the table shows of an action (and what its count and escalation lines
/// need), by position: see [`listed`].
const COLUMNS: &str = "SELECT a.id, a.due_on, a.status, a.completed_on, ag.code, a.person,
        a.referral_id, s.name, m.date, a.description, a.carried_from_action_id,
        a.carried_over";

/// An action as the readable table shows it: the text cleaned as [`PrintedAction`]'s
/// is (blank person and subject absent), borrowed from the row or the action.
#[derive(Debug)]
pub struct Listed<'a> {
    pub id: i64,
    pub due_on: NaiveDate,
    pub days_overdue: Option<i64>,
    /// The status code (`open`, `done`, ...).
    pub status: &'a str,
    pub completed_on: Option<NaiveDate>,
    pub agency_code: Cow<'a, str>,
    pub person: Option<Cow<'a, str>>,
    pub case_id: Option<i64>,
    pub subject: Option<Cow<'a, str>>,
    pub meeting_date: Option<NaiveDate>,
    pub description: Cow<'a, str>,
}

impl<'a> Listed<'a> {
    /// The table's view of an action already read.
    pub fn of(a: &'a PrintedAction) -> Listed<'a> {
        Listed {
            id: a.id,
            due_on: a.due_on,
            days_overdue: a.days_overdue,
            status: &a.status,
            completed_on: a.completed_on,
            agency_code: Cow::Borrowed(&a.agency_code),
            person: a.person.as_deref().map(Cow::Borrowed),
            case_id: a.case_id,
            subject: a.subject.as_deref().map(Cow::Borrowed),
            meeting_date: a.meeting_date,
            description: Cow::Borrowed(&a.description),
        }
    }

    /// Cell `i` of the readable table (ID, Due, Status, Agency, Case, Subject,
    /// Meeting, Action), appended to `out` as it is (the table makes it one line).
    pub fn cell(&self, out: &mut String, i: usize) {
        use std::fmt::Write as _;
        match i {
            0 => {
                let _ = write!(out, "{}", self.id);
            }
            1 => push_show_date(out, self.due_on),
            2 => actions::push_status_label(out, self.days_overdue, self.status, self.completed_on),
            3 => {
                out.push_str(&self.agency_code);
                if let Some(p) = &self.person {
                    let _ = write!(out, " ({p})");
                }
            }
            4 => {
                if let Some(c) = self.case_id {
                    let _ = write!(out, "{c}");
                }
            }
            5 => out.push_str(self.subject.as_deref().unwrap_or("")),
            6 => {
                if let Some(d) = self.meeting_date {
                    push_show_date(out, d);
                }
            }
            _ => out.push_str(&self.description),
        }
    }
}

/// Text cleaned, empty counting as absent (as [`PrintedAction`]'s person and subject).
fn nonblank(s: Option<&str>) -> Option<Cow<'_, str>> {
    s.map(clean_cow).filter(|c| !c.is_empty())
}

/// One row of [`COLUMNS`] as the table shows it, overdue against `today`; with its
/// carry-over link and count.
fn listed<'r>(
    r: &'r rusqlite::Row<'r>,
    today: NaiveDate,
) -> rusqlite::Result<(Listed<'r>, bool, u32)> {
    let due_on = date_at(r, 1, "due_on")?;
    // An unknown code reads as open, as the action row's mapper reads it.
    let status = code_at(r, 2, ActionStatus::from_code)?.unwrap_or(ActionStatus::Open);
    let overdue = status == ActionStatus::Open && due_on < today;
    let carried_from: Option<i64> = r.get(10)?;
    let carried_over = u32::try_from(r.get::<_, i64>(11)?).unwrap_or(0);
    Ok((
        Listed {
            id: r.get(0)?,
            due_on,
            days_overdue: overdue.then(|| (today - due_on).num_days()),
            status: status.code(),
            completed_on: opt_date_at(r, 3)?,
            agency_code: clean_cow(r.get_ref(4)?.as_str_or_null()?.unwrap_or("")),
            person: nonblank(r.get_ref(5)?.as_str_or_null()?),
            case_id: r.get(6)?,
            subject: nonblank(r.get_ref(7)?.as_str_or_null()?),
            meeting_date: Some(date_at(r, 8, "meeting_date")?),
            description: clean_cow(r.get_ref(9)?.as_str()?),
        },
        carried_from.is_some(),
        carried_over,
    ))
}

/// What [`table`] read besides the table: for the count line and the escalation line.
#[derive(Debug, Default)]
pub struct Listing {
    pub rows: usize,
    pub overdue: usize,
    /// Open actions carried over, by id with their counts, in the list's order.
    pub carried: Vec<(i64, u32)>,
}

/// The actions matching `q` (as [`actions::find`] finds them) made into the readable
/// table's buffer, overdue rows red when `colour`. Errors: as [`actions::find`].
pub fn table(
    conn: &Connection,
    q: &ActionQuery,
    today: NaiveDate,
    colour: bool,
) -> Result<(TableBuf, Listing)> {
    let (sql, params, _) = actions::query_from(conn, q, today, COLUMNS)?;
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query(rusqlite::params_from_iter(params))?;
    let mut buf = TableBuf::new(&super::list::HEADERS);
    let mut listing = Listing::default();
    while let Some(r) = rows.next()? {
        let (l, carried, times) = listed(r, today)?;
        let overdue = l.days_overdue.is_some();
        buf.push_row(|out, i| l.cell(out, i), colour && overdue);
        listing.rows += 1;
        listing.overdue += usize::from(overdue);
        if carried && l.status == ActionStatus::Open.code() {
            listing.carried.push((l.id, times));
        }
    }
    Ok((buf, listing))
}
