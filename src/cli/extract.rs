//! `roundtable extract --mace --from DATE --to DATE [--csv|--json]`: the MACE
//! briefing for the panel's analysts (issue 22, G6; 001 "How do we respond to the
//! collective knowledge ...?"), marked. See [`crate::lookup::extract`].

use chrono::NaiveDate;
use clap::Args;

use super::out::{emit, emit_json, lookup_error};
use super::{open_store, Cli, CliError, CliResult};
use crate::lookup::extract::mace_extract;

/// `roundtable extract` options.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The MACE briefing: referrals by subject kind, areas, groups, persons of
    /// concern (by case number only) and locations, with their actions.
    #[arg(long)]
    pub mace: bool,
    /// The first day of the period (referrals received), YYYY-MM-DD or DD/MM/YYYY.
    #[arg(long, value_name = "DATE", value_parser = super::support::date_arg)]
    pub from: NaiveDate,
    /// The last day of the period.
    #[arg(long, value_name = "DATE", value_parser = super::support::date_arg)]
    pub to: NaiveDate,
    /// One row a case, as CSV, the marking on the first and last lines.
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

pub(super) fn run(cli: &Cli, args: &ExtractArgs) -> CliResult {
    if !args.mace {
        return Err(CliError {
            message: "say which extract: --mace (the MACE briefing)".into(),
            code: 2,
        });
    }
    let store = open_store(cli)?;
    let x = mace_extract(store.conn(), args.from, args.to).map_err(lookup_error)?;
    if args.json {
        return emit_json("mace", &x);
    }
    if args.csv {
        return emit(&x.csv());
    }
    emit(&x.text())
}
