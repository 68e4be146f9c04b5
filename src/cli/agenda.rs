//! `roundtable agenda --meeting DATE`.

use crate::domain::meeting_ref::MeetingRef;
use clap::Args;

use super::out::{emit, emit_json, lookup_error, open_existing, today, TableOut};
use super::{Cli, CliError, CliResult};
use crate::lookup::agenda::{self, Timing};

#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// The meeting's date (YYYY-MM-DD or DD/MM/YYYY; DATE@HH:MM when two meetings
    /// share the day); default the next meeting.
    #[arg(long, value_name = "DATE", value_parser = super::meetings::meeting_arg)]
    pub meeting: Option<MeetingRef>,
    /// Minutes for items 1 to 5 together, for the time slots.
    #[arg(long, value_name = "MIN", default_value_t = Timing::default().opening)]
    pub opening_minutes: u32,
    /// Minutes per new referral presented.
    #[arg(long, value_name = "MIN", default_value_t = Timing::default().referral)]
    pub referral_minutes: u32,
    /// Minutes per review (and per "one to watch" mention).
    #[arg(long, value_name = "MIN", default_value_t = Timing::default().review)]
    pub review_minutes: u32,
    #[command(flatten)]
    pub out: TableOut,
}

pub(super) fn run(cli: &Cli, args: &AgendaArgs) -> CliResult {
    let store = open_existing(cli)?;
    let timing = Timing {
        opening: args.opening_minutes,
        referral: args.referral_minutes,
        review: args.review_minutes,
    };
    let meeting = match args.meeting {
        Some(d) => d,
        None => crate::lookup::panel::next_meeting(store.conn(), today()?)
            .map_err(lookup_error)?
            .into(),
    };
    super::config::warn_beyond_bank_holidays(meeting.date);
    let a = agenda::draft(store.conn(), meeting, timing).map_err(lookup_error)?;
    // Known to another panel of the workspace (issue 23, X5): named only.
    let mut cases = vec![];
    for e in entries(&a) {
        let id = crate::store::ReferralId(e.case_id);
        cases.extend(store.case_subject(id).map_err(CliError::from)?);
    }
    let during = format!(
        "the draft agenda for {}",
        crate::lookup::fmt_date(meeting.date)
    );
    let (known, failed) = super::across::known_elsewhere(&store, &cases, &during);
    super::across::warn_failed(&failed);
    if let Some(path) = &args.out.xlsx {
        super::across::say_on_stderr(&known);
        let bytes =
            crate::lookup::sheet::table_xlsx("Agenda", a.panel.marking(), &agenda::csv_table(&a))
                .map_err(lookup_error)?;
        return super::out::write_xlsx(&store, path, &bytes);
    }
    if args.out.json {
        super::across::say_on_stderr(&known);
        emit_json("agenda", &a)
    } else if args.out.csv {
        super::across::say_on_stderr(&known);
        emit(
            &agenda::csv_table(&a)
                .marked(a.panel.marking())
                .csv_with(!args.out.no_bom),
        )
    } else {
        let text = agenda::render_plain(&a);
        let names: Vec<(i64, String)> = entries(&a).map(|e| (e.case_id, e.name.clone())).collect();
        let section = super::across::agenda_section(&known, &names);
        let end = format!("\n{}\n", a.panel.marking());
        match text.strip_suffix(&end) {
            Some(body) if !section.is_empty() => emit(&format!("{body}{section}{end}")),
            _ => emit(&text),
        }
    }
}

/// Every case on the draft agenda.
fn entries(a: &agenda::DraftAgenda) -> impl Iterator<Item = &agenda::Entry> {
    a.new_under_18
        .iter()
        .chain(&a.new_over_18)
        .chain(&a.reviews)
        .chain(&a.updates)
        .chain(&a.held_over)
}
