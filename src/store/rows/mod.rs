//! One mapper per table: the row types the meeting screens and the lookups share.
//!
//! Each module holds one table's row type, its select list `COLUMNS` (every column
//! under the name its mapper reads, written with `AS` so a join cannot change it),
//! `FROM` (the table, and any table those columns also come from, with the aliases
//! `COLUMNS` uses) and `from_row`, which reads the row by column name.
//!
//! A query that needs more than the row (an agency's code beside an action, a count)
//! adds it under a name of its own (`ag.code AS agency_code`) and reads that by name
//! too. Two mapped tables whose names clash (a case discussion and its referral both
//! have `id`) are read by two queries, not one join.
//!
//! Values are as stored: the lookups clean user text of control characters before it
//! reaches any output (see `crate::lookup::format::clean`).

pub mod action;
pub mod agency;
pub mod attendance;
pub mod case_discussion;
pub mod household;
pub mod intelligence;
pub mod intervention;
pub mod mappa_note;
pub mod meeting;
pub mod member;
pub mod onward;
pub mod referral;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::Type;
use rusqlite::Row;

/// The first ten characters of a stored date (`YYYY-MM-DD`, or a time that starts
/// with one), parsed.
fn parse_date(s: &str) -> Option<NaiveDate> {
    s.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// A column that must hold a date. Errors: the column is missing, NULL or not a date.
pub(crate) fn date(r: &Row<'_>, col: &str) -> rusqlite::Result<NaiveDate> {
    let v: String = r.get(col)?;
    parse_date(&v).ok_or_else(|| {
        let i = r.as_ref().column_index(col).unwrap_or(0);
        rusqlite::Error::FromSqlConversionFailure(
            i,
            Type::Text,
            format!("{col}: '{v}' is not a date YYYY-MM-DD").into(),
        )
    })
}

/// A nullable date column; a value that is not a date counts as none.
pub(crate) fn opt_date(r: &Row<'_>, col: &str) -> rusqlite::Result<Option<NaiveDate>> {
    let v: Option<String> = r.get(col)?;
    Ok(v.as_deref().and_then(parse_date))
}

/// A nullable time column (`YYYY-MM-DD HH:MM:SS`); a value that is not one counts as none.
pub(crate) fn opt_time(r: &Row<'_>, col: &str) -> rusqlite::Result<Option<NaiveDateTime>> {
    let v: Option<String> = r.get(col)?;
    Ok(v.and_then(|s| NaiveDateTime::parse_from_str(&s, "%Y-%m-%d %H:%M:%S").ok()))
}

/// A coded column (`status`, `role`, ...): `None` when NULL or a code this build
/// does not know (the schema's CHECK constraints allow only known ones).
pub(crate) fn code<T>(
    r: &Row<'_>,
    col: &str,
    from_code: fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    let v: Option<String> = r.get(col)?;
    Ok(v.as_deref().and_then(from_code))
}

#[cfg(test)]
mod tests {
    //! Every mapper reads every row of its table in a demo database: its select
    //! list and the names it reads agree with each other and with the schema.

    use crate::demo::{generate, DemoOptions, Scale};
    use crate::store::Store;

    fn demo() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(&dir.path().join("rows.db"), None).expect("open");
        generate(
            &mut store,
            &DemoOptions {
                seed: 1,
                years: 1,
                scale: Scale::Small,
                as_of: "2026-11-22".parse().expect("date"),
            },
        )
        .expect("demo data");
        (dir, store)
    }

    /// Map every row `SELECT columns FROM from` gives with `map`; the number mapped.
    fn map_all<T>(
        store: &Store,
        columns: &str,
        from: &str,
        map: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> usize {
        let sql = format!("SELECT {columns} FROM {from}");
        let mut st = store
            .conn()
            .prepare(&sql)
            .expect("select list and FROM agree");
        let rows = st.query_map([], map).expect("query");
        let mut n = 0;
        for r in rows {
            r.expect("mapper reads its own columns");
            n += 1;
        }
        n
    }

    fn count(store: &Store, table: &str) -> usize {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let n: i64 = store
            .conn()
            .query_row(&sql, [], |r| r.get(0))
            .expect("count");
        n as usize
    }

    #[test]
    fn every_mapper_reads_every_row_of_its_table() {
        let (_dir, s) = demo();
        use super::*;
        let checks: Vec<(&str, usize)> = vec![
            (
                "agency",
                map_all(&s, agency::COLUMNS, agency::FROM, agency::from_row),
            ),
            (
                "member",
                map_all(&s, member::COLUMNS, member::FROM, member::from_row),
            ),
            (
                "meeting",
                map_all(&s, meeting::COLUMNS, meeting::FROM, meeting::from_row),
            ),
            (
                "attendance",
                map_all(
                    &s,
                    attendance::COLUMNS,
                    attendance::FROM,
                    attendance::from_row,
                ),
            ),
            (
                "intelligence",
                map_all(
                    &s,
                    intelligence::COLUMNS,
                    intelligence::FROM,
                    intelligence::from_row,
                ),
            ),
            (
                "subject",
                map_all(
                    &s,
                    referral::SUBJECT_COLUMNS,
                    referral::SUBJECT_FROM,
                    referral::subject_from_row,
                ),
            ),
            (
                "referral",
                map_all(&s, referral::COLUMNS, referral::FROM, referral::from_row),
            ),
            (
                "household_member",
                map_all(&s, household::COLUMNS, household::FROM, household::from_row),
            ),
            (
                "case_discussion",
                map_all(
                    &s,
                    case_discussion::COLUMNS,
                    case_discussion::FROM,
                    case_discussion::from_row,
                ),
            ),
            (
                "onward_referral",
                map_all(&s, onward::COLUMNS, onward::FROM, onward::from_row),
            ),
            (
                "intervention",
                map_all(
                    &s,
                    intervention::COLUMNS,
                    intervention::FROM,
                    intervention::from_row,
                ),
            ),
            (
                "action",
                map_all(&s, action::COLUMNS, action::FROM, action::from_row),
            ),
            (
                "mappa_note",
                map_all(
                    &s,
                    mappa_note::COLUMNS,
                    mappa_note::FROM,
                    mappa_note::from_row,
                ),
            ),
        ];
        for (table, mapped) in checks {
            assert!(mapped > 0, "{table}: the demo has rows to map");
            assert_eq!(mapped, count(&s, table), "{table}: every row mapped once");
        }
    }

    #[test]
    fn a_referral_row_reads_by_name_whatever_the_order() {
        let (_dir, s) = demo();
        // The same columns, listed backwards: the mapper does not read by position.
        let backwards: Vec<&str> = super::referral::COLUMNS.split(", ").collect();
        let backwards: Vec<&str> = backwards.into_iter().rev().collect();
        let sql = format!(
            "SELECT {} FROM {} ORDER BY r.id LIMIT 1",
            backwards.join(", "),
            super::referral::FROM
        );
        let reversed = s
            .conn()
            .query_row(&sql, [], super::referral::from_row)
            .expect("reversed");
        let sql = format!(
            "SELECT {} FROM {} ORDER BY r.id LIMIT 1",
            super::referral::COLUMNS,
            super::referral::FROM
        );
        let plain = s
            .conn()
            .query_row(&sql, [], super::referral::from_row)
            .expect("plain");
        assert_eq!(reversed, plain);
    }
}
