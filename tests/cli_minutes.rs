//! `roundtable minutes`: golden files, one file per case that names no other
//! case, the marking and statement on every page, MAPPA apart, private files.
//!
//! Regenerate the golden files after an intended change with
//! `UPDATE_GOLDEN=1 cargo test --test cli_minutes` and review the diff.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::demo_cli::*;
use rusqlite::types::Value;

const MEETING: &str = "2026-11-11";

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/minutes")
}

fn write_minutes(db: &Path, out: &Path) -> Vec<String> {
    let o = ok(
        db,
        &[
            "minutes",
            "--meeting",
            MEETING,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.contains("RESTRICTED"), "{o}");
    let mut names: Vec<String> = fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn discussed(db: &Path) -> Vec<i64> {
    ints(
        db,
        "SELECT d.referral_id FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
         WHERE m.date = ?1 ORDER BY d.referral_id",
        &[text(MEETING)],
    )
}

#[test]
fn minutes_match_the_golden_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = dir.path().join("minutes");
    write_minutes(&db, &out);
    // The first new referral (item 6) and the first review (item 8).
    let pick = |item: i64| {
        int(
            &db,
            "SELECT d.referral_id FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
             WHERE m.date = ?1 AND d.agenda_item = ?2 ORDER BY d.position, d.id LIMIT 1",
            &[text(MEETING), Value::Integer(item)],
        )
    };
    let mut names = vec!["general".to_string(), "mappa".to_string()];
    for item in [6, 8] {
        names.push(format!("case-{}", pick(item)));
    }
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    if update {
        fs::create_dir_all(golden_dir()).unwrap();
    }
    for n in names {
        for ext in ["md", "html"] {
            let file = format!("{MEETING}-{n}.{ext}");
            let got = fs::read_to_string(out.join(&file)).unwrap();
            let golden = golden_dir().join(&file);
            if update {
                fs::write(&golden, &got).unwrap();
                continue;
            }
            let want = fs::read_to_string(&golden).unwrap_or_else(|e| {
                panic!("{}: {e} (UPDATE_GOLDEN=1 to create)", golden.display())
            });
            if got != want {
                let line = got
                    .lines()
                    .zip(want.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                panic!(
                    "{file} differs from the golden file at line {}:\n got: {:?}\nwant: {:?}",
                    line + 1,
                    got.lines().nth(line),
                    want.lines().nth(line)
                );
            }
        }
    }
}

#[test]
fn one_file_per_case_named_by_id_and_naming_no_other_case() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = dir.path().join("minutes");
    let names = write_minutes(&db, &out);
    let cases = discussed(&db);
    assert!(cases.len() >= 4);

    // Exactly one .md and one .html per case discussed, named by case id.
    let from_files: BTreeSet<i64> = names
        .iter()
        .filter_map(|n| n.strip_prefix(&format!("{MEETING}-case-")))
        .filter_map(|n| n.strip_suffix(".md"))
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(from_files, cases.iter().copied().collect());
    assert_eq!(names.len(), cases.len() * 2 + 2 + 2 + 1, "{names:?}");

    let subject_names: Vec<(i64, String)> = cases
        .iter()
        .map(|c| {
            let n = strings(
                &db,
                "SELECT s.name FROM subject s JOIN referral r ON r.subject_id = s.id WHERE r.id = ?1",
                &[Value::Integer(*c)],
            )
            .remove(0);
            (*c, n)
        })
        .collect();
    let mappa_names = strings(
        &db,
        "SELECT n.name FROM mappa_note n JOIN meeting m ON m.id = n.meeting_id WHERE m.date = ?1",
        &[text(MEETING)],
    );
    assert!(!mappa_names.is_empty());
    for name in &names {
        // File names carry no person's name.
        for (_, n) in &subject_names {
            for part in n.split_whitespace() {
                assert!(!name.contains(part), "{name} contains {part}");
            }
        }
    }
    for (case, own) in &subject_names {
        for ext in ["md", "html"] {
            let body =
                fs::read_to_string(out.join(format!("{MEETING}-case-{case}.{ext}"))).unwrap();
            let body = body.replace("&#39;", "'");
            assert!(body.contains(own.as_str()), "case {case} names its subject");
            for (other, n) in &subject_names {
                if other != case {
                    assert!(!body.contains(n.as_str()), "case {case} file names {n}");
                }
            }
            for n in &mappa_names {
                assert!(
                    !body.contains(n.as_str()),
                    "case {case} file names MAPPA {n}"
                );
            }
        }
    }
    // The general page lists decisions by id and initials, not by name; MAPPA names
    // are only in the MAPPA file.
    for ext in ["md", "html"] {
        let general = fs::read_to_string(out.join(format!("{MEETING}-general.{ext}"))).unwrap();
        for (case, n) in &subject_names {
            assert!(!general.contains(n.as_str()), "general page names {n}");
            assert!(
                general.contains(&format!("| {case} |"))
                    || general.contains(&format!("<td>{case}</td>"))
            );
        }
        let mappa = fs::read_to_string(out.join(format!("{MEETING}-mappa.{ext}"))).unwrap();
        for n in &mappa_names {
            assert!(!general.contains(n.as_str()));
            assert!(mappa.contains(n.as_str()));
        }
    }
    let all = fs::read_to_string(out.join(format!("{MEETING}-all-cases.html"))).unwrap();
    for n in &mappa_names {
        assert!(
            !all.contains(n.as_str()),
            "the combined file leaves MAPPA out"
        );
    }
    assert_eq!(
        all.matches("<section class=\"page").count(),
        cases.len() + 1,
        "general page plus one page per case"
    );
    assert!(all.contains("break-before:page"));
}

#[test]
fn every_page_is_marked_top_and_bottom_and_carries_the_statement() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = dir.path().join("minutes");
    let names = write_minutes(&db, &out);
    let statement_line = "Freedom of Information Act 2000";
    for n in &names {
        let body = fs::read_to_string(out.join(n)).unwrap();
        if n.ends_with(".md") {
            assert_eq!(body.lines().next(), Some("**RESTRICTED**"), "{n}");
            assert_eq!(
                body.trim_end().lines().last(),
                Some("**RESTRICTED**"),
                "{n}"
            );
            assert!(body.contains(statement_line), "{n}");
        } else {
            let marking = "<div class=\"marking\">RESTRICTED</div>";
            let sections = body.matches("<section class=\"page").count();
            assert!(sections >= 1);
            assert_eq!(body.matches(marking).count(), sections, "{n}");
            // The confidentiality statement once per document (issue 25: the
            // combined minutes repeated it per case, pages holding only its end).
            assert_eq!(body.matches(statement_line).count(), 1, "{n}");
            // Printed, every sheet has the marking at top and bottom (page margin
            // boxes), "Page N of M" and the status; on screen each page is marked
            // before its title (the header row, which browsers also repeat on every
            // printed sheet) and after everything else.
            assert!(body.contains("@top-center{content:\"RESTRICTED\""), "{n}");
            assert!(
                body.contains("@bottom-center{content:\"RESTRICTED\""),
                "{n}"
            );
            assert!(body.contains("\"Page \" counter(page) \" of \" counter(pages)"));
            assert!(
                body.contains("@bottom-left{content:\"DRAFT: not yet approved\""),
                "{n}"
            );
            for s in body.split("<section class=\"page").skip(1) {
                let head = format!("<thead><tr><td>{marking}");
                assert!(s.find(&head).unwrap() < s.find("<h1>").unwrap(), "{n}");
                let end = s
                    .find("<div class=\"marking end\">RESTRICTED</div>")
                    .unwrap();
                assert!(end > s.find("</tbody>").unwrap(), "{n}");
                // A case page carries its ID on every printed sheet.
                if let Some(rest) = s.strip_prefix(" case-") {
                    let id: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    assert!(
                        s.contains(&format!("<span class=\"case\">Case {id}</span>")),
                        "{n}"
                    );
                    assert!(
                        body.contains(&format!(
                            "@page case-{id}{{@top-right{{content:\"Case {id}\""
                        )),
                        "{n}"
                    );
                }
            }
            assert!(body.starts_with("<!DOCTYPE html>"));
            assert!(body.contains("<style>"), "standalone: inline CSS");
            assert!(!body.contains("<script"), "{n}");
            assert!(
                !body.contains("http://") && !body.contains("https://"),
                "no external resources"
            );
        }
    }
}

#[test]
fn general_page_has_attendance_with_signature_times_apologies_and_intelligence() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = dir.path().join("minutes");
    write_minutes(&db, &out);
    let general = fs::read_to_string(out.join(format!("{MEETING}-general.md"))).unwrap();
    let s = open(&db);
    let mut st = s
        .conn()
        .prepare(
            "SELECT a.name, a.status, a.signed_at FROM attendance a JOIN meeting m ON m.id = a.meeting_id
             WHERE m.date = ?1",
        )
        .unwrap();
    let rows: Vec<(String, String, Option<String>)> = st
        .query_map([MEETING], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(rows
        .iter()
        .any(|r| r.1 == "apology" || r.1 == "written_submission"));
    for (name, status, signed) in rows {
        let line = general
            .lines()
            .find(|l| l.starts_with(&format!("| {name} |")))
            .unwrap_or_else(|| panic!("{name} ({status}) missing"));
        if let Some(t) = signed {
            // Stored in UTC, shown in local time (issue 18).
            let t = roundtable::domain::clock::shown(&t);
            assert!(line.contains(&format!("| {} |", &t[11..16])), "{line}");
        }
        if status == "written_submission" {
            assert!(line.contains("written submission"), "{line}");
        }
    }
    let intel = strings(
        &db,
        "SELECT i.body FROM intelligence i JOIN meeting m ON m.id = i.meeting_id WHERE m.date = ?1",
        &[text(MEETING)],
    );
    assert!(!intel.is_empty());
    for body in intel {
        // Markdown escaping may add backslashes; compare the words.
        let plain = general.replace('\\', "");
        assert!(plain.contains(&body), "{body}");
    }
}

#[test]
#[cfg(unix)]
fn files_are_owner_only_and_markdown_or_html_alone_can_be_asked_for() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = dir.path().join("new/minutes");
    let o = ok(
        &db,
        &[
            "minutes",
            "--meeting",
            MEETING,
            "--out",
            out.to_str().unwrap(),
            "--format",
            "md",
            "--json",
        ],
    );
    let written = common::payload(&o);
    let paths: Vec<&str> = written
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["path"].as_str().unwrap())
        .collect();
    assert!(paths.iter().all(|p| p.ends_with(".md")));
    assert_eq!(paths.len(), discussed(&db).len() + 2);
    assert_eq!(
        fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o700
    );
    for p in paths {
        assert_eq!(
            fs::metadata(p).unwrap().permissions().mode() & 0o777,
            0o600,
            "{p}"
        );
    }
}

#[test]
fn unknown_meeting_is_a_one_line_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = dir.path().join("m");
    fails(
        &db,
        &[
            "minutes",
            "--meeting",
            "2026-11-10",
            "--out",
            out.to_str().unwrap(),
        ],
        1,
        "no meeting on 2026-11-10",
    );
    assert!(!out.exists());
}

#[test]
fn a_case_page_never_marked_done_is_not_reported_as_decided() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let d = int(
        &db,
        "SELECT MIN(d.id) FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id WHERE m.date = ?1",
        &[text(MEETING)],
    );
    open(&db)
        .set_field(
            roundtable::store::write::Table::Discussion,
            d,
            "completed_at",
            Value::Null,
        )
        .unwrap();
    let out = dir.path().join("minutes");
    write_minutes(&db, &out);
    let general = fs::read_to_string(out.join(format!("{MEETING}-general.md"))).unwrap();
    assert!(
        general.contains("not taken (page not finished)"),
        "{general}"
    );
}
