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
pub mod offence;
pub mod onward;
pub mod referral;

use std::cell::{Cell, RefCell};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::{FromSql, Type};
use rusqlite::Row;

/// The first ten characters of a stored date (`YYYY-MM-DD`, or a time that starts
/// with one), parsed.
/// A date, or the local date of a stored instant (see [`crate::domain::clock::stored_date`]).
fn parse_date(s: &str) -> Option<NaiveDate> {
    crate::domain::clock::stored_date(s)
}

/// A row read by column name, as the mappers read it.
///
/// Every value is found by its column's name. Each name is looked for first just
/// after the column the previous one was found in, then anywhere: a mapper reading
/// its own select list in order finds each column at the first try. (`Row::get`
/// by name searches from the first column every time; with a referral's 43 columns
/// that made reopening a meeting half as slow again.)
pub(crate) struct ByName<'a, 'r> {
    row: &'a Row<'r>,
    next: Cell<usize>,
    memo: Option<&'a Memo>,
    step: Cell<usize>,
}

/// Where a mapper found its columns in one statement, in the order it asked for
/// them: found by name on the first row and kept for the rest, so each further row
/// of a long query is read by position (asking SQLite for column names cost more
/// than the values). A position is used only for the same name asked at the same
/// step; anything else is found by name again. One memo serves one statement.
#[derive(Debug, Default)]
pub struct Memo(RefCell<Vec<(&'static str, usize)>>);

impl<'a, 'r> ByName<'a, 'r> {
    pub(crate) fn new(row: &'a Row<'r>) -> Self {
        ByName {
            row,
            next: Cell::new(0),
            memo: None,
            step: Cell::new(0),
        }
    }

    /// A row of a statement whose column positions `memo` keeps.
    pub(crate) fn with_memo(row: &'a Row<'r>, memo: &'a Memo) -> Self {
        ByName {
            memo: Some(memo),
            ..ByName::new(row)
        }
    }

    /// The index of column `col`. Errors: no column of that name.
    pub(crate) fn index(&self, col: &'static str) -> rusqlite::Result<usize> {
        let step = self.step.get();
        self.step.set(step + 1);
        if let Some(memo) = self.memo {
            if let Some(&(name, i)) = memo.0.borrow().get(step) {
                if name == col {
                    self.next.set(i + 1);
                    return Ok(i);
                }
            }
        }
        let st = self.row.as_ref();
        let at = self.next.get();
        let i = match st.column_name(at) {
            Ok(n) if n.eq_ignore_ascii_case(col) => at,
            _ => st.column_index(col)?,
        };
        self.next.set(i + 1);
        if let Some(memo) = self.memo {
            let mut kept = memo.0.borrow_mut();
            if kept.len() == step {
                kept.push((col, i));
            }
        }
        Ok(i)
    }

    /// Column `col`. Errors: no such column, or a value of another type.
    pub(crate) fn get<T: FromSql>(&self, col: &'static str) -> rusqlite::Result<T> {
        self.row.get(self.index(col)?)
    }

    /// A column that must hold a date. Errors: the column is missing, NULL or not
    /// a date.
    pub(crate) fn date(&self, col: &'static str) -> rusqlite::Result<NaiveDate> {
        date_at(self.row, self.index(col)?, col)
    }

    /// A nullable date column; a value that is not a date counts as none.
    pub(crate) fn opt_date(&self, col: &'static str) -> rusqlite::Result<Option<NaiveDate>> {
        opt_date_at(self.row, self.index(col)?)
    }

    /// A nullable instant column (either stored form, see
    /// [`crate::domain::clock::parse_stamp`]); a value that is not one counts as none.
    pub(crate) fn opt_time(&self, col: &'static str) -> rusqlite::Result<Option<DateTime<Utc>>> {
        let v: Option<String> = self.get(col)?;
        Ok(v.as_deref().and_then(crate::domain::clock::parse_stamp))
    }

    /// A coded column (`status`, `role`, ...): `None` when NULL or a code this build
    /// does not know (the schema's CHECK constraints allow only known ones).
    pub(crate) fn code<T>(
        &self,
        col: &'static str,
        from_code: fn(&str) -> Option<T>,
    ) -> rusqlite::Result<Option<T>> {
        code_at(self.row, self.index(col)?, from_code)
    }
}

/// Column `i` (named `col`, for the error), which must hold a date. Errors: NULL,
/// or not a date.
pub(crate) fn date_at(r: &Row<'_>, i: usize, col: &str) -> rusqlite::Result<NaiveDate> {
    let v = r.get_ref(i)?;
    let text = v.as_str()?;
    parse_date(text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            Type::Text,
            format!("{col}: '{text}' is not a date YYYY-MM-DD").into(),
        )
    })
}

/// Nullable date column `i`; a value that is not a date counts as none.
pub(crate) fn opt_date_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(r.get_ref(i)?.as_str_or_null()?.and_then(parse_date))
}

/// Coded column `i`: `None` when NULL or a code this build does not know.
pub(crate) fn code_at<T>(
    r: &Row<'_>,
    i: usize,
    from_code: fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    Ok(r.get_ref(i)?.as_str_or_null()?.and_then(from_code))
}

/// Column `col` of what a query adds beside a mapped row (`ag.code AS agency_code`).
/// Those come after the row's columns, so it is looked for from the last column
/// back. Errors: no such column, or a value of another type.
pub(crate) fn extra<T: FromSql>(r: &Row<'_>, col: &str) -> rusqlite::Result<T> {
    let st = r.as_ref();
    for i in (0..st.column_count()).rev() {
        if st.column_name(i).is_ok_and(|n| n.eq_ignore_ascii_case(col)) {
            return r.get(i);
        }
    }
    Err(rusqlite::Error::InvalidColumnName(col.to_string()))
}

/// A nullable date column added beside a mapped row (see [`extra`]); a value that
/// is not a date counts as none.
pub(crate) fn opt_date(r: &Row<'_>, col: &str) -> rusqlite::Result<Option<NaiveDate>> {
    let v: Option<String> = extra(r, col)?;
    Ok(v.as_deref().and_then(parse_date))
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

    #[test]
    fn a_missing_column_is_named_in_the_error() {
        let (_dir, s) = demo();
        let err = s
            .conn()
            .query_row(
                "SELECT ag.id AS id, ag.code AS code FROM agency ag",
                [],
                super::agency::from_row,
            )
            .expect_err("no name column");
        assert!(
            matches!(&err, rusqlite::Error::InvalidColumnName(c) if c == "name"),
            "{err}"
        );
    }

    #[test]
    fn rows_read_by_remembered_position_are_the_rows_read_by_name() {
        use super::{referral, Memo};
        let (_dir, s) = demo();
        let read = |memo: Option<&Memo>, extra_first: bool| {
            // The same columns in another place: an extra column first.
            let lead = if extra_first { "1 AS first, " } else { "" };
            let sql = format!(
                "SELECT {lead}{}, 'x' AS after FROM {} ORDER BY r.id",
                referral::COLUMNS,
                referral::FROM
            );
            let mut st = s.conn().prepare(&sql).expect("prepare");
            let rows: Vec<referral::Referral> = st
                .query_map([], |r| match memo {
                    Some(m) => referral::from_row_memo(r, m),
                    None => referral::from_row(r),
                })
                .expect("query")
                .map(|r| r.expect("row"))
                .collect();
            rows
        };
        let by_name = read(None, false);
        assert!(by_name.len() > 10);
        assert_eq!(read(Some(&Memo::default()), false), by_name);
        assert_eq!(read(Some(&Memo::default()), true), by_name);
    }
}
