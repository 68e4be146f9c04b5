//! Issue 22, returns as data (REQUIREMENTS.md 9.2 row G5): a panel's own monitoring
//! return from the `[return]` of its file. A scripted MARAC history (two meetings held,
//! a family with two children, an anonymous case, a repeat) gives figures counted by
//! hand below; small numbers are suppressed at the panel's threshold, `--exact` gives
//! them marked not for publication; MAGPan's section 12 return is untouched (its golden
//! files are in tests/cli_documents.rs).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{bin, ok};

fn at(db: &Path, today: &str, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_CONFIG", "")
        .env("ROUNDTABLE_TODAY", today)
        .env("CI", "true")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// The shipped MARAC file with a monthly first-Tuesday pattern (meetings 2026-12-01,
/// 2027-01-05, 2027-02-02), so the dates below stay fixed.
fn marac_file(dir: &Path) -> String {
    let shipped = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/panels/marac.toml"
    ))
    .unwrap();
    let start = shipped.find("[meeting_pattern]").unwrap();
    let end = start + shipped[start..].find("\n\n").unwrap();
    let text = format!(
        "{}[meeting_pattern]\nevery = \"month\"\nweekday = \"Tuesday\"\nweek_of_month = 1\nstart_time = \"13:00\"{}",
        &shipped[..start],
        &shipped[end..]
    );
    write(dir, "marac.toml", &text)
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

const REFERRER: &str = r#"
referrer_name = "PC Ilse Marrow"
referring_agency = "POL"
email = "ilse.marrow@example.org"
caada_risk_level = "High"
reasons = "Threats to kill after separation"
selection = ["high_risk"]
"#;

fn family(received: &str, agency: &str) -> String {
    format!(
        r#"{}
date_received = {received}
consent = "yes"
children_in_household = "yes"
victim_name = "Orla Fennimore"
victim_dob = 1990-07-14
victim_address = "14 Larkspur Row, Bromley"
ethnic_origin = "White Irish"
children = [
  ["Ciaran Fennimore", "2019-05-02", "M", "", "Hillside Primary"],
  ["Aoife Fennimore", "2021-09-30", "F", "", ""],
]
perpetrators = [["Dermot Ashgrove", "1988-02-11", "9 Quarry Lane", ""]]
"#,
        REFERRER.replace("\"POL\"", &format!("\"{agency}\""))
    )
}

const ANONYMOUS: &str = r#"
date_received = 2026-11-19
consent = "no"
children_in_household = "no"
no_consent_reason = "No children: advice sought on a client who declines services"
"#;

/// Meeting `date` held, with `cases` heard (pages done), POL and CSC present and HOU
/// sending apologies, and one action per case for `agency`.
fn hold(db: &Path, date: &str, cases: &[i64], agency: &str) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.execute(
        "UPDATE meeting SET state = 'closed' WHERE date = ?1",
        [date],
    )
    .unwrap();
    for (status, code) in [("present", "POL"), ("present", "CSC"), ("apology", "HOU")] {
        c.execute(
            "INSERT INTO attendance (meeting_id, name, agency_id, status)
             SELECT m.id, 'Rep of ' || a.code, a.id, ?2 FROM meeting m, agency a
             WHERE m.date = ?1 AND a.code = ?3",
            rusqlite::params![date, status, code],
        )
        .unwrap();
    }
    for id in cases {
        c.execute(
            "INSERT INTO case_discussion (meeting_id, referral_id, agenda_item, position, decision,
                 decision_reasons, started_at, completed_at, item_kind)
             SELECT m.id, ?2, 4, ?2, 'actions_agreed', 'Plan agreed', ?1 || ' 13:20:00',
                 ?1 || ' 13:40:00', 'new_referrals' FROM meeting m WHERE m.date = ?1",
            rusqlite::params![date, id],
        )
        .unwrap();
        c.execute(
            "INSERT INTO action (meeting_id, referral_id, description, agency_id, due_on, created_at)
             SELECT m.id, ?2, 'Safety plan reviewed', a.id, ?1, ?1 || ' 13:30:00'
             FROM meeting m, agency a WHERE m.date = ?1 AND a.code = ?3",
            rusqlite::params![date, id, agency],
        )
        .unwrap();
    }
    c.execute("UPDATE referral SET status = 'closed' WHERE id IN (SELECT referral_id FROM case_discussion)", [])
        .unwrap();
}

fn report(db: &Path, to: &str, more: &[&str]) -> String {
    let mut args = vec!["report", "--from", "2026-10-01", "--to", to];
    args.extend_from_slice(more);
    ok(&at(db, "2027-03-31", &args))
}

#[test]
fn a_marac_return_counts_its_history_as_counted_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("marac.db");
    let file = marac_file(dir.path());
    ok(&at(
        &db,
        "2026-11-20",
        &["init", "--no-encrypt", "--panel", &file],
    ));
    let r1 = write(dir.path(), "r1.toml", &family("2026-11-19", "POL"));
    ok(&at(&db, "2026-11-20", &["referral", "add", "--from", &r1]));
    let r2 = write(dir.path(), "r2.toml", &format!("{REFERRER}{ANONYMOUS}"));
    ok(&at(&db, "2026-11-20", &["referral", "add", "--from", &r2]));
    hold(&db, "2026-12-01", &[1, 2], "CSC");
    // App 3B "Is this a repeat": the same victim within 12 months, from another agency.
    let r3 = write(dir.path(), "r3.toml", &family("2027-01-08", "CSC"));
    let said = ok(&at(&db, "2027-01-08", &["referral", "add", "--from", &r3]));
    assert!(
        said.contains("repeat referral: last heard on 2026-12-01"),
        "{said}"
    );
    hold(&db, "2027-02-02", &[3], "POL");

    // The quarter to 2026-12-31, exact: one meeting; cases 1 and 2 heard; no repeat;
    // case 1's two children; both referred by POL; case 2 anonymous; two CSC actions;
    // POL and CSC present once each (HOU's apology is not attendance).
    let q4 = report(&db, "2026-12-31", &["--exact"]);
    for line in [
        "NOT FOR PUBLICATION",
        "Meetings held: 1",
        "Cases heard (repeats included): 2",
        "Repeat cases heard: 0",
        "Children in the households of cases heard: 2",
    ] {
        assert!(q4.contains(line), "{line}\n{q4}");
    }
    let table = |text: &str, title: &str| -> Vec<String> {
        let after = text
            .split(&format!("\n{title}\n"))
            .nth(1)
            .unwrap_or_else(|| panic!("{title}\n{text}"));
        after
            .lines()
            .skip(2)
            .take_while(|l| !l.trim().is_empty())
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    };
    assert_eq!(
        table(&q4, "Cases heard, by referring agency"),
        ["POL 2", "total 2"]
    );
    assert_eq!(
        table(&q4, "Cases heard anonymously"),
        ["no 1", "yes 1", "total 2"]
    );
    assert_eq!(
        table(&q4, "Actions agreed, by agency"),
        ["CSC 2", "total 2"]
    );
    assert_eq!(
        table(&q4, "Agencies present (meetings attended)"),
        ["CSC 1", "POL 1", "total 2"]
    );
    assert_eq!(
        table(&q4, "Cases heard, by the victim's ethnicity"),
        ["White Irish 1", "not recorded 1", "total 2"]
    );

    // Two quarters: case 3, a repeat, heard in February with two more children.
    let both = report(&db, "2027-03-31", &["--exact"]);
    for line in [
        "Meetings held: 2",
        "Cases heard (repeats included): 3",
        "Repeat cases heard: 1",
        "Children in the households of cases heard: 4",
    ] {
        assert!(both.contains(line), "{line}\n{both}");
    }
    assert_eq!(
        table(&both, "Cases heard, by referring agency"),
        ["POL 2", "CSC 1", "total 3"]
    );

    // Published: every count from 1 to 4 withheld, zero shown, no exact marking.
    let published = report(&db, "2026-12-31", &[]);
    assert!(!published.contains("NOT FOR PUBLICATION"), "{published}");
    assert!(
        published.contains("Counts from 1 to 4 are shown as <5"),
        "{published}"
    );
    assert!(
        published.contains("Cases heard (repeats included): <5"),
        "{published}"
    );
    assert!(published.contains("Repeat cases heard: 0"), "{published}");
    assert_eq!(
        table(&published, "Cases heard anonymously"),
        ["no <5", "yes <5", "total <5"]
    );

    // JSON and CSV carry the same figures, marked.
    let v = common::payload(&report(&db, "2026-12-31", &["--exact", "--json"]));
    let tables = v["tables"].as_array().unwrap();
    let heard = tables
        .iter()
        .find(|t| t["count"] == "cases_heard" && t["by"].is_null())
        .unwrap();
    assert_eq!(heard["total"], 2);
    let csv = report(&db, "2026-12-31", &["--csv"]);
    assert!(csv.contains("Repeat cases heard,total,0"), "{csv}");
    assert!(csv.contains("CONFIDENTIAL"), "{csv}");
}

#[test]
fn a_bad_return_in_a_panel_file_is_refused_by_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let shipped = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/panels/camp.toml"
    ))
    .unwrap()
    .replace(
        "count = \"closures\"\nby = \"closure_reason\"",
        "count = \"children\"\nby = \"gender\"",
    );
    let file = write(dir.path(), "camp.toml", &shipped);
    let o = at(
        &db,
        "2026-11-20",
        &["init", "--no-encrypt", "--panel", &file],
    );
    assert!(!o.status.success());
    let e = common::stderr(&o);
    assert!(
        e.contains("return.table 4 (Cases closed, by reason): by: children counts cannot be broken down by gender (they take no breakdown)"),
        "{e}"
    );
}
