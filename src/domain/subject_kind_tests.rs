//! Subject kinds end to end in the domain (issue 22, D1): MAVE-shaped forms (001
//! "MAVE Panel Group Referral"; "MAVE Panel Persons and Locations of Concern
//! Referral", whose two parts are joined by "OR", MV4) checked, the referral then
//! checked as every referral is, and routed to the item for its kind (001 "What is
//! the structure for a MAVE Panel meeting?" items 1-4). Every name and place is
//! invented.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::domain::agenda::AgendaItemDef;
use crate::domain::calendar::WorkingCalendar;
use crate::domain::case_items::{filter_problems, route_case, CaseFacts};
use crate::domain::intake::{check_referral, IntakeContext};
use crate::domain::paperwork::{check_form, FormDef, Paperwork};
use crate::domain::subject_kind::SubjectKind;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

const GROUP_FORM: &str = r#"
code = "group"
title = "Group referral"
subject = "group"
[[field]]
key = "referrer_agency"
label = "Agency"
core = "referring_agency"
other_agency = "OTHER"
[[field]]
key = "group_name"
label = "Name the group is known by"
core = "name"
required = true
[[field]]
key = "area"
label = "Area"
core = "area"
[[field]]
key = "size"
label = "How many young people"
type = "number"
core = "group_size"
[[field]]
key = "members"
label = "Young people"
type = "rows"
columns = ["Name", "DOB", "School/Employer"]
core = "members"
[[field]]
key = "harm"
label = "Nature of the harm"
type = "long_text"
core = "concerns"
required = true
"#;

const PL_FORM: &str = r#"
code = "concern"
title = "Persons and locations of concern"
subject = ["perpetrator", "location"]
[[field]]
key = "referrer_agency"
label = "Agency"
core = "referring_agency"
[[field]]
key = "poc_name"
label = "Person of concern: name"
core = "name"
subject = "perpetrator"
[[field]]
key = "poc_dob"
label = "Person of concern: date of birth"
type = "date"
core = "date_of_birth"
subject = "perpetrator"
[[field]]
key = "place"
label = "Location: address"
core = "name"
subject = "location"
[[field]]
key = "postcode"
label = "Location: postcode"
core = "postcode"
subject = "location"
[[field]]
key = "what"
label = "Location: description"
core = "description"
subject = "location"
[[field]]
key = "summary"
label = "Concerns"
type = "long_text"
core = "concerns"
required = true
"#;

const AGENDA: &str = r#"
[[agenda]]
number = 1
title = "Introductions"
kind = "introductions"
[[agenda]]
number = 2
title = "Confidentiality"
kind = "confidentiality"
[[agenda]]
number = 3
title = "Individuals"
kind = "cases"
subjects = ["person"]
[[agenda]]
number = 4
title = "Groups"
kind = "cases"
subjects = ["group"]
[[agenda]]
number = 5
title = "Perpetrators"
kind = "cases"
subjects = ["perpetrator"]
"#;

fn form(text: &str) -> FormDef {
    toml::from_str(text).expect("form parses")
}

fn agenda() -> Vec<AgendaItemDef> {
    #[derive(serde::Deserialize)]
    struct A {
        agenda: Vec<AgendaItemDef>,
    }
    toml::from_str::<A>(AGENDA).expect("agenda").agenda
}

fn agencies() -> Vec<(String, String)> {
    vec![
        ("POL".into(), "Police".into()),
        ("OTHER".into(), "Another agency".into()),
    ]
}

fn answers(v: Value) -> BTreeMap<String, Value> {
    serde_json::from_value(v).expect("a table")
}

fn ctx(forms: Vec<FormDef>) -> IntakeContext {
    IntakeContext {
        today: d("2026-11-25"),
        agencies: agencies(),
        meetings: vec![d("2026-12-09")],
        cutoff_days: 5,
        calendar: WorkingCalendar::england_and_wales(),
        agenda: agenda(),
        rules: Paperwork {
            forms,
            ..Paperwork::default()
        },
    }
}

#[test]
fn the_forms_of_each_kind_are_sound_and_a_stray_kind_is_named() {
    assert!(form(GROUP_FORM).problems("form[1]", &|_| true).is_empty());
    assert!(form(PL_FORM).problems("form[2]", &|_| true).is_empty());
    let mut bad = form(PL_FORM);
    bad.subject = crate::domain::paperwork::OneOrMany::Many(vec!["person".into(), "gang".into()]);
    let p = bad.problems("form[2]", &|_| true);
    assert!(p.iter().any(|s| s.contains("gang is not a kind")), "{p:?}");
    assert!(
        p.iter().any(|s| s.contains("poc_name") || s.contains("perpetrator is not a kind of this form")),
        "{p:?}"
    );
    // Members belong to a group's form, and need a Name column.
    let mut members = form(GROUP_FORM);
    members.subject = crate::domain::paperwork::OneOrMany::One("location".into());
    members.fields[4].columns = vec!["Who".into()];
    let p = members.problems("form[1]", &|_| true);
    assert!(
        p.iter()
            .any(|s| s.ends_with("members belong to a group's form")),
        "{p:?}"
    );
    assert!(
        p.iter().any(|s| s.ends_with("members need a Name column")),
        "{p:?}"
    );
}

#[test]
fn a_group_needs_no_date_of_birth_and_goes_to_the_groups_item() {
    let def = form(GROUP_FORM);
    let filled = check_form(
        &def,
        &answers(json!({
            "referrer_agency": "Hollins Youth Trust",
            "group_name": "Marlowe Court boys",
            "area": "Kennington",
            "size": 4,
            "members": [["Ezra Pellow", "2010-05-01", "Vane Academy"], ["Tobi Lark", "", ""]],
            "harm": "Seen running drugs for older males.",
        })),
        &agencies(),
        d("2026-11-25"),
    )
    .expect("the group form passes");
    assert_eq!(filled.form.subject, "group");
    assert_eq!(filled.form.area, "Kennington");
    assert_eq!(filled.form.group_size, "4");
    let members = filled.form.answers.iter().find(|a| a.field == "members");
    assert_eq!(
        members.map(|a| a.value.as_str()),
        Some("Ezra Pellow; 2010-05-01; Vane Academy\nTobi Lark; ; ")
    );
    let c = check_referral(&filled.form, &ctx(vec![def])).expect("the referral passes");
    assert_eq!(c.kind, SubjectKind::Group);
    assert_eq!(c.group_size, Some(4));
    assert_eq!(c.date_of_birth, None);
    assert!(
        c.warnings.iter().all(|w| w.field != "date_of_birth"),
        "no warning about a date of birth: {:?}",
        c.warnings
    );
    assert_eq!(c.item_number, 4, "item 2 of 001, the groups item");
}

#[test]
fn a_persons_and_locations_referral_is_exactly_one_of_the_two_mv4() {
    let def = form(PL_FORM);
    let check = |v: Value| check_form(&def, &answers(v), &agencies(), d("2026-11-25"));
    // Both parts: refused at the first field of the first part.
    let both = check(json!({
        "referrer_agency": "POL", "poc_name": "Dorian Vell", "place": "Arden Walk stairwell",
        "summary": "Older males meet children here.",
    }))
    .expect_err("both parts");
    assert_eq!(both[0].field, "poc_name");
    assert!(both[0].message.contains("not both"), "{both:?}");
    // Neither part.
    let neither = check(json!({"referrer_agency": "POL", "summary": "Something."}))
        .expect_err("neither part");
    assert!(neither[0]
        .message
        .contains("one of: perpetrator or location"));
    // A location: its part read, the person's part not asked.
    let loc = check(json!({
        "referrer_agency": "POL", "place": "Arden Walk stairwell", "postcode": "se11 4qt",
        "what": "Stairwell behind the chicken shop", "summary": "Older males meet children here.",
    }))
    .expect("a location passes");
    assert_eq!(loc.form.subject, "location");
    assert_eq!(loc.form.name, "Arden Walk stairwell");
    assert_eq!(loc.form.description, "Stairwell behind the chicken shop");
    let c = check_referral(&loc.form, &ctx(vec![def.clone()]));
    // No item of this agenda hears a location: refused, naming what each item takes.
    let e = c.expect_err("no locations item");
    assert_eq!(e[0].field, "subject");
    assert!(e[0].message.starts_with("a location: no item"), "{e:?}");
    assert!(e[0].message.contains("about groups"), "{e:?}");
    // A person of concern: dated, routed to the perpetrators item.
    let poc = check(json!({
        "referrer_agency": "POL", "poc_name": "Dorian Vell", "poc_dob": "1999-02-03",
        "summary": "Gives children lifts and gifts.",
    }))
    .expect("a person of concern passes");
    let c = check_referral(&poc.form, &ctx(vec![def])).expect("routed");
    assert_eq!(c.kind, SubjectKind::Perpetrator);
    assert_eq!(c.item_number, 5);
}

#[test]
fn subjects_route_each_kind_and_belong_to_a_cases_item() {
    let a = agenda();
    for (kind, item) in [
        (SubjectKind::Person, Some(3)),
        (SubjectKind::Group, Some(4)),
        (SubjectKind::Perpetrator, Some(5)),
        (SubjectKind::Location, None),
    ] {
        let f = CaseFacts {
            kind,
            ..CaseFacts::default()
        };
        assert_eq!(route_case(&a, &f).map(|i| i.number), item, "{kind:?}");
    }
    let mut wrong = agenda();
    wrong[0].subjects = vec![SubjectKind::Group];
    let p = filter_problems(&wrong);
    assert!(
        p.iter()
            .any(|s| s.starts_with("agenda item 1: subjects: only a cases item")),
        "{p:?}"
    );
}
