//! `roundtable man`: the manual pages, from the command line's own definition (clap_mangen)
//! with the sections clap does not know: ENVIRONMENT, FILES and EXIT STATUS on
//! `roundtable(1)`, and on every command's page a pointer to them.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use super::Cli;

/// The command line as the manual describes it: no `help` subcommand (its page is
/// not written, so no page may point to it; `--help` is on every page).
fn command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// `roundtable(1)` as roff.
pub(super) fn main_page() -> std::io::Result<Vec<u8>> {
    let mut text = Vec::new();
    page(&command(), true, &mut text)?;
    Ok(text)
}

/// Write `roundtable.1`, `roundtable-actions.1`, ... into `dir` (made if missing).
pub(super) fn write_pages(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let cmd = command();
    write_all(&cmd, true, dir)
}

fn write_all(cmd: &clap::Command, top: bool, dir: &Path) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_all(sub, false, dir)?;
    }
    let man = clap_mangen::Man::new(cmd.clone());
    let mut text = Vec::new();
    page(cmd, top, &mut text)?;
    std::fs::write(dir.join(man.get_filename()), text)
}

/// One page: clap's sections, then ours (all three on the top page; a SEE ALSO to it
/// on the others).
fn page(cmd: &clap::Command, top: bool, w: &mut dyn Write) -> std::io::Result<()> {
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    man.render_description_section(w)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(w)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(w)?;
    }
    if cmd.get_after_long_help().is_some() || cmd.get_after_help().is_some() {
        man.render_extra_section(w)?;
    }
    if top {
        section(w, "ENVIRONMENT", ENVIRONMENT)?;
        section(w, "FILES", FILES)?;
        section(w, "EXIT STATUS", EXIT_STATUS)?;
        man.render_version_section(w)?;
    } else {
        section(w, "EXIT STATUS", EXIT_STATUS)?;
        writeln!(w, ".SH \"SEE ALSO\"")?;
        writeln!(
            w,
            "\\fBroundtable\\fR(1) for the environment variables and the files every command uses."
        )?;
    }
    Ok(())
}

/// A section of tagged paragraphs: each entry is (tag, text).
fn section(w: &mut dyn Write, name: &str, entries: &[(&str, &str)]) -> std::io::Result<()> {
    writeln!(w, ".SH \"{name}\"")?;
    for (tag, text) in entries {
        writeln!(w, ".TP")?;
        writeln!(w, "\\fB{}\\fR", roff(tag))?;
        writeln!(w, "{}", roff(text))?;
    }
    Ok(())
}

/// Text safe in roff: backslashes and hyphens escaped, no line starting with a
/// control character.
fn roff(s: &str) -> String {
    let t = s.replace('\\', "\\e").replace('-', "\\-");
    if t.starts_with('.') || t.starts_with('\'') {
        format!("\\&{t}")
    } else {
        t
    }
}

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "ROUNDTABLE_DB",
        "The database file when --db is not given (before the config file's database).",
    ),
    (
        "ROUNDTABLE_KEY",
        "The database's passphrase or raw key, when --key-file is not given (before the config file's key_file). It is read once at start and removed from the environment, so no child process sees it. Meant for scripts and CI; at a terminal, prefer a key file or typing it.",
    ),
    (
        "ROUNDTABLE_CONFIG",
        "The config file to read instead of the usual one (see FILES); set but empty, no config file is read.",
    ),
    (
        "ROUNDTABLE_TODAY",
        "Act as if today were this date (YYYY-MM-DD or DD/MM/YYYY): due and overdue actions, agendas, deadlines, the calendar's stamp. For trying a meeting out of its time, for demonstrations and tests, and for answering \"what was overdue on ...?\".",
    ),
    (
        "ROUNDTABLE_TERMINAL",
        "A name for this terminal in a meeting (its own place and its typing journal); else the OS account and the terminal device, such as alice@pts/3.",
    ),
    (
        "NO_COLOR",
        "Set and not empty: the command line prints no colour.",
    ),
    (
        "TERM",
        "TERM=dumb: the command line prints no colour. Colour is never printed into a pipe or a file.",
    ),
    (
        "COLUMNS",
        "How wide printed tables may be; else the terminal's width (tables into a pipe or a file are never cut).",
    ),
    (
        "CI",
        "Set and not empty: never ask for a passphrase at the terminal; a missing key is an error.",
    ),
];

const FILES: &[(&str, &str)] = &[
    (
        "~/.config/roundtable/config.toml",
        "The config file (on Linux; ROUNDTABLE_CONFIG names another). All keys optional: database, key_file, agency (what actions lists without --agency), attendee (who is at the keyboard, for the change log), date_style (iso or uk), accessible (true: the meeting in screen-reader mode, as run --plain). An unknown key or a bad value is an error naming the file and the line.",
    ),
    (
        "~/.local/share/roundtable/",
        "The data folder (on Linux), made owner-only when a first database is made there. It holds roundtable.db, the database when neither --db, ROUNDTABLE_DB nor the config file names one; roundtable-demo.db, the demo database (--demo), never encrypted and kept apart from real data; and bank_holidays_england_wales.json or .txt, an updated bank holiday list whose years replace the shipped ones.",
    ),
    (
        "DATABASE, DATABASE-wal, DATABASE-shm",
        "The database (encrypted with SQLCipher unless made with --no-encrypt) and, beside it while it is in use, its write-ahead log and shared-memory index. Recent changes may be in the -wal file only: copy a database with roundtable backup, never by copying the file alone; restore keeps the file it replaces, with its -wal and -shm, under a new name.",
    ),
    (
        "DATABASE.unsaved-YYYYMMDD-HHMMSS.txt",
        "Written (owner-only) when the meeting screen is left while saves are failing: the text that is not in the record. If nothing can be written beside the database, it is ~/roundtable.unsaved-YYYYMMDD-HHMMSS.txt, else the same name in the temporary folder, else the text is printed. The program says where it wrote it.",
    ),
];

const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "Done. A closed pipe (roundtable actions | head -1) is not an error.",
    ),
    (
        "1",
        "It failed: the database could not be opened or read (a missing file, a wrong key), a change was refused, a file could not be written, a name or ID given was not found. One line on standard error says why.",
    ),
    (
        "2",
        "The command line was wrong: an unknown option or value, options that cannot go together, a request that cannot be answered as asked. Nothing was changed.",
    ),
];
