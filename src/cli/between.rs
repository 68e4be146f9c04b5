//! Between meetings (issue 26): `actions request` writes each agency's status sheet,
//! `actions import` reads one back, `remind` writes (and, with `--send-with`,
//! hands to a command) each agency's reminder. The tool opens no network
//! connection: sending is the named command's.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;

use super::out::{emit, lookup_error, plaintext_note, today, warn};
use super::{Cli, CliError, CliResult};
use crate::lookup::between::{import, read, remind, request};
use crate::lookup::fmt_date;
use crate::lookup::panel::{resolve_agency, AgencyName};
use crate::store::Store;

/// `actions request`.
#[derive(Debug, Clone, Args)]
pub struct RequestArgs {
    /// The agency (short code or full name, any case); `all` for every agency
    /// with an open action.
    #[arg(long, value_name = "CODE")]
    pub agency: String,
    /// The folder the sheets are written into (made owner-only if new; default: here).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
    /// Only the spreadsheet (default: XLSX and CSV).
    #[arg(long, conflicts_with = "csv_only")]
    pub xlsx_only: bool,
    /// Only the CSV file.
    #[arg(long)]
    pub csv_only: bool,
    /// Every panel of the workspace the agency sits on: one sheet per panel, each
    /// file name led by the panel's short name.
    #[arg(long)]
    pub workspace: bool,
}

/// `actions import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The returned sheet (.xlsx or .csv).
    pub file: PathBuf,
    /// Apply what it reports (else only show what it would change).
    #[arg(long)]
    pub yes: bool,
}

/// `remind`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Run it daily (cron, a scheduled task): each reminder the panel file's [reminders] working_days_before sets is written on its day, or on the first run after it, and never twice (an agency whose files exist is passed over)."
)]
pub struct RemindArgs {
    /// List actions due within this many days from today, and every overdue one
    /// (default: the panel file's due_within_days, else every one due by the meeting).
    #[arg(long, value_name = "DAYS")]
    pub within: Option<u32>,
    /// The folder the messages are written into (default: here).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
    /// Write them today whatever the schedule says.
    #[arg(long)]
    pub now: bool,
    /// Pipe each new .eml to this shell command (your mail client's, e.g. `msmtp -t`
    /// or a script): ROUNDTABLE_AGENCY, ROUNDTABLE_SUBJECT and ROUNDTABLE_MESSAGE_FILE
    /// are set for it. Nothing is sent otherwise.
    #[arg(long, value_name = "COMMAND")]
    pub send_with: Option<String>,
}

fn formats(a: &RequestArgs) -> request::Formats {
    request::Formats {
        xlsx: !a.csv_only,
        csv: !a.xlsx_only,
    }
}

/// The folder to write into: made (owner-only) when missing.
fn folder(dir: &Path) -> CliResult {
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).map_err(|e| CliError {
        message: format!("{}: {e}; nothing written", dir.display()),
        code: 1,
    })
}

/// `actions request`.
pub(super) fn request(cli: &Cli, a: &RequestArgs) -> CliResult {
    let today = today()?;
    folder(&a.out)?;
    if a.workspace {
        let mut text = String::new();
        for p in super::workspace::panels()? {
            let store = super::workspace::open(p, true)?;
            match resolve_agency(store.conn(), &a.agency) {
                Ok(agency) => {
                    let dir = a.out.clone();
                    text.push_str(&format!("panel {}:\n", p.name));
                    text.push_str(&issue_one(&store, &agency, today, &dir, formats(a))?);
                }
                Err(_) => text.push_str(&format!(
                    "panel {}: {} does not sit on it; no sheet\n",
                    p.name, a.agency
                )),
            }
        }
        return emit(&text);
    }
    let store = super::open_store_for_change(cli)?;
    if a.agency.trim().eq_ignore_ascii_case("all") {
        // Every file checked before any sheet is issued, and every sheet issued in
        // one transaction: all or none.
        let agencies = crate::lookup::between::agencies_with_open_actions(store.conn())
            .map_err(lookup_error)?
            .iter()
            .map(|(_, code)| resolve_agency(store.conn(), code))
            .collect::<Result<Vec<_>, _>>()
            .map_err(lookup_error)?;
        let issued = request::issue_each(&store, &agencies, today, &a.out, formats(a))
            .map_err(lookup_error)?;
        let mut text: String = issued.iter().map(issued_line).collect();
        let n = issued.len();
        plaintext_note(&store, &a.out);
        text.push_str(&format!(
            "{n} sheet{} issued on {} (owner-only files); `roundtable actions import FILE` reads each back\n",
            if n == 1 { "" } else { "s" },
            fmt_date(today)
        ));
        return emit(&text);
    }
    let agency = resolve_agency(store.conn(), &a.agency).map_err(lookup_error)?;
    let text = issue_one(&store, &agency, today, &a.out, formats(a))?;
    plaintext_note(&store, &a.out);
    emit(&text)
}

fn issue_one(
    store: &Store,
    agency: &AgencyName,
    today: NaiveDate,
    dir: &Path,
    f: request::Formats,
) -> Result<String, CliError> {
    Ok(
        match request::issue(store, agency, today, dir, f).map_err(lookup_error)? {
            Some(i) => issued_line(&i),
            None => format!("{}: no open actions; no sheet\n", agency.code),
        },
    )
}

fn issued_line(i: &request::Issued) -> String {
    let files: Vec<String> = i.files.iter().map(|p| p.display().to_string()).collect();
    format!(
        "{}: {} action{} ({} overdue), sheet {}: {}\n",
        i.agency,
        i.rows,
        if i.rows == 1 { "" } else { "s" },
        i.overdue,
        i.sheet,
        files.join(", ")
    )
}

/// `actions import FILE [--yes]`.
pub(super) fn import(cli: &Cli, a: &ImportArgs) -> CliResult {
    let today = today()?;
    let store = if a.yes {
        super::open_store_for_change(cli)?
    } else {
        super::open_store(cli)?
    };
    let sheet = read::read(&a.file).map_err(lookup_error)?;
    let plan = import::plan(&store, &sheet, today).map_err(lookup_error)?;
    let file = a.file.display().to_string();
    if a.yes {
        import::apply(&store, &plan, today).map_err(lookup_error)?;
    }
    emit(&import::render(&plan, &file, a.yes))
}

/// `remind`.
pub(super) fn remind(cli: &Cli, a: &RemindArgs) -> CliResult {
    let today = today()?;
    let store = super::open_store(cli)?;
    let conn = store.conn();
    let (meeting, until) = remind::window(conn, today, a.within).map_err(lookup_error)?;
    let panel = crate::lookup::panel::load_panel(conn, None).map_err(lookup_error)?;
    let cal = crate::domain::calendar::WorkingCalendar::england_and_wales();
    let stage = if a.now {
        remind::Stage::Now(today)
    } else {
        let days = panel.paperwork.reminders().working_days_before.values();
        match remind::due(meeting, &days, today, &cal) {
            remind::Due::Yes { stage, .. } => stage,
            remind::Due::NotYet { first, days } => {
                return emit(&format!(
                    "no reminder due yet for the meeting on {}: the first is on {} ({days} working days before); --now writes them today\n",
                    fmt_date(meeting),
                    fmt_date(first)
                ));
            }
        }
    };
    folder(&a.out)?;
    let messages = remind::messages(conn, meeting, today, until, &stage).map_err(lookup_error)?;
    let mut text = String::new();
    let mut failed = vec![];
    for m in &messages {
        let base = format!(
            "{}-reminder-{}-{}-{}",
            safe(&panel.short_name),
            safe(&m.agency),
            fmt_date(meeting),
            stage.tag()
        );
        let txt = a.out.join(format!("{base}.txt"));
        let eml = a.out.join(format!("{base}.eml"));
        if txt.exists() || eml.exists() {
            text.push_str(&format!(
                "{}: already reminded ({} exists); not written or sent again\n",
                m.agency,
                txt.display()
            ));
            continue;
        }
        crate::lookup::minutes::write_private(&txt, &m.text).map_err(lookup_error)?;
        crate::lookup::minutes::write_private(&eml, &m.eml).map_err(lookup_error)?;
        text.push_str(&format!(
            "{}: {} overdue, {} due by {}: {}\n",
            m.agency,
            m.overdue,
            m.due_soon,
            fmt_date(until),
            eml.display()
        ));
        if let Some(cmd) = &a.send_with {
            match send(cmd, m, &eml) {
                Ok(()) => text.push_str(&format!("{}: handed to `{cmd}`\n", m.agency)),
                Err(e) => failed.push(format!("{}: {e}", m.agency)),
            }
        }
    }
    if messages.is_empty() {
        text.push_str(&format!(
            "no agency has an action due by {} or overdue: no reminder\n",
            fmt_date(until)
        ));
    }
    plaintext_note(&store, &a.out);
    emit(&text)?;
    if failed.is_empty() {
        Ok(())
    } else {
        for f in &failed {
            warn(f);
        }
        Err(CliError {
            message: format!(
                "{} message{} not handed over (the files are written; send them by hand)",
                failed.len(),
                if failed.len() == 1 { "" } else { "s" }
            ),
            code: 1,
        })
    }
}

fn safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Pipe one message to `cmd` through the shell; an exit other than success is an
/// error naming it.
fn send(cmd: &str, m: &remind::Message, file: &Path) -> Result<(), String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .env("ROUNDTABLE_AGENCY", &m.agency)
        .env("ROUNDTABLE_SUBJECT", &m.subject)
        .env("ROUNDTABLE_MESSAGE_FILE", file)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("`{cmd}` could not be started: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(m.eml.as_bytes())
            .map_err(|e| format!("`{cmd}`: {e}"))?;
    }
    let status = child.wait().map_err(|e| format!("`{cmd}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{cmd}` ended with {status}"))
    }
}
