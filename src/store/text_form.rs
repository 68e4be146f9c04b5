//! Names in one form (issue 18): every subject's name is stored in NFC, as
//! [`crate::domain::clean::clean`] leaves text at the door, and beside it in
//! `subject.name_key` as matched ([`crate::domain::names::name_key`]), so the same
//! child typed composed ("Zoë") and decomposed ("Zoe" + U+0308), in capitals or
//! without the accent is one person to intake, `case --find` and `actions --subject`.
//!
//! The key is a column the store writes with the name (a new subject, a name
//! corrected, the bulk load), not a SQL function or FTS5's `remove_diacritics`:
//! there is one folding function, in `domain`, for every match (SQLite's tokenizer
//! neither drops joiners nor reads `ø` as `o`), and a database stays writable by any
//! SQLite without a function of ours. The trigram index `subject_name` indexes the key.
//!
//! Upgrading (`MIGRATION_16`): after its SQL, in the same transaction, each name not in
//! NFC is written in NFC through [`Store::set_field`] (so the change log records the
//! change, appended to its chain; no row of it is rewritten), every key is filled,
//! and the index is made ([`schema::MIGRATION_16_INDEX`]). Subjects who are then
//! near-identical (the same key and date of birth: most likely one child entered
//! twice) are listed by [`Store::near_identical_subjects`] and named in one line
//! ([`Store::upgrade_notes`]) for the coordinator to join.

use rusqlite::params;

use super::intake::KnownSubject;
use super::schema;
use super::write::{text, Table};
use super::{Result, Store};
use crate::domain::names::name_key;

/// Subjects of one panel with the same folded name and date of birth.
pub type NearIdentical = Vec<KnownSubject>;

impl Store {
    /// Write subject `id`'s `name_key` from its stored name.
    pub(crate) fn refresh_name_key(&self, id: i64) -> Result<()> {
        let name: String = self
            .conn
            .prepare_cached("SELECT name FROM subject WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        self.conn
            .prepare_cached("UPDATE subject SET name_key = ?1 WHERE id = ?2")?
            .execute(params![name_key(&name), id])?;
        Ok(())
    }

    /// The step of `MIGRATION_16` after its SQL, inside its transaction: names in
    /// NFC (logged), keys filled, the index made; the upgrade's line, when there is
    /// something to say.
    pub(super) fn upgrade_names(&self) -> Result<Option<String>> {
        use unicode_normalization::UnicodeNormalization;
        let names: Vec<(i64, String)> = self
            .conn
            .prepare("SELECT id, name FROM subject ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut changed = 0;
        for (id, name) in names {
            if !unicode_normalization::is_nfc(&name) {
                let nfc: String = name.nfc().collect();
                self.set_field(Table::Subject, id, "name", text(nfc))?;
                changed += 1;
            }
            self.refresh_name_key(id)?;
        }
        self.conn.execute_batch(schema::MIGRATION_16_INDEX)?;
        let groups = self.near_identical_ids()?;
        if changed == 0 && groups.is_empty() {
            return Ok(None);
        }
        let plural = |n: usize, one: &str, many: &str| {
            if n == 1 {
                format!("{n} {one}")
            } else {
                format!("{n} {many}")
            }
        };
        let mut note = format!(
            "names written in one Unicode form (NFC): {} changed",
            plural(changed, "name", "names")
        );
        if !groups.is_empty() {
            let ids: Vec<String> = groups
                .iter()
                .map(|g| {
                    g.iter()
                        .map(|id| format!("#{id}"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                })
                .collect();
            note.push_str(&format!(
                "; {} with the same name and date of birth may be one person ({}): see `roundtable referral duplicates`",
                plural(groups.len(), "group of subjects", "groups of subjects"),
                ids.join(", ")
            ));
        }
        self.log_event(&note)?;
        Ok(Some(note))
    }

    /// What opening this database changed that its users should hear of (one line
    /// each), e.g. names written in one form and subjects who may be one person.
    pub fn upgrade_notes(&self) -> &[String] {
        &self.upgrade_notes
    }

    /// Subjects who may be one person entered twice: in the same panel, with the same
    /// name as matched (any Unicode form, case or accents) and the same known date of
    /// birth. Each group in id order; groups by name.
    pub fn near_identical_subjects(&self) -> Result<Vec<NearIdentical>> {
        self.near_identical_ids()?
            .into_iter()
            .map(|g| {
                g.into_iter()
                    .map(|id| self.known_subject(super::SubjectId(id)))
                    .collect()
            })
            .collect()
    }

    /// The ids of [`Store::near_identical_subjects`]' groups. It reads only columns
    /// that exist from schema 16 on, so the upgrade step of that schema can use it
    /// before later migrations have added theirs (a subject's kind, for example).
    fn near_identical_ids(&self) -> Result<Vec<Vec<i64>>> {
        type Row = (i64, (i64, String, String));
        let rows: Vec<Row> = self
            .conn
            .prepare_cached(
                "SELECT s.id, s.panel_id, s.name_key, s.date_of_birth FROM subject s
                 WHERE s.date_of_birth IS NOT NULL AND EXISTS (SELECT 1 FROM subject o
                     WHERE o.panel_id = s.panel_id AND o.name_key = s.name_key
                       AND o.date_of_birth = s.date_of_birth AND o.id <> s.id)
                 ORDER BY s.panel_id, s.name_key, s.date_of_birth, s.id",
            )?
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out: Vec<Vec<i64>> = vec![];
        let mut last = None;
        for (id, same) in rows {
            match out.last_mut() {
                Some(g) if last.as_ref() == Some(&same) => g.push(id),
                _ => {
                    out.push(vec![id]);
                    last = Some(same);
                }
            }
        }
        Ok(out)
    }
}
