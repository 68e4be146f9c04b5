//! `roundtable actions`: what each agency owes, by when; and closing one.

use chrono::{Duration, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::format::{clean_owned, plain, show_date, user, Cell, Table};
use super::panel::{resolve_agency, resolve_meeting, AgencyName};
use super::{fmt_date, LookupError, Result};
use crate::domain::meeting_ref::MeetingRef;
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
    /// Only actions agreed at this meeting (a date, or a date and start time).
    pub meeting: Option<MeetingRef>,
}

/// An action as `roundtable actions` prints it (serialised for `--json`): built
/// from the shared action row with its agency and subject, user text cleaned and
/// empty text absent.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PrintedAction {
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
    /// How many times it has been carried over (`action.carried_over`: the links of
    /// its `carried_from` chain, issue 24); not printed (the escalation line names the
    /// actions at or over the panel's number).
    #[serde(skip)]
    pub carried_over: u32,
}

impl PrintedAction {
    fn status_label(&self) -> String {
        let mut s = String::new();
        self.push_status_label(&mut s);
        s
    }

    /// The Status column: `OVERDUE 12d`, `Open`, or the outcome and its date.
    pub(crate) fn push_status_label(&self, out: &mut String) {
        push_status_label(out, self.days_overdue, &self.status, self.completed_on);
    }
}

/// The Status column of an action with these days overdue, status code and date
/// closed: `OVERDUE 12d`, `Open`, or the outcome and its date (an unknown code as
/// it is).
pub(crate) fn push_status_label(
    out: &mut String,
    days_overdue: Option<i64>,
    status: &str,
    completed_on: Option<NaiveDate>,
) {
    if let Some(d) = days_overdue {
        out.push_str("OVERDUE ");
        out.push_str(&d.to_string());
        out.push('d');
        return;
    }
    let code = ActionStatus::from_code(status);
    out.push_str(code.map_or(status, |s| s.label()));
    match completed_on {
        Some(on) if status != "open" => {
            out.push(' ');
            super::format::push_show_date(out, on);
        }
        _ => {}
    }
}

/// The actions query up to its WHERE: the action row (see [`action::COLUMNS`]) with
/// its agency's code and name and its subject's name. The case's subject and the
/// subject's name come from small covering indexes, named because SQLite would
/// otherwise read the wide referral and subject rows by rowid (a county's list
/// reads some 16,000 of each).
fn select() -> String {
    format!("{}{}", head(), from())
}

/// The `SELECT` of [`select`], up to its `FROM`.
fn head() -> String {
    format!(
        "SELECT {}, ag.code AS agency_code, ag.name AS agency_name, s.name AS subject_name,
            a.carried_over AS carried_over",
        action::COLUMNS,
    )
}

/// The tables every actions query reads after its `SELECT`: the action `a` with its
/// meeting `m`, agency `ag`, and case's subject `s` (see [`select`]).
fn from() -> String {
    format!(
        " FROM {}
         JOIN agency ag ON ag.id = a.agency_id
         LEFT JOIN referral r INDEXED BY referral_id_subject ON r.id = a.referral_id
         LEFT JOIN subject s INDEXED BY subject_id_name ON s.id = r.subject_id",
        action::FROM
    )
}

/// Where the columns of [`select`] stand in its result, found by name on the first
/// row so that each further row of a long list is read by position.
#[derive(Debug, Clone, Copy)]
struct Cols {
    action: action::Positions,
    agency_code: usize,
    agency_name: usize,
    subject_name: usize,
    carried_over: usize,
}

impl Cols {
    fn of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Cols> {
        let st = r.as_ref();
        let extra = |col: &str| {
            (0..st.column_count())
                .rev()
                .find(|&i| st.column_name(i).is_ok_and(|n| n.eq_ignore_ascii_case(col)))
                .ok_or_else(|| rusqlite::Error::InvalidColumnName(col.to_string()))
        };
        Ok(Cols {
            action: action::Positions::of(r)?,
            agency_code: extra("agency_code")?,
            agency_name: extra("agency_name")?,
            subject_name: extra("subject_name")?,
            carried_over: extra("carried_over")?,
        })
    }
}

/// The row mapper of one query: actions as the lookups print them, overdue marks
/// computed against `today`.
fn rows(today: NaiveDate) -> impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<PrintedAction> {
    let mut cols: Option<Cols> = None;
    move |r| {
        let c = match cols {
            Some(c) => c,
            None => *cols.insert(Cols::of(r)?),
        };
        row(r, today, &c)
    }
}

/// Text column `i`, cleaned; NULL reads as empty.
fn text_at(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<String> {
    let v: Option<String> = r.get(i)?;
    Ok(clean_owned(v.unwrap_or_default()))
}

/// Owned text cleaned; empty counts as absent.
fn nonblank_owned(s: String) -> Option<String> {
    Some(clean_owned(s)).filter(|c| !c.is_empty())
}

/// One action as the lookups print it: text cleaned once, moved rather than copied.
fn row(r: &rusqlite::Row<'_>, today: NaiveDate, c: &Cols) -> rusqlite::Result<PrintedAction> {
    let a = action::from_row_at(r, &c.action)?;
    let overdue = a.status == ActionStatus::Open && a.due_on < today;
    let subject: Option<String> = r.get(c.subject_name)?;
    Ok(PrintedAction {
        id: a.id.0,
        due_on: a.due_on,
        status: a.status.code().to_string(),
        overdue,
        days_overdue: overdue.then(|| (today - a.due_on).num_days()),
        agency_code: text_at(r, c.agency_code)?,
        agency_name: text_at(r, c.agency_name)?,
        person: nonblank_owned(a.person),
        case_id: a.referral.map(|c| c.0),
        subject: subject.and_then(nonblank_owned),
        meeting_date: Some(a.meeting_date),
        description: clean_owned(a.description),
        volunteered_by: nonblank_owned(a.volunteered_how.describe(&a.volunteered_by)),
        completed_on: a.completed_on,
        completion_note: nonblank_owned(a.note),
        carried_from: a.carried_from.map(|c| c.0),
        carried_over: u32::try_from(r.get::<_, i64>(c.carried_over)?).unwrap_or(0),
    })
}

/// Resolved filters, for the footer line.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub agency: Option<AgencyName>,
}

/// Actions matching `q`, by due date. Unknown agency, case or meeting is an error;
/// no match is an empty list.
pub fn find(
    conn: &Connection,
    q: &ActionQuery,
    today: NaiveDate,
) -> Result<(Vec<PrintedAction>, Resolved)> {
    let (sql, params, resolved) = query(conn, q, today)?;
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st
        .query_map(rusqlite::params_from_iter(params), rows(today))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rows, resolved))
}

/// The SQL [`find`] runs for `q` and its bound values, names resolved. Errors: as
/// [`find`].
pub(crate) fn query(
    conn: &Connection,
    q: &ActionQuery,
    today: NaiveDate,
) -> Result<(String, Vec<Value>, Resolved)> {
    query_from(conn, q, today, &head())
}

/// [`query`] with another `SELECT` (`head`) over the same tables (the action `a`, its
/// meeting `m`, agency `ag` and subject `s`): the same actions in the same order.
pub(crate) fn query_from(
    conn: &Connection,
    q: &ActionQuery,
    today: NaiveDate,
    head: &str,
) -> Result<(String, Vec<Value>, Resolved)> {
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
    // A case, a name or a meeting picks out a few actions by its own index; the
    // other conditions then only filter (a unary `+` keeps SQLite from starting at
    // every open action, which it would rather read in due-date order).
    let led = q.case.is_some() || q.subject.is_some() || q.meeting.is_some();
    let pick = |indexed: &'static str, filter: &'static str| if led { filter } else { indexed };
    // A case's or a name's open actions come from the covering index of open actions
    // by case (issue 24: not each action's row, which an encrypted file decrypts page
    // by page: a common surname at 1M actions is some 2,000 open actions).
    let open_by_case = (q.case.is_some() || q.subject.is_some())
        && q.meeting.is_none()
        && (q.overdue || q.status == StatusFilter::Open);
    if let Some(a) = &q.agency {
        let agency = resolve_agency(conn, a)?;
        conds.push(pick("a.agency_id = ?", "+a.agency_id = ?"));
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
        conds.push(if q.case.is_some() || q.subject.is_some() {
            "+a.meeting_id = ?"
        } else {
            "a.meeting_id = ?"
        });
        params.push(Value::Integer(m.id.0));
    }
    match (q.status, q.overdue) {
        (_, true) | (StatusFilter::Open, _) => conds.push(if open_by_case {
            "a.status = 'open'"
        } else {
            pick("a.status = 'open'", "+a.status = 'open'")
        }),
        (StatusFilter::Done, _) => conds.push(pick("a.status = 'done'", "+a.status = 'done'")),
        (StatusFilter::All, _) => {}
    }
    if q.overdue {
        conds.push(pick("a.due_on < ?", "+a.due_on < ?"));
        params.push(Value::Text(fmt_date(today)));
    }
    if let Some(n) = q.due_within {
        conds.push(pick("a.due_on <= ?", "+a.due_on <= ?"));
        params.push(Value::Text(fmt_date(today + Duration::days(i64::from(n)))));
    }
    if let Some(s) = &q.subject {
        // The few people named so, found by the trigram index on names as matched
        // (`subject.name_key`: any Unicode form, case or accents, issue 18; three
        // letters or more; fewer read the subject table), then their cases' actions.
        let s = crate::domain::names::name_key(s);
        let s = s.as_str();
        if s.chars().count() >= 3 {
            conds.push(
                "a.referral_id IN (SELECT rs.id FROM referral rs WHERE rs.subject_id IN
                    (SELECT rowid FROM subject_name WHERE subject_name MATCH ?))",
            );
            params.push(Value::Text(fts_phrase(s)));
        } else {
            conds.push(
                "a.referral_id IN (SELECT rs.id FROM referral rs WHERE rs.subject_id IN
                    (SELECT id FROM subject WHERE name_key LIKE ? ESCAPE '\\'))",
            );
            params.push(Value::Text(super::like_pattern(s)));
        }
    }
    let mut sql = format!("{head}{}", from());
    if open_by_case {
        sql = sql.replacen(
            "FROM action a ",
            "FROM action a INDEXED BY action_open_referral ",
            1,
        );
    }
    for (i, c) in conds.iter().enumerate() {
        sql.push_str(if i == 0 { " WHERE " } else { " AND " });
        sql.push_str(c);
    }
    sql.push_str(" ORDER BY a.due_on, a.id");
    Ok((sql, params, resolved))
}

/// `text` as one FTS5 phrase: matched by the trigram index as a substring, in
/// any case; double quotes inside are doubled, so nothing in it is query syntax.
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// One action by id.
pub fn get_action(conn: &Connection, id: i64, today: NaiveDate) -> Result<PrintedAction> {
    let sql = format!("{} WHERE a.id = ?1", select());
    conn.prepare_cached(&sql)?
        .query_row([id], rows(today))
        .optional()?
        .ok_or_else(|| LookupError::NotFound(format!("no action {id}")))
}

/// Close an open action as done on `today` with a note (recorded in the change
/// log with the OS user). An action already closed is refused, unchanged.
pub fn close(store: &Store, id: i64, note: &str, today: NaiveDate) -> Result<PrintedAction> {
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
pub fn reopen(
    store: &Store,
    id: i64,
    note: Option<&str>,
    today: NaiveDate,
) -> Result<PrintedAction> {
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
pub fn move_due(store: &Store, id: i64, due: NaiveDate, today: NaiveDate) -> Result<PrintedAction> {
    let a = get_action(store.conn(), id, today)?;
    if a.status != "open" {
        return Err(LookupError::Invalid(format!(
            "action {id} is closed: reopen it first (`roundtable actions reopen {id}`); nothing changed"
        )));
    }
    // The same rule as `actions modify --due` (QA fault 5).
    crate::domain::due::check_due(due, crate::domain::due::Earliest::Today(today))
        .map_err(|e| LookupError::Invalid(format!("{e}; nothing changed")))?;
    store.move_action_due(ActionId(id), due).map_err(refused)?;
    get_action(store.conn(), id, today)
}

/// Add a progress note to an action, open or closed; returns how many it has now.
pub fn annotate(store: &Store, id: i64, note: &str) -> Result<usize> {
    store.add_action_note(ActionId(id), note).map_err(refused)?;
    Ok(store.action_notes(ActionId(id))?.len())
}

/// The CSV header row of `actions --csv`, one name per [`PrintedAction`] field printed.
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
pub fn csv_table(rows: &[PrintedAction]) -> Table {
    let mut t = Table::new(CSV_HEADERS);
    for a in rows {
        t.push(csv_cells(a));
    }
    t
}

/// One action's CSV fields, in [`CSV_HEADERS`] order.
pub fn csv_cells(a: &PrintedAction) -> Vec<Cell> {
    vec![
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
    ]
}

/// The readable table: the columns a person scans.
pub fn plain_table(rows: &[PrintedAction]) -> Table {
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
pub fn summary_line(rows: &[PrintedAction], today: NaiveDate) -> String {
    let overdue = rows.iter().filter(|a| a.overdue).count();
    summary_line_of(rows.len(), overdue, today)
}

/// [`summary_line`] of `n` actions, `overdue` of them overdue.
pub fn summary_line_of(n: usize, overdue: usize, today: NaiveDate) -> String {
    format!(
        "{n} action{}, {overdue} overdue (today {})",
        if n == 1 { "" } else { "s" },
        fmt_date(today)
    )
}

/// Actions of one case, by case id.
pub type ByCase = std::collections::HashMap<i64, Vec<PrintedAction>>;

/// Actions raised at meeting `meeting`, and those checked there (Appendix D item 8:
/// last meeting's actions, one by one), each by case and in due-date order: two
/// queries for the whole meeting, by the meeting's indexes. Overdue marks are
/// computed against the meeting date, so minutes do not change with the clock.
pub fn at_meeting(
    conn: &Connection,
    meeting: crate::store::MeetingId,
    meeting_date: NaiveDate,
) -> Result<(ByCase, ByCase)> {
    let by_case = |sql: String| -> Result<ByCase> {
        let mut out = ByCase::new();
        let mut st = conn.prepare_cached(&sql)?;
        for r in st.query_map([meeting], rows(meeting_date))? {
            let a = r?;
            if let Some(case) = a.case_id {
                out.entry(case).or_default().push(a);
            }
        }
        Ok(out)
    };
    let (raised, reviewed) = at_meeting_sql();
    Ok((by_case(raised)?, by_case(reviewed)?))
}

/// The two queries of [`at_meeting`] (`?1` the meeting): raised there, checked there.
pub(crate) fn at_meeting_sql() -> (String, String) {
    (
        format!(
            "{} WHERE a.meeting_id = ?1 AND a.referral_id IS NOT NULL ORDER BY a.due_on, a.id",
            select()
        ),
        format!(
            "{} WHERE a.reviewed_at_meeting_id = ?1 AND a.referral_id IS NOT NULL
             ORDER BY a.due_on, a.id",
            select()
        ),
    )
}
