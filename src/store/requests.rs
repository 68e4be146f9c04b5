//! Status requests and returns between meetings (issue 26): the sheets sent to each
//! agency asking how its actions stand, each row's fingerprint of the action as
//! issued, and when a sheet came back.
//!
//! A returned sheet is trusted only as far as this record: a row is applied when
//! its action was issued on that sheet and is unchanged since (its fingerprint then
//! and now agree). What the agency reported is written through the ordinary action
//! changes, each closed by a marker row ([`RETURN_MARK`]) in the change log naming
//! the agency, the sheet, the date it reported and the log rows it wrote.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

use super::write::{fmt_date, fmt_time};
use super::{ActionId, AgencyId, Result, Store};

/// Issue 26: the sheets issued to agencies and the actions on each.
pub const MIGRATION_STATUS_REQUESTS: &str = r#"
CREATE TABLE status_request (
    id INTEGER PRIMARY KEY,
    sheet TEXT NOT NULL UNIQUE,
    agency_id INTEGER NOT NULL REFERENCES agency(id),
    issued_on TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    os_user TEXT NOT NULL,
    returned_on TEXT,
    returned_at TEXT
);
CREATE INDEX status_request_agency ON status_request(agency_id, issued_on);
CREATE TABLE status_request_row (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES status_request(id),
    action_id INTEGER NOT NULL REFERENCES action(id),
    fingerprint TEXT NOT NULL,
    applied_at TEXT,
    UNIQUE (request_id, action_id)
);
CREATE INDEX status_request_row_action ON status_request_row(action_id);
"#;

/// Issue 26: the carried actions by id with the action each was carried from, so a
/// sheet counts an action's carry-overs from this index (104,510 of 996,127 actions
/// at county scale, 2 MB) instead of a random page of the action table per link.
pub const MIGRATION_CARRIED_INDEX: &str = r#"
CREATE INDEX action_carried_from ON action(id, carried_from_action_id)
    WHERE carried_from_action_id IS NOT NULL;
"#;

/// The change-log column of the marker row closing what one returned row changed.
pub const RETURN_MARK: &str = "from_return";

/// One issued sheet, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRequest {
    pub id: i64,
    /// The sheet's own id (printed in every row of the sheet).
    pub sheet: String,
    pub agency: AgencyId,
    pub agency_code: String,
    pub issued_on: NaiveDate,
    /// When the sheet came back (first applied), if it has.
    pub returned_on: Option<NaiveDate>,
}

/// An agency's return for a meeting: the last sheet issued to it since the meeting
/// before, and whether it came back (the meeting screen and the draft agenda).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnState {
    /// The agency's short code.
    pub agency: String,
    /// When its last sheet was issued.
    pub asked_on: NaiveDate,
    /// When that sheet came back; `None`: not yet.
    pub returned_on: Option<NaiveDate>,
}

/// One action as issued on a sheet: its fingerprint then, and when a return about it
/// was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedRow {
    pub fingerprint: String,
    pub applied_at: Option<String>,
}

fn request_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StatusRequest> {
    let day = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
        let s: Option<String> = r.get(i)?;
        Ok(s.and_then(|s| s.parse().ok()))
    };
    Ok(StatusRequest {
        id: r.get(0)?,
        sheet: r.get(1)?,
        agency: r.get(2)?,
        agency_code: r.get(3)?,
        issued_on: day(4)?.unwrap_or_default(),
        returned_on: day(5)?,
    })
}

const REQUEST_COLUMNS: &str = "q.id, q.sheet, q.agency_id, g.code, q.issued_on, q.returned_on \
     FROM status_request q JOIN agency g ON g.id = q.agency_id";

impl Store {
    /// Record a sheet issued to `agency` on `on` holding `rows` (each action with
    /// its fingerprint as issued), in one transaction; returns its new sheet id.
    pub fn issue_status_request(
        &self,
        agency: AgencyId,
        on: NaiveDate,
        rows: &[(ActionId, String)],
    ) -> Result<String> {
        self.atomic(|s| {
            let sheet: String = s
                .conn
                .prepare_cached("SELECT lower(hex(randomblob(8)))")?
                .query_row([], |r| r.get(0))?;
            s.conn
                .prepare_cached(
                    "INSERT INTO status_request (sheet, agency_id, issued_on, issued_at, os_user)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    sheet,
                    agency,
                    fmt_date(on),
                    fmt_time(s.now()),
                    s.actor()
                ])?;
            let id = s.conn.last_insert_rowid();
            let mut st = s.conn.prepare_cached(
                "INSERT INTO status_request_row (request_id, action_id, fingerprint)
                 VALUES (?1, ?2, ?3)",
            )?;
            for (a, f) in rows {
                st.execute(params![id, a, f])?;
            }
            s.append_log(
                "status_request",
                id,
                "*",
                None,
                Some(format!(
                    "sheet {sheet}: {} action{}",
                    rows.len(),
                    if rows.len() == 1 { "" } else { "s" }
                )),
            )?;
            Ok(sheet)
        })
    }

    /// Issue a sheet of `agency`'s open actions: record it as
    /// [`Store::issue_status_request`] does and run `write` (the sheet's files, given
    /// the new sheet id) in the same transaction: all or nothing. Every row must be
    /// an open action of `agency` at that moment (see [`Issuing::issue`]).
    pub fn issue_open_status_request<T>(
        &self,
        agency: AgencyId,
        on: NaiveDate,
        rows: &[(ActionId, String)],
        write: impl FnOnce(&Store, &str) -> Result<T>,
    ) -> Result<(String, T)> {
        self.issue_open_status_requests(on, |i| {
            let sheet = i.issue(agency, rows)?;
            let written = write(i.store(), &sheet)?;
            Ok((sheet, written))
        })
    }

    /// Issue any number of sheets of open actions in one transaction: `run` reads
    /// and records each through [`Issuing::issue`] and writes their files before it
    /// returns; an error from it (a file that could not be written included) leaves
    /// none recorded. SQLite's own check of each row's link to its action is off for
    /// this one transaction: it read each action's row from the table, a random page
    /// per row (at county scale 93,445 reads across 46,000 pages, each decrypted and
    /// checked: most of a request's time, BENCHMARKS.md), for what the open actions'
    /// index shows [`Issuing::issue`] anyway.
    pub fn issue_open_status_requests<T>(
        &self,
        on: NaiveDate,
        run: impl FnOnce(&Issuing<'_>) -> Result<T>,
    ) -> Result<T> {
        // The switch works only outside a transaction; inside one (a caller's), the
        // links are checked as usual.
        let switch = self.conn.is_autocommit();
        if switch {
            self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        }
        let out = self.atomic(|s| run(&Issuing { store: s, on }));
        if switch {
            let on = self.conn.pragma_update(None, "foreign_keys", "ON");
            if out.is_ok() {
                on?;
            }
        }
        out
    }

    /// The sheet with this id, if this database issued it.
    pub fn status_request(&self, sheet: &str) -> Result<Option<StatusRequest>> {
        let sql = format!("SELECT {REQUEST_COLUMNS} WHERE q.sheet = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([sheet], request_row)
            .optional()?)
    }

    /// Every sheet issued on or after `since`, oldest first.
    pub fn status_requests_since(&self, since: NaiveDate) -> Result<Vec<StatusRequest>> {
        let sql = format!("SELECT {REQUEST_COLUMNS} WHERE q.issued_on >= ?1 ORDER BY q.id");
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map([fmt_date(since)], request_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Each agency's return for the meeting on `meeting`: the last sheet issued to it
    /// after the meeting before (`previous`; `None`: ever) and on or before the
    /// meeting, by agency code. Agencies asked nothing are not listed.
    pub fn returns_for_meeting(
        &self,
        meeting: NaiveDate,
        previous: Option<NaiveDate>,
    ) -> Result<Vec<ReturnState>> {
        let since = previous.map_or_else(String::new, fmt_date);
        let mut st = self.conn.prepare_cached(
            "SELECT g.code, q.issued_on, q.returned_on FROM status_request q
             JOIN agency g ON g.id = q.agency_id
             WHERE q.issued_on >= ?1 AND q.issued_on <= ?2 ORDER BY g.code, q.id",
        )?;
        let rows = st.query_map(params![since, fmt_date(meeting)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        let mut out: Vec<ReturnState> = vec![];
        for row in rows {
            let (agency, asked, back) = row?;
            let state = ReturnState {
                asked_on: asked.parse().unwrap_or_default(),
                returned_on: back.and_then(|b| b.parse().ok()),
                agency,
            };
            // The last sheet issued to an agency stands for its return.
            match out.last_mut() {
                Some(last) if last.agency == state.agency => *last = state,
                _ => out.push(state),
            }
        }
        Ok(out)
    }

    /// The actions issued on sheet `request`, by action id.
    pub fn issued_rows(&self, request: i64) -> Result<HashMap<i64, IssuedRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT action_id, fingerprint, applied_at FROM status_request_row WHERE request_id = ?1",
        )?;
        let rows = st.query_map([request], |r| {
            Ok((
                r.get(0)?,
                IssuedRow {
                    fingerprint: r.get(1)?,
                    applied_at: r.get(2)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Run `f` (what one returned row reports about action `id`) and close its
    /// change-log rows with a marker: the agency, the sheet, the date it reported.
    /// The row is marked applied on its sheet.
    pub fn apply_returned_row(
        &self,
        request: &StatusRequest,
        id: ActionId,
        reported_on: NaiveDate,
        f: impl FnOnce(&Store) -> Result<()>,
    ) -> Result<()> {
        self.atomic(|s| {
            let before = s.last_log_row()?;
            f(s)?;
            let after = s.last_log_row()?;
            let text = format!(
                "reported by {} on {} through its return (sheet {} issued {}), log rows {}-{after}",
                request.agency_code,
                fmt_date(reported_on),
                request.sheet,
                fmt_date(request.issued_on),
                before + 1
            );
            s.append_log("action", id.0, RETURN_MARK, None, Some(text))?;
            s.conn
                .prepare_cached(
                    "UPDATE status_request_row SET applied_at = ?1
                     WHERE request_id = ?2 AND action_id = ?3",
                )?
                .execute(params![fmt_time(s.now()), request.id, id])?;
            Ok(())
        })
    }

    /// Record sheet `request` as come back on `on` (the first time only).
    pub fn mark_returned(&self, request: &StatusRequest, on: NaiveDate) -> Result<()> {
        self.atomic(|s| {
            let n = s
                .conn
                .prepare_cached(
                    "UPDATE status_request SET returned_on = ?1, returned_at = ?2
                     WHERE id = ?3 AND returned_on IS NULL",
                )?
                .execute(params![fmt_date(on), fmt_time(s.now()), request.id])?;
            if n > 0 {
                s.append_log(
                    "status_request",
                    request.id,
                    "returned_on",
                    None,
                    Some(fmt_date(on)),
                )?;
            }
            Ok(())
        })
    }

    fn last_log_row(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT coalesce(max(id), 0) FROM change_log")?
            .query_row([], |r| r.get(0))?)
    }
}

/// Sheets being issued in one transaction ([`Store::issue_open_status_requests`]).
pub struct Issuing<'s> {
    store: &'s Store,
    on: NaiveDate,
}

impl Issuing<'_> {
    /// The store, inside the transaction (to read the rows to issue).
    pub fn store(&self) -> &Store {
        self.store
    }

    /// Record a sheet to `agency` holding `rows` (each action with its fingerprint),
    /// dated as the transaction's; returns its new sheet id. Every row must be an
    /// open action of `agency` now, checked by the open actions' index (else an
    /// error: nothing of the transaction is recorded).
    pub fn issue(&self, agency: AgencyId, rows: &[(ActionId, String)]) -> Result<String> {
        // The narrow index of actions by agency and status (its entries hold the id):
        // a few hundred pages for a county agency, not the wide open actions' index.
        let open: std::collections::HashSet<i64> = self
            .store
            .conn
            .prepare_cached(
                "SELECT id FROM action INDEXED BY action_agency_status_due
                 WHERE agency_id = ?1 AND status = 'open'",
            )?
            .query_map([agency], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if let Some((a, _)) = rows.iter().find(|(a, _)| !open.contains(&a.0)) {
            return Err(super::StoreError::Rule(format!(
                "action {} is no longer open for this agency: nothing issued; run the request again",
                a.0
            )));
        }
        self.store.issue_status_request(agency, self.on, rows)
    }
}
