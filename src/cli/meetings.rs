//! `roundtable meetings list|add|move`: the schedule, with the cut-off (section 11)
//! and agenda circulation dates (section 11 a) of each meeting.

use chrono::{Datelike, NaiveDate};
use clap::{Args, Subcommand, ValueEnum};

use super::out::{emit_table, TableOut};
use super::support::{date_arg, fmt_date, open_panel, opt_date, print_json, table, today};
use super::{Cli, CliResult};
use crate::domain::calendar::WorkingCalendar;
use crate::domain::meeting_ref::{MeetingKind, MeetingRef};
use crate::domain::paperwork::RelativeTo;
use crate::lookup::format::{plain, user, Table};
use crate::store::schedule::{ExtraMeeting, MeetingChange, Replacement};

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
    /// Add an extra meeting (the panel may sit more often to meet demand), an
    /// emergency or a single-case one; another may be held the same day at another time.
    Add {
        /// The new meeting's date (YYYY-MM-DD or DD/MM/YYYY).
        #[arg(value_parser = date_arg)]
        date: NaiveDate,
        /// Start time HH:MM (default: the panel's usual start time).
        #[arg(long, value_name = "HH:MM")]
        time: Option<String>,
        /// The kind of meeting.
        #[arg(long, value_enum, default_value_t = KindArg::Ordinary)]
        kind: KindArg,
        /// One of the panel's own meeting types (`[[meeting_type]]` code), instead of
        /// --kind.
        #[arg(long = "type", value_name = "CODE", conflicts_with = "kind")]
        meeting_type: Option<String>,
        /// Venue (default: the panel's usual venue).
        #[arg(long, allow_hyphen_values = true)]
        venue: Option<String>,
        /// A case (referral number) the meeting is for: required, once or more, for a
        /// meeting for chosen cases (a single-case meeting, or a type with
        /// `chosen_cases`); refused for any other.
        #[arg(long = "case", value_name = "ID")]
        cases: Vec<i64>,
    },
    /// Change the date, start time or venue of a planned meeting.
    Move {
        /// The planned meeting: its date (YYYY-MM-DD or DD/MM/YYYY), or DATE@HH:MM
        /// when two meetings share the day.
        #[arg(value_parser = meeting_arg, value_name = "MEETING")]
        date: MeetingRef,
        /// Its new date (YYYY-MM-DD or DD/MM/YYYY).
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        to: Option<NaiveDate>,
        /// Its new start time HH:MM.
        #[arg(long, value_name = "HH:MM")]
        time: Option<String>,
        /// Its new venue.
        #[arg(long, allow_hyphen_values = true)]
        venue: Option<String>,
    },
    /// Guests for one case: invite one as the chair agreed in advance, or list them.
    Guest(super::meetings_guest::GuestArgs),
    /// The cases of a planned meeting for chosen cases: add or remove one.
    Cases(super::meetings_cases::CasesArgs),
}

/// A meeting's kind on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// A meeting like the panel's pattern meetings.
    Ordinary,
    /// Called at short notice for urgent cases.
    Emergency,
    /// Held for one case.
    #[value(alias = "single_case")]
    SingleCase,
}

impl KindArg {
    fn kind(self) -> MeetingKind {
        match self {
            KindArg::Ordinary => MeetingKind::Ordinary,
            KindArg::Emergency => MeetingKind::Emergency,
            KindArg::SingleCase => MeetingKind::SingleCase,
        }
    }
}

/// A meeting named on the command line: `DATE`, or `DATE@HH:MM` when two meetings
/// share the day (see README, "Meetings").
pub(super) fn meeting_arg(s: &str) -> Result<MeetingRef, String> {
    MeetingRef::parse(s, &date_arg)
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
                        state_words(m),
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
            print_chosen(&rows);
            print_deadlines(&rows, today);
            for w in minutes_unsent(&store.meeting_rows(panel, true)?, today) {
                eprintln!("warning: {w}");
            }
            Ok(())
        }
        MeetingsCommand::Add {
            date,
            time,
            kind,
            meeting_type,
            venue,
            cases,
        } => {
            day_note(*date);
            let extra = ExtraMeeting {
                time: time.as_deref(),
                kind: kind.kind(),
                venue: venue.as_deref(),
            };
            let (id, moved) = store.add_meeting_for_cases(
                panel,
                *date,
                &extra,
                meeting_type.as_deref(),
                cases,
                today,
            )?;
            let label = match meeting_type {
                Some(_) => store.meeting_type(id)?.map(|t| t.label),
                None => None,
            };
            let chosen = store.chosen_cases(id)?;
            time_note(&store, panel, *date)?;
            let row = store
                .meeting_rows(panel, false)?
                .into_iter()
                .find(|m| m.id == id);
            say!(
                "added {} meeting{} on {}{}{}; cut-off {}, agenda out {}",
                match (&label, kind.kind()) {
                    (Some(_), _) | (None, MeetingKind::Ordinary) => "a".to_string(),
                    (None, k) => format!("an {}", k.label()).replace("an single", "a single"),
                },
                label.as_ref().map_or(String::new(), |l| format!(" ({l})")),
                fmt_date(*date),
                row.as_ref()
                    .and_then(|m| m.start_time.as_ref())
                    .filter(|_| time.is_some())
                    .map_or(String::new(), |t| format!(" at {t}")),
                row.as_ref()
                    .map_or(String::new(), |m| format!(" at {}", m.venue)),
                opt_date(row.as_ref().map(|m| m.cutoff)),
                opt_date(row.as_ref().map(|m| m.agenda_out))
            );
            super::workspace::warn_clashes(&cli.db_path(), *date);
            if !chosen.is_empty() {
                say!("{}", crate::store::meeting::meeting_for_words(&chosen));
                super::meetings_cases::moved_lines(&chosen, &moved, *date, true);
            }
            let moved: Vec<Replacement> = moved
                .into_iter()
                .filter(|r| !super::meetings_cases::is_chosen(&chosen, r))
                .collect();
            if !moved.is_empty() {
                say!(
                    "new referrals now listed elsewhere{}:",
                    cutoff_rule(&store, panel)?
                );
                report(&moved);
            }
            Ok(())
        }
        MeetingsCommand::Guest(g) => super::meetings_guest::run(&store, panel, g),
        MeetingsCommand::Cases(c) => super::meetings_cases::run(&store, panel, today, c),
        MeetingsCommand::Move {
            date,
            to,
            time,
            venue,
        } => {
            if let Some(t) = to {
                day_note(*t);
            }
            let id = store.find_meeting(panel, *date)?.id;
            let change = MeetingChange {
                to: *to,
                time: time.as_deref(),
                venue: venue.as_deref(),
            };
            let moved = store.move_meeting(panel, *date, &change, today)?;
            if let Some(t) = to {
                time_note(&store, panel, *t)?;
            }
            let day = to.unwrap_or(date.date);
            let row = store
                .meeting_rows(panel, false)?
                .into_iter()
                .find(|m| m.id == id);
            say!(
                "the meeting on {date} is now on {}{}{}; cut-off {}, agenda out {}",
                fmt_date(day),
                row.as_ref()
                    .and_then(|m| m.start_time.as_ref())
                    .filter(|_| time.is_some())
                    .map_or(String::new(), |t| format!(" at {t}")),
                row.as_ref()
                    .map_or(String::new(), |m| format!(" at {}", m.venue)),
                opt_date(row.as_ref().map(|m| m.cutoff)),
                opt_date(row.as_ref().map(|m| m.agenda_out))
            );
            super::workspace::warn_clashes(&cli.db_path(), day);
            if !moved.is_empty() {
                say!(
                    "new referrals placed again under the cut-off rule{}:",
                    cutoff_rule(&store, panel)?
                );
                report(&moved);
            }
            Ok(())
        }
    }
}

/// "planned", "planned (emergency)".
fn state_words(m: &crate::store::schedule::ScheduledMeeting) -> String {
    let state = m.state.replace('_', " ");
    match (&m.meeting_type, m.kind) {
        (Some(t), _) => format!("{state} ({t})"),
        (None, MeetingKind::Ordinary) => state,
        (None, k) => format!("{state} ({})", k.label()),
    }
}

/// The cases of each meeting for chosen cases under the table, by case id and
/// initials only (the list is read by others); nothing when there is none.
fn print_chosen(rows: &[crate::store::schedule::ScheduledMeeting]) {
    if rows.iter().all(|m| m.cases.is_empty()) {
        return;
    }
    say!("meetings for chosen cases:");
    for m in rows.iter().filter(|m| !m.cases.is_empty()) {
        say!(
            "  {}: {}",
            fmt_date(m.date),
            crate::store::meeting::meeting_for_words(&m.cases)
        );
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
            let state = match (d.relative_to, m.minutes_sent_on) {
                (RelativeTo::Minutes, Some(sent)) => format!(" (sent {})", fmt_date(sent)),
                (RelativeTo::Minutes, None) if d.due < today && m.state != "planned" => {
                    " (passed: not sent)".into()
                }
                (RelativeTo::Meeting, _) if d.due < today && m.state == "planned" => {
                    " (passed)".into()
                }
                _ => String::new(),
            };
            say!("  {}: {}{state}", fmt_date(m.date), d.line());
        }
    }
}

/// One line for each held meeting whose minutes deadline has passed with its
/// minutes not recorded as sent (`minutes sent`).
fn minutes_unsent(
    rows: &[crate::store::schedule::ScheduledMeeting],
    today: NaiveDate,
) -> Vec<String> {
    rows.iter()
        .filter(|m| m.state != "planned" && m.minutes_sent_on.is_none())
        .flat_map(|m| {
            m.deadlines
                .iter()
                .filter(|d| d.relative_to == RelativeTo::Minutes && d.due < today)
                .map(move |d| {
                    format!(
                        "the minutes of the meeting on {} are not recorded as sent: {}, passed; record them with `roundtable minutes sent --meeting {}`",
                        fmt_date(m.date),
                        d.line(),
                        fmt_date(m.date)
                    )
                })
        })
        .collect()
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

/// " (section 11)": where the panel writes its referral cut-off, or "".
fn cutoff_rule(
    store: &crate::store::Store,
    panel: crate::store::PanelId,
) -> Result<String, crate::cli::CliError> {
    Ok(store
        .panel_info(Some(panel))?
        .paperwork
        .cite
        .paren(crate::domain::paperwork::Rule::Cutoff))
}
