//! Printable documents (issue 13): a case history and the monitoring return as
//! HTML through the template (golden files), minutes approved at the next meeting,
//! and, where Chromium is installed, the PDF a browser prints: every page marked,
//! every page of a case carrying its ID.
//!
//! Regenerate the golden files after an intended change with
//! `UPDATE_GOLDEN=1 cargo test --test cli_documents` and review the diff.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::demo_cli::*;

fn golden(name: &str, got: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/documents")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, got).unwrap();
        return;
    }
    let want = fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (make it with UPDATE_GOLDEN=1)", path.display()));
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        assert_eq!(
            g,
            w,
            "{name} differs from the golden file at line {}",
            i + 1
        );
    }
    assert_eq!(
        got.lines().count(),
        want.lines().count(),
        "{name}: line count"
    );
}

#[test]
fn case_and_report_match_their_golden_html() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let case = ok(&db, &["case", "11", "--html", "-"]);
    assert!(case.contains("@page case-11{@top-right{content:\"Case 11\""));
    assert!(case.contains("<span class=\"case\">Case 11</span>"));
    golden("case-11.html", &case);
    let report = ok(
        &db,
        &[
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-11-30",
            "--html",
            "-",
        ],
    );
    assert!(
        report.contains("&lt;5"),
        "small numbers suppressed in print too"
    );
    golden("report-2026.html", &report);
    // To a file: owner-only, and the command says where.
    let file = dir.path().join("case.html");
    let said = ok(&db, &["case", "11", "--html", file.to_str().unwrap()]);
    assert!(said.contains("case.html"), "{said}");
    assert_eq!(fs::read_to_string(&file).unwrap(), case);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn minutes_are_draft_until_approved_at_the_next_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = dir.path().join("m");
    let write = || {
        ok(
            &db,
            &[
                "minutes",
                "--meeting",
                "2026-10-14",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        fs::read_to_string(out.join("2026-10-14-general.html")).unwrap()
    };
    let draft = write();
    assert!(draft.contains("DRAFT: not yet approved"));
    let said = ok(&db, &["minutes", "approve", "--meeting", "14/10/2026"]);
    assert!(
        said.contains("approved at the meeting on 2026-11-11"),
        "{said}"
    );
    let approved = write();
    assert!(!approved.contains("DRAFT"));
    assert!(approved
        .contains("@bottom-left{content:\"APPROVED at the meeting on 2026\\2011 11\\2011 11\""));
    let md = fs::read_to_string(out.join("2026-10-14-general.md")).unwrap();
    assert!(
        md.contains("**Status:** APPROVED at the meeting on 2026\\-11\\-11")
            || md.contains("**Status:** APPROVED at the meeting on 2026-11-11"),
        "{md}"
    );
    let logged = strings(
        &db,
        "SELECT col FROM change_log WHERE tbl = 'meeting' AND col LIKE 'minutes_approved%'",
        &[],
    );
    assert_eq!(logged.len(), 2, "{logged:?}");
    // Approved "at" a meeting before it is refused.
    let o = rt(
        &db,
        &[
            "minutes",
            "approve",
            "--meeting",
            "2026-11-11",
            "--at",
            "2026-10-14",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
}

fn chromium() -> Option<PathBuf> {
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .find_map(|n| {
        std::env::split_paths(&std::env::var_os("PATH")?)
            .map(|d| d.join(n))
            .find(|p| p.is_file())
    })
}

#[test]
fn every_printed_page_of_a_case_carries_the_marking_and_its_id() {
    let Some(chrome) = chromium() else {
        eprintln!("skipped: no Chromium on PATH to print the HTML to PDF");
        return;
    };
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("skipped: no pdftotext (poppler-utils) to read the PDF");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = dir.path().join("m");
    ok(
        &db,
        &[
            "minutes",
            "--meeting",
            "2026-11-11",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let html = out.join("2026-11-11-all-cases.html");
    let pdf = dir.path().join("all.pdf");
    let o = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(pdf.exists(), "{}", common::stderr(&o));
    let text = Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() > 1, "{} pages", pages.len());
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.matches("RESTRICTED").count() >= 2,
            "page {}: marking top and bottom",
            i + 1
        );
        assert!(
            p.contains(&format!("Page {} of {}", i + 1, pages.len())),
            "page {}",
            i + 1
        );
        // A page of a case names it at the top (the general page has none).
        if p.contains("Item ") && !p.contains("General page") {
            assert!(p.contains("Case "), "page {} has no case ID", i + 1);
        }
    }
}
