//! DYO and CAMP from their own files, through the real binary (issue 20, forms as
//! data): `init` on each shipped panel, referrals of each panel's own form with its
//! checklist (003 Appendix 4 A; the CAMP referral form), and the answers in `case ID`.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::{ok, payload, rt, stderr};
use std::path::{Path, PathBuf};

fn shipped(name: &str) -> String {
    format!("{}/data/panels/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A new plain database for the panel `panel` (a path or a shipped name).
fn init(dir: &Path, panel: &str) -> PathBuf {
    let db = dir.join("panel.db");
    ok(&rt(&db, None, &["init", "--no-encrypt", "--panel", panel]));
    db
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

const CAMP_REFERRAL: &str = r#"
form = "camp"
date_referral_made = "2026-11-20"
by_officer = "DC Imogen Vasquez-Reilly"
from_agency = "Metropolitan Police"
reasons = ["dip_prolific", "complex_ppo"]
complex_ppo_details = "Wide range of support needs; known to MARAC"
first_name = "Tobiah"
surname = "Quennell"
borough = "Bromley"
dob = 1994-03-08
childcare = "yes"
children_ages = "4 and 7"
primary_drug = "Heroin"
primary_iv = "no"
consent = true
"#;

#[test]
fn init_takes_each_shipped_panel_file_by_path_and_by_name() {
    for (file, name, first) in [
        // 003 App 4A "Meeting Schedule": the fourth Thursday of every month.
        (
            "dyo.toml",
            "Deter Young Offenders Panel (DYO)",
            "2026-11-26  Thu  10:00",
        ),
        // 003 App 5A "Working Parameters": monthly (the second Tuesday, decided).
        (
            "camp.toml",
            "Case Assessment and Management Panel (CAMP)",
            "2026-12-08  Tue  10:00",
        ),
    ] {
        for panel in [shipped(file), file.trim_end_matches(".toml").to_string()] {
            let dir = tempfile::tempdir().unwrap();
            let db = dir.path().join("panel.db");
            let said = ok(&rt(&db, None, &["init", "--no-encrypt", "--panel", &panel]));
            assert!(said.contains(&format!("set up {name} in")), "{said}");
            let meetings = ok(&rt(&db, None, &["meetings", "list"]));
            assert!(meetings.contains(first), "{panel}: {meetings}");
            let statement: String = rusqlite::Connection::open(&db)
                .unwrap()
                .query_row("SELECT confidentiality_statement FROM panel", [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert!(statement.starts_with("PLACEHOLDER"), "{statement}");
        }
    }
}

#[test]
fn camp_form_1_a_referral_with_no_reason_ticked_is_refused_with_the_rule_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path(), "camp");
    let file = write(
        dir.path(),
        "r.toml",
        &CAMP_REFERRAL.replace(r#"["dip_prolific", "complex_ppo"]"#, "[]"),
    );
    let o = rt(&db, None, &["referral", "add", "--from", &file]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("  reasons: tick at least one main reason for referral (CAMP referral form, 1. Main reasons for referral)\n"),
        "{err}"
    );
    assert!(err.contains("referral not saved: 1 problem"), "{err}");
    let list = payload(&ok(&rt(
        &db,
        None,
        &["referral", "list", "--all", "--json"],
    )));
    assert_eq!(list.as_array().unwrap().len(), 0, "nothing saved");
}

#[test]
fn camp_answers_are_stored_per_field_and_shown_by_case_in_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path(), "camp");
    let file = write(dir.path(), "r.toml", CAMP_REFERRAL);
    let said = ok(&rt(&db, None, &["referral", "add", "--from", &file]));
    assert!(
        said.contains("referral #1 saved: Tobiah Quennell"),
        "{said}"
    );
    let text = ok(&rt(&db, None, &["case", "1"]));
    assert!(
        text.contains("Received                2026-11-20 from MPS"),
        "{text}"
    );
    for line in [
        "Referral form answers",
        "  Main reasons for referral: DIP client identified as prolific re-offender; Complex PPO",
        "  Age/s of children: 4 and 7",
        "  Primary drug used: Heroin",
        "  I consent to this referral being made: Yes",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    let case = payload(&ok(&rt(&db, None, &["case", "1", "--json"])));
    let answers = case["answers"].as_array().unwrap();
    let got: Vec<(&str, &str)> = answers
        .iter()
        .map(|a| (a["field"].as_str().unwrap(), a["value"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("reasons", "dip_prolific,complex_ppo"),
            ("borough", "bromley"),
            ("childcare", "yes"),
            ("children_ages", "4 and 7"),
            ("primary_drug", "2"),
            ("primary_iv", "no"),
            ("consent", "yes"),
        ]
    );
    // Core fields are the referral's own columns, not answers.
    assert!(!got.iter().any(|(f, _)| *f == "first_name" || *f == "dob"));
    let out = dir.path().join("case1.html");
    ok(&rt(
        &db,
        None,
        &["case", "1", "--html", out.to_str().unwrap()],
    ));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.contains("Referral form answers"),
        "the export has them"
    );
    assert!(html.contains("Age/s of children"), "{html}");
    let log = ok(&rt(&db, None, &["audit", "--case", "1"]));
    assert!(log.contains("referral_answer"), "change-logged: {log}");
}

#[test]
fn dyo_app_4a_catchment_area_needs_exactly_one_basis() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path(), &shipped("dyo.toml"));
    let referral = |catchment: &str| {
        format!(
            r#"
referring_agency = "YOT"
referrer = "Case officer, YOT"
name = "Kasimir Oyelaran"
date_of_birth = 2011-06-14
presenting_issues = "Repeated thefts with older peers"
catchment = {catchment}
"#
        )
    };
    let two = write(
        dir.path(),
        "two.toml",
        &referral(r#"["resident", "in_care"]"#),
    );
    let o = rt(&db, None, &["referral", "add", "--from", &two]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("  catchment: give the one basis the referral rests on: resident in, in the care of, or associating or offending within the borough (App 4A, Catchment area for the Panel)"),
        "{}",
        stderr(&o)
    );
    let one = write(dir.path(), "one.toml", &referral(r#""associating""#));
    let said = ok(&rt(&db, None, &["referral", "add", "--from", &one]));
    assert!(
        said.contains("referral #1 saved: Kasimir Oyelaran"),
        "{said}"
    );
    let text = ok(&rt(&db, None, &["case", "1"]));
    assert!(
        text.contains(
            "  Catchment: the young person is: actively associating or suspected of offending within the borough"
        ),
        "{text}"
    );
}

#[test]
fn a_form_named_on_a_panel_without_forms_is_refused_at_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path(), "magpan");
    let file = write(dir.path(), "r.toml", CAMP_REFERRAL);
    let o = rt(&db, None, &["referral", "add", "--from", &file]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("  form: this panel has no forms of its own"),
        "{}",
        stderr(&o)
    );
    let dyo = tempfile::tempdir().unwrap();
    let db = init(dyo.path(), "dyo");
    let o = rt(&db, None, &["referral", "add", "--from", &file]);
    assert!(
        stderr(&o).contains("  form: no form camp (one of dyo)"),
        "{}",
        stderr(&o)
    );
}
