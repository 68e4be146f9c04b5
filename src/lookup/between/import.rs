//! `actions import FILE`: a returned status sheet read back, what it would change
//! shown row by row, and applied on `--yes` in one transaction.
//!
//! Applied only: a row of a sheet this database issued, for an action issued on
//! that sheet to that agency, whose fingerprint is the one issued and whose action
//! has not changed since. Anything else is refused and listed, never applied; a
//! sheet from another database is refused whole. "Not done" and "in progress" keep
//! the action open with the agency's note as a progress note: whether an action not
//! done is carried over or closed is the panel's to decide when it checks the
//! action points at the meeting (003 App 2C and 5B "Where the case has been subject
//! to a previous meeting, the action points must be checked and outcomes/actions
//! recorded"; App 3A: each agency "report back to the MARAC on action taken and the
//! outcomes").

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::read::ReadSheet;
use super::{action_now, fingerprint, SheetAction, STATUS_WORDS};
use crate::domain::types::ActionStatus;
use crate::lookup::format::clean;
use crate::lookup::{fmt_date, LookupError, Result};
use crate::store::requests::StatusRequest;
use crate::store::{ActionId, Store, StoreError};

/// What a row reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    /// Done on this date, with the agency's note (maybe empty).
    Done { on: NaiveDate, note: String },
    /// Not done yet: stays open, the note kept as a progress note.
    NotDone { note: String },
    /// In progress or no status: the note kept as a progress note.
    Progress { note: String },
}

/// A row that would change an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The row's number in the file (the header is row 1).
    pub row: usize,
    pub action: i64,
    pub case_id: Option<i64>,
    pub initials: String,
    pub report: Report,
    pub(crate) print: String,
}

/// A row refused, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub row: usize,
    pub why: String,
}

/// What a returned sheet would do.
#[derive(Debug, Clone)]
pub struct Plan {
    pub request: StatusRequest,
    pub changes: Vec<Change>,
    pub refused: Vec<Refused>,
    /// Rows with nothing reported (status, date and note blank).
    pub silent: usize,
}

fn cell<'a>(row: &'a std::collections::HashMap<String, String>, name: &str) -> &'a str {
    row.get(name).map_or("", |s| s.trim())
}

/// Read what `sheet` would change in `store` as of `today`. Errors: a sheet from
/// another database, or one this database never issued (nothing is read then).
pub fn plan(store: &Store, sheet: &ReadSheet, today: NaiveDate) -> Result<Plan> {
    let ours = store.database_uid()?;
    let Some((_, first)) = sheet.rows.first() else {
        return Err(LookupError::Invalid(
            "the sheet has no rows: nothing to import".into(),
        ));
    };
    if let Some(other) = sheet
        .rows
        .iter()
        .map(|(_, r)| cell(r, "database"))
        .find(|d| *d != ours)
    {
        return Err(LookupError::Invalid(format!(
            "the sheet comes from another database (its database id {other} is not this one's, {ours}): refused whole, nothing changed"
        )));
    }
    let sheet_id = cell(first, "sheet").to_string();
    let request = store.status_request(&sheet_id)?.ok_or_else(|| {
        LookupError::Invalid(format!(
            "sheet {sheet_id} was never issued by this database: refused whole, nothing changed"
        ))
    })?;
    let issued = store.issued_rows(request.id)?;
    // Each action as it stands, read before any row is judged: a page of the file
    // that cannot be read stops the import here (nothing is changed), and is never
    // mistaken for a refused row.
    let mut nows: HashMap<i64, Option<SheetAction>> = HashMap::new();
    for (_, r) in &sheet.rows {
        if let Ok(id) = cell(r, "action_id").parse::<i64>() {
            if let std::collections::hash_map::Entry::Vacant(e) = nows.entry(id) {
                e.insert(action_now(store.conn(), id)?);
            }
        }
    }
    let mut plan = Plan {
        request,
        changes: vec![],
        refused: vec![],
        silent: 0,
    };
    let mut seen = HashSet::new();
    for (n, r) in &sheet.rows {
        let refuse = |why: String| Refused { row: *n, why };
        match row_change(
            &nows,
            &plan.request,
            &issued,
            &ours,
            *n,
            r,
            today,
            &mut seen,
        ) {
            Ok(Some(c)) => plan.changes.push(c),
            Ok(None) => plan.silent += 1,
            Err(why) => plan.refused.push(refuse(why)),
        }
    }
    Ok(plan)
}

/// One row: the change it asks for, `None` when it reports nothing, or why it is
/// refused.
#[allow(clippy::too_many_arguments)]
fn row_change(
    nows: &HashMap<i64, Option<SheetAction>>,
    req: &StatusRequest,
    issued: &std::collections::HashMap<i64, crate::store::requests::IssuedRow>,
    database: &str,
    n: usize,
    r: &std::collections::HashMap<String, String>,
    today: NaiveDate,
    seen: &mut HashSet<i64>,
) -> std::result::Result<Option<Change>, String> {
    let sheet = cell(r, "sheet");
    if sheet != req.sheet {
        return Err(format!(
            "from another sheet ({sheet}), not {}: not applied",
            req.sheet
        ));
    }
    let id_text = cell(r, "action_id");
    let id: i64 = id_text
        .parse()
        .map_err(|_| format!("action_id {id_text:?} is not an action id: not applied"))?;
    if !seen.insert(id) {
        return Err(format!(
            "action {id} is listed twice: only its first row is read"
        ));
    }
    let agency = cell(r, "agency");
    if !agency.eq_ignore_ascii_case(&req.agency_code) {
        return Err(format!(
            "action {id}: a row for another agency ({agency}) on {}'s sheet: not applied",
            req.agency_code
        ));
    }
    let now = nows.get(&id).cloned().flatten();
    let Some(issued_row) = issued.get(&id) else {
        return Err(match &now {
            None => {
                format!("action {id}: no such action, and not issued on this sheet: not applied")
            }
            Some(a) if a.agency_id != req.agency.0 => format!(
                "action {id} is {}'s, not {}'s, and was not issued on this sheet: not applied",
                a.agency_code, req.agency_code
            ),
            Some(_) => format!("action {id} was not issued on this sheet: not applied"),
        });
    };
    if cell(r, "fingerprint") != issued_row.fingerprint {
        return Err(format!(
            "action {id}: its fingerprint is not the one issued (the row was altered or made up): not applied"
        ));
    }
    let status = cell(r, "status").to_lowercase();
    let note = clean(cell(r, "note"));
    let done_on = cell(r, "done_on");
    if status.is_empty() && note.is_empty() && done_on.is_empty() {
        return Ok(None);
    }
    let Some(a) = now else {
        return Err(format!(
            "action {id} is no longer in the database: not applied"
        ));
    };
    if let Some(at) = &issued_row.applied_at {
        return Err(format!(
            "action {id}: already applied from this sheet ({}): not applied again",
            crate::domain::clock::shown(at)
        ));
    }
    if fingerprint(database, &a) != issued_row.fingerprint {
        return Err(format!(
            "action {id} changed since the sheet was issued on {} (now {}, due {}): not applied; check it with the agency",
            fmt_date(req.issued_on),
            ActionStatus::from_code(&a.status).map_or(a.status.as_str(), |s| s.label()),
            fmt_date(a.due_on)
        ));
    }
    let report = match status.as_str() {
        "done" => {
            let on = if done_on.is_empty() {
                today
            } else {
                crate::domain::intake::parse_date(done_on)
                    .map_err(|e| format!("action {id}: done_on {done_on:?}: {e}: not applied"))?
            };
            if on > today {
                return Err(format!(
                    "action {id}: done on {} is after today ({}): not applied",
                    fmt_date(on),
                    fmt_date(today)
                ));
            }
            Report::Done { on, note }
        }
        s if !done_on.is_empty() => {
            return Err(format!(
                "action {id}: a date done ({done_on}) with status {:?}, not \"done\": not applied",
                s
            ))
        }
        "not done" => Report::NotDone { note },
        "in progress" | "" => Report::Progress { note },
        other => {
            return Err(format!(
                "action {id}: status {other:?} is not one of {} (or blank): not applied",
                STATUS_WORDS.join(", ")
            ))
        }
    };
    Ok(Some(Change {
        row: n,
        action: id,
        case_id: a.case_id,
        initials: a.initials,
        report,
        print: issued_row.fingerprint.clone(),
    }))
}

/// The progress note kept for a report that leaves the action open.
fn progress_note(req: &StatusRequest, today: NaiveDate, what: &str, note: &str) -> String {
    let said = if note.is_empty() {
        String::new()
    } else {
        format!(": {note}")
    };
    format!(
        "{what} by {} in its return of {} (sheet issued {}){said}",
        req.agency_code,
        fmt_date(today),
        fmt_date(req.issued_on)
    )
}

/// Apply `plan` in one transaction, as reported by its agency on `today` through
/// its return; the sheet is recorded as come back. Errors: an action changed
/// between the preview and now (nothing applied), the database's.
pub fn apply(store: &Store, plan: &Plan, today: NaiveDate) -> Result<()> {
    let database = store.database_uid()?;
    let req = &plan.request;
    store
        .atomic(|s| {
            for c in &plan.changes {
                // A page that cannot be read is the file's error, not a rule's.
                let now = action_now(s.conn(), c.action).map_err(|e| match e {
                    LookupError::Store(e) => e,
                    LookupError::Sql(e) => StoreError::Sql(e),
                    e => StoreError::Rule(e.to_string()),
                })?;
                if now.as_ref().map(|a| fingerprint(&database, a)) != Some(c.print.clone()) {
                    return Err(StoreError::Rule(format!(
                        "action {} changed while the return was read: nothing applied; run the import again",
                        c.action
                    )));
                }
                let id = ActionId(c.action);
                s.apply_returned_row(req, id, today, |s| match &c.report {
                    Report::Done { on, note } => {
                        let note = if note.is_empty() {
                            progress_note(req, today, "reported done", "")
                        } else {
                            note.clone()
                        };
                        s.complete_action(id, ActionStatus::Done, *on, &note, None)
                    }
                    Report::NotDone { note } => s
                        .add_action_note(id, &progress_note(req, today, "reported not done", note))
                        .map(|_| ()),
                    Report::Progress { note } => s
                        .add_action_note(id, &progress_note(req, today, "reported in progress", note))
                        .map(|_| ()),
                })?;
            }
            s.mark_returned(req, today)
        })
        .map_err(|e| match e {
            StoreError::Rule(m) => LookupError::Invalid(m),
            e => e.into(),
        })
}

/// The preview (or, `applied`, the result) as text.
pub fn render(plan: &Plan, file: &str, applied: bool) -> String {
    let req = &plan.request;
    let mut out = format!(
        "Return from {} (sheet {}, issued {}), read from {file}\n",
        req.agency_code,
        req.sheet,
        fmt_date(req.issued_on)
    );
    let n = plan.changes.len();
    let verb = if applied { "changed" } else { "would change" };
    out.push_str(&format!(
        "{verb} {n} action{}:\n",
        if n == 1 { "" } else { "s" }
    ));
    for c in &plan.changes {
        let case = c
            .case_id
            .map(|id| format!(" (case {id}, {})", c.initials))
            .unwrap_or_default();
        let what = match &c.report {
            Report::Done { on, note } if note.is_empty() => {
                format!("done on {}", fmt_date(*on))
            }
            Report::Done { on, note } => format!("done on {}: {note}", fmt_date(*on)),
            Report::NotDone { note } => format!("not done, stays open; note: {note}"),
            Report::Progress { note } => format!("in progress, stays open; note: {note}"),
        };
        out.push_str(&format!(
            "  row {}: action {}{case}: {what}\n",
            c.row, c.action
        ));
    }
    if plan.silent > 0 {
        out.push_str(&format!(
            "nothing reported on {} row{} (status, date and note blank)\n",
            plan.silent,
            if plan.silent == 1 { "" } else { "s" }
        ));
    }
    if !plan.refused.is_empty() {
        out.push_str(&format!(
            "refused {} row{}, never applied:\n",
            plan.refused.len(),
            if plan.refused.len() == 1 { "" } else { "s" }
        ));
        for r in &plan.refused {
            out.push_str(&format!("  row {}: {}\n", r.row, r.why));
        }
    }
    if applied {
        out.push_str(&format!(
            "recorded in the change log as reported by {} through its return; the return is marked received\n",
            req.agency_code
        ));
    } else {
        out.push_str("nothing changed: run again with --yes to apply\n");
    }
    out
}
