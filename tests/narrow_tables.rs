//! Issue 25: every table keeps to the terminal's width by one column policy
//! (`lookup::columns`): ids, dates, statuses, codes and roles are never cut, free
//! text is cut first into the whole width left, and a table whose uncut columns
//! cannot fit is printed one block a row.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::demo_cli::*;
use unicode_width::UnicodeWidthStr;

fn at(db: &std::path::Path, cols: u16, args: &[&str]) -> String {
    let o = rt_env(db, args, &[("COLUMNS", &cols.to_string())]);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8(o.stdout).unwrap();
    for l in out.lines() {
        assert!(l.width() <= cols.into(), "{args:?} at {cols}: {l}\n{out}");
    }
    out
}

/// The values a column holds whole, from the unfitted (piped, no COLUMNS) table.
fn column(db: &std::path::Path, args: &[&str], header: &str) -> Vec<String> {
    let o = rt(db, args);
    let out = String::from_utf8(o.stdout).unwrap();
    let head = out.lines().next().unwrap();
    let start = head.find(header).unwrap();
    let end = head[start + header.len()..]
        .find(|c: char| c != ' ')
        .map(|e| start + header.len() + e);
    out.lines()
        .skip(1)
        .filter(|l| !l.starts_with('-'))
        .map(|l| {
            let l: Vec<char> = l.chars().collect();
            let e = end.unwrap_or(l.len()).min(l.len());
            l[start.min(l.len())..e]
                .iter()
                .collect::<String>()
                .trim()
                .to_string()
        })
        .filter(|v| !v.is_empty())
        .collect()
}

#[test]
fn lists_keep_to_the_width_and_never_cut_a_status_or_role() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for cols in [60, 80, 100] {
        for args in [
            &["referral", "list"][..],
            &["members", "list"],
            &["meetings", "list"],
            &["actions"],
            &["audit"],
        ] {
            let out = at(&db, cols, args);
            for (header, cmd) in [
                ("SCREENING", &["referral", "list"][..]),
                ("STATUS", &["referral", "list"]),
                ("ROLE", &["members", "list"]),
                ("STATE", &["meetings", "list"]),
            ] {
                if cmd != args {
                    continue;
                }
                for v in column(&db, cmd, header) {
                    assert!(out.contains(&v), "{header} {v:?} whole at {cols}: {out}");
                }
            }
        }
    }
}

#[test]
fn actions_at_80_use_the_width_and_keep_ids_dates_and_status() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = at(&db, 80, &["actions"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains("Action"), "a table at 80: {out}");
    // Text is cut, so the table takes the whole width (its rule runs to column 80)
    // and no cut cell is shorter than its column but for a space before the `…`.
    assert!(out.contains('…'), "{out}");
    assert_eq!(lines[1].width(), 80, "{out}");
    for l in &lines[2..] {
        if l.ends_with('…') {
            assert!(l.width() >= 79, "a cut row uses the width: {l}\n{out}");
        }
    }
    let wide = String::from_utf8(rt(&db, &["actions"]).stdout).unwrap();
    for (w, n) in wide.lines().skip(2).zip(lines.iter().skip(2)) {
        // ID, due date and status: the first three columns, whole.
        let head: Vec<&str> = w.split("  ").filter(|s| !s.is_empty()).take(3).collect();
        for h in head {
            assert!(n.contains(h.trim()), "{h} in {n}");
        }
    }
}

#[test]
fn meetings_at_60_print_one_block_a_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = at(&db, 60, &["meetings", "list"]);
    assert!(out.starts_with("DATE "), "{out}");
    assert!(out.lines().any(|l| l.starts_with("AGENDA OUT  ")), "{out}");
    let wide = at(&db, 200, &["meetings", "list"]);
    assert!(
        wide.lines().next().unwrap().contains("AGENDA OUT"),
        "{wide}"
    );
}
