//! `referral add --from FILE` for a panel with its own form (`[[form]]`, issue 20):
//! the file names its form (`form = "camp"`; a panel with one form may leave it out)
//! and gives its fields by key; the form's checks and checklist rules run first, then
//! the checks every referral has. A panel with no form (MAGPan) reads Appendix A's
//! keys (`referral_file.rs`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::Value;

use crate::domain::intake::{FieldIssue, ReferralForm};
use crate::domain::paperwork::{check_form_with, field_for, FormDef, Paperwork};

/// The referral form a file fills on a panel with forms: the form it names, and
/// either the referral to take in (with its notes) or every problem, each at the
/// form's own field.
pub(super) struct FromForm {
    pub def: FormDef,
    pub filled: Result<(ReferralForm, Vec<FieldIssue>), Vec<FieldIssue>>,
}

/// Fill `paperwork`'s form from a referral file's `value`; `agencies` are the
/// panel's `(code, name)`; `override_checklist` the coordinator's reason to take it in
/// although its checklist fails (MAVE MV1). Errors: the file names no form of the panel's.
pub(super) fn from_form(
    value: &Value,
    paperwork: &Paperwork,
    agencies: &[(String, String)],
    today: NaiveDate,
    override_checklist: Option<&str>,
) -> Result<FromForm, FieldIssue> {
    let Value::Object(map) = value else {
        return Err(FieldIssue::new("file", "expected a table of fields"));
    };
    let named = match map.get("form") {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(FieldIssue::new("form", "expected the form's code as text")),
    };
    let def = paperwork
        .form(&named)
        .map_err(|e| FieldIssue::new("form", e))?
        .clone();
    let answers: BTreeMap<String, Value> = map
        .iter()
        .filter(|(k, _)| k.as_str() != "form")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let filled = check_form_with(&def, &answers, agencies, today, override_checklist)
        .map(|f| (f.form, f.warnings));
    Ok(FromForm { def, filled })
}

/// Problems the checks every referral has found (at `date_of_birth`, `name`), shown
/// at the form's own fields (`dob`, `first_name`).
pub(super) fn at_form_fields(def: &FormDef, issues: &[FieldIssue]) -> Vec<FieldIssue> {
    issues
        .iter()
        .map(|i| FieldIssue::new(field_for(def, &i.field), i.message.clone()))
        .collect()
}
