//! `roundtable purge --closed-before DATE [--dry-run] [--yes] [--json]`: retention.

use std::io::BufRead;

use chrono::NaiveDate;
use clap::Args;

use super::out::{emit, emit_json, lookup_error};
use super::{Cli, CliError, CliResult};
use crate::lookup::fmt_date;
use crate::lookup::format::{plain, user, Table};
use crate::lookup::report::retained::month_figures;
use crate::lookup::retention::candidates;

/// `roundtable purge` options.
#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// Remove subjects every one of whose cases ended (closed, declined, referred
    /// elsewhere, excluded) before this date (YYYY-MM-DD or DD/MM/YYYY).
    #[arg(long, value_name = "DATE", value_parser = super::support::date_arg)]
    pub closed_before: NaiveDate,
    /// List what would go, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask: remove them (for scripts; without it a terminal is asked).
    #[arg(long)]
    pub yes: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

fn confirmed(n: usize) -> Result<bool, CliError> {
    if !super::key::can_prompt() {
        return Err(CliError {
            message: format!("purge would remove {n} subjects for good: add --yes to do it (or --dry-run to list them); nothing changed"),
            code: 2,
        });
    }
    eprint!("Remove these {n} subjects and everything about them, for good? Type yes: ");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim().eq_ignore_ascii_case("yes"))
}

pub(super) fn run(cli: &Cli, args: &PurgeArgs) -> CliResult {
    let store = if args.dry_run {
        super::open_store(cli)?
    } else {
        super::open_store_for_change(cli)?
    };
    if !args.dry_run {
        refuse_during_a_meeting(&store)?;
    }
    let found = candidates(store.conn(), args.closed_before).map_err(lookup_error)?;
    let today = super::out::today()?;
    if args.closed_before > today && !args.json {
        super::out::warn(&format!(
            "warning: {} is after today: cases that ended days ago are included",
            fmt_date(args.closed_before)
        ));
    }
    // Actions still open in the cases it would remove: an agency may still owe them.
    let open_actions =
        crate::lookup::retention::open_actions(store.conn(), &found).map_err(lookup_error)?;
    if open_actions > 0 && !args.json {
        super::out::warn(&format!(
            "warning: {open_actions} action(s) still open in these cases would be removed too (see `roundtable actions --case ID`)"
        ));
    }
    if args.dry_run || found.is_empty() {
        if args.json {
            return emit_json("would_remove", &found);
        }
        if found.is_empty() {
            return emit(&format!(
                "no subject has every case ended before {}; nothing to remove\n",
                fmt_date(args.closed_before)
            ));
        }
        let mut t = Table::new(&["SUBJECT", "NAME", "CASES", "LAST ENDED"]);
        for p in &found {
            let cases: Vec<String> = p.case_ids.iter().map(|c| c.to_string()).collect();
            t.push(vec![
                plain(p.subject_id.to_string()),
                user(p.name.clone()),
                plain(cases.join(", ")),
                plain(fmt_date(p.ended_on)),
            ]);
        }
        let mut text = t.plain();
        text.push_str(&format!(
            "{} subjects would be removed with their cases, discussions, actions, interventions, household and change-log rows (dry run: nothing changed)\n",
            found.len()
        ));
        return emit(&text);
    }
    if !args.yes && !confirmed(found.len())? {
        return Err(CliError {
            message: "not confirmed; nothing changed".into(),
            code: 1,
        });
    }
    let done = store
        .purge(&found, args.closed_before, month_figures)
        .map_err(lookup_error)?;
    if args.json {
        return emit_json("removed", &done);
    }
    let also: Vec<String> = done
        .also_removed
        .iter()
        .map(|(t, n)| format!("{n} {}", friendly(t)))
        .collect();
    let also = if also.is_empty() {
        String::new()
    } else {
        format!(", and with them {}", also.join(", "))
    };
    let mut text = format!(
        "removed {} subjects whose cases ended before {}: {} cases, {} discussions, {} actions, {} interventions, {} household members{also}, {} change-log rows. Anonymous counts are kept for the monitoring return; the change log was hashed again and the file wiped of the removed text (secure_delete, VACUUM). Backups made before still hold them\n",
        done.subjects,
        fmt_date(args.closed_before),
        done.cases,
        done.discussions,
        done.actions,
        done.interventions,
        done.household,
        done.change_log_rows
    );
    for l in &done.left {
        text.push_str(&format!(
            "left {} {}: {}\n",
            l.rows,
            friendly(&l.table),
            l.why
        ));
    }
    emit(&text)
}

/// A table's rows as a person would call them.
fn friendly(table: &str) -> String {
    match table {
        "offence" => "proven offences".into(),
        "action_note" => "action progress notes".into(),
        "mappa_note" => "MAPPA notes".into(),
        "attendance" => "attendance rows".into(),
        "action" => "actions".into(),
        "status_request_row" => "rows of status sheets issued to agencies".into(),
        t => format!("{} rows", t.replace('_', " ")),
    }
}

/// Retention never runs under an open meeting: a case being discussed, or decided at a
/// meeting not yet ended, would leave the meeting's screen (and its typing) behind.
fn refuse_during_a_meeting(store: &crate::store::Store) -> CliResult {
    use rusqlite::OptionalExtension;
    let open: Option<String> = store
        .conn()
        .query_row(
            "SELECT date FROM meeting WHERE state IN ('in_progress', 'formally_closed')
             ORDER BY date LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    match open {
        Some(day) => Err(crate::store::StoreError::Rule(format!(
            "the meeting of {day} is open: purge once it has ended (Ctrl-E on its screen); nothing removed"
        ))
        .into()),
        None => Ok(()),
    }
}
