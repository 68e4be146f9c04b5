//! `roundtable actions` and `roundtable actions done ID --note TEXT`.

use std::io::{self, Write};

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use serde::ser::{SerializeSeq, Serializer};

use super::out::{colour, emit, emit_with, lookup_error, open_existing, today, TableOut};
use super::{Cli, CliResult};
use crate::lookup::actions::{self, ActionQuery, StatusFilter};
use crate::lookup::fmt_date;
use crate::lookup::list::{self, PlainList};
use crate::lookup::LookupError;

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
    /// Only this agency (short code or full name, any case).
    #[arg(long, value_name = "NAME")]
    pub agency: Option<String>,
    /// Only this case (case ID).
    #[arg(long = "case", value_name = "ID")]
    pub case: Option<i64>,
    /// Only cases whose subject's name contains this (any case).
    #[arg(long, value_name = "NAME")]
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
    /// Only actions agreed at the meeting on this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub meeting: Option<NaiveDate>,
    #[command(flatten)]
    pub out: TableOut,
}

#[derive(Debug, Subcommand)]
pub enum ActionsSub {
    /// Close an open action as done today, with a note (recorded with your OS user).
    Done {
        /// The action's ID (first column of `roundtable actions`).
        id: i64,
        /// What was done.
        #[arg(long, value_name = "TEXT")]
        note: String,
    },
}

pub fn run(cli: &Cli, args: &ActionsArgs) -> CliResult {
    let today = today()?;
    if let Some(ActionsSub::Done { id, note }) = &args.sub {
        let store = open_existing(cli)?;
        let a = actions::close(&store, *id, note, today).map_err(lookup_error)?;
        return emit(&format!(
            "action {} closed as done on {} by {}\n",
            a.id,
            fmt_date(today),
            store.actor()
        ));
    }
    let store = open_existing(cli)?;
    let q = ActionQuery {
        agency: args.agency.clone(),
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
    };
    let conn = store.conn();
    // Names are resolved (and refused) before anything is printed; then each row is
    // read, written and let go: a county's list is some 16,000 rows.
    let found = actions::prepare(conn, &q, today).map_err(lookup_error)?;
    if args.out.json {
        return emit_with(|out| {
            {
                let mut json = serde_json::Serializer::pretty(&mut *out);
                let mut seq = json.serialize_seq(None).map_err(io::Error::from)?;
                stream(conn, &found, |a| {
                    seq.serialize_element(&a).map_err(io::Error::from)
                })?;
                seq.end().map_err(io::Error::from)?;
            }
            out.write_all(b"\n")
        });
    }
    if args.out.csv {
        return emit_with(|out| {
            list::write_csv_header(out)?;
            stream(conn, &found, |a| list::write_csv_row(out, &a))
        });
    }
    let mut table = PlainList::new();
    found
        .each(conn, |a| {
            table.push(&a);
            Ok(())
        })
        .map_err(lookup_error)?;
    if table.is_empty() {
        return emit(&format!("no actions match (today {})\n", fmt_date(today)));
    }
    emit_with(|out| table.write(out, today, colour()))
}

/// Read `found` a row at a time into `write`. An output error (a reader that went
/// away) comes back as itself, so that it can end quietly.
fn stream(
    conn: &rusqlite::Connection,
    found: &actions::Found,
    mut write: impl FnMut(actions::ActionRow) -> io::Result<()>,
) -> io::Result<()> {
    let mut failed: Option<io::Error> = None;
    let read = found.each(conn, |a| {
        write(a).map_err(|e| {
            let message = e.to_string();
            failed = Some(e);
            LookupError::Io(message)
        })
    });
    match (failed, read) {
        (Some(e), _) => Err(e),
        (None, Err(e)) => Err(io::Error::other(e.to_string())),
        (None, Ok(())) => Ok(()),
    }
}
