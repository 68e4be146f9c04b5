//! `roundtable backup --out FILE` (or `--into DIR --keep N`, for a schedule) and
//! `roundtable restore FILE`.

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
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "into",
        conflicts_with = "into"
    )]
    pub out: Option<PathBuf>,
    /// Write the backup into this folder as STEM-YYYYMMDDTHHMMSSZ.db (UTC), for a
    /// schedule (cron, a systemd timer; see docs/deploy.md).
    #[arg(long, value_name = "DIR")]
    pub into: Option<PathBuf>,
    /// With --into: then remove this database's oldest backups in the folder beyond
    /// the newest N (only files named as --into names them).
    #[arg(long, value_name = "N", requires = "into")]
    pub keep: Option<u32>,
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
    let (made, rotated) = match (&args.out, &args.into) {
        (Some(out), _) => (store.backup_to(out, key)?, None),
        (None, Some(dir)) => {
            let r = store.backup_into(dir, args.keep, key, crate::store::system_clock()())?;
            (r.made.clone(), Some(r))
        }
        (None, None) => {
            return Err(CliError {
                message: "name the backup: --out FILE, or --into DIR".into(),
                code: 2,
            })
        }
    };
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
    if let Some(r) = rotated {
        let removed: Vec<String> = r
            .removed
            .iter()
            .map(|p| {
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        if removed.is_empty() {
            say!("{} backup(s) of this database in the folder", r.kept);
        } else {
            say!(
                "{} backup(s) of this database in the folder; removed the {} oldest: {}",
                r.kept,
                removed.len(),
                removed.join(", ")
            );
        }
    }
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
