//! Output helpers shared by the lookups: cleaning user text of terminal control
//! characters, escaping for HTML and Markdown, plain tables and RFC 4180 CSV.
//!
//! Every string that came from a person (names, notes, minutes) is passed through
//! [`clean`] when it is read from the database, so no output format (the plain
//! table included) can carry an ANSI escape to a terminal. The format-specific
//! escapes ([`html`], [`md`], [`csv`]) are applied on top when rendering.

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;

/// Whether people's tables show dates as `DD/MM/YYYY` (the config file's
/// `date_style = "uk"`); JSON, CSV, calendars and files are always `YYYY-MM-DD`.
static UK_DATES: AtomicBool = AtomicBool::new(false);

/// Show dates in people's tables as `DD/MM/YYYY` (`true`) or `YYYY-MM-DD`.
pub fn set_uk_dates(uk: bool) {
    UK_DATES.store(uk, Ordering::Relaxed);
}

/// A date as a person reads it in a table, in the configured style.
pub fn show_date(d: NaiveDate) -> String {
    if UK_DATES.load(Ordering::Relaxed) {
        d.format("%d/%m/%Y").to_string()
    } else {
        d.format("%Y-%m-%d").to_string()
    }
}

/// [`show_date`] appended to `out` (no allocation for the usual `YYYY-MM-DD`).
pub fn push_show_date(out: &mut String, d: NaiveDate) {
    if UK_DATES.load(Ordering::Relaxed) {
        out.push_str(&show_date(d));
    } else {
        crate::domain::iso::push_date(out, d);
    }
}

/// Remove terminal control characters, escape sequences and direction overrides:
/// the shared cleaning, [`crate::domain::clean::clean`].
pub fn clean(s: &str) -> String {
    crate::domain::clean::clean(s)
}

/// [`clean`], borrowing `s` itself when there is nothing to remove (no copy).
pub fn clean_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if crate::domain::clean::needs_cleaning(s) {
        std::borrow::Cow::Owned(clean(s))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// [`clean`], keeping `s` itself when there is nothing to remove (no copy).
pub fn clean_owned(s: String) -> String {
    if crate::domain::clean::needs_cleaning(&s) {
        clean(&s)
    } else {
        s
    }
}

/// [`clean`], then newlines and tabs as single spaces: one line, for table cells
/// ([`crate::domain::clean::one_line`]).
pub fn one_line(s: &str) -> String {
    crate::domain::clean::one_line(s)
}

/// [`one_line`] appended to `out`; returns its display width in columns. Text with
/// nothing to clean is not copied first.
pub fn push_one_line(out: &mut String, s: &str) -> usize {
    // The usual cell: printable ASCII, single spaces inside, none at the ends (one
    // pass over the bytes: a space may not follow a space, nor start or end it).
    let b = s.as_bytes();
    let mut prev = b' ';
    let plain = b.last().is_none_or(|&c| c != b' ')
        && b.iter().all(|&c| {
            let ok = (b' '..=b'~').contains(&c) && !(c == b' ' && prev == b' ');
            prev = c;
            ok
        });
    if plain {
        out.push_str(s);
        return s.len();
    }
    let cleaned;
    let c = if crate::domain::clean::needs_cleaning(s) {
        cleaned = clean(s);
        cleaned.as_str()
    } else {
        s
    };
    let mut last_space = false;
    let mut width = 0;
    for ch in c.trim().chars() {
        if ch.is_whitespace() {
            if !last_space {
                out.push(' ');
                width += 1;
            }
            last_space = true;
        } else {
            out.push(ch);
            // Display width: a wide character takes two columns, a combining one none.
            width += unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
            last_space = false;
        }
    }
    width
}

/// Escape for HTML text and attribute values (after [`clean`]).
pub fn html(s: &str) -> String {
    let c = clean(s);
    // Most text has nothing to escape: kept as cleaned, not copied a character at a
    // time (the minutes escape some 50,000 cells at county scale; issue 24).
    if !c
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        return c;
    }
    let mut out = String::with_capacity(c.len() + 8);
    for c in c.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub use super::markdown::{md, md_multiline};

/// One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF.
/// Text that a spreadsheet would run as a formula (starting with = + - @ or a
/// tab) is prefixed with an apostrophe; pass `user = false` for numbers and dates.
pub fn csv_field(s: &str, user: bool) -> String {
    let mut v = if user { clean(s) } else { s.to_string() };
    if user && v.starts_with(['=', '+', '-', '@', '\t']) {
        v.insert(0, '\'');
    }
    if v.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// A cell of a table: user text or a value the program made (dates, numbers, codes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    User(String),
    Plain(String),
}

impl Cell {
    pub fn text(&self) -> &str {
        match self {
            Cell::User(s) | Cell::Plain(s) => s,
        }
    }
}

pub fn user(s: impl Into<String>) -> Cell {
    Cell::User(s.into())
}

pub fn plain(s: impl Into<String>) -> Cell {
    Cell::Plain(s.into())
}

/// A table of rows under headers, rendered as aligned plain text or CSV.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(headers: &[&'static str]) -> Self {
        Table {
            headers: headers.to_vec(),
            rows: vec![],
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.headers.len());
        self.rows.push(row);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Aligned columns (by display width) separated by two spaces, a rule under the
    /// headers; fitted to the terminal's width (see [`output_width`]).
    pub fn plain(&self) -> String {
        self.plain_fitted(output_width())
    }

    /// [`Table::plain`] with each line indented by `indent` spaces, fitted to what
    /// the terminal has left after the indent.
    pub fn plain_indented(&self, indent: usize) -> String {
        let width = output_width().map(|w| w.saturating_sub(indent as u16));
        let pad = " ".repeat(indent);
        self.plain_fitted(width)
            .lines()
            .map(|l| format!("{pad}{l}\n"))
            .collect()
    }

    /// [`Table::plain`] fitted to `width` columns when given: a row keeps to one line,
    /// its longest cells cut short with `…`. Without a width nothing is cut.
    pub fn plain_fitted(&self, width: Option<u16>) -> String {
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(|c| one_line(c.text())).collect())
            .collect();
        columns(&self.headers, &rows, true, width)
    }

    /// RFC 4180 CSV (the `csv` crate) with a header row and CRLF line ends, starting
    /// with a UTF-8 byte-order mark so that Excel reads accents right. User text a
    /// spreadsheet would run as a formula is defused (see [`csv_field`]).
    pub fn csv(&self) -> String {
        self.csv_with(true)
    }

    /// [`Table::csv`], with or without the byte-order mark.
    pub fn csv_with(&self, bom: bool) -> String {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(Vec::new());
        let mut rows = vec![self
            .headers
            .iter()
            .map(|h| h.to_string())
            .collect::<Vec<_>>()];
        rows.extend(self.rows.iter().map(|r| {
            r.iter()
                .map(|c| match c {
                    Cell::User(s) => defuse(&clean(s)),
                    Cell::Plain(s) => s.clone(),
                })
                .collect()
        }));
        for r in rows {
            // Writing to memory cannot fail.
            let _ = w.write_record(&r);
        }
        let bytes = w.into_inner().unwrap_or_default();
        let mut out = String::from(if bom { "\u{feff}" } else { "" });
        out.push_str(&String::from_utf8_lossy(&bytes));
        out
    }
}

/// Write CSV to `out` a row at a time, the same text as [`Table::csv_with`]: a UTF-8
/// byte-order mark when `bom`, `headers`, then each row's cells (people's text cleaned
/// and guarded against formulas). For long lists (the actions at county scale) that
/// need not be held whole. Errors: the writer's.
pub fn write_csv<W: std::io::Write>(
    mut out: W,
    bom: bool,
    headers: &[&str],
    rows: impl Iterator<Item = Vec<Cell>>,
) -> std::io::Result<()> {
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(out);
    w.write_record(headers)?;
    for r in rows {
        for c in &r {
            match c {
                Cell::User(s) => {
                    // As `defuse(&clean(s))`, without a copy of the usual cell.
                    let s = clean_cow(s);
                    if s.starts_with(['=', '+', '-', '@', '\t']) {
                        w.write_field(defuse(&s))?
                    } else {
                        w.write_field(s.as_bytes())?
                    }
                }
                Cell::Plain(s) => w.write_field(s)?,
            }
        }
        w.write_record(None::<&[u8]>)?;
    }
    w.flush()
}

/// User text that a spreadsheet would run as a formula (starting with `=`, `+`,
/// `-`, `@` or a tab) gets an apostrophe in front.
fn defuse(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// How wide people's tables may be: `COLUMNS` when set, else the terminal's width
/// when standard output is one; `None` (never cut) for a pipe or a file.
pub fn output_width() -> Option<u16> {
    use std::io::IsTerminal;
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
    {
        return Some(n);
    }
    if !std::io::stdout().is_terminal() {
        return None;
    }
    ratatui::crossterm::terminal::size().ok().map(|(w, _)| w)
}

pub use super::columns::columns;

/// Initials of a name ("Jordan Amari Smith" gives "J.A.S."), for places where a
/// name must not be shown.
pub fn initials(name: &str) -> String {
    let mut out = String::new();
    for word in clean(name).split(|c: char| c.is_whitespace() || c == '-') {
        if let Some(c) = word.chars().find(|c| c.is_alphanumeric()) {
            out.extend(c.to_uppercase());
            out.push('.');
        }
    }
    if out.is_empty() {
        out.push('?');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_the_same_with_or_without_its_shortcut() {
        // Cleaned, trimmed, each run of whitespace one space: as it always was.
        let slow = |s: &str| clean(s).split_whitespace().collect::<Vec<_>>().join(" ");
        let parts = [" ", "a", "B", "\t", "\n", "é", "\u{1b}", "~", "\u{a0}"];
        let mut cases = vec![String::new()];
        for _ in 0..4 {
            let next: Vec<String> = cases
                .iter()
                .flat_map(|c| parts.iter().map(move |p| format!("{c}{p}")))
                .collect();
            cases.extend(next);
        }
        for c in &cases {
            let mut out = String::new();
            let width = push_one_line(&mut out, c);
            assert_eq!(out, slow(c), "{c:?}");
            assert_eq!(width, out.chars().count(), "{c:?}");
        }
    }

    #[test]
    fn clean_strips_ansi_sequences_and_controls() {
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(clean("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(
            clean("x\u{1b}]8;;http://e\u{1b}\\link\u{1b}]8;;\u{1b}\\y"),
            "xlinky"
        );
        assert_eq!(
            clean("bell\u{7} nul\u{0} del\u{7f} c1\u{85}"),
            "bell nul del c1"
        );
        assert_eq!(clean("\u{9b}2Jcleared"), "cleared");
        assert_eq!(clean("line1\r\nline2\tx"), "line1\nline2\tx");
        assert_eq!(clean("abc\u{202e}fed"), "abcfed");
        assert_eq!(clean("Zoë Ōkafor-Smith"), "Zoë Ōkafor-Smith");
        assert_eq!(clean("trailing\u{1b}"), "trailing");
    }

    #[test]
    fn html_escapes_all_five() {
        assert_eq!(
            html("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn md_neutralises_markup() {
        assert_eq!(md("<b>x</b> & y"), "&lt;b&gt;x&lt;/b&gt; &amp; y");
        assert_eq!(md("[click](javascript:x)"), "\\[click\\](javascript:x)");
        assert_eq!(md("3) third"), "3\\) third");
        assert_eq!(md("# not a heading"), "\\# not a heading");
        assert_eq!(md("- not a bullet"), "\\- not a bullet");
        assert_eq!(md("12. not a list"), "12\\. not a list");
        assert_eq!(md("a | b"), "a \\| b");
        assert_eq!(md("multi\nline"), "multi line");
        assert_eq!(md_multiline("one\ntwo\n\nthree"), "one\\\ntwo\n\nthree");
        assert_eq!(md_multiline("    code?"), "code?");
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_field("plain", true), "plain");
        assert_eq!(csv_field("a,b", true), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\"", true), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines", true), "\"two\nlines\"");
        assert_eq!(csv_field("=SUM(A1)", true), "'=SUM(A1)");
        assert_eq!(csv_field("-3", false), "-3");
    }

    #[test]
    fn table_aligns_and_cleans() {
        let mut t = Table::new(&["A", "Long header"]);
        t.push(vec![plain("1"), user("x\u{1b}[2Jy")]);
        t.push(vec![plain("22"), user("two\nlines")]);
        let p = t.plain();
        assert_eq!(
            p,
            "A   Long header\n--  -----------\n1   xy\n22  two lines\n"
        );
    }

    #[test]
    fn columns_align_by_display_width_and_fit_the_width_given() {
        let mut t = Table::new(&["ID", "Name", "Note"]);
        t.push(vec![plain("1"), user("Siân Ó Dónaill"), user("ok")]);
        t.push(vec![plain("2"), user("王秀英"), user("wide")]);
        let p = t.plain_fitted(None);
        let lines: Vec<&str> = p.lines().collect();
        // "王秀英" is three characters but six columns wide: "Note" lines up.
        let col = |l: &str| {
            unicode_width::UnicodeWidthStr::width(&l[..l.rfind(' ').map_or(0, |i| i + 1)])
        };
        assert_eq!(col(lines[0]), col(lines[2]), "{p}");
        assert_eq!(col(lines[2]), col(lines[3]), "{p}");
        let mut long = Table::new(&["ID", "Action"]);
        long.push(vec![plain("7"), user("word ".repeat(40))]);
        let fitted = long.plain_fitted(Some(40));
        for l in fitted.lines() {
            assert!(unicode_width::UnicodeWidthStr::width(l) <= 40, "{l}");
        }
        assert_eq!(fitted.lines().count(), 3, "one line a row: {fitted}");
        assert!(fitted.contains('…'), "{fitted}");
    }

    /// Issue 25: at 80 columns free text is cut first; ids, dates and status stay
    /// whole, and no header wraps.
    #[test]
    fn a_narrow_table_cuts_free_text_first_and_never_a_date_or_a_header() {
        let mut t = Table::new(&["ID", "Due", "Status", "Subject", "Action"]);
        for i in 0..3 {
            t.push(vec![
                plain(format!("{}", 100 + i)),
                plain("2026-01-12"),
                plain("OVERDUE 314d"),
                user("Keanu Ivesborough-Marlowe"),
                user("Share the school's attendance record ".repeat(3)),
            ]);
        }
        let out = t.plain_fitted(Some(80));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines.len(),
            5,
            "one header line, a rule, a line a row: {out}"
        );
        assert!(
            lines[0].contains("Subject") && lines[0].contains("Action"),
            "{out}"
        );
        for l in &lines[2..] {
            assert!(
                l.contains("2026-01-12") && l.contains("OVERDUE 314d"),
                "{l}"
            );
            assert!(l.contains('…'), "the free text is what is cut: {l}");
            assert!(unicode_width::UnicodeWidthStr::width(*l) <= 80, "{l}");
        }
    }

    #[test]
    fn csv_starts_with_a_bom_unless_asked_and_reads_back() {
        let mut t = Table::new(&["name", "note"]);
        t.push(vec![
            user("Siân Ó Dónaill"),
            user("=HYPERLINK(\"x\"), \"quoted\""),
        ]);
        let with = t.csv();
        assert!(with.starts_with('\u{feff}'));
        assert!(with.ends_with("\r\n"));
        assert!(!t.csv_with(false).starts_with('\u{feff}'));
        let mut r = csv::Reader::from_reader(with.as_bytes());
        assert_eq!(
            r.headers()
                .map(|h| h.iter().map(String::from).collect::<Vec<_>>())
                .ok(),
            Some(vec!["name".to_string(), "note".to_string()])
        );
        let row = r
            .records()
            .next()
            .and_then(|x| x.ok())
            .map(|x| x.iter().map(String::from).collect::<Vec<_>>());
        assert_eq!(
            row,
            Some(vec![
                "Siân Ó Dónaill".to_string(),
                "'=HYPERLINK(\"x\"), \"quoted\"".to_string()
            ])
        );
    }

    #[test]
    fn initials_only() {
        assert_eq!(initials("Jordan Amari Smith"), "J.A.S.");
        assert_eq!(initials("mary-jane o'neil"), "M.J.O.");
        assert_eq!(initials("  "), "?");
    }
}
