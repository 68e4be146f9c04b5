//! `roundtable handoff`: a case handed from one panel to another (issue 23,
//! REQUIREMENTS.md section 8 X6 and X11). Each needs the sending chair's agreement,
//! recorded in the sending panel's change log before anything is written (MARAC: not
//! "to any non MARAC agency without the agreement of the Chair" [003 App 3A
//! "Confidentiality"]; MAPPA: "MUST not be shared outside the MAPPA framework without
//! the consent of the MAPPA chair" [003 App 2C]):
//!
//! - `handoff list`: the panel's onward referrals, with the IDs `handoff write` takes;
//! - `handoff write ID --to PANEL --agreed-by NAME --out FILE`: an onward referral
//!   written as a referral file for the workspace panel PANEL's form, prefilled from the
//!   case, marked with the higher marking of the two panels, owner-only; PANEL takes it
//!   with `referral add --from FILE`;
//! - `handoff mappa-list --to PANEL --agreed-by NAME`: run on the MAPPA database by the
//!   MAPPA co-ordinator holding both keys, MAGPan's item 9 list (000 Appendix D item 9,
//!   section 10.1): which of PANEL's open cases are managed at MAPPA level 2 or 3, by the
//!   match rule of "known to another panel", nothing else.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::support::{open_panel, today};
use super::workspace::{self, WorkspacePanel};
use super::{Cli, CliError, CliResult};
use crate::domain::clean::one_line;
use crate::lookup::fmt_date;
use crate::store::{PanelId, Store};

#[derive(Debug, Args)]
pub struct HandoffArgs {
    #[command(subcommand)]
    pub command: HandoffCommand,
}

#[derive(Debug, Subcommand)]
pub enum HandoffCommand {
    /// The panel's onward referrals, newest meeting first, with their IDs.
    List,
    /// Write onward referral ID as a referral file for another panel of the workspace.
    Write {
        /// The onward referral (see `roundtable handoff list`).
        id: i64,
        /// The receiving panel, by its name in the workspace (`[[panel]] name`).
        #[arg(long, value_name = "PANEL")]
        to: String,
        /// The sending panel's chair who agreed to the hand-off.
        #[arg(long, value_name = "NAME")]
        agreed_by: Option<String>,
        /// The file to write (.toml), owner-only.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The receiving panel's form, when it has several (default its first).
        #[arg(long, value_name = "CODE")]
        form: Option<String>,
    },
    /// On the MAPPA database: which of another panel's open cases are managed at MAPPA
    /// level 2 or 3 (MAGPan's item 9), by name and date of birth, nothing else.
    MappaList {
        /// The panel the list is for (MAGPan), by its name in the workspace.
        #[arg(long, value_name = "PANEL")]
        to: String,
        /// This (MAPPA) panel's chair who agreed to the list leaving it.
        #[arg(long, value_name = "NAME")]
        agreed_by: Option<String>,
        /// Write the list to this file (owner-only) instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

pub(super) fn run(cli: &Cli, args: &HandoffArgs) -> CliResult {
    match &args.command {
        HandoffCommand::List => list(cli),
        HandoffCommand::Write {
            id,
            to,
            agreed_by,
            out,
            form,
        } => write(cli, *id, to, agreed_by.as_deref(), out, form.as_deref()),
        HandoffCommand::MappaList { to, agreed_by, out } => {
            super::handoff_mappa::mappa_list(cli, to, agreed_by.as_deref(), out.as_deref())
        }
    }
}

fn list(cli: &Cli) -> CliResult {
    let (store, _) = open_panel(cli, false)?;
    let rows = store.onward_referrals()?;
    if rows.is_empty() {
        say!("no onward referrals recorded");
        return Ok(());
    }
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|o| {
            vec![
                o.id.to_string(),
                fmt_date(o.meeting),
                o.referral.to_string(),
                o.kind.clone(),
                o.state.replace('_', " "),
                one_line(&o.note),
            ]
        })
        .collect();
    put!(
        "{}",
        super::support::table(&["ID", "MEETING", "CASE", "KIND", "STATE", "NOTE"], &body)
    );
    Ok(())
}

/// The sending chair, checked: refused in one line when none is given or `name` is
/// not a serving chair of the panel.
pub(super) fn sending_chair(
    store: &Store,
    panel: PanelId,
    what: &str,
    agreed_by: Option<&str>,
) -> Result<String, CliError> {
    let refuse = |why: String| CliError {
        message: format!("{what} not written: {why}"),
        code: 1,
    };
    let Some(by) = agreed_by.filter(|b| !b.trim().is_empty()) else {
        let short = store.panel_info(Some(panel))?.short_name;
        return Err(refuse(format!(
            "it leaves {short} only with its chair's agreement: give --agreed-by NAME (a chair of {short})"
        )));
    };
    store
        .chair_named(panel, by)
        .map_err(|e| refuse(one_line(&e.to_string())))
}

/// The receiving panel: in the workspace, and not this database.
pub(super) fn receiving(store: &Store, to: &str) -> Result<&'static WorkspacePanel, CliError> {
    let p = workspace::panel(to)?;
    if super::across::same_database(&p.database, store.path()) {
        return Err(CliError::from(format!(
            "{} is this panel's own database: name another panel of the workspace",
            p.name
        )));
    }
    Ok(p)
}

fn write(
    cli: &Cli,
    id: i64,
    to: &str,
    agreed_by: Option<&str>,
    out: &std::path::Path,
    form: Option<&str>,
) -> CliResult {
    let today = today()?;
    let (store, panel) = open_panel(cli, true)?;
    let onward = store.onward(id).map_err(|_| {
        CliError::from(format!(
            "no onward referral {id} in this panel (see `roundtable handoff list`)"
        ))
    })?;
    if onward.state == "not_needed" {
        return Err(CliError::from(format!(
            "hand-off not written: onward referral {id} ({}) was recorded as not needed",
            onward.kind
        )));
    }
    let chair = sending_chair(&store, panel, "hand-off", agreed_by)?;
    let target = receiving(&store, to)?;
    let there = workspace::open(target, false)?;
    let named = |e: crate::store::StoreError| CliError::from(format!("panel {}: {e}", target.name));
    let there_panel = there.only_panel().map_err(named)?;
    let paperwork = there
        .panel_info(Some(there_panel))
        .map_err(named)?
        .paperwork;
    let def = match (paperwork.forms.is_empty(), form) {
        (true, None) => None,
        (_, f) => Some(
            paperwork
                .form(f.unwrap_or(""))
                .map_err(|e| CliError::from(format!("panel {}: {e}", target.name)))?
                .clone(),
        ),
    };
    let here_marking =
        crate::lookup::sheet::marking(store.conn()).map_err(super::out::lookup_error)?;
    let there_marking = crate::lookup::sheet::marking(there.conn())
        .map_err(|e| CliError::from(format!("panel {}: {e}", target.name)))?;
    let marking = crate::domain::marking::highest([here_marking.as_str(), there_marking.as_str()])
        .unwrap_or(here_marking.clone());
    let case = store.handoff_case(&onward)?;
    let from = super::across::name_of(&store);
    let facts = super::handoff_file::HandoffFacts {
        onward: &onward,
        case: &case,
        from: &from,
        to: &target.name,
        chair: &chair,
        agency: target.agency.as_deref(),
        marking: &marking,
        today,
    };
    let text = match &def {
        Some(d) => facts.for_form(d),
        None => facts.for_appendix_a(),
    };
    // The agreement is recorded before the file exists.
    store.log_event(&format!(
        "hand-off of onward referral #{id} ({}) of case #{} to {}: agreed by the chair, {chair}",
        onward.kind,
        case.id,
        one_line(&target.name)
    ))?;
    crate::lookup::minutes::write_private(out, &crate::domain::clean::clean(&text))
        .map_err(super::out::lookup_error)?;
    say!(
        "hand-off written to {} for {}{} (marked {marking}, owner-only; agreed by the chair, {chair})",
        out.display(),
        one_line(&target.name),
        def.as_ref()
            .map_or(String::new(), |d| format!("'s form \"{}\"", d.code))
    );
    say!(
        "complete the fields it lists, then at {}: roundtable referral add --from {}",
        one_line(&target.name),
        out.display()
    );
    Ok(())
}
