//! The chair's checklist (003 App 2B, 3 "Chairs guidance"): M2, M11, M12, M17 as
//! MAPPA's panel file writes them.

use super::*;
use crate::domain::paperwork::Rule;

fn item(key: &str, if_no: Option<IfNo>, decisions: &[&str]) -> ChecklistItem {
    ChecklistItem {
        key: key.into(),
        phase: String::new(),
        question: format!("Question {key}?"),
        answer: AnswerType::YesNo,
        options: vec![],
        if_no,
        decisions: decisions.iter().map(|d| d.to_string()).collect(),
        cite: String::new(),
    }
}

fn mappa() -> Vec<ChecklistItem> {
    vec![
        item("M2", Some(IfNo::Defer), &["deferred"]),
        item("M11", Some(IfNo::InformationAction), &[]),
        item("M12", Some(IfNo::InterimPlan), &[]),
        item("M17", Some(IfNo::Reason), &[]),
    ]
}

fn a<'a>(key: &'a str, answer: &'a str, note: &'a str) -> Answered<'a> {
    Answered { key, answer, note }
}

#[test]
fn app_2b_3_the_first_unanswered_question_is_named_with_how_many_more() {
    let got = checklist_missing(&mappa(), &[a("M2", "yes", "")], None, 0);
    assert_eq!(got, vec!["checklist M11 (Question M11?) and 2 more"]);
    let got = checklist_missing(
        &mappa(),
        &[a("M2", "yes", ""), a("M11", "yes", ""), a("M12", "yes", "")],
        None,
        0,
    );
    assert_eq!(got, vec!["checklist M17 (Question M17?)"]);
}

#[test]
fn app_2b_3_m2_no_needs_a_deferral_decision() {
    let answers = [
        a("M2", "no", ""),
        a("M11", "yes", ""),
        a("M12", "yes", ""),
        a("M17", "yes", ""),
    ];
    assert_eq!(
        checklist_missing(&mappa(), &answers, Some("rmp_agreed"), 0),
        vec!["M2 answered no: the case deferred"]
    );
    assert!(checklist_missing(&mappa(), &answers, Some("deferred"), 0).is_empty());
}

#[test]
fn app_2b_3_m11_no_needs_an_action_and_m12_no_an_interim_plan() {
    let answers = [
        a("M2", "yes", ""),
        a("M11", "no", ""),
        a("M12", "no", "  "),
        a(
            "M17",
            "no",
            "Disclosure would alert the offender to the victim's address",
        ),
    ];
    assert_eq!(
        checklist_missing(&mappa(), &answers, None, 0),
        vec![
            "M11 answered no: an information-gathering action",
            "M12 answered no: an interim plan"
        ]
    );
    let planned = [
        a("M2", "yes", ""),
        a("M11", "no", ""),
        a("M12", "no", "Daily police checks until the housing report"),
        a("M17", "yes", ""),
    ];
    assert!(checklist_missing(&mappa(), &planned, None, 1).is_empty());
}

#[test]
fn answers_are_checked_against_the_question_type() {
    let yn = item("M1", None, &[]);
    assert!(yn.check_answer("yes").is_ok());
    assert_eq!(
        yn.check_answer("maybe").unwrap_err(),
        "M1: answer yes or no"
    );
    assert_eq!(yn.check_answer(" ").unwrap_err(), "M1: give an answer");
    let mut c = item("M7", None, &[]);
    c.answer = AnswerType::Choice;
    c.options = vec!["Probation".into(), "Police".into()];
    assert!(c.check_answer("Police").is_ok());
    assert_eq!(
        c.check_answer("Housing").unwrap_err(),
        "M7: answer one of Probation, Police"
    );
}

#[test]
fn problems_name_their_key() {
    let mut bad = mappa();
    bad[0].decisions = vec!["adjourned".into()];
    bad[1].answer = AnswerType::Text;
    bad.push(item("M2", Some(IfNo::Defer), &[]));
    let known = |d: &str| d == "deferred";
    let p = checklist_problems(&bad, &known);
    assert_eq!(
        p,
        vec![
            "checklist[1].decisions: adjourned is not one of the panel's decisions",
            "checklist[2].if_no: only a yes_no question has a \"no\"",
            "checklist[5].key: M2 is used twice",
            "checklist[5].decisions: if_no = \"defer\" names the decisions that defer the case",
        ]
    );
    assert!(checklist_problems(&mappa(), &known).is_empty());
}

#[test]
fn a_measure_needs_a_scale_of_two_levels() {
    let m = vec![
        RiskMeasure {
            key: "rosh".into(),
            label: "Risk of serious harm".into(),
            scale: vec![
                "Low".into(),
                "Medium".into(),
                "High".into(),
                "Very high".into(),
            ],
            cite: String::new(),
        },
        RiskMeasure {
            key: "imminence".into(),
            label: "Imminence".into(),
            scale: vec!["Imminent".into()],
            cite: String::new(),
        },
    ];
    assert_eq!(
        measures_problems(&m),
        vec!["risk_measure[2].scale: at least two levels, lowest first"]
    );
}

#[test]
fn shipped_mappa_and_camp_files_carry_their_checklists_003_app_2b_3_and_5b_3() {
    use crate::domain::panel_def::{shipped_file, PanelDef, CAMP_TOML, MAPPA_TOML};
    let mappa = PanelDef::parse(MAPPA_TOML, &shipped_file).expect("mappa parses");
    let pw = &mappa.paperwork;
    let keys: Vec<&str> = pw.checklist.iter().map(|q| q.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "M1", "M2", "M3", "M4", "M5", "M6", "M7", "M9", "M10", "M11", "M12", "M14", "M15",
            "M16", "M17", "M18", "M19"
        ]
    );
    let m12 = pw.checklist.iter().find(|q| q.key == "M12").expect("M12");
    assert_eq!(m12.if_no, Some(IfNo::InterimPlan));
    assert!(
        pw.exclusion.mappa_levels.is_empty(),
        "MAPPA hears level 2 and 3"
    );
    assert_eq!(pw.risk_measures.len(), 6);
    assert!(pw.records.sharing && pw.records.escalations);
    assert_eq!(pw.cite.get(Rule::Escalation), Some("App 2C, Resolution"));
    let camp = PanelDef::parse(CAMP_TOML, &shipped_file).expect("camp parses");
    let c1 = &camp.paperwork.checklist[0];
    assert_eq!((c1.key.as_str(), c1.if_no), ("C1", Some(IfNo::Defer)));
    assert_eq!(camp.paperwork.checklist.len(), 14);
    assert!(camp.paperwork.records.sharing && !camp.paperwork.records.escalations);
}
