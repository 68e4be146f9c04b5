//! Tests of the `[[form]]` definitions and their problems.

use super::*;

fn form(toml_text: &str) -> FormDef {
    toml::from_str(toml_text).expect("form parses")
}

const BASE: &str = r#"
    code = "t"
    title = "Test"
    [[field]]
    key = "name"
    label = "Name"
    core = "name"
    [[field]]
    key = "agency"
    label = "From"
    core = "referring_agency"
    [[field]]
    key = "why"
    label = "Why"
    type = "long_text"
    core = "concerns"
"#;

#[test]
fn a_sound_form_has_no_problems_and_options_have_codes() {
    let mut f = form(BASE);
    f.fields.push(FieldDef {
        key: "borough".into(),
        label: "Borough".into(),
        kind: FieldType::Choice,
        options: vec![
            OptionDef::Label("Bromley".into()),
            OptionDef::Coded {
                code: "other".into(),
                label: "Other".into(),
            },
        ],
        ..FieldDef::default()
    });
    assert!(f.problems("form[1]", &|_| true).is_empty());
    let b = f.field("borough").expect("field");
    assert_eq!(
        b.option("BROMLEY").map(OptionDef::code),
        Some("bromley".into())
    );
    assert_eq!(b.option("Other").map(OptionDef::code), Some("other".into()));
}

#[test]
fn each_problem_names_its_key() {
    let mut f = form(BASE);
    f.fields[0].core = None;
    f.fields.push(FieldDef {
        key: "kids".into(),
        label: "Ages of children".into(),
        when: Some(When {
            field: "childcare".into(),
            is: OneOrMany::One("yes".into()),
        }),
        ..FieldDef::default()
    });
    f.rules.push(FormRule {
        any_of: vec!["why".into()],
        all_of: vec!["name".into()],
        message: "m".into(),
        ..FormRule::default()
    });
    let p = f.problems("form[1]", &|_| true);
    assert!(p.iter().any(|s| s.contains("core = \"name\"")), "{p:?}");
    assert!(
        p.iter()
            .any(|s| s.starts_with("form[1].field[4].when.field: no field childcare")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|s| s.starts_with("form[1].rule[1]: give exactly one")),
        "{p:?}"
    );
}
