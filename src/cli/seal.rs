//! The sealed meeting record (issue 28 item 3): written by `minutes approve --bundle
//! DIR`, checked by `roundtable verify-bundle DIR` without any database.

use std::path::{Path, PathBuf};

use clap::Args;

use super::out::{emit, emit_json, lookup_error, JsonOut};
use super::{CliError, CliResult};
use crate::domain::meeting_ref::MeetingRef;
use crate::lookup::minutes::{self, bundle};
use crate::lookup::seal::{verify, MANIFEST};
use crate::store::Store;

#[derive(Debug, Args)]
pub struct VerifyBundleArgs {
    /// The bundle's folder (as `minutes approve --bundle DIR` wrote it).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    #[command(flatten)]
    pub out: JsonOut,
}

/// Write the sealed record of the (just approved) meeting `meeting` into `dir`, and
/// put the manifest's hash into the change log. Returns the lines to print.
pub(super) fn seal(store: &Store, meeting: MeetingRef, dir: &Path) -> Result<String, CliError> {
    let head = bundle::audit_head(store.conn()).map_err(lookup_error)?;
    let m = minutes::load(store.conn(), meeting).map_err(lookup_error)?;
    let sealed = bundle::write_bundle(&m, dir, head.clone(), false).map_err(lookup_error)?;
    store.log_event(&format!(
        "sealed record of the meeting on {meeting} written to {}: {MANIFEST} sha256 {}",
        dir.display(),
        sealed.manifest_sha256
    ))?;
    super::out::plaintext_note(store, dir);
    Ok(format!(
        "sealed record written to {} ({} files; change log head {}; {MANIFEST} sha256 {}, also in the change log)\ncheck it with: roundtable verify-bundle {}\n",
        dir.display(),
        sealed.files,
        head.map_or_else(|| "none".to_string(), |(id, _)| format!("at row {id}")),
        sealed.manifest_sha256,
        dir.display()
    ))
}

/// `roundtable verify-bundle DIR [--json]`: exit 1 naming each file that is changed,
/// missing or added, or a manifest that was changed. With `--db`, the manifest's hash
/// must also be the one the database's change log recorded at sealing (QA fault 3).
pub(super) fn run(cli: &super::Cli, args: &VerifyBundleArgs) -> CliResult {
    let mut check = verify(&args.dir).map_err(lookup_error)?;
    if cli.db.is_some() && check.problems.is_empty() {
        let store = super::open_store(cli)?;
        crate::lookup::seal::against_change_log(store.conn(), &mut check).map_err(lookup_error)?;
    }
    if args.out.json {
        emit_json("bundle", &check)?;
    }
    if !check.problems.is_empty() {
        return Err(CliError {
            message: format!(
                "{}: NOT the record that was sealed: {}",
                args.dir.display(),
                check.problems.join("; ")
            ),
            code: 1,
        });
    }
    if args.out.json {
        return Ok(());
    }
    let mut text = match check.change_log_row {
        Some(row) => format!(
            "{}: verified, every file as sealed ({} files, none missing or added; {MANIFEST} sha256 {}, as the change log recorded at sealing, row {row})\n",
            args.dir.display(),
            check.files,
            check.manifest_sha256
        ),
        // Without the database this proves only that the files match their own
        // manifest, which anyone could rewrite: say so, and give the hash to compare.
        None => format!(
            "{}: the files match their own manifest ({} files, none missing or added); that does not prove it is the record sealed: compare {MANIFEST} sha256 {} with the one the panel recorded at approval, or check with --db\n",
            args.dir.display(),
            check.files,
            check.manifest_sha256
        ),
    };
    for h in &check.header {
        text.push_str(&format!("  {h}\n"));
    }
    emit(&text)
}
