//! `roundtable referral duplicates`: subjects who may be one person entered twice
//! (issue 18), for the coordinator to join.

use super::support::print_json;
use super::{open_store, Cli, CliResult};

/// List the groups of subjects with the same name as matched (any Unicode form, case
/// or accents) and the same date of birth ([`crate::store::Store::near_identical_subjects`]),
/// one subject a line under each group; `json` prints them as `{"duplicates": [[...]]}`.
pub(super) fn run(cli: &Cli, json: bool) -> CliResult {
    let store = open_store(cli)?;
    let groups = store.near_identical_subjects()?;
    if json {
        return print_json("duplicates", &groups);
    }
    if groups.is_empty() {
        say!("no two subjects share a name and a date of birth");
        return Ok(());
    }
    for g in &groups {
        say!("may be one person:");
        for s in g {
            say!("  {}", s.describe());
        }
    }
    say!("a new referral for one of them is linked with `referral add --subject ID`");
    Ok(())
}
