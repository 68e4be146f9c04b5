//! Text tables for people: columns by display width, fitted to the terminal (free
//! text cut first), through the `comfy-table` crate.

/// Cells no wider than this (ids, dates, status, codes) are never cut short.
const SHORT_CELL: usize = 12;

/// Columns by display width (the `comfy-table` crate): two spaces between them, the
/// last not padded, a rule of dashes under the headers if `rule`. With `width`,
/// each row keeps to one line and the longest cells are cut short with `…`.
pub fn columns(headers: &[&str], rows: &[Vec<String>], rule: bool, width: Option<u16>) -> String {
    use comfy_table::{ContentArrangement, ContentLineStyle, LineStyle, Row, TableStyle};
    let mut t = comfy_table::Table::new();
    let mut style = TableStyle::new()
        .header_lines(ContentLineStyle::none().junction(' '))
        .content_lines(ContentLineStyle::none().junction(' '));
    if rule {
        style = style.header_separator(LineStyle::none().fill('-').junction(' '));
    }
    t.load_style(style);
    t.set_truncation_indicator("…");
    match width {
        Some(w) => {
            t.set_content_arrangement(ContentArrangement::Dynamic);
            t.set_width(w);
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    t.set_header(headers.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    for r in rows {
        let mut row = Row::from(r.clone());
        if width.is_some() {
            row.max_height(1);
        }
        t.add_row(row);
    }
    // Narrow terminals cut free text first: a column whose cells are all short (ids,
    // dates, status, codes) keeps its whole width, and a longer one (a name, an action)
    // never narrows below its header, so a header never wraps.
    let fixed: Vec<bool> = (0..headers.len())
        .map(|i| {
            let longest = rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| unicode_width::UnicodeWidthStr::width(c.as_str()))
                .chain(std::iter::once(unicode_width::UnicodeWidthStr::width(
                    headers[i],
                )))
                .max()
                .unwrap_or(0);
            longest <= SHORT_CELL
        })
        .collect();
    for (i, c) in t.column_iter_mut().enumerate() {
        c.set_padding((0, 1));
        if width.is_some() {
            let header = unicode_width::UnicodeWidthStr::width(headers[i]) as u16 + 1;
            c.set_constraint(if fixed[i] {
                comfy_table::ColumnConstraint::ContentWidth
            } else {
                comfy_table::ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(header))
            });
        }
    }
    let mut out = String::new();
    for (i, line) in t.lines().enumerate() {
        let mut l = line.trim_end().to_string();
        if rule && i == 1 {
            // The rule runs under each column's text only, as wide as it.
            l = l.replace("- ", "  ");
            l.pop();
            l.truncate(l.trim_end().len());
        }
        out.push_str(&l);
        out.push('\n');
    }
    out
}
