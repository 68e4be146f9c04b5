//! A sealed meeting record's manifest, and checking a bundle WITHOUT the database
//! (issue 28 item 3): `roundtable verify-bundle DIR`.
//!
//! `MANIFEST.txt` holds a few header lines (panel, meeting, approval, the change
//! log's head at approval), one `sha256 HEX  PATH` line per file of the bundle (paths
//! with `/`, sorted), and last `manifest-sha256 HEX`: the SHA-256 of every byte of
//! the manifest before that line. The same hash is written into the database's
//! change log when the bundle is sealed, so whoever holds the database can also show
//! that this manifest is the one made at approval (the manifest's own line only shows
//! that it was not changed by accident: anyone can recompute it).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{LookupError, Result};

/// The manifest's file name, at the top of the bundle.
pub const MANIFEST: &str = "MANIFEST.txt";
/// The manifest's first line.
pub const TITLE: &str = "Roundtable sealed meeting record";
const FILE: &str = "sha256 ";
const SELF: &str = "manifest-sha256 ";

/// SHA-256 as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::store::audit::hex(&Sha256::digest(bytes))
}

/// The manifest for `header` lines and `files` (path, bytes' hash), with its own
/// hash line last. Returns the text and that hash.
pub fn manifest(header: &[String], files: &BTreeMap<String, String>) -> (String, String) {
    let mut body = format!("{TITLE}\n");
    for h in header {
        body.push_str(h.trim_end());
        body.push('\n');
    }
    for (path, hash) in files {
        body.push_str(&format!("{FILE}{hash}  {path}\n"));
    }
    let own = sha256_hex(body.as_bytes());
    body.push_str(&format!("{SELF}{own}\n"));
    (body, own)
}

/// Every file under `dir` (not the manifest), by its path with `/`, and whatever is
/// not a plain file (a link, a device) as a problem.
fn files_under(
    dir: &Path,
    at: &str,
    out: &mut BTreeMap<String, Vec<u8>>,
    odd: &mut Vec<String>,
) -> Result<()> {
    let io = |e: std::io::Error| LookupError::Io(format!("{}: {e}", dir.display()));
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .collect::<std::io::Result<_>>()
        .map_err(io)?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if at.is_empty() {
            name
        } else {
            format!("{at}/{name}")
        };
        let kind = e.file_type().map_err(io)?;
        if kind.is_dir() {
            files_under(&e.path(), &rel, out, odd)?;
        } else if kind.is_file() {
            let bytes = std::fs::read(e.path()).map_err(io)?;
            out.insert(rel, bytes);
        } else {
            odd.push(format!(
                "{rel}: not a plain file (a link or a device); a sealed record holds files only"
            ));
        }
    }
    Ok(())
}

/// Every file of the bundle in `dir` with its hash (the manifest left out).
pub fn hash_files(dir: &Path) -> Result<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    let mut odd = vec![];
    files_under(dir, "", &mut files, &mut odd)?;
    Ok(files
        .into_iter()
        .filter(|(p, _)| p != MANIFEST)
        .map(|(p, b)| (p, sha256_hex(&b)))
        .collect())
}

/// What `verify-bundle` found.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BundleCheck {
    /// The manifest's header lines (panel, meeting, approval, audit head).
    pub header: Vec<String>,
    /// How many files the manifest lists.
    pub files: usize,
    /// The manifest's own hash, as recorded in the change log at sealing.
    pub manifest_sha256: String,
    /// Each problem, naming its file; none: the bundle is the one sealed.
    pub problems: Vec<String>,
    /// With `--db`: the change log's row that recorded this manifest's hash at sealing;
    /// null when no database was given (then the files only match their own manifest).
    pub change_log_row: Option<i64>,
}

/// The first words of the change log's event written at sealing (see `cli::seal`).
pub const SEALED_EVENT: &str = "sealed record of the meeting on ";

/// Check the manifest's hash against the one the change log recorded when the bundle
/// was sealed (QA fault 3): anyone can rewrite a file and recompute the manifest, but
/// not the database's change log. Sets `change_log_row`, or adds a problem.
pub fn against_change_log(conn: &rusqlite::Connection, check: &mut BundleCheck) -> Result<()> {
    let rows: Vec<(i64, String)> = conn
        .prepare_cached(
            "SELECT id, new_value FROM change_log
             WHERE tbl = 'event' AND new_value LIKE ?1 ORDER BY id",
        )?
        .query_map([format!("{SEALED_EVENT}%")], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let tag = format!("{MANIFEST} sha256 ");
    // (row, meeting's date, hash) of each sealing.
    let sealed: Vec<(i64, String, String)> = rows
        .into_iter()
        .filter_map(|(id, text)| {
            let hash = text.rsplit_once(&tag)?.1.trim().to_string();
            let day = text.strip_prefix(SEALED_EVENT)?.get(..10)?.to_string();
            Some((id, day, hash))
        })
        .collect();
    if let Some((id, _, _)) = sealed
        .iter()
        .find(|(_, _, h)| !check.manifest_sha256.is_empty() && *h == check.manifest_sha256)
    {
        check.change_log_row = Some(*id);
        return Ok(());
    }
    let day = check
        .header
        .iter()
        .find_map(|h| h.strip_prefix("meeting: "))
        .and_then(|m| m.get(..10))
        .unwrap_or_default()
        .to_string();
    let problem = match sealed.iter().rev().find(|(_, d, _)| *d == day) {
        Some((id, _, h)) => format!(
            "{MANIFEST}: its sha256 {} is not the one the change log recorded when the meeting on {day} was sealed ({h}, row {id}): files and manifest were rewritten",
            check.manifest_sha256
        ),
        None => format!(
            "{MANIFEST}: the change log records no sealed record with sha256 {}",
            check.manifest_sha256
        ),
    };
    check.problems.push(problem);
    Ok(())
}

/// Check the bundle in `dir` against its manifest: its own hash line, every file's
/// hash, no file missing, none added. Errors only when `dir` cannot be read.
pub fn verify(dir: &Path) -> Result<BundleCheck> {
    if !dir.is_dir() {
        return Err(LookupError::Invalid(format!(
            "{}: not a folder (give the bundle's folder)",
            dir.display()
        )));
    }
    let mut on_disk = BTreeMap::new();
    let mut problems = vec![];
    files_under(dir, "", &mut on_disk, &mut problems)?;
    let Some(bytes) = on_disk.remove(MANIFEST) else {
        problems.push(format!(
            "{MANIFEST}: missing: this is not a sealed record, or its manifest was removed"
        ));
        return Ok(BundleCheck {
            header: vec![],
            files: 0,
            manifest_sha256: String::new(),
            problems,
            change_log_row: None,
        });
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (body, own) = match text.trim_end_matches('\n').rfind('\n') {
        Some(i) => (&text[..=i], text[i + 1..].trim_end()),
        None => ("", text.trim_end()),
    };
    let recorded = own.strip_prefix(SELF).unwrap_or("").to_string();
    if recorded.is_empty() {
        problems.push(format!(
            "{MANIFEST}: its last line is not its own hash: it was cut short or changed"
        ));
    } else if sha256_hex(body.as_bytes()) != recorded {
        problems.push(format!(
            "{MANIFEST}: changed since it was sealed (its own SHA-256 line does not match)"
        ));
    }
    if !body.starts_with(TITLE) {
        problems.push(format!(
            "{MANIFEST}: not a Roundtable sealed record's manifest"
        ));
    }
    let mut header = vec![];
    let mut listed = BTreeMap::new();
    for line in body.lines().skip(1) {
        match line.strip_prefix(FILE).and_then(|l| l.split_once("  ")) {
            Some((hash, path)) => {
                listed.insert(path.to_string(), hash.to_string());
            }
            None => header.push(line.to_string()),
        }
    }
    for (path, hash) in &listed {
        match on_disk.get(path) {
            None => problems.push(format!("{path}: missing (the manifest lists it)")),
            Some(b) if &sha256_hex(b) != hash => problems.push(format!(
                "{path}: changed since it was sealed (its SHA-256 differs)"
            )),
            Some(_) => {}
        }
    }
    for path in on_disk.keys().filter(|p| !listed.contains_key(*p)) {
        problems.push(format!(
            "{path}: added after sealing (the manifest does not list it)"
        ));
    }
    Ok(BundleCheck {
        header,
        files: listed.len(),
        manifest_sha256: recorded,
        problems,
        change_log_row: None,
    })
}
