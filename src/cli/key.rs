//! The SQLCipher key: where it comes from and how it is kept.
//!
//! In order: `--key-file FILE`, then `ROUNDTABLE_KEY` (for tests and CI: read once at
//! start and removed from the environment at once, so no program started from here
//! inherits it), then the config file's `key_file`, then, at a terminal, a prompt that
//! does not echo. Never from the command line itself (it would be in the shell history
//! and in `ps`). A key file must be readable by its owner only. Every key is held in
//! [`Key`], which wipes its memory when dropped.

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::Mutex;

use zeroize::Zeroizing;

use super::{config, Cli, CliError};
use crate::paths::KEY_ENV;

/// A passphrase, wiped from memory when dropped.
pub type Key = Zeroizing<String>;

/// The shortest passphrase accepted for a new key.
pub const MIN_LEN: usize = 8;

static ENV_KEY: Mutex<Option<Key>> = Mutex::new(None);

/// Take `ROUNDTABLE_KEY` out of the environment, keeping its value for this run only.
/// Called first thing, before any thread or child process is started.
pub fn take_from_env() {
    let Some(v) = std::env::var_os(KEY_ENV) else {
        return;
    };
    std::env::remove_var(KEY_ENV);
    if let Ok(s) = v.into_string() {
        let s = Zeroizing::new(s);
        if !s.is_empty() {
            if let Ok(mut k) = ENV_KEY.lock() {
                *k = Some(s);
            }
        }
    }
}

fn env_key() -> Option<Key> {
    ENV_KEY
        .lock()
        .ok()
        .and_then(|k| k.as_ref().map(|k| Zeroizing::new(k.to_string())))
}

fn err(message: String) -> CliError {
    CliError { message, code: 1 }
}

/// Read a key file: its owner only may read it (mode 0600 or stricter); surrounding
/// whitespace (the newline an editor adds) is not part of the key; empty is refused.
pub fn read_key_file(path: &Path) -> Result<Key, CliError> {
    let meta = std::fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            err(format!(
                "key file {} does not exist: give the file that holds the passphrase (--key-file, or key_file in the config file)",
                path.display()
            ))
        } else {
            err(format!("key file {}: {e}", path.display()))
        }
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(err(format!(
                "key file {} can be read by others (mode {mode:o}); make it yours alone with `chmod 600 {}`",
                path.display(),
                path.display()
            )));
        }
    }
    let mut raw = Zeroizing::new(Vec::with_capacity(meta.len() as usize));
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut raw))
        .map_err(|e| err(format!("key file {}: {e}", path.display())))?;
    let text = std::str::from_utf8(&raw)
        .map_err(|_| err(format!("key file {}: not UTF-8 text", path.display())))?;
    let key = Zeroizing::new(text.trim().to_string());
    if key.is_empty() {
        return Err(err(format!("key file {} is empty", path.display())));
    }
    Ok(key)
}

/// The key given for this run, if any: `--key-file`, `ROUNDTABLE_KEY`, the config
/// file's `key_file` (no prompt).
pub fn given(cli: &Cli) -> Result<Option<Key>, CliError> {
    if let Some(f) = &cli.key_file {
        return read_key_file(f).map(Some);
    }
    if let Some(k) = env_key() {
        return Ok(Some(k));
    }
    match &config::get().key_file {
        Some(f) => read_key_file(f).map(Some),
        None => Ok(None),
    }
}

/// Can we ask for a passphrase (standard input is a terminal)?
pub fn can_prompt() -> bool {
    std::io::stdin().is_terminal() && std::env::var_os("CI").is_none_or(|v| v.is_empty())
}

/// Ask once, without echo.
pub fn prompt(what: &str) -> Result<Key, CliError> {
    let k = Zeroizing::new(
        rpassword::prompt_password(format!("{what}: "))
            .map_err(|e| err(format!("reading the passphrase: {e}")))?,
    );
    if k.is_empty() {
        return Err(err("no passphrase given; nothing changed".into()));
    }
    Ok(k)
}

/// Ask for a new passphrase twice, without echo; the two must match and be at least
/// [`MIN_LEN`] characters.
pub fn prompt_new(what: &str) -> Result<Key, CliError> {
    let first = prompt(&format!("New passphrase for {what}"))?;
    check_new(&first)?;
    let again = prompt("The same passphrase again")?;
    if *first != *again {
        return Err(err(
            "the two passphrases differ; nothing changed, run it again".into(),
        ));
    }
    Ok(first)
}

/// A new key must be at least [`MIN_LEN`] characters.
pub fn check_new(key: &str) -> Result<(), CliError> {
    if key.chars().count() < MIN_LEN {
        return Err(err(format!(
            "a passphrase must be at least {MIN_LEN} characters; nothing changed"
        )));
    }
    Ok(())
}

/// The key for a new encrypted database (`init`, `encrypt`): the key given
/// ([`given`]), else asked twice at a terminal; without either, `None`.
pub fn new_key(cli: &Cli, what: &str) -> Result<Option<Key>, CliError> {
    if let Some(k) = given(cli)? {
        check_new(&k)?;
        return Ok(Some(k));
    }
    if can_prompt() {
        return prompt_new(what).map(Some);
    }
    Ok(None)
}
