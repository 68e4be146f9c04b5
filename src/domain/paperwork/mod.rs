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

mod cite;
mod deadline;
mod intake;

pub use cite::{Citations, Rule};
pub use deadline::{DayUnit, Deadline, DeadlineDue, DeadlineFor, Deadlines, RelativeTo};
pub use intake::{AgeRule, AgeVerdict, Exclusion, LeadAgencyRules, OutsideAge};

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
    /// Papers due before a meeting and minutes after it (`[[deadline]]`).
    #[serde(rename = "deadline", skip_serializing_if = "deadlines_empty")]
    pub deadlines: Deadlines,
}

fn deadlines_empty(d: &Deadlines) -> bool {
    d.0.is_empty()
}

impl Paperwork {
    /// The paperwork sections of a panel file, read from its TOML (other keys are the
    /// panel's shape and are read by [`super::panel_def::PanelDef::parse`]).
    pub fn from_toml(value: &toml::Value) -> Result<Self, String> {
        value
            .clone()
            .try_into()
            .map_err(|e| format!("panel file: {e}"))
    }

    /// MAGPan's paperwork, from the shipped panel file: what a database made before
    /// the paperwork was data ran, whatever its panel.
    pub fn magpan() -> Self {
        super::panel_def::PanelDef::magpan().paperwork
    }

    /// Read from the `panel.paperwork` column: `None` (a database older than the
    /// column) is MAGPan's. Errors: the stored JSON is damaged.
    pub fn from_stored(json: Option<&str>) -> Result<Self, String> {
        match json {
            None => Ok(Self::magpan()),
            Some(j) => serde_json::from_str(j).map_err(|e| e.to_string()),
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
        out.extend(self.deadlines.problems());
        out
    }
}
