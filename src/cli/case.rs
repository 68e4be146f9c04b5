//! `roundtable case ID`.

use clap::Args;

use super::out::{emit, emit_json, lookup_error, open_existing, today, JsonOut};
use super::{Cli, CliResult};
use crate::lookup::case;

#[derive(Debug, Args)]
pub struct CaseArgs {
    /// The case ID (a referral: one episode of the panel's involvement).
    pub id: i64,
    #[command(flatten)]
    pub out: JsonOut,
}

pub fn run(cli: &Cli, args: &CaseArgs) -> CliResult {
    let today = today()?;
    let store = open_existing(cli)?;
    let h = case::history(store.conn(), args.id, today).map_err(lookup_error)?;
    if args.out.json {
        emit_json(&h)
    } else {
        emit(&case::render_plain(&h))
    }
}
