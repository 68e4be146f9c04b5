//! `roundtable minutes --format docx` (issue 25): one Word document per case, the
//! protective marking in every page's header and footer, the case ID and page numbers
//! on every page, tables intact. Read back by unzipping each file and reading its XML.
//! Protocol section 9 (every document marked) and 5.5 (the minutes are restricted).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::Path;

use common::demo_cli::*;
use rusqlite::types::Value;

const MEETING: &str = "2026-11-11";

fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{}: {name}: {e}", path.display()))
        .read_to_string(&mut s)
        .unwrap();
    s
}

fn discussed(db: &Path) -> Vec<i64> {
    ints(
        db,
        "SELECT d.referral_id FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
         WHERE m.date = ?1 ORDER BY d.referral_id",
        &[text(MEETING)],
    )
}

fn write(db: &Path, out: &Path, format: &str) {
    ok(
        db,
        &[
            "minutes",
            "--meeting",
            MEETING,
            "--out",
            out.to_str().unwrap(),
            "--format",
            format,
        ],
    );
}

#[test]
fn one_word_document_per_case_marked_with_case_id_and_page_numbers_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = dir.path().join("word");
    write(&db, &out, "docx");
    let cases = discussed(&db);
    assert!(cases.len() >= 4);
    let names: BTreeSet<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut want: BTreeSet<String> = cases
        .iter()
        .map(|c| format!("{MEETING}-case-{c}.docx"))
        .collect();
    want.insert(format!("{MEETING}-general.docx"));
    want.insert(format!("{MEETING}-mappa.docx"));
    assert_eq!(names, want, "only Word files, one per case");

    let marking = strings(&db, "SELECT protective_marking FROM panel", &[]).remove(0);
    for c in &cases {
        let f = out.join(format!("{MEETING}-case-{c}.docx"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&f).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let body = part(&f, "word/document.xml");
        // One section whose default header and footer are on every page.
        assert_eq!(body.matches("<w:sectPr>").count(), 1, "{body}");
        assert!(body.contains("<w:headerReference w:type=\"default\""));
        assert!(body.contains("<w:footerReference w:type=\"default\""));
        let header = part(&f, "word/header1.xml");
        let footer = part(&f, "word/footer1.xml");
        for (what, xml) in [("header", &header), ("footer", &footer)] {
            assert!(xml.contains(&format!(">{marking}</w:t>")), "{what}: {xml}");
            assert!(xml.contains(&format!("Case ID {c}")), "{what}: {xml}");
        }
        assert!(
            footer.contains("<w:instrText>PAGE</w:instrText>"),
            "{footer}"
        );
        assert!(footer.contains("<w:instrText>NUMPAGES</w:instrText>"));
        // No other case's ID or subject in this case's document.
        for other in cases.iter().filter(|o| *o != c) {
            assert!(!header.contains(&format!("Case ID {other}")));
            let name = strings(
                &db,
                "SELECT s.name FROM subject s JOIN referral r ON r.subject_id = s.id WHERE r.id = ?1",
                &[Value::Integer(*other)],
            )
            .remove(0);
            assert!(
                !body.contains(&name),
                "case {c} names case {other}'s subject"
            );
        }
    }
}

#[test]
fn word_tables_keep_every_row_and_cell_of_the_markdown_and_never_split_a_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let word = dir.path().join("word");
    let md = dir.path().join("md");
    write(&db, &word, "docx");
    write(&db, &md, "md");
    let mut stems: Vec<String> = discussed(&db)
        .iter()
        .map(|c| format!("{MEETING}-case-{c}"))
        .collect();
    stems.push(format!("{MEETING}-general"));
    let mut rows_seen = 0;
    for stem in stems {
        let text = fs::read_to_string(md.join(format!("{stem}.md"))).unwrap();
        let md_rows: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with('|') && !l.starts_with("|---"))
            .collect();
        let md_cells: usize = md_rows.iter().map(|r| r.matches(" | ").count() + 1).sum();
        let body = part(&word.join(format!("{stem}.docx")), "word/document.xml");
        let rows = body.matches("<w:tr>").count();
        assert_eq!(rows, md_rows.len(), "{stem}: table rows");
        assert_eq!(body.matches("<w:tc>").count(), md_cells, "{stem}: cells");
        assert_eq!(body.matches("<w:cantSplit").count(), rows, "{stem}");
        rows_seen += rows;
    }
    assert!(rows_seen > 10, "the demo minutes have tables");
}
