//! `roundtable referral discharge-mappa|review-early`: changes to an open case between
//! meetings (sections 7.9, 10.1 and 12).

use chrono::NaiveDate;
use clap::Args;

use super::support::{date_arg, fmt_date, open_panel, today};
use super::{Cli, CliResult};
use crate::store::ReferralId;

/// An open case whose subject is now managed at MAPPA level 2 or 3.
#[derive(Debug, Args)]
pub struct DischargeArgs {
    /// The case (referral) number.
    pub id: i64,
    /// The MAPPA level now managed at (2 or 3, section 10.1).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(2..=3))]
    pub level: u8,
    /// The MAPPA category (1 to 3).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=3))]
    pub category: u8,
    /// The day it was discharged (default today).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub on: Option<NaiveDate>,
    /// A note for the MAPPA item and the case history.
    #[arg(
        long,
        value_name = "TEXT",
        allow_hyphen_values = true,
        default_value = ""
    )]
    pub note: String,
}

/// A lead agency's request to bring a review forward (section 7.9).
#[derive(Debug, Args)]
pub struct EarlyReviewArgs {
    /// The case (referral) number.
    pub id: i64,
    /// The new, earlier review date.
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub to: NaiveDate,
    /// Why: risk significantly increased, or the person is not complying.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub reason: String,
}

/// Discharge an open case to MAPPA.
pub(super) fn discharge(cli: &Cli, a: &DischargeArgs) -> CliResult {
    let today = today()?;
    let (store, _) = open_panel(cli, true)?;
    let on = a.on.unwrap_or(today);
    let next = store.discharge_to_mappa(ReferralId(a.id), a.category, a.level, on, &a.note)?;
    let noted = match next {
        Some(d) => format!("noted at the MAPPA item of the meeting on {}", fmt_date(d)),
        None => "no planned meeting to note it at yet".to_string(),
    };
    say!(
        "case {} discharged to MAPPA level {} (category {}) on {}: closed to the panel; {noted}",
        a.id,
        a.level,
        a.category,
        fmt_date(on)
    );
    Ok(())
}

/// Bring a review forward at the lead agency's request.
pub(super) fn review_early(cli: &Cli, a: &EarlyReviewArgs) -> CliResult {
    let today = today()?;
    let (store, panel) = open_panel(cli, true)?;
    let was = store.bring_review_forward(ReferralId(a.id), a.to, today, &a.reason)?;
    let heard = store
        .planned_meetings(panel, today)?
        .into_iter()
        .find(|(_, d)| *d >= a.to)
        .map(|(_, d)| format!("heard at the meeting on {}", fmt_date(d)))
        .unwrap_or_else(|| "no planned meeting on or after it yet".into());
    say!(
        "case {}: review brought forward to {} (was {}) at the lead agency's request{}; {heard}",
        a.id,
        fmt_date(a.to),
        was.map(fmt_date).unwrap_or_else(|| "not set".into()),
        store
            .panel_info(Some(panel))?
            .paperwork
            .cite
            .paren(crate::domain::paperwork::Rule::BroughtForward)
    );
    Ok(())
}
