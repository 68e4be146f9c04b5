//! `roundtable meetings guest invite|list` (issue 21, gap C6): a guest for one case,
//! invited before the meeting (or during it) with the chair's agreement given in
//! advance; the same checks as the app's dialog (the store's). A planned meeting's
//! agenda is prepared first, as at its start, so the case can be named: its cases stay
//! with it.

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use super::support::{date_arg, fmt_date, table};
use super::{CliError, CliResult};
use crate::domain::guest::Capacity;
use crate::domain::meeting_ref::MeetingRef;
use crate::domain::paperwork::Rule;
use crate::domain::types::MeetingState;
use crate::store::meeting::{guests_at, NewGuest};
use crate::store::{PanelId, Store};

#[derive(Debug, Args)]
pub struct GuestArgs {
    #[command(subcommand)]
    pub command: GuestCommand,
}

#[derive(Debug, Subcommand)]
pub enum GuestCommand {
    /// Invite a professional for one case of a meeting, as the chair agreed in advance.
    Invite(InviteArgs),
    /// The guests of a meeting: for which case, who agreed, when they joined and left.
    List {
        /// The meeting: its date, or DATE@HH:MM when two meetings share the day.
        #[arg(long, value_name = "DATE", value_parser = super::meetings::meeting_arg)]
        meeting: MeetingRef,
    },
}

/// In what capacity the guest would attend: only a professional may be invited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AsArg {
    Professional,
    Victim,
    Family,
    Other,
}

#[derive(Debug, Args)]
pub struct InviteArgs {
    /// The meeting: its date, or DATE@HH:MM when two meetings share the day.
    #[arg(long, value_name = "DATE", value_parser = super::meetings::meeting_arg)]
    pub meeting: MeetingRef,
    /// The case (referral) number: any case on the meeting's agenda, reviews included.
    #[arg(long = "case", value_name = "ID")]
    pub case: i64,
    /// The guest's name.
    #[arg(long, allow_hyphen_values = true)]
    pub name: String,
    /// Their post title.
    #[arg(long, allow_hyphen_values = true, default_value = "")]
    pub post: String,
    /// A panel agency, by its code.
    #[arg(long, value_name = "CODE", conflicts_with = "agency_text")]
    pub agency: Option<String>,
    /// An agency that is not the panel's, in words.
    #[arg(long, value_name = "WORDS", allow_hyphen_values = true)]
    pub agency_text: Option<String>,
    /// Who agreed for the chair.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    pub agreed_by: String,
    /// The day the chair agreed (on or before the meeting).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub agreed_on: NaiveDate,
    /// In what capacity they would attend (victims, family members and other
    /// interested parties are not invited).
    #[arg(long, value_enum, default_value_t = AsArg::Professional)]
    pub capacity: AsArg,
}

impl AsArg {
    fn capacity(self) -> Capacity {
        match self {
            AsArg::Professional => Capacity::Professional,
            AsArg::Victim => Capacity::Victim,
            AsArg::Family => Capacity::FamilyMember,
            AsArg::Other => Capacity::OtherInterested,
        }
    }
}

/// Run `meetings guest …` on the panel's database (opened by `meetings`).
pub(super) fn run(store: &Store, panel: PanelId, args: &GuestArgs) -> CliResult {
    match &args.command {
        GuestCommand::Invite(a) => invite(store, panel, a),
        GuestCommand::List { meeting } => list(store, panel, *meeting),
    }
}

fn invite(store: &Store, panel: PanelId, a: &InviteArgs) -> CliResult {
    let m = store.find_meeting(panel, a.meeting)?;
    if m.state == MeetingState::Planned {
        store.prepare_agenda(m.id)?;
    }
    let data = store.load_meeting(m.id)?;
    let case = data
        .cases
        .iter()
        .find(|c| c.referral.id.0 == a.case)
        .ok_or_else(|| {
            CliError::from(format!(
                "case {} is not on the agenda of the meeting on {}",
                a.case,
                fmt_date(m.date)
            ))
        })?;
    let agency = match &a.agency {
        None => None,
        Some(code) => Some(
            data.agencies
                .iter()
                .find(|x| x.code.eq_ignore_ascii_case(code))
                .map(|x| x.id)
                .ok_or_else(|| {
                    let codes: Vec<&str> = data.agencies.iter().map(|x| x.code.as_str()).collect();
                    CliError::from(format!(
                        "--agency: {code} is not a panel agency ({}); --agency-text names one that is not",
                        codes.join(", ")
                    ))
                })?,
        ),
    };
    let g = NewGuest {
        discussion: case.discussion,
        name: a.name.clone(),
        post: a.post.clone(),
        capacity: a.capacity.capacity(),
        agency,
        agency_text: a.agency_text.clone().unwrap_or_default(),
        agreed_by: a.agreed_by.clone(),
        agreed_on: Some(a.agreed_on),
    };
    store.invite_guest(&g)?;
    say!(
        "{} invited for case {} at the meeting on {}, agreed by {} on {}{}",
        a.name.trim(),
        a.case,
        fmt_date(m.date),
        a.agreed_by.trim(),
        fmt_date(a.agreed_on),
        data.panel.paperwork.cite.paren(Rule::Guests)
    );
    Ok(())
}

fn list(store: &Store, panel: PanelId, meeting: MeetingRef) -> CliResult {
    let m = store.find_meeting(panel, meeting)?;
    let hhmm = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| crate::domain::clock::local(t).format("%H:%M").to_string())
            .unwrap_or_default()
    };
    let rows: Vec<Vec<String>> = guests_at(store.conn(), m.id)?
        .into_iter()
        .map(|g| {
            vec![
                g.referral.to_string(),
                g.name,
                g.agency_name,
                g.agreed_by,
                g.agreed_on,
                hhmm(g.joined_at),
                hhmm(g.left_at),
            ]
        })
        .collect();
    put!(
        "{}",
        table(
            &[
                "CASE",
                "NAME",
                "AGENCY",
                "AGREED BY",
                "AGREED ON",
                "JOINED",
                "LEFT"
            ],
            &rows
        )
    );
    Ok(())
}
