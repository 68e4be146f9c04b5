//! Shared glue for the lookup commands: opening an existing database, "today",
//! output to stdout (a closed pipe is not an error) and error exit codes.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;

use super::{Cli, CliError, CliResult};
use crate::lookup::LookupError;
use crate::store::Store;

/// `--json` for every lookup.
#[derive(Debug, Args, Default, Clone, Copy)]
pub struct JsonOut {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `--json`, `--csv` or `--xlsx FILE`, for tabular lookups.
#[derive(Debug, Args, Default, Clone)]
pub struct TableOut {
    /// Print JSON instead of a table.
    #[arg(long, conflicts_with_all = ["csv", "xlsx"])]
    pub json: bool,
    /// Print CSV (RFC 4180, header row, UTF-8 with a byte-order mark) instead of a
    /// table; the last column, `marking`, holds the protective marking.
    #[arg(long, conflicts_with = "xlsx")]
    pub csv: bool,
    /// With --csv: no byte-order mark (Excel needs it to read accents; some tools do not want it).
    #[arg(long, requires = "csv")]
    pub no_bom: bool,
    /// Write a spreadsheet (.xlsx) to FILE instead (owner-only): dates as dates, numbers
    /// as numbers, people's text as text; the protective marking on every printed page.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<std::path::PathBuf>,
}

/// Whether `out` asks for a file or a machine's table rather than the readable one.
impl TableOut {
    /// `--csv` or `--xlsx` given.
    pub fn tabular(&self) -> bool {
        self.csv || self.xlsx.is_some()
    }
}

/// A list as `--csv` (the protective marking in a last `marking` column) or `--xlsx
/// FILE` (sheet `sheet`, typed cells, the marking on every printed page), whichever
/// `out` asks for. Errors: the database's marking cannot be read, or the file cannot
/// be written.
pub fn emit_table(
    store: &Store,
    out: &TableOut,
    sheet: &str,
    table: crate::lookup::format::Table,
) -> CliResult {
    let marking = crate::lookup::sheet::marking(store.conn()).map_err(lookup_error)?;
    if let Some(path) = &out.xlsx {
        let bytes =
            crate::lookup::sheet::table_xlsx(sheet, &marking, &table).map_err(lookup_error)?;
        return write_xlsx(store, path, &bytes);
    }
    emit(&table.marked(&marking).csv_with(!out.no_bom))
}

/// Write spreadsheet bytes to `path` (owner-only, replaced whole) and say where, with
/// the plaintext note for an encrypted database. A spreadsheet is never printed: `-`
/// is refused (exit 2).
pub fn write_xlsx(store: &Store, path: &std::path::Path, bytes: &[u8]) -> CliResult {
    if path.as_os_str() == "-" {
        return Err(CliError {
            message: "--xlsx needs a file name: a spreadsheet is not printed to the terminal"
                .into(),
            code: 2,
        });
    }
    plaintext_note(store, path);
    crate::lookup::minutes::write_private_bytes(path, bytes).map_err(lookup_error)?;
    emit(&format!("written to {} (owner-only)\n", path.display()))
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

/// Open the database for a lookup: it must exist already; nothing is created
/// (`--demo` makes the demo database on first use).
pub fn open_existing(cli: &Cli) -> Result<Store, CliError> {
    super::open_store(cli)
}

pub fn today() -> Result<NaiveDate, CliError> {
    crate::lookup::today().map_err(lookup_error)
}

/// Set once standard output's reader has gone away (`| head -1`): later output is
/// dropped quietly, and the command still finishes (a change is still saved).
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// The first failure to write standard output other than a closed pipe (a full
/// disk behind `> file`), reported when the command ends.
static WRITE_FAILURE: Mutex<Option<String>> = Mutex::new(None);

/// Write to stdout; a reader that went away (`| head`) ends quietly.
pub fn emit(text: &str) -> CliResult {
    write_out(text.as_bytes());
    Ok(())
}

/// Write bytes to standard output, cleaned at the door
/// ([`crate::domain::clean::clean_output`]: no escape sequence, control character or
/// direction override leaves the program, line endings kept). A closed pipe is not an
/// error: it and anything after it are dropped. Another failure is kept for
/// [`take_write_failure`].
pub fn write_out(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    write_raw(crate::domain::clean::clean_output(&text).as_bytes());
}

/// Write a line to standard error, cleaned at the door like standard output.
pub fn warn(text: &str) {
    eprintln!("{}", crate::domain::clean::clean_output(text));
}

/// Write text whose every piece from a person has been cleaned already, with the
/// program's own colour codes around it (the overdue rows of `actions`).
pub fn write_styled(text: &str) {
    write_raw(text.as_bytes());
}

fn write_raw(bytes: &[u8]) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
        }
        Err(e) => {
            if let Ok(mut f) = WRITE_FAILURE.lock() {
                f.get_or_insert_with(|| format!("writing standard output: {e}"));
            }
        }
    }
}

/// [`write_out`] for `format_args!`: what [`say!`] and [`put!`] call.
pub fn write_fmt(args: std::fmt::Arguments<'_>, newline: bool) {
    let mut s = std::fmt::format(args);
    if newline {
        s.push('\n');
    }
    write_out(s.as_bytes());
}

/// The first write failure other than a closed pipe, if any (checked as a command ends).
pub fn take_write_failure() -> Option<String> {
    WRITE_FAILURE.lock().ok().and_then(|mut f| f.take())
}

/// The version of the JSON every `--json` prints (`docs/json.md`): raised when a
/// field is renamed or removed, not when one is added.
pub const JSON_SCHEMA_VERSION: u32 = 1;

/// `{"schema_version": 1, "<name>": v}`, its two keys in the order a JSON map sorts
/// them, so writing it as it is made gives the same text as building it first.
struct Envelope<'a, T: ?Sized> {
    name: &'a str,
    value: &'a T,
}

impl<T: Serialize + ?Sized> Serialize for Envelope<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(2))?;
        if self.name < "schema_version" {
            m.serialize_entry(self.name, self.value)?;
            m.serialize_entry("schema_version", &JSON_SCHEMA_VERSION)?;
        } else {
            m.serialize_entry("schema_version", &JSON_SCHEMA_VERSION)?;
            m.serialize_entry(self.name, self.value)?;
        }
        m.end()
    }
}

/// Print `v` as JSON in the envelope every command uses:
/// `{"schema_version": 1, "<name>": v}`, every string in it cleaned at the door.
pub fn emit_json<T: Serialize + ?Sized>(name: &str, v: &T) -> CliResult {
    let mut payload = serde_json::to_value(v)?;
    // Cleaned at the door like every other output: a JSON reader that prints a
    // field gets no escape sequence either.
    crate::domain::clean::clean_json(&mut payload);
    emit_json_streamed(name, &payload)
}

/// [`emit_json`] for values whose every string was cleaned where it was read (the
/// actions list: some 16,000 rows at county scale), written as it is made; a direction
/// override or C1 control that got through anyway is still dropped on the way out.
pub fn emit_json_streamed<T: Serialize + ?Sized>(name: &str, v: &T) -> CliResult {
    emit_with(|out| {
        let mut clean = CleanWriter::new(&mut *out);
        serde_json::to_writer_pretty(&mut clean, &Envelope { name, value: v })
            .map_err(std::io::Error::from)?;
        clean.write_all(b"\n")?;
        clean.finish()
    })
}

/// A writer that drops what [`crate::domain::clean::is_unsafe_char`] names on the way
/// through: JSON is cleaned at the door like every other output (a reader that prints
/// a field gets no direction override or C1 control), and still written as it is made.
/// A character split between two writes waits for its second part.
struct CleanWriter<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> CleanWriter<W> {
    fn new(inner: W) -> Self {
        CleanWriter {
            inner,
            pending: vec![],
        }
    }

    /// Write what is left (an incomplete character at the very end, as it is).
    fn finish(mut self) -> std::io::Result<()> {
        let rest = std::mem::take(&mut self.pending);
        self.inner.write_all(&rest)
    }
}

impl<W: Write> Write for CleanWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // The usual piece: printable ASCII (JSON escapes every control character), with
        // nothing waiting. Passed on as it is, with no copy.
        if self.pending.is_empty()
            && buf
                .iter()
                .all(|&b| (b' '..=b'~').contains(&b) || b == b'\n')
        {
            self.inner.write_all(buf)?;
            return Ok(buf.len());
        }
        self.pending.extend_from_slice(buf);
        let (good, bad) = match std::str::from_utf8(&self.pending) {
            Ok(s) => (s.len(), false),
            Err(e) => (e.valid_up_to(), e.error_len().is_some()),
        };
        // Valid UTF-8 up to `good`; past it either a split character (kept for the
        // next write) or bytes that are not UTF-8 at all (passed on as they are).
        let text = std::str::from_utf8(&self.pending[..good]).unwrap_or_default();
        if crate::domain::clean::needs_cleaning(text) {
            let kept: String = text
                .chars()
                .filter(|c| matches!(c, '\n' | '\t') || !crate::domain::clean::is_unsafe_char(*c))
                .collect();
            self.inner.write_all(kept.as_bytes())?;
        } else {
            self.inner.write_all(text.as_bytes())?;
        }
        self.pending.drain(..good);
        if bad {
            let rest = std::mem::take(&mut self.pending);
            self.inner.write_all(&rest)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Write to stdout through a buffer as `write` makes the text; a reader that went
/// away (`| head`) ends quietly. What `write` writes must be clean already.
pub fn emit_with(
    write: impl FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> CliResult {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    match write(&mut out).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        r => Ok(r?),
    }
}

/// Say, on standard error, that files written from an encrypted database are not
/// encrypted themselves, and where they are (nothing is said for a plain database).
pub fn plaintext_note(store: &Store, place: &std::path::Path) {
    if store.is_encrypted() {
        warn(&format!(
            "note: the database is encrypted, but what was written to {} is NOT: it is plaintext (readable by you only). Keep it on an encrypted disk, and delete it when it has been sent",
            place.display()
        ));
    }
}

/// Write a document to `path` (owner-only, replaced whole), or print it for `-`.
pub fn write_document(path: &std::path::Path, text: &str) -> CliResult {
    if path.as_os_str() == "-" {
        return emit(text);
    }
    crate::lookup::minutes::write_private(path, text).map_err(lookup_error)?;
    emit(&format!("written to {} (owner-only)\n", path.display()))
}

/// Colour for people at a terminal (never when piped, with NO_COLOR set, or on a
/// terminal that says it has none: `TERM=dumb`): the rule of
/// [`crate::kit::style::colour_wanted`], which the screens follow too.
pub fn colour() -> bool {
    crate::kit::style::colour_wanted(std::io::stdout().is_terminal())
}
