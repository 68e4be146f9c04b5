//! `[people_per_case]`: a case about several people (issue 21, gap rows D2, D7, D11).
//! The referral's own subject has a role (MARAC: the primary victim); each row of a
//! form's `rows` field named here is another person of the case with its role (the
//! children, the alleged perpetrators). A case is brought anonymously when the form's
//! answers meet every `anonymous.when` (MARAC: no consent and no children, 003 App 3A
//! "Clients consent"): then the fields in `anonymous.blank` must be left blank, the
//! case is heard under a label and never matched by name. A victim heard within
//! `repeat_window_months` is a repeat (003 App 3B "Is this a repeat").
//!
//! Plain checks here; the store links the people and marks the case
//! (`store::intake::case_people`).

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::form::{Core, FieldType, FormDef, When};
use super::form_check::FormAnswer;
use super::{Citations, Rule};
use crate::domain::intake::{parse_date, FieldIssue, ReferralForm};

/// `[people_per_case]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PeoplePerCase {
    /// The role of the referral's own subject (`victim`).
    pub subject_role: String,
    /// Its words (`Victim`).
    pub subject_label: String,
    /// A subject heard within this many months before the referral is a repeat.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat_window_months: Option<u32>,
    /// The form's yes/no field prefilled "yes" for a repeat.
    pub repeat_field: String,
    /// The form's date field prefilled with the date last heard.
    pub repeat_date_field: String,
    /// Form tables whose rows are people of the case (`[[people_per_case.rows]]`).
    pub rows: Vec<PeopleRows>,
    /// When a case is brought anonymously.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anonymous: Option<Anonymous>,
}

/// `[[people_per_case.rows]]`: each row of form table `field` is a person of `role`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PeopleRows {
    pub field: String,
    pub role: String,
    pub label: String,
    /// The column holding the person's name.
    pub name_column: String,
    /// The column holding their date of birth (optional).
    pub dob_column: String,
    /// Rows needed unless the case is anonymous.
    pub min_rows: u32,
}

/// `[people_per_case.anonymous]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Anonymous {
    /// Every one must hold (`{ field = "consent", is = "no" }`).
    pub when: Vec<When>,
    /// Fields that must be left blank (identifying details).
    pub blank: Vec<String>,
    /// The words before the case's number ("Anonymous case" → "Anonymous case 3").
    pub label: String,
}

/// A person of a case, from a row of the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CasePerson {
    pub role: String,
    pub label: String,
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    /// The row's other cells, "Column: value; ...".
    pub details: String,
}

/// What a referral's answers say about its case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseShape {
    pub anonymous: bool,
    pub people: Vec<CasePerson>,
}

impl PeoplePerCase {
    /// Everything wrong with the section against the panel's forms, each naming its key.
    pub fn problems(&self, forms: &[FormDef]) -> Vec<String> {
        let mut out = vec![];
        let find = |key: &str| forms.iter().find_map(|f| f.field(key));
        let at = "people_per_case";
        if self.subject_role.trim().is_empty() {
            out.push(format!("{at}.subject_role: empty"));
        }
        if self.repeat_window_months == Some(0) {
            out.push(format!("{at}.repeat_window_months: must be at least 1"));
        }
        for (key, kind, what) in [
            (&self.repeat_field, FieldType::YesNo, "yes_no"),
            (&self.repeat_date_field, FieldType::Date, "date"),
        ] {
            match find(key) {
                _ if key.is_empty() => {}
                None => out.push(format!("{at}: no form field {key}")),
                Some(f) if f.kind != kind => out.push(format!("{at}: {key} is not a {what} field")),
                Some(_) => {}
            }
        }
        for (i, r) in self.rows.iter().enumerate() {
            let rat = format!("{at}.rows[{}]", i + 1);
            if r.role.trim().is_empty() {
                out.push(format!("{rat}.role: empty"));
            }
            match find(&r.field) {
                None => out.push(format!("{rat}.field: no form field {}", r.field)),
                Some(f) if f.kind != FieldType::Rows => {
                    out.push(format!("{rat}.field: {} is not a rows field", r.field))
                }
                Some(f) => {
                    for (k, c) in [
                        ("name_column", &r.name_column),
                        ("dob_column", &r.dob_column),
                    ] {
                        if (k == "name_column" || !c.is_empty()) && column(&f.columns, c).is_none()
                        {
                            out.push(format!("{rat}.{k}: '{c}' is not a column of {}", r.field));
                        }
                    }
                }
            }
        }
        if let Some(a) = &self.anonymous {
            if a.when.is_empty() {
                out.push(format!(
                    "{at}.anonymous.when: give the answers that make a case anonymous"
                ));
            }
            for w in &a.when {
                if find(&w.field).is_none() {
                    out.push(format!("{at}.anonymous.when: no form field {}", w.field));
                }
            }
            for b in &a.blank {
                if find(b).is_none() {
                    out.push(format!("{at}.anonymous.blank: no form field {b}"));
                }
            }
            if a.label.trim().is_empty() {
                out.push(format!("{at}.anonymous.label: empty"));
            }
        }
        out
    }

    /// Read a checked form (`def`'s) as a case: anonymous or not, and its people.
    /// Errors, each at its field: an identifying field given in an anonymous case, no
    /// name in a case that is not, a table short of its rows, a date of birth wrong.
    pub fn shape(
        &self,
        def: &FormDef,
        form: &ReferralForm,
        cite: &Citations,
    ) -> Result<CaseShape, Vec<FieldIssue>> {
        let mut errors = vec![];
        let anonymous = self
            .anonymous
            .as_ref()
            .is_some_and(|a| a.when.iter().all(|w| holds(w, def, form)));
        if anonymous {
            for b in &self.anonymous.as_ref().expect("anonymous").blank {
                if answered(def, form, b) {
                    errors.push(FieldIssue::new(
                        b.clone(),
                        format!(
                            "leave it blank: the case is brought anonymously (no consent and no children), so no identifying details are recorded{}",
                            cite.paren(Rule::Anonymous)
                        ),
                    ));
                }
            }
        } else if form.name.trim().is_empty() {
            let at = def
                .core_field(Core::Name)
                .map_or("name", |f| f.key.as_str());
            errors.push(FieldIssue::new(
                at,
                format!(
                    "required unless the case is brought anonymously (no consent and no children){}",
                    cite.paren(Rule::Anonymous)
                ),
            ));
        }
        let mut people = vec![];
        for r in &self.rows {
            let Some(f) = def.field(&r.field) else {
                continue;
            };
            let value = answer(form, &r.field).unwrap_or_default();
            let lines: Vec<&str> = value.lines().filter(|l| !l.trim().is_empty()).collect();
            if !anonymous && (lines.len() as u32) < r.min_rows {
                errors.push(FieldIssue::new(
                    r.field.clone(),
                    format!(
                        "give at least {} row(s): a name, or \"not known\"{}",
                        r.min_rows,
                        cite.paren(Rule::CasePeople)
                    ),
                ));
            }
            for (n, line) in lines.iter().enumerate() {
                let cells: Vec<&str> = line.split("; ").map(str::trim).collect();
                let cell = |c: &str| column(&f.columns, c).and_then(|i| cells.get(i).copied());
                let name = cell(&r.name_column).unwrap_or_default().to_string();
                let dob = match cell(&r.dob_column).filter(|s| !s.is_empty()) {
                    None => None,
                    Some(t) => match parse_date(t) {
                        Ok(d) => Some(d),
                        Err(e) => {
                            errors.push(FieldIssue::new(
                                format!("{}[{}]", r.field, n + 1),
                                format!("{}: {e}", r.dob_column),
                            ));
                            None
                        }
                    },
                };
                let details = f
                    .columns
                    .iter()
                    .zip(&cells)
                    .filter(|(c, v)| {
                        !v.is_empty() && !same(c, &r.name_column) && !same(c, &r.dob_column)
                    })
                    .map(|(c, v)| format!("{c}: {v}"))
                    .collect::<Vec<_>>()
                    .join("; ");
                people.push(CasePerson {
                    role: r.role.clone(),
                    label: label_or_role(&r.label, &r.role),
                    name,
                    date_of_birth: dob,
                    details,
                });
            }
        }
        if errors.is_empty() {
            Ok(CaseShape { anonymous, people })
        } else {
            Err(errors)
        }
    }

    /// The words for the subject's role.
    pub fn subject_words(&self) -> String {
        label_or_role(&self.subject_label, &self.subject_role)
    }

    /// Was a case last heard on `last` a repeat for a referral received on `received`?
    pub fn is_repeat(&self, last: NaiveDate, received: NaiveDate) -> bool {
        self.repeat_window_months
            .and_then(|m| received.checked_sub_months(Months::new(m)))
            .is_some_and(|from| last >= from && last <= received)
    }

    /// The answers a repeat fills when the referrer left them blank: "yes" and the
    /// date last heard, each with the form's label.
    pub fn repeat_answers(
        &self,
        def: &FormDef,
        form: &ReferralForm,
        last: NaiveDate,
    ) -> Vec<FormAnswer> {
        let mut out = vec![];
        for (key, value, shown) in [
            (&self.repeat_field, "yes".to_string(), "Yes".to_string()),
            (
                &self.repeat_date_field,
                last.format("%Y-%m-%d").to_string(),
                last.format("%Y-%m-%d").to_string(),
            ),
        ] {
            let Some(f) = def.field(key) else {
                continue;
            };
            if answer(form, key).is_some_and(|v| !v.is_empty() && v != "no") {
                continue;
            }
            out.push(FormAnswer {
                field: f.key.clone(),
                label: f.label.trim().to_string(),
                value,
                shown,
            });
        }
        out
    }
}

fn label_or_role(label: &str, role: &str) -> String {
    if label.trim().is_empty() {
        role.replace('_', " ")
    } else {
        label.trim().to_string()
    }
}

fn same(a: &str, b: &str) -> bool {
    crate::domain::intake::code_key(a) == crate::domain::intake::code_key(b)
}

fn column(columns: &[String], c: &str) -> Option<usize> {
    columns.iter().position(|x| same(x, c))
}

/// A stored answer's value (not a core field).
fn answer(form: &ReferralForm, key: &str) -> Option<String> {
    form.answers
        .iter()
        .find(|a| a.field == key)
        .map(|a| a.value.clone())
}

/// Is field `key` answered on `form`: its core slot or its answer?
fn answered(def: &FormDef, form: &ReferralForm, key: &str) -> bool {
    if answer(form, key).is_some_and(|v| !v.trim().is_empty()) {
        return true;
    }
    let slot = match def.field(key).and_then(|f| f.core) {
        Some(Core::Name) => &form.name,
        Some(Core::DateOfBirth) => &form.date_of_birth,
        Some(Core::Age) => &form.age,
        Some(Core::Address) => &form.address,
        Some(Core::Postcode) => &form.postcode,
        _ => return false,
    };
    !slot.trim().is_empty()
}

/// Does `w` hold on `form` (a yes/no or choice answer)?
fn holds(w: &When, def: &FormDef, form: &ReferralForm) -> bool {
    let Some(v) = answer(form, &w.field) else {
        return false;
    };
    let want = w.is.values();
    if want.is_empty() {
        return !v.is_empty();
    }
    let f = def.field(&w.field);
    want.iter().any(|x| {
        let code = f
            .and_then(|f| f.option(x))
            .map_or_else(|| x.clone(), |o| o.code());
        v.split(',')
            .any(|got| got == code || got.eq_ignore_ascii_case(x))
    })
}

#[cfg(test)]
#[path = "people_per_case_tests.rs"]
mod tests;
