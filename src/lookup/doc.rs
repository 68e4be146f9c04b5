//! A small document model for exported pages (minutes), rendered to Markdown or
//! standalone HTML. All text in a page is escaped by the renderer, so a page
//! builder cannot forget to: a name like `<script>` shows as itself.

use std::fmt::Write as _;

use super::format::{html, html_multiline, md, md_multiline};

#[derive(Debug, Clone, PartialEq, Eq)]
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

/// One page: starts and ends with the protective marking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub marking: String,
    pub title: String,
    pub subtitle: String,
    pub blocks: Vec<Block>,
}

pub fn markdown(p: &Page) -> String {
    let mut o = String::new();
    let marking = format!("**{}**", md(&p.marking));
    let _ = writeln!(o, "{marking}\n");
    let _ = writeln!(o, "# {}\n", md(&p.title));
    if !p.subtitle.is_empty() {
        let _ = writeln!(o, "{}\n", md(&p.subtitle));
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

const CSS: &str = "body{font-family:Arial,Helvetica,sans-serif;font-size:11pt;line-height:1.4;\
max-width:52em;margin:1.5em auto;padding:0 1em;color:#000;background:#fff}\
.marking{text-align:center;font-weight:bold;letter-spacing:.15em;border:2px solid #000;\
padding:.2em;margin:.5em 0}\
h1{font-size:1.4em;margin:.6em 0 .2em}h2{font-size:1.15em;margin:1.2em 0 .4em;\
border-bottom:1px solid #999}h3{font-size:1em;margin:1em 0 .3em}\
.subtitle{color:#333;margin:0 0 1em}\
table{border-collapse:collapse;width:100%;margin:.4em 0 1em}\
th,td{border:1px solid #999;padding:.25em .4em;text-align:left;vertical-align:top}\
th{background:#eee}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}\
dt{font-weight:bold}dd{margin:0}\
.statement{font-size:.85em;border-left:3px solid #999;padding-left:.8em;color:#222}\
.statement p{white-space:pre-wrap}\
table.sheet,table.sheet>*>tr>td{border:0;padding:0;margin:0}\
section.page+section.page{break-before:page;page-break-before:always}\
@media print{body{margin:0;max-width:none}section.page{break-inside:auto}}";

fn html_page(o: &mut String, p: &Page) {
    let marking = format!("<div class=\"marking\">{}</div>", html(&p.marking));
    // The marking sits in the header and footer rows of a layout table: browsers
    // repeat those on every printed page, so a case that runs over a page is
    // still marked at the top and bottom of each sheet.
    let _ = writeln!(
        o,
        "<section class=\"page\">\n<table class=\"sheet\">\n<thead><tr><td>{marking}</td></tr></thead>\n\
         <tfoot><tr><td>{marking}</td></tr></tfoot>\n<tbody><tr><td>"
    );
    let _ = writeln!(o, "<h1>{}</h1>", html(&p.title));
    if !p.subtitle.is_empty() {
        let _ = writeln!(o, "<p class=\"subtitle\">{}</p>", html(&p.subtitle));
    }
    for b in &p.blocks {
        match b {
            Block::Heading(t) => {
                let _ = writeln!(o, "<h2>{}</h2>", html(t));
            }
            Block::Sub(t) => {
                let _ = writeln!(o, "<h3>{}</h3>", html(t));
            }
            Block::Para(t) => {
                let _ = writeln!(o, "<p>{}</p>", html_multiline(t));
            }
            Block::Fields(f) => {
                o.push_str("<dl>\n");
                for (k, v) in f {
                    let _ = writeln!(o, "<dt>{}</dt><dd>{}</dd>", html(k), html(v));
                }
                o.push_str("</dl>\n");
            }
            Block::Table(h, rows) => {
                o.push_str("<table>\n<thead><tr>");
                for c in h {
                    let _ = write!(o, "<th>{}</th>", html(c));
                }
                o.push_str("</tr></thead>\n<tbody>\n");
                for r in rows {
                    o.push_str("<tr>");
                    for c in r {
                        let _ = write!(o, "<td>{}</td>", html_multiline(c));
                    }
                    o.push_str("</tr>\n");
                }
                o.push_str("</tbody>\n</table>\n");
            }
            Block::List(items) => {
                o.push_str("<ul>\n");
                for i in items {
                    let _ = writeln!(o, "<li>{}</li>", html(i));
                }
                o.push_str("</ul>\n");
            }
            Block::Statement(t) => {
                let _ = writeln!(o, "<h2>Confidentiality statement</h2>");
                let _ = writeln!(o, "<div class=\"statement\">");
                for para in t.trim().split("\n\n") {
                    let _ = writeln!(o, "<p>{}</p>", html(para.trim_matches('\n')));
                }
                let _ = writeln!(o, "</div>");
            }
        }
    }
    let _ = writeln!(o, "</td></tr></tbody>\n</table>\n</section>");
}

/// A standalone HTML file (inline CSS, no scripts allowed by its own policy);
/// each page after the first starts on a new printed page.
pub fn html_document(title: &str, pages: &[Page]) -> String {
    let mut o = String::new();
    o.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    o.push_str("<meta name=\"robots\" content=\"noindex, nofollow\">\n");
    let _ = writeln!(o, "<title>{}</title>", html(title));
    let _ = writeln!(o, "<style>{CSS}</style>\n</head>\n<body>");
    for p in pages {
        html_page(&mut o, p);
    }
    o.push_str("</body>\n</html>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Page {
        Page {
            marking: "RESTRICTED".into(),
            title: "T <b>".into(),
            subtitle: String::new(),
            blocks: vec![
                Block::Fields(vec![("Name".into(), "<script>x</script>".into())]),
                Block::Table(vec!["A".into()], vec![vec!["a|b".into()]]),
                Block::Para("line\u{1b}[31m1\nline2".into()),
            ],
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
        assert_eq!(
            h.matches("<div class=\"marking\">RESTRICTED</div>").count(),
            4
        );
        assert!(!h.contains('\u{1b}'));
    }
}
