//! The status sheet as a workbook, and a returned sheet read back: XLSX with
//! `calamine`, CSV with `csv`, both to the same rows of text by column name (an
//! agency may reorder columns or add its own; the marking column is ignored).

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use chrono::{Datelike, Duration, NaiveDate};
use rust_xlsxwriter::{DataValidation, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

use super::{FILL, HEADERS, STATUS_WORDS};
use crate::lookup::format::{clean, clean_owned, Cell};
use crate::lookup::{LookupError, Result};

fn xlsx_err(e: XlsxError) -> LookupError {
    LookupError::Io(format!("writing the status sheet: {e}"))
}

/// The sheet as a workbook: the marking in every page's header and footer and in a
/// last column; the header row bold and frozen; every cell text except the due date
/// (a date cell) and the numbers; the columns to fill shaded, the status column
/// offering [`STATUS_WORDS`].
///
/// The worksheet is written row by row (`rust_xlsxwriter`'s constant-memory mode:
/// each row's XML goes to a temporary file as soon as the row is done, its text
/// inline rather than in a shared-string table). That file is made in `tempdir` (the
/// folder the sheet is written into) with no name (it is gone when closed, a kill
/// included), so the sheet's text is never put anywhere the sheet itself is not.
pub fn xlsx(
    title: &str,
    marking: &str,
    tempdir: &Path,
    rows: impl Iterator<Item = Vec<Cell>>,
) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    // Deflate level 1, not 6: a county's sheet of 15,000 rows spent most of its
    // writing compressing (BENCHMARKS.md, issue 26); the file is a little larger.
    book.set_zip_compression_level(1);
    book.set_tempdir(tempdir).map_err(xlsx_err)?;
    let ws = book
        .add_worksheet_with_constant_memory()
        .map_err(xlsx_err)?;
    let name: String = title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    ws.set_name(&name).map_err(xlsx_err)?;
    let header = format!("&C{}", clean(marking).replace('&', "&&"));
    ws.set_header(&header);
    ws.set_footer(&header);
    let bold = Format::new().set_bold().set_align(FormatAlign::Top);
    let text = Format::new()
        .set_num_format("@")
        .set_align(FormatAlign::Top);
    let fill = text.clone().set_background_color(0x00FF_F2CC);
    let date = Format::new()
        .set_num_format("yyyy-mm-dd")
        .set_align(FormatAlign::Top);
    // Everything about the columns before the first row is written.
    ws.set_freeze_panes(1, 0).map_err(xlsx_err)?;
    for (c, w) in [(3u16, 48.0), (9, 40.0), (7, 14.0), (8, 12.0)] {
        ws.set_column_width(c, w).map_err(xlsx_err)?;
    }
    let mut headers = HEADERS.to_vec();
    headers.push(crate::lookup::sheet::MARKING_COLUMN);
    // Each column's format set once: a cell written without one takes its column's
    // (looking a format up for every cell was a fifth of a county sheet's writing).
    // The columns to fill keep theirs on each cell, so only the sheet's rows are
    // shaded; the numbers keep none.
    for (c, h) in headers.iter().enumerate() {
        let c = col(c)?;
        ws.write_string_with_format(0, c, *h, &bold)
            .map_err(xlsx_err)?;
        match *h {
            "due_on" => ws.set_column_format(c, &date),
            "action_id" | "case_id" | "carried_over" => Ok(&mut *ws),
            h if FILL.contains(&h) => Ok(&mut *ws),
            _ => ws.set_column_format(c, &text),
        }
        .map_err(xlsx_err)?;
    }
    // What each column holds, once (not a name compared for every cell).
    #[derive(Clone, Copy)]
    enum Kind {
        Date,
        Number,
        Fill,
        Text,
    }
    let kinds: Vec<Kind> = headers
        .iter()
        .map(|h| match *h {
            "due_on" => Kind::Date,
            "action_id" | "case_id" | "carried_over" => Kind::Number,
            h if FILL.contains(&h) => Kind::Fill,
            _ => Kind::Text,
        })
        .collect();
    let mark = clean(marking);
    let mut last = 0u32;
    for (r, mut cells) in rows.enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| LookupError::Io("too many rows".into()))?;
        last = r;
        cells.push(Cell::Plain(mark.clone()));
        for (c, cell) in cells.into_iter().enumerate() {
            let kind = kinds.get(c).copied().unwrap_or(Kind::Text);
            let c = col(c)?;
            match (kind, cell) {
                (Kind::Date, Cell::Plain(s)) if s.len() == 10 => {
                    let d = super::ymd(&s)
                        .ok_or_else(|| LookupError::Io(format!("not a date: {s}")))?;
                    let year = u16::try_from(d.year()).unwrap_or(1900);
                    let d = ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
                        .map_err(xlsx_err)?;
                    ws.write_datetime(r, c, &d).map_err(xlsx_err)?;
                }
                (Kind::Number, Cell::Plain(s)) if !s.is_empty() => {
                    let n: f64 = s.parse().unwrap_or_default();
                    ws.write_number(r, c, n).map_err(xlsx_err)?;
                }
                (Kind::Number, _) => {
                    ws.write_blank(r, c, &text).map_err(xlsx_err)?;
                }
                // The cell's own text when there is nothing to clean: no copy.
                (Kind::Fill, Cell::User(s) | Cell::Plain(s)) => {
                    ws.write_string_with_format(r, c, clean_owned(s), &fill)
                        .map_err(xlsx_err)?;
                }
                (_, Cell::User(s) | Cell::Plain(s)) => {
                    ws.write_string(r, c, clean_owned(s)).map_err(xlsx_err)?;
                }
            }
        }
    }
    let status = col(HEADERS.iter().position(|h| *h == "status").unwrap_or(0))?;
    if last > 0 {
        let v = DataValidation::new()
            .allow_list_strings(STATUS_WORDS)
            .map_err(xlsx_err)?
            .set_input_message("done, not done or in progress; blank: nothing to report")
            .map_err(xlsx_err)?;
        ws.add_data_validation(1, status, last, status, &v)
            .map_err(xlsx_err)?;
    }
    book.save_to_buffer().map_err(xlsx_err)
}

fn col(c: usize) -> Result<u16> {
    u16::try_from(c).map_err(|_| LookupError::Io("too many columns".into()))
}

/// A returned sheet's rows: each a map from column name (lower case, trimmed) to its
/// text, with its row number in the file (the header is row 1).
#[derive(Debug, Clone, Default)]
pub struct ReadSheet {
    pub rows: Vec<(usize, HashMap<String, String>)>,
}

/// Read `path`: XLSX by its extension or its zip signature, else CSV. Errors: a file
/// that cannot be read, or that lacks a column the import needs.
pub fn read(path: &Path) -> Result<ReadSheet> {
    let bytes = std::fs::read(path)
        .map_err(|e| LookupError::Invalid(format!("{}: {e}", path.display())))?;
    let is_xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        || bytes.starts_with(b"PK\x03\x04");
    let grid = if is_xlsx {
        xlsx_grid(&bytes).map_err(|e| {
            LookupError::Invalid(format!("{}: not a readable workbook: {e}", path.display()))
        })?
    } else {
        csv_grid(&bytes).map_err(|e| {
            LookupError::Invalid(format!("{}: not a readable CSV file: {e}", path.display()))
        })?
    };
    by_name(grid).map_err(|m| LookupError::Invalid(format!("{}: {m}", path.display())))
}

fn by_name(grid: Vec<Vec<String>>) -> std::result::Result<ReadSheet, String> {
    let mut it = grid.into_iter().enumerate();
    let Some((_, header)) = it.next() else {
        return Err("the sheet is empty".into());
    };
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    let needed = ["action_id", "sheet", "database", "fingerprint", "agency"];
    let missing: Vec<&str> = needed
        .iter()
        .chain(FILL)
        .filter(|n| !names.iter().any(|h| h == *n))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "not a status sheet: no column {} (the sheet `roundtable actions request` wrote has them)",
            missing.join(", ")
        ));
    }
    let mut rows = vec![];
    for (i, r) in it {
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let map = names
            .iter()
            .zip(r)
            .filter(|(n, _)| !n.is_empty())
            .map(|(n, v)| (n.clone(), v))
            .collect();
        rows.push((i + 1, map));
    }
    Ok(ReadSheet { rows })
}

fn csv_grid(bytes: &[u8]) -> std::result::Result<Vec<Vec<String>>, String> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut out = vec![];
    for rec in r.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        out.push(rec.iter().map(str::to_string).collect());
    }
    Ok(out)
}

fn xlsx_grid(bytes: &[u8]) -> std::result::Result<Vec<Vec<String>>, String> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("no worksheet")?
        .map_err(|e| e.to_string())?;
    Ok(range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect())
}

/// A cell as text: a whole number without `.0`, a date as `YYYY-MM-DD`.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(t) => {
            // Days since 1899-12-30 (the 1900 system's day 0 as every program counts).
            let base = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
            let days = t.as_f64().floor() as i64;
            (base + Duration::days(days)).to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_with_a_column_missing_is_named_as_such() {
        let grid = vec![vec!["action_id".to_string(), "status".into()]];
        let e = by_name(grid).unwrap_err();
        assert!(
            e.contains("sheet, database, fingerprint, agency, done_on, note"),
            "{e}"
        );
    }

    #[test]
    fn columns_are_found_by_name_in_any_order_and_blank_rows_skipped() {
        let h: Vec<String> = [
            "NOTE",
            "status",
            "done_on",
            "agency",
            "fingerprint",
            "database",
            "sheet",
            "action_id",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let row: Vec<String> = ["ok", "done", "", "POL", "f", "d", "s", "4"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let s = by_name(vec![h, vec![String::new(); 8], row]).unwrap();
        assert_eq!(s.rows.len(), 1);
        assert_eq!(s.rows[0].0, 3, "the row number in the file");
        assert_eq!(s.rows[0].1["note"], "ok");
        assert_eq!(s.rows[0].1["action_id"], "4");
    }
}
