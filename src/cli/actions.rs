//! `roundtable actions`, and changing one: `done`, `reopen`, `due`, `annotate`,
//! `modify` and `undo`.

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use super::out::{
    colour, emit, emit_json_streamed, emit_with, lookup_error, open_existing, today, TableOut,
};
use super::{Cli, CliResult};
use crate::lookup::action_edit;
use crate::lookup::actions::{self, ActionQuery, StatusFilter};
use crate::lookup::fmt_date;
use crate::store::ActionId;

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum StatusArg {
    /// Still to do.
    #[default]
    Open,
    /// Marked done.
    Done,
    /// Every status (open, done, not done, carried over).
    All,
}

#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Today is the local date, or ROUNDTABLE_TODAY=YYYY-MM-DD if set."
)]
pub struct ActionsArgs {
    #[command(subcommand)]
    pub sub: Option<ActionsSub>,
    /// Only this agency (short code or full name, any case; `all` for every agency
    /// when the config file names one).
    #[arg(long, value_name = "NAME", value_parser = super::support::search_arg)]
    pub agency: Option<String>,
    /// Only this case (case ID).
    #[arg(long = "case", value_name = "ID")]
    pub case: Option<i64>,
    /// Only cases whose subject's name contains this (any case).
    #[arg(
        long,
        value_name = "NAME",
        allow_hyphen_values = true,
        value_parser = super::support::search_arg
    )]
    pub subject: Option<String>,
    /// Only open actions past their due date.
    #[arg(long)]
    pub overdue: bool,
    /// Only actions due within this many days from today (overdue ones included).
    #[arg(long, value_name = "DAYS")]
    pub due_within: Option<u32>,
    /// Which actions by status.
    #[arg(long, value_enum, default_value_t)]
    pub status: StatusArg,
    /// Only actions agreed at the meeting on this date (YYYY-MM-DD or DD/MM/YYYY;
    /// DATE@HH:MM when two meetings share the day).
    #[arg(long, value_name = "DATE", value_parser = super::meetings::meeting_arg)]
    pub meeting: Option<crate::domain::meeting_ref::MeetingRef>,
    /// Every panel of the workspace (`[[panel]]` in the config file): one list with a
    /// PANEL column, marked with the highest of the panels' markings; `--agency mine`
    /// takes each panel's own agency code.
    #[arg(long, conflicts_with_all = ["csv", "xlsx", "meeting"])]
    pub workspace: bool,
    #[command(flatten)]
    pub out: TableOut,
}

#[derive(Debug, Subcommand)]
pub enum ActionsSub {
    /// Open a closed action again (recorded in the change log).
    Reopen {
        /// The action's ID (first column of `roundtable actions --status all`).
        #[arg(value_parser = super::workspace::action_ref)]
        id: super::workspace::ActionRef,
        /// Why it is open again (kept as a progress note).
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        note: Option<String>,
    },
    /// Move an open action's due date (recorded in the change log).
    Due {
        /// The action's ID.
        #[arg(value_parser = super::workspace::action_ref)]
        id: super::workspace::ActionRef,
        /// The new due date (YYYY-MM-DD or DD/MM/YYYY), today or later.
        #[arg(value_parser = super::support::date_arg)]
        date: NaiveDate,
    },
    /// Add a progress note to an action (recorded with your OS user).
    Annotate {
        /// The action's ID.
        #[arg(value_parser = super::workspace::action_ref)]
        id: super::workspace::ActionRef,
        /// The note; quote it if it has spaces. It may start with `-`.
        #[arg(allow_hyphen_values = true)]
        text: String,
    },
    /// Close an open action as done today, with a note (recorded with your OS user).
    Done {
        /// The action's ID (first column of `roundtable actions`; PANEL:ID in a workspace).
        #[arg(value_parser = super::workspace::action_ref)]
        id: super::workspace::ActionRef,
        /// What was done.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        note: String,
    },
    /// Change an open action's description, agency, person or due date (each
    /// change in the change log with your OS user; `actions undo` takes it back).
    Modify {
        /// The action's ID.
        #[arg(value_parser = super::workspace::action_ref)]
        id: super::workspace::ActionRef,
        /// The new description.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        description: Option<String>,
        /// The agency that owes it (short code or full name, any case).
        #[arg(long, value_name = "CODE")]
        agency: Option<String>,
        /// The person at the agency who will do it (`--person ''` clears it).
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        person: Option<String>,
        /// The new due date (YYYY-MM-DD or DD/MM/YYYY), today or later.
        #[arg(long, value_name = "DATE", value_parser = super::support::date_arg)]
        due: Option<NaiveDate>,
    },
    /// Undo your own last change to an action made from the shell today (done,
    /// reopen, due, modify), writing the old values back as a new, logged change.
    Undo,
    /// Write an agency's status sheet (XLSX and CSV, owner-only, never over an
    /// existing file): its open actions, with status, date done and note to fill in.
    Request(super::between::RequestArgs),
    /// Read a returned status sheet: show what it would change; `--yes` applies it
    /// in one transaction, logged as reported by the agency through its return.
    Import(super::between::ImportArgs),
}

pub(super) fn run(cli: &Cli, args: &ActionsArgs) -> CliResult {
    let today = today()?;
    match &args.sub {
        Some(ActionsSub::Request(a)) => return super::between::request(cli, a),
        Some(ActionsSub::Import(a)) => return super::between::import(cli, a),
        _ => {}
    }
    if let Some(sub) = &args.sub {
        return change(cli, sub, today);
    }
    if args.workspace {
        return workspace_actions(args, today);
    }
    let store = open_existing(cli)?;
    // The config file's agency unless --agency says otherwise (`--agency all`: every one).
    let agency = match args.agency.as_deref() {
        Some(a) if a.trim().eq_ignore_ascii_case("all") => None,
        Some(a) => Some(a.to_string()),
        None => match super::config::get().agency.clone() {
            // From the config file: a code the panel does not have names the file.
            Some(a) => {
                crate::lookup::panel::resolve_agency(store.conn(), &a)
                    .map_err(|e| super::config::from_file("agency", &a, lookup_error(e)))?;
                Some(a)
            }
            None => None,
        },
    };
    let q = query(args, agency);
    if !args.out.json && args.out.xlsx.is_none() && !args.out.csv {
        return match crate::lookup::format::output_width() {
            Some(width) => on_terminal(&store, &q, today, width),
            None => piped(&store, &q, today),
        };
    }
    let (rows, _) = actions::find(store.conn(), &q, today).map_err(lookup_error)?;
    if args.out.json {
        return emit_json_streamed("actions", &rows);
    }
    if let Some(path) = &args.out.xlsx {
        let marking = crate::lookup::sheet::marking(store.conn()).map_err(lookup_error)?;
        let bytes = crate::lookup::sheet::xlsx(
            "Actions",
            &marking,
            actions::CSV_HEADERS,
            rows.iter().map(actions::csv_cells),
        )
        .map_err(lookup_error)?;
        return super::out::write_xlsx(&store, path, &bytes);
    }
    // A row at a time (a county's list is some 16,000 rows): the same text as
    // `csv_table(rows).marked(marking).csv_with(bom)`.
    let marking = crate::lookup::sheet::marking(store.conn()).map_err(lookup_error)?;
    let mut headers = actions::CSV_HEADERS.to_vec();
    headers.push(crate::lookup::sheet::MARKING_COLUMN);
    let mark = crate::lookup::format::plain(crate::lookup::format::clean(&marking));
    emit_with(|out| {
        crate::lookup::format::write_csv(
            out,
            !args.out.no_bom,
            &headers,
            rows.iter().map(|a| {
                let mut cells = actions::csv_cells(a);
                cells.push(mark.clone());
                cells
            }),
        )
    })
}

/// The list on a terminal: fitted to its width (a row keeps to one line), each line
/// cleaned, then the program's own colour for overdue rows; the count and escalation
/// lines under it.
fn on_terminal(
    store: &crate::store::Store,
    q: &actions::ActionQuery,
    today: NaiveDate,
    width: u16,
) -> CliResult {
    let (rows, _) = actions::find(store.conn(), q, today).map_err(lookup_error)?;
    if rows.is_empty() {
        return emit(&format!("no actions match (today {})\n", fmt_date(today)));
    }
    let table = actions::plain_table(&rows).plain_fitted(Some(width));
    let mut text = String::with_capacity(table.len() + 64);
    let colour = colour();
    // A table a row a line (not one block a row, on a terminal too narrow).
    let tabular = table.lines().count() == rows.len() + 2;
    for (i, line) in table.lines().enumerate() {
        let overdue = tabular && i >= 2 && rows.get(i - 2).is_some_and(|a| a.overdue);
        let line = crate::domain::clean::clean(line);
        if colour && overdue {
            text.push_str(&format!("\u{1b}[31m{line}\u{1b}[0m\n"));
        } else {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text.push_str(&crate::domain::clean::clean(&actions::summary_line(
        &rows, today,
    )));
    text.push('\n');
    let carried = rows
        .iter()
        .filter(|a| a.status == "open" && a.carried_from.is_some())
        .map(|a| (a.id, a.carried_over));
    if let Some(l) = escalation(store, carried)? {
        text.push_str(&l);
        text.push('\n');
    }
    super::out::write_styled(&text);
    Ok(())
}

/// The list into a pipe or a file (a county's list is some 15,000 rows): made straight
/// from the query's rows, each cell cleaned once, columns by display width, nothing
/// cut; then the count line and the escalation line.
fn piped(store: &crate::store::Store, q: &actions::ActionQuery, today: NaiveDate) -> CliResult {
    let (table, listing) =
        crate::lookup::listed::table(store.conn(), q, today, false).map_err(lookup_error)?;
    if listing.rows == 0 {
        return emit(&format!("no actions match (today {})\n", fmt_date(today)));
    }
    emit_with(|out| {
        use std::io::Write as _;
        table.write(out, &crate::lookup::list::HEADERS)?;
        writeln!(
            out,
            "{}",
            actions::summary_line_of(listing.rows, listing.overdue, today)
        )
    })?;
    match escalation(store, listing.carried)? {
        Some(l) => emit(&format!("{l}\n")),
        None => Ok(()),
    }
}

/// Issue 26: the line naming open actions carried over so often they go to the
/// panel's board (`[reminders] escalate_after_carry_overs`, default 2).
fn escalation(
    store: &crate::store::Store,
    carried: impl IntoIterator<Item = (i64, u32)>,
) -> Result<Option<String>, super::CliError> {
    let after = crate::lookup::panel::load_panel(store.conn(), None)
        .map_err(lookup_error)?
        .paperwork
        .reminders()
        .escalate_after_carry_overs;
    Ok(crate::lookup::between::drift::escalation_line(
        carried, after,
    ))
}

/// `actions done|reopen|due|annotate|modify|undo`: one change to one action, in the
/// change log, closed by a marker so `undo` can find it.
fn change(cli: &Cli, sub: &ActionsSub, today: NaiveDate) -> CliResult {
    // `PANEL:ID`: that panel of the workspace, with its own key.
    let panel = match sub {
        ActionsSub::Done { id, .. }
        | ActionsSub::Reopen { id, .. }
        | ActionsSub::Due { id, .. }
        | ActionsSub::Annotate { id, .. }
        | ActionsSub::Modify { id, .. } => id.panel.as_deref(),
        ActionsSub::Undo | ActionsSub::Request(_) | ActionsSub::Import(_) => None,
    };
    let store = match panel {
        Some(name) => super::workspace::open(super::workspace::panel(name)?, true)?,
        None => super::open_store_for_change(cli)?,
    };
    let who = store.actor().to_string();
    let said = match sub {
        ActionsSub::Done { id, note } => {
            let a = store
                .shell_change(ActionId(id.id), "done", |s| {
                    actions::close(s, id.id, note, today)
                })
                .map_err(lookup_error)?;
            format!(
                "action {} closed as done on {} by {who}",
                a.id,
                fmt_date(today)
            )
        }
        ActionsSub::Reopen { id, note } => {
            let a = store
                .shell_change(ActionId(id.id), "reopen", |s| {
                    actions::reopen(s, id.id, note.as_deref(), today)
                })
                .map_err(lookup_error)?;
            format!(
                "action {} is open again, due {} (by {who})",
                a.id,
                fmt_date(a.due_on)
            )
        }
        ActionsSub::Due { id, date } => {
            let a = store
                .shell_change(ActionId(id.id), "due", |s| {
                    actions::move_due(s, id.id, *date, today)
                })
                .map_err(lookup_error)?;
            format!("action {} now due {} (by {who})", a.id, fmt_date(a.due_on))
        }
        ActionsSub::Annotate { id, text } => {
            let n = store
                .shell_change(ActionId(id.id), "annotate", |s| {
                    actions::annotate(s, id.id, text)
                })
                .map_err(lookup_error)?;
            format!("note added to action {id} by {who} ({n} so far)")
        }
        ActionsSub::Modify {
            id,
            description,
            agency,
            person,
            due,
        } => {
            let m = action_edit::Modify {
                description: description.clone(),
                agency: agency.clone(),
                person: person.clone(),
                due: *due,
            };
            let changed = action_edit::modify(&store, id.id, &m, today).map_err(lookup_error)?;
            if changed.is_empty() {
                format!("action {id}: nothing changed (it already says that)")
            } else {
                let words: Vec<String> = changed.iter().map(ToString::to_string).collect();
                format!("action {id}: {} (by {who})", words.join("; "))
            }
        }
        ActionsSub::Request(_) | ActionsSub::Import(_) => String::new(),
        ActionsSub::Undo => {
            // Today's own changes only (why: `store::write::shell_undo`).
            let since =
                crate::domain::clock::from_local(store.today().and_time(Default::default()));
            let u = action_edit::undo(&store, since).map_err(lookup_error)?;
            let mut words = vec![];
            for p in &u.fields {
                words.push(action_edit::put_back_words(store.conn(), p).map_err(lookup_error)?);
            }
            let kept = match u.notes_kept {
                0 => String::new(),
                1 => " (its progress note is kept)".into(),
                n => format!(" ({n} progress notes are kept)"),
            };
            format!(
                "action {}: undid your `{}` of {}; put back {}{kept}",
                u.action,
                u.verb,
                crate::domain::clock::shown(&u.at),
                words.join("; ")
            )
        }
    };
    emit(&format!("{said}\n"))
}

/// `actions --workspace`: the same filters over every panel of the workspace.
fn workspace_actions(args: &ActionsArgs, today: NaiveDate) -> CliResult {
    let mine = args
        .agency
        .as_deref()
        .is_some_and(|a| a.trim().eq_ignore_ascii_case("mine"));
    let agency = match args.agency.as_deref() {
        Some(a) if a.trim().eq_ignore_ascii_case("all") || mine => None,
        other => other.map(str::to_string),
    };
    // A meeting date is one panel's: --workspace refuses --meeting (clap).
    let q = query(args, agency);
    super::workspace::print_actions(&q, mine, args.out.json, today)
}

/// The lookup the filters of `args` ask for, for `agency` (none: every agency).
fn query(args: &ActionsArgs, agency: Option<String>) -> ActionQuery {
    ActionQuery {
        agency,
        case: args.case,
        subject: args.subject.clone(),
        overdue: args.overdue,
        due_within: args.due_within,
        status: match args.status {
            StatusArg::Open => StatusFilter::Open,
            StatusArg::Done => StatusFilter::Done,
            StatusArg::All => StatusFilter::All,
        },
        meeting: args.meeting,
    }
}
