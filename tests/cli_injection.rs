//! Hostile text typed into the meeting: a subject named `<script>`, ANSI escapes
//! and Markdown in the minutes. No output format may carry it through live.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::fs;

use common::demo_cli::*;
use roundtable::store::write::Table;
use rusqlite::types::Value;

const MEETING: &str = "2026-11-11";
const NAME: &str = "<script>alert('x')</script> \u{1b}[31mRed\u{1b}[0m Jones\u{7}";
const MINUTES: &str = "**bold** [click](javascript:alert(1)) \u{1b}]0;pwned\u{7}title\n\
# Heading\n<img src=x onerror=alert(1)>\n1. listed\n    indented code\n\u{1b}[2Jcleared \u{9b}31mC1 | pipe";

/// Put the hostile text on a case discussed at the meeting (and on the agenda).
fn poison(db: &std::path::Path) -> i64 {
    let (case, discussion, subject, action): (i64, i64, i64, i64) = {
        let s = open(db);
        s.conn()
            .query_row(
                "SELECT r.id, d.id, r.subject_id, a.id FROM case_discussion d
                 JOIN meeting m ON m.id = d.meeting_id
                 JOIN referral r ON r.id = d.referral_id
                 JOIN action a ON a.referral_id = r.id AND a.meeting_id = m.id
                 WHERE m.date = ?1 AND r.status = 'open' AND r.next_review_on <= '2026-12-09'
                 ORDER BY d.id LIMIT 1",
                [MEETING],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap()
    };
    let s = open(db);
    let t = |v: &str| Value::Text(v.to_string());
    s.set_field(Table::Subject, subject, "name", t(NAME))
        .unwrap();
    s.set_field(Table::Discussion, discussion, "minutes", t(MINUTES))
        .unwrap();
    s.set_field(
        Table::Discussion,
        discussion,
        "decision_reasons",
        t("<b>bold</b> & \u{1b}[1mloud"),
    )
    .unwrap();
    s.set_field(
        Table::Action,
        action,
        "description",
        t("Call \u{1b}[5mnow\u{1b}[0m <i>x</i>"),
    )
    .unwrap();
    s.set_field(
        Table::Referral,
        case,
        "address",
        t("1 High St\u{1b}[8m, Harrowfield"),
    )
    .unwrap();
    case
}

fn assert_no_controls(what: &str, s: &str) {
    for (i, c) in s.chars().enumerate() {
        let bad =
            (c < ' ' && c != '\n' && c != '\t' && c != '\r') || ('\u{7f}'..='\u{9f}').contains(&c);
        assert!(!bad, "{what}: control U+{:04X} at {i}", c as u32);
    }
}

#[test]
fn minutes_escape_html_markdown_and_terminal_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let case = poison(&db);
    let out = dir.path().join("minutes");
    ok(
        &db,
        &[
            "minutes",
            "--meeting",
            MEETING,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    for e in fs::read_dir(&out).unwrap() {
        let p = e.unwrap().path();
        let body = fs::read_to_string(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        assert_no_controls(&name, &body);
        assert!(!body.contains("<script"), "{name}");
        assert!(!body.contains("<img"), "{name}");
        assert!(!body.contains("<b>bold"), "{name}");
        assert!(!body.contains("<i>x"), "{name}");
    }
    let html = fs::read_to_string(out.join(format!("{MEETING}-case-{case}.html"))).unwrap();
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Red Jones"),
        "{html}"
    );
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;b&gt;bold&lt;/b&gt; &amp; loud"));
    let md = fs::read_to_string(out.join(format!("{MEETING}-case-{case}.md"))).unwrap();
    assert!(
        md.contains("&lt;script&gt;alert('x')&lt;/script&gt; Red Jones"),
        "{md}"
    );
    assert!(
        md.contains("\\*\\*bold\\*\\* \\[click\\](javascript:alert(1))"),
        "{md}"
    );
    assert!(md.contains("\\# Heading"), "{md}");
    assert!(md.contains("&lt;img src=x onerror=alert(1)&gt;"), "{md}");
    assert!(md.contains("1\\. listed"), "{md}");
    assert!(
        !md.contains("\n    indented"),
        "no code block from indentation"
    );
    assert!(md.contains("C1 \\| pipe"), "{md}");
    assert!(md.contains("title"), "text after an OSC sequence is kept");
    // The general page names the case by initials only; the hostile name gives "?" or letters.
    let general = fs::read_to_string(out.join(format!("{MEETING}-general.md"))).unwrap();
    assert!(!general.contains("script"), "{general}");
}

#[test]
fn tables_json_csv_and_calendar_carry_no_terminal_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let case = poison(&db).to_string();
    for args in [
        vec!["actions", "--case", &case, "--status", "all"],
        vec!["actions", "--case", &case, "--status", "all", "--json"],
        vec!["actions", "--case", &case, "--status", "all", "--csv"],
        vec!["case", &case],
        vec!["case", &case, "--json"],
        vec!["agenda", "--meeting", "2026-12-09"],
        vec!["agenda", "--meeting", "2026-12-09", "--csv"],
        vec!["agenda", "--meeting", "2026-12-09", "--json"],
        vec!["report", "--from", "2026-01-01", "--to", "2026-12-31"],
        vec!["calendar", "--out", "-"],
    ] {
        let out = ok(&db, &args);
        assert_no_controls(&format!("{args:?}"), &out.replace("\r\n", "\n"));
        assert!(
            !out.contains("[31m") && !out.contains("]0;"),
            "{args:?}: {out}"
        );
    }
    let table = ok(&db, &["case", &case]);
    assert!(
        table.contains("<script>alert('x')</script> Red Jones"),
        "plain text keeps the characters"
    );
    let agenda = ok(&db, &["agenda", "--meeting", "2026-12-09"]);
    assert!(agenda.contains("Red Jones"), "{agenda}");
    let ics = ok(&db, &["calendar", "--out", "-"]);
    assert!(
        !ics.contains("script") && !ics.contains("Jones"),
        "initials only: {ics}"
    );
}
