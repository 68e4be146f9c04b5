//! The user's config file: defaults for the command line, in TOML, in the platform
//! config folder (on Linux `~/.config/roundtable/config.toml`), or the file
//! `ROUNDTABLE_CONFIG` names (set it empty for none). Every key is optional; a
//! flag or an environment variable given on the day wins over the file.
//!
//! ```toml
//! database = "/home/ana/panel/eastmere.db"   # else ROUNDTABLE_DB, else the data folder
//! key_file = "/home/ana/.panel-key"          # the database's passphrase (mode 0600)
//! agency = "YOS"                             # `actions` shows this agency's unless --agency
//! date_style = "uk"                          # dates in tables: "iso" (2026-12-09) or "uk" (09/12/2026)
//! attendee = "Nell Sarrazin"                 # who is at the keyboard, for the change log
//! accessible = true                          # the meeting in screen-reader mode (`run --plain`)
//! ```

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;

use super::CliError;

/// Environment variable naming the config file (empty: no config file).
pub const CONFIG_ENV: &str = "ROUNDTABLE_CONFIG";

/// How dates are shown in plain tables (JSON and CSV are always `YYYY-MM-DD`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateStyle {
    /// `2026-12-09`.
    #[default]
    Iso,
    /// `09/12/2026`.
    Uk,
}

/// The config file's keys (all optional; unknown keys are refused).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The database when neither `--db` nor `ROUNDTABLE_DB` is given.
    pub database: Option<PathBuf>,
    /// A file holding the SQLCipher key, when `ROUNDTABLE_KEY` is unset.
    pub key_file: Option<PathBuf>,
    /// The agency `actions` lists when no `--agency` is given (`--agency all` for every one).
    pub agency: Option<String>,
    /// Who is at the keyboard (an attendee's name), recorded in the change log beside
    /// the OS account when `--as` is not given.
    pub attendee: Option<String>,
    /// How plain tables show dates.
    #[serde(default)]
    pub date_style: DateStyle,
    /// Run the meeting in screen-reader mode, as `roundtable run --plain` (issue 28).
    #[serde(default)]
    pub accessible: bool,
    /// The panels of a workspace (`[[panel]]`, issue 23): each with its own database,
    /// key file and the person's agency code there.
    #[serde(default)]
    pub panel: Vec<super::workspace::WorkspacePanel>,
}

static CONFIG: OnceLock<Config> = OnceLock::new();

/// The config file read for this run (none when there was no file to read).
static CONFIG_FILE: OnceLock<PathBuf> = OnceLock::new();

/// Where the config file is looked for.
pub fn config_path() -> Option<PathBuf> {
    match std::env::var_os(CONFIG_ENV) {
        Some(v) if v.is_empty() => None,
        Some(v) => Some(PathBuf::from(v)),
        None => directories::ProjectDirs::from("org", "Roundtable", "roundtable")
            .map(|d| d.config_dir().join("config.toml")),
    }
}

/// Read a config file. A missing file is no config; a bad one is an error naming
/// the file and the line.
pub fn read(path: &Path) -> Result<Config, CliError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(bad(path, &e.to_string())),
    };
    let mut c: Config = toml::from_str(&text).map_err(|e| {
        let at = e
            .span()
            .map(|s| format!("line {}: ", text[..s.start].matches('\n').count() + 1))
            .unwrap_or_default();
        bad(path, &format!("{at}{}", e.message()))
    })?;
    // Paths in the file are relative to the file's folder.
    let base = path.parent().unwrap_or(Path::new("."));
    c.database = c.database.map(|p| base.join(p));
    c.key_file = c.key_file.map(|p| base.join(p));
    super::workspace::resolve(&mut c.panel, base);
    if let Some(p) = super::workspace::problems(&c.panel).into_iter().next() {
        return Err(bad(path, &p));
    }
    Ok(c)
}

fn bad(path: &Path, why: &str) -> CliError {
    CliError {
        message: format!("config file {}: {why}", path.display()),
        code: 1,
    }
}

/// Load the config file once, for this run.
pub fn load() -> Result<(), CliError> {
    let c = match config_path() {
        Some(p) => {
            let c = read(&p)?;
            if p.is_file() {
                let _ = CONFIG_FILE.set(p);
            }
            c
        }
        None => Config::default(),
    };
    crate::lookup::format::set_uk_dates(c.date_style == DateStyle::Uk);
    let _ = CONFIG.set(c);
    Ok(())
}

/// Files in the data folder that update the shipped England & Wales bank holidays:
/// the published JSON as it is, or a text list like the shipped one.
pub const BANK_HOLIDAY_FILES: [&str; 2] = [
    "bank_holidays_england_wales.json",
    "bank_holidays_england_wales.txt",
];

/// Use an updated bank holiday list from the data folder, if there is one: for
/// each year it lists, its dates replace the shipped ones. A file that cannot be
/// read is an error naming it.
pub fn load_bank_holidays() -> Result<(), CliError> {
    use crate::domain::calendar::{install_england_and_wales, WorkingCalendar};
    for name in BANK_HOLIDAY_FILES {
        let path = crate::paths::data_file(name);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(bad(&path, &e.to_string())),
        };
        let newer = if name.ends_with(".json") {
            WorkingCalendar::parse_published_json(&text)
        } else {
            WorkingCalendar::parse(&text)
        }
        .map_err(|e| bad(&path, &e))?;
        install_england_and_wales(WorkingCalendar::shipped().updated_by(&newer));
        return Ok(());
    }
    Ok(())
}

/// Print a warning when `d` is past the bank holiday list's last year, saying how
/// to update the list.
pub fn warn_beyond_bank_holidays(d: chrono::NaiveDate) {
    let cal = crate::domain::calendar::WorkingCalendar::england_and_wales();
    if let Some(w) = cal.beyond_list(d) {
        eprintln!(
            "warning: {w}; to update it, save the published England and Wales list (JSON) as {}",
            crate::paths::data_file(BANK_HOLIDAY_FILES[0]).display()
        );
    }
}

/// The config of this run (empty before [`load`]).
pub fn get() -> &'static Config {
    CONFIG.get_or_init(Config::default)
}

/// An error about a value that came from the config file, naming the file and the
/// key it was read from: `config file PATH: agency = "NOPE": unknown agency ...`.
pub fn from_file(key: &str, value: &str, e: CliError) -> CliError {
    let file = CONFIG_FILE
        .get()
        .map_or_else(|| "(none)".to_string(), |p| p.display().to_string());
    CliError {
        message: format!(
            "config file {file}: {key} = {value:?}: {} (change the file, or give --{key} on the command line)",
            e.message
        ),
        code: e.code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_key_is_reported_with_its_line() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let f = dir.path().join("config.toml");
        std::fs::write(&f, "agency = \"YOS\"\n\ndatabse = \"x.db\"\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let e = read(&f).err().map(|e| e.message).unwrap_or_default();
        assert!(e.contains("line 3"), "{e}");
        assert!(e.contains("databse"), "{e}");
        std::fs::write(&f, "date_style = \"us\"\n").unwrap_or_else(|e| panic!("{e}"));
        let e = read(&f).err().map(|e| e.message).unwrap_or_default();
        assert!(e.contains("line 1"), "{e}");
        std::fs::write(&f, "database = \"p.db\"\ndate_style = \"uk\"\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let c = read(&f).unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!(c.database, Some(dir.path().join("p.db")));
        assert_eq!(c.date_style, DateStyle::Uk);
        assert!(
            !c.accessible,
            "screen-reader mode is asked for, not assumed"
        );
        std::fs::write(&f, "accessible = true\n").unwrap_or_else(|e| panic!("{e}"));
        let c = read(&f).unwrap_or_else(|e| panic!("{}", e.message));
        assert!(c.accessible);
        assert!(read(&dir.path().join("none.toml")).is_ok());
    }
}
