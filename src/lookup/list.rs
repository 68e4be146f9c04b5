//! Long lists written straight to their output: `roundtable actions` into a pipe or
//! a file as a readable table, the same text as [`actions::plain_table`]`(rows)`
//! unfitted, with overdue rows in red when asked, but with each cell cleaned once
//! into one buffer and each line written as it is made (no table of cells, no copy
//! of the whole text). At a million actions an agency's overdue list is some 16,000
//! rows. (On a terminal the table is fitted to its width instead; CSV goes through
//! the `csv` crate, see [`actions::csv_table`].)

use std::io::{self, Write};

use chrono::NaiveDate;

use super::actions::{self, PrintedAction};
use unicode_width::UnicodeWidthStr;

use super::format::push_one_line;
use super::listed::Listed;

/// The readable table's headers (as [`actions::plain_table`]).
pub const HEADERS: [&str; 8] = [
    "ID", "Due", "Status", "Agency", "Case", "Subject", "Meeting", "Action",
];

/// One cell in the buffer: byte range and display width in columns.
#[derive(Clone, Copy, Default)]
struct Span {
    start: u32,
    end: u32,
    width: u32,
}

/// Write `rows` as the readable table with its summary line (`today` for the
/// count line; overdue rows in red when `colour`). Errors: the writer's.
pub fn write_actions(
    out: &mut impl Write,
    rows: &[PrintedAction],
    today: NaiveDate,
    colour: bool,
) -> io::Result<()> {
    let mut buf = TableBuf::new(&HEADERS);
    for a in rows {
        let l = Listed::of(a);
        buf.push_row(|o, i| l.cell(o, i), colour && a.overdue);
    }
    buf.write(out, &HEADERS)?;
    writeln!(out, "{}", actions::summary_line(rows, today))
}

/// Write `rows` as a readable table under `headers`, the same text as a
/// [`super::format::Table`] of the same cells printed unfitted
/// ([`super::format::Table::plain_fitted`]`(None)`): columns by display width, two
/// spaces between them, the last not padded, a rule of dashes under the headers.
/// `cell(out, row, i)` appends column `i` of `row` as it is (cleaned here, once, into
/// one line); a row for which `red(row)` holds is wrapped in the program's red. The
/// one table writer of `actions`, one panel's and the workspace's (issue 23).
/// Errors: the writer's.
pub fn write_table<R>(
    out: &mut impl Write,
    headers: &[&str],
    rows: &[R],
    cell: impl Fn(&mut String, &R, usize),
    red: impl Fn(&R) -> bool,
) -> io::Result<()> {
    let mut buf = TableBuf::new(headers);
    for r in rows {
        buf.push_row(|o, i| cell(o, r, i), red(r));
    }
    buf.write(out, headers)
}

/// A readable table being made: each row's cells cleaned into one line, once, into
/// one buffer as the rows come (from a slice, or straight from a query's rows:
/// [`super::listed::table`]), the columns' widths kept; then [`TableBuf::write`].
pub struct TableBuf {
    n: usize,
    text: String,
    spans: Vec<Span>,
    widths: Vec<usize>,
    red: Vec<bool>,
    raw: String,
}

impl TableBuf {
    /// An empty table under `headers`.
    pub fn new(headers: &[&str]) -> TableBuf {
        TableBuf {
            n: headers.len(),
            text: String::new(),
            spans: vec![],
            widths: headers.iter().map(|h| h.width()).collect(),
            red: vec![],
            raw: String::new(),
        }
    }

    /// Add a row: `cell(out, i)` appends column `i` as it is; `red` wraps the row in
    /// the program's red.
    pub fn push_row(&mut self, cell: impl Fn(&mut String, usize), red: bool) {
        for (i, w) in self.widths.iter_mut().enumerate() {
            self.raw.clear();
            cell(&mut self.raw, i);
            let start = self.text.len();
            let width = push_one_line(&mut self.text, &self.raw);
            *w = (*w).max(width);
            self.spans.push(Span {
                start: start as u32,
                end: self.text.len() as u32,
                width: width as u32,
            });
        }
        self.red.push(red);
    }

    /// How many rows it has.
    pub fn rows(&self) -> usize {
        self.red.len()
    }

    /// Write the table: `headers` (those it was made with), the rule, the rows, each
    /// line as it is made. Errors: the writer's.
    pub fn write(&self, out: &mut impl Write, headers: &[&str]) -> io::Result<()> {
        let n = self.n;
        let widths = &self.widths;
        let mut line = String::new();
        let mut put = |cells: &mut dyn Iterator<Item = (&str, usize)>, red: bool| {
            line.clear();
            if red {
                line.push_str("\u{1b}[31m");
            }
            let body = line.len();
            for (i, (v, w)) in cells.enumerate() {
                line.push_str(v);
                if i + 1 < n {
                    line.extend(std::iter::repeat_n(' ', widths[i] - w + 2));
                }
            }
            let kept = body + line[body..].trim_end().len();
            line.truncate(kept);
            if red {
                line.push_str("\u{1b}[0m");
            }
            line.push('\n');
            out.write_all(line.as_bytes())
        };
        put(&mut headers.iter().map(|h| (*h, h.width())), false)?;
        let rules: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        put(
            &mut rules
                .iter()
                .zip(widths.iter())
                .map(|(r, w)| (r.as_str(), *w)),
            false,
        )?;
        if n == 0 {
            return Ok(());
        }
        for (red, row) in self.red.iter().zip(self.spans.chunks_exact(n)) {
            let mut cells = row.iter().map(|s| {
                (
                    &self.text[s.start as usize..s.end as usize],
                    s.width as usize,
                )
            });
            put(&mut cells, *red)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(id: i64, description: &str, overdue: bool) -> PrintedAction {
        let due: NaiveDate = "2026-11-02".parse().expect("date");
        PrintedAction {
            id,
            due_on: due,
            status: if id % 3 == 0 { "done" } else { "open" }.into(),
            overdue,
            days_overdue: overdue.then_some(20),
            agency_code: "YOS".into(),
            agency_name: "Youth Offending Service".into(),
            person: (id % 2 == 0).then(|| "Sam\tLee".to_string()),
            case_id: (id != 4).then_some(id * 10),
            subject: (id != 5).then(|| "Zoë  Ashby-Nkemelu".to_string()),
            meeting_date: Some(due),
            description: description.into(),
            volunteered_by: None,
            completed_on: (id % 3 == 0).then_some(due),
            completion_note: None,
            carried_from: None,
            carried_over: 0,
        }
    }

    /// The text `roundtable actions` printed before it wrote lists as it made them.
    fn reference(rows: &[PrintedAction], today: NaiveDate, colour: bool) -> String {
        let table = actions::plain_table(rows).plain();
        let mut text = String::new();
        for (i, line) in table.lines().enumerate() {
            let overdue = i >= 2 && rows.get(i - 2).is_some_and(|a| a.overdue);
            if colour && overdue {
                text.push_str(&format!("\u{1b}[31m{line}\u{1b}[0m\n"));
            } else {
                text.push_str(line);
                text.push('\n');
            }
        }
        text.push_str(&actions::summary_line(rows, today));
        text.push('\n');
        text
    }

    #[test]
    fn the_same_text_as_the_table_it_replaces() {
        let today: NaiveDate = "2026-11-22".parse().expect("date");
        let rows = vec![
            action(1, "Home visit\nwith  mother", true),
            action(2, "", false),
            action(3, " leading and trailing ", false),
            action(4, "red \u{1b}[31mtext\u{1b}[0m and a\u{7} bell", true),
            action(5, "日本語 wide letters", false),
            action(123_456, "long id", true),
            action(7, "=cmd|' /C calc'!A0, \"quoted\"", false),
        ];
        for colour in [false, true] {
            let mut out = vec![];
            write_actions(&mut out, &rows, today, colour).expect("written");
            let got = String::from_utf8(out).expect("utf-8");
            assert_eq!(got, reference(&rows, today, colour), "colour {colour}");
        }
        let mut out = vec![];
        write_actions(&mut out, &rows[..1], today, false).expect("written");
        assert!(String::from_utf8(out)
            .expect("utf-8")
            .contains("OVERDUE 20d"));
    }
}
