//! The form checker against the shipped DYO and CAMP forms (003 Appendix 4 A; the
//! CAMP referral form) and a few invented forms for what neither has.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::*;
use crate::domain::panel_def::{shipped_file, PanelDef, CAMP_TOML, DYO_TOML};
use crate::domain::paperwork::form::FormRule;

fn today() -> NaiveDate {
    "2026-11-25".parse().expect("date")
}

fn panel(text: &str) -> PanelDef {
    PanelDef::parse(text, &shipped_file).expect("shipped panel parses")
}

fn agencies(p: &PanelDef) -> Vec<(String, String)> {
    p.agencies
        .iter()
        .map(|a| (a.code.clone(), a.name.clone()))
        .collect()
}

fn answers(v: Value) -> BTreeMap<String, Value> {
    serde_json::from_value(v).expect("a table")
}

/// An invented CAMP referral that passes every rule.
fn camp_referral() -> Value {
    json!({
        "date_referral_made": "2026-11-20",
        "by_officer": "DC Imogen Vasquez-Reilly",
        "from_agency": "MPS",
        "reasons": ["dip_prolific", "complex_ppo"],
        "complex_ppo_details": "Wide range of support needs",
        "first_name": "Tobiah",
        "surname": "Quennell",
        "borough": "Bromley",
        "dob": "1994-03-08",
        "childcare": "no",
        "consent": true,
        "primary_drug": "Heroin",
        "primary_iv": "no",
    })
}

fn camp() -> (PanelDef, FormDef) {
    let p = panel(CAMP_TOML);
    let f = p.paperwork.form("camp").expect("camp form").clone();
    (p, f)
}

#[test]
fn camp_form_core_fields_fill_the_referral_and_the_rest_are_answers() {
    let (p, f) = camp();
    let got = check_form(&f, &answers(camp_referral()), &agencies(&p), today()).expect("passes");
    let r = &got.form;
    assert_eq!(r.form, "camp");
    assert_eq!(r.name, "Tobiah Quennell", "first name and surname joined");
    assert_eq!(r.date_of_birth, "1994-03-08");
    assert_eq!(r.date_received, "2026-11-20");
    assert_eq!(r.referring_agency, "MPS");
    assert_eq!(r.referrer_contact, "DC Imogen Vasquez-Reilly");
    assert!(
        r.concerns.starts_with("Main reasons for referral: DIP client identified as prolific re-offender; Complex PPO\nWide range"),
        "{}",
        r.concerns
    );
    let keys: Vec<&str> = r.answers.iter().map(|a| a.field.as_str()).collect();
    assert_eq!(
        keys,
        [
            "reasons",
            "borough",
            "childcare",
            "primary_drug",
            "primary_iv",
            "consent"
        ]
    );
    let drug = &r.answers[3];
    assert_eq!((drug.value.as_str(), drug.shown.as_str()), ("2", "Heroin"));
}

#[test]
fn camp_form_1_a_referral_with_no_reason_ticked_is_refused_with_the_rule_named() {
    let (p, f) = camp();
    let mut v = camp_referral();
    v["reasons"] = json!([]);
    let e = check_form(&f, &answers(v), &agencies(&p), today()).unwrap_err();
    assert_eq!(
        e,
        vec![FieldIssue::new(
            "reasons",
            "tick at least one main reason for referral (CAMP referral form, 1. Main reasons for referral)"
        )]
    );
}

#[test]
fn camp_form_details_are_required_only_when_their_box_is_ticked() {
    let (p, f) = camp();
    let mut v = camp_referral();
    v["reasons"] = json!("other");
    let e = check_form(&f, &answers(v.clone()), &agencies(&p), today()).unwrap_err();
    assert_eq!(e, vec![FieldIssue::new("other_reason_details", "required")]);
    // The Complex PPO details given with no Complex PPO box ticked are left out.
    v["other_reason_details"] = json!("Known to three agencies");
    let ok = check_form(&f, &answers(v), &agencies(&p), today()).expect("passes");
    assert_eq!(ok.warnings[0].field, "complex_ppo_details");
    assert!(
        !ok.form.concerns.contains("Wide range"),
        "{}",
        ok.form.concerns
    );
}

#[test]
fn camp_consent_no_is_refused_and_an_outside_referrer_is_kept_as_written() {
    let (p, f) = camp();
    let mut v = camp_referral();
    v["consent"] = json!("no");
    v["from_agency"] = json!("St Aldhelm's Night Shelter");
    let e = check_form(&f, &answers(v.clone()), &agencies(&p), today()).unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].message.starts_with("the client's consent"), "{}", e[0]);
    v["consent"] = json!("yes");
    let ok = check_form(&f, &answers(v), &agencies(&p), today()).expect("passes");
    // Gap D14: not a panel agency: the invited partners' code, the words as an answer.
    assert_eq!(ok.form.referring_agency, "OTH");
    assert!(ok
        .form
        .answers
        .iter()
        .any(|a| a.field == "from_agency" && a.value == "St Aldhelm's Night Shelter"));
}

#[test]
fn camp_form_values_are_read_by_type_and_unknown_keys_named() {
    let (p, f) = camp();
    let mut v = camp_referral();
    v["dob"] = json!("8th March");
    v["gender"] = json!("Unknown");
    v["childcare"] = json!("perhaps");
    v["shoe_size"] = json!(9);
    let e = check_form(&f, &answers(v), &agencies(&p), today()).unwrap_err();
    let fields: Vec<&str> = e.iter().map(|i| i.field.as_str()).collect();
    assert_eq!(fields, ["shoe_size", "gender", "dob", "childcare"], "{e:?}");
}

fn dyo_referral(catchment: Value) -> Value {
    json!({
        "referring_agency": "YOT",
        "referrer": "Case officer, YOT",
        "name": "Kasimir Oyelaran",
        "date_of_birth": "2011-06-14",
        "presenting_issues": "Repeated thefts with older peers",
        "catchment": catchment,
        "family": [{"name": "Dorcas Oyelaran", "relationship": "Mother", "age": "41"}],
    })
}

#[test]
fn dyo_app_4a_catchment_area_exactly_one_of_three_bases() {
    let p = panel(DYO_TOML);
    let f = p.paperwork.form("").expect("the only form");
    let check = |c: Value| check_form(f, &answers(dyo_referral(c)), &agencies(&p), today());
    let refused = |c: Value| check(c).unwrap_err();
    let want = "give the one basis the referral rests on: resident in, in the care of, or associating or offending within the borough (App 4A, Catchment area for the Panel)";
    assert_eq!(refused(json!([]))[0].message, want);
    assert_eq!(refused(json!(["resident", "in_care"]))[0].message, want);
    assert_eq!(refused(json!([]))[0].field, "catchment");
    let ok = check(json!(["associating"])).expect("one basis");
    let family = ok
        .form
        .answers
        .iter()
        .find(|a| a.field == "family")
        .expect("rows");
    assert_eq!(family.value, "Dorcas Oyelaran; Mother; 41");
}

#[test]
fn an_approval_step_holds_the_referral_until_approved_yes() {
    let mut f = FormDef {
        code: "t".into(),
        ..FormDef::default()
    };
    f.fields = vec![
        FieldDef {
            key: "name".into(),
            label: "Name".into(),
            core: Some(Core::Name),
            ..FieldDef::default()
        },
        FieldDef {
            key: "manager_approved".into(),
            label: "Approved by the referrer's manager".into(),
            kind: FieldType::YesNo,
            ..FieldDef::default()
        },
    ];
    f.rules = vec![FormRule {
        approved: Some("manager_approved".into()),
        message: "a manager signs the referral off".into(),
        ..FormRule::default()
    }];
    let go = |v: Value| check_form(&f, &answers(v), &[], today());
    let e = go(json!({"name": "Alys Brennock", "manager_approved": "no"})).unwrap_err();
    assert_eq!(
        e[0].to_string(),
        "manager_approved: not listed until approved: a manager signs the referral off"
    );
    assert!(go(json!({"name": "Alys Brennock", "manager_approved": true})).is_ok());
}

#[test]
fn an_issue_at_a_core_field_is_shown_at_the_forms_own_field() {
    let (_, f) = camp();
    assert_eq!(field_for(&f, "date_of_birth"), "dob");
    assert_eq!(field_for(&f, "name"), "first_name");
    assert_eq!(field_for(&f, "ward"), "ward", "no such field: as it is");
}

#[test]
fn a_rows_field_with_min_rows_needs_that_many_and_only_rows_take_it() {
    // MAVE's group form (001 "MAVE Panel Group Referral"; OPEN (13): two or more).
    let mut f = FormDef {
        code: "t".into(),
        ..FormDef::default()
    };
    f.fields = vec![FieldDef {
        key: "members".into(),
        label: "Young people".into(),
        kind: FieldType::Rows,
        columns: vec!["Name".into(), "DOB".into()],
        min_rows: 2,
        ..FieldDef::default()
    }];
    let go = |v: Value| check_form(&f, &answers(v), &[], today());
    let e = go(json!({"members": [["Ezra Pellow", ""], ["", ""]]})).unwrap_err();
    assert_eq!(e[0].to_string(), "members: at least 2 rows (1 given)");
    assert!(go(json!({"members": [["Ezra Pellow", ""], ["Tobi Lark", ""]]})).is_ok());
    assert!(go(json!({})).is_ok(), "not required: none is fine");
    let said = |f: &FormDef| {
        f.problems("form[1]", &|_| true)
            .contains(&"form[1].field[1].min_rows: only rows have rows".to_string())
    };
    assert!(!said(&f));
    f.fields[0].kind = FieldType::LongText;
    f.fields[0].columns.clear();
    assert!(said(&f));
}
