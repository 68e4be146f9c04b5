//! The change log as a tamper-evident chain (`MIGRATION_14`): every row is written
//! here, hashed with the row before it; long text changes are stored as the edit
//! alone; and the chain can be read back and verified.
//!
//! A row's hash is SHA-256 over the previous row's hash and every field of the row
//! (each as its length and bytes, so no two rows encode alike). `audit_head` keeps the
//! newest row's id and hash.

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use super::{Result, Store};

/// Text changes longer than this (old and new together, in bytes) are stored as the
/// edit alone, referring to the row that holds the old value.
pub const COMPACT_OVER: usize = 512;

/// How many edits may follow one another before a whole copy is stored again (so
/// reading a value back never replays more than this).
pub const MAX_DEPTH: i64 = 64;

/// One change-log row as stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogRow {
    pub id: i64,
    pub at: String,
    pub os_user: String,
    pub attendee: Option<String>,
    pub tbl: String,
    pub row_id: i64,
    pub col: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub old_ref: Option<i64>,
    pub new_diff: Option<String>,
    pub new_hash: Option<Vec<u8>>,
    pub depth: i64,
    pub prev_hash: Option<Vec<u8>>,
    pub hash: Option<Vec<u8>>,
}

/// The columns read for a [`LogRow`], in order.
pub const LOG_COLUMNS: &str = "id, at, os_user, attendee, tbl, row_id, col, old_value, new_value, old_ref, new_diff, new_hash, depth, prev_hash, hash";

/// Map a row selected with [`LOG_COLUMNS`].
pub fn log_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LogRow> {
    Ok(LogRow {
        id: r.get(0)?,
        at: r.get(1)?,
        os_user: r.get(2)?,
        attendee: r.get(3)?,
        tbl: r.get(4)?,
        row_id: r.get(5)?,
        col: r.get(6)?,
        old_value: r.get(7)?,
        new_value: r.get(8)?,
        old_ref: r.get(9)?,
        new_diff: r.get(10)?,
        new_hash: r.get(11)?,
        depth: r.get(12)?,
        prev_hash: r.get(13)?,
        hash: r.get(14)?,
    })
}

fn field(h: &mut Sha256, v: Option<&[u8]>) {
    match v {
        None => h.update(u64::MAX.to_le_bytes()),
        Some(b) => {
            h.update((b.len() as u64).to_le_bytes());
            h.update(b);
        }
    }
}

/// The hash of `row` chained to `prev` (the previous row's hash; none for the first).
pub fn row_hash(prev: Option<&[u8]>, row: &LogRow) -> Vec<u8> {
    let mut h = Sha256::new();
    field(&mut h, prev);
    field(&mut h, Some(&row.id.to_le_bytes()));
    for s in [&row.at, &row.os_user] {
        field(&mut h, Some(s.as_bytes()));
    }
    field(&mut h, row.attendee.as_deref().map(str::as_bytes));
    field(&mut h, Some(row.tbl.as_bytes()));
    field(&mut h, Some(&row.row_id.to_le_bytes()));
    field(&mut h, Some(row.col.as_bytes()));
    field(&mut h, row.old_value.as_deref().map(str::as_bytes));
    field(&mut h, row.new_value.as_deref().map(str::as_bytes));
    field(
        &mut h,
        row.old_ref.map(i64::to_le_bytes).as_ref().map(|b| &b[..]),
    );
    field(&mut h, row.new_diff.as_deref().map(str::as_bytes));
    field(&mut h, row.new_hash.as_deref());
    field(&mut h, Some(&row.depth.to_le_bytes()));
    h.finalize().to_vec()
}

/// SHA-256 of a text.
pub fn text_hash(s: &str) -> Vec<u8> {
    Sha256::digest(s.as_bytes()).to_vec()
}

/// The edit that turns `old` into `new`: `prefix bytes,suffix bytes,inserted text`
/// (the bytes kept from the start and the end, and what stands between them).
pub fn diff(old: &str, new: &str) -> String {
    let mut p = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(p) || !new.is_char_boundary(p) {
        p -= 1;
    }
    let room = old.len().min(new.len()) - p;
    let mut q = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - q) || !new.is_char_boundary(new.len() - q) {
        q -= 1;
    }
    format!("{p},{q},{}", &new[p..new.len() - q])
}

/// Apply an edit made by [`diff`] to `old`; `None` when it does not fit.
pub fn apply(old: &str, edit: &str) -> Option<String> {
    let mut parts = edit.splitn(3, ',');
    let p: usize = parts.next()?.parse().ok()?;
    let q: usize = parts.next()?.parse().ok()?;
    let mid = parts.next()?;
    if p + q > old.len() || !old.is_char_boundary(p) || !old.is_char_boundary(old.len() - q) {
        return None;
    }
    Some(format!("{}{mid}{}", &old[..p], &old[old.len() - q..]))
}

/// A row's stored new value, edit, old value and old-value reference.
type Stored = (Option<String>, Option<String>, Option<String>, Option<i64>);

/// The newest earlier row of a field: id, value hash, whole value, depth.
type Previous = (i64, Option<Vec<u8>>, Option<String>, i64);

/// The whole value a row's change left (its new value), replaying edits back to the
/// nearest whole copy. `None` for a NULL value or a chain that does not resolve.
pub fn value_after(conn: &Connection, id: i64) -> Result<Option<String>> {
    let mut edits = vec![];
    let mut at = id;
    let base: Option<String> = loop {
        let row: Option<Stored> = conn
            .prepare_cached(
                "SELECT new_value, new_diff, old_value, old_ref FROM change_log WHERE id = ?1",
            )?
            .query_row([at], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((new, edit, old, old_ref)) = row else {
            return Ok(None);
        };
        match (new, edit) {
            (Some(v), _) if edits.is_empty() => return Ok(Some(v)),
            (Some(v), _) => break Some(v),
            (None, None) if edits.is_empty() => return Ok(None),
            (None, None) => break None,
            (None, Some(e)) => {
                edits.push(e);
                match (old, old_ref) {
                    (Some(o), _) => break Some(o),
                    (None, Some(r)) if edits.len() as i64 <= MAX_DEPTH + 1 => at = r,
                    _ => return Ok(None),
                }
            }
        }
    };
    let mut v = base.unwrap_or_default();
    for e in edits.iter().rev() {
        match apply(&v, e) {
            Some(n) => v = n,
            None => return Ok(None),
        }
    }
    Ok(Some(v))
}

impl Store {
    /// Append one row to the change log, chained to the one before; a long text
    /// change is stored as its edit (see the module documentation).
    pub(super) fn append_log(
        &self,
        tbl: &str,
        row_id: i64,
        col: &str,
        old: Option<String>,
        new: Option<String>,
    ) -> Result<()> {
        self.atomic(|s| {
            let mut row = LogRow {
                at: crate::domain::clock::stamp(s.now()),
                os_user: s.actor().to_string(),
                attendee: s.attendee().map(str::to_string),
                tbl: tbl.to_string(),
                row_id,
                col: col.to_string(),
                old_value: old,
                new_value: new,
                ..LogRow::default()
            };
            s.compact(&mut row)?;
            // Chained from the head the log recorded, not from whatever row is last
            // now: rows removed from the end stay a gap that `audit verify` names, and
            // their ids are never given again. A head that is missing stays missing.
            let recorded: Option<(i64, Vec<u8>)> = s
                .conn
                .prepare_cached("SELECT last_id, last_hash FROM audit_head WHERE id = 1")?
                .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let last: Option<(i64, Option<Vec<u8>>)> = s
                .conn
                .prepare_cached("SELECT id, hash FROM change_log ORDER BY id DESC LIMIT 1")?
                .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let keep_head = recorded.is_some() || last.is_none();
            let (prev_id, prev_hash) = match (recorded, last) {
                (Some((hid, hh)), Some((lid, _))) => (hid.max(lid), Some(hh)),
                (Some((hid, hh)), None) => (hid, Some(hh)),
                (None, Some((lid, lh))) => (lid, lh),
                (None, None) => (0, None),
            };
            row.id = prev_id + 1;
            row.prev_hash = prev_hash;
            row.hash = Some(row_hash(row.prev_hash.as_deref(), &row));
            s.conn
                .prepare_cached(
                    "INSERT INTO change_log (id, at, os_user, attendee, tbl, row_id, col, old_value,
                        new_value, old_ref, new_diff, new_hash, depth, prev_hash, hash)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                )?
                .execute(params![
                    row.id,
                    row.at,
                    row.os_user,
                    row.attendee,
                    row.tbl,
                    row.row_id,
                    row.col,
                    row.old_value,
                    row.new_value,
                    row.old_ref,
                    row.new_diff,
                    row.new_hash,
                    row.depth,
                    row.prev_hash,
                    row.hash
                ])?;
            if keep_head {
                set_head(&s.conn, row.id, row.hash.as_deref().unwrap_or_default())?;
            }
            Ok(())
        })
    }

    /// Store a long text change as its edit: the old value by reference to the row
    /// that left it (when that row's value hash matches), the new as a [`diff`].
    fn compact(&self, row: &mut LogRow) -> Result<()> {
        let (Some(old), Some(new)) = (&row.old_value, &row.new_value) else {
            return Ok(());
        };
        if old.len() + new.len() <= COMPACT_OVER {
            return Ok(());
        }
        let prev: Option<Previous> = self
            .conn
            .prepare_cached(
                "SELECT id, new_hash, new_value, depth FROM change_log
                 WHERE tbl = ?1 AND row_id = ?2 AND col = ?3 ORDER BY id DESC LIMIT 1",
            )?
            .query_row(params![row.tbl, row.row_id, row.col], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let old_hash = text_hash(old);
        let edit = diff(old, new);
        row.new_hash = Some(text_hash(new));
        match prev {
            Some((id, h, v, depth))
                if h.as_deref() == Some(&old_hash[..]) || v.as_deref() == Some(old.as_str()) =>
            {
                row.old_ref = Some(id);
                row.old_value = None;
                if depth < MAX_DEPTH && edit.len() < new.len() {
                    row.depth = depth + 1;
                    row.new_diff = Some(edit);
                    row.new_value = None;
                }
            }
            _ => {
                // The old value is not in the log yet: kept whole this once.
                if edit.len() < new.len() {
                    row.depth = 1;
                    row.new_diff = Some(edit);
                    row.new_value = None;
                }
            }
        }
        Ok(())
    }
}

fn set_head(conn: &Connection, id: i64, hash: &[u8]) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, ?1, ?2)
         ON CONFLICT(id) DO UPDATE SET last_id = ?1, last_hash = ?2",
    )?
    .execute(params![id, hash])?;
    Ok(())
}

/// Hash every row not yet sealed (those written before `MIGRATION_14`), in id order,
/// chained to the rows before them. Run inside the migration's transaction.
pub fn seal_unsealed(conn: &Connection) -> Result<()> {
    let rows: Vec<LogRow> = conn
        .prepare(&format!("SELECT {LOG_COLUMNS} FROM change_log ORDER BY id"))?
        .query_map([], log_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut prev: Option<Vec<u8>> = None;
    let mut last = None;
    for mut row in rows {
        if row.hash.is_none() {
            row.prev_hash = prev.clone();
            let h = row_hash(prev.as_deref(), &row);
            conn.prepare_cached("UPDATE change_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3")?
                .execute(params![row.prev_hash, h, row.id])?;
            row.hash = Some(h);
        }
        prev = row.hash.clone();
        last = Some(row.id);
    }
    if let (Some(id), Some(h)) = (last, prev) {
        set_head(conn, id, &h)?;
    }
    Ok(())
}

/// Rewrite the chain from the first row on (after retention removed rows): every
/// row hashed again in id order. The caller has lifted the update trigger.
pub fn reseal_all(conn: &Connection) -> Result<()> {
    conn.execute_batch("UPDATE change_log SET hash = NULL, prev_hash = NULL")?;
    conn.execute_batch("DELETE FROM audit_head")?;
    seal_unsealed(conn)
}

/// The change log's guards as `MIGRATION_1` and `MIGRATION_14` leave them.
const TRIGGERS: &str = r#"
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
WHEN OLD.hash IS NOT NULL OR NEW.hash IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.os_user IS NOT OLD.os_user
  OR NEW.tbl IS NOT OLD.tbl OR NEW.row_id IS NOT OLD.row_id OR NEW.col IS NOT OLD.col
  OR NEW.old_value IS NOT OLD.old_value OR NEW.new_value IS NOT OLD.new_value
  OR NEW.attendee IS NOT OLD.attendee OR NEW.old_ref IS NOT OLD.old_ref
  OR NEW.new_diff IS NOT OLD.new_diff OR NEW.new_hash IS NOT OLD.new_hash
  OR NEW.depth IS NOT OLD.depth
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
"#;

/// Retention only: remove the change-log rows about the given rows (table name and
/// ids), then hash the whole chain again and put the guards back. Returns how many
/// rows went. Run inside the purge's transaction; the purge then logs itself.
pub fn remove_rows(conn: &Connection, rows: &[(&str, &[i64])]) -> Result<usize> {
    conn.execute_batch("DROP TRIGGER change_log_no_update; DROP TRIGGER change_log_no_delete;")?;
    let mut removed = 0;
    for (tbl, ids) in rows {
        let ids = serde_json::to_string(ids).map_err(|e| super::StoreError::Rule(e.to_string()))?;
        removed += conn
            .prepare_cached(
                "DELETE FROM change_log WHERE tbl = ?1 AND row_id IN (SELECT value FROM json_each(?2))",
            )?
            .execute(params![tbl, ids])?;
    }
    reseal_all(conn)?;
    conn.execute_batch(TRIGGERS)?;
    Ok(removed)
}

/// What `audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every row chained; `rows` rows, the newest `last_id` with hash `head` (hex).
    Intact {
        rows: usize,
        last_id: i64,
        head: String,
    },
    /// The first row where the chain breaks, and what is wrong there.
    Broken { id: i64, problem: String },
}

/// Bytes as lowercase hex (a hash as the change log and its readers write it).
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Walk the whole change log in id order and check every link (see [`Verdict`]).
pub fn verify(conn: &Connection) -> Result<Verdict> {
    let mut st = conn.prepare(&format!("SELECT {LOG_COLUMNS} FROM change_log ORDER BY id"))?;
    let mut rows = st.query_map([], log_row)?;
    let mut prev: Option<LogRow> = None;
    let mut n = 0usize;
    while let Some(row) = rows.next().transpose()? {
        n += 1;
        let broken = |problem: String| {
            Ok(Verdict::Broken {
                id: row.id,
                problem,
            })
        };
        let Some(hash) = row.hash.as_deref() else {
            return broken("it has no hash: written outside Roundtable".into());
        };
        let expected_prev = prev.as_ref().and_then(|p| p.hash.clone());
        if row.prev_hash != expected_prev {
            let after = prev
                .as_ref()
                .map_or("the start".to_string(), |p| format!("row {}", p.id));
            let gap = prev.as_ref().map_or(row.id > 1, |p| row.id > p.id + 1);
            return broken(if gap {
                format!("rows between {after} and it were removed, or it was inserted out of order")
            } else {
                format!(
                    "it does not follow {after}: inserted out of order, or {after} was replaced"
                )
            });
        }
        if row_hash(row.prev_hash.as_deref(), &row) != hash {
            return broken("it was changed after it was written".into());
        }
        prev = Some(row);
    }
    let head: Option<(i64, Vec<u8>)> = conn
        .query_row(
            "SELECT last_id, last_hash FROM audit_head WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let last = prev
        .as_ref()
        .map(|p| (p.id, p.hash.clone().unwrap_or_default()));
    match (head, last) {
        (None, None) => Ok(Verdict::Intact {
            rows: 0,
            last_id: 0,
            head: String::new(),
        }),
        (Some((hid, hh)), Some((lid, lh))) if hid == lid && hh == lh => Ok(Verdict::Intact {
            rows: n,
            last_id: lid,
            head: hex(&lh),
        }),
        (Some((hid, _)), Some((lid, _))) if hid > lid => Ok(Verdict::Broken {
            id: lid + 1,
            problem: format!("rows {} to {hid} were removed from the end", lid + 1),
        }),
        (Some((hid, _)), None) => Ok(Verdict::Broken {
            id: 1,
            problem: format!("every row (1 to {hid}) was removed"),
        }),
        (_, Some((lid, _))) => Ok(Verdict::Broken {
            id: lid,
            problem: "the newest row does not match the recorded head of the chain".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_round_trip() {
        for (a, b) in [
            ("hello world", "hello brave world"),
            ("abc", ""),
            ("", "xyz"),
            ("same", "same"),
            ("Zoë café", "Zoé café"),
            ("aaaa", "aa"),
            ("🙂🙂", "🙂x🙂"),
        ] {
            let d = diff(a, b);
            assert_eq!(apply(a, &d).as_deref(), Some(b), "{a:?} -> {b:?} via {d:?}");
        }
        assert_eq!(diff("one two three", "one 2 three"), "4,6,2");
        assert!(apply("ab", "5,0,x").is_none());
    }
}
