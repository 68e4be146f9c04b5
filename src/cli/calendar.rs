//! `roundtable calendar --out FILE.ics`.

use std::path::PathBuf;

use clap::Args;

use super::out::{emit, emit_json, lookup_error, open_existing, today, JsonOut};
use super::CliError;
use super::{Cli, CliResult};
use crate::lookup::{calendar, minutes::write_private, TODAY_ENV};

#[derive(Debug, Args)]
pub struct CalendarArgs {
    /// The .ics file to write (replaced if it exists); `-` for standard output.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Only cases this agency leads (short code or full name).
    #[arg(long, value_name = "NAME", value_parser = super::support::search_arg)]
    pub agency: Option<String>,
    /// Every panel of the workspace (`[[panel]]` in the config file) in one calendar,
    /// each event keeping its panel's UID; `--agency mine` takes each panel's own code.
    #[arg(long)]
    pub workspace: bool,
    /// Print the events as JSON as well as writing the file.
    #[command(flatten)]
    pub json: JsonOut,
}

pub(super) fn run(cli: &Cli, args: &CalendarArgs) -> CliResult {
    let today = today()?;
    if args.workspace {
        return super::workspace::calendar(args, today);
    }
    let store = open_existing(cli)?;
    let (panel, events) = calendar::events(
        store.conn(),
        today,
        args.agency.as_deref(),
        &store.database_uid()?,
    )
    .map_err(lookup_error)?;
    // DTSTAMP: now, or midnight UTC of ROUNDTABLE_TODAY so output is repeatable.
    let stamp = if std::env::var_os(TODAY_ENV).is_some() {
        today.and_hms_opt(0, 0, 0).expect("midnight exists")
    } else {
        chrono::Utc::now().naive_utc()
    };
    let text = calendar::ics(&panel, &events, stamp);
    if args.out.as_os_str() == "-" {
        if args.json.json {
            return Err(CliError {
                message: "--out - prints the calendar itself; --json prints a summary: choose one"
                    .into(),
                code: 2,
            });
        }
        return emit(&text);
    }
    write_private(&args.out, &text).map_err(lookup_error)?;
    super::out::plaintext_note(&store, &args.out);
    if args.json.json {
        return emit_json("events", &events);
    }
    emit(&format!(
        "{} events written to {} (subjects by initials only)\n",
        events.len(),
        args.out.display()
    ))
}
