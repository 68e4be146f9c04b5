//! `roundtable agenda --meeting DATE`.

use crate::domain::meeting_ref::MeetingRef;
use clap::Args;

use super::out::{emit, emit_json, lookup_error, open_existing, today, TableOut};
use super::{Cli, CliResult};
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
    if let Some(path) = &args.out.xlsx {
        let bytes =
            crate::lookup::sheet::table_xlsx("Agenda", a.panel.marking(), &agenda::csv_table(&a))
                .map_err(lookup_error)?;
        return super::out::write_xlsx(&store, path, &bytes);
    }
    if args.out.json {
        emit_json("agenda", &a)
    } else if args.out.csv {
        emit(
            &agenda::csv_table(&a)
                .marked(a.panel.marking())
                .csv_with(!args.out.no_bom),
        )
    } else {
        emit(&agenda::render_plain(&a))
    }
}
