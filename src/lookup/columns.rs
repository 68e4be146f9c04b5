//! Text tables for people: columns by display width, fitted to the terminal, through
//! the `comfy-table` crate. The column policy for every table (the lookups' and the
//! commands' lists alike) is here:
//!
//! - an id, a date, a status, a code, a count is never cut;
//! - free text (a name, a post, a venue, an action, a note: see [`free_text`]) is
//!   cut first, with `…`, using the whole width the terminal has, and never narrower
//!   than its header, so no header wraps;
//! - a table that cannot fit even so (its uncut columns alone are wider than the
//!   terminal) is printed as one block of `HEADER  value` lines a row, so nothing
//!   that must stay whole is cut and no line is wider than the terminal.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A column with cells longer than this holds sentences or full names, whatever its
/// header: it may be cut. Codes, statuses, ids and dates are all shorter.
const LONG_CELL: usize = 30;

/// The headers of free-text columns (any case): the people, places and words typed
/// in, which a narrow terminal cuts first.
const FREE_TEXT: &[&str] = &[
    "name",
    "post",
    "subject",
    "action",
    "venue",
    "description",
    "note",
    "reasons",
    "where",
    "contact",
    "intervention",
    "agencies attending",
    "apologies from",
    "change",
];

/// Whether the column under `header` holding `cells` is free text, which may be cut.
fn free_text(header: &str, cells: &[&str]) -> bool {
    let h = header.trim().to_lowercase();
    FREE_TEXT.contains(&h.as_str()) || cells.iter().any(|c| c.width() > LONG_CELL)
}

/// Two spaces between columns.
const GAP: usize = 2;

/// Columns by display width (the `comfy-table` crate): two spaces between them, the
/// last not padded, a rule of dashes under the headers if `rule`. With `width`,
/// each row keeps to one line by the column policy above.
pub fn columns(headers: &[&str], rows: &[Vec<String>], rule: bool, width: Option<u16>) -> String {
    let natural: Vec<usize> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.width())
                .chain(std::iter::once(headers[i].width()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let Some(width) = width.map(usize::from) else {
        return render(headers, rows, rule);
    };
    match fit(headers, rows, &natural, width) {
        Some(widths) => {
            let cut: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    r.iter()
                        .enumerate()
                        .map(|(i, c)| cut_to(c, widths.get(i).copied().unwrap_or(usize::MAX)))
                        .collect()
                })
                .collect();
            render(headers, &cut, rule)
        }
        None => records(headers, rows, width),
    }
}

/// Each column's width within `width`: uncut columns at their natural width, free
/// text sharing the rest (the narrow ones whole, the rest evenly), none under its
/// header. `None` when that cannot fit.
fn fit(
    headers: &[&str],
    rows: &[Vec<String>],
    natural: &[usize],
    width: usize,
) -> Option<Vec<usize>> {
    let gaps = GAP * headers.len().saturating_sub(1);
    if natural.iter().sum::<usize>() + gaps <= width {
        return Some(natural.to_vec());
    }
    let free: Vec<bool> = (0..headers.len())
        .map(|i| {
            let cells: Vec<&str> = rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(String::as_str)
                .collect();
            free_text(headers[i], &cells)
        })
        .collect();
    let mut widths = natural.to_vec();
    let fixed: usize = (0..headers.len())
        .filter(|&i| !free[i])
        .map(|i| natural[i])
        .sum();
    let mut room = width.checked_sub(fixed + gaps)?;
    // Each free column gets its header's width first (no header wraps), then what
    // is left is shared, narrowest first: a column takes its natural width if that
    // is no more than an even share of what remains, else the share.
    let mut open: Vec<usize> = (0..headers.len()).filter(|&i| free[i]).collect();
    let floor = |i: usize| headers[i].width().max(2).min(natural[i].max(2));
    let floors: usize = open.iter().map(|&i| floor(i)).sum();
    room = room.checked_sub(floors)?;
    open.sort_by_key(|&i| natural[i].saturating_sub(floor(i)));
    let mut left = open.len();
    for &i in &open {
        let want = natural[i].saturating_sub(floor(i));
        let give = want.min(room / left);
        widths[i] = floor(i) + give;
        room -= give;
        left -= 1;
    }
    Some(widths)
}

/// `s` no wider than `w` columns: cut with `…` when longer.
fn cut_to(s: &str, w: usize) -> String {
    if s.width() <= w {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out.push('…');
    out
}

/// The rows as blocks of `HEADER  value` lines, a blank line between rows: for a
/// table whose uncut columns are wider than the terminal. Free text is cut to the
/// width; nothing else is.
fn records(headers: &[&str], rows: &[Vec<String>], width: usize) -> String {
    let label = headers.iter().map(|h| h.width()).max().unwrap_or(0);
    let mut out = String::new();
    for (n, r) in rows.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        for (i, h) in headers.iter().enumerate() {
            let cell = r.get(i).map(String::as_str).unwrap_or("");
            if cell.is_empty() {
                continue;
            }
            let room = width.saturating_sub(label + GAP).max(8);
            let v = if free_text(h, &[cell]) {
                cut_to(cell, room)
            } else {
                cell.to_string()
            };
            let pad = label - h.width();
            out.push_str(&format!("{h}{}{v}\n", " ".repeat(pad + GAP)));
        }
    }
    out
}

/// The table as it is (nothing cut): comfy-table lays it out.
fn render(headers: &[&str], rows: &[Vec<String>], rule: bool) -> String {
    use comfy_table::{ContentArrangement, ContentLineStyle, LineStyle, Row, TableStyle};
    let mut t = comfy_table::Table::new();
    let mut style = TableStyle::new()
        .header_lines(ContentLineStyle::none().junction(' '))
        .content_lines(ContentLineStyle::none().junction(' '));
    if rule {
        style = style.header_separator(LineStyle::none().fill('-').junction(' '));
    }
    t.load_style(style);
    t.set_content_arrangement(ContentArrangement::Disabled);
    t.set_header(headers.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    for r in rows {
        t.add_row(Row::from(r.clone()));
    }
    for c in t.column_iter_mut() {
        c.set_padding((0, 1));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(v: &[&[&str]]) -> Vec<Vec<String>> {
        v.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn cut_keeps_to_the_width_by_display_columns() {
        assert_eq!(cut_to("Share the record", 10), "Share the…");
        assert_eq!(cut_to("short", 10), "short");
        assert_eq!(cut_to("王秀英王秀英", 5), "王秀…");
    }

    /// A status or role is never cut; the name is, into the whole width left.
    #[test]
    fn status_and_role_stay_whole_and_free_text_uses_the_width() {
        let r = rows(&[
            &[
                "3",
                "Carys Rushbrooke-Whitfield",
                "Coordinator",
                "intelligence requested",
            ],
            &[
                "12",
                "Declan Arkwright-Pell",
                "MAPPA Coordinator",
                "on agenda",
            ],
        ]);
        let out = columns(&["ID", "NAME", "ROLE", "SCREENING"], &r, false, Some(60));
        for l in out.lines() {
            assert!(l.width() <= 60, "{l}\n{out}");
        }
        assert!(out.contains("intelligence requested"), "{out}");
        assert!(out.contains("MAPPA Coordinator"), "{out}");
        assert!(out.contains("Coordinator  "), "{out}");
        let first = out.lines().nth(1).unwrap();
        assert_eq!(first.width(), 60, "the width is used: {out}");
        assert!(first.contains('…'), "{out}");
    }

    /// Too many uncut columns for the width: one block a row, nothing cut.
    #[test]
    fn a_table_that_cannot_fit_prints_as_records() {
        let r = rows(&[&[
            "2026-12-09",
            "Wed",
            "10:00",
            "planned",
            "2026-11-18",
            "2026-12-02",
            "6",
            "Harrowfield Youth Offending Service, 12 Canal Street",
        ]]);
        let h = [
            "DATE",
            "DAY",
            "TIME",
            "STATE",
            "CUT-OFF",
            "AGENDA OUT",
            "REFERRALS",
            "VENUE",
        ];
        let out = columns(&h, &r, false, Some(60));
        for l in out.lines() {
            assert!(l.width() <= 60, "{l}\n{out}");
        }
        assert!(out.starts_with("DATE        2026-12-09\n"), "{out}");
        assert!(out.contains("AGENDA OUT  2026-12-02\n"), "{out}");
        assert!(out.contains("VENUE       Harrowfield Youth"), "{out}");
        // Wide enough: a table as before.
        let wide = columns(&h, &r, false, Some(200));
        assert_eq!(wide.lines().count(), 2, "{wide}");
    }
}
