//! `actions request`: one marked status sheet per agency, as XLSX and CSV: its open
//! actions (the overdue ones marked), each with the columns it fills in and the
//! sheet's id, this database's id and a fingerprint of the action as issued.
//!
//! The sheet is recorded in the database before it is written ([`Store::
//! issue_open_status_request`]), both in one transaction: a file that could not be
//! written leaves no sheet recorded. A file that exists already is never replaced.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{fingerprint, open_actions, SheetAction, HEADERS};
use crate::lookup::format::{plain, user, Cell};
use crate::lookup::panel::AgencyName;
use crate::lookup::{fmt_date, LookupError, Result};
use crate::store::{ActionId, Store, StoreError};

/// Which files a request writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Formats {
    pub xlsx: bool,
    pub csv: bool,
}

impl Formats {
    /// Both, the default.
    pub fn both() -> Formats {
        Formats {
            xlsx: true,
            csv: true,
        }
    }
}

/// One sheet issued to one agency.
#[derive(Debug, Clone)]
pub struct Issued {
    pub agency: String,
    pub sheet: String,
    pub rows: usize,
    pub overdue: usize,
    pub files: Vec<PathBuf>,
}

/// One row of the sheet, in [`HEADERS`] order (the marking is added by the writer).
pub fn cells(
    a: &SheetAction,
    today: NaiveDate,
    sheet: &str,
    database: &str,
    print: &str,
) -> Vec<Cell> {
    vec![
        plain(a.id.to_string()),
        plain(a.case_id.map(|c| c.to_string()).unwrap_or_default()),
        user(&a.initials),
        user(&a.description),
        plain(fmt_date(a.due_on)),
        plain(if a.due_on < today { "overdue" } else { "" }),
        plain(a.carried_over.to_string()),
        plain(""),
        plain(""),
        plain(""),
        user(&a.agency_code),
        plain(fmt_date(today)),
        user(sheet),
        user(database),
        user(print),
    ]
}

/// The file name of agency `code`'s sheet issued on `on`: `SHORT-status-CODE-DATE.EXT`
/// (a code's characters a file name cannot hold become `_`).
pub fn file_name(short: &str, code: &str, on: NaiveDate, ext: &str) -> String {
    let safe = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    format!(
        "{}-status-{}-{}.{ext}",
        safe(short),
        safe(code),
        fmt_date(on)
    )
}

/// The files of agency `code`'s sheet issued on `on` into `dir`.
pub fn paths(short: &str, code: &str, on: NaiveDate, dir: &Path, formats: Formats) -> Vec<PathBuf> {
    [("xlsx", formats.xlsx), ("csv", formats.csv)]
        .iter()
        .filter(|(_, want)| *want)
        .map(|(ext, _)| dir.join(file_name(short, code, on, ext)))
        .collect()
}

/// An error naming the first of `paths` that exists already.
pub fn refuse_existing(paths: &[PathBuf]) -> Result<()> {
    match paths.iter().find(|p| p.exists()) {
        Some(p) => Err(LookupError::Invalid(format!(
            "{} exists already: a status sheet is never replaced (its rows may be out with the agency); move it away or name another folder with --out; nothing issued",
            p.display()
        ))),
        None => Ok(()),
    }
}

/// Write `bytes` to a new owner-only file; an existing file is refused, unchanged.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o.open(path)?;
    let done = f.write_all(bytes).and_then(|()| f.sync_all());
    if done.is_err() {
        let _ = std::fs::remove_file(path);
    }
    done
}

/// Issue a sheet to `agency` into folder `dir` as of `today`: record it with each
/// action's fingerprint and write its files, in one transaction. An agency with no
/// open action gets no sheet (`None`). Errors: a file that exists already (nothing
/// recorded, nothing written), the file system's, the database's.
pub fn issue(
    store: &Store,
    agency: &AgencyName,
    today: NaiveDate,
    dir: &Path,
    formats: Formats,
) -> Result<Option<Issued>> {
    let rows = open_actions(store.conn(), Some(agency.id.0))?;
    issue_rows(store, agency, &rows, today, dir, formats)
}

/// [`issue`] for rows already read (every agency's at once: one query for all).
pub fn issue_rows(
    store: &Store,
    agency: &AgencyName,
    rows: &[SheetAction],
    today: NaiveDate,
    dir: &Path,
    formats: Formats,
) -> Result<Option<Issued>> {
    if rows.is_empty() {
        return Ok(None);
    }
    let panel = crate::lookup::panel::load_panel(store.conn(), None)?;
    let database = store.database_uid()?;
    let paths = paths(&panel.short_name, &agency.code, today, dir, formats);
    refuse_existing(&paths)?;
    let prints: Vec<(ActionId, String)> = rows
        .iter()
        .map(|a| (ActionId(a.id), fingerprint(&database, a)))
        .collect();
    let marking = panel.marking.clone();
    let mut created: Vec<PathBuf> = vec![];
    let sheet = store
        .issue_open_status_request(agency.id, today, &prints, |_, sheet| {
            let table = || {
                rows.iter()
                    .zip(&prints)
                    .map(|(a, (_, p))| cells(a, today, sheet, &database, p))
            };
            for p in &paths {
                let bytes = if p.extension().is_some_and(|e| e == "xlsx") {
                    let title = format!("{} status", agency.code);
                    super::read::xlsx(&title, &marking, dir, table())
                        .map_err(|e| StoreError::Rule(e.to_string()))?
                } else {
                    csv_bytes(&marking, table())?
                };
                write_new(p, &bytes).map_err(|e| {
                    StoreError::Rule(format!("{}: {e}; nothing issued", p.display()))
                })?;
                created.push(p.clone());
            }
            Ok(())
        })
        .map(|(sheet, ())| sheet)
        .map_err(|e| match e {
            StoreError::Rule(m) => LookupError::Io(m),
            e => e.into(),
        });
    let sheet = match sheet {
        Ok(s) => s,
        Err(e) => {
            // Nothing recorded: none of its files left behind either.
            for p in &created {
                let _ = std::fs::remove_file(p);
            }
            return Err(e);
        }
    };
    Ok(Some(Issued {
        agency: agency.code.clone(),
        sheet,
        rows: rows.len(),
        overdue: rows.iter().filter(|a| a.due_on < today).count(),
        files: paths,
    }))
}

/// The sheet as CSV (byte-order mark for spreadsheet programs, the marking in a last
/// column of every row, user text defused as in every export).
fn csv_bytes(
    marking: &str,
    rows: impl Iterator<Item = Vec<Cell>>,
) -> std::result::Result<Vec<u8>, StoreError> {
    let mut headers = HEADERS.to_vec();
    headers.push(crate::lookup::sheet::MARKING_COLUMN);
    let mark = plain(crate::lookup::format::clean(marking));
    let mut out = vec![];
    crate::lookup::format::write_csv(
        &mut out,
        true,
        &headers,
        rows.map(|mut r| {
            r.push(mark.clone());
            r
        }),
    )?;
    Ok(out)
}
