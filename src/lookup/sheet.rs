//! Spreadsheets (`--xlsx FILE`) and the protective marking in CSV.
//!
//! A spreadsheet program reads our CSV as it guesses (ward `0042` becomes 42, a date-like
//! note becomes a date, the formula guard shows as `'`); an `.xlsx` file says what each
//! cell is. People's text ([`Cell::User`]) is always a text cell, formatted as text, and
//! never a formula. A value the program made ([`Cell::Plain`]) is typed by its form: an
//! ISO date `YYYY-MM-DD` is a date cell (shown `yyyy-mm-dd`), a whole number without a
//! leading zero a number, `true`/`false` a boolean, anything else text. The protective
//! marking is in every printed page's header and footer (section 9: every document
//! carries the marking).

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

use super::format::{clean, Cell, Table};
use super::{LookupError, Result};

/// The heading of the column that carries the protective marking in every CSV row.
pub const MARKING_COLUMN: &str = "marking";

/// The panel's protective marking (never blank; `RESTRICTED` when the database holds
/// no panel yet). Errors: a database that cannot be read.
pub fn marking(conn: &Connection) -> Result<String> {
    match super::panel::load_panel(conn, None) {
        Ok(p) => Ok(p.marking().to_string()),
        Err(LookupError::NotFound(_)) => Ok("RESTRICTED".into()),
        Err(e) => Err(e),
    }
}

impl Table {
    /// This table with a last column, [`MARKING_COLUMN`], holding `marking` in every row:
    /// the marking travels with each row a machine reads, and the file stays RFC 4180
    /// (one header row, the same number of fields in every record).
    pub fn marked(mut self, marking: &str) -> Table {
        self.headers.push(MARKING_COLUMN);
        for r in &mut self.rows {
            r.push(Cell::Plain(clean(marking)));
        }
        self
    }
}

/// What a [`Cell::Plain`] holds, read from its form.
#[derive(Debug, Clone, PartialEq)]
enum Typed<'a> {
    Date(NaiveDate),
    Number(f64),
    Bool(bool),
    Text(&'a str),
}

fn typed(s: &str) -> Typed<'_> {
    if s.len() == 10 {
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Typed::Date(d);
        }
    }
    let digits = s.strip_prefix('-').unwrap_or(s);
    let whole = !digits.is_empty()
        && digits.len() <= 15
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    if whole {
        if let Ok(n) = s.parse::<i64>() {
            // At most 15 digits: exact in an f64, as a spreadsheet keeps it.
            return Typed::Number(n as f64);
        }
    }
    match s {
        "true" => Typed::Bool(true),
        "false" => Typed::Bool(false),
        _ => Typed::Text(s),
    }
}

/// Text for a page header or footer: `&` starts a code there, so it is doubled.
fn header_text(marking: &str) -> String {
    format!("&C{}", clean(marking).replace('&', "&&"))
}

fn xlsx_err(e: XlsxError) -> LookupError {
    LookupError::Io(format!("writing the spreadsheet: {e}"))
}

/// A one-sheet workbook, as the bytes of an `.xlsx` file: `sheet` names the sheet (at
/// most 31 characters, none of `[]:*?/\`), `headers` are the bold first row (frozen, with
/// a filter), each of `rows` a row of typed cells (see the module notes), `marking` in
/// the centre of every page's header and footer. Errors: [`LookupError::Io`] when the
/// workbook cannot be made (a sheet name or cell the format does not allow).
pub fn xlsx(
    sheet: &str,
    marking: &str,
    headers: &[&str],
    rows: impl Iterator<Item = Vec<Cell>>,
) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(xlsx_err)?;
    ws.set_header(header_text(marking));
    ws.set_footer(header_text(marking));
    let bold = Format::new().set_bold().set_align(FormatAlign::Top);
    let text = Format::new()
        .set_num_format("@")
        .set_align(FormatAlign::Top);
    let date = Format::new()
        .set_num_format("yyyy-mm-dd")
        .set_align(FormatAlign::Top);
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, col(c)?, *h, &bold)
            .map_err(xlsx_err)?;
    }
    let mut last_row = 0u32;
    for (r, cells) in rows.enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| too_many())?;
        last_row = r;
        for (c, cell) in cells.iter().enumerate() {
            let c = col(c)?;
            match cell {
                Cell::User(s) => {
                    ws.write_string_with_format(r, c, clean(s), &text)
                        .map_err(xlsx_err)?;
                }
                Cell::Plain(s) => match typed(s) {
                    Typed::Date(d) => {
                        let d = excel_date(d)?;
                        ws.write_datetime_with_format(r, c, &d, &date)
                            .map_err(xlsx_err)?;
                    }
                    Typed::Number(n) => {
                        ws.write_number(r, c, n).map_err(xlsx_err)?;
                    }
                    Typed::Bool(b) => {
                        ws.write_boolean(r, c, b).map_err(xlsx_err)?;
                    }
                    Typed::Text("") => {}
                    Typed::Text(t) => {
                        ws.write_string_with_format(r, c, clean(t), &text)
                            .map_err(xlsx_err)?;
                    }
                },
            }
        }
    }
    if !headers.is_empty() {
        ws.set_freeze_panes(1, 0).map_err(xlsx_err)?;
        ws.autofilter(0, 0, last_row, col(headers.len() - 1)?)
            .map_err(xlsx_err)?;
    }
    ws.autofit();
    book.save_to_buffer().map_err(xlsx_err)
}

/// [`xlsx`] for a whole [`Table`].
pub fn table_xlsx(sheet: &str, marking: &str, table: &Table) -> Result<Vec<u8>> {
    xlsx(sheet, marking, &table.headers, table.rows.iter().cloned())
}

fn too_many() -> LookupError {
    LookupError::Invalid("too many rows or columns for a spreadsheet".into())
}

fn col(c: usize) -> Result<u16> {
    u16::try_from(c).map_err(|_| too_many())
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime> {
    let y = u16::try_from(d.year()).map_err(|_| too_many())?;
    // Month and day are 1..=12 and 1..=31.
    ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).map_err(xlsx_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_cells_are_typed_by_their_form_and_leading_zeros_stay_text() {
        assert_eq!(
            typed("2025-03-04"),
            Typed::Date(NaiveDate::from_ymd_opt(2025, 3, 4).unwrap())
        );
        assert_eq!(typed("42"), Typed::Number(42.0));
        assert_eq!(typed("-3"), Typed::Number(-3.0));
        assert_eq!(typed("0"), Typed::Number(0.0));
        assert_eq!(typed("0042"), Typed::Text("0042"));
        assert_eq!(typed("true"), Typed::Bool(true));
        assert_eq!(typed("<5"), Typed::Text("<5"));
        assert_eq!(typed("2025-13-04"), Typed::Text("2025-13-04"));
        assert_eq!(typed("1234567890123456"), Typed::Text("1234567890123456"));
    }

    #[test]
    fn an_ampersand_in_the_marking_is_not_a_header_code() {
        assert_eq!(header_text("R&D ONLY"), "&CR&&D ONLY");
    }

    #[test]
    fn marked_adds_a_last_column_to_every_row() {
        let mut t = Table::new(&["a"]);
        t.push(vec![super::super::format::user("x")]);
        let t = t.marked("OFFICIAL-SENSITIVE");
        assert_eq!(t.headers, vec!["a", "marking"]);
        assert_eq!(t.rows[0][1].text(), "OFFICIAL-SENSITIVE");
    }
}
