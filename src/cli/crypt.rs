//! `roundtable encrypt` (a plain database encrypted) and `roundtable rekey` (a new
//! passphrase): each writes the new file beside the old one and renames it over it,
//! so a kill at any moment leaves one whole file that its own key opens.

use std::path::PathBuf;

use clap::Args;

use super::key::{self, Key};
use super::{Cli, CliError, CliResult};
use crate::store::{cipher, Store, StoreError};

/// `roundtable rekey` options.
#[derive(Debug, Args)]
pub struct RekeyArgs {
    /// A file holding the new passphrase (mode 0600); else it is asked for twice.
    #[arg(long, value_name = "FILE")]
    pub new_key_file: Option<PathBuf>,
}

fn refuse(message: impl Into<String>, code: i32) -> CliError {
    CliError {
        message: message.into(),
        code,
    }
}

/// `roundtable encrypt`: the plain database at `--db` encrypted under the key given
/// (`--key-file`, `ROUNDTABLE_KEY`, config `key_file`) or typed twice.
pub(super) fn encrypt(cli: &Cli) -> CliResult {
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
