//! `roundtable actions`: what each agency owes, by when; and closing one.

use chrono::{Duration, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::format::{plain, show_date, user, Table};
use super::panel::{resolve_agency, resolve_meeting, Agency};
use super::{cleaned, fmt_date, nonblank, opt_text, text, LookupError, Result};
use crate::domain::types::ActionStatus;
use crate::store::rows::action;
use crate::store::{ActionId, Store};

/// Which actions by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StatusFilter {
    /// Still to do (the default).
    #[default]
    Open,
    /// Marked done.
    Done,
    /// Any status: open, done, not done, carried over.
    All,
}

/// What the user asked for; names are resolved by [`find`].
#[derive(Debug, Clone, Default)]
pub struct ActionQuery {
    pub agency: Option<String>,
    pub case: Option<i64>,
    pub subject: Option<String>,
    pub overdue: bool,
    pub due_within: Option<u32>,
    pub status: StatusFilter,
    pub meeting: Option<NaiveDate>,
}

/// An action as `roundtable actions` prints it (serialised for `--json`): built
/// from the shared action row with its agency and subject, user text cleaned and
/// empty text absent.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ActionRow {
    pub id: i64,
    pub due_on: NaiveDate,
    pub status: String,
    pub overdue: bool,
    /// Whole days past the due date, for overdue actions.
    pub days_overdue: Option<i64>,
    /// The agency's short code (`agency` in every command's JSON).
    #[serde(rename = "agency")]
    pub agency_code: String,
    pub agency_name: String,
    pub person: Option<String>,
    pub case_id: Option<i64>,
    pub subject: Option<String>,
    pub meeting_date: Option<NaiveDate>,
    pub description: String,
    pub volunteered_by: Option<String>,
    pub completed_on: Option<NaiveDate>,
    pub completion_note: Option<String>,
    pub carried_from: Option<i64>,
}

impl ActionRow {
    fn status_label(&self) -> String {
        if let Some(d) = self.days_overdue {
            return format!("OVERDUE {d}d");
        }
        let label = ActionStatus::from_code(&self.status)
            .map(|s| s.label().to_string())
            .unwrap_or_else(|| self.status.clone());
        match self.completed_on {
            Some(on) if self.status != "open" => format!("{label} {}", fmt_date(on)),
            _ => label,
        }
    }
}

/// The actions query up to its WHERE: the action row (see [`action::COLUMNS`]) with
/// its agency's code and name and its subject's name.
fn select() -> String {
    format!(
        "SELECT {}, ag.code AS agency_code, ag.name AS agency_name, s.name AS subject_name
         FROM {}
         JOIN agency ag ON ag.id = a.agency_id
         LEFT JOIN referral r ON r.id = a.referral_id
         LEFT JOIN subject s ON s.id = r.subject_id",
        action::COLUMNS,
        action::FROM
    )
}

/// One action as the lookups print it, overdue marks computed against `today`.
fn row(r: &rusqlite::Row<'_>, today: NaiveDate) -> rusqlite::Result<ActionRow> {
    let a = action::from_row(r)?;
    let overdue = a.status == ActionStatus::Open && a.due_on < today;
    Ok(ActionRow {
        id: a.id.0,
        due_on: a.due_on,
        status: a.status.code().to_string(),
        overdue,
        days_overdue: overdue.then(|| (today - a.due_on).num_days()),
        agency_code: text(r, "agency_code")?,
        agency_name: text(r, "agency_name")?,
        person: nonblank(&a.person),
        case_id: a.referral.map(|c| c.0),
        subject: opt_text(r, "subject_name")?,
        meeting_date: Some(a.meeting_date),
        description: cleaned(&a.description),
        volunteered_by: nonblank(&a.volunteered_how.describe(&a.volunteered_by)),
        completed_on: a.completed_on,
        completion_note: nonblank(&a.note),
        carried_from: a.carried_from.map(|c| c.0),
    })
}

/// Resolved filters, for the footer line.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub agency: Option<Agency>,
}

/// Actions matching `q`, by due date. Unknown agency, case or meeting is an error;
/// no match is an empty list.
pub fn find(
    conn: &Connection,
    q: &ActionQuery,
    today: NaiveDate,
) -> Result<(Vec<ActionRow>, Resolved)> {
    if q.overdue && q.status == StatusFilter::Done {
        return Err(LookupError::Invalid(
            "--overdue finds open actions; it cannot be combined with --status done".into(),
        ));
    }
    // The WHERE clause is put together from fixed fragments only; every value the
    // user gave is a bound parameter.
    let mut conds: Vec<&'static str> = vec![];
    let mut params: Vec<Value> = vec![];
    let mut resolved = Resolved::default();
    if let Some(a) = &q.agency {
        let agency = resolve_agency(conn, a)?;
        conds.push("a.agency_id = ?");
        params.push(Value::Integer(agency.id.0));
        resolved.agency = Some(agency);
    }
    if let Some(c) = q.case {
        let exists: Option<i64> = conn
            .prepare_cached("SELECT id FROM referral WHERE id = ?1")?
            .query_row([c], |r| r.get("id"))
            .optional()?;
        if exists.is_none() {
            return Err(LookupError::NotFound(format!("no case {c}")));
        }
        conds.push("a.referral_id = ?");
        params.push(Value::Integer(c));
    }
    if let Some(d) = q.meeting {
        let m = resolve_meeting(conn, d)?;
        conds.push("a.meeting_id = ?");
        params.push(Value::Integer(m.id.0));
    }
    match (q.status, q.overdue) {
        (_, true) | (StatusFilter::Open, _) => conds.push("a.status = 'open'"),
        (StatusFilter::Done, _) => conds.push("a.status = 'done'"),
        (StatusFilter::All, _) => {}
    }
    if q.overdue {
        conds.push("a.due_on < ?");
        params.push(Value::Text(fmt_date(today)));
    }
    if let Some(n) = q.due_within {
        conds.push("a.due_on <= ?");
        params.push(Value::Text(fmt_date(today + Duration::days(i64::from(n)))));
    }
    if let Some(s) = &q.subject {
        conds.push("s.name LIKE ? ESCAPE '\\'");
        params.push(Value::Text(super::like_pattern(s.trim())));
    }
    let mut sql = select();
    for (i, c) in conds.iter().enumerate() {
        sql.push_str(if i == 0 { " WHERE " } else { " AND " });
        sql.push_str(c);
    }
    sql.push_str(" ORDER BY a.due_on, a.id");
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st
        .query_map(rusqlite::params_from_iter(params), |r| row(r, today))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rows, resolved))
}

/// One action by id.
pub fn get_action(conn: &Connection, id: i64, today: NaiveDate) -> Result<ActionRow> {
    let sql = format!("{} WHERE a.id = ?1", select());
    conn.prepare_cached(&sql)?
        .query_row([id], |r| row(r, today))
        .optional()?
        .ok_or_else(|| LookupError::NotFound(format!("no action {id}")))
}

/// Close an open action as done on `today` with a note (recorded in the change
/// log with the OS user). An action already closed is refused, unchanged.
pub fn close(store: &Store, id: i64, note: &str, today: NaiveDate) -> Result<ActionRow> {
    let note = note.trim();
    if note.is_empty() {
        return Err(LookupError::Invalid(
            "say what was done: --note TEXT must not be blank".into(),
        ));
    }
    let a = get_action(store.conn(), id, today)?;
    if a.status != "open" {
        let label = ActionStatus::from_code(&a.status)
            .map(|s| s.label())
            .unwrap_or(&a.status);
        let on = a
            .completed_on
            .map(|d| format!(" on {}", fmt_date(d)))
            .unwrap_or_default();
        return Err(LookupError::Invalid(format!(
            "action {id} is already closed ({label}{on}); nothing changed"
        )));
    }
    store.complete_action(ActionId(id), ActionStatus::Done, today, note, None)?;
    get_action(store.conn(), id, today)
}

/// A store refusal as a lookup error: a rule broken is a request that cannot be
/// answered as asked (exit 2), a missing row is not found (exit 1).
fn refused(e: crate::store::StoreError) -> LookupError {
    match e {
        crate::store::StoreError::Rule(m) => LookupError::Invalid(m),
        crate::store::StoreError::NotFound(m) => LookupError::NotFound(m),
        e => LookupError::Store(e),
    }
}

/// Open a closed action again, with an optional note saying why (both in the
/// change log). Errors: `NotFound`; `Invalid` for an action that is open.
pub fn reopen(store: &Store, id: i64, note: Option<&str>, today: NaiveDate) -> Result<ActionRow> {
    get_action(store.conn(), id, today)?;
    store
        .atomic(|s| {
            s.reopen_action(ActionId(id))?;
            if let Some(n) = note.filter(|n| !n.trim().is_empty()) {
                s.add_action_note(ActionId(id), n)?;
            }
            Ok(())
        })
        .map_err(refused)?;
    get_action(store.conn(), id, today)
}

/// Move an action's due date (in the change log). Errors: `NotFound`; `Invalid`
/// for an action that is closed (reopen it first).
pub fn move_due(store: &Store, id: i64, due: NaiveDate, today: NaiveDate) -> Result<ActionRow> {
    let a = get_action(store.conn(), id, today)?;
    if a.status != "open" {
        return Err(LookupError::Invalid(format!(
            "action {id} is closed: reopen it first (`roundtable actions reopen {id}`); nothing changed"
        )));
    }
    store.move_action_due(ActionId(id), due).map_err(refused)?;
    get_action(store.conn(), id, today)
}

/// Add a progress note to an action, open or closed; returns how many it has now.
pub fn annotate(store: &Store, id: i64, note: &str) -> Result<usize> {
    store.add_action_note(ActionId(id), note).map_err(refused)?;
    Ok(store.action_notes(ActionId(id))?.len())
}

/// The CSV header row of `actions --csv`, one name per [`ActionRow`] field printed.
pub const CSV_HEADERS: &[&str] = &[
    "id",
    "due_on",
    "status",
    "overdue",
    "days_overdue",
    "agency",
    "agency_name",
    "person",
    "case_id",
    "subject",
    "meeting_date",
    "description",
    "volunteered_by",
    "completed_on",
    "completion_note",
];

fn opt_s<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// Every field, for CSV.
pub fn csv_table(rows: &[ActionRow]) -> Table {
    let mut t = Table::new(CSV_HEADERS);
    for a in rows {
        t.push(vec![
            plain(a.id.to_string()),
            plain(fmt_date(a.due_on)),
            plain(&a.status),
            plain(a.overdue.to_string()),
            plain(opt_s(&a.days_overdue)),
            user(&a.agency_code),
            user(&a.agency_name),
            user(opt_s(&a.person)),
            plain(opt_s(&a.case_id)),
            user(opt_s(&a.subject)),
            plain(a.meeting_date.map(fmt_date).unwrap_or_default()),
            user(&a.description),
            user(opt_s(&a.volunteered_by)),
            plain(a.completed_on.map(fmt_date).unwrap_or_default()),
            user(opt_s(&a.completion_note)),
        ]);
    }
    t
}

/// The readable table: the columns a person scans.
pub fn plain_table(rows: &[ActionRow]) -> Table {
    let mut t = Table::new(&[
        "ID", "Due", "Status", "Agency", "Case", "Subject", "Meeting", "Action",
    ]);
    for a in rows {
        let agency = match &a.person {
            Some(p) => format!("{} ({p})", a.agency_code),
            None => a.agency_code.clone(),
        };
        t.push(vec![
            plain(a.id.to_string()),
            plain(show_date(a.due_on)),
            plain(a.status_label()),
            user(agency),
            plain(opt_s(&a.case_id)),
            user(opt_s(&a.subject)),
            plain(a.meeting_date.map(show_date).unwrap_or_default()),
            user(&a.description),
        ]);
    }
    t
}

/// The line under the table: how many, how many overdue, as of when.
pub fn summary_line(rows: &[ActionRow], today: NaiveDate) -> String {
    let overdue = rows.iter().filter(|a| a.overdue).count();
    let n = rows.len();
    format!(
        "{n} action{}, {overdue} overdue (today {})",
        if n == 1 { "" } else { "s" },
        fmt_date(today)
    )
}

/// Actions of case `case` raised at meeting `meeting`, and those checked there
/// (Appendix D item 8: last meeting's actions, one by one). Overdue marks are
/// computed against the meeting date, so minutes do not change with the clock.
pub fn at_meeting(
    conn: &Connection,
    case: i64,
    meeting: crate::store::MeetingId,
    meeting_date: NaiveDate,
) -> Result<(Vec<ActionRow>, Vec<ActionRow>)> {
    let raised_sql = format!(
        "{} WHERE a.referral_id = ?1 AND a.meeting_id = ?2 ORDER BY a.due_on, a.id",
        select()
    );
    let raised = conn
        .prepare_cached(&raised_sql)?
        .query_map(rusqlite::params![case, meeting], |r| row(r, meeting_date))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let reviewed_sql = format!(
        "{} WHERE a.referral_id = ?1 AND a.reviewed_at_meeting_id = ?2 ORDER BY a.due_on, a.id",
        select()
    );
    let reviewed = conn
        .prepare_cached(&reviewed_sql)?
        .query_map(rusqlite::params![case, meeting], |r| row(r, meeting_date))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((raised, reviewed))
}
