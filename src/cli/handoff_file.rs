//! The text of a hand-off file (issue 23, REQUIREMENTS.md section 8 X6): a referral file
//! for the receiving panel's form (its `[[form]]` keys, or MAGPan's Appendix A keys when
//! it has no form of its own), prefilled from the sending panel's case, between the
//! highest marking of the two panels, read back by `referral add --from FILE`. No I/O.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::domain::paperwork::{Core, FieldType, FormDef};
use crate::store::across::Onward;
use crate::store::rows::referral::Referral;

/// What the file is made from.
pub(super) struct HandoffFacts<'a> {
    pub(super) onward: &'a Onward,
    pub(super) case: &'a Referral,
    /// The sending panel, as the workspace (or its own file) names it.
    pub(super) from: &'a str,
    /// The receiving panel's workspace name.
    pub(super) to: &'a str,
    /// The sending chair who agreed, as recorded.
    pub(super) chair: &'a str,
    /// The person's agency code on the receiving panel (`[[panel]] agency`).
    pub(super) agency: Option<&'a str>,
    pub(super) marking: &'a str,
    pub(super) today: NaiveDate,
}

/// A field a prefilled value can go into (not a tick list or a table).
fn fillable(kind: FieldType) -> bool {
    !matches!(kind, FieldType::MultiChoice | FieldType::Rows)
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl HandoffFacts<'_> {
    /// The concerns the file opens with: where it comes from and the onward note.
    fn concerns(&self) -> String {
        let mut s = format!(
            "Onward referral ({}) from {}, agreed at its meeting of {} and by its chair, {}.",
            self.onward.kind,
            self.from,
            day(self.onward.meeting),
            self.chair
        );
        if !self.onward.note.trim().is_empty() {
            s.push(' ');
            s.push_str(self.onward.note.trim());
        }
        s
    }

    /// A known date of birth (never one estimated from a stated age).
    fn dob(&self) -> Option<NaiveDate> {
        self.case
            .date_of_birth
            .filter(|_| self.case.stated_age.is_none())
    }

    /// Prefilled values for a core field; `nth` and `of` place it among the form's
    /// fields of the same core (a name given as first name and surname).
    fn core_value(&self, core: Core, nth: usize, of: usize) -> Option<String> {
        let c = self.case;
        let named = !self.onward.anonymous;
        let v = match core {
            Core::Name if named && of > 1 => {
                let words: Vec<&str> = c.name.split_whitespace().collect();
                let (last, first) = words.split_last()?;
                if nth + 1 == of {
                    last.to_string()
                } else if nth == 0 {
                    first.join(" ")
                } else {
                    return None;
                }
            }
            Core::Name if named => c.name.clone(),
            Core::DateOfBirth if named => day(self.dob()?),
            Core::Address if named => c.address.clone(),
            Core::Postcode if named => c.postcode.clone(),
            Core::Gender => c.gender.clone(),
            Core::Ethnicity => c.ethnicity.clone(),
            Core::DateReceived => day(self.today),
            Core::ReferringAgency => self.agency?.to_string(),
            Core::ReferrerContact if nth == 0 => {
                format!("via {} (chair: {})", self.from, self.chair)
            }
            Core::Concerns if nth == 0 => self.concerns(),
            _ => return None,
        };
        Some(v).filter(|v| !v.trim().is_empty())
    }

    fn head(&self, o: &mut String, form: &str) {
        let _ = writeln!(o, "# {}", self.marking);
        let _ = writeln!(
            o,
            "# Hand-off from {} to {}: onward referral #{} ({}) of case #{}, heard {}.",
            self.from,
            self.to,
            self.onward.id,
            self.onward.kind,
            self.case.id,
            day(self.onward.meeting)
        );
        let _ = writeln!(
            o,
            "# Agreed by the chair of {}, {}, on {}. For {}'s {form}.",
            self.from,
            self.chair,
            day(self.today),
            self.to
        );
        let _ = writeln!(
            o,
            "# Prefilled from the case; complete what is listed at the end, then at {}:\n#   roundtable referral add --from FILE\n",
            self.to
        );
    }

    /// The file for a panel with forms: `form = CODE`, each field prefilled from the
    /// case by its `core`, and the others listed at the end to complete.
    pub(super) fn for_form(&self, def: &FormDef) -> String {
        let mut o = String::new();
        self.head(&mut o, &format!("form \"{}\" ({})", def.code, def.title));
        let _ = writeln!(o, "form = {}", quoted(&def.code));
        let mut todo = vec![];
        for f in &def.fields {
            let value = f.core.and_then(|core| {
                let same: Vec<&str> = def
                    .fields
                    .iter()
                    .filter(|g| g.core == Some(core) && fillable(g.kind))
                    .map(|g| g.key.as_str())
                    .collect();
                let nth = same.iter().position(|k| *k == f.key)?;
                self.core_value(core, nth, same.len())
            });
            // A choice takes only one of its options.
            let value = match (f.kind, value) {
                (FieldType::Choice, Some(v)) => f.option(&v).map(|o| o.code().to_string()),
                (FieldType::MultiChoice | FieldType::Rows, _) => None,
                (_, v) => v,
            };
            match value {
                Some(v) => {
                    let _ = writeln!(o, "{} = {}", f.key, quoted(&v));
                }
                None => todo.push(format!(
                    "# {} = ...   {}{}",
                    f.key,
                    crate::domain::clean::one_line(&f.label),
                    if f.required { " (required)" } else { "" }
                )),
            }
        }
        self.tail(&mut o, &todo);
        o
    }

    /// The file for a panel with no form of its own: Appendix A's keys (MAGPan).
    pub(super) fn for_appendix_a(&self) -> String {
        let mut o = String::new();
        self.head(&mut o, "Appendix A referral form");
        let keys = [
            ("referring_agency", Core::ReferringAgency),
            ("referrer_contact", Core::ReferrerContact),
            ("name", Core::Name),
            ("date_of_birth", Core::DateOfBirth),
            ("gender", Core::Gender),
            ("ethnicity", Core::Ethnicity),
            ("address", Core::Address),
            ("postcode", Core::Postcode),
            ("concerns", Core::Concerns),
            ("date_received", Core::DateReceived),
        ];
        let mut todo = vec![];
        for (key, core) in keys {
            match self.core_value(core, 0, 1) {
                Some(v) => {
                    let _ = writeln!(o, "{key} = {}", quoted(&v));
                }
                None => todo.push(format!("# {key} = ...")),
            }
        }
        self.tail(&mut o, &todo);
        o
    }

    fn tail(&self, o: &mut String, todo: &[String]) {
        if !todo.is_empty() {
            let _ = writeln!(o, "\n# To complete before it is taken in:");
            for t in todo {
                let _ = writeln!(o, "{t}");
            }
        }
        let _ = writeln!(o, "\n# {}", self.marking);
    }
}
