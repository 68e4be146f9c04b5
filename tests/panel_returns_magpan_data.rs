//! Issue 22: MAGPan's section 12 return is the `[return]` of data/panels/magpan.toml
//! (laid out in `[[return.section]]`s), so the file drives it: a section taken out of
//! the file is gone from every form of the report and a heading changed in the file is
//! changed in it, the rest byte for byte as before; a panel stored without `[return]`
//! (a database made before returns were data) prints the built-in MAGPan return, the
//! same as the golden files of tests/panel_returns_magpan.rs.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::Path;

use common::demo_cli::{demo_db, ok};

const SHIPPED: &str = include_str!("../data/panels/magpan.toml");

fn golden(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden/report")
            .join(name),
    )
    .unwrap()
}

/// Apply panel file `text` to the database.
fn apply(db: &Path, dir: &Path, text: &str) {
    let file = dir.join("panel.toml");
    std::fs::write(&file, text).unwrap();
    ok(db, &["panel", "update", "--panel", file.to_str().unwrap()]);
}

fn year(db: &Path, more: &[&str]) -> String {
    let mut a = vec!["report", "--from", "2026-01-01", "--to", "2026-12-31"];
    a.extend_from_slice(more);
    ok(db, &a)
}

const GENDER: &str = "[[return.section]]
kind = \"counts\"
title = \"Gender\"
key = \"by_gender\"
count = \"referrals\"
by = \"gender\"
";

/// The report text without the section headed `title` (its heading, its table and the
/// blank line before it).
fn without_section(text: &str, title: &str) -> String {
    let at = text.find(&format!("\n\n{title}\n")).unwrap() + 1;
    let end = at + 2 + text[at + 1..].find("\n\n").unwrap();
    format!("{}{}", &text[..at], &text[end..])
}

#[test]
fn the_panel_file_drives_magpans_return() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // The shipped file, as the demo's panel: its name and venue replace the demo's,
    // the return is the same one.
    apply(&db, dir.path(), SHIPPED);
    let text = year(&db, &[]);
    let csv = year(&db, &["--csv"]);
    let json: serde_json::Value = serde_json::from_str(&year(&db, &["--json"])).unwrap();
    // Only the panel's name differs from the golden files (the demo names its panel).
    let name_line = |t: &str| t.lines().nth(2).unwrap().to_string();
    let golden_text = golden("small-2026.txt");
    assert_eq!(
        text.replace(&name_line(&text), &name_line(&golden_text)),
        golden_text
    );
    assert_eq!(csv, golden("small-2026.csv"));

    // One section out, one heading changed: the report follows the file.
    assert!(SHIPPED.contains(GENDER));
    let changed = SHIPPED.replace(GENDER, "").replace(
        "title = \"Ward\"\n",
        "title = \"Ward of the home address\"\n",
    );
    apply(&db, dir.path(), &changed);
    let text2 = year(&db, &[]);
    assert!(!text2.contains("\nGender\n"), "{text2}");
    assert_eq!(
        text2,
        without_section(&text, "Gender").replace("\n\nWard\n", "\n\nWard of the home address\n")
    );
    let csv2 = year(&db, &["--csv"]);
    let kept: String = csv
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("by_gender,"))
        .collect();
    assert!(kept.len() < csv.len(), "the CSV had gender rows");
    assert_eq!(csv2, kept);
    let json2: serde_json::Value = serde_json::from_str(&year(&db, &["--json"])).unwrap();
    let mut expected = json.clone();
    assert!(expected["report"]
        .as_object_mut()
        .unwrap()
        .remove("by_gender")
        .is_some());
    assert_eq!(json2, expected);
    let html = year(&db, &["--html", "-"]);
    assert!(html.contains("Ward of the home address") && !html.contains(">Gender<"));

    // The sections in another order print in that order.
    let risk = "[[return.section]]\nkind = \"risk_and_closures\"\n";
    let attendance = "[[return.section]]\nkind = \"attendance\"\ntitle = \"Agency attendance\"\n";
    let moved = SHIPPED
        .replace(risk, "")
        .replace(attendance, &format!("{risk}{attendance}"));
    apply(&db, dir.path(), &moved);
    let text3 = year(&db, &[]);
    let (r, a) = (
        text3.find("\nRisk level at start and end").unwrap(),
        text3.find("\nAgency attendance (").unwrap(),
    );
    assert!(r < a, "{text3}");

    // Other age bands in the file: the ages are counted in those.
    let bands = "age_bands = [10, 14, 16, 18, 21, 25]\n";
    assert!(SHIPPED.contains(bands));
    apply(
        &db,
        dir.path(),
        &SHIPPED.replace(bands, "age_bands = [16, 18]\n"),
    );
    let text4 = year(&db, &[]);
    let at = text4.find("\nAge band (on the date received)\n").unwrap();
    let section = &text4[at..at + text4[at..].find("\n\n").unwrap()];
    let rows: Vec<&str> = section
        .lines()
        .skip(4)
        .map(|l| l.trim_start().split("  ").next().unwrap())
        .collect();
    assert!(
        rows.iter()
            .all(|r| ["under 16", "16-17", "18 and over", "not recorded"].contains(r)),
        "{section}"
    );
    assert!(
        rows.contains(&"16-17") && !section.contains("14-15"),
        "{section}"
    );

    // A file with no `[return]` (as a database made before returns were data holds
    // its panel): MAGPan's built-in return, byte for byte the shipped one.
    let cut = SHIPPED.find("\n# Section 12 (Monitoring").unwrap();
    apply(&db, dir.path(), &format!("{}\n", &SHIPPED[..cut]));
    assert_eq!(year(&db, &[]), text);
    assert_eq!(year(&db, &["--csv"]), csv);
    assert_eq!(year(&db, &["--exact", "--csv"]), {
        apply(&db, dir.path(), SHIPPED);
        year(&db, &["--exact", "--csv"])
    });
}

#[test]
fn a_bad_section_in_magpans_file_is_refused_by_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let file = dir.path().join("panel.toml");
    std::fs::write(
        &file,
        SHIPPED.replace(
            "count = \"referrals\"\nby = \"gender\"",
            "count = \"closures\"\nby = \"gender\"",
        ),
    )
    .unwrap();
    let o = common::demo_cli::rt(&db, &["panel", "update", "--panel", file.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = common::stderr(&o);
    assert!(
        err.contains("return.section 6 (Gender): by: closures cannot be broken down by gender"),
        "{err}"
    );
}

/// The lines after a blank line: the report's headings, in order (the attendance
/// heading without its number of meetings, the risk heading without its number of
/// cases).
fn headings(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].is_empty() && !w[1].starts_with(' '))
        .map(|w| {
            w[1].split(" (")
                .next()
                .unwrap()
                .split(" of the ")
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn a_database_from_before_returns_were_data_prints_the_same_sections() {
    // A database made by the release before the paperwork was data (its panel stored
    // with no `[return]`): the built-in MAGPan return, section for section.
    let dir = tempfile::tempdir().unwrap();
    let db = common::old_database(dir.path(), "release-schema2.db");
    let text = year(&db, &[]);
    let golden_text = golden("small-2026.txt");
    assert_eq!(headings(&text), headings(&golden_text));
    assert!(headings(&text).len() > 25, "{:?}", headings(&text));
    assert!(text.contains(": monitoring return (section 12), 2026-01-01 to 2026-12-31\n"));
    let csv = year(&db, &["--csv"]);
    let sections = |csv: &str| {
        let mut s: Vec<String> = csv
            .lines()
            .skip(2)
            .filter_map(|l| l.split(',').next().map(str::to_string))
            .collect();
        s.dedup();
        s
    };
    assert_eq!(sections(&csv), sections(&golden("small-2026.csv")));
}

#[test]
fn another_panel_may_lay_its_return_out_in_sections() {
    // The kinds are general: MARAC's file with sections instead of its tables.
    let shipped = include_str!("../data/panels/marac.toml");
    let at = shipped.find("\n[return]\n").unwrap();
    let file_text = format!(
        "{}\n[return]\ntitle = \"quarterly return\"\nfor_whom = \"the board\"\n\
         age_bands = [16, 18, 25]\n\
         [[return.section]]\nkind = \"referral_outcomes\"\ntitle = \"Cases referred\"\n\
         [[return.section]]\nkind = \"counts\"\ntitle = \"Referrals by age\"\n\
         key = \"ages\"\ncount = \"referrals\"\nby = \"age_band\"\n\
         [[return.section]]\nkind = \"attendance\"\ntitle = \"Who came\"\n",
        &shipped[..at]
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("marac.toml");
    std::fs::write(&file, file_text).unwrap();
    let db = dir.path().join("marac.db");
    let o = common::init_from_file(&db, &file);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let text = year(&db, &["--exact"]);
    assert_eq!(
        headings(&text),
        [
            "Multi-Agency Risk Assessment Conference: quarterly return, 2026-01-01 to 2026-12-31",
            "Cases referred",
            "Referrals by age",
            "Who came",
            "CONFIDENTIAL - NOT FOR PUBLICATION: exact counts, small numbers shown",
        ]
        .map(|h| h
            .split(" (")
            .next()
            .unwrap()
            .split(" of the ")
            .next()
            .unwrap()
            .to_string())
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("  Received ") && l.ends_with(" 0")),
        "{text}"
    );
    assert!(
        text.contains("Who came (0 meetings)\n  no meetings held in this period\n"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&year(&db, &["--json"])).unwrap();
    let keys: Vec<&String> = json["report"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "ages",
            "attendance_by_agency",
            "exact",
            "from",
            "meetings",
            "panel",
            "protective_marking",
            "referrals",
            "small_number_threshold",
            "to"
        ]
    );
    let html = year(&db, &["--html", "-"]);
    assert!(html.contains("For the board"), "{html}");
}
