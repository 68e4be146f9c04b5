//! `roundtable offence add|list`: a case subject's proven offences (section 12's
//! proven offending data, before referral and during the intervention).

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::support::{date_arg, fmt_date, open_panel, print_json, table, today};
use super::{Cli, CliResult};
use crate::domain::offending::OffencePeriod;
use crate::lookup::format::clean;
use crate::store::rows::offence::Offence;
use crate::store::ReferralId;

#[derive(Debug, Args)]
pub struct OffenceArgs {
    #[command(subcommand)]
    pub command: OffenceCommand,
}

#[derive(Debug, Subcommand)]
pub enum OffenceCommand {
    /// Record a proven offence of a case's subject.
    Add(AddArgs),
    /// A case's proven offences, each with its period (before referral, during the
    /// intervention, or other times).
    List {
        /// The case (referral) number.
        case: i64,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The case (referral) number.
    pub case: i64,
    /// The date of the offence.
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub on: NaiveDate,
    /// The type of offence, e.g. "robbery", "possession with intent to supply".
    #[arg(long = "type", value_name = "TEXT", allow_hyphen_values = true)]
    pub offence_type: String,
    /// Seriousness: the gravity score, 1 to 8.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=8))]
    pub seriousness: Option<u8>,
    /// Where it happened (a ward, a street, a place).
    #[arg(
        long,
        value_name = "TEXT",
        allow_hyphen_values = true,
        default_value = ""
    )]
    pub location: String,
    /// The outcome, e.g. "youth caution", "referral order", "custody".
    #[arg(
        long,
        value_name = "TEXT",
        allow_hyphen_values = true,
        default_value = ""
    )]
    pub outcome: String,
    /// A knife was involved.
    #[arg(long)]
    pub knife: bool,
    /// A gun was involved.
    #[arg(long)]
    pub gun: bool,
    /// Another weapon was involved.
    #[arg(long)]
    pub other_weapon: bool,
    /// The drug linked to the offence, if any.
    #[arg(
        long,
        value_name = "TEXT",
        allow_hyphen_values = true,
        default_value = ""
    )]
    pub drug_type: String,
    /// Drug use was linked to the offence.
    #[arg(long)]
    pub drug_use: bool,
    /// Drug supply was linked to the offence.
    #[arg(long)]
    pub drug_supply: bool,
}

/// One offence as listed.
#[derive(Debug, Serialize)]
struct ListedOffence {
    id: i64,
    on: Option<NaiveDate>,
    period: &'static str,
    offence_type: String,
    seriousness: Option<u8>,
    location: String,
    outcome: String,
    knife: bool,
    gun: bool,
    other_weapon: bool,
    drug_type: String,
    drug_use: bool,
    drug_supply: bool,
}

pub(super) fn run(cli: &Cli, args: &OffenceArgs) -> CliResult {
    let today = today()?;
    let change = matches!(args.command, OffenceCommand::Add(_));
    let (store, _) = open_panel(cli, change)?;
    match &args.command {
        OffenceCommand::Add(a) => {
            let id = store.add_offence(
                &Offence {
                    id: 0,
                    referral: Some(ReferralId(a.case)),
                    on: Some(a.on),
                    offence_type: clean(&a.offence_type),
                    seriousness: a.seriousness,
                    location: clean(&a.location),
                    outcome: clean(&a.outcome),
                    knife: a.knife,
                    gun: a.gun,
                    other_weapon: a.other_weapon,
                    drug_type: clean(&a.drug_type),
                    drug_use: a.drug_use,
                    drug_supply: a.drug_supply,
                },
                today,
            )?;
            let r = store.referral(ReferralId(a.case))?;
            let period = OffencePeriod::of(a.on, r.date_received, r.opened_on, r.closed_on);
            say!(
                "offence #{id} recorded for case {} on {}: {}",
                a.case,
                fmt_date(a.on),
                period.label()
            );
            Ok(())
        }
        OffenceCommand::List { case, json } => {
            let r = store.referral(ReferralId(*case))?;
            let rows: Vec<ListedOffence> = store
                .offences_of(ReferralId(*case))?
                .into_iter()
                .map(|o| ListedOffence {
                    id: o.id,
                    on: o.on,
                    period: o
                        .on
                        .map(|d| OffencePeriod::of(d, r.date_received, r.opened_on, r.closed_on))
                        .unwrap_or(OffencePeriod::Other)
                        .label(),
                    offence_type: clean(&o.offence_type),
                    seriousness: o.seriousness,
                    location: clean(&o.location),
                    outcome: clean(&o.outcome),
                    knife: o.knife,
                    gun: o.gun,
                    other_weapon: o.other_weapon,
                    drug_type: clean(&o.drug_type),
                    drug_use: o.drug_use,
                    drug_supply: o.drug_supply,
                })
                .collect();
            if *json {
                return print_json("offences", &rows);
            }
            let yes = |b: bool, w: &str| if b { w.to_string() } else { String::new() };
            let body: Vec<Vec<String>> = rows
                .iter()
                .map(|o| {
                    let weapons = [
                        yes(o.knife, "knife"),
                        yes(o.gun, "gun"),
                        yes(o.other_weapon, "other"),
                    ]
                    .into_iter()
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                    let drugs = [
                        o.drug_type.clone(),
                        yes(o.drug_use, "use"),
                        yes(o.drug_supply, "supply"),
                    ]
                    .into_iter()
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                    vec![
                        o.id.to_string(),
                        o.on.map(fmt_date).unwrap_or_default(),
                        o.period.to_string(),
                        o.offence_type.clone(),
                        o.seriousness.map(|s| s.to_string()).unwrap_or_default(),
                        o.location.clone(),
                        o.outcome.clone(),
                        weapons,
                        drugs,
                    ]
                })
                .collect();
            say!(
                "{}",
                table(
                    &[
                        "ID", "Date", "Period", "Type", "Gravity", "Where", "Outcome", "Weapons",
                        "Drugs"
                    ],
                    &body
                )
            );
            Ok(())
        }
    }
}
