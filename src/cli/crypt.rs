//! `roundtable encrypt` (a plain database encrypted) and `roundtable rekey` (a new
//! passphrase or key; `--generate-key FILE` writes a random raw key for either): each writes the new file beside the old one and renames it over it,
//! so a kill at any moment leaves one whole file that its own key opens.

use std::path::PathBuf;

use clap::Args;

use super::key::{self, Key};
use super::{Cli, CliError, CliResult};
use crate::store::{cipher, Store, StoreError};

/// `roundtable rekey` options.
#[derive(Debug, Args)]
pub struct RekeyArgs {
    /// A file holding the new passphrase or raw key (mode 0600); else it is asked for twice.
    #[arg(long, value_name = "FILE", conflicts_with = "generate_key")]
    pub new_key_file: Option<PathBuf>,
    /// Write a new random 256-bit key to FILE (owner-only; refused if FILE exists) and
    /// rewrite the database under it: the fastest and strongest key (see SECURITY.md).
    #[arg(long, value_name = "FILE")]
    pub generate_key: Option<PathBuf>,
}

/// `roundtable encrypt` options.
#[derive(Debug, Args)]
pub struct EncryptArgs {
    /// Write a new random 256-bit key to FILE (owner-only; refused if FILE exists) and
    /// encrypt under it, instead of the key given or a passphrase typed twice.
    #[arg(long, value_name = "FILE")]
    pub generate_key: Option<PathBuf>,
}

/// Rewrite under a key just written to `file` by `--generate-key`; if the rewrite
/// fails, the database still has its old key and the new key file opens nothing, so
/// it is removed again.
fn rewrite_generated(
    path: &std::path::Path,
    old: Option<&str>,
    file: &std::path::Path,
) -> CliResult {
    let new = key::generate(file)?;
    if let Err(e) = cipher::rewrite_encrypted(path, old, &new) {
        let _ = std::fs::remove_file(file);
        return Err(e.into());
    }
    Ok(())
}

fn refuse(message: impl Into<String>, code: i32) -> CliError {
    CliError {
        message: message.into(),
        code,
    }
}

/// `roundtable encrypt`: the plain database at `--db` encrypted under the key given
/// (`--key-file`, `ROUNDTABLE_KEY`, config `key_file`) or typed twice.
pub(super) fn encrypt(cli: &Cli, args: &EncryptArgs) -> CliResult {
    let path = cli.db_path();
    match Store::open_existing(&path, None) {
        Ok(store) => drop(store),
        Err(StoreError::NoKey { .. }) => {
            return Err(refuse(
                format!(
                    "{} is encrypted already; `roundtable rekey` changes its passphrase",
                    path.display()
                ),
                1,
            ))
        }
        Err(e) => return Err(e.into()),
    }
    if let Some(file) = &args.generate_key {
        if cli.key_file.is_some() {
            return Err(refuse(
                "give either --key-file or --generate-key for the new key, not both; nothing changed",
                2,
            ));
        }
        rewrite_generated(&path, None, file)?;
        say!(
            "{}: encrypted with the new key in {}; from now on it opens only with that file (keep it safe, and back it up apart from the database: name it with --key-file or key_file in the config). Copies and backups made before are still plain: replace or delete them",
            path.display(),
            file.display()
        );
        return Ok(());
    }
    let Some(new) = key::new_key(cli, &path.display().to_string())? else {
        return Err(refuse(
            "encrypt needs the new passphrase: name a key file (mode 0600) with --key-file FILE or key_file in the config file, or run it at a terminal to type one; nothing changed",
            2,
        ));
    };
    cipher::rewrite_encrypted(&path, None, &new)?;
    say!(
        "{}: encrypted; from now on it opens only with this passphrase (keep it safe). Copies and backups made before are still plain: replace or delete them",
        path.display()
    );
    Ok(())
}

/// `roundtable rekey`: the encrypted database at `--db` (opened with the key given, or
/// one typed) rewritten under a new passphrase.
pub(super) fn rekey(cli: &Cli, args: &RekeyArgs) -> CliResult {
    let path = cli.db_path();
    let plain = std::fs::File::open(&path)
        .and_then(|mut f| {
            let mut head = [0u8; 16];
            std::io::Read::read_exact(&mut f, &mut head).map(|_| head)
        })
        .is_ok_and(|head| &head == b"SQLite format 3\0");
    if plain {
        return Err(refuse(
            format!(
                "{} is not encrypted, so it has no passphrase to change: `roundtable encrypt` encrypts it; it is unchanged",
                path.display()
            ),
            1,
        ));
    }
    let old: Key = match key::given(cli)? {
        Some(k) => k,
        None if key::can_prompt() => key::prompt(&format!("Current passphrase for {}", path.display()))?,
        None => {
            return Err(refuse(
                format!(
                    "rekey needs the current passphrase: --key-file FILE, key_file in the config file, or run it at a terminal; {} is unchanged",
                    path.display()
                ),
                2,
            ))
        }
    };
    match Store::open_existing(&path, Some(&old)) {
        Ok(store) => drop(store),
        Err(StoreError::PlainWithKey { .. }) => {
            return Err(refuse(
                format!(
                    "{} is not encrypted; `roundtable encrypt` encrypts it",
                    path.display()
                ),
                1,
            ))
        }
        Err(e) => return Err(e.into()),
    }
    if let Some(file) = &args.generate_key {
        rewrite_generated(&path, Some(&old), file)?;
        say!(
            "{}: rewritten under the new key in {}; the old key no longer opens it. Point --key-file (or key_file in the config) everyone uses at that file",
            path.display(),
            file.display()
        );
        return Ok(());
    }
    let new = match &args.new_key_file {
        Some(f) => {
            let k = key::read_key_file(f)?;
            key::check_new(&k)?;
            k
        }
        None if key::can_prompt() => key::prompt_new(&path.display().to_string())?,
        None => {
            return Err(refuse(
                "rekey needs the new passphrase: --new-key-file FILE, or run it at a terminal to type it twice; nothing changed",
                2,
            ))
        }
    };
    if *new == *old {
        return Err(refuse(
            "the new passphrase is the same as the old one; nothing changed",
            2,
        ));
    }
    cipher::rewrite_encrypted(&path, Some(&old), &new)?;
    say!(
        "{}: the passphrase is changed; the old one no longer opens it. Update the key file (or key_file in the config) everyone uses",
        path.display()
    );
    Ok(())
}
