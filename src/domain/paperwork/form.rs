//! `[[form]]`: a panel's referral form(s) as data (issue 20, gap rows D3–D6, D9, D14):
//! fields with a type, options, `required` and `when`, the fields the engine reasons
//! on (`core`), and checklist rules over fields (`[[form.rule]]`). The checker is
//! [`super::form_check`]. A panel with no `[[form]]` (MAGPan) keeps its Appendix A
//! form, written in code.

use serde::{Deserialize, Serialize};

use crate::domain::subject_kind::SubjectKind;

/// One referral form of a panel (`[[form]]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FormDef {
    /// How a referral file names the form (`form = "camp"`).
    pub code: String,
    /// The form's title as the panel prints it.
    pub title: String,
    /// Where the panel's document sets the form out ("CAMP referral form").
    pub cite: String,
    /// The fields, in the form's order (`[[form.field]]`).
    #[serde(rename = "field")]
    pub fields: Vec<FieldDef>,
    /// Checklist rules over the fields (`[[form.rule]]`).
    #[serde(rename = "rule")]
    pub rules: Vec<FormRule>,
    /// Hints at intake, never refusals (`[[form.warn]]`, MV12; [`super::form_warn`]).
    #[serde(rename = "warn", skip_serializing_if = "Vec::is_empty")]
    pub warns: Vec<super::form_warn::FormWarn>,
    /// The kind of subject the form refers (issue 22, D1): `"person"` (the default),
    /// `"group"`, `"perpetrator"`, `"location"`, or several (MAVE's persons and
    /// locations form: `["perpetrator", "location"]`, each field marked with the kind
    /// it belongs to, exactly one kind's part answered, 001 form 3 "OR", MV4).
    #[serde(skip_serializing_if = "OneOrMany::is_empty")]
    pub subject: OneOrMany,
}

/// What a field holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// One line of text.
    #[default]
    Text,
    /// Several lines of text.
    LongText,
    /// A date, YYYY-MM-DD or DD/MM/YYYY.
    Date,
    /// A number.
    Number,
    /// One of `options`.
    Choice,
    /// Any number of `options` ("tick all that apply").
    MultiChoice,
    /// Yes or no.
    YesNo,
    /// A table: rows of `columns`.
    Rows,
}

impl FieldType {
    /// The type's name in a panel file.
    pub fn code(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::LongText => "long_text",
            FieldType::Date => "date",
            FieldType::Number => "number",
            FieldType::Choice => "choice",
            FieldType::MultiChoice => "multi_choice",
            FieldType::YesNo => "yes_no",
            FieldType::Rows => "rows",
        }
    }
}

/// What the engine reasons on, held in the referral's own columns; every other
/// field is stored as an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Core {
    /// The subject's name (several fields are joined: first name, surname).
    Name,
    DateOfBirth,
    /// An age in years, used when no date of birth is given.
    Age,
    DateReceived,
    /// A yes/no field: heard at the next meeting even after its cut-off.
    Urgent,
    /// A panel agency's code or name (see [`FieldDef::other_agency`]).
    ReferringAgency,
    ReferrerContact,
    /// Why the panel hears the case (several fields are joined, one per line).
    Concerns,
    Address,
    Postcode,
    Gender,
    Ethnicity,
    /// MAPPA category, 1 to 3 (a choice whose codes are the numbers).
    MappaCategory,
    /// MAPPA level, 1 to 3 (a choice whose codes are the numbers); a panel's items
    /// route cases by it (`levels` on a `cases` item).
    MappaLevel,
    /// A group's area, or a location's (issue 22; a location without one is placed
    /// by its postcode district).
    Area,
    /// What happens at a location, or what a group is (several fields are joined).
    Description,
    /// How many young people a group has (a number).
    GroupSize,
    /// A group's members (a `rows` field with a Name column): each row a person of
    /// the case of role `group_member`, matched as a person.
    Members,
}

impl Core {
    /// Every core, in the referral's order.
    pub const ALL: [Core; 18] = [
        Core::ReferringAgency,
        Core::ReferrerContact,
        Core::Name,
        Core::DateOfBirth,
        Core::Age,
        Core::Address,
        Core::Postcode,
        Core::Gender,
        Core::Ethnicity,
        Core::MappaCategory,
        Core::MappaLevel,
        Core::Concerns,
        Core::DateReceived,
        Core::Urgent,
        Core::Area,
        Core::Description,
        Core::GroupSize,
        Core::Members,
    ];

    /// The referral form's field it fills (the key the intake checks report at).
    pub fn key(self) -> &'static str {
        match self {
            Core::Name => "name",
            Core::DateOfBirth => "date_of_birth",
            Core::Age => "age",
            Core::DateReceived => "date_received",
            Core::Urgent => "urgent",
            Core::ReferringAgency => "referring_agency",
            Core::ReferrerContact => "referrer_contact",
            Core::Concerns => "concerns",
            Core::Address => "address",
            Core::Postcode => "postcode",
            Core::Gender => "gender",
            Core::Ethnicity => "ethnicity",
            Core::MappaCategory => "mappa_category",
            Core::MappaLevel => "mappa_level",
            Core::Area => "area",
            Core::Description => "description",
            Core::GroupSize => "group_size",
            Core::Members => "members",
        }
    }

    /// May several fields fill it (joined)?
    pub fn joins(self) -> bool {
        matches!(
            self,
            Core::Name | Core::Concerns | Core::Address | Core::ReferrerContact | Core::Description
        )
    }
}

/// An option of a choice: a plain label (its code made from it) or `{ code, label }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OptionDef {
    /// `"Bromley"`: the code is `bromley`.
    Label(String),
    /// `{ code = "dip_prolific", label = "DIP client identified as prolific re-offender" }`.
    Coded { code: String, label: String },
}

impl OptionDef {
    /// The option's code, as answers and rules name it.
    pub fn code(&self) -> String {
        match self {
            OptionDef::Label(l) => crate::domain::intake::code_key(l),
            OptionDef::Coded { code, .. } => code.trim().to_string(),
        }
    }

    /// The option's words.
    pub fn label(&self) -> &str {
        match self {
            OptionDef::Label(l) | OptionDef::Coded { label: l, .. } => l.trim(),
        }
    }
}

/// One value or several (`is = "yes"` or `is = ["dip", "ppo"]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl Default for OneOrMany {
    fn default() -> Self {
        OneOrMany::Many(vec![])
    }
}

impl OneOrMany {
    /// Nothing given.
    pub fn is_empty(&self) -> bool {
        matches!(self, OneOrMany::Many(v) if v.is_empty())
    }

    /// The values, trimmed.
    pub fn values(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.trim().to_string()],
            OneOrMany::Many(v) => v.iter().map(|s| s.trim().to_string()).collect(),
        }
    }
}

/// `when = { field = "childcare", is = "yes" }`: the field is asked (and required)
/// only when another field has one of these values; with no `is`, any value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct When {
    pub field: String,
    pub is: OneOrMany,
}

/// One field of a form (`[[form.field]]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FieldDef {
    /// Its key in referral files and in the stored answers.
    pub key: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// For `choice` and `multi_choice`.
    pub options: Vec<OptionDef>,
    /// For `rows`: the columns' headings.
    pub columns: Vec<String>,
    /// For `rows`: at least this many rows when answered (MAVE: a group of two or
    /// more, OPEN (13)).
    #[serde(skip_serializing_if = "is_zero")]
    pub min_rows: u32,
    pub required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub core: Option<Core>,
    /// For the referring agency (gap D14): the panel agency code that stands for a
    /// referrer from outside the panel; what was written is kept as an answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_agency: Option<String>,
    /// Restricted intelligence (issue 22, MAVE MV10, gap D13: "Referrals will include
    /// intelligence (which may be limited by criminal investigations)"): the answer is
    /// never in the room's view or the general minutes; it is shown to the chair on
    /// the case page and in `case ID`, marked. Never with `core` (the referral's own
    /// columns are shown on lists).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub restricted: bool,
    /// On a form of several kinds: the kind whose part of the form the field is in
    /// (asked only when that part is the one answered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<SubjectKind>,
}

impl FieldDef {
    /// The option whose code or label is `typed` (any case, spaces as underscores).
    pub fn option(&self, typed: &str) -> Option<&OptionDef> {
        let key = crate::domain::intake::code_key(typed);
        self.options
            .iter()
            .find(|o| o.code() == typed.trim() || crate::domain::intake::code_key(o.label()) == key)
            .or_else(|| {
                self.options
                    .iter()
                    .find(|o| crate::domain::intake::code_key(&o.code()) == key)
            })
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A checklist rule (`[[form.rule]]`): exactly one of `all_of`, `any_of`,
/// `exactly_one_of` or `approved`. A reference is a field's key (a multi-choice
/// field counts each option ticked) or `field.option` (that option ticked).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FormRule {
    /// Every one answered (a yes/no field: yes).
    pub all_of: Vec<String>,
    /// At least one answered.
    pub any_of: Vec<String>,
    /// Exactly one answered.
    pub exactly_one_of: Vec<String>,
    /// A yes/no field: the referral is not listed until it says yes (a manager's
    /// approval, gap D5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved: Option<String>,
    /// What the referrer is told when the rule fails.
    pub message: String,
    /// Where the panel's document sets the rule ("App 4A, Catchment area").
    pub cite: String,
}

/// Which of the four a rule is, and its references.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    AllOf,
    AnyOf,
    ExactlyOneOf,
    Approved,
}

impl FormRule {
    /// The rule's kind and the fields it names; `None` unless exactly one is given.
    pub fn kind(&self) -> Option<(RuleKind, Vec<String>)> {
        let mut found = vec![];
        if !self.all_of.is_empty() {
            found.push((RuleKind::AllOf, self.all_of.clone()));
        }
        if !self.any_of.is_empty() {
            found.push((RuleKind::AnyOf, self.any_of.clone()));
        }
        if !self.exactly_one_of.is_empty() {
            found.push((RuleKind::ExactlyOneOf, self.exactly_one_of.clone()));
        }
        if let Some(f) = &self.approved {
            found.push((RuleKind::Approved, vec![f.clone()]));
        }
        (found.len() == 1).then(|| found.remove(0))
    }
}

impl FormDef {
    /// The kinds of subject the form refers (a person when it names none); an
    /// unknown name is left out (see [`FormDef::problems`]).
    pub fn kinds(&self) -> Vec<SubjectKind> {
        let k: Vec<SubjectKind> = self
            .subject
            .values()
            .iter()
            .filter_map(|c| SubjectKind::from_code(c))
            .collect();
        if k.is_empty() {
            vec![SubjectKind::Person]
        } else {
            k
        }
    }

    /// The field with `key`.
    pub fn field(&self, key: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The first field that fills `core`.
    pub fn core_field(&self, core: Core) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.core == Some(core))
    }

    /// Everything wrong with the form, each problem naming its key (`form[1].field[3].when`).
    pub fn problems(&self, at: &str, agency: &dyn Fn(&str) -> bool) -> Vec<String> {
        let mut out = vec![];
        if self.code.trim().is_empty() {
            out.push(format!("{at}.code: empty"));
        }
        if self.fields.is_empty() {
            out.push(format!("{at}.field: no fields"));
        }
        for core in [Core::Name, Core::Concerns, Core::ReferringAgency] {
            if self.core_field(core).is_none() {
                out.push(format!(
                    "{at}: no field has core = \"{}\" (the engine needs it)",
                    core.key()
                ));
            }
        }
        for (i, f) in self.fields.iter().enumerate() {
            let fat = format!("{at}.field[{}]", i + 1);
            out.extend(self.field_problems(&fat, i, f, agency));
        }
        out.extend(self.kind_problems(at));
        out.extend(super::form_warn::warn_problems(self, at));
        for (i, r) in self.rules.iter().enumerate() {
            let rat = format!("{at}.rule[{}]", i + 1);
            match r.kind() {
                None => out.push(format!(
                    "{rat}: give exactly one of all_of, any_of, exactly_one_of, approved"
                )),
                Some((kind, refs)) => {
                    for reference in &refs {
                        if let Err(e) = self.reference(reference) {
                            out.push(format!("{rat}: {e}"));
                        }
                    }
                    if kind == RuleKind::Approved
                        && self
                            .field(&refs[0])
                            .is_some_and(|f| f.kind != FieldType::YesNo)
                    {
                        out.push(format!("{rat}.approved: {} is not a yes_no field", refs[0]));
                    }
                }
            }
            if r.message.trim().is_empty() {
                out.push(format!("{rat}.message: empty"));
            }
        }
        out
    }

    fn field_problems(
        &self,
        fat: &str,
        i: usize,
        f: &FieldDef,
        agency: &dyn Fn(&str) -> bool,
    ) -> Vec<String> {
        let mut out = vec![];
        if f.key.trim().is_empty() || f.key.contains(['.', ' ']) {
            out.push(format!("{fat}.key: '{}' (letters, digits and _)", f.key));
        }
        if self.fields[..i].iter().any(|o| o.key == f.key) {
            out.push(format!("{fat}.key: {} appears twice", f.key));
        }
        if f.label.trim().is_empty() {
            out.push(format!("{fat}.label: empty"));
        }
        let choice = matches!(f.kind, FieldType::Choice | FieldType::MultiChoice);
        if choice && f.options.is_empty() {
            out.push(format!("{fat}.options: a {} needs options", f.kind.code()));
        }
        if !choice && !f.options.is_empty() {
            out.push(format!("{fat}.options: only a choice has options"));
        }
        if f.kind == FieldType::Rows && f.columns.is_empty() {
            out.push(format!("{fat}.columns: rows need columns"));
        }
        if f.kind != FieldType::Rows && f.min_rows > 0 {
            out.push(format!("{fat}.min_rows: only rows have rows"));
        }
        if let Some(w) = &f.when {
            match self.field(&w.field) {
                None => out.push(format!("{fat}.when.field: no field {}", w.field)),
                Some(o) if o.key == f.key => out.push(format!("{fat}.when.field: itself")),
                Some(o) => {
                    for v in w.is.values() {
                        let ok = match o.kind {
                            FieldType::Choice | FieldType::MultiChoice => o.option(&v).is_some(),
                            FieldType::YesNo => matches!(v.as_str(), "yes" | "no"),
                            _ => true,
                        };
                        if !ok {
                            out.push(format!("{fat}.when.is: {v} is not an option of {}", o.key));
                        }
                    }
                }
            }
        }
        if let Some(core) = f.core {
            let fits = match core {
                Core::DateOfBirth | Core::DateReceived => f.kind == FieldType::Date,
                Core::Age => f.kind == FieldType::Number,
                Core::Urgent => f.kind == FieldType::YesNo,
                Core::ReferringAgency => matches!(f.kind, FieldType::Text | FieldType::Choice),
                Core::GroupSize => f.kind == FieldType::Number,
                Core::Members => f.kind == FieldType::Rows,
                _ => f.kind != FieldType::Rows && f.kind != FieldType::YesNo,
            };
            if !fits {
                out.push(format!(
                    "{fat}.core: {} cannot come from a {} field",
                    core.key(),
                    f.kind.code()
                ));
            }
            if !core.joins() && self.fields[..i].iter().any(|o| o.core == Some(core)) {
                out.push(format!("{fat}.core: {} is given by two fields", core.key()));
            }
        }
        if let (true, Some(core)) = (f.restricted, f.core) {
            out.push(format!(
                "{fat}.restricted: a restricted answer is kept apart, so it cannot fill core = \"{}\"",
                core.key()
            ));
        }
        match (&f.other_agency, f.core) {
            (Some(_), c) if c != Some(Core::ReferringAgency) => out.push(format!(
                "{fat}.other_agency: only with core = \"referring_agency\""
            )),
            (Some(a), _) if !agency(a) => {
                out.push(format!("{fat}.other_agency: {a} is not an agency"))
            }
            _ => {}
        }
        out
    }

    /// What is wrong with the form's kinds (issue 22): a kind not known, a field's
    /// kind not the form's, a kind of several with no part, members on a form that
    /// is not a group's, members without a Name column.
    fn kind_problems(&self, at: &str) -> Vec<String> {
        let mut out = vec![];
        let all = SubjectKind::words(&SubjectKind::ALL);
        for c in self.subject.values() {
            if SubjectKind::from_code(&c).is_none() {
                out.push(format!("{at}.subject: {c} is not a kind ({all})"));
            }
        }
        let kinds = self.kinds();
        for (i, f) in self.fields.iter().enumerate() {
            let fat = format!("{at}.field[{}]", i + 1);
            if let Some(k) = f.subject {
                if !kinds.contains(&k) {
                    out.push(format!(
                        "{fat}.subject: {} is not a kind of this form ({})",
                        k.code(),
                        SubjectKind::words(&kinds)
                    ));
                }
            }
            if f.core == Some(Core::Members) {
                if !kinds.contains(&SubjectKind::Group) {
                    out.push(format!("{fat}.core: members belong to a group's form"));
                }
                if member_column(&f.columns, "name").is_none() {
                    out.push(format!("{fat}.columns: members need a Name column"));
                }
            }
        }
        if kinds.len() > 1 {
            for k in &kinds {
                if !self.fields.iter().any(|f| f.subject == Some(*k)) {
                    out.push(format!(
                        "{at}.subject: no field has subject = \"{}\" (a form of several kinds marks each kind's part)",
                        k.code()
                    ));
                }
            }
        }
        out
    }

    /// A rule's reference: `field` or `field.option`.
    pub fn reference(&self, r: &str) -> Result<(&FieldDef, Option<&OptionDef>), String> {
        let (key, opt) = match r.split_once('.') {
            Some((k, o)) => (k, Some(o)),
            None => (r, None),
        };
        let f = self.field(key).ok_or_else(|| format!("no field {key}"))?;
        match opt {
            None => Ok((f, None)),
            Some(o) => f
                .option(o)
                .map(|x| (f, Some(x)))
                .ok_or_else(|| format!("{o} is not an option of {key}")),
        }
    }
}

/// The position of a members table's column `want` ("name"; "date_of_birth" also
/// reads a "DOB" column).
pub fn member_column(columns: &[String], want: &str) -> Option<usize> {
    let key = |c: &str| crate::domain::intake::code_key(c);
    columns.iter().position(|c| {
        let k = key(c);
        k == want || (want == "date_of_birth" && k == "dob")
    })
}

/// Every form's problems (`form[1]...`), and two forms with one code.
pub fn forms_problems(forms: &[FormDef], agency: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut out = vec![];
    for (i, f) in forms.iter().enumerate() {
        let at = format!("form[{}]", i + 1);
        if forms[..i].iter().any(|o| o.code == f.code) {
            out.push(format!("{at}.code: {} appears twice", f.code));
        }
        out.extend(f.problems(&at, agency));
    }
    out
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
