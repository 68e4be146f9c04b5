//! Issue 11, intake and dates: four-digit years everywhere a person types a date, an
//! age stated without a date of birth, and what `case` says about screening.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::new_panel::{self, Panel};

#[test]
fn two_digit_years_are_refused_in_referrals_and_commands_and_nothing_is_written() {
    let p = Panel::new();
    let before = p.dump();
    let f = p.write(
        "r.toml",
        r#"referring_agency = "EDU"
name = "Tamsin Vorley"
date_of_birth = "14/03/09"
concerns = "Seen carrying a blade near the canal."
date_received = "20/11/26"
"#,
    );
    let err = p.fails(&["referral", "add", "--from", f.to_str().unwrap()]);
    assert!(err.contains("date_of_birth"), "{err}");
    assert!(err.contains("date_received"), "{err}");
    assert!(err.contains("four digits"), "{err}");
    // `members retire 3 --on 1/12/26` recorded the year 0026.
    let err = p.fails(&["members", "retire", "3", "--on", "1/12/26"]);
    assert!(err.contains("four digits"), "{err}");
    assert_eq!(p.dump(), before, "nothing written");
    // The four-digit form of the same dates is taken.
    p.ok(&["members", "retire", "3", "--on", "1/12/2026"]);
    let on: String = p.q("SELECT retired_on FROM member WHERE id = 3");
    assert_eq!(on, "2026-12-01");
}

#[test]
fn a_date_of_birth_giving_an_impossible_age_is_an_error_not_a_warning() {
    let p = Panel::new();
    let f = p.write(
        "r.json",
        r#"{"referring_agency": "EDU", "name": "Tamsin Vorley", "date_of_birth": "1909-03-14",
            "concerns": "Seen carrying a blade.", "date_received": "2026-11-20"}"#,
    );
    let err = p.fails(&["referral", "add", "--from", f.to_str().unwrap()]);
    assert!(
        err.contains("date_of_birth: 1909-03-14 gives an age of 117"),
        "{err}"
    );
}

#[test]
fn a_stated_age_without_a_date_of_birth_places_the_person_and_is_marked_approximate() {
    // Issue 11: `age = 19` with no date of birth was dropped and the person listed
    // under 18 (Appendix D item 6) with YOS suggested.
    let p = Panel::new();
    let f = p.write(
        "r.toml",
        r#"referring_agency = "POL"
name = "Dario Fenwick-Oyelaran"
age = 19
concerns = "Named in two reports of county lines running."
date_received = "2026-11-16"
"#,
    );
    let o = p.run(&["referral", "add", "--from", f.to_str().unwrap()]);
    let (out, err) = (new_panel::out(&o), new_panel::err(&o));
    assert!(o.status.success(), "{err}");
    assert!(out.contains("agenda item 7"), "{out}");
    assert!(
        err.contains("placed by the stated age, aged 19 on 2026-11-16 (approximate)"),
        "{err}"
    );
    let (age, on): (i64, String) = p
        .store()
        .conn()
        .query_row("SELECT stated_age, stated_age_on FROM subject", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((age, on.as_str()), (19, "2026-11-16"));
    let case = p.ok(&["case", "1"]);
    assert!(
        case.contains("date of birth not known; aged 19 on 2026-11-16, about 19 today"),
        "{case}"
    );
    // The list places the person by the estimate and never shows it as a date.
    let list: serde_json::Value =
        serde_json::from_str(&p.ok(&["referral", "list", "--json"])).unwrap();
    let row = &list["referrals"][0];
    assert_eq!(row["age_approximate"], true, "{list}");
    assert!(row["date_of_birth"].is_null(), "{list}");
    // A later referral giving the real date of birth replaces the estimate.
    let f = p.write(
        "r2.json",
        r#"{"referring_agency": "YOS", "name": "Dario Fenwick-Oyelaran", "date_of_birth": "2007-06-01",
            "concerns": "Arrested with a knife.", "date_received": "2026-11-17"}"#,
    );
    p.ok(&[
        "referral",
        "add",
        "--from",
        f.to_str().unwrap(),
        "--subject",
        "1",
    ]);
    let (dob, age): (String, Option<i64>) = p
        .store()
        .conn()
        .query_row("SELECT date_of_birth, stated_age FROM subject", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((dob.as_str(), age), ("2007-06-01", None));
}

#[test]
fn a_stated_age_that_is_not_a_number_is_refused_at_its_field() {
    let p = Panel::new();
    let f = p.write(
        "r.json",
        r#"{"referring_agency": "EDU", "name": "Tamsin Vorley", "age": "about twenty",
            "concerns": "Seen carrying a blade.", "date_received": "2026-11-20"}"#,
    );
    let err = p.fails(&["referral", "add", "--from", f.to_str().unwrap()]);
    assert!(err.contains("age: 'about twenty' is not an age"), "{err}");
}

#[test]
fn section_11_case_text_says_who_screened_the_referral_and_when_and_the_postcode() {
    let p = Panel::new();
    let f = p.write(
        "r.json",
        r#"{"referring_agency": "EDU", "name": "Tamsin Vorley", "date_of_birth": "2010-03-14",
            "postcode": "HF2 7BN", "concerns": "Seen carrying a blade.", "date_received": "2026-11-16"}"#,
    );
    p.ok(&["referral", "add", "--from", f.to_str().unwrap()]);
    let help = p.ok(&["referral", "screen", "--help"]);
    assert!(help.contains("--by"), "{help}");
    p.ok(&[
        "referral",
        "screen",
        "1",
        "--intelligence",
        "--by",
        "DS Kite",
        "--on",
        "2026-11-20",
    ]);
    let case = p.ok(&["case", "1"]);
    assert!(
        case.contains("(by DS Kite on 2026-11-20)"),
        "screening by and on:\n{case}"
    );
    assert!(
        case.contains("Postcode") && case.contains("HF2 7BN"),
        "{case}"
    );
}

#[test]
fn the_intake_form_takes_a_stated_age_when_there_is_no_date_of_birth() {
    use common::harness::Harness;
    use ratatui::crossterm::event::KeyCode;
    let mut h = Harness::new();
    h.key(KeyCode::F(7));
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Right); // the first agency
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.typ("Dario Fenwick-Oyelaran");
    h.key(KeyCode::Tab); // date of birth: not known
    h.key(KeyCode::Tab);
    h.typ("19");
    for _ in 0..9 {
        h.key(KeyCode::Tab); // on to the concerns
    }
    h.typ("Named in two reports of county lines running.");
    h.ctrl('d');
    let age: i64 = h.q("SELECT stated_age FROM subject WHERE name = 'Dario Fenwick-Oyelaran'");
    assert_eq!(age, 19);
    let rows = h
        .store
        .referral_rows(
            h.store.panel_info(None).unwrap().id,
            h.meeting_date(),
            false,
        )
        .unwrap();
    let row = rows
        .iter()
        .find(|r| r.name == "Dario Fenwick-Oyelaran")
        .unwrap();
    assert_eq!(
        row.item,
        Some(7),
        "placed over 18 by the stated age: {}",
        row.placement
    );
}

#[test]
fn a_dry_run_for_someone_with_an_open_case_says_so() {
    use common::harness::Harness;
    let h = Harness::new();
    let (id, name, dob): (i64, String, String) = h
        .store
        .conn()
        .query_row(
            "SELECT r.id, s.name, s.date_of_birth FROM referral r JOIN subject s ON s.id = r.subject_id
             WHERE r.status = 'open' AND s.date_of_birth IS NOT NULL ORDER BY r.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("r.json");
    std::fs::write(
        &f,
        format!(
            r#"{{"referring_agency": "POL", "name": "{name}", "date_of_birth": "{dob}",
                "concerns": "Seen with a knife.", "date_received": "2026-11-20"}}"#
        ),
    )
    .unwrap();
    let o = std::process::Command::new(common::bin())
        .arg("--db")
        .arg(h.store.path())
        .args([
            "referral",
            "add",
            "--from",
            f.to_str().unwrap(),
            "--dry-run",
        ])
        .env("ROUNDTABLE_TODAY", "2026-11-25")
        .env_remove("ROUNDTABLE_DB")
        .output()
        .unwrap();
    let out = common::stdout(&o);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(out.contains("nothing saved"), "{out}");
    assert!(
        out.contains(&format!("their last referral (#{id}) is open")),
        "{out}"
    );
}
