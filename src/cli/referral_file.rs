//! A referral arriving as structured data: a TOML or JSON file with the fields of
//! Appendix A and section 12, read into the same [`ReferralForm`] a terminal form
//! fills. Type problems are reported per field, like the form's checks.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::CliError;
use crate::domain::age::age_on;
use crate::domain::intake::{parse_date, FieldIssue, HouseholdForm, ReferralForm};

/// Every key a referral file may hold, with the form field each fills.
const TEXT_KEYS: &[(&str, &str)] = &[
    ("referring_agency", "referring_agency"),
    ("agency", "referring_agency"),
    ("referrer_contact", "referrer_contact"),
    ("agency_contact", "referrer_contact"),
    ("name", "name"),
    ("date_of_birth", "date_of_birth"),
    ("dob", "date_of_birth"),
    ("address", "address"),
    ("home_address", "address"),
    ("ethnicity", "ethnicity"),
    ("education_employment", "education_employment"),
    ("awareness", "awareness"),
    ("concerns", "concerns"),
    ("other_referrals", "other_referrals"),
    ("date_received", "date_received"),
    ("gender", "gender"),
    ("postcode", "postcode"),
    ("ward", "ward"),
    ("welfare_legal_status", "welfare_legal_status"),
    ("criminal_legal_status", "criminal_legal_status"),
    ("core_reason", "core_reason"),
    ("cse_issue", "cse_issue"),
    ("radicalisation_issue", "radicalisation_issue"),
    ("named_gang", "named_gang"),
    ("mappa_category", "mappa_category"),
    ("mappa_level", "mappa_level"),
];

fn slot<'a>(f: &'a mut ReferralForm, field: &str) -> &'a mut String {
    match field {
        "referring_agency" => &mut f.referring_agency,
        "referrer_contact" => &mut f.referrer_contact,
        "name" => &mut f.name,
        "date_of_birth" => &mut f.date_of_birth,
        "address" => &mut f.address,
        "ethnicity" => &mut f.ethnicity,
        "education_employment" => &mut f.education_employment,
        "awareness" => &mut f.awareness,
        "concerns" => &mut f.concerns,
        "other_referrals" => &mut f.other_referrals,
        "date_received" => &mut f.date_received,
        "gender" => &mut f.gender,
        "postcode" => &mut f.postcode,
        "ward" => &mut f.ward,
        "welfare_legal_status" => &mut f.welfare_legal_status,
        "criminal_legal_status" => &mut f.criminal_legal_status,
        "core_reason" => &mut f.core_reason,
        "cse_issue" => &mut f.cse_issue,
        "radicalisation_issue" => &mut f.radicalisation_issue,
        "named_gang" => &mut f.named_gang,
        "mappa_category" => &mut f.mappa_category,
        _ => &mut f.mappa_level,
    }
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(x) => Value::from(x),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// Text from a value: strings as they are, whole numbers written out, nothing for null.
fn as_text(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        Value::Null => Ok(String::new()),
        Value::Number(n) => Err(format!("{n} is not a whole number or text")),
        Value::Bool(b) => Err(format!("{b} is not text")),
        Value::Array(_) => Err("a list, not text".into()),
        Value::Object(_) => Err("a table, not text".into()),
    }
}

fn as_flag(v: &Value) -> Result<bool, String> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) => match s.trim().to_lowercase().as_str() {
            "yes" | "true" | "y" => Ok(true),
            "no" | "false" | "n" | "" => Ok(false),
            _ => Err(format!("'{s}' is not true or false")),
        },
        Value::Null => Ok(false),
        _ => Err("expected true or false".into()),
    }
}

fn household(v: &Value, errors: &mut Vec<FieldIssue>) -> Vec<HouseholdForm> {
    let Value::Array(rows) = v else {
        errors.push(FieldIssue::new(
            "household",
            "expected a list of {name, dob_or_age, relationship}",
        ));
        return vec![];
    };
    let mut out = vec![];
    for (i, row) in rows.iter().enumerate() {
        let at = |f: &str| format!("household[{}].{f}", i + 1);
        let Value::Object(m) = row else {
            errors.push(FieldIssue::new(
                format!("household[{}]", i + 1),
                "expected a table with name, dob_or_age and relationship",
            ));
            continue;
        };
        let mut h = HouseholdForm::default();
        for (k, v) in m {
            let target = match k.as_str() {
                "name" => &mut h.name,
                "dob_or_age" | "dob" | "age" | "date_of_birth" => &mut h.dob_or_age,
                "relationship" => &mut h.relationship,
                _ => {
                    errors.push(FieldIssue::new(
                        at(k),
                        "unknown field (use name, dob_or_age, relationship)",
                    ));
                    continue;
                }
            };
            match as_text(v) {
                Ok(t) => *target = t,
                Err(e) => errors.push(FieldIssue::new(at(k), e)),
            }
        }
        out.push(h);
    }
    out
}

/// Fill a form from the keys of a referral file; `date_received` is today unless
/// given. Returns the form and problems with the file's keys or types; `age` (as on
/// Appendix A) is checked against the date of birth, and places the person when
/// there is none.
pub(super) fn form_from_value(v: &Value, today: NaiveDate) -> (ReferralForm, Vec<FieldIssue>) {
    let mut form = ReferralForm::new(today);
    let mut errors = vec![];
    let Value::Object(map) = v else {
        errors.push(FieldIssue::new("file", "expected a table of fields"));
        return (form, errors);
    };
    let map: &Map<String, Value> = map;
    for (k, v) in map {
        if let Some((_, field)) = TEXT_KEYS.iter().find(|(key, _)| key == k) {
            match as_text(v) {
                Ok(t) => *slot(&mut form, field) = t,
                Err(e) => errors.push(FieldIssue::new(*field, e)),
            }
            continue;
        }
        match k.as_str() {
            "urgent" => match as_flag(v) {
                Ok(b) => form.urgent = b,
                Err(e) => errors.push(FieldIssue::new("urgent", e)),
            },
            "household" => form.household = household(v, &mut errors),
            "age" => match as_text(v) {
                Ok(t) => form.age = t,
                Err(e) => errors.push(FieldIssue::new("age", e)),
            },
            // A panel's own form: this panel has none (its form is Appendix A).
            "form" => errors.push(FieldIssue::new(
                "form",
                "this panel has no forms of its own: give Appendix A's fields",
            )),
            _ => errors.push(FieldIssue::new(k.clone(), "unknown field")),
        }
    }
    if let (Ok(a), Ok(dob), Ok(rec)) = (
        form.age.trim().parse::<u32>(),
        parse_date(&form.date_of_birth),
        parse_date(&form.date_received),
    ) {
        if let Some(real) = age_on(dob, rec).filter(|r| *r != a) {
            errors.push(FieldIssue::new(
                "age",
                format!("{a} does not match the date of birth ({real} on the date received)"),
            ));
        }
    }
    (form, errors)
}

/// A referral file's table, every string cleaned: `.toml` or `.json` by its extension.
pub(super) fn read_value(path: &Path) -> Result<Value, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::from(format!("{}: {e}", path.display())))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let mut value = match ext.as_deref() {
        Some("toml") => toml::from_str::<toml::Table>(&text)
            .map(|t| toml_to_json(toml::Value::Table(t)))
            .map_err(|e| CliError::from(format!("{}: {}", path.display(), e.message())))?,
        Some("json") => serde_json::from_str::<Value>(&text)
            .map_err(|e| CliError::from(format!("{}: {e}", path.display())))?,
        _ => {
            return Err(CliError::from(format!(
                "{}: a referral file ends in .toml or .json",
                path.display()
            )))
        }
    };
    // Cleaned at the door: every string in the file, before any field is read.
    crate::domain::clean::clean_json(&mut value);
    Ok(value)
}

/// Every listed referral's fields for `referral list --csv` and `--xlsx` (dates as ISO
/// dates, ids and ages as numbers, people's text as text).
pub(super) fn list_table(
    rows: &[crate::store::intake::ReferralRow],
) -> crate::lookup::format::Table {
    use crate::lookup::format::{plain, user, Table};
    let iso = |d: Option<NaiveDate>| d.map_or(String::new(), crate::lookup::fmt_date);
    let mut t = Table::new(&[
        "id",
        "name",
        "date_of_birth",
        "age",
        "age_approximate",
        "referring_agency",
        "date_received",
        "urgent",
        "screening",
        "status",
        "meeting",
        "held_over_from",
        "placement",
    ]);
    for r in rows {
        t.push(vec![
            plain(r.id.to_string()),
            user(&r.name),
            plain(iso(r.date_of_birth)),
            plain(r.age.map_or(String::new(), |a| a.to_string())),
            plain(r.age_approximate.to_string()),
            user(&r.referring_agency),
            plain(iso(Some(r.date_received))),
            plain(r.urgent.to_string()),
            plain(&r.screening),
            plain(&r.status),
            plain(iso(r.meeting)),
            plain(iso(r.held_over_from)),
            user(&r.placement),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        "2026-11-25".parse().unwrap()
    }

    #[test]
    fn toml_dates_numbers_and_household_read_as_typed() {
        let t: toml::Table = toml::from_str(
            r#"
            name = "Rowan Achterberg"
            dob = 2010-04-02
            mappa_level = 1
            urgent = true
            [[household]]
            name = "Kit Achterberg"
            age = 9
            relationship = "Brother"
            "#,
        )
        .unwrap();
        let (f, e) = form_from_value(&toml_to_json(toml::Value::Table(t)), today());
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(f.date_of_birth, "2010-04-02");
        assert_eq!(f.mappa_level, "1");
        assert!(f.urgent);
        assert_eq!(f.household[0].dob_or_age, "9");
        assert_eq!(f.date_received, "2026-11-25", "defaults to today");
    }

    #[test]
    fn unknown_keys_and_wrong_types_reported_per_field() {
        let v: Value = serde_json::from_str(
            r#"{"nmae": "X", "urgent": "perhaps", "concerns": ["a"], "household": [{"name": "Y", "pet": "cat"}]}"#,
        )
        .unwrap();
        let (_, e) = form_from_value(&v, today());
        let mut fields: Vec<&str> = e.iter().map(|i| i.field.as_str()).collect();
        fields.sort();
        assert_eq!(fields, ["concerns", "household[1].pet", "nmae", "urgent"]);
    }

    #[test]
    fn appendix_a_age_checked_against_date_of_birth() {
        let v: Value = serde_json::from_str(
            r#"{"date_of_birth": "2010-04-02", "age": 15, "date_received": "2026-11-16"}"#,
        )
        .unwrap();
        let (_, e) = form_from_value(&v, today());
        assert_eq!(e.len(), 1);
        assert!(e[0].message.contains("16 on the date received"), "{}", e[0]);
    }
}
