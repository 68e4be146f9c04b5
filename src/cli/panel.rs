//! `roundtable panel update --panel FILE`: apply a panel file again after `init`
//! (issue 20, gap row A2), checked against what the database holds.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::support::open_panel;
use super::{Cli, CliResult};

#[derive(Debug, Args)]
pub struct PanelArgs {
    #[command(subcommand)]
    pub command: PanelCommand,
}

#[derive(Debug, Subcommand)]
pub enum PanelCommand {
    /// Apply a changed panel file: name, marking, statement, agenda, roles, pattern,
    /// deadlines and rules replaced, agencies added or renamed; an agency or agenda
    /// kind the records still use cannot be removed. Every change is in the change log.
    Update {
        /// The panel file (TOML), as for `init`.
        #[arg(long, value_name = "FILE")]
        panel: PathBuf,
    },
}

pub(super) fn run(cli: &Cli, args: &PanelArgs) -> CliResult {
    match &args.command {
        PanelCommand::Update { panel: file } => {
            let def = super::init::load_panel(file)?;
            let (store, panel) = open_panel(cli, true)?;
            let changes = store.update_panel(panel, &def)?;
            if changes.is_empty() {
                say!(
                    "{}: the panel already matches {}; nothing changed",
                    def.short_name,
                    file.display()
                );
                return Ok(());
            }
            say!(
                "{}: {} change(s) from {}, each in the change log:",
                def.short_name,
                changes.len(),
                file.display()
            );
            for c in &changes {
                say!("  {c}");
            }
            if changes.iter().any(|c| c.starts_with("meeting_pattern")) {
                say!("planned meetings keep their dates: move them with `roundtable meetings move` if the new pattern needs it");
            }
            Ok(())
        }
    }
}
