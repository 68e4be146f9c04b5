//! Command line: global options and subcommands. `main.rs` only parses and calls `run`.

/// Print a line to standard output; a closed pipe (`| head -1`) is not an error.
macro_rules! say {
    ($($t:tt)*) => { $crate::cli::out::write_fmt(format_args!($($t)*), true) };
}

/// Print to standard output without a line end; a closed pipe is not an error.
macro_rules! put {
    ($($t:tt)*) => { $crate::cli::out::write_fmt(format_args!($($t)*), false) };
}

pub mod across;
mod actions;
mod agenda;
mod audit;
mod backup;
mod between;
mod calendar;
mod case;
mod case_change;
mod completions;
pub mod config;
mod crypt;
mod demo;
mod duplicates;
mod export;
mod extract;
mod handoff;
mod handoff_file;
mod handoff_mappa;
mod init;
pub mod key;
mod man;
mod meetings;
mod meetings_cases;
mod meetings_guest;
mod members;
mod minutes;
mod offence;
pub mod out;
mod panel;
mod progress;
mod purge;
mod referral;
mod referral_file;
mod referral_form;
mod report;
mod restrict;
mod room_log;
mod seal;
pub mod support;
pub mod workspace;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::paths;
use crate::store::{Store, StoreError};

#[derive(Debug, Parser)]
#[command(
    name = "roundtable",
    version,
    about = "Run multi-agency safeguarding panel meetings from the terminal"
)]
pub struct Cli {
    /// Database file (else $ROUNDTABLE_DB, else the platform data folder).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Use the demo database, creating it with demo data on first use (not with --db).
    #[arg(long, global = true, conflicts_with = "db")]
    pub demo: bool,
    /// A file holding the database's passphrase or raw key (mode 0600); else ROUNDTABLE_KEY, else
    /// the config file's key_file, else it is asked for at a terminal.
    #[arg(long, global = true, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// Who is at the keyboard (an attendee's name): recorded in the change log beside
    /// the OS account (else the config file's `attendee`).
    #[arg(long = "as", global = true, value_name = "NAME")]
    pub attendee: Option<String>,
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Run the meeting in progress, or else the next planned one (the default).
    Run(RunArgs),
    /// The room's screen for a projector or a shared call: follows the place the chair
    /// shows the room, by initials only unless the chair reveals a name; Ctrl-B blanks it.
    Present,
    /// Fill a new database with a wholly invented demo panel.
    Demo(demo::DemoArgs),
    /// Open actions by due date (filters: agency, case, subject, overdue, ...);
    /// `actions done ID --note TEXT` closes one.
    Actions(actions::ActionsArgs),
    /// Per agency, a reminder (plain text and .eml, marked) of its actions due soon
    /// and overdue, on the days the panel file's [reminders] sets before a meeting.
    Remind(between::RemindArgs),
    /// One case's history: referral, discussions, lead agency, interventions, actions.
    Case(case::CaseArgs),
    /// Write a meeting's restricted minutes: a general page, one file per case, MAPPA apart.
    Minutes(minutes::MinutesArgs),
    /// The draft agenda for a meeting, to circulate five working days before it.
    Agenda(agenda::AgendaArgs),
    /// The section 12 monitoring return for a period.
    Report(report::ReportArgs),
    /// Review, intervention-plan and meeting dates as an iCalendar (.ics) file.
    Calendar(calendar::CalendarArgs),
    /// Set up a panel in an empty database from a panel file, with its first meetings.
    Init(init::InitArgs),
    /// Panel members: list, add, retire.
    Members(members::MembersArgs),
    /// New referrals: take in from a file, screen, list.
    Referral(referral::ReferralArgs),
    /// Scheduled meetings: list, add an extra one, change a date or venue.
    Meetings(meetings::MeetingsArgs),
    /// The panel itself: `panel update --panel FILE` applies a changed panel file.
    Panel(panel::PanelArgs),
    /// A case subject's proven offences: add, list (section 12).
    Offence(offence::OffenceArgs),
    /// Who changed what and when (the change log), and `audit verify` of its hash chain.
    Audit(audit::AuditArgs),
    /// What the room's screen showed at a meeting, change by change and by whom
    /// (item, case, names and intelligence revealed, blanking, screen-safe mode);
    /// `--case ID` says whether that case's full name was ever shown.
    RoomLog(room_log::RoomLogArgs),
    /// Check a sealed meeting record (`minutes approve --bundle DIR`): every file's SHA-256,
    /// none missing or added, the manifest's own hash; with --db, also the manifest's hash
    /// against the one the change log recorded at sealing.
    VerifyBundle(seal::VerifyBundleArgs),
    /// Retention: remove subjects whose cases all ended before a date, keeping
    /// anonymous counts; `--dry-run` lists them.
    Purge(purge::PurgeArgs),
    /// An extract for analysts: `--mace --from DATE --to DATE` is the MACE briefing
    /// (referrals by subject kind, areas, groups, persons of concern by case number,
    /// locations, their actions), marked.
    Extract(extract::ExtractArgs),
    /// Copy the database, with every change still in its write-ahead log, to a new
    /// file: same encryption, owner-only, checked before it says done.
    Backup(backup::BackupArgs),
    /// Put a backup in place: the database it replaces (and its -wal/-shm) is kept
    /// under a new name, never read into the backup.
    Restore(backup::RestoreArgs),
    /// Encrypt a plain database (written beside it, then renamed over it).
    Encrypt(crypt::EncryptArgs),
    /// Change an encrypted database's passphrase (written beside it, then renamed over it).
    Rekey(crypt::RekeyArgs),
    /// Write a plain (unencrypted) copy of the database (`--plain --out FILE`) for an
    /// analyst: owner-only, never over an existing file, with the views that
    /// `roundtable export --help` describes.
    #[command(after_long_help = export::VIEWS_HELP)]
    Export(export::ExportArgs),
    /// A case handed to another panel of the workspace, with the sending chair's
    /// agreement: `handoff write ID --to PANEL --agreed-by NAME --out FILE` (an onward
    /// referral as the other panel's referral file), `handoff mappa-list` (MAGPan's
    /// MAPPA item from the MAPPA database), `handoff list`.
    Handoff(handoff::HandoffArgs),
    /// Print a shell completion script (bash, zsh, fish, ...) to standard output.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one per command into a folder.
    Man {
        /// Write roundtable.1, roundtable-actions.1, ... into this folder instead.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// An error for the user: one line, non-zero exit.
#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub code: i32,
}

impl<E: std::fmt::Display> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError {
            message: e.to_string(),
            code: 1,
        }
    }
}

pub type CliResult = Result<(), CliError>;

/// The command line cleaned at the door ([`crate::domain::clean::clean`]): every
/// argument that is valid UTF-8 loses its terminal controls, escape sequences and
/// direction overrides before it is parsed; one that is not (a path in another
/// encoding) is passed on as it is.
pub fn clean_args(
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> impl Iterator<Item = std::ffi::OsString> {
    args.into_iter().map(|a| match a.into_string() {
        Ok(s) => crate::domain::clean::clean(&s).into(),
        Err(os) => os,
    })
}

impl Cli {
    /// The database path this invocation uses: `--db`, else `ROUNDTABLE_DB`, else the
    /// config file's `database`, else the platform data folder.
    pub fn db_path(&self) -> PathBuf {
        if self.demo && self.db.is_none() {
            paths::demo_db()
        } else {
            let env_set = std::env::var_os(paths::DB_ENV).is_some_and(|v| !v.is_empty());
            match (&self.db, &config::get().database) {
                // The config file's database comes after --db and ROUNDTABLE_DB.
                (None, Some(d)) if !env_set => d.clone(),
                _ => paths::resolve_db(self.db.clone()),
            }
        }
    }
}

impl Cli {
    /// Is the database the platform default (no `--db`, `ROUNDTABLE_DB` or config
    /// `database`)? Only then may a missing folder be made for a new file.
    pub fn db_is_default(&self) -> bool {
        self.db.is_none()
            && std::env::var_os(paths::DB_ENV).is_none_or(|v| v.is_empty())
            && config::get().database.is_none()
    }
}

/// Open the database for a command. It must exist already (a mistyped `--db` makes
/// no folder and no file), except that `--demo` makes the demo database, with demo
/// data, on first use. The demo database is never encrypted, so no key is used for it.
pub fn open_store(cli: &Cli) -> Result<Store, CliError> {
    let mut store = open_store_as_is(cli)?;
    // What upgrading the file changed that people should hear of: one line each.
    for note in store.upgrade_notes() {
        eprintln!("{}", crate::domain::clean::one_line(note));
    }
    let attendee = cli
        .attendee
        .clone()
        .or_else(|| config::get().attendee.clone());
    store.set_attendee(attendee.map(|a| crate::domain::clean::one_line(&a)));
    Ok(store)
}

fn open_store_as_is(cli: &Cli) -> Result<Store, CliError> {
    let path = cli.db_path();
    if cli.demo {
        if !path.exists() {
            let mut store = Store::open(&path, None)?;
            demo::fill(&mut store, &demo::DemoArgs::default())?;
            return Ok(store);
        }
        return Ok(Store::open_existing(&path, None)?);
    }
    let key = key::given(cli)?;
    match Store::open_existing(&path, key.as_deref().map(String::as_str)) {
        Err(StoreError::NoKey { .. }) if key::can_prompt() => {
            let k = key::prompt(&format!("Passphrase for {}", path.display()))?;
            Ok(Store::open_existing(&path, Some(&k))?)
        }
        r => Ok(r?),
    }
}

/// The database for a command that changes it (or the meeting screen): a read-only
/// file or folder is refused in one line before it is even opened (so nothing is made
/// beside it), and a damaged one before anything is written.
pub fn open_store_for_change(cli: &Cli) -> Result<Store, CliError> {
    crate::store::refuse_read_only(&cli.db_path())?;
    let store = open_store(cli)?;
    store.check_writable()?;
    Ok(store)
}

pub fn run(cli: Cli) -> CliResult {
    key::take_from_env();
    config::load()?;
    config::load_bank_holidays()?;
    run_command(&cli)?;
    match out::take_write_failure() {
        Some(message) => Err(CliError { message, code: 1 }),
        None => Ok(()),
    }
}

fn run_command(cli: &Cli) -> CliResult {
    match &cli.command {
        Some(CliCommand::Actions(args)) => actions::run(cli, args),
        Some(CliCommand::Remind(args)) => between::remind(cli, args),
        Some(CliCommand::Case(args)) => case::run(cli, args),
        Some(CliCommand::Minutes(args)) => minutes::run(cli, args),
        Some(CliCommand::Agenda(args)) => agenda::run(cli, args),
        Some(CliCommand::Report(args)) => report::run(cli, args),
        Some(CliCommand::Calendar(args)) => calendar::run(cli, args),
        Some(CliCommand::Demo(args)) => demo::run(cli, args),
        Some(CliCommand::Init(args)) => init::run(cli, args),
        Some(CliCommand::Members(args)) => members::run(cli, args),
        Some(CliCommand::Referral(args)) => referral::run(cli, args),
        Some(CliCommand::Meetings(args)) => meetings::run(cli, args),
        Some(CliCommand::Panel(args)) => panel::run(cli, args),
        Some(CliCommand::Offence(args)) => offence::run(cli, args),
        Some(CliCommand::Audit(args)) => audit::run(cli, args),
        Some(CliCommand::RoomLog(args)) => room_log::run(cli, args),
        Some(CliCommand::VerifyBundle(args)) => seal::run(cli, args),
        Some(CliCommand::Purge(args)) => purge::run(cli, args),
        Some(CliCommand::Extract(args)) => extract::run(cli, args),
        Some(CliCommand::Backup(args)) => backup::backup(cli, args),
        Some(CliCommand::Restore(args)) => backup::restore(cli, args),
        Some(CliCommand::Encrypt(args)) => crypt::encrypt(cli, args),
        Some(CliCommand::Rekey(args)) => crypt::rekey(cli, args),
        Some(CliCommand::Export(args)) => export::run(cli, args),
        Some(CliCommand::Handoff(args)) => handoff::run(cli, args),
        Some(CliCommand::Completions { shell }) => {
            out::write_out(&completions::script(*shell));
            Ok(())
        }
        Some(CliCommand::Man { out: None }) => {
            out::write_out(&man::main_page()?);
            Ok(())
        }
        Some(CliCommand::Man { out: Some(dir) }) => {
            man::write_pages(dir)?;
            say!("manual pages written to {}", dir.display());
            Ok(())
        }
        Some(CliCommand::Present) => {
            use std::io::IsTerminal;
            if !(std::io::stdout().is_terminal() && std::io::stdin().is_terminal()) {
                return Err(CliError {
                    message: "`roundtable present` is the room's screen: run it in a terminal window (on the projector or shared screen), not in a script or a pipe".into(),
                    code: 2,
                });
            }
            let store = open_store(cli)?;
            crate::tui::present::run(store)?;
            Ok(())
        }
        Some(CliCommand::Run(_)) | None => {
            let plain = match &cli.command {
                Some(CliCommand::Run(a)) => a.plain,
                _ => false,
            } || config::get().accessible;
            use std::io::IsTerminal;
            let at_terminal = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
            if at_terminal {
                // The meeting screen checks the file whole and writable as it starts.
                crate::store::refuse_read_only(&cli.db_path())?;
            }
            let store = open_store(cli)?;
            if !at_terminal {
                // No terminal to draw on (a pipe or a script): say where the meeting stands.
                let mut text = Vec::new();
                crate::summary::print_next_meeting(&store, &mut text)?;
                out::write_out(&text);
                return Ok(());
            }
            let mut store = store;
            if std::env::var(crate::lookup::TODAY_ENV).is_ok_and(|v| !v.trim().is_empty()) {
                // As the commands do: that day, at the time of day now (for trying a
                // meeting out of its time, and for demonstrations).
                let day = out::today()?;
                store.set_clock(Box::new(move || {
                    use crate::domain::clock::{from_local, local};
                    let now = crate::store::system_clock()();
                    from_local(day.and_time(local(now).time()))
                }));
            }
            if plain {
                crate::tui::plain::run(store)?;
            } else {
                crate::tui::run(store)?;
            }
            Ok(())
        }
    }
}

/// How the meeting runs.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Screen-reader mode: no alternate screen, no box drawing, no colour; each change
    /// of item, case, field and status printed as one line (also `accessible = true`
    /// in the config file).
    #[arg(long)]
    pub plain: bool,
}
