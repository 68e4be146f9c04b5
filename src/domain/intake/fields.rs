//! One field at a time: the issue found at a field, and reading what was typed
//! (dates, codes, agencies, MAPPA numbers). Screening and members use these too.

use chrono::NaiveDate;
use serde::Serialize;

/// A problem (or, among warnings, a note) at one field of a form. `field` is the
/// key used in referral files (`date_of_birth`, `household[2].name`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldIssue {
    pub field: String,
    pub message: String,
}

impl FieldIssue {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldIssue {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// A date as typed: `YYYY-MM-DD`, or the UK `DD/MM/YYYY`.
/// The one date parser of the program: every command, file and dialog that reads a
/// date uses it. A two-digit year is refused (is `01/02/26` 1926 or 2026?).
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    let digits = |p: &str, min: usize, max: usize| {
        (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    let iso: Vec<&str> = s.split('-').collect();
    let uk: Vec<&str> = s.split('/').collect();
    let parsed = match (iso.as_slice(), uk.as_slice()) {
        ([y, m, d], _) if digits(y, 4, 4) && digits(m, 1, 2) && digits(d, 1, 2) => {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
        }
        (_, [d, m, y]) if digits(y, 4, 4) && digits(m, 1, 2) && digits(d, 1, 2) => {
            NaiveDate::parse_from_str(s, "%d/%m/%Y").ok()
        }
        _ => None,
    };
    parsed.ok_or_else(|| format!("'{s}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)"))
}

pub(crate) fn fmt(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A code as typed: lower case, spaces and hyphens as underscores, so that a label
/// such as "Parents only" is read as the code `parents_only`.
pub(crate) fn code_key(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

pub(crate) fn codes<T: Copy>(all: &[T], code: impl Fn(T) -> &'static str) -> String {
    all.iter().map(|v| code(*v)).collect::<Vec<_>>().join(", ")
}

/// Find an agency by its short code (case-insensitive) among `(code, name)` pairs.
/// The error lists the valid codes.
pub fn agency_code(input: &str, agencies: &[(String, String)]) -> Result<String, String> {
    let want = input.trim();
    agencies
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(want))
        .map(|(c, _)| c.clone())
        .ok_or_else(|| {
            let valid: Vec<&str> = agencies.iter().map(|(c, _)| c.as_str()).collect();
            format!("unknown agency '{want}'; valid codes: {}", valid.join(", "))
        })
}

pub(crate) fn required(errors: &mut Vec<FieldIssue>, field: &str, value: &str) {
    if value.trim().is_empty() {
        errors.push(FieldIssue::new(field, "required"));
    }
}

pub(crate) fn coded<T: Copy>(
    errors: &mut Vec<FieldIssue>,
    field: &str,
    value: &str,
    default: T,
    all: &[T],
    code: impl Fn(T) -> &'static str,
) -> T {
    if value.trim().is_empty() {
        return default;
    }
    let key = code_key(value);
    match all.iter().copied().find(|v| code(*v) == key) {
        Some(v) => v,
        None => {
            errors.push(FieldIssue::new(
                field,
                format!("'{}' is not one of {}", value.trim(), codes(all, code)),
            ));
            default
        }
    }
}

pub(crate) fn mappa_number(errors: &mut Vec<FieldIssue>, field: &str, value: &str) -> Option<u8> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse::<u8>() {
        Ok(n @ 1..=3) => Some(n),
        _ => {
            errors.push(FieldIssue::new(field, format!("'{v}' is not 1, 2 or 3")));
            None
        }
    }
}
