//! `roundtable init` (issue 4): a panel from a panel file into an empty database.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use chrono::NaiveDate;
use common::new_panel::{self, Panel, MEMBERS};
use roundtable::domain::calendar::WorkingCalendar;
use roundtable::domain::panel_def::PanelDef;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn init_sets_up_magpan_with_six_monthly_meetings_from_today() {
    let p = Panel::empty();
    let out = p.ok(&["init", "--no-encrypt"]);
    assert!(out.contains("Multi-Agency Gang Panel (MAGPan)"), "{out}");
    let store = p.store();
    let panel = store.only_panel().unwrap();
    let info = store.panel_info(Some(panel)).unwrap();
    assert_eq!(info.marking, "RESTRICTED");
    assert_eq!(info.cutoff_days, 15);
    let def = PanelDef::magpan();
    assert_eq!(store.agencies(panel).unwrap().len(), def.agencies.len());
    // Section 3.3 and the shipped pattern: second Wednesday of each month, from today.
    let dates: Vec<NaiveDate> = store
        .meeting_rows(panel, true)
        .unwrap()
        .iter()
        .map(|m| m.date)
        .collect();
    assert_eq!(
        dates,
        [
            d("2026-12-09"),
            d("2027-01-13"),
            d("2027-02-10"),
            d("2027-03-10"),
            d("2027-04-14"),
            d("2027-05-12")
        ]
    );
    let rows = store.meeting_rows(panel, true).unwrap();
    assert!(rows.iter().all(|m| m.state == "planned"
        && m.venue == def.venue
        && m.start_time.as_deref() == Some("10:00")));
    // No people yet: the standing roles are listed as still to fill.
    assert!(store
        .member_rows(panel, d(new_panel::TODAY), true)
        .unwrap()
        .is_empty());
    assert!(out.contains("standing roles with nobody yet"), "{out}");
    assert!(out.contains("Detective Inspector (POL; Chair)"), "{out}");
}

#[test]
fn init_with_meetings_count_and_a_members_file() {
    let p = Panel::empty();
    let members = p.write("members.toml", MEMBERS);
    let out = p.ok(&[
        "init",
        "--no-encrypt",
        "--members",
        members.to_str().unwrap(),
        "--meetings",
        "2",
    ]);
    assert!(out.contains("2 meetings"), "{out}");
    assert!(
        !out.contains("Detective Inspector (POL"),
        "the chair is filled: {out}"
    );
    let store = p.store();
    let panel = store.only_panel().unwrap();
    let rows = store
        .member_rows(panel, d(new_panel::TODAY), false)
        .unwrap();
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|m| (m.name.as_str(), m.agency.as_str(), m.role.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("Priya Denholm", "POL", "chair"),
            ("Gareth Tolland", "YOS", "vice_chair"),
            ("Nell Sarrazin", "SYV", "coordinator"),
            ("Bram Eskildsen", "NPS", "mappa_coordinator"),
            ("Owen Kastrup", "POL", "member"),
        ]
    );
    assert_eq!(rows[4].deputy_for, Some(rows[0].id), "deputy_for by name");
    assert_eq!(store.meeting_rows(panel, true).unwrap().len(), 2);
}

#[test]
fn init_refuses_a_database_that_holds_a_panel_and_changes_nothing() {
    let p = Panel::new();
    let before = p.dump();
    let o = p.run(&["init", "--no-encrypt"]);
    assert!(!o.status.success());
    let err = new_panel::err(&o);
    assert!(err.contains("already holds a panel"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert_eq!(p.dump(), before);
}

#[test]
fn init_checks_the_members_file_before_creating_anything() {
    let p = Panel::empty();
    let members = p.write(
        "members.toml",
        r#"
[[member]]
name = "Priya Denholm"
post = "Detective Inspector"
agency = "POL"
role = "chair"

[[member]]
name = ""
post = "Nurse"
agency = "NHS"
role = "boss"

[[member]]
name = "Owen Kastrup"
post = "Detective Sergeant"
agency = "POL"
deputy_for = "Nobody Here"
"#,
    );
    let err = p.fails(&[
        "init",
        "--no-encrypt",
        "--members",
        members.to_str().unwrap(),
    ]);
    for field in [
        "member[2].name: required",
        "member[2].agency: unknown agency 'NHS'",
        "member[2].role: 'boss' is not one of",
        "member[3].deputy_for",
    ] {
        assert!(err.contains(field), "{field} missing from: {err}");
    }
    assert!(err.contains("valid codes: POL, YOS"), "{err}");
    assert!(!p.db.exists(), "no database file was created");
}

#[test]
fn init_from_a_users_panel_file_resolves_files_beside_it() {
    let p = Panel::empty();
    let panel = p.write(
        "area.toml",
        &PANEL_EXAMPLE.replace("#RISK", "risk_scale_file = \"area_risk.toml\""),
    );
    p.write("area_statement.txt", "Everything said here stays here.\n");
    p.write(
        "area_risk.toml",
        "[[level]]\nname = \"Amber\"\ncolour = \"yellow\"\n[[level]]\nname = \"Red\"\ncolour = \"red\"\n",
    );
    p.ok(&["init", "--no-encrypt", "--panel", panel.to_str().unwrap()]);
    let store = p.store();
    let info = store.panel_info(None).unwrap();
    assert_eq!(info.name, "Ironbridge Youth Violence Panel");
    assert_eq!(info.statement, "Everything said here stays here.");
    assert_eq!(info.risk.names(), ["Amber", "Red"]);
    // First Tuesday of each month from 25 Nov 2026; 5 Jan 2027 is a working day.
    let dates: Vec<NaiveDate> = store
        .meeting_rows(info.id, true)
        .unwrap()
        .iter()
        .map(|m| m.date)
        .collect();
    let cal = WorkingCalendar::england_and_wales();
    assert_eq!(dates[0], d("2026-12-01"));
    assert_eq!(dates[1], d("2027-01-05"));
    assert!(dates.iter().all(|x| cal.is_working_day(*x)));
}

#[test]
fn init_falls_back_to_shipped_statement_and_refuses_unknown_pattern() {
    let p = Panel::empty();
    let text = PANEL_EXAMPLE
        .replace("area_statement.txt", "confidentiality_statement.txt")
        .replace("#RISK", "");
    let panel = p.write("area.toml", &text);
    p.ok(&["init", "--no-encrypt", "--panel", panel.to_str().unwrap()]);
    let info = p.store().panel_info(None).unwrap();
    assert!(info.statement.contains("Freedom of Information Act 2000"));

    let q = Panel::empty();
    let bad = q.write(
        "bad.toml",
        &text.replace("every = \"month\"", "every = \"fortnight\""),
    );
    let err = q.fails(&["init", "--no-encrypt", "--panel", bad.to_str().unwrap()]);
    // Issue 20: "month" is no longer the only pattern; "fortnight" is still not one.
    assert!(
        err.contains(
            "meeting_pattern.every: \"fortnight\": one of \"month\", \"weeks\", \"quarter\""
        ),
        "{err}"
    );
    assert!(!q.db.exists());
}

#[test]
fn readme_panel_example_sets_up_a_panel() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = &readme[readme.find("## Setting up a real panel").expect("section")..];
    let blocks: Vec<&str> = section
        .split("```toml\n")
        .skip(1)
        .map(|b| &b[..b.find("```").unwrap()])
        .collect();
    let p = Panel::empty();
    let panel = p.write("eastmere.toml", blocks[0]);
    // Issue 25: the example works as written: its statement is in the file.
    let members = p.write("members.toml", blocks[1]);
    let out = p.ok(&[
        "init",
        "--no-encrypt",
        "--panel",
        panel.to_str().unwrap(),
        "--members",
        members.to_str().unwrap(),
    ]);
    assert!(
        out.contains("Eastmere Serious Violence Panel (ESVP)"),
        "{out}"
    );
    let store = p.store();
    let info = store.panel_info(None).unwrap();
    assert_eq!(info.cutoff_days, 10);
    assert_eq!(info.marking, "OFFICIAL-SENSITIVE");
    assert!(info
        .statement
        .starts_with("Everything shared at this panel"));
    let members = store
        .member_rows(info.id, d(new_panel::TODAY), false)
        .unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(members[1].deputy_for, Some(members[0].id));
    // The README's referral example is taken in by this panel too.
    let referral = p.write("referral.toml", blocks[2]);
    p.ok(&["referral", "add", "--from", referral.to_str().unwrap()]);
}

const PANEL_EXAMPLE: &str = r#"
name = "Ironbridge Youth Violence Panel"
short_name = "IYVP"
protective_marking = "OFFICIAL-SENSITIVE"
venue = "Ironbridge Town Hall"
confidentiality_statement_file = "area_statement.txt"
#RISK

[meeting_pattern]
every = "month"
weekday = "Tuesday"
week_of_month = 1

[[agency]]
code = "POL"
name = "Police"
police = true
[[agency]]
code = "YOS"
name = "Youth Offending Service"

[[agenda]]
number = 1
title = "Who is here"
kind = "introductions"
[[agenda]]
number = 2
title = "Confidentiality"
kind = "confidentiality"
[[agenda]]
number = 3
title = "New referrals (under 18s)"
kind = "new_referrals_under_18"
[[agenda]]
number = 4
title = "New referrals (18 and over)"
kind = "new_referrals_over_18"
"#;

#[test]
fn section_5_5_a_name_twice_is_refused_and_a_deputy_from_another_agency_is_warned_of() {
    let p = Panel::empty();
    let twice = p.write(
        "twice.toml",
        r#"
[[member]]
name = "Cy Harlowe"
post = "Inspector"
agency = "POL"

[[member]]
name = "cy  harlowe"
post = "Sergeant"
agency = "POL"
"#,
    );
    let err = p.fails(&["init", "--no-encrypt", "--members", twice.to_str().unwrap()]);
    assert!(
        err.contains("member[2].name: 'cy  harlowe' is already member[1]"),
        "{err}"
    );
    assert!(!p.db.exists(), "no database file was created");
    let cross = p.write(
        "cross.toml",
        r#"
[[member]]
name = "Gareth Tolland"
post = "Operations Manager"
agency = "YOS"

[[member]]
name = "Owen Kastrup"
post = "Detective Sergeant"
agency = "POL"
deputy_for = "Gareth Tolland"
"#,
    );
    let o = p.run(&["init", "--no-encrypt", "--members", cross.to_str().unwrap()]);
    assert!(o.status.success(), "{}", new_panel::err(&o));
    assert!(
        new_panel::err(&o)
            .contains("member[2].deputy_for: deputy for Gareth Tolland of YOS, but of POL"),
        "{}",
        new_panel::err(&o)
    );
}

/// Issue 25: one value of the wrong type no longer hides the other problems: the
/// type error (with its line and key) and an unknown agency are both listed, one a
/// line, and nothing is set up. MARAC's shipped file (003 App 3A) with two mistakes.
#[test]
fn a_type_error_and_an_unknown_agency_are_reported_together() {
    let p = Panel::empty();
    let marac = include_str!("../data/panels/marac.toml");
    let at = marac.find("[[role]]").unwrap();
    let agency = at + marac[at..].find("agency = ").unwrap();
    let end = agency + marac[agency..].find('\n').unwrap();
    let mut bad = format!("{}agency = \"NOPE\"{}", &marac[..agency], &marac[end..]);
    let cutoff = bad.find("cutoff_working_days = ").unwrap();
    let end = cutoff + bad[cutoff..].find('\n').unwrap();
    bad.replace_range(cutoff..end, "cutoff_working_days = \"ten\"");
    let line = bad[..cutoff].matches('\n').count() + 1;
    let panel = p.write("bad_marac.toml", &bad);
    let err = p.fails(&["init", "--no-encrypt", "--panel", panel.to_str().unwrap()]);
    assert!(
        err.lines().any(|l| l.contains(&format!("line {line}, "))
            && l.contains("cutoff_working_days")
            && l.contains("\"ten\"")),
        "{err}"
    );
    assert!(
        err.lines().any(|l| l.contains("unknown agency NOPE")),
        "{err}"
    );
    assert!(err.contains("2 problems"), "{err}");
    assert!(!p.db.exists(), "nothing was set up");
}
