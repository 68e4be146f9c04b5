//! `roundtable case ID` and `roundtable case --find TEXT`.

use clap::Args;

use super::out::{emit, emit_json, lookup_error, open_existing, today, JsonOut};
use super::{Cli, CliError, CliResult};
use crate::lookup::case;

#[derive(Debug, Args)]
pub struct CaseArgs {
    /// The case ID (a referral: one episode of the panel's involvement).
    #[arg(required_unless_present = "find", conflicts_with = "find")]
    pub id: Option<i64>,
    /// Find cases instead: part of a name (any case, with or without accents), initials
    /// (J.A.S. or JAS) or a date of birth.
    #[arg(
        long,
        value_name = "TEXT",
        allow_hyphen_values = true,
        value_parser = super::support::search_arg
    )]
    pub find: Option<String>,
    /// Also write the history as printable HTML (print to PDF from a browser):
    /// the case ID and marking on every page; `-` prints it.
    #[arg(long, value_name = "FILE", conflicts_with = "find")]
    pub html: Option<std::path::PathBuf>,
    /// The chair who agreed to the case's record leaving the members (with --html):
    /// required where the panel file sets `[records] export_needs_chair` (MAPPA),
    /// recorded in the change log.
    #[arg(long, value_name = "NAME", requires = "html")]
    pub agreed_by: Option<String>,
    #[command(flatten)]
    pub out: JsonOut,
}

pub(super) fn run(cli: &Cli, args: &CaseArgs) -> CliResult {
    let today = today()?;
    let store = open_existing(cli)?;
    if let Some(text) = &args.find {
        let found = case::find(store.conn(), text).map_err(lookup_error)?;
        if args.out.json {
            return emit_json("cases", &found);
        }
        if found.is_empty() {
            return Err(CliError {
                message: format!("no case matches '{}'", text.trim()),
                code: 1,
            });
        }
        return emit(&case::found_table(&found).plain());
    }
    let Some(id) = args.id else {
        return Err(CliError {
            message: "give a case ID or --find TEXT".into(),
            code: 2,
        });
    };
    // One read transaction for the history's forty-odd queries: one snapshot of the
    // record, and the log's read lock taken once instead of once a query (issue 24).
    let snapshot = store
        .conn()
        .unchecked_transaction()
        .map_err(|e| lookup_error(e.into()))?;
    let h = case::history(store.conn(), id, today).map_err(lookup_error)?;
    drop(snapshot);
    if let Some(path) = &args.html {
        let panel = crate::lookup::panel::load_panel(store.conn(), None).map_err(lookup_error)?;
        // A case's record in a file may leave the members: the chair's agreement
        // first where the panel requires it (issue 21, G4; MAPPA 003 App 2C).
        let what = format!("case {} written to a file", h.case_id);
        if args.agreed_by.is_some() || panel.paperwork.records.export_needs_chair {
            let store = super::open_store_for_change(cli)?;
            store.chair_agrees_export(panel.id, &what, args.agreed_by.as_deref())?;
        }
        let page = case::case_document(&h, &panel.name, today);
        let title = format!("{}: case {}", panel.short_name, h.case_id);
        if path.as_os_str() != "-" {
            super::out::plaintext_note(&store, path);
        }
        return super::out::write_document(
            path,
            &crate::lookup::doc::html_document(&title, &[page]),
        );
    }
    if args.out.json {
        emit_json("case", &h)
    } else {
        emit(&case::render_plain(&h))
    }
}
