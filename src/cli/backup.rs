//! `roundtable backup --out FILE` and `roundtable restore FILE`.

use std::path::{Path, PathBuf};

use clap::Args;

use super::key::{self, Key};
use super::{Cli, CliError, CliResult};
use crate::store::audit::Verdict;
use crate::store::{backup, Store, StoreError};

/// `roundtable backup` options.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The new backup file (it must not exist yet).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// `roundtable restore` options.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to put in place (made by `roundtable backup`).
    #[arg(value_name = "FILE")]
    pub from: PathBuf,
}

/// The key for `path`: the one given, else typed at a terminal when it is encrypted.
fn key_for(cli: &Cli, path: &Path) -> Result<Option<Key>, CliError> {
    if let Some(k) = key::given(cli)? {
        return Ok(Some(k));
    }
    match crate::store::check_existing(path, None) {
        Err(StoreError::NoKey { .. }) if key::can_prompt() => Ok(Some(key::prompt(&format!(
            "Passphrase for {}",
            path.display()
        ))?)),
        _ => Ok(None),
    }
}

fn chain(v: &Verdict) -> String {
    match v {
        Verdict::Intact { last_id, head, .. } => {
            format!("change log intact to #{last_id}, head {head}")
        }
        Verdict::Broken { id, problem } => {
            format!("change log broken at row {id} ({problem}), as in the database: run `roundtable audit verify`")
        }
    }
}

/// `roundtable backup --out FILE`.
pub(super) fn backup(cli: &Cli, args: &BackupArgs) -> CliResult {
    let path = cli.db_path();
    let key = key_for(cli, &path)?;
    let key = key.as_deref().map(String::as_str);
    let store = Store::open_existing(&path, key)?;
    let made = store.backup_to(&args.out, key)?;
    say!(
        "backed up {} to {} ({} bytes, owner-only{}); checked: every page whole, {}",
        path.display(),
        made.path.display(),
        made.bytes,
        if key.is_some() {
            ", encrypted with the same passphrase"
        } else {
            ", not encrypted, as the database"
        },
        chain(&made.chain)
    );
    Ok(())
}

/// `roundtable restore FILE`.
pub(super) fn restore(cli: &Cli, args: &RestoreArgs) -> CliResult {
    let path = cli.db_path();
    if crate::store::in_use(&path) {
        // What a meeting screen typed would go on into the file moved aside.
        return Err(crate::store::StoreError::Rule(format!(
            "{} is open in another program (a meeting screen or a command): close it, then restore; nothing changed",
            path.display()
        ))
        .into());
    }
    let key = key_for(cli, &args.from)?;
    let now = crate::domain::clock::local(crate::store::system_clock()());
    let done = backup::restore(&args.from, &path, key.as_deref().map(String::as_str), now)?;
    say!(
        "restored {} from {}; checked: every page whole, {}",
        path.display(),
        args.from.display(),
        chain(&done.chain)
    );
    if done.typed > 0 {
        say!(
            "{} text(s) the backup held as typed but not yet saved are now in the record",
            done.typed
        );
    }
    if let Some((_, kept)) = done.moved.first() {
        say!(
            "the previous file is kept as {} (open it with --db {} to look at it; delete it when you are sure)",
            kept.display(),
            kept.display()
        );
    }
    for (from, to) in done.moved.iter().skip(1) {
        say!(
            "moved {} to {}: it stays with the previous file and was not read into the restored one",
            from.display(),
            to.display()
        );
    }
    Ok(())
}
