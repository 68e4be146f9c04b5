//! `actions request`: one marked status sheet per agency, as XLSX and CSV: its open
//! actions (the overdue ones marked), each with the columns it fills in and the
//! sheet's id, this database's id and a fingerprint of the action as issued.
//!
//! The sheets are recorded in the database as their files are written ([`Store::
//! issue_open_status_requests`]), all in one transaction: a file that could not be
//! written leaves no sheet recorded. A file that exists already is never replaced.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::{fingerprint, SheetAction, HEADERS};
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

/// Create `path` as a new owner-only file holding `bytes`, not yet synced (the
/// request syncs every file it wrote together, at the end). An existing file is
/// refused, unchanged; `created` learns of the file before anything is written
/// into it, so that a failure anywhere removes it.
fn write_new(
    path: &Path,
    bytes: &[u8],
    created: &Mutex<Vec<PathBuf>>,
) -> std::io::Result<std::fs::File> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o.open(path)?;
    if let Ok(mut c) = created.lock() {
        c.push(path.to_path_buf());
    }
    f.write_all(bytes)?;
    Ok(f)
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
    Ok(issue_each(store, std::slice::from_ref(agency), today, dir, formats)?.pop())
}

/// How many threads write the sheets' files while the rows are read and recorded.
const WRITERS: usize = 2;

/// One file of one agency's sheet, for a writer thread.
struct Job {
    /// Its agency's place in the request (the failure reported is the first
    /// agency's).
    index: usize,
    path: PathBuf,
    agency: String,
    sheet: Arc<Sheet>,
}

/// An agency's rows as issued, shared by the writers of its files.
struct Sheet {
    id: String,
    rows: Vec<SheetAction>,
    prints: Vec<(ActionId, String)>,
}

/// What every file of a request shares.
struct Common<'a> {
    today: NaiveDate,
    marking: &'a str,
    database: &'a str,
    dir: &'a Path,
}

/// Write one file (not synced); the error as the request reports it.
fn write_job(
    c: &Common<'_>,
    job: &Job,
    created: &Mutex<Vec<PathBuf>>,
) -> Result<(PathBuf, std::fs::File)> {
    let s = &job.sheet;
    let table = || {
        s.rows
            .iter()
            .zip(&s.prints)
            .map(|(a, (_, p))| cells(a, c.today, &s.id, c.database, p))
    };
    let bytes = if job.path.extension().is_some_and(|e| e == "xlsx") {
        let title = format!("{} status", job.agency);
        super::read::xlsx(&title, c.marking, c.dir, table())?
    } else {
        csv_bytes(c.marking, table()).map_err(|e| LookupError::Io(e.to_string()))?
    };
    write_new(&job.path, &bytes, created)
        .map(|f| (job.path.clone(), f))
        .map_err(|e| LookupError::Io(format!("{}: {e}; nothing issued", job.path.display())))
}

/// Issue a sheet to each of `agencies` (one with no open action gets none) into
/// folder `dir` as of `today`, in one transaction: each agency's open actions are
/// read and recorded in turn while writer threads write the sheets already recorded
/// (XLSX and CSV); every file is synced, together, before the transaction commits.
/// All or nothing: a file that exists already refuses the whole request before
/// anything is done, and any failure (a file that cannot be written, the disk full,
/// the database's) leaves no sheet recorded and no file behind.
pub fn issue_each(
    store: &Store,
    agencies: &[AgencyName],
    today: NaiveDate,
    dir: &Path,
    formats: Formats,
) -> Result<Vec<Issued>> {
    let panel = crate::lookup::panel::load_panel(store.conn(), None)?;
    let database = store.database_uid()?;
    let files: Vec<Vec<PathBuf>> = agencies
        .iter()
        .map(|a| paths(&panel.short_name, &a.code, today, dir, formats))
        .collect();
    for p in &files {
        refuse_existing(p)?;
    }
    let common = Common {
        today,
        marking: &panel.marking,
        database: &database,
        dir,
    };
    let created: Mutex<Vec<PathBuf>> = Mutex::new(vec![]);
    let failed = AtomicBool::new(false);
    // Bounded: the rows read wait for a writer, not in memory.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Job>(WRITERS);
    let rx = Mutex::new(rx);
    let out = std::thread::scope(|scope| {
        let writers: Vec<_> = (0..WRITERS)
            .map(|_| {
                scope.spawn(|| {
                    let mut done: Vec<(usize, Result<(PathBuf, std::fs::File)>)> = vec![];
                    while let Some(job) = rx.lock().ok().and_then(|r| r.recv().ok()) {
                        if failed.load(Ordering::Relaxed) {
                            continue;
                        }
                        let r = write_job(&common, &job, &created);
                        if r.is_err() {
                            failed.store(true, Ordering::Relaxed);
                        }
                        done.push((job.index, r));
                    }
                    done
                })
            })
            .collect();
        let recorded = store.issue_open_status_requests(today, |i| {
            let mut issued = vec![];
            for (index, (agency, paths)) in agencies.iter().zip(&files).enumerate() {
                if failed.load(Ordering::Relaxed) {
                    break;
                }
                let rows = super::open_actions_of(i.store().conn(), agency.id.0)?;
                if rows.is_empty() {
                    continue;
                }
                let prints: Vec<(ActionId, String)> = rows
                    .iter()
                    .map(|a| (ActionId(a.id), fingerprint(&database, a)))
                    .collect();
                let id = i.issue(agency.id, &prints)?;
                issued.push(Issued {
                    agency: agency.code.clone(),
                    sheet: id.clone(),
                    rows: rows.len(),
                    overdue: rows.iter().filter(|a| a.due_on < today).count(),
                    files: paths.clone(),
                });
                let sheet = Arc::new(Sheet { id, rows, prints });
                for path in paths {
                    let job = Job {
                        index,
                        path: path.clone(),
                        agency: agency.code.clone(),
                        sheet: Arc::clone(&sheet),
                    };
                    if tx.send(job).is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                }
            }
            drop(tx);
            let mut done = vec![];
            for w in writers {
                match w.join() {
                    Ok(d) => done.extend(d),
                    Err(_) => failed.store(true, Ordering::Relaxed),
                }
            }
            // The first agency's failure, if any; else every file synced, together.
            done.sort_by_key(|(index, _)| *index);
            let mut written = vec![];
            for (_, r) in done {
                written.push(r.map_err(|e| StoreError::Rule(e.to_string()))?);
            }
            if failed.load(Ordering::Relaxed) {
                return Err(StoreError::Rule(
                    "a sheet's file was not written; nothing issued".into(),
                ));
            }
            for (p, f) in &written {
                f.sync_all().map_err(|e| {
                    StoreError::Rule(format!("{}: {e}; nothing issued", p.display()))
                })?;
            }
            Ok(issued)
        });
        if recorded.is_err() {
            failed.store(true, Ordering::Relaxed);
        }
        recorded
    });
    match out {
        Ok(issued) => Ok(issued),
        Err(e) => {
            // Nothing recorded: none of its files left behind either.
            for p in created.lock().map(|c| c.clone()).unwrap_or_default() {
                let _ = std::fs::remove_file(p);
            }
            Err(match e {
                StoreError::Rule(m) => LookupError::Io(m),
                e => e.into(),
            })
        }
    }
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
