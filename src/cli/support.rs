//! What the between-meetings commands share: today's date, opening the panel's
//! database, field problems printed one per line, plain tables and JSON.

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;

use super::{open_store, Cli, CliError};
use crate::domain::intake::{parse_date, FieldIssue};
use crate::store::{PanelId, Store};

use crate::lookup::TODAY_ENV;

/// Today, or the day `ROUNDTABLE_TODAY` names. Unlike the lookups (which take only
/// `YYYY-MM-DD` there), the between-meetings commands also take `DD/MM/YYYY`.
pub fn today() -> Result<NaiveDate, CliError> {
    match std::env::var(TODAY_ENV) {
        Ok(v) if !v.trim().is_empty() => parse_date(&v).map_err(|e| CliError {
            message: format!("{TODAY_ENV}: {e}"),
            code: 2,
        }),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// A free-text value (checked where it is used) whose usual values shell completion
/// offers: `Offered(f)` accepts any text and lists `f()` as its possible values, so
/// `completions` offers them instead of file names. Only for values that are the
/// program's own (the same for every panel): a panel's values (its agencies) are in
/// its database, which a completion script cannot know, so they get no list. Give the argument
/// `hide_possible_values = true`: the list is a help for typing, not a limit.
#[derive(Clone, Copy)]
pub struct Offered(pub fn() -> Vec<String>);

impl clap::builder::TypedValueParser for Offered {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            (self.0)()
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

/// The advice codes `referral screen --advice` takes (section 11).
pub fn advice_values() -> Vec<String> {
    crate::domain::screening::Advice::ALL
        .iter()
        .map(|a| a.code().to_string())
        .collect()
}

/// A date on the command line: `YYYY-MM-DD` or `DD/MM/YYYY`.
pub fn date_arg(s: &str) -> Result<NaiveDate, String> {
    parse_date(s)
}

/// A search's or filter's text (`case --find`, `actions --subject`, `--agency`, `--user`):
/// an empty or blank one would match everything, so it is refused (QA fault 11).
pub fn search_arg(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        Err("give some text to find".into())
    } else {
        Ok(s.to_string())
    }
}

/// Open the database of an existing panel. A missing file is not created here:
/// `roundtable init` does that. With `change`, a read-only file or folder is refused
/// in one line before anything is done.
pub fn open_panel(cli: &Cli, change: bool) -> Result<(Store, PanelId), CliError> {
    let store = if change {
        super::open_store_for_change(cli)?
    } else {
        open_store(cli)?
    };
    let panel = store.only_panel()?;
    Ok((store, panel))
}

/// Print every field problem on its own line (stderr) and return the error to exit with.
pub fn field_errors(what: &str, issues: &[FieldIssue]) -> CliError {
    let mut err = std::io::stderr().lock();
    for i in issues {
        let _ = writeln!(err, "  {i}");
    }
    let n = issues.len();
    CliError {
        message: format!(
            "{what}: {n} problem{} (listed above)",
            if n == 1 { "" } else { "s" }
        ),
        code: 1,
    }
}

/// Print warnings (allowed, but worth saying) to stderr.
pub fn warn(issues: &[FieldIssue]) {
    let mut err = std::io::stderr().lock();
    for i in issues {
        let _ = writeln!(err, "warning: {i}");
    }
}

/// A plain table: columns by display width, fitted to the terminal (the same
/// writer as the lookups' tables, without the rule).
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    // Each cell on one line, cleaned: a venue with line breaks cannot split a row.
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| crate::domain::clean::one_line(c))
                .collect()
        })
        .collect();
    crate::lookup::format::columns(headers, &rows, false, crate::lookup::format::output_width())
}

/// Print JSON in the envelope every command uses (see [`super::out::emit_json`]).
pub fn print_json<T: Serialize>(name: &str, v: &T) -> Result<(), CliError> {
    super::out::emit_json(name, v)
}

/// A date as people read it here, in the config file's `date_style`.
pub fn fmt_date(d: NaiveDate) -> String {
    crate::lookup::format::show_date(d)
}

pub fn opt_date(d: Option<NaiveDate>) -> String {
    d.map_or(String::new(), fmt_date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_pads_columns() {
        let t = table(
            &["ID", "NAME"],
            &[
                vec!["1".into(), "Ana".into()],
                vec!["12".into(), "Bo".into()],
            ],
        );
        assert_eq!(t, "ID  NAME\n1   Ana\n12  Bo\n");
    }
}
