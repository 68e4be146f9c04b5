//! `roundtable referral restrict ID --reason TEXT` (or `--lift`): the coordinator
//! restricts a referral's whole intelligence (issue 22, MAVE MV10: "intelligence
//! (which may be limited by criminal investigations)", 001 "How do I refer a
//! perpetrator ...?"). See [`crate::domain::restricted`].

use clap::Args;

use super::support::open_panel;
use super::{Cli, CliResult};
use crate::domain::restricted::NOT_FOR;
use crate::store::ReferralId;

/// Restrict a referral's intelligence, or lift the restriction.
#[derive(Debug, Args)]
pub struct RestrictArgs {
    /// The case (referral) number.
    pub id: i64,
    /// Why (kept with the referral and shown beside the restricted text).
    #[arg(
        long,
        value_name = "TEXT",
        allow_hyphen_values = true,
        required_unless_present = "lift",
        conflicts_with = "lift"
    )]
    pub reason: Option<String>,
    /// Lift the restriction: fields marked `restricted` in the form stay so.
    #[arg(long)]
    pub lift: bool,
}

/// Restrict or lift, and say so.
pub(super) fn run(cli: &Cli, a: &RestrictArgs) -> CliResult {
    let (store, _) = open_panel(cli, true)?;
    let reason = if a.lift { None } else { a.reason.as_deref() };
    store.restrict_referral(ReferralId(a.id), reason)?;
    match reason {
        Some(_) => say!(
            "case {}: its intelligence (concerns and every answer) is restricted: {NOT_FOR}",
            a.id
        ),
        None => say!("case {}: the restriction is lifted", a.id),
    }
    Ok(())
}
