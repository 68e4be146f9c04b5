//! Issue 22, gap row D1: subjects that are not a person, through the real binary
//! (`init --panel`, `referral add --from`) and the store. The panel is the shipped
//! DYO file with two more forms and two more items shaped on MAVE's (001 "MAVE Panel
//! Group Referral"; "MAVE Panel Persons and Locations of Concern Referral", its two
//! parts joined by "OR", MV4; items 2-4 of "What is the structure for a MAVE Panel
//! meeting?"):
//! - a group is taken with no date of birth, at the groups item, its members each a
//!   person of the case (role group_member);
//! - a group is known again by its name and area, a location by its postcode and
//!   description (however written); the same name in another area is only close;
//! - a person of concern is matched among persons of concern only, never linked to a
//!   person of the same name and date of birth;
//! - a persons-and-locations referral with both parts, or none, is refused and
//!   nothing is saved.
//!
//! Every name and place is invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::new_panel::{referral_id, Panel};

const EXTRA_ITEMS: &str = r#"
[[agenda]]
number = 6
title = "Groups of young people"
kind = "cases"
subjects = ["group"]
[[agenda]]
number = 7
title = "Persons and locations of concern"
kind = "cases"
subjects = ["perpetrator", "location"]
"#;

const EXTRA_FORMS: &str = r#"
[[form]]
code = "group"
title = "Group referral"
subject = "group"
[[form.field]]
key = "referring_agency"
label = "Agency"
core = "referring_agency"
[[form.field]]
key = "group_name"
label = "Name the group is known by"
core = "name"
required = true
[[form.field]]
key = "area"
label = "Area"
core = "area"
required = true
[[form.field]]
key = "size"
label = "Number of young people"
type = "number"
core = "group_size"
[[form.field]]
key = "members"
label = "Young people"
type = "rows"
columns = ["Name", "DOB", "School/Employer"]
core = "members"
[[form.field]]
key = "harm"
label = "Nature of the harm"
type = "long_text"
core = "concerns"
required = true

[[form]]
code = "concern"
title = "Persons and locations of concern"
subject = ["perpetrator", "location"]
[[form.field]]
key = "referring_agency"
label = "Agency"
core = "referring_agency"
[[form.field]]
key = "poc_name"
label = "Person of concern: name"
core = "name"
subject = "perpetrator"
[[form.field]]
key = "poc_dob"
label = "Person of concern: date of birth"
type = "date"
core = "date_of_birth"
subject = "perpetrator"
[[form.field]]
key = "place"
label = "Location: address"
core = "name"
subject = "location"
[[form.field]]
key = "postcode"
label = "Location: postcode"
core = "postcode"
subject = "location"
[[form.field]]
key = "what"
label = "Location: description"
core = "description"
subject = "location"
[[form.field]]
key = "summary"
label = "Concerns"
type = "long_text"
core = "concerns"
required = true
"#;

/// The DYO file with the two items after its item 5 and the two forms at its end.
fn panel() -> Panel {
    let p = Panel::empty();
    let shipped = std::fs::read_to_string(format!(
        "{}/data/panels/dyo.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let at = shipped.find("\n[[form]]").unwrap();
    let text = format!(
        "{}{EXTRA_ITEMS}{}\n{EXTRA_FORMS}",
        &shipped[..at],
        &shipped[at..]
    );
    let file = p.write("kinds.toml", &text);
    p.ok(&["init", "--no-encrypt", "--panel", file.to_str().unwrap()]);
    p
}

fn group(name: &str, area: &str) -> String {
    format!(
        r#"form = "group"
referring_agency = "POL"
group_name = "{name}"
area = "{area}"
size = 3
members = [["Ezra Pellow", "2011-05-01", "Vane Academy"], ["Tobi Lark", "2010-09-12", ""]]
harm = "Seen carrying parcels for older males"
"#
    )
}

fn location(postcode: &str, what: &str) -> String {
    format!(
        r#"form = "concern"
referring_agency = "POL"
place = "Stairwell B, Arden Walk"
postcode = "{postcode}"
what = "{what}"
summary = "Older males meet children here after school"
"#
    )
}

fn perpetrator(name: &str, born: &str) -> String {
    format!(
        r#"form = "concern"
referring_agency = "POL"
poc_name = "{name}"
poc_dob = {born}
summary = "Gives children lifts and gifts"
"#
    )
}

fn add(p: &Panel, file: &str, text: &str) -> std::process::Output {
    let f = p.write(&format!("{file}.toml"), text);
    p.run(&["referral", "add", "--from", f.to_str().unwrap()])
}

/// Take in a referral file (TOML); returns stdout.
fn refer(p: &Panel, file: &str, text: &str, extra: &[&str]) -> String {
    let f = p.write(&format!("{file}.toml"), text);
    let mut args = vec!["referral", "add", "--from", f.to_str().unwrap()];
    args.extend_from_slice(extra);
    p.ok(&args)
}

#[test]
fn a_group_needs_no_date_of_birth_and_its_members_are_people_of_its_case() {
    let p = panel();
    let said = refer(&p, "g1", &group("Marlowe Court boys", "Kennington"), &[]);
    assert!(said.contains("item 6 (Groups of young people)"), "{said}");
    assert!(!said.contains("date of birth"), "{said}");
    let id = referral_id(&said);
    let (kind, area, size): (String, String, i64) = p
        .store()
        .conn()
        .query_row(
            "SELECT s.kind, s.area, s.group_size FROM subject s JOIN referral r ON r.subject_id = s.id WHERE r.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (kind.as_str(), area.as_str(), size),
        ("group", "Kennington", 3)
    );
    let people = p
        .store()
        .case_people(roundtable::store::ReferralId(id))
        .unwrap();
    let names: Vec<(&str, &str)> = people
        .iter()
        .map(|x| (x.role.as_str(), x.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("group_member", "Ezra Pellow"),
            ("group_member", "Tobi Lark")
        ]
    );
    assert_eq!(people[0].date_of_birth, "2011-05-01".parse().ok());
    assert_eq!(people[0].details, "School/Employer: Vane Academy");
    // `case ID` heads it by its kind and area, not by a date of birth.
    let case = p.ok(&["case", &id.to_string()]);
    assert!(
        case.contains(&format!(
            "Case {id}: Group: Marlowe Court boys (Kennington)"
        )),
        "{case}"
    );
}

#[test]
fn a_group_is_known_by_name_and_area_and_a_location_by_postcode_and_description() {
    let p = panel();
    refer(&p, "g1", &group("Marlowe Court boys", "Kennington"), &[]);
    // The same group written otherwise: the one already waiting (refused as today).
    let again = add(&p, "g2", &group("marlowe  court BOYS", " kennington "));
    let e = common::new_panel::err(&again);
    assert!(!again.status.success());
    assert!(
        e.contains("Marlowe Court boys already has referral #1 waiting"),
        "{e}"
    );
    // The same name in another area: close, not the same; the panel chooses.
    let other = add(&p, "g3", &group("Marlowe Court boys", "Stockwell"));
    let e = common::new_panel::err(&other);
    assert!(!other.status.success(), "{e}");
    assert!(
        e.contains("#1 Group: Marlowe Court boys, Kennington"),
        "{e}"
    );
    let said = refer(
        &p,
        "g3b",
        &group("Marlowe Court boys", "Stockwell"),
        &["--new-subject"],
    );
    assert!(said.contains("referral #2"), "{said}");

    let said = refer(
        &p,
        "l1",
        &location("se11 4qt", "Stairwell behind the chicken shop"),
        &[],
    );
    assert!(
        said.contains("item 7 (Persons and locations of concern)"),
        "{said}"
    );
    let district: String = p.q("SELECT area FROM subject WHERE kind = 'location'");
    assert_eq!(
        district, "SE11",
        "a location is placed by its postcode district"
    );
    let again = add(
        &p,
        "l2",
        &location("SE114QT", "stairwell, behind the chicken-shop"),
    );
    let e = common::new_panel::err(&again);
    assert!(e.contains("already has referral #3 waiting"), "{e}");
    // Another place at the same postcode: close only.
    let near = add(&p, "l3", &location("SE11 4QT", "Garages behind Arden Walk"));
    assert!(common::new_panel::err(&near).contains("#3 Location: Stairwell B, Arden Walk, SE11"));
}

#[test]
fn a_person_of_concern_is_never_linked_to_a_person_and_form_3_is_one_part_only() {
    let p = panel();
    // A person (DYO's own form) and a person of concern of the same name and birth.
    let person = r#"form = "dyo"
referring_agency = "POL"
referrer = "Case officer, POL"
name = "Dorian Vell"
date_of_birth = 2012-02-03
gender = "Male"
catchment = "resident"
presenting_issues = "Thefts with older peers"
family = [["Ama Vell", "Mother", "41"]]
assessments = ["asset"]
assessment_dates = "ASSET 2026-10-12"
"#;
    let said = refer(&p, "person", person, &[]);
    assert!(said.contains("item 3"), "{said}");
    let said = refer(&p, "poc", &perpetrator("Dorian Vell", "2012-02-03"), &[]);
    assert!(said.contains("item 7"), "{said}");
    assert!(!said.contains("known"), "not linked to the person: {said}");
    let subjects: i64 = p.q("SELECT COUNT(*) FROM subject");
    assert_eq!(subjects, 2);

    let before = p.dump();
    let both = format!(
        "{}poc_name = \"Corin Slade\"\n",
        location("SE11 4QT", "Stairwell")
    );
    let o = add(&p, "both", &both);
    let e = common::new_panel::err(&o);
    assert!(!o.status.success());
    assert!(e.contains("not both"), "{e}");
    let none = "form = \"concern\"\nreferring_agency = \"POL\"\nsummary = \"Something\"\n";
    let e = common::new_panel::err(&add(&p, "none", none));
    assert!(e.contains("one of: perpetrator or location"), "{e}");
    assert_eq!(p.dump(), before, "nothing saved");
}

#[test]
fn the_mace_extract_counts_each_kind_and_names_no_person() {
    // 001 "How do we respond to the collective knowledge ...?": postcodes, areas of
    // concern, groups, perpetrators for the MACE panel, marked.
    let p = panel();
    refer(&p, "g1", &group("Marlowe Court boys", "Kennington"), &[]);
    refer(
        &p,
        "l1",
        &location("SE11 4QT", "Stairwell behind the chicken shop"),
        &[],
    );
    refer(&p, "poc", &perpetrator("Dorian Vell", "1999-02-03"), &[]);
    let text = p.ok(&[
        "extract",
        "--mace",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
    ]);
    let marking: String = p.q("SELECT protective_marking FROM panel");
    assert!(
        text.starts_with(&marking) && text.trim_end().ends_with(&marking),
        "{text}"
    );
    for line in [
        "groups               1",
        "persons of concern   1",
        "locations            1",
        "people               0",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    assert!(
        text.contains("Kennington           1") && text.contains("SE11                 1"),
        "{text}"
    );
    assert!(
        text.contains("case 3: Person of concern (case #3)"),
        "{text}"
    );
    assert!(text.contains("2 members known"), "{text}");
    for name in [
        "Dorian",
        "Vell",
        "Ezra",
        "Pellow",
        "Tobi Lark",
        "Arden Walk",
    ] {
        assert!(!text.contains(name), "{name} in the briefing: {text}");
    }
    let csv = p.ok(&[
        "extract",
        "--mace",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--csv",
    ]);
    assert_eq!(csv.lines().count(), 2 + 3 + 1, "{csv}");
    assert!(!csv.contains("Vell"), "{csv}");
    let json = p.ok(&[
        "extract",
        "--mace",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["mace"]["cases"].as_array().unwrap().len(), 3, "{json}");
    // Another period: nothing received.
    let empty = p.ok(&[
        "extract",
        "--mace",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
    ]);
    assert!(empty.contains("groups               0"), "{empty}");
    let e = p.fails(&[
        "extract",
        "--mace",
        "--from",
        "2026-11-30",
        "--to",
        "2026-11-01",
    ]);
    assert!(e.contains("is after --to"), "{e}");
}
