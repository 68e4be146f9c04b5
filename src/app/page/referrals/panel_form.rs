//! F7's intake form for a panel with its own form (`[[form]]`, issue 20): the fields
//! built from the panel file in its order, read back as the answers a referral file
//! gives, and checked by the same functions as `referral add --from FILE`. A panel
//! with no `[[form]]` (MAGPan) keeps its Appendix A form exactly as before
//! (`form.rs`). A multi-choice field is one yes/no line per option ("tick all that
//! apply"); a panel with several forms (MAVE's three) takes in the one chosen on the
//! list (`f`, the next form).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::Value;

use crate::app::form::{Bind, Field, Form, Kind};
use crate::domain::intake::{FieldIssue, ReferralForm};
use crate::domain::paperwork::{check_form_with, field_for, Core, FieldType, FormDef};
use crate::store::meeting::MeetingData;

/// The panel's form F7 takes in, if it has one: its `at`-th (the first when there is
/// no such).
pub(super) fn form_def(data: &MeetingData, at: usize) -> Option<&FormDef> {
    let forms = &data.panel.paperwork.forms;
    forms.get(at).or_else(|| forms.first())
}

/// Where the answers typed so far are kept between openings.
pub(super) fn draft_key(def: &FormDef) -> String {
    format!("intake:form:{}", def.code)
}

const NOT_GIVEN: &str = "not given";

fn label(f: &crate::domain::paperwork::FieldDef) -> String {
    let hint = match f.kind {
        FieldType::Date => " (YYYY-MM-DD)",
        FieldType::Rows => " (one per line, cells split by ;)",
        _ => "",
    };
    let when = f.when.as_ref().map_or(String::new(), |w| {
        format!(" [only if {} is given]", w.field)
    });
    let star = if f.required { " *" } else { "" };
    format!("{}{hint}{star}{when}", f.label.trim())
}

fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The form for `def`, filled from `answers` (a draft, or none).
pub(super) fn build(def: &FormDef, answers: &BTreeMap<String, Value>) -> Form {
    let mut fields = vec![];
    for f in &def.fields {
        let given = answers.get(&f.key);
        let bind = Bind::Answer(f.key.clone());
        match f.kind {
            FieldType::Choice | FieldType::YesNo => {
                let mut options = vec![NOT_GIVEN.to_string()];
                let codes: Vec<String> = if f.kind == FieldType::YesNo {
                    options.extend(["Yes".to_string(), "No".to_string()]);
                    vec!["yes".into(), "no".into()]
                } else {
                    options.extend(f.options.iter().map(|o| o.label().to_string()));
                    f.options.iter().map(|o| o.code()).collect()
                };
                let now = text_of(given);
                let sel = codes.iter().position(|c| *c == now).map(|i| i + 1);
                fields.push(Field::choice(&label(f), bind, options, sel.or(Some(0))));
            }
            FieldType::MultiChoice => {
                let ticked: Vec<String> = match given {
                    Some(Value::Array(a)) => a.iter().map(|v| text_of(Some(v))).collect(),
                    _ => vec![],
                };
                for o in &f.options {
                    let on = ticked.contains(&o.code());
                    fields.push(Field::choice(
                        &format!("{}: {}", f.label.trim(), o.label()),
                        Bind::AnswerOption(f.key.clone(), o.code()),
                        vec!["no".into(), "yes".into()],
                        Some(usize::from(on)),
                    ));
                }
            }
            _ => {
                let multiline = matches!(f.kind, FieldType::LongText | FieldType::Rows);
                fields.push(Field::text(&label(f), bind, &text_of(given), multiline));
            }
        }
    }
    Form::new(fields)
}

/// The answers on screen, as a referral file would give them.
pub(super) fn read(def: &FormDef, form: &Form) -> BTreeMap<String, Value> {
    let mut out: BTreeMap<String, Value> = BTreeMap::new();
    for field in &form.fields {
        match (&field.bind, &field.kind) {
            (Bind::Answer(key), Kind::Text(t)) => {
                out.insert(key.clone(), Value::String(t.value()));
            }
            (Bind::Answer(key), Kind::Choice { committed, .. }) => {
                let Some(f) = def.field(key) else { continue };
                let code = match (f.kind, committed) {
                    (_, None | Some(0)) => String::new(),
                    (FieldType::YesNo, Some(1)) => "yes".into(),
                    (FieldType::YesNo, Some(_)) => "no".into(),
                    (_, Some(i)) => f.options.get(i - 1).map(|o| o.code()).unwrap_or_default(),
                };
                out.insert(key.clone(), Value::String(code));
            }
            (Bind::AnswerOption(key, code), Kind::Choice { committed, .. }) => {
                let list = out
                    .entry(key.clone())
                    .or_insert_with(|| Value::Array(vec![]));
                if let (Value::Array(a), Some(1)) = (list, committed) {
                    a.push(Value::String(code.clone()));
                }
            }
            _ => {}
        }
    }
    out
}

/// What the destination line needs while the form is incomplete: the date received
/// and the urgent flag, when they are typed.
pub(super) fn core_so_far(def: &FormDef, form: &Form, today: NaiveDate) -> ReferralForm {
    let answers = read(def, form);
    let mut f = ReferralForm::new(today);
    let got = |c: Core| {
        def.core_field(c)
            .and_then(|x| answers.get(&x.key))
            .map(|v| text_of(Some(v)))
            .filter(|s| !s.trim().is_empty())
    };
    if let Some(d) = got(Core::DateReceived) {
        f.date_received = d;
    }
    f.urgent = got(Core::Urgent).is_some_and(|u| u == "yes");
    f
}

/// Check the form on screen: the referral to take in, or every problem at the
/// form's own fields; `override_reason` the coordinator's override of a failed
/// checklist (MV1, `override_checklist.rs`).
pub(super) fn check(
    def: &FormDef,
    form: &Form,
    agencies: &[(String, String)],
    today: NaiveDate,
    override_reason: Option<&str>,
) -> Result<(ReferralForm, Vec<FieldIssue>), Vec<FieldIssue>> {
    check_form_with(def, &read(def, form), agencies, today, override_reason)
        .map(|f| (f.form, f.warnings))
}

/// The panel file's hints (`[[form.warn]]`, MV12) the answers on screen bring up, as
/// they are typed.
pub(super) fn hints(def: &FormDef, form: &Form) -> Vec<FieldIssue> {
    crate::domain::paperwork::form_warnings(def, &read(def, form))
}

/// Problems the checks every referral has found, at the form's own fields.
pub(super) fn at_fields(def: &FormDef, issues: Vec<FieldIssue>) -> Vec<FieldIssue> {
    issues
        .into_iter()
        .map(|i| FieldIssue::new(field_for(def, &i.field), i.message))
        .collect()
}
