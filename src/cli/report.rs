//! `roundtable report --from DATE --to DATE`.

use chrono::NaiveDate;
use clap::Args;

use super::out::{emit, emit_json, lookup_error, open_existing, TableOut};
use super::{Cli, CliResult};
use crate::lookup::report;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// First day of the period (YYYY-MM-DD or DD/MM/YYYY).
    #[arg(long, value_name = "DATE", value_parser = super::support::date_arg)]
    pub from: NaiveDate,
    /// Last day of the period, included (YYYY-MM-DD or DD/MM/YYYY).
    #[arg(long, value_name = "DATE", value_parser = super::support::date_arg)]
    pub to: NaiveDate,
    /// Write the return as printable HTML instead (print to PDF from a browser);
    /// `-` prints it.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["json", "csv", "xlsx"])]
    pub html: Option<std::path::PathBuf>,
    /// Every count exact, small numbers included, for the coordinator: marked
    /// "NOT FOR PUBLICATION" top and bottom (and in every CSV row).
    #[arg(long)]
    pub exact: bool,
    #[command(flatten)]
    pub out: TableOut,
}

pub(super) fn run(cli: &Cli, args: &ReportArgs) -> CliResult {
    let store = open_existing(cli)?;
    let r = match report::the_return(store.conn(), args.from, args.to, args.exact)
        .map_err(lookup_error)?
    {
        report::Return::Tables(r) => return panel_return(&store, args, &r),
        report::Return::Sections(r) => *r,
    };

    if let Some(path) = &args.html {
        let title = format!("{}: {}", r.panel, r.title);
        let html = crate::lookup::doc::html_document(&title, &[report::report_document(&r)]);
        if path.as_os_str() != "-" {
            super::out::plaintext_note(&store, path);
        }
        return super::out::write_document(path, &html);
    }
    if let Some(path) = &args.out.xlsx {
        let bytes = crate::lookup::sheet::table_xlsx(
            "Monitoring return",
            &r.protective_marking,
            &report::csv_table(&r),
        )
        .map_err(lookup_error)?;
        return super::out::write_xlsx(&store, path, &bytes);
    }
    if args.out.json {
        emit_json("report", &r.to_json()?)
    } else if args.out.csv {
        emit(
            &report::csv_table(&r)
                .marked(&r.protective_marking)
                .csv_with(!args.out.no_bom),
        )
    } else {
        emit(&report::render_plain(&r))
    }
}

/// A return laid out in tables (`[[return.table]]` in its file), in the form asked for.
fn panel_return(
    store: &crate::store::Store,
    args: &ReportArgs,
    r: &report::PanelReturn,
) -> CliResult {
    if let Some(path) = &args.html {
        let html = crate::lookup::doc::html_document(
            &format!("{}: {}", r.panel, r.title),
            &[report::return_document(r)],
        );
        if path.as_os_str() != "-" {
            super::out::plaintext_note(store, path);
        }
        return super::out::write_document(path, &html);
    }
    if let Some(path) = &args.out.xlsx {
        let bytes = crate::lookup::sheet::table_xlsx(
            "Monitoring return",
            &r.protective_marking,
            &report::return_table(r),
        )
        .map_err(lookup_error)?;
        return super::out::write_xlsx(store, path, &bytes);
    }
    if args.out.json {
        emit_json("return", r)
    } else if args.out.csv {
        emit(
            &report::return_table(r)
                .marked(&r.protective_marking)
                .csv_with(!args.out.no_bom),
        )
    } else {
        emit(&report::render_return(r))
    }
}
