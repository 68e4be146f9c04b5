//! The database's links between tables (its foreign keys), read from the schema
//! itself so that nothing that follows a link can miss one added later: rows whose
//! link points at nothing (`PRAGMA foreign_key_check`, for `audit verify` and the
//! meeting loader), and the rows that point at a given set (for `purge`).

use rusqlite::{Connection, OptionalExtension};

use super::Result;

/// One foreign key: `child.column` holds the id of a row of `parent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub child: String,
    pub column: String,
    pub parent: String,
    /// `NOT NULL`: the child row cannot be kept without its parent.
    pub required: bool,
}

/// Every foreign key in the schema, by child table and column.
pub fn links(conn: &Connection) -> Result<Vec<Link>> {
    let mut st = conn.prepare_cached(
        "SELECT m.name AS child, f.\"from\" AS col, f.\"table\" AS parent, i.\"notnull\" AS nn
         FROM sqlite_master m
         JOIN pragma_foreign_key_list(m.name) f
         JOIN pragma_table_info(m.name) i ON i.name = f.\"from\"
         WHERE m.type = 'table'
         ORDER BY m.name, f.\"from\"",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Link {
            child: r.get("child")?,
            column: r.get("col")?,
            parent: r.get("parent")?,
            required: r.get::<_, i64>("nn")? != 0,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A row whose link points at no row (deleted behind the program's back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orphan {
    pub table: String,
    pub rowid: i64,
    pub column: String,
    pub parent: String,
    /// The id it points at.
    pub points_at: Option<i64>,
}

impl std::fmt::Display for Orphan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.points_at {
            Some(id) => write!(
                f,
                "{} row {}: its {} {id} is missing",
                self.table, self.rowid, self.parent
            ),
            None => write!(
                f,
                "{} row {}: its {} is missing",
                self.table, self.rowid, self.parent
            ),
        }
    }
}

/// Double-quote an identifier read from the schema.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Every row whose link points at nothing (`PRAGMA foreign_key_check`), in table
/// and row order.
pub fn orphans(conn: &Connection) -> Result<Vec<Orphan>> {
    let found: Vec<(String, Option<i64>, String, i64)> = conn
        .prepare("PRAGMA foreign_key_check")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(found.len());
    for (table, rowid, parent, fk) in found {
        let column: String = conn
            .prepare_cached("SELECT \"from\" FROM pragma_foreign_key_list(?1) WHERE id = ?2")?
            .query_row(rusqlite::params![table, fk], |r| r.get(0))
            .optional()?
            .unwrap_or_default();
        let rowid = rowid.unwrap_or(0);
        let points_at: Option<i64> = if column.is_empty() {
            None
        } else {
            conn.query_row(
                &format!(
                    "SELECT {} FROM {} WHERE rowid = ?1",
                    ident(&column),
                    ident(&table)
                ),
                [rowid],
                |r| r.get(0),
            )
            .optional()?
            .flatten()
        };
        out.push(Orphan {
            table,
            rowid,
            column,
            parent,
            points_at,
        });
    }
    Ok(out)
}

/// The rows of `link.child` whose `link.column` is one of `ids`, by rowid.
pub fn pointing_at(conn: &Connection, link: &Link, ids: &[i64]) -> Result<Vec<i64>> {
    let ids = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let sql = format!(
        "SELECT rowid FROM {} WHERE {} IN (SELECT value FROM json_each(?1))",
        ident(&link.child),
        ident(&link.column)
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map([ids], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Clear `link.column` in the rows `rowids` of `link.child` (their parent is going).
pub fn unlink(conn: &Connection, link: &Link, rowids: &[i64]) -> Result<usize> {
    let ids = serde_json::to_string(rowids).unwrap_or_else(|_| "[]".into());
    let sql = format!(
        "UPDATE {} SET {} = NULL WHERE rowid IN (SELECT value FROM json_each(?1))",
        ident(&link.child),
        ident(&link.column)
    );
    Ok(conn.prepare_cached(&sql)?.execute([ids])?)
}

/// Delete the rows `rowids` of `table`.
pub fn delete(conn: &Connection, table: &str, rowids: &[i64]) -> Result<usize> {
    let ids = serde_json::to_string(rowids).unwrap_or_else(|_| "[]".into());
    let sql = format!(
        "DELETE FROM {} WHERE rowid IN (SELECT value FROM json_each(?1))",
        ident(table)
    );
    Ok(conn.prepare_cached(&sql)?.execute([ids])?)
}

/// Referrals the case history still points at but that are gone from the record
/// (deleted outside Roundtable): their ids, from the case discussions that name them.
/// Cheap enough for the meeting screen's start (two index scans, ids in order), so a
/// meeting not yet started can say what it cannot show.
pub fn missing_referrals(conn: &Connection) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached(
        // By the discussions' referral index against the referrals' keys: about 10 ms
        // warm at county scale (87,000 discussions), half the row-by-row lookup.
        "SELECT referral_id FROM case_discussion EXCEPT SELECT id FROM referral",
    )?;
    let ids = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(ids)
}
