//! `roundtable minutes --meeting DATE --out DIR`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use super::meetings::meeting_arg;
use super::out::{emit, emit_json, lookup_error, open_existing, today, JsonOut};
use super::{Cli, CliResult};
use crate::domain::meeting_ref::MeetingRef;
use crate::lookup::fmt_date;
use crate::lookup::minutes::{self, Formats};

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum FormatArg {
    /// Markdown only.
    Md,
    /// Standalone HTML only (print to PDF from a browser).
    Html,
    /// Both.
    #[default]
    Both,
    /// Word: one .docx per page (the general page, each case, the MAPPA item), the
    /// marking in every page's header and footer, the case ID and page numbers on each.
    Docx,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct MinutesArgs {
    #[command(subcommand)]
    pub sub: Option<MinutesSub>,
    /// The meeting's date (YYYY-MM-DD or DD/MM/YYYY; DATE@HH:MM when two meetings
    /// share the day).
    #[arg(long, value_name = "DATE", value_parser = meeting_arg, required = true)]
    pub meeting: Option<MeetingRef>,
    /// Folder for the files (created owner-only if missing; files are replaced).
    #[arg(long, value_name = "DIR", required = true)]
    pub out: Option<PathBuf>,
    /// Which files to write: Markdown, HTML, both, or Word.
    #[arg(long, value_enum, default_value_t)]
    pub format: FormatArg,
    /// Write into an existing folder that others can read (refused without it).
    #[arg(long)]
    pub force: bool,
    /// Write the decision sheet instead: the meeting's actions grouped by agency
    /// (Markdown and HTML, or Word, as --format says; always CSV), marked.
    #[arg(long)]
    pub decision_sheet: bool,
    #[command(flatten)]
    pub json: JsonOut,
}

#[derive(Debug, Subcommand)]
pub enum MinutesSub {
    /// Record that a meeting's minutes were approved (at the next meeting): the
    /// documents then say APPROVED instead of DRAFT on every page.
    Approve {
        /// The date of the meeting whose minutes were approved.
        #[arg(long, value_name = "DATE", value_parser = meeting_arg)]
        meeting: MeetingRef,
        /// The meeting that approved them (default: the next meeting after it).
        #[arg(long, value_name = "DATE", value_parser = meeting_arg)]
        at: Option<MeetingRef>,
        /// Also write the sealed record into this new (or empty) folder: the
        /// approved minutes, attendance, decisions and actions as JSON, and a
        /// manifest of SHA-256 hashes with the change log's head at approval, which
        /// `roundtable verify-bundle DIR` checks without the database.
        #[arg(long, value_name = "DIR")]
        bundle: Option<PathBuf>,
    },
    /// Record the day a meeting's minutes were sent to members (the panel file's
    /// minutes deadline, if it sets one, is then met; `meetings list` warns until then).
    Sent {
        /// The date of the meeting whose minutes were sent.
        #[arg(long, value_name = "DATE", value_parser = meeting_arg)]
        meeting: MeetingRef,
        /// The day they were sent (default: today).
        #[arg(long, value_name = "DATE", value_parser = super::support::date_arg)]
        on: Option<NaiveDate>,
        /// The chair who agreed to their distribution (a chair of the panel), printed
        /// on the minutes' front; required where the panel file sets `[records]
        /// export_needs_chair` (MAPPA).
        #[arg(long, value_name = "NAME")]
        agreed_by: Option<String>,
    },
}

pub(super) fn run(cli: &Cli, args: &MinutesArgs) -> CliResult {
    if let Some(MinutesSub::Approve {
        meeting,
        at,
        bundle,
    }) = &args.sub
    {
        let store = super::open_store_for_change(cli)?;
        if let Some(dir) = bundle {
            minutes::bundle::check_bundle_dir(dir).map_err(lookup_error)?;
        }
        let (on, at) = minutes::approve(&store, *meeting, *at, today()?).map_err(lookup_error)?;
        let mut text = format!(
            "minutes of {meeting} approved at the meeting on {} (recorded {} by {})\n",
            fmt_date(at),
            fmt_date(on),
            store.actor()
        );
        if let Some(dir) = bundle {
            text.push_str(&super::seal::seal(&store, *meeting, dir)?);
        }
        return emit(&text);
    }
    if let Some(MinutesSub::Sent {
        meeting,
        on,
        agreed_by,
    }) = &args.sub
    {
        return sent(cli, *meeting, *on, agreed_by.as_deref());
    }
    let store = open_existing(cli)?;
    let (Some(meeting), Some(out)) = (args.meeting, args.out.as_ref()) else {
        return Err(super::CliError {
            message: "give --meeting DATE and --out DIR".into(),
            code: 2,
        });
    };
    // One read transaction for the minutes' thousand-odd queries: one snapshot of
    // the meeting, and the log's read lock taken once, not once a query (issue 24).
    let snapshot = store
        .conn()
        .unchecked_transaction()
        .map_err(|e| lookup_error(e.into()))?;
    let m = minutes::load(store.conn(), meeting).map_err(lookup_error)?;
    drop(snapshot);
    let formats = match args.format {
        FormatArg::Md => Formats::Markdown,
        FormatArg::Html => Formats::Html,
        FormatArg::Both => Formats::Both,
        FormatArg::Docx => Formats::Docx,
    };
    if args.decision_sheet {
        return decision_sheet(&store, &m, out, formats, args);
    }
    let written = minutes::write(&m, out, formats, args.force).map_err(lookup_error)?;
    super::out::plaintext_note(&store, out);
    if args.json.json {
        return emit_json("files", &written);
    }
    let mut text = format!(
        "{} minutes of {} written to {} ({} cases, {} files, each marked {}):\n",
        m.panel.short_name,
        meeting,
        out.display(),
        m.cases.len(),
        written.len(),
        m.panel.marking()
    );
    for w in &written {
        let name = w.path.file_name().map(|n| n.to_string_lossy().into_owned());
        text.push_str(&format!("  {}\n", name.unwrap_or_default()));
    }
    emit(&text)
}

/// `minutes sent --meeting DATE [--on DATE] [--agreed-by NAME]`: the day and the
/// chair who agreed recorded (change-logged), with the panel's minutes deadline met
/// or not.
fn sent(
    cli: &Cli,
    meeting: MeetingRef,
    on: Option<NaiveDate>,
    agreed_by: Option<&str>,
) -> CliResult {
    let store = super::open_store_for_change(cli)?;
    let m = crate::lookup::panel::resolve_meeting(store.conn(), meeting).map_err(lookup_error)?;
    let on = match on {
        Some(d) => d,
        None => today()?,
    };
    let (due, chair) = store.record_minutes_sent_agreed(m.id, on, today()?, agreed_by)?;
    let agreed = chair
        .map(|c| format!(" with the chair's agreement ({c})"))
        .unwrap_or_default();
    let mut text = format!(
        "minutes of {meeting} recorded as sent on {}{agreed} (by {})",
        fmt_date(on),
        store.actor()
    );
    for d in due {
        if on > d.due {
            text.push_str(&format!("; after the deadline: {}", d.line()));
        } else {
            text.push_str(&format!("; in time: {}", d.line()));
        }
    }
    text.push('\n');
    emit(&text)
}

/// `minutes --decision-sheet`: the actions by agency, and what was written.
fn decision_sheet(
    store: &crate::store::Store,
    m: &minutes::Minutes,
    out: &std::path::Path,
    formats: Formats,
    args: &MinutesArgs,
) -> CliResult {
    let written = minutes::write_sheet(m, out, formats, args.force).map_err(lookup_error)?;
    super::out::plaintext_note(store, out);
    if args.json.json {
        return emit_json("files", &written);
    }
    let groups = minutes::by_agency(m);
    let actions: usize = groups.iter().map(|g| g.2.len()).sum();
    let mut text = format!(
        "{} decision sheet of {} written to {} ({actions} actions for {} agencies, each file marked {}):\n",
        m.panel.short_name,
        m.meeting.date.format("%Y-%m-%d"),
        out.display(),
        groups.len(),
        m.panel.marking()
    );
    for w in &written {
        let name = w.path.file_name().map(|n| n.to_string_lossy().into_owned());
        text.push_str(&format!("  {}\n", name.unwrap_or_default()));
    }
    emit(&text)
}
