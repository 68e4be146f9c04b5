//! A small document model for exported pages (minutes), rendered to Markdown or
//! standalone HTML. All text in a page is escaped by the renderer, so a page
//! builder cannot forget to: a name like `<script>` shows as itself.

use std::fmt::Write as _;

use serde::Serialize;

use super::format::{html, md, md_multiline};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "body", rename_all = "snake_case")]
pub enum Block {
    /// A section heading.
    Heading(String),
    /// A smaller heading inside a section.
    Sub(String),
    /// A paragraph of (possibly multi-line) text.
    Para(String),
    /// Label: value pairs, one line each.
    Fields(Vec<(String, String)>),
    /// A table with a header row.
    Table(Vec<String>, Vec<Vec<String>>),
    /// A bulleted list of one-line items.
    List(Vec<String>),
    /// The panel's confidentiality statement.
    Statement(String),
}

/// One page: starts and ends with the protective marking. Printed, every sheet
/// carries the marking, the running line (panel and meeting), the case ID of a
/// case page and the status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct PrintedPage {
    pub marking: String,
    pub title: String,
    pub subtitle: String,
    pub blocks: Vec<Block>,
    /// The panel and the meeting (or period), on every printed page.
    pub running: String,
    /// The case this page is about: its ID is on every printed page.
    pub case_id: Option<i64>,
    /// `DRAFT`, or `APPROVED at the meeting on ...`.
    pub status: String,
}

pub fn markdown(p: &PrintedPage) -> String {
    let mut o = String::new();
    let marking = format!("**{}**", md(&p.marking));
    let _ = writeln!(o, "{marking}\n");
    let _ = writeln!(o, "# {}\n", md(&p.title));
    if !p.subtitle.is_empty() {
        let _ = writeln!(o, "{}\n", md(&p.subtitle));
    }
    if !p.status.is_empty() {
        let _ = writeln!(o, "**Status:** {}\n", md(&p.status));
    }
    for b in &p.blocks {
        match b {
            Block::Heading(t) => {
                let _ = writeln!(o, "## {}\n", md(t));
            }
            Block::Sub(t) => {
                let _ = writeln!(o, "### {}\n", md(t));
            }
            Block::Para(t) => {
                let _ = writeln!(o, "{}\n", md_multiline(t));
            }
            Block::Fields(f) => {
                for (k, v) in f {
                    let _ = writeln!(o, "- **{}:** {}", md(k), md(v));
                }
                o.push('\n');
            }
            Block::Table(h, rows) => {
                let head: Vec<String> = h.iter().map(|c| md(c)).collect();
                let _ = writeln!(o, "| {} |", head.join(" | "));
                let _ = writeln!(o, "|{}", "---|".repeat(h.len()));
                for r in rows {
                    let cells: Vec<String> = r
                        .iter()
                        .map(|c| if c.is_empty() { " ".into() } else { md(c) })
                        .collect();
                    let _ = writeln!(o, "| {} |", cells.join(" | "));
                }
                o.push('\n');
            }
            Block::List(items) => {
                for i in items {
                    let _ = writeln!(o, "- {}", md(i));
                }
                o.push('\n');
            }
            Block::Statement(t) => {
                let _ = writeln!(o, "## Confidentiality statement\n");
                for line in md_multiline(t).lines() {
                    if line.is_empty() {
                        let _ = writeln!(o, ">");
                    } else {
                        let _ = writeln!(o, "> {line}");
                    }
                }
                o.push('\n');
            }
        }
    }
    let _ = writeln!(o, "{marking}");
    o
}

/// The page's look; the paged-media rules (`@page` margin boxes with the marking,
/// the running line, the status and "Page N of M", a named page per case with its
/// ID) are in the template, which knows the document's text.
const CSS: &str = "body{font-family:Arial,Helvetica,sans-serif;font-size:11pt;line-height:1.4;\
max-width:52em;margin:1.5em auto;padding:0 1em;color:#000;background:#fff}\
.marking{text-align:center;font-weight:bold;letter-spacing:.15em;border:2px solid #000;\
padding:.2em;margin:.5em 0}\
.running{display:flex;justify-content:space-between;gap:1em;font-size:.8em;color:#222;\
border-bottom:1px solid #999;margin:0 0 .6em}.running .case,.running .status{font-weight:bold}\
h1{font-size:1.4em;margin:.6em 0 .2em}h2{font-size:1.15em;margin:1.2em 0 .4em;\
border-bottom:1px solid #999}h3{font-size:1em;margin:1em 0 .3em}\
h1,h2,h3{break-after:avoid;page-break-after:avoid;break-inside:avoid}\
.subtitle{color:#333;margin:0 0 1em}\
table{border-collapse:collapse;width:100%;margin:.4em 0 1em}\
th,td{border:1px solid #999;padding:.25em .4em;text-align:left;vertical-align:top}\
th{background:#eee}thead{display:table-header-group}tr,li,dt,dd{break-inside:avoid;page-break-inside:avoid}\
dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}\
dt{font-weight:bold;break-after:avoid}dd{margin:0}\
.date{white-space:nowrap}\
.statement{font-size:.85em;border-left:3px solid #999;padding-left:.8em;color:#222}\
.statement p{white-space:pre-wrap}\
table.sheet,table.sheet>*>tr>td{border:0;padding:0;margin:0}\
section.page+section.page{break-before:page;page-break-before:always}\
@media print{body{margin:0;max-width:none}section.page{break-inside:auto}.marking.end{display:none}}";

/// The template every printable document is written through (automatic HTML
/// escaping: it is an `.html` template).
const TEMPLATE: &str = include_str!("../../templates/document.html");

/// The `YYYY-MM-DD` dates in `s`, as byte ranges (not inside a longer run of
/// digits).
fn date_ranges(s: &str) -> Vec<std::ops::Range<usize>> {
    let b = s.as_bytes();
    if !b.contains(&b'-') {
        // No hyphen, no date: most text.
        return vec![];
    }
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|k| b.get(k).is_some_and(u8::is_ascii_digit));
    // A date's first hyphen is 4 bytes in: only there can one start (the same
    // starts, in order, as trying every byte; issue 24).
    b.iter()
        .enumerate()
        .filter(|&(j, &c)| c == b'-' && j >= 4)
        .map(|(j, _)| j - 4)
        .filter(|&i| {
            i + 10 <= b.len()
                && digits(i..i + 4)
                && b[i + 4] == b'-'
                && digits(i + 5..i + 7)
                && b[i + 7] == b'-'
                && digits(i + 8..i + 10)
                && (i == 0 || !b[i - 1].is_ascii_digit())
                && !b.get(i + 10).is_some_and(u8::is_ascii_digit)
        })
        .map(|i| i..i + 10)
        .collect()
}

/// Escape for HTML, then keep each `YYYY-MM-DD` date whole on a line.
fn dates_html(s: &str) -> String {
    let e = html(s);
    let dates = date_ranges(&e);
    if dates.is_empty() {
        // Most text has no date: kept as escaped, not copied again.
        return e;
    }
    let mut out = String::with_capacity(e.len() + 16);
    let mut at = 0;
    for r in dates {
        out.push_str(&e[at..r.start]);
        out.push_str("<span class=\"date\">");
        out.push_str(&e[r.clone()]);
        out.push_str("</span>");
        at = r.end;
    }
    out.push_str(&e[at..]);
    out
}

/// A CSS string literal (with its quotes) for a margin box: anything but letters,
/// digits and plain punctuation as a CSS escape, so no text can end the string
/// or the style sheet. A margin box has no markup to keep a date whole, so the
/// hyphens of each `YYYY-MM-DD` date are non-breaking hyphens (U+2011): the
/// running header never ends a line at "2026-".
fn css_string(s: &str) -> String {
    let line = super::format::one_line(s);
    let dates = date_ranges(&line);
    let mut out = String::from("\"");
    for (i, c) in line.char_indices() {
        if c == '-' && dates.iter().any(|r| r.contains(&i)) {
            out.push_str("\\2011 ");
        } else if c.is_alphanumeric() && c.is_ascii() || " .,:-()'/".contains(c) {
            out.push(c);
        } else {
            let _ = write!(out, "\\{:x} ", u32::from(c));
        }
    }
    out.push('"');
    out
}

/// The pages as one document prints them: a confidentiality statement already
/// stated on an earlier page is not repeated (a combined document states it
/// once, on the first page that has it).
fn statement_once(pages: &[PrintedPage]) -> Vec<PrintedPage> {
    let mut seen: Vec<&str> = vec![];
    let mut out = Vec::with_capacity(pages.len());
    for p in pages {
        let mut p2 = p.clone();
        p2.blocks
            .retain(|b| !matches!(b, Block::Statement(t) if seen.contains(&t.as_str())));
        for b in &p.blocks {
            if let Block::Statement(t) = b {
                seen.push(t);
            }
        }
        out.push(p2);
    }
    out
}

/// The template's environment, made and the template parsed once per process: the
/// minutes write one document per case, and parsing the template for each was a
/// tenth of their work at county scale (issue 24).
static ENVIRONMENT: std::sync::LazyLock<minijinja::Environment<'static>> =
    std::sync::LazyLock::new(environment);

fn environment() -> minijinja::Environment<'static> {
    use minijinja::Value;
    let mut env = minijinja::Environment::new();
    env.add_filter("dates", |s: String| Value::from_safe_string(dates_html(&s)));
    env.add_filter("lines", |s: String| {
        Value::from_safe_string(dates_html(s.trim()).replace('\n', "<br>\n"))
    });
    env.add_filter("css", |s: String| Value::from_safe_string(css_string(&s)));
    env.add_filter("paragraphs", |s: String| {
        s.trim()
            .split("\n\n")
            .map(|p| p.trim_matches('\n').to_string())
            .collect::<Vec<_>>()
    });
    // The template is part of the program: it parses (a test renders it).
    let _ = env.add_template("document.html", TEMPLATE);
    env
}

/// A standalone HTML file (inline CSS, no scripts allowed by its own policy),
/// written through the template: each page after the first starts on a new
/// printed page; every printed page carries the marking at top and bottom, the
/// running line (panel, meeting), the case ID on case pages, the status (draft or
/// approved) and "Page N of M"; headings stay with what follows, dates are never
/// broken across lines (in the running header too); the confidentiality
/// statement is stated once per document.
pub fn html_document(title: &str, pages: &[PrintedPage]) -> String {
    let env = &*ENVIRONMENT;
    let pages = statement_once(pages);
    let pages = pages.as_slice();
    let first = pages.first();
    let ctx = minijinja::context! {
        title => title,
        css => minijinja::Value::from_safe_string(CSS.to_string()),
        marking => first.map(|p| p.marking.clone()).unwrap_or_default(),
        running => first.map(|p| p.running.clone()).unwrap_or_default(),
        status => first.map(|p| p.status.clone()).unwrap_or_default(),
        pages => minijinja::Value::from(minijinja::value::Serde(pages)),
    };
    env.get_template("document.html")
        .and_then(|t| t.render(ctx))
        .map(|mut s| {
            s.push('\n');
            s
        })
        .unwrap_or_else(|e| {
            format!(
                "<!DOCTYPE html>\n<p>document could not be written: {}</p>\n",
                html(&e.to_string())
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> PrintedPage {
        PrintedPage {
            marking: "RESTRICTED".into(),
            title: "T <b>".into(),
            subtitle: String::new(),
            blocks: vec![
                Block::Fields(vec![("Name".into(), "<script>x</script>".into())]),
                Block::Table(vec!["A".into()], vec![vec!["a|b".into()]]),
                Block::Para("line\u{1b}[31m1\nline2 due 2026-12-09".into()),
            ],
            running: "Panel \"</style><script>\": meeting of 2026-12-09".into(),
            case_id: Some(12),
            status: "DRAFT".into(),
        }
    }

    #[test]
    fn markdown_starts_and_ends_with_marking_and_escapes() {
        let m = markdown(&page());
        assert!(m.starts_with("**RESTRICTED**\n"));
        assert!(m.trim_end().ends_with("**RESTRICTED**"));
        assert!(m.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(!m.contains("<script"));
        assert!(m.contains("| a\\|b |"));
        assert!(m.contains("line1\\\nline2"));
        assert!(!m.contains('\u{1b}'));
    }

    #[test]
    fn html_escapes_and_marks() {
        let h = html_document("x", &[page(), page()]);
        assert!(!h.contains("<script>"));
        assert!(h.contains("&lt;script&gt;x&lt;/script&gt;"));
        // At the top of each section (repeated on every printed sheet) and after it.
        assert_eq!(
            h.matches("<div class=\"marking\">RESTRICTED</div>").count(),
            2
        );
        assert_eq!(
            h.matches("<div class=\"marking end\">RESTRICTED</div>")
                .count(),
            2
        );
        assert!(!h.contains('\u{1b}'));
        // The paged-media rules: marking top and bottom, page N of M, the case ID
        // on every sheet of its named page, the status.
        assert!(h.contains("@top-center{content:\"RESTRICTED\""), "{h}");
        assert!(h.contains("@bottom-center{content:\"RESTRICTED\""));
        assert!(h.contains("counter(page) \" of \" counter(pages)"));
        assert!(h.contains("@page case-12{@top-right{content:\"Case 12\""));
        assert!(h.contains("section.case-12{page:case-12}"));
        assert!(h.contains("@bottom-left{content:\"DRAFT\""));
        // User text in a CSS string cannot end it or the style sheet.
        assert!(!h.contains("</style><script>"));
        assert!(
            h.contains("\\22 \\3c /style\\3e \\3c script\\3e \\22 "),
            "{h}"
        );
        // Dates are kept whole.
        assert!(h.contains("due <span class=\"date\">2026-12-09</span>"));
        assert!(h.contains("break-after:avoid"));
    }

    #[test]
    fn running_header_dates_do_not_break() {
        let h = html_document("x", &[page()]);
        // The margin box: the date's hyphens are non-breaking (U+2011).
        assert!(h.contains("meeting of 2026\\2011 12\\2011 09\";"), "{h}");
        // Other hyphens stay as they are.
        assert_eq!(
            css_string("A-B 2026-12-09"),
            "\"A-B 2026\\2011 12\\2011 09\""
        );
    }

    #[test]
    fn a_combined_document_states_the_confidentiality_statement_once() {
        let mut p = page();
        p.blocks
            .push(Block::Statement("Keep it.\n\nTell nobody.".into()));
        let one = html_document("x", std::slice::from_ref(&p));
        assert_eq!(one.matches("<h2>Confidentiality statement</h2>").count(), 1);
        let three = html_document("x", &[p.clone(), p.clone(), p]);
        assert_eq!(
            three.matches("<h2>Confidentiality statement</h2>").count(),
            1
        );
        assert_eq!(three.matches("<p>Tell nobody.</p>").count(), 1);
        // Each page still prints (with its marking).
        assert_eq!(three.matches("<div class=\"marking end\">").count(), 3);
    }

    /// The dates found from each hyphen are those found by trying every byte:
    /// dates at either end, run together, inside longer digit runs (not dates),
    /// short of a date, and after multi-byte text.
    #[test]
    fn dates_found_from_hyphens_are_those_found_at_every_byte() {
        let every_byte = |s: &str| -> Vec<std::ops::Range<usize>> {
            let b = s.as_bytes();
            let d = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
            (0..b.len())
                .filter(|&i| {
                    i + 10 <= b.len()
                        && (i..i + 4).all(d)
                        && b[i + 4] == b'-'
                        && (i + 5..i + 7).all(d)
                        && b[i + 7] == b'-'
                        && (i + 8..i + 10).all(d)
                        && (i == 0 || !d(i - 1))
                        && !d(i + 10)
                })
                .map(|i| i..i + 10)
                .collect()
        };
        for s in [
            "2026-12-09",
            "due 2026-12-09, then 2027-01-31.",
            "2026-12-092027-01-01",
            "2026-12-09-2027-01-01",
            "12026-12-09 and 2026-12-091",
            "2026-12-0 - 26-12-09 -2026-12-09-",
            "Zoë – 2026-12-09 ‑ Łódź 2026-01-02",
            "----",
            "",
        ] {
            assert_eq!(date_ranges(s), every_byte(s), "{s:?}");
        }
        assert_eq!(date_ranges("due 2026-12-09"), vec![4..14]);
    }
}
