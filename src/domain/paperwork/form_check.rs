//! Checking answers to a panel's form ([`super::form::FormDef`]): each value read by
//! its field's type, `when` and `required`, then the checklist rules (all of / any of
//! / exactly one of / approved), each failure one line naming the rule's message and
//! citation. What passes becomes a [`ReferralForm`]: the core fields in its own
//! fields (checked next by `domain::intake`, as every referral is), the rest as
//! [`FormAnswer`]s stored per field.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::form::{Core, FieldDef, FieldType, FormDef, RuleKind};
use crate::domain::intake::{parse_date, FieldIssue, ReferralForm};
use crate::domain::subject_kind::SubjectKind;

/// One answer to a form's field, as stored (`referral_answer`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormAnswer {
    /// The field's key.
    pub field: String,
    /// The field's label when answered.
    pub label: String,
    /// As a file would give it again: option codes (comma-separated), dates
    /// YYYY-MM-DD, yes / no, rows one per line with cells joined by "; ".
    pub value: String,
    /// In words: option labels, Yes / No.
    pub shown: String,
}

/// A field's answer read by its type.
#[derive(Debug, Clone, Default, PartialEq)]
struct Read {
    value: String,
    shown: String,
    /// Option codes ticked (choice, multi-choice), or "yes" for a yes/no field.
    ticked: Vec<String>,
}

impl Read {
    /// Answered: text written, an option ticked, yes.
    fn set(&self, kind: FieldType) -> bool {
        match kind {
            FieldType::YesNo => self.value == "yes",
            _ => !self.value.is_empty(),
        }
    }
}

/// Text of a scalar value (numbers written out); `None` for a list or a table.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "yes" } else { "no" }.into()),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

/// Read `v` as field `f` says.
fn read(f: &FieldDef, v: &Value) -> Result<Read, String> {
    let text = || scalar(v).ok_or_else(|| "expected text, not a list or table".to_string());
    let plain = |s: String| Read {
        value: s.clone(),
        shown: s,
        ticked: vec![],
    };
    match f.kind {
        FieldType::Text | FieldType::LongText => Ok(plain(text()?)),
        FieldType::Date => {
            let t = text()?;
            if t.is_empty() {
                return Ok(Read::default());
            }
            let d = parse_date(&t)?;
            Ok(plain(d.format("%Y-%m-%d").to_string()))
        }
        FieldType::Number => {
            let t = text()?;
            if t.is_empty() || t.parse::<f64>().is_ok_and(f64::is_finite) {
                Ok(plain(t))
            } else {
                Err(format!("'{t}' is not a number"))
            }
        }
        FieldType::YesNo => {
            let t = text()?;
            let yes = match crate::domain::intake::code_key(&t).as_str() {
                "" => return Ok(Read::default()),
                "yes" | "y" | "true" => true,
                "no" | "n" | "false" => false,
                _ => return Err(format!("'{t}' is not yes or no")),
            };
            let (value, shown) = if yes { ("yes", "Yes") } else { ("no", "No") };
            Ok(Read {
                value: value.into(),
                shown: shown.into(),
                ticked: if yes { vec!["yes".into()] } else { vec![] },
            })
        }
        FieldType::Choice | FieldType::MultiChoice => {
            let typed: Vec<String> = match v {
                Value::Array(items) => items
                    .iter()
                    .map(|i| scalar(i).ok_or("expected a list of options"))
                    .collect::<Result<_, _>>()?,
                _ => text()?.split(',').map(|s| s.trim().to_string()).collect(),
            };
            let typed: Vec<String> = typed.into_iter().filter(|s| !s.is_empty()).collect();
            if f.kind == FieldType::Choice && typed.len() > 1 {
                return Err("one option only".into());
            }
            let mut r = Read::default();
            let mut shown = vec![];
            for t in typed {
                let o = f.option(&t).ok_or_else(|| {
                    let all: Vec<String> = f.options.iter().map(|o| o.code()).collect();
                    format!("'{t}' is not one of {}", all.join(", "))
                })?;
                if !r.ticked.contains(&o.code()) {
                    r.ticked.push(o.code());
                    shown.push(o.label().to_string());
                }
            }
            r.value = r.ticked.join(",");
            r.shown = shown.join("; ");
            Ok(r)
        }
        FieldType::Rows => {
            let rows: Vec<String> = match v {
                Value::Array(items) => items
                    .iter()
                    .map(|row| row_text(f, row))
                    .collect::<Result<_, _>>()?,
                _ => text()?.lines().map(str::trim).map(String::from).collect(),
            };
            let rows: Vec<String> = rows.into_iter().filter(|r| !r.is_empty()).collect();
            Ok(plain(rows.join("\n")))
        }
    }
}

/// One row of a rows field: a list of cells, a table by column, or "a; b; c".
fn row_text(f: &FieldDef, row: &Value) -> Result<String, String> {
    let cells: Vec<String> = match row {
        Value::Array(c) => c
            .iter()
            .map(|x| scalar(x).ok_or("a cell is a list"))
            .collect::<Result<_, _>>()?,
        Value::Object(m) => {
            for k in m.keys() {
                if !f.columns.iter().any(|c| same(c, k)) {
                    return Err(format!("{k} is not a column ({})", f.columns.join(", ")));
                }
            }
            f.columns
                .iter()
                .map(|c| {
                    m.iter()
                        .find(|(k, _)| same(c, k))
                        .and_then(|(_, v)| scalar(v))
                        .unwrap_or_default()
                })
                .collect()
        }
        other => vec![scalar(other).ok_or("expected a row")?],
    };
    let cells: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
    if cells.iter().all(String::is_empty) {
        return Ok(String::new());
    }
    Ok(cells.join("; "))
}

fn same(a: &str, b: &str) -> bool {
    crate::domain::intake::code_key(a) == crate::domain::intake::code_key(b)
}

/// A form filled in and checked: the referral form to take in (core fields, the
/// form's code and the answers) and notes worth saying.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    pub form: ReferralForm,
    pub warnings: Vec<FieldIssue>,
}

/// Where an override's problems are reported (the option's and the screen field's name).
pub const OVERRIDE_KEY: &str = "override_checklist";
/// A checklist rule let through by the coordinator's override (MV1).
pub(super) const OVERRIDDEN: &str = "checklist not met, overridden by the coordinator";
/// An override without its reason.
pub(super) const OVERRIDE_BLANK: &str = "give the reason the checklist is overridden";
/// An override where the checklist holds.
pub(super) const OVERRIDE_UNNEEDED: &str = "the checklist holds: no override recorded";

/// Is `f` asked, given the answers read so far?
fn asked(f: &FieldDef, read: &BTreeMap<String, Read>, def: &FormDef) -> bool {
    let Some(w) = &f.when else {
        return true;
    };
    let Some(other) = def.field(&w.field) else {
        return true;
    };
    if !asked(other, read, def) {
        return false;
    }
    let Some(r) = read.get(&w.field) else {
        return false;
    };
    let want = w.is.values();
    if want.is_empty() {
        return r.set(other.kind);
    }
    want.iter().any(|v| match other.kind {
        FieldType::Choice | FieldType::MultiChoice => other
            .option(v)
            .is_some_and(|o| r.ticked.contains(&o.code())),
        FieldType::YesNo => r.value == *v,
        _ => r.value.eq_ignore_ascii_case(v),
    })
}

/// How many of a rule's references are answered, and whether each is.
fn count(def: &FormDef, refs: &[String], read: &BTreeMap<String, Read>) -> (usize, bool) {
    let mut n = 0;
    let mut every = true;
    for r in refs {
        let Ok((f, opt)) = def.reference(r) else {
            every = false;
            continue;
        };
        let got = read.get(&f.key);
        let k = match (opt, got) {
            (_, None) => 0,
            (Some(o), Some(g)) => usize::from(g.ticked.contains(&o.code())),
            (None, Some(g)) if f.kind == FieldType::MultiChoice => g.ticked.len(),
            (None, Some(g)) => usize::from(g.set(f.kind)),
        };
        every &= k > 0;
        n += k;
    }
    (n, every)
}

/// Check `answers` (field key → value as a file or the screen gives it) against
/// `def`. `agencies` are the panel's `(code, name)` for the referring agency;
/// `today` fills a blank date received. Errors: every problem, each at its field
/// (a failed rule at its first field, its message and citation in one line).
pub fn check_form(
    def: &FormDef,
    answers: &BTreeMap<String, Value>,
    agencies: &[(String, String)],
    today: NaiveDate,
) -> Result<Filled, Vec<FieldIssue>> {
    check_form_with(def, answers, agencies, today, None)
}

/// [`check_form`], with the coordinator's override of a failed checklist (issue 22,
/// MAVE MV1: "enforce at intake, with a coordinator override that records a reason"):
/// given `override_reason`, an `all_of` or `any_of` rule that fails is a warning and
/// the reason goes with the form ([`ReferralForm::checklist_override`]); an approval
/// (`approved`) and `exactly_one_of` (what the referral is about) are never overridden.
pub fn check_form_with(
    def: &FormDef,
    answers: &BTreeMap<String, Value>,
    agencies: &[(String, String)],
    today: NaiveDate,
    override_reason: Option<&str>,
) -> Result<Filled, Vec<FieldIssue>> {
    let mut errors = vec![];
    let mut warnings = vec![];
    for k in answers.keys() {
        if def.field(k).is_none() && k != "form" {
            errors.push(FieldIssue::new(
                k.clone(),
                format!("not a field of the form {}", def.code),
            ));
        }
    }
    let mut read_all: BTreeMap<String, Read> = BTreeMap::new();
    for f in &def.fields {
        match answers.get(&f.key).map(|v| read(f, v)) {
            Some(Ok(r)) => {
                read_all.insert(f.key.clone(), r);
            }
            Some(Err(e)) => errors.push(FieldIssue::new(f.key.clone(), e)),
            None => {}
        }
    }
    let mut form = ReferralForm::new(today);
    form.form = def.code.clone();
    // Which kind's part of the form is answered (issue 22; one kind: that one).
    let (kind, unsettled) = subject_of(def, &read_all);
    if kind != SubjectKind::Person {
        form.subject = kind.code().to_string();
    }
    for f in &def.fields {
        let r = read_all.get(&f.key).cloned().unwrap_or_default();
        if f.subject.is_some_and(|k| k != kind) {
            continue;
        }
        if !asked(f, &read_all, def) {
            if r.set(f.kind) {
                warnings.push(FieldIssue::new(
                    f.key.clone(),
                    "not asked here (see its 'when'): left out",
                ));
            }
            continue;
        }
        // A value given but refused has said so already: "required" would be a second
        // line about the same field.
        let refused = errors.iter().any(|e| e.field == f.key);
        // With no part of a form of several kinds answered (or both), that is the
        // problem: a part's own requirements wait until one part is chosen.
        if f.required && !refused && !(unsettled.is_some() && f.subject.is_some()) {
            if !r.set(f.kind) && f.kind != FieldType::YesNo {
                errors.push(FieldIssue::new(f.key.clone(), "required"));
            } else if r.value.is_empty() {
                errors.push(FieldIssue::new(f.key.clone(), "required: yes or no"));
            }
        }
        if r.value.is_empty() {
            continue;
        }
        let rows = r.value.lines().count();
        if f.kind == FieldType::Rows && !refused && rows < f.min_rows as usize {
            errors.push(FieldIssue::new(
                f.key.clone(),
                format!("at least {} rows ({rows} given)", f.min_rows),
            ));
        }
        fill(&mut form, f, r, agencies);
    }
    for rule in &def.rules {
        let Some((kind, refs)) = rule.kind() else {
            continue;
        };
        let (n, every) = count(def, &refs, &read_all);
        let ok = match kind {
            RuleKind::AllOf | RuleKind::Approved => every,
            RuleKind::AnyOf => n >= 1,
            RuleKind::ExactlyOneOf => n == 1,
        };
        let at = refs[0].split('.').next().unwrap_or_default().to_string();
        // A field already wrong is put right first: one problem at a time there.
        if !ok && !errors.iter().any(|e| e.field == at) {
            let cite = match rule.cite.trim() {
                "" => String::new(),
                c => format!(" ({c})"),
            };
            let lead = if kind == RuleKind::Approved {
                "not listed until approved: "
            } else {
                ""
            };
            let line = format!("{lead}{}{cite}", rule.message.trim());
            match override_reason.map(str::trim) {
                Some(why) if matches!(kind, RuleKind::AllOf | RuleKind::AnyOf) => {
                    warnings.push(FieldIssue::new(at, format!("{OVERRIDDEN}: {line}")));
                    form.checklist_override = why.to_string();
                }
                _ => errors.push(FieldIssue::new(at, line)),
            }
        }
    }
    // Hints (`[[form.warn]]`, MV12): said, never a refusal.
    warnings.extend(super::form_warn::form_warnings(def, answers));
    match override_reason.map(str::trim) {
        Some("") => errors.push(FieldIssue::new(OVERRIDE_KEY, OVERRIDE_BLANK)),
        Some(_) if form.checklist_override.is_empty() => {
            warnings.push(FieldIssue::new(OVERRIDE_KEY, OVERRIDE_UNNEEDED))
        }
        _ => {}
    }
    if let Some(e) = unsettled {
        if !errors.iter().any(|x| x.field == e.field) {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(Filled { form, warnings })
    } else {
        Err(errors)
    }
}

/// The kind a filled form is about: the form's one kind, or on a form of several
/// the one whose part is answered. With none or more than one answered, the first
/// kind and the problem (at the first field of the first part), given unless a rule
/// of the panel's has said so at that field already (001 form 3 "OR", MV4).
fn subject_of(def: &FormDef, read: &BTreeMap<String, Read>) -> (SubjectKind, Option<FieldIssue>) {
    let kinds = def.kinds();
    if kinds.len() == 1 {
        return (kinds[0], None);
    }
    let answered: Vec<SubjectKind> = kinds
        .iter()
        .copied()
        .filter(|k| {
            def.fields
                .iter()
                .any(|f| f.subject == Some(*k) && read.get(&f.key).is_some_and(|r| r.set(f.kind)))
        })
        .collect();
    if answered.len() == 1 {
        return (answered[0], None);
    }
    let at = def
        .fields
        .iter()
        .find(|f| f.subject.is_some())
        .map_or_else(|| "subject".to_string(), |f| f.key.clone());
    let words = SubjectKind::words(&kinds);
    let why = if answered.is_empty() {
        format!("fill in the part of the form for one of: {words}")
    } else {
        format!("one referral is about one {words}, not both: fill in one part only")
    };
    (kinds[0], Some(FieldIssue::new(at, why)))
}

/// Put field `f`'s answer `r` where it belongs: a core field of the referral, an
/// answer, or both (a choice's codes are kept beside the words the engine reads).
fn fill(form: &mut ReferralForm, f: &FieldDef, r: Read, agencies: &[(String, String)]) {
    let answer = FormAnswer {
        field: f.key.clone(),
        label: f.label.trim().to_string(),
        value: r.value.clone(),
        shown: r.shown.clone(),
    };
    let Some(core) = f.core else {
        form.answers.push(answer);
        return;
    };
    if matches!(f.kind, FieldType::Choice | FieldType::MultiChoice) {
        form.answers.push(answer.clone());
    }
    let join = |slot: &mut String, sep: &str, words: &str| {
        if slot.is_empty() {
            *slot = words.to_string();
        } else {
            *slot = format!("{slot}{sep}{words}");
        }
    };
    let words = r.shown.as_str();
    match core {
        Core::Name => join(&mut form.name, " ", words),
        Core::Concerns => {
            let line = if f.kind == FieldType::MultiChoice {
                format!("{}: {words}", f.label.trim())
            } else {
                words.to_string()
            };
            join(&mut form.concerns, "\n", &line)
        }
        Core::Address => join(&mut form.address, ", ", words),
        Core::ReferrerContact => join(&mut form.referrer_contact, "; ", words),
        Core::DateOfBirth => form.date_of_birth = r.value,
        Core::Age => form.age = r.value,
        Core::DateReceived => form.date_received = r.value,
        Core::Urgent => form.urgent = r.value == "yes",
        Core::Postcode => form.postcode = r.value,
        Core::Gender => form.gender = words.to_string(),
        Core::Ethnicity => form.ethnicity = words.to_string(),
        Core::MappaCategory => form.mappa_category = r.value,
        Core::MappaLevel => form.mappa_level = r.value,
        Core::Area => form.area = words.to_string(),
        Core::Description => join(&mut form.description, "\n", words),
        Core::GroupSize => form.group_size = r.value,
        // Kept as the answer (the rows), read as the case's people by the store.
        Core::Members => form.answers.push(answer),
        Core::ReferringAgency => {
            let typed = r.value.trim();
            let known = agencies
                .iter()
                .find(|(c, n)| c.eq_ignore_ascii_case(typed) || same(n, typed));
            match (known, &f.other_agency) {
                (Some((code, _)), _) => form.referring_agency = code.clone(),
                (None, Some(other)) => {
                    // Gap D14: a referrer from outside the panel's agencies.
                    form.referring_agency = other.clone();
                    form.answers.push(answer);
                }
                (None, None) => form.referring_agency = typed.to_string(),
            }
        }
    }
}

/// The form field a check of the referral reported at `key` (`date_of_birth`)
/// stands for on this form (`dob`), so a problem is shown where it was typed.
pub fn field_for(def: &FormDef, key: &str) -> String {
    let base = key.split(['[', '.']).next().unwrap_or(key);
    Core::ALL
        .iter()
        .find(|c| c.key() == base)
        .and_then(|c| def.core_field(*c))
        .map_or_else(|| key.to_string(), |f| f.key.clone())
}

#[cfg(test)]
#[path = "form_check_tests.rs"]
mod tests;
