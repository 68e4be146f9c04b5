//! The sealed meeting record written at `minutes approve --bundle DIR` (issue 28
//! item 3): the approved minutes (Markdown and HTML, under `minutes/`), the
//! attendance, decisions and actions as JSON, and `MANIFEST.txt` with every file's
//! SHA-256 and the change log's head at approval ([`crate::lookup::seal`]). Written
//! once, into a new or empty owner-only folder; the minutes files are the same bytes
//! `roundtable minutes` writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};
use serde_json::json;

use super::files::{create_private_dir, write_private};
use super::{write, Formats, Minutes};
use crate::lookup::case::decision_label;
use crate::lookup::seal::{hash_files, manifest, MANIFEST};
use crate::lookup::{LookupError, Result};

/// A bundle written: where, how many files the manifest lists, and its own hash.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Sealed {
    pub dir: PathBuf,
    pub files: usize,
    pub manifest_sha256: String,
}

/// Refuse a bundle folder that already holds anything (a sealed record is written
/// once): checked before the approval is recorded.
pub fn check_bundle_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        let empty = dir.is_dir()
            && std::fs::read_dir(dir)
                .map_err(|e| LookupError::Io(format!("{}: {e}", dir.display())))?
                .next()
                .is_none();
        if !empty {
            return Err(LookupError::Invalid(format!(
                "{} is not a new or empty folder: a sealed record is written once, into a folder of its own; nothing recorded",
                dir.display()
            )));
        }
    }
    Ok(())
}

/// The change log's head now: its newest row's id and hash (hex); none when empty.
pub fn audit_head(conn: &Connection) -> Result<Option<(i64, String)>> {
    let row: Option<(i64, Vec<u8>)> = conn
        .prepare_cached("SELECT last_id, last_hash FROM audit_head WHERE id = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.map(|(id, h): (i64, Vec<u8>)| (id, crate::store::audit::hex(&h))))
}

fn json_file(path: &Path, v: &serde_json::Value) -> Result<()> {
    let text = serde_json::to_string_pretty(v).map_err(|e| LookupError::Io(e.to_string()))?;
    write_private(path, &format!("{text}\n"))
}

/// Write the sealed record of `m` (already approved) into `dir`, with `head` the
/// change log's head at approval.
pub fn write_bundle(
    m: &Minutes,
    dir: &Path,
    head: Option<(i64, String)>,
    force: bool,
) -> Result<Sealed> {
    check_bundle_dir(dir)?;
    create_private_dir(dir, force)?;
    write(m, &dir.join("minutes"), Formats::Both, force)?;
    let attendance =
        serde_json::to_value(&m.attendance).map_err(|e| LookupError::Io(e.to_string()))?;
    json_file(&dir.join("attendance.json"), &attendance)?;
    let pw = &m.panel.paperwork;
    let decisions: Vec<serde_json::Value> = m
        .cases
        .iter()
        .map(|c| {
            json!({
                "case_id": c.case_id,
                "agenda_item": c.agenda_item,
                "item_title": c.item_title,
                "decision": c.decision,
                "decision_label": c.decision.as_deref().map(|d| decision_label(pw, d)),
                "decision_reasons": c.decision_reasons,
                "risk_before": c.risk_before,
                "risk_after": c.risk_after,
                "lead_agency": c.lead_agency,
                "lead_changed_from": c.lead_changed_from,
                "key_worker": c.key_worker,
                "next_date": c.next_date,
                "closure_reason": c.closure_reason,
                "onward_referrals": c.onward_referrals,
            })
        })
        .collect();
    json_file(&dir.join("decisions.json"), &json!(decisions))?;
    let actions: Vec<serde_json::Value> = m
        .cases
        .iter()
        .map(|c| {
            json!({
                "case_id": c.case_id,
                "agreed": c.actions_agreed,
                "reviewed": c.actions_reviewed,
            })
        })
        .collect();
    json_file(&dir.join("actions.json"), &json!(actions))?;
    let files: BTreeMap<String, String> = hash_files(dir)?;
    let date = m.meeting.date.format("%Y-%m-%d");
    let header = vec![
        format!("panel: {} ({})", m.panel.name, m.panel.short_name),
        match &m.meeting.start_time {
            Some(t) => format!("meeting: {date} {t}"),
            None => format!("meeting: {date}"),
        },
        format!("marking: {}", m.panel.marking()),
        format!("status: {}", m.status()),
        match head {
            Some((id, h)) => format!("audit-head: {id} {h}"),
            None => "audit-head: none (the change log is empty)".to_string(),
        },
    ];
    let (text, own) = manifest(&header, &files);
    write_private(&dir.join(MANIFEST), &text)?;
    Ok(Sealed {
        dir: dir.to_path_buf(),
        files: files.len(),
        manifest_sha256: own,
    })
}
