//! `[[form.warn]]`: a hint at intake, never a refusal (issue 22, MAVE MV12: "The panel
//! is not a forum to repeat or duplicate a strategy discussion ..."; "Don't Refer, Take
//! Action": wanting to update partners, "Call a Strategy, Professionals, or Core Group
//! meeting", 001 "Why would someone be referred to the MAVE Panel?"). Any panel may
//! declare one on a text field: when the answer contains one of the phrases (any
//! case, spaces and punctuation ignored, whole words), the referrer is told the
//! message in one line and the referral is still taken in.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::form::{FieldType, FormDef};
use crate::domain::intake::FieldIssue;

/// A hint on one field (`[[form.warn]] field, contains, message, cite`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FormWarn {
    /// The field's key (a text or long_text field).
    pub field: String,
    /// The phrases that bring the hint up, any one of them.
    pub contains: Vec<String>,
    /// What the referrer is told.
    pub message: String,
    /// Where the panel's document says it.
    pub cite: String,
}

/// Lower case, every run of what is not a letter or digit one space, padded with a
/// space each side so a phrase matches whole words only.
fn words(s: &str) -> String {
    let mut out = String::from(" ");
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

impl FormWarn {
    /// The phrase of this hint that `answer` contains, if any.
    pub fn matched(&self, answer: &str) -> Option<&str> {
        let said = words(answer);
        self.contains
            .iter()
            .map(|p| p.trim())
            .find(|p| !p.is_empty() && said.contains(&words(p)))
    }

    /// The one line the referrer is told, with its citation.
    pub fn line(&self) -> String {
        match self.cite.trim() {
            "" => self.message.trim().to_string(),
            c => format!("{} ({c})", self.message.trim()),
        }
    }
}

/// The hints `answers` bring up on `def`, each at its field, in the form's order.
pub fn form_warnings(def: &FormDef, answers: &BTreeMap<String, Value>) -> Vec<FieldIssue> {
    def.warns
        .iter()
        .filter(|w| match answers.get(&w.field) {
            Some(Value::String(s)) => w.matched(s).is_some(),
            _ => false,
        })
        .map(|w| FieldIssue::new(w.field.clone(), w.line()))
        .collect()
}

/// Everything wrong with `def`'s hints, each naming its key (`form[1].warn[1].field`).
pub(super) fn warn_problems(def: &FormDef, at: &str) -> Vec<String> {
    let mut out = vec![];
    for (i, w) in def.warns.iter().enumerate() {
        let wat = format!("{at}.warn[{}]", i + 1);
        match def.field(&w.field) {
            None => out.push(format!("{wat}.field: no field {}", w.field)),
            Some(f) if !matches!(f.kind, FieldType::Text | FieldType::LongText) => {
                out.push(format!(
                    "{wat}.field: {} is a {} field, not text",
                    f.key,
                    f.kind.code()
                ))
            }
            Some(_) => {}
        }
        if w.contains.iter().all(|p| words(p).trim().is_empty()) {
            out.push(format!("{wat}.contains: give at least one phrase"));
        }
        if w.message.trim().is_empty() {
            out.push(format!("{wat}.message: empty"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(phrases: &[&str]) -> FormWarn {
        FormWarn {
            field: "request".into(),
            contains: phrases.iter().map(|p| p.to_string()).collect(),
            message: "call a strategy meeting instead".into(),
            cite: "Don't Refer".into(),
        }
    }

    #[test]
    fn a_phrase_matches_whole_words_in_any_case_and_spacing() {
        let w = hint(&["update partners"]);
        assert_eq!(w.matched("To UPDATE   partners."), Some("update partners"));
        assert_eq!(
            w.matched("update-partners on the plan"),
            Some("update partners")
        );
        assert_eq!(w.matched("to update partnership boards"), None);
        assert_eq!(w.matched("a school place by January"), None);
        assert_eq!(w.line(), "call a strategy meeting instead (Don't Refer)");
    }

    #[test]
    fn problems_name_the_key() {
        let mut def: FormDef = toml::from_str(
            r#"
            code = "t"
            [[field]]
            key = "request"
            label = "Request"
            [[field]]
            key = "held"
            label = "Held"
            type = "yes_no"
            "#,
        )
        .expect("form parses");
        def.warns = vec![hint(&["x"])];
        assert!(warn_problems(&def, "form[1]").is_empty());
        def.warns = vec![
            FormWarn {
                field: "held".into(),
                ..hint(&[" "])
            },
            FormWarn {
                field: "nope".into(),
                message: String::new(),
                ..hint(&["x"])
            },
        ];
        assert_eq!(
            warn_problems(&def, "form[1]"),
            vec![
                "form[1].warn[1].field: held is a yes_no field, not text",
                "form[1].warn[1].contains: give at least one phrase",
                "form[1].warn[2].field: no field nope",
                "form[1].warn[2].message: empty",
            ]
        );
    }
}
