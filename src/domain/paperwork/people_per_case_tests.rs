//! `[people_per_case]` read against MARAC's shipped form (003 App 3A "Clients
//! consent", App 3B "Referral form").

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::*;
use crate::domain::paperwork::{check_form, Paperwork};

/// MARAC's paperwork, its meeting pattern aside (the cadence work reads it).
fn marac() -> Paperwork {
    let v: toml::Value = toml::from_str(crate::domain::panel_def::MARAC_TOML).expect("toml");
    Paperwork::from_toml(&v).expect("paperwork")
}

fn filled(p: &Paperwork, extra: &[(&str, Value)]) -> ReferralForm {
    let mut a: BTreeMap<String, Value> = BTreeMap::new();
    for (k, v) in [
        ("referrer_name", json!("PC Ilse Marrow")),
        ("referring_agency", json!("POL")),
        ("email", json!("ilse.marrow@example.org")),
        ("caada_risk_level", json!("High")),
        ("reasons", json!("Threats to kill after separation")),
    ] {
        a.insert(k.into(), v);
    }
    for (k, v) in extra {
        a.insert((*k).into(), v.clone());
    }
    let agencies = vec![("POL".to_string(), "Police".to_string())];
    let def = p.form("marac").expect("form");
    check_form(def, &a, &agencies, "2027-01-04".parse().unwrap())
        .expect("form passes")
        .form
}

#[test]
fn marac_people_per_case_is_sound_against_its_form() {
    let p = marac();
    let ppc = p.people_per_case.as_ref().expect("section");
    assert!(
        ppc.problems(&p.forms).is_empty(),
        "{:?}",
        ppc.problems(&p.forms)
    );
    assert_eq!(ppc.repeat_window_months, Some(12));
    let all = p.problems(&|_| true);
    assert!(all.is_empty(), "the whole paperwork is sound: {all:?}");
}

#[test]
fn app_3b_children_and_perpetrators_rows_are_people_with_roles() {
    let p = marac();
    let ppc = p.people_per_case.as_ref().unwrap();
    let form = filled(
        &p,
        &[
            ("consent", json!("yes")),
            ("children_in_household", json!("yes")),
            ("victim_name", json!("Orla Fennimore")),
            (
                "children",
                json!([
                    [
                        "Ciaran Fennimore",
                        "2019-05-02",
                        "M",
                        "",
                        "Hillside Primary"
                    ],
                    ["Aoife Fennimore", "2021-09-30", "F", "", ""]
                ]),
            ),
            (
                "perpetrators",
                json!([["Dermot Ashgrove", "1988-02-11", "", ""]]),
            ),
        ],
    );
    let def = p.form("marac").unwrap();
    let shape = ppc.shape(def, &form, &p.cite).expect("shape");
    assert!(!shape.anonymous);
    let got: Vec<(&str, &str, Option<String>)> = shape
        .people
        .iter()
        .map(|x| {
            (
                x.role.as_str(),
                x.name.as_str(),
                x.date_of_birth.map(|d| d.to_string()),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("child", "Ciaran Fennimore", Some("2019-05-02".into())),
            ("child", "Aoife Fennimore", Some("2021-09-30".into())),
            (
                "alleged_perpetrator",
                "Dermot Ashgrove",
                Some("1988-02-11".into())
            ),
        ]
    );
    assert_eq!(
        shape.people[0].details,
        "Sex: M; Name Of School: Hillside Primary"
    );
}

#[test]
fn app_3a_clients_consent_no_consent_and_no_children_is_anonymous_and_refuses_a_name() {
    let p = marac();
    let ppc = p.people_per_case.as_ref().unwrap();
    let def = p.form("marac").unwrap();
    let base = [
        ("consent", json!("no")),
        ("children_in_household", json!("no")),
        ("no_consent_reason", json!("Client declined; advice sought")),
    ];
    let form = filled(&p, &base);
    let shape = ppc
        .shape(def, &form, &p.cite)
        .expect("anonymous, nothing identifying");
    assert!(shape.anonymous);
    assert!(shape.people.is_empty());
    let mut named = base.to_vec();
    named.push(("victim_name", json!("Orla Fennimore")));
    named.push(("perpetrators", json!([["Dermot Ashgrove", "", "", ""]])));
    let errs = ppc.shape(def, &filled(&p, &named), &p.cite).unwrap_err();
    let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["victim_name", "perpetrators"]);
    assert!(
        errs[0].message.ends_with("(App 3A, Clients consent)"),
        "{}",
        errs[0].message
    );
}

#[test]
fn a_case_with_consent_needs_the_victims_name_and_a_perpetrator_row() {
    let p = marac();
    let ppc = p.people_per_case.as_ref().unwrap();
    let def = p.form("marac").unwrap();
    let form = filled(
        &p,
        &[
            ("consent", json!("yes")),
            ("children_in_household", json!("no")),
        ],
    );
    let errs = ppc.shape(def, &form, &p.cite).unwrap_err();
    let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["victim_name", "perpetrators"], "{errs:?}");
    assert!(
        errs[1].message.ends_with("(App 3B, Referral form)"),
        "{errs:?}"
    );
}

#[test]
fn app_3b_repeat_within_the_window_only() {
    let p = marac();
    let ppc = p.people_per_case.as_ref().unwrap();
    let received = "2027-03-01".parse().unwrap();
    assert!(ppc.is_repeat("2026-03-01".parse().unwrap(), received));
    assert!(!ppc.is_repeat("2026-02-28".parse().unwrap(), received));
    let def = p.form("marac").unwrap();
    let form = filled(
        &p,
        &[
            ("consent", json!("yes")),
            ("children_in_household", json!("no")),
        ],
    );
    let a = ppc.repeat_answers(def, &form, "2026-11-03".parse().unwrap());
    let got: Vec<(&str, &str)> = a
        .iter()
        .map(|x| (x.field.as_str(), x.value.as_str()))
        .collect();
    assert_eq!(
        got,
        [("is_repeat", "yes"), ("date_last_at_marac", "2026-11-03")]
    );
}

#[test]
fn problems_name_their_keys() {
    let p = marac();
    let mut ppc = p.people_per_case.clone().unwrap();
    ppc.rows[0].field = "kids".into();
    ppc.rows[1].name_column = "Nom".into();
    ppc.repeat_field = "date_last_at_marac".into();
    let got = ppc.problems(&p.forms);
    assert!(
        got.contains(&"people_per_case.rows[1].field: no form field kids".to_string()),
        "{got:?}"
    );
    assert!(
        got.contains(
            &"people_per_case.rows[2].name_column: 'Nom' is not a column of perpetrators"
                .to_string()
        ),
        "{got:?}"
    );
    assert!(
        got.contains(&"people_per_case: date_last_at_marac is not a yes_no field".to_string()),
        "{got:?}"
    );
}
