//! A printed page as a Word document (`minutes --format docx`, issue 25), with the
//! `docx-rs` crate. Agencies file minutes in Word: one case per document, the protective
//! marking in every page's header and footer, the running line and case ID in the
//! header, the status and "Page N of M" in the footer (section 9: every document
//! carries the marking; section 5.5: the minutes are restricted). Tables keep a header
//! row and never split a row across pages.

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, NumPages, PageNum, Paragraph, Run, Shading,
    Table, TableCell, TableRow, WidthType,
};

use super::doc::{Block, PrintedPage};
use super::format::clean;
use super::{LookupError, Result};

/// Half-points, as Word measures type.
const BODY: usize = 22;
const SMALL: usize = 18;
/// A4 (11906) less docx-rs's left and right margins (1701 each), in twips.
const TEXT_WIDTH: usize = 8504;

/// A run of text a person may have typed: cleaned of control characters, each line
/// break kept as a line break inside the paragraph.
fn text_run(s: &str) -> Run {
    let s = clean(s);
    let mut run = Run::new().size(BODY);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

fn para(s: &str) -> Paragraph {
    Paragraph::new().add_run(text_run(s))
}

fn heading(s: &str, size: usize) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(clean(s)).bold().size(size))
        .keep_next(true)
}

fn marking_line(marking: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(Run::new().add_text(clean(marking)).bold().size(BODY))
}

/// The header on every page: the marking, then the running line with the case ID.
fn header(p: &PrintedPage) -> Header {
    let mut running = clean(&p.running);
    if let Some(id) = p.case_id {
        running.push_str(&format!("  |  Case ID {id}"));
    }
    Header::new()
        .add_paragraph(marking_line(&p.marking))
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(running).size(SMALL)),
        )
}

/// The footer on every page: the case ID, the status and "Page N of M", then the marking.
fn footer(p: &PrintedPage) -> Footer {
    let mut left = String::new();
    if let Some(id) = p.case_id {
        left.push_str(&format!("Case ID {id}  |  "));
    }
    if !p.status.is_empty() {
        left.push_str(&clean(&p.status));
        left.push_str("  |  ");
    }
    left.push_str("Page ");
    Footer::new()
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(left).size(SMALL))
                .add_page_num(PageNum::new())
                .add_run(Run::new().add_text(" of ").size(SMALL))
                .add_num_pages(NumPages::new()),
        )
        .add_paragraph(marking_line(&p.marking))
}

fn cell(s: &str, head: bool) -> TableCell {
    let run = if head {
        text_run(s).bold()
    } else {
        text_run(s)
    };
    let c = TableCell::new().add_paragraph(Paragraph::new().add_run(run));
    if head {
        c.shading(Shading::new().fill("EEEEEE"))
    } else {
        c
    }
}

fn table(h: &[String], rows: &[Vec<String>]) -> Table {
    let mut all = vec![TableRow::new(h.iter().map(|c| cell(c, true)).collect()).cant_split()];
    all.extend(
        rows.iter()
            .map(|r| TableRow::new(r.iter().map(|c| cell(c, false)).collect()).cant_split()),
    );
    // The text width of an A4 page with docx-rs's margins, in twentieths of a point,
    // shared equally: a grid Word and LibreOffice both lay out the same.
    let n = h.len().max(1);
    Table::new(all)
        .set_grid(vec![TEXT_WIDTH / n; n])
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// The page as the bytes of a `.docx` file. Errors: [`LookupError::Io`] when the
/// package cannot be written (it is made in memory).
pub fn docx(p: &PrintedPage) -> Result<Vec<u8>> {
    let mut d = Docx::new().header(header(p)).footer(footer(p));
    d = d.add_paragraph(marking_line(&p.marking));
    d = d.add_paragraph(heading(&p.title, 32));
    if !p.subtitle.is_empty() {
        d = d.add_paragraph(para(&p.subtitle));
    }
    if !p.status.is_empty() {
        d = d.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text("Status: ").bold().size(BODY))
                .add_run(text_run(&p.status)),
        );
    }
    for b in &p.blocks {
        match b {
            Block::Heading(t) => d = d.add_paragraph(heading(t, 26)),
            Block::Sub(t) => d = d.add_paragraph(heading(t, BODY)),
            Block::Para(t) => d = d.add_paragraph(para(t)),
            Block::Fields(f) => {
                for (k, v) in f {
                    d = d.add_paragraph(
                        Paragraph::new()
                            .add_run(Run::new().add_text(format!("{}: ", clean(k))).bold())
                            .add_run(text_run(v)),
                    );
                }
            }
            Block::Table(h, rows) => {
                d = d.add_table(table(h, rows)).add_paragraph(Paragraph::new());
            }
            Block::List(items) => {
                for i in items {
                    d = d.add_paragraph(para(&format!("\u{2022} {i}")));
                }
            }
            Block::Statement(t) => {
                d = d.add_paragraph(heading("Confidentiality statement", 26));
                for part in t.split("\n\n") {
                    d = d.add_paragraph(para(part));
                }
            }
        }
    }
    d = d.add_paragraph(marking_line(&p.marking));
    let mut out = std::io::Cursor::new(Vec::new());
    d.build()
        .pack(&mut out)
        .map_err(|e| LookupError::Io(format!("writing the Word document: {e}")))?;
    Ok(out.into_inner())
}
