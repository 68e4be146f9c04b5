//! A panel's paperwork as data: the rules its own terms of reference set (where each is
//! written, who it admits, what it excludes, its deadlines, decisions, quorum and
//! forms), read from the panel file beside its shape ([`super::panel_def`]).
//!
//! One mechanism for every panel: the engine applies a rule only when the panel file
//! gives it, and quotes it with the panel's own section (`[cite]`), never MAGPan's.
//! MAGPan's rules are keys in `data/panels/magpan.toml` with their values of today.
//!
//! Stored as JSON in `panel.paperwork`; a database made before the column existed ran
//! MAGPan's rules for every panel, so an empty column reads as MAGPan's paperwork
//! ([`Paperwork::magpan`]) and nothing it did changes on upgrade.

mod checklist;
mod cite;
mod deadline;
mod decisions;
mod form;
mod form_check;
mod form_warn;
mod intake;
mod meeting_type;
mod people;
mod people_per_case;
mod reminders;
mod return_sections;
mod returns;

pub use checklist::{
    checklist_missing, AnswerType, Answered, ChecklistItem, IfNo, Records, RiskMeasure,
};
pub use cite::{Citations, Rule};
pub use deadline::{DayUnit, Deadline, DeadlineDue, DeadlineFor, Deadlines, RelativeTo};
pub use decisions::{
    decision_needs, routing_problems, standard_decisions, Closure, DecisionDef, DecisionNeeds,
    Need, OnwardKindDef, ReviewRule,
};
pub use form::{
    forms_problems, member_column, Core, FieldDef, FieldType, FormDef, FormRule, OneOrMany,
    OptionDef, When,
};
pub use form_check::{check_form, check_form_with, field_for, Filled, FormAnswer, OVERRIDE_KEY};
pub use form_warn::{form_warnings, FormWarn};
pub use intake::{AgeRule, AgeVerdict, Exclusion, LeadAgencyRules, OutsideAge, ScreeningRules};
pub use meeting_type::{
    find_type, item_problems as meeting_type_item_problems, type_of, MeetingTypeDef,
};
pub use people::{quorum_gate, required_absent, AgencyRule, InRoom, Quorum, QuorumGate};
pub use people_per_case::{Anonymous, CasePerson, CaseShape, PeoplePerCase, PeopleRows};
pub use reminders::{
    Days, Reminders, DEFAULT_DAYS_BEFORE, DEFAULT_ESCALATE_AFTER, DEFAULT_STALLED_WEEKS,
};
pub use return_sections::{
    age_band_in, age_band_labels, ReturnSection, SectionBy, SectionCount, SectionKind, AGE_BANDS,
};
pub use returns::{field_def, By, Counted, ReturnSpec, ReturnTable};

use serde::{Deserialize, Serialize};

/// Everything a panel file says about its paperwork. Every section is optional in the
/// file: a missing one is "no such rule".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Paperwork {
    /// Where each rule is written in the panel's own document (`[cite]`).
    pub cite: Citations,
    /// Ages the panel hears, on the meeting date (`[age]`).
    pub age: AgeRule,
    /// Cases the panel does not hear (`[exclusion]`).
    pub exclusion: Exclusion,
    /// Who leads a case and when that may change (`[lead_agency]`).
    pub lead_agency: LeadAgencyRules,
    /// Who writes a youth screening note (`[screening]`).
    pub screening: ScreeningRules,
    /// The decisions the panel takes, each with the items it is offered at and what
    /// it needs (`[[decision]]`; none in the file: [`standard_decisions`]).
    #[serde(rename = "decision")]
    pub decisions: Vec<DecisionDef>,
    /// Referrals to other services considered at a case (`[[onward_kind]]`).
    #[serde(rename = "onward_kind")]
    pub onward_kinds: Vec<OnwardKindDef>,
    /// Reasons a case may be closed or removed for (`[closure]`).
    pub closure: Closure,
    /// Bounds on the next review and the length of a plan (`[review]`).
    pub review: ReviewRule,
    /// Members and agencies present before decisions (`[quorum]`).
    pub quorum: Option<Quorum>,
    /// Agencies the panel expects at every meeting (`required` on `[[agency]]`).
    #[serde(rename = "agency")]
    pub agencies: Vec<AgencyRule>,
    /// At most this many serving deputies per agency, unless an `[[agency]]` sets its
    /// own `max_deputies` (issue 22, MAVE MV8: 2); none: no limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_deputies: Option<u32>,
    /// The panel's referral forms (`[[form]]`); none: MAGPan's Appendix A form.
    #[serde(rename = "form", skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<FormDef>,
    /// Papers due before a meeting and minutes after it (`[[deadline]]`).
    #[serde(rename = "deadline", skip_serializing_if = "deadlines_empty")]
    pub deadlines: Deadlines,
    /// The people of a case, anonymous cases and repeats (`[people_per_case]`,
    /// issue 21); none: a case is about its one subject.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub people_per_case: Option<PeoplePerCase>,
    /// The chair's checklist for every case (`[[checklist]]`, issue 21); none: no
    /// checklist on the case page.
    #[serde(rename = "checklist", skip_serializing_if = "Vec::is_empty")]
    pub checklist: Vec<ChecklistItem>,
    /// Risks each case is rated on beside the one risk level (`[[risk_measure]]`).
    #[serde(rename = "risk_measure", skip_serializing_if = "Vec::is_empty")]
    pub risk_measures: Vec<RiskMeasure>,
    /// Sharing decisions and escalations on the case page (`[records]`).
    #[serde(skip_serializing_if = "Records::is_off")]
    pub records: Records,
    /// The panel's own monitoring return (`[return]`, issue 22); none: the section 12
    /// return `report` has always printed.
    #[serde(rename = "return", skip_serializing_if = "Option::is_none")]
    pub monitoring_return: Option<ReturnSpec>,
    /// The kinds of meeting the panel holds (`[[meeting_type]]`, issue 21, B10);
    /// none: the built-in ordinary, emergency and single-case kinds.
    #[serde(rename = "meeting_type", skip_serializing_if = "Vec::is_empty")]
    pub meeting_types: Vec<MeetingTypeDef>,
    /// When agencies are reminded of their actions, and when an action or a case is
    /// flagged as drifting (`[reminders]`, issue 26); none: the defaults of
    /// [`Reminders::default`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reminders: Option<Reminders>,
}

fn deadlines_empty(d: &Deadlines) -> bool {
    d.0.is_empty()
}

impl Paperwork {
    /// The paperwork sections of a panel file, read from its TOML (other keys are the
    /// panel's shape and are read by [`super::panel_def::PanelDef::parse`]).
    pub fn from_toml(value: &toml::Value) -> Result<Self, String> {
        let p: Self = value
            .clone()
            .try_into()
            .map_err(|e| format!("panel file: {e}"))?;
        Ok(p.with_standard_decisions())
    }

    /// A panel that names no decisions takes the standard ones.
    fn with_standard_decisions(mut self) -> Self {
        if self.decisions.is_empty() {
            self.decisions = standard_decisions();
        }
        self
    }

    /// MAGPan's paperwork, from the shipped panel file: what a database made before
    /// the paperwork was data ran, whatever its panel.
    pub fn magpan() -> Self {
        // Parsed once: every panel load of a database older than the column reads it.
        static MAGPAN: std::sync::OnceLock<Paperwork> = std::sync::OnceLock::new();
        MAGPAN
            .get_or_init(|| super::panel_def::PanelDef::magpan().paperwork)
            .clone()
    }

    /// Read from the `panel.paperwork` column: `None` (a database older than the
    /// column) is MAGPan's. Errors: the stored JSON is damaged.
    pub fn from_stored(json: Option<&str>) -> Result<Self, String> {
        match json {
            None => Ok(Self::magpan()),
            Some(j) => serde_json::from_str::<Self>(j)
                .map(Self::with_standard_decisions)
                .map_err(|e| e.to_string()),
        }
    }

    /// As stored in `panel.paperwork`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("paperwork serialises")
    }

    /// Everything wrong with the paperwork, each naming its key; `agency` says whether
    /// a code is one of the panel's agencies. Empty when sound.
    pub fn problems(&self, agency: &dyn Fn(&str) -> bool) -> Vec<String> {
        let mut out = self.cite.problems();
        out.extend(self.age.problems());
        out.extend(self.exclusion.problems());
        out.extend(self.lead_agency.problems(agency));
        out.extend(self.screening.problems(agency));
        out.extend(decisions::problems(
            &self.decisions,
            &self.onward_kinds,
            &self.closure,
        ));
        out.extend(self.review.problems());
        out.extend(people::problems(self.quorum.as_ref()));
        out.extend(forms_problems(&self.forms, agency));
        out.extend(self.deadlines.problems());
        if let Some(p) = &self.people_per_case {
            out.extend(p.problems(&self.forms));
        }
        let decision = |c: &str| self.decision(c).is_some();
        out.extend(checklist::checklist_problems(&self.checklist, &decision));
        out.extend(checklist::measures_problems(&self.risk_measures));
        if let Some(r) = &self.monitoring_return {
            out.extend(r.problems(&self.forms));
        }
        out.extend(meeting_type::problems(&self.meeting_types));
        if let Some(r) = &self.reminders {
            out.extend(r.problems());
        }
        out
    }

    /// The panel's `[reminders]`, or the defaults when its file has none.
    pub fn reminders(&self) -> Reminders {
        self.reminders.clone().unwrap_or_default()
    }

    /// The decisions offered at an item of kind `kind`, in the file's order.
    pub fn decisions_at(&self, kind: crate::domain::agenda::AgendaKind) -> Vec<&DecisionDef> {
        self.decisions
            .iter()
            .filter(|d| d.offered_at(kind))
            .collect()
    }

    /// Does the panel take MAGPan's Appendix A form (no `[[form]]` of its own)? Only
    /// then are the form's own fields (the core referral reason, the intervention plan
    /// presented at the first meeting) asked for and shown.
    pub fn appendix_a(&self) -> bool {
        self.forms.is_empty()
    }

    /// The decision with this code.
    pub fn decision(&self, code: &str) -> Option<&DecisionDef> {
        self.decisions.iter().find(|d| d.code == code)
    }

    /// Words for a decision code: its label, or the code itself when the panel does
    /// not know it (a decision of an earlier panel file).
    pub fn decision_label(&self, code: &str) -> String {
        self.decision(code)
            .map_or_else(|| code.to_string(), |d| d.label.clone())
    }

    /// The panel's onward-referral kind with this code.
    pub fn onward_kind(&self, code: &str) -> Option<&OnwardKindDef> {
        self.onward_kinds.iter().find(|k| k.code == code)
    }

    /// Words for an onward-referral kind code: its label, or the code itself (a kind
    /// recorded under an earlier panel file).
    pub fn onward_label(&self, code: &str) -> String {
        self.onward_kind(code)
            .map_or_else(|| code.to_string(), |k| k.label.clone())
    }

    /// Does the onward-referral kind `code` ask whom it is for?
    pub fn asks_for_whom(&self, code: &str) -> bool {
        self.onward_kind(code).is_some_and(|k| k.asks_for_whom)
    }

    /// The form with `code`, or the only form when `code` is blank.
    pub fn form(&self, code: &str) -> Result<&FormDef, String> {
        let code = code.trim();
        let codes = || {
            self.forms
                .iter()
                .map(|f| f.code.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (code, self.forms.as_slice()) {
            (_, []) => Err(
                "this panel has no forms of its own (its referral form is written in code)".into(),
            ),
            ("", [only]) => Ok(only),
            ("", _) => Err(format!("name the form (form = one of {})", codes())),
            (c, all) => all
                .iter()
                .find(|f| f.code.eq_ignore_ascii_case(c))
                .ok_or_else(|| format!("no form {c} (one of {})", codes())),
        }
    }
}
