//! `roundtable minutes --meeting DATE --out DIR`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::out::{emit, emit_json, lookup_error, open_existing, JsonOut};
use super::{Cli, CliResult};
use crate::lookup::minutes::{self, Formats};

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum FormatArg {
    /// Markdown only.
    Md,
    /// Standalone HTML only (print to PDF from a browser).
    Html,
    /// Both.
    #[default]
    Both,
}

#[derive(Debug, Args)]
pub struct MinutesArgs {
    /// The meeting's date (YYYY-MM-DD or DD/MM/YYYY).
    #[arg(long, value_name = "DATE", value_parser = super::support::date_arg)]
    pub meeting: NaiveDate,
    /// Folder for the files (created owner-only if missing; files are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Which files to write: Markdown, HTML or both.
    #[arg(long, value_enum, default_value_t)]
    pub format: FormatArg,
    #[command(flatten)]
    pub json: JsonOut,
}

pub fn run(cli: &Cli, args: &MinutesArgs) -> CliResult {
    let store = open_existing(cli)?;
    let m = minutes::load(store.conn(), args.meeting).map_err(lookup_error)?;
    let formats = match args.format {
        FormatArg::Md => Formats::Markdown,
        FormatArg::Html => Formats::Html,
        FormatArg::Both => Formats::Both,
    };
    let written = minutes::write(&m, &args.out, formats).map_err(lookup_error)?;
    if args.json.json {
        return emit_json("files", &written);
    }
    let mut text = format!(
        "{} minutes of {} written to {} ({} cases, {} files, each marked {}):\n",
        m.panel.short_name,
        args.meeting.format("%Y-%m-%d"),
        args.out.display(),
        m.cases.len(),
        written.len(),
        m.panel.marking()
    );
    for w in &written {
        let name = w.path.file_name().map(|n| n.to_string_lossy().into_owned());
        text.push_str(&format!("  {}\n", name.unwrap_or_default()));
    }
    emit(&text)
}
