//! `roundtable export --plain --out FILE`: a decrypted copy for an analyst (SECURITY.md
//! "Recovery with standard tools", docs/export.md for its views).

use std::path::PathBuf;

use clap::Args;

use super::{open_store, Cli, CliError, CliResult};

/// `roundtable export` options.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write the database decrypted: a plain SQLite file any `sqlite3` opens, holding
    /// every name the database holds. Required, so nobody makes one by accident.
    #[arg(long)]
    pub plain: bool,
    /// The new file (it must not exist yet; made owner-only).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// `roundtable export --plain --out FILE`.
pub(super) fn run(cli: &Cli, args: &ExportArgs) -> CliResult {
    if !args.plain {
        return Err(CliError {
            message: "export writes only a decrypted copy for now: say so with --plain (the copy holds every name, unencrypted); nothing was written".into(),
            code: 2,
        });
    }
    let store = open_store(cli)?;
    let made = store.export_plain(&args.out)?;
    say!(
        "decrypted copy of {} written to {} ({} bytes, owner-only, not encrypted): keep it on an encrypted disk and delete it when done; its views are in docs/export.md",
        cli.db_path().display(),
        made.path.display(),
        made.bytes
    );
    Ok(())
}
