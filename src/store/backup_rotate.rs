//! `roundtable backup --into DIR --keep N`: a scheduled backup (cron, a systemd
//! timer) writes a new, timestamped file into a folder and removes the oldest of its
//! own beyond the newest N. Only files named as this module names them are ever
//! removed (`STEM-YYYYMMDDTHHMMSSZ.db`, perhaps with `-2`... before `.db` for a second
//! backup in the same second); anything else in the folder is left alone.
//!
//! The copy itself is [`Store::backup_to`]: checked, owner-only, same encryption.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::backup::BackupMade;
use super::{Result, Store, StoreError};

/// A backup made into a folder, and what was pruned.
#[derive(Debug, Clone)]
pub struct Rotated {
    /// The new backup (checked, 0600).
    pub made: BackupMade,
    /// Older backups of this database removed (oldest first).
    pub removed: Vec<PathBuf>,
    /// Backups of this database in the folder now, the new one included.
    pub kept: usize,
}

/// The name of a backup of the database called `stem` taken at `at` (UTC, to the
/// second); `n` > 1 for a further backup in the same second.
pub fn backup_name(stem: &str, at: DateTime<Utc>, n: u32) -> String {
    let when = at.format("%Y%m%dT%H%M%SZ");
    if n > 1 {
        format!("{stem}-{when}-{n}.db")
    } else {
        format!("{stem}-{when}.db")
    }
}

/// If `name` is a backup of `stem` named by [`backup_name`]: its sort key
/// (timestamp text, sequence number).
pub fn parse_backup_name(stem: &str, name: &str) -> Option<(String, u32)> {
    let rest = name.strip_prefix(stem)?.strip_prefix('-')?;
    let rest = rest.strip_suffix(".db")?;
    let (when, n) = match rest.split_once('-') {
        Some((w, n)) => (w, n.parse::<u32>().ok().filter(|n| *n > 1)?),
        None => (rest, 1),
    };
    let b = when.as_bytes();
    let shape = b.len() == 16
        && b[8] == b'T'
        && b[15] == b'Z'
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[9..15].iter().all(u8::is_ascii_digit);
    shape.then(|| (when.to_string(), n))
}

/// The stem backups of `db` are named by: its file name without `.db` (else whole).
pub fn stem_of(db: &Path) -> String {
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "panel".into());
    name.strip_suffix(".db").unwrap_or(&name).to_string()
}

/// This database's backups in `dir`, oldest first.
pub fn backups_in(dir: &Path, stem: &str) -> Result<Vec<PathBuf>> {
    let mut found: Vec<((String, u32), PathBuf)> = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if !entry.file_type()?.is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(key) = parse_backup_name(stem, &name) {
            found.push((key, entry.path()));
        }
    }
    found.sort();
    Ok(found.into_iter().map(|(_, p)| p).collect())
}

impl Store {
    /// Back this database up into the folder `dir` (which must exist) under a
    /// timestamped name, then, when `keep` is given, remove the oldest of its backups
    /// there beyond the newest `keep`. Nothing is removed unless the new backup was
    /// made and checked. Errors: as [`Store::backup_to`]; `Rule` for a missing folder
    /// or `keep` of 0.
    pub fn backup_into(
        &self,
        dir: &Path,
        keep: Option<u32>,
        key: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Rotated> {
        if !dir.is_dir() {
            return Err(StoreError::Rule(format!(
                "{}: no such folder; make it first (owner-only: mkdir -m 700); nothing was written",
                dir.display()
            )));
        }
        if keep == Some(0) {
            return Err(StoreError::Rule(
                "--keep 0 would remove the backup just made: keep at least 1; nothing was written"
                    .into(),
            ));
        }
        let stem = stem_of(self.path());
        // After the last of this second's backups, even when older ones were pruned
        // (a name is never given again, so the newest always sorts last).
        let when = backup_name(&stem, now, 1);
        let when = parse_backup_name(&stem, &when).map(|(w, _)| w);
        let mut n = backups_in(dir, &stem)?
            .iter()
            .filter_map(|p| parse_backup_name(&stem, &p.file_name()?.to_string_lossy()))
            .filter(|(w, _)| Some(w) == when.as_ref())
            .map(|(_, n)| n + 1)
            .max()
            .unwrap_or(1);
        let out = loop {
            let p = dir.join(backup_name(&stem, now, n));
            if !p.exists() && !super::backup::with_suffix(&p, ".partial").exists() {
                break p;
            }
            n += 1;
        };
        let made = self.backup_to(&out, key)?;
        let all = backups_in(dir, &stem)?;
        let mut removed = Vec::new();
        if let Some(keep) = keep {
            let extra = all.len().saturating_sub(keep as usize);
            for old in all.iter().take(extra).filter(|p| **p != made.path) {
                fs::remove_file(old)?;
                removed.push(old.clone());
            }
        }
        Ok(Rotated {
            kept: all.len() - removed.len(),
            made,
            removed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("a test instant")
    }

    #[test]
    fn names_sort_by_time_and_read_back() {
        let a = backup_name("panel", at("2026-12-07T09:05:00Z"), 1);
        let b = backup_name("panel", at("2026-12-07T10:00:00Z"), 1);
        let b2 = backup_name("panel", at("2026-12-07T10:00:00Z"), 2);
        assert_eq!(a, "panel-20261207T090500Z.db");
        assert_eq!(b2, "panel-20261207T100000Z-2.db");
        let mut keys: Vec<_> = [&b2, &a, &b]
            .iter()
            .map(|n| parse_backup_name("panel", n).expect("ours"))
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            vec![
                ("20261207T090500Z".to_string(), 1),
                ("20261207T100000Z".to_string(), 1),
                ("20261207T100000Z".to_string(), 2)
            ]
        );
    }

    #[test]
    fn other_files_are_never_taken_for_backups() {
        for name in [
            "panel.db",
            "panel-20261207T090500Z.db.partial",
            "panel-20261207T0905Z.db",
            "panel-20261207T090500Z-1.db",
            "panel-20261207T090500Z-x.db",
            "magpan-20261207T090500Z.db",
            "panel-2026120xT090500Z.db",
            "notes.txt",
        ] {
            assert_eq!(parse_backup_name("panel", name), None, "{name}");
        }
        assert_eq!(stem_of(Path::new("/srv/rt/magpan.db")), "magpan");
        assert_eq!(stem_of(Path::new("/srv/rt/magpan")), "magpan");
    }
}
