//! `roundtable demo`.

use chrono::{Local, NaiveDate};
use clap::{Args, ValueEnum};

use super::{Cli, CliError, CliResult};
use crate::demo::{generate_with_progress, DemoOptions, Scale};
use crate::store::Store;

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum ScaleArg {
    /// One panel, a year of monthly meetings, a few dozen cases.
    #[default]
    Small,
    /// About ten years, 5,000 subjects and 107,000 actions (a tenth open), for benchmarks.
    Large,
    /// A county's panel sitting weekly for ten years: about 1,000,000 actions (a tenth
    /// open), for benchmarks.
    County,
}

#[derive(Debug, Args, Default)]
pub struct DemoArgs {
    /// Seed: the same seed (and --as-of date) gives the same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Years of past meetings (default 1; 10 with --scale large or county).
    #[arg(long)]
    pub years: Option<u32>,
    /// How much data: small (a year, a few dozen cases) or large (for benchmarks).
    #[arg(long, value_enum, default_value_t = ScaleArg::Small)]
    pub scale: ScaleArg,
    /// Date the demo is "as of" (YYYY-MM-DD or DD/MM/YYYY); defaults to today.
    #[arg(long, value_name = "DATE", value_parser = super::support::date_arg)]
    pub as_of: Option<NaiveDate>,
}

pub(super) fn fill(
    store: &mut Store,
    args: &DemoArgs,
) -> Result<crate::demo::DemoSummary, CliError> {
    let scale = match args.scale {
        ScaleArg::Small => Scale::Small,
        ScaleArg::Large => Scale::Large,
        ScaleArg::County => Scale::County,
    };
    let years = args
        .years
        .unwrap_or(if matches!(scale, Scale::Small) { 1 } else { 10 });
    if years == 0 || years > 50 {
        return Err(CliError {
            message: "--years must be between 1 and 50".into(),
            code: 2,
        });
    }
    let opts = DemoOptions {
        seed: args.seed,
        years,
        scale,
        as_of: args.as_of.unwrap_or_else(|| Local::now().date_naive()),
    };
    let mut bar = super::progress::Bar::new("making demo data", "meetings");
    let s = generate_with_progress(store, &opts, &mut |done, total| bar.show(done, total));
    bar.finish();
    Ok(s?)
}

pub(super) fn run(cli: &Cli, args: &DemoArgs) -> CliResult {
    let path = cli.db_path();
    // The demo is invented data, left plain so that anyone can try it at once.
    let mut store = Store::open(&path, None)?;
    let s = fill(&mut store, args)?;
    say!(
        "demo data written to {}: {} meetings, {} subjects, {} referrals, {} actions; next meeting {}",
        path.display(),
        s.meetings,
        s.subjects,
        s.referrals,
        s.actions,
        s.next_meeting.format("%Y-%m-%d")
    );
    say!("(not encrypted: demo data is invented; a real panel's database is made by `roundtable init`, encrypted)");
    Ok(())
}
