//! Shared glue for the lookup commands: opening an existing database, "today",
//! output to stdout (a closed pipe is not an error) and error exit codes.

use std::io::{IsTerminal, Write};

use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;

use super::{Cli, CliError, CliResult};
use crate::lookup::LookupError;
use crate::paths;
use crate::store::Store;

/// `--json` for every lookup.
#[derive(Debug, Args, Default, Clone, Copy)]
pub struct JsonOut {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `--json` or `--csv`, for tabular lookups.
#[derive(Debug, Args, Default, Clone, Copy)]
pub struct TableOut {
    /// Print JSON instead of a table.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV (RFC 4180, header row) instead of a table.
    #[arg(long)]
    pub csv: bool,
}

/// Exit codes: 1 for something named that does not exist and other failures,
/// 2 for a request that cannot be answered as asked (as clap uses for usage).
pub fn lookup_error(e: LookupError) -> CliError {
    let code = match e {
        LookupError::Invalid(_) => 2,
        _ => 1,
    };
    CliError {
        message: e.to_string(),
        code,
    }
}

/// Open the database for a lookup: it must exist already; nothing is created.
pub fn open_existing(cli: &Cli) -> Result<Store, CliError> {
    let path = cli.db_path();
    if cli.demo && cli.db.is_none() {
        // `--demo` promises the demo database, made on first use.
        return super::open_store(cli);
    }
    if !path.exists() {
        return Err(CliError {
            message: format!(
                "no database at {} (lookups never create one: pass --db PATH, set {}, or make demo data with `roundtable demo --db PATH`)",
                path.display(),
                paths::DB_ENV
            ),
            code: 1,
        });
    }
    Ok(Store::open_existing(
        &path,
        paths::key_from_env().as_deref(),
    )?)
}

pub fn today() -> Result<NaiveDate, CliError> {
    crate::lookup::today().map_err(lookup_error)
}

/// Write to stdout; a reader that went away (`| head`) ends quietly.
pub fn emit(text: &str) -> CliResult {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

pub fn emit_json<T: Serialize + ?Sized>(v: &T) -> CliResult {
    // Written as it is made (a long list need not be held twice); the same text.
    emit_with(|out| {
        serde_json::to_writer_pretty(&mut *out, v).map_err(std::io::Error::from)?;
        out.write_all(b"\n")
    })
}

/// Write to stdout through a buffer as `write` makes the text; a reader that went
/// away (`| head`) ends quietly.
pub fn emit_with(
    write: impl FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> CliResult {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    match write(&mut out).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

/// Colour for people at a terminal (never when piped, or with NO_COLOR set).
pub fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
