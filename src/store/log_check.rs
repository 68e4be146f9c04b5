//! Do the rows agree with the change log? Every change the program makes is written
//! to its row and logged in one transaction, so the newest logged value of a field is
//! the value in the row, unless the row is gone. A write-ahead log replayed over an
//! older copy of the file (a backup copied back by hand after a crash) can bring the
//! log's pages up to date while a row's page stays old: the row then disagrees with
//! its own newest change. Used before a log the bytes could not tie to its file may
//! be written into it (see `open.rs`).

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use super::audit::text_hash;
use super::write::Table;
use super::Result;

/// How many of the newest change-log rows are compared with their rows: the changes
/// made just before a crash, where a stale copy and its log part.
pub(crate) const TAIL: i64 = 400;

/// The first field among the newest [`TAIL`] changes whose row disagrees with its
/// newest logged value, as "action 32 due_on", or `None` when every one agrees.
/// Only columns the program writes through its whitelist are compared (never a
/// link column, which retention clears without a log row).
pub(crate) fn disagreement(conn: &Connection) -> Result<Option<String>> {
    let mut st = conn.prepare(
        "SELECT tbl, row_id, col, new_value, new_hash FROM change_log
         WHERE col <> '*' ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = st.query_map([TAIL], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<Vec<u8>>>(4)?,
        ))
    })?;
    let mut seen = std::collections::HashSet::new();
    for row in rows {
        let (tbl, id, col, new_value, new_hash) = row?;
        if !seen.insert((tbl.clone(), id, col.clone())) {
            continue; // an older change of a field already compared
        }
        let Some(table) = Table::from_name(&tbl) else {
            continue;
        };
        // The column name put into SQL is the whitelist's, never the log's text.
        let Some(col) = table.editable().iter().find(|c| **c == col) else {
            continue;
        };
        if col.ends_with("_id") {
            continue;
        }
        let sql = format!("SELECT {col} FROM {} WHERE id = ?1", table.name());
        let current: Option<Value> = conn.query_row(&sql, [id], |r| r.get(0)).optional()?;
        let Some(current) = current else {
            continue; // the row was removed since (retention)
        };
        let text = match current {
            Value::Null => None,
            Value::Integer(i) => Some(i.to_string()),
            Value::Real(r) => Some(r.to_string()),
            Value::Text(s) => Some(s),
            Value::Blob(b) => Some(format!("<{} bytes>", b.len())),
        };
        let agrees = match (&new_hash, &new_value, &text) {
            (Some(h), _, Some(t)) => &text_hash(t) == h,
            (Some(_), _, None) => false,
            (None, v, t) => v == t,
        };
        if !agrees {
            return Ok(Some(format!("{} {id} {col}", table.name())));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_row_older_than_its_newest_logged_change_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("p.db");
        let mut store = Store::open(&db, None).unwrap();
        crate::demo::generate(
            &mut store,
            &crate::demo::DemoOptions {
                seed: 1,
                years: 1,
                scale: crate::demo::Scale::Small,
                as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            },
        )
        .unwrap();
        assert_eq!(
            disagreement(store.conn()).unwrap(),
            None,
            "a fresh record agrees"
        );
        store
            .set_field(Table::Meeting, 1, "venue", Value::Text("Room 2".into()))
            .unwrap();
        let long = "minutes ".repeat(200);
        store
            .set_field(Table::Meeting, 2, "venue", Value::Text(long.clone()))
            .unwrap();
        store
            .set_field(
                Table::Meeting,
                2,
                "venue",
                Value::Text(format!("{long}more")),
            )
            .unwrap();
        assert_eq!(
            disagreement(store.conn()).unwrap(),
            None,
            "logged as written"
        );
        // The row's page older than the log, as a stale replay leaves it.
        store
            .conn()
            .execute("UPDATE meeting SET venue = 'Old hall' WHERE id = 1", [])
            .unwrap();
        assert_eq!(
            disagreement(store.conn()).unwrap().as_deref(),
            Some("meeting 1 venue")
        );
        store
            .conn()
            .execute("UPDATE meeting SET venue = 'Room 2' WHERE id = 1", [])
            .unwrap();
        store
            .conn()
            .execute("UPDATE meeting SET venue = 'minutes' WHERE id = 2", [])
            .unwrap();
        assert_eq!(
            disagreement(store.conn()).unwrap().as_deref(),
            Some("meeting 2 venue"),
            "a long text compared by its hash"
        );
    }
}
