//! `roundtable members list|add|retire` (section 5.4).

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::out::{emit_table, TableOut};
use super::support::{
    date_arg, field_errors, fmt_date, open_panel, opt_date, print_json, table, today, warn,
};
use super::{Cli, CliResult};
use crate::domain::members::{check_member, MemberForm};
use crate::domain::types::Role;
use crate::lookup::format::{plain, user, Table};
use crate::store::members::MemberRow;
use crate::store::MemberId;

#[derive(Debug, Args)]
pub struct MembersArgs {
    #[command(subcommand)]
    pub command: MembersCommand,
}

#[derive(Debug, Subcommand)]
pub enum MembersCommand {
    /// List the current members (with --all, retired ones too).
    List {
        /// Retired members too, with the date each retired.
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        out: TableOut,
    },
    /// Add a member of the panel.
    Add {
        /// The member's full name.
        #[arg(long, allow_hyphen_values = true)]
        name: String,
        /// Post title, as signed on the confidentiality statement (Appendix C).
        #[arg(long, allow_hyphen_values = true)]
        post: String,
        /// Agency code (see `roundtable members list` or the panel file).
        #[arg(long, value_name = "CODE")]
        agency: String,
        /// chair, vice_chair, coordinator, mappa_coordinator or member.
        #[arg(long, default_value = "member")]
        role: String,
        /// The member (ID) this person deputises for (section 5.5).
        #[arg(long, value_name = "ID")]
        deputy_for: Option<i64>,
    },
    /// Retire a member: kept in past attendance and minutes, not offered for new meetings.
    Retire {
        /// The member's ID (first column of `roundtable members list`).
        id: i64,
        /// Retired from this date (default today).
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        on: Option<NaiveDate>,
    },
}

pub(super) fn run(cli: &Cli, args: &MembersArgs) -> CliResult {
    let today = today()?;
    let (store, panel) = open_panel(cli, !matches!(args.command, MembersCommand::List { .. }))?;
    match &args.command {
        MembersCommand::List { all, out } => {
            let rows = store.member_rows(panel, today, *all)?;
            if out.json {
                return print_json("members", &rows);
            }
            if out.tabular() {
                return emit_table(&store, out, "Members", members_table(&rows));
            }
            let body: Vec<Vec<String>> = rows
                .iter()
                .map(|m| {
                    let mut r = vec![
                        m.id.to_string(),
                        m.name.clone(),
                        m.post.clone(),
                        m.agency.clone(),
                        Role::from_code(&m.role).map_or(m.role.clone(), |x| x.label().into()),
                        match (&m.deputy_for, &m.deputy_for_name) {
                            (Some(id), Some(n)) => format!("#{id} {n}"),
                            _ => String::new(),
                        },
                    ];
                    if *all {
                        r.push(opt_date(m.retired_on));
                    }
                    r
                })
                .collect();
            let mut headers = vec!["ID", "NAME", "POST", "AGENCY", "ROLE", "DEPUTY FOR"];
            if *all {
                headers.push("RETIRED");
            }
            put!("{}", table(&headers, &body));
            if rows.is_empty() {
                say!("(no members yet: add them with `roundtable members add`)");
            }
            Ok(())
        }
        MembersCommand::Add {
            name,
            post,
            agency,
            role,
            deputy_for,
        } => {
            let form = MemberForm {
                name: name.clone(),
                post: post.clone(),
                agency: agency.clone(),
                role: role.clone(),
            };
            let ctx = store.member_context(panel, today)?;
            let m = check_member(&form, &ctx).map_err(|e| field_errors("member not added", &e))?;
            warn(&m.warnings);
            let id = store.add_panel_member(panel, &m, deputy_for.map(MemberId), today)?;
            say!(
                "added member #{id} {}, {} ({}, {})",
                m.name,
                m.post,
                m.agency,
                m.role.label()
            );
            // MAVE MV8: one deputy more than the panel file allows is warned of.
            let agency = store
                .agencies(panel)?
                .into_iter()
                .find(|a| a.code == m.agency);
            if let Some(a) = agency.filter(|_| deputy_for.is_some()) {
                if let Some(w) = store.deputy_limit_warning(panel, a.id)? {
                    warn(&[crate::domain::intake::FieldIssue::new("deputy_for", w)]);
                }
            }
            Ok(())
        }
        MembersCommand::Retire { id, on } => {
            let on = on.unwrap_or(today);
            let name = store.retire_member(panel, MemberId(*id), on)?;
            say!(
                "retired #{id} {name} from {}: kept in past attendance and minutes, not offered for meetings from then",
                fmt_date(on)
            );
            Ok(())
        }
    }
}

/// Every member's fields for `--csv` and `--xlsx` (dates as ISO dates, ids as numbers).
fn members_table(rows: &[MemberRow]) -> Table {
    let mut t = Table::new(&[
        "id",
        "name",
        "post",
        "agency",
        "agency_name",
        "role",
        "deputy_for",
        "deputy_for_name",
        "retired_on",
    ]);
    for m in rows {
        t.push(vec![
            plain(m.id.to_string()),
            user(&m.name),
            user(&m.post),
            user(&m.agency),
            user(&m.agency_name),
            plain(&m.role),
            plain(m.deputy_for.map_or(String::new(), |d| d.to_string())),
            user(m.deputy_for_name.clone().unwrap_or_default()),
            plain(m.retired_on.map_or(String::new(), crate::lookup::fmt_date)),
        ]);
    }
    t
}
