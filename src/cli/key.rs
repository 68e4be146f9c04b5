//! The SQLCipher key: where it comes from and how it is kept.
//!
//! In order: `--key-file FILE`, then `ROUNDTABLE_KEY` (for tests and CI: read once at
//! start and removed from the environment at once, so no program started from here
//! inherits it), then the config file's `key_file`, then, at a terminal, a prompt that
//! does not echo. Never from the command line itself (it would be in the shell history
//! and in `ps`). A key file must be readable by its owner only, and holds a passphrase
//! or a raw 256-bit key (`x'…'`, written by `--generate-key`: used as SQLCipher's key
//! as it is, with no passphrase derivation on each open). Every key is held in [`Key`],
//! which wipes its memory when dropped.

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::Mutex;

use zeroize::Zeroizing;

use super::{config, Cli, CliError};
use crate::paths::KEY_ENV;

/// A passphrase or a raw key ([`is_raw`]), wiped from memory when dropped.
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
    let not_a_key = |why: &str| {
        err(format!(
            "key file {}: {why}; a key file holds one passphrase (one line of text) or one raw key (x'…' and 64 hex digits, as --generate-key writes)",
            path.display()
        ))
    };
    let text = std::str::from_utf8(&raw).map_err(|_| not_a_key("not text (binary bytes)"))?;
    let key = Zeroizing::new(text.trim().to_string());
    if key.is_empty() {
        return Err(err(format!("key file {} is empty", path.display())));
    }
    if key.chars().any(char::is_control) {
        return Err(not_a_key(
            "it holds more than one line or control characters",
        ));
    }
    if looks_raw(&key) && !is_raw(&key) {
        return Err(not_a_key("it starts like a raw key (x') but is not one"));
    }
    Ok(key)
}

/// Does `key` start the way SQLCipher's raw key does (`x'`)? SQLCipher takes such a
/// string as a raw key, never as a passphrase, so one that is not whole is refused.
fn looks_raw(key: &str) -> bool {
    key.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("x'"))
}

/// Is `key` a raw 256-bit SQLCipher key, `x'` then 64 hex digits then `'` (or 96: the
/// key and the database's 16-byte salt)? SQLCipher uses such a key as it is, without
/// the passphrase derivation (PBKDF2, 256,000 rounds) that every open costs otherwise.
pub fn is_raw(key: &str) -> bool {
    let Some(hex) = key
        .get(2..)
        .filter(|_| looks_raw(key))
        .and_then(|k| k.strip_suffix('\''))
    else {
        return false;
    };
    matches!(hex.len(), 64 | 96) && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Write a new random 256-bit raw key ([`is_raw`]) to `path`, owner-only (0600), and
/// return it. Refused if `path` exists (a key file is never replaced: the database it
/// opens would be lost with it) or its folder is missing. The bytes come from the
/// operating system's random source.
pub fn generate(path: &Path) -> Result<Key, CliError> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes[..]))
        .map_err(|e| {
            err(format!(
                "no random bytes for a new key: {e}; nothing changed"
            ))
        })?;
    let mut key = Zeroizing::new(String::with_capacity(68));
    key.push_str("x'");
    for b in bytes.iter() {
        let _ = std::fmt::Write::write_fmt(&mut *key, format_args!("{b:02x}"));
    }
    key.push('\'');
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => err(format!(
            "{} exists already: --generate-key writes a new key file and never replaces one (it may be the only key to a database); give a new file name. Nothing changed",
            path.display()
        )),
        _ => err(format!("key file {}: {e}; nothing changed", path.display())),
    })?;
    let written = std::io::Write::write_all(&mut f, format!("{}\n", key.as_str()).as_bytes())
        .and_then(|()| f.sync_all());
    if let Err(e) = written {
        let _ = std::fs::remove_file(path);
        return Err(err(format!(
            "key file {}: {e}; nothing changed",
            path.display()
        )));
    }
    Ok(key)
}

/// The key given for this run, if any: `--key-file`, `ROUNDTABLE_KEY`, the config
/// file's `key_file` (no prompt). The config file's key belongs to the config file's
/// database (or, when it names none, the platform default): a database chosen on the
/// day (`--db`, `ROUNDTABLE_DB`, `--demo`) is not opened with it.
pub fn given(cli: &Cli) -> Result<Option<Key>, CliError> {
    if let Some(f) = &cli.key_file {
        return read_key_file(f).map(Some);
    }
    if let Some(k) = env_key() {
        return Ok(Some(k));
    }
    let chosen_today = cli.db.is_some()
        || cli.demo
        || std::env::var_os(crate::paths::DB_ENV).is_some_and(|v| !v.is_empty());
    match &config::get().key_file {
        Some(f) if !chosen_today => read_key_file(f).map(Some),
        _ => Ok(None),
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

/// How many times a new passphrase is asked for before giving up.
const NEW_TRIES: usize = 3;

/// Ask for a new passphrase twice, without echo; the two must match and be at least
/// [`MIN_LEN`] characters. The minimum is said before the first question; one too
/// short, refused or not repeated alike is asked for again (three tries), each
/// failure said in one line.
pub fn prompt_new(what: &str) -> Result<Key, CliError> {
    eprintln!(
        "A passphrase of at least {MIN_LEN} characters (a few words are easier to remember)."
    );
    let mut last = err("no passphrase given; nothing changed".into());
    for _ in 0..NEW_TRIES {
        let first = prompt(&format!("New passphrase for {what}"))?;
        if let Err(e) = check_new(&first) {
            eprintln!("{}", e.message.replace("; nothing changed", ": try again"));
            last = e;
            continue;
        }
        let again = prompt("The same passphrase again")?;
        if *first != *again {
            eprintln!("the two passphrases differ: try again");
            last = err("the two passphrases differ; nothing changed, run it again".into());
            continue;
        }
        return Ok(first);
    }
    Err(last)
}

/// A new key must be at least [`MIN_LEN`] characters (a raw key always is).
pub fn check_new(key: &str) -> Result<(), CliError> {
    if looks_raw(key) && !is_raw(key) {
        return Err(err(
            "a passphrase may not start with x' (SQLCipher would take it as a raw key); nothing changed".into(),
        ));
    }
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
