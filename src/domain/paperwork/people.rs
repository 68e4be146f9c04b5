//! Who must be in the room: `[quorum]` before decisions, and agencies marked
//! `required = true` on `[[agency]]` (warned of at apologies).

use serde::{Deserialize, Serialize};

use super::{Citations, Rule};

/// `[quorum]`: at least `min_members` panel members present, from at least
/// `min_agencies` agencies (DYO: 3 and 3, 003 App 4A "Meeting Schedule").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quorum {
    #[serde(default)]
    pub min_members: u32,
    #[serde(default)]
    pub min_agencies: u32,
}

/// The part of an `[[agency]]` entry that is paperwork: `required = true` means the
/// panel expects it at every meeting. Its other keys are the panel's shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyRule {
    pub code: String,
    #[serde(default)]
    pub required: bool,
    /// At most this many serving deputies for the agency (issue 22, MAVE MV8); none:
    /// the panel-wide `max_deputies`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_deputies: Option<u32>,
}

impl super::Paperwork {
    /// The most deputies agency `code` may have: its own `max_deputies`, else the
    /// panel's, else no limit.
    pub fn deputy_limit(&self, code: &str) -> Option<u32> {
        self.agencies
            .iter()
            .find(|a| a.code == code)
            .and_then(|a| a.max_deputies)
            .or(self.max_deputies)
    }

    /// The one-line warning when agency `code` has `count` serving deputies, more than
    /// its limit (MAVE: "They should also nominate two deputies who may attend in their
    /// place", 001 "Who sits on the MAVE Panel?"); `None` within it. A warning, never a
    /// refusal: a deputy leaving may not be retired yet.
    pub fn deputy_warning(&self, code: &str, count: usize) -> Option<String> {
        let limit = self.deputy_limit(code)?;
        (count > limit as usize).then(|| {
            format!(
                "{code} now has {count} deputies: the panel names at most {limit} per agency beside its lead{}; retire one who no longer deputises",
                self.cite.paren(Rule::Deputies)
            )
        })
    }
}

/// A panel member in the room, for the quorum: their name and agency code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InRoom {
    pub name: String,
    pub agency: String,
}

/// The quorum gate on decisions, beside the confidentiality gate on case items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuorumGate {
    /// The panel sets no quorum.
    NotSet,
    /// Enough members from enough agencies are present.
    Met,
    /// Not met, and the chair has let decisions be taken, for this reason.
    Overridden { reason: String },
    /// Not met: decisions wait.
    Short {
        members: usize,
        agencies: Vec<String>,
        quorum: Quorum,
    },
}

impl QuorumGate {
    /// May a decision be recorded?
    pub fn allows_decisions(&self) -> bool {
        !matches!(self, QuorumGate::Short { .. })
    }

    /// The one line saying what is missing, when decisions wait: "Quorum not met
    /// (App 4A): 2 members present from 2 agencies (POL, YOT); 1 more member and 1
    /// more agency needed".
    pub fn refusal(&self, cite: &Citations) -> Option<String> {
        let QuorumGate::Short {
            members,
            agencies,
            quorum,
        } = self
        else {
            return None;
        };
        let more_members = (quorum.min_members as usize).saturating_sub(*members);
        let more_agencies = (quorum.min_agencies as usize).saturating_sub(agencies.len());
        let mut needed = vec![];
        if more_members > 0 {
            needed.push(plural(more_members, "more member", "more members"));
        }
        if more_agencies > 0 {
            needed.push(plural(more_agencies, "more agency", "more agencies"));
        }
        let from = if agencies.is_empty() {
            String::new()
        } else {
            format!(" ({})", agencies.join(", "))
        };
        Some(format!(
            "Quorum not met{}: {} present from {}{from}; {} needed before a decision",
            cite.paren(Rule::Quorum),
            plural(*members, "member", "members"),
            plural(agencies.len(), "agency", "agencies"),
            needed.join(" and ")
        ))
    }

    /// The minutes' sentence: "quorate", or the chair's override with its reason.
    pub fn minutes_line(&self) -> Option<String> {
        match self {
            QuorumGate::NotSet => None,
            QuorumGate::Met => Some("The meeting was quorate.".into()),
            QuorumGate::Overridden { reason } => Some(format!(
                "The meeting was not quorate; the chair let decisions be taken: {reason}"
            )),
            QuorumGate::Short { .. } => Some("The meeting was not quorate.".into()),
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The gate for the panel members in the room (`present`), given the panel's quorum
/// and the chair's recorded override reason, if any (a blank one is none).
pub fn quorum_gate(quorum: Option<&Quorum>, present: &[InRoom], over: Option<&str>) -> QuorumGate {
    let Some(q) = quorum else {
        return QuorumGate::NotSet;
    };
    let mut agencies: Vec<String> = present.iter().map(|p| p.agency.clone()).collect();
    agencies.sort();
    agencies.dedup();
    if present.len() >= q.min_members as usize && agencies.len() >= q.min_agencies as usize {
        return QuorumGate::Met;
    }
    match over.map(str::trim) {
        Some(r) if !r.is_empty() => QuorumGate::Overridden { reason: r.into() },
        _ => QuorumGate::Short {
            members: present.len(),
            agencies,
            quorum: q.clone(),
        },
    }
}

/// The required agencies (by code, in the file's order) with nobody in the room.
pub fn required_absent(agencies: &[AgencyRule], present_codes: &[String]) -> Vec<String> {
    agencies
        .iter()
        .filter(|a| a.required)
        .filter(|a| {
            !present_codes
                .iter()
                .any(|p| p.eq_ignore_ascii_case(&a.code))
        })
        .map(|a| a.code.clone())
        .collect()
}

/// Everything wrong with `[quorum]`, each naming its key.
pub(super) fn problems(quorum: Option<&Quorum>) -> Vec<String> {
    let Some(q) = quorum else {
        return vec![];
    };
    let mut out = vec![];
    if q.min_members == 0 {
        out.push("quorum.min_members: must be at least 1".into());
    }
    if q.min_agencies > q.min_members {
        out.push(format!(
            "quorum.min_agencies: {} agencies cannot be met by {} members",
            q.min_agencies, q.min_members
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room(v: &[(&str, &str)]) -> Vec<InRoom> {
        v.iter()
            .map(|(n, a)| InRoom {
                name: n.to_string(),
                agency: a.to_string(),
            })
            .collect()
    }

    const DYO: Quorum = Quorum {
        min_members: 3,
        min_agencies: 3,
    };

    #[test]
    fn dyo_meeting_schedule_three_members_from_three_agencies() {
        // 003 App 4A "Meeting Schedule": "a quorum of at least three panel members
        // present ... from at least three agencies".
        let three = room(&[
            ("Ada Quill", "YOT"),
            ("Bo Fenn", "POL"),
            ("Cy Marsh", "EWS"),
        ]);
        assert_eq!(quorum_gate(Some(&DYO), &three, None), QuorumGate::Met);
        let two_agencies = room(&[("Ada Quill", "YOT"), ("Bo Fenn", "POL"), ("Di Lark", "POL")]);
        let g = quorum_gate(Some(&DYO), &two_agencies, None);
        assert!(!g.allows_decisions());
        let mut cite = Citations::default();
        cite.0
            .insert("quorum".into(), "App 4A, Meeting Schedule".into());
        assert_eq!(
            g.refusal(&cite).unwrap(),
            "Quorum not met (App 4A, Meeting Schedule): 3 members present from 2 agencies (POL, YOT); 1 more agency needed before a decision"
        );
        let two = room(&[("Ada Quill", "YOT"), ("Bo Fenn", "POL")]);
        let line = quorum_gate(Some(&DYO), &two, None).refusal(&cite).unwrap();
        assert!(
            line.contains("1 more member and 1 more agency needed"),
            "{line}"
        );
    }

    #[test]
    fn dyo_chair_override_needs_a_reason_and_no_quorum_is_no_gate() {
        let two = room(&[("Ada Quill", "YOT"), ("Bo Fenn", "POL")]);
        assert!(!quorum_gate(Some(&DYO), &two, Some("  ")).allows_decisions());
        let g = quorum_gate(Some(&DYO), &two, Some(" EWS joined by phone "));
        assert_eq!(
            g,
            QuorumGate::Overridden {
                reason: "EWS joined by phone".into()
            }
        );
        assert!(g.minutes_line().unwrap().contains("EWS joined by phone"));
        assert_eq!(quorum_gate(None, &[], None), QuorumGate::NotSet);
        assert!(QuorumGate::NotSet.allows_decisions());
    }

    #[test]
    fn a_required_agency_with_nobody_present_is_named() {
        let agencies = vec![
            AgencyRule {
                code: "YOT".into(),
                required: true,
                max_deputies: None,
            },
            AgencyRule {
                code: "POL".into(),
                required: true,
                max_deputies: None,
            },
            AgencyRule {
                code: "EWS".into(),
                required: false,
                max_deputies: None,
            },
        ];
        assert_eq!(required_absent(&agencies, &["yot".into()]), ["POL"]);
        assert!(problems(Some(&Quorum {
            min_members: 2,
            min_agencies: 3
        }))[0]
            .starts_with("quorum.min_agencies"));
    }

    #[test]
    fn mave_who_sits_max_deputies_an_agency_s_own_limit_before_the_panel_s() {
        // 001 "Who sits on the MAVE Panel?": "two deputies who may attend in their place".
        let mut pw = super::super::Paperwork {
            max_deputies: Some(2),
            ..Default::default()
        };
        pw.agencies.push(AgencyRule {
            code: "POL".into(),
            required: true,
            max_deputies: Some(4),
        });
        assert_eq!(pw.deputy_limit("CSC"), Some(2));
        assert_eq!(pw.deputy_limit("POL"), Some(4));
        assert_eq!(pw.deputy_warning("CSC", 2), None);
        assert_eq!(
            pw.deputy_warning("CSC", 3).as_deref(),
            Some("CSC now has 3 deputies: the panel names at most 2 per agency beside its lead; retire one who no longer deputises")
        );
        assert_eq!(pw.deputy_warning("POL", 4), None);
        pw.max_deputies = None;
        assert_eq!(pw.deputy_warning("CSC", 9), None, "no limit set");
    }
}
