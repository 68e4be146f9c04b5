//! `roundtable meetings list|add|move`: the schedule, with the cut-off (section 11)
//! and agenda circulation dates (section 11 a) of each meeting.

use chrono::{Datelike, NaiveDate};
use clap::{Args, Subcommand};

use super::out::{emit_table, TableOut};
use super::support::{date_arg, fmt_date, open_panel, opt_date, print_json, table, today};
use super::{Cli, CliResult};
use crate::domain::calendar::WorkingCalendar;
use crate::lookup::format::{plain, user, Table};
use crate::store::schedule::Replacement;

#[derive(Debug, Args)]
pub struct MeetingsArgs {
    #[command(subcommand)]
    pub command: MeetingsCommand,
}

#[derive(Debug, Subcommand)]
pub enum MeetingsCommand {
    /// Scheduled meetings with their cut-off and agenda dates (with --all, past ones too).
    List {
        /// Past meetings too.
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        out: TableOut,
    },
    /// Add an extra meeting (the panel may sit more often to meet demand).
    Add {
        /// The new meeting's date (YYYY-MM-DD or DD/MM/YYYY).
        #[arg(value_parser = date_arg)]
        date: NaiveDate,
        /// Venue (default: the panel's usual venue).
        #[arg(long, allow_hyphen_values = true)]
        venue: Option<String>,
    },
    /// Change the date or venue of a planned meeting.
    Move {
        /// The planned meeting's current date (YYYY-MM-DD or DD/MM/YYYY).
        #[arg(value_parser = date_arg)]
        date: NaiveDate,
        /// Its new date (YYYY-MM-DD or DD/MM/YYYY).
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        to: Option<NaiveDate>,
        /// Its new venue.
        #[arg(long, allow_hyphen_values = true)]
        venue: Option<String>,
    },
}

fn report(moved: &[Replacement]) {
    for r in moved {
        say!(
            "  referral #{} ({}): {} -> {} ({})",
            r.referral,
            r.name,
            r.from.map_or("no meeting".into(), fmt_date),
            r.to.map_or("no meeting".into(), fmt_date),
            r.status.replace('_', " ")
        );
    }
}

fn day_note(d: NaiveDate) {
    let cal = WorkingCalendar::england_and_wales();
    super::config::warn_beyond_bank_holidays(d);
    if !cal.is_working_day(d) {
        eprintln!(
            "warning: {} is a {} that is not a working day",
            fmt_date(d),
            d.weekday()
        );
    }
}

/// Warn of a meeting time the clocks repeat that night (issue 18; one they skip was
/// refused).
fn time_note(
    store: &crate::store::Store,
    panel: crate::store::PanelId,
    day: NaiveDate,
) -> CliResult {
    if let Some(w) = store.meeting_time_note(panel, day)? {
        eprintln!("warning: {w}");
    }
    Ok(())
}

pub(super) fn run(cli: &Cli, args: &MeetingsArgs) -> CliResult {
    let today = today()?;
    let (store, panel) = open_panel(cli, !matches!(args.command, MeetingsCommand::List { .. }))?;
    match &args.command {
        MeetingsCommand::List { all, out } => {
            let rows = store.meeting_rows(panel, *all)?;
            if out.json {
                return print_json("meetings", &rows);
            }
            if out.tabular() {
                return emit_table(&store, out, "Meetings", meetings_table(&rows));
            }
            let body: Vec<Vec<String>> = rows
                .iter()
                .map(|m| {
                    vec![
                        fmt_date(m.date),
                        m.date.weekday().to_string(),
                        m.start_time.clone().unwrap_or_default(),
                        m.state.replace('_', " "),
                        fmt_date(m.cutoff),
                        fmt_date(m.agenda_out),
                        m.referrals.to_string(),
                        m.venue.clone(),
                    ]
                })
                .collect();
            put!(
                "{}",
                table(
                    &[
                        "DATE",
                        "DAY",
                        "TIME",
                        "STATE",
                        "CUT-OFF",
                        "AGENDA OUT",
                        "REFERRALS",
                        "VENUE"
                    ],
                    &body
                )
            );
            if rows.is_empty() {
                say!("(no meetings scheduled: add one with `roundtable meetings add DATE`)");
            }
            print_deadlines(&rows, today);
            Ok(())
        }
        MeetingsCommand::Add { date, venue } => {
            day_note(*date);
            let (_, moved) = store.add_extra_meeting(panel, *date, venue.as_deref(), today)?;
            time_note(&store, panel, *date)?;
            let row = store
                .meeting_rows(panel, false)?
                .into_iter()
                .find(|m| m.date == *date);
            say!(
                "added a meeting on {}{}; cut-off {}, agenda out {}",
                fmt_date(*date),
                row.as_ref()
                    .map_or(String::new(), |m| format!(" at {}", m.venue)),
                opt_date(row.as_ref().map(|m| m.cutoff)),
                opt_date(row.as_ref().map(|m| m.agenda_out))
            );
            if !moved.is_empty() {
                say!("new referrals now listed elsewhere (section 11):");
                report(&moved);
            }
            Ok(())
        }
        MeetingsCommand::Move { date, to, venue } => {
            if let Some(t) = to {
                day_note(*t);
            }
            let moved = store.move_meeting(panel, *date, *to, venue.as_deref(), today)?;
            if let Some(t) = to {
                time_note(&store, panel, *t)?;
            }
            let day = to.unwrap_or(*date);
            let row = store
                .meeting_rows(panel, false)?
                .into_iter()
                .find(|m| m.date == day);
            say!(
                "the meeting on {} is now on {}{}; cut-off {}, agenda out {}",
                fmt_date(*date),
                fmt_date(day),
                row.as_ref()
                    .map_or(String::new(), |m| format!(" at {}", m.venue)),
                opt_date(row.as_ref().map(|m| m.cutoff)),
                opt_date(row.as_ref().map(|m| m.agenda_out))
            );
            if !moved.is_empty() {
                say!("new referrals placed again under the 15-working-day rule (section 11):");
                report(&moved);
            }
            Ok(())
        }
    }
}

/// The panel's own deadlines under the table, meeting by meeting (`[[deadline]]`);
/// nothing for a panel that sets none.
fn print_deadlines(rows: &[crate::store::schedule::ScheduledMeeting], today: NaiveDate) {
    if rows.iter().all(|m| m.deadlines.is_empty()) {
        return;
    }
    say!("deadlines:");
    for m in rows {
        for d in &m.deadlines {
            let passed = if d.due < today && m.state == "planned" {
                " (passed)"
            } else {
                ""
            };
            say!("  {}: {}{passed}", fmt_date(m.date), d.line());
        }
    }
}

/// Every meeting's fields for `--csv` and `--xlsx` (dates as ISO dates).
fn meetings_table(rows: &[crate::store::schedule::ScheduledMeeting]) -> Table {
    let iso = crate::lookup::fmt_date;
    let mut t = Table::new(&[
        "date",
        "day",
        "start_time",
        "state",
        "cutoff",
        "agenda_out",
        "referrals",
        "venue",
    ]);
    for m in rows {
        t.push(vec![
            plain(iso(m.date)),
            plain(m.date.weekday().to_string()),
            user(m.start_time.clone().unwrap_or_default()),
            plain(&m.state),
            plain(iso(m.cutoff)),
            plain(iso(m.agenda_out)),
            plain(m.referrals.to_string()),
            user(&m.venue),
        ]);
    }
    t
}
