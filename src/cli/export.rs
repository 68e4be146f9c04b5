//! `roundtable export --plain --out FILE`: a plain copy for an analyst (SECURITY.md
//! "Recovery with standard tools"; its views in docs/export.md, which the binary
//! carries as the command's long help and manual page).

use std::path::PathBuf;

use clap::Args;

use super::{open_store, Cli, CliError, CliResult};

/// What the copy holds (its views and tables): docs/export.md, shipped in the
/// binary as `roundtable export --help` and the `roundtable-export` manual page.
pub(super) const VIEWS_HELP: &str = include_str!("../../docs/export.md");

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
    let encrypted = store.is_encrypted();
    let made = store.export_plain(&args.out)?;
    say!(
        "{} of {} written to {} ({} bytes, owner-only, not encrypted): keep it on an encrypted disk and delete it when done; its views: `roundtable export --help`",
        copy_words(encrypted),
        cli.db_path().display(),
        made.path.display(),
        made.bytes
    );
    Ok(())
}

/// What the copy is, by what it was made from: a database that was not encrypted
/// gives a copy, not a "decrypted" one.
fn copy_words(encrypted: bool) -> &'static str {
    if encrypted {
        "decrypted copy"
    } else {
        "a copy (the database is not encrypted)"
    }
}
