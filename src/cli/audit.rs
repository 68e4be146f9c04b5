//! `roundtable audit [--case ID] [--since DATE] [--user NAME] [--json]` and
//! `roundtable audit verify`.

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::out::{emit, emit_json, lookup_error, open_existing, JsonOut};
use super::{Cli, CliError, CliResult};
use crate::lookup::audit::{agency_codes, entries, plain_table, AuditQuery};
use crate::store::audit::{verify, Verdict};

/// `roundtable audit` options.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub sub: Option<AuditSub>,
    /// Only changes to this case (its referral, discussions, actions, interventions,
    /// household, onward referrals, subject, the people of the case and their
    /// changes, its anonymous or repeat mark, and guests invited for it).
    #[arg(long = "case", value_name = "ID")]
    pub case: Option<i64>,
    /// Only changes on or after this date (YYYY-MM-DD or DD/MM/YYYY).
    #[arg(long, value_name = "DATE", value_parser = super::support::date_arg)]
    pub since: Option<NaiveDate>,
    /// Only changes by this OS account or attendee.
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    #[command(flatten)]
    pub out: JsonOut,
}

/// `roundtable audit verify`.
#[derive(Debug, Subcommand)]
pub enum AuditSub {
    /// Check the change log's hash chain, the file's pages and every link between
    /// rows: the first row changed, removed or inserted out of order, and rows that
    /// point at a missing row, are named (exit 1).
    Verify,
}

pub(super) fn run(cli: &Cli, args: &AuditArgs) -> CliResult {
    let store = open_existing(cli)?;
    if let Some(AuditSub::Verify) = args.sub {
        store.check_intact()?;
        // A read-only file keeps no record: its next change reads it whole again.
        let _ = store.record_whole_check();
        let orphans = crate::store::links::orphans(store.conn())?;
        let links = match orphans.as_slice() {
            [] => None,
            [one] => Some(format!("a broken link: {one}")),
            [first, second, rest @ ..] => Some(format!(
                "{} broken links: {first}; {second}{}",
                orphans.len(),
                if rest.is_empty() {
                    String::new()
                } else {
                    format!("; and {} more", rest.len())
                }
            )),
        };
        let path = store.path().display();
        return match (verify(store.conn())?, links) {
            (
                Verdict::Intact {
                    rows,
                    last_id,
                    head,
                },
                None,
            ) => emit(&format!(
                "change log intact: {rows} rows chained, the newest #{last_id}; head {head} (note it to check later that nothing was cut from the end); every link between rows holds\n"
            )),
            (Verdict::Intact { last_id, .. }, Some(links)) => Err(CliError {
                message: format!(
                    "{path}: {links} (rows deleted outside Roundtable; the change log is intact to #{last_id}): put back what is missing from your last backup, or restore it with `roundtable restore BACKUP`"
                ),
                code: 1,
            }),
            (Verdict::Broken { id, problem }, links) => Err(CliError {
                message: format!(
                    "{path}: the change log was tampered with at row {id}: {problem}{}",
                    links.map(|l| format!("; and {l}")).unwrap_or_default()
                ),
                code: 1,
            }),
        };
    }
    let q = AuditQuery {
        case: args.case,
        since: args.since,
        user: args.user.clone(),
    };
    let rows = entries(store.conn(), &q).map_err(lookup_error)?;
    if args.out.json {
        return emit_json("changes", &rows);
    }
    if rows.is_empty() {
        return emit("no changes match\n");
    }
    let codes = agency_codes(store.conn()).map_err(lookup_error)?;
    let mut text = plain_table(&rows, &codes).plain();
    text.push_str(&format!("{} changes\n", rows.len()));
    emit(&text)
}
