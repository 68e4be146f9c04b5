//! `[cite]`: where each rule is written in the panel's own document, so a message
//! quotes the panel's section ("section 11" for MAGPan's cut-off) and a panel whose
//! file gives none is quoted without one, never with another panel's number.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The rules a message may cite, by their key in `[cite]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// Members and their posts (MAGPan: section 5.4).
    Membership,
    /// Deputies speak for the member's agency (MAGPan: section 5.5).
    Deputies,
    /// The referring agency is told the decision (MAGPan: section 5.5).
    ReferrerTold,
    /// Actions are volunteered by agencies (MAGPan: section 7.2).
    Volunteered,
    /// The default lead agency for under-18s (MAGPan: section 7.3).
    LeadAgencyUnder18,
    /// The lead agency's update before a review (MAGPan: section 7.6).
    LeadUpdateDue,
    /// Closing a case (MAGPan: section 7.7).
    Closure,
    /// The lead agency changes only at a review (MAGPan: section 7.8).
    LeadAgencyChange,
    /// A review brought forward (MAGPan: section 7.9).
    BroughtForward,
    /// Ages heard, and the note for older people (MAGPan: section 9).
    Age,
    /// Cases the panel does not hear (MAGPan: section 10.1, MAPPA level 2/3).
    Exclusion,
    /// The referral cut-off and urgent referrals (MAGPan: section 11).
    Cutoff,
    /// Screening of referrals and the referrer invited (MAGPan: section 11).
    Screening,
    /// The monitoring return (MAGPan: section 12).
    MonitoringReturn,
    /// The referral form (MAGPan: Appendix A).
    ReferralForm,
    /// The intervention plan (MAGPan: Appendix B).
    Plan,
    /// The confidentiality statement (MAGPan: Appendix C).
    Confidentiality,
    /// The agenda (MAGPan: Appendix D).
    Agenda,
    /// The quorum before decisions (DYO: "Meeting Schedule").
    Quorum,
    /// How far ahead a review may be set (DYO: "New Cases" 6).
    ReviewInterval,
    /// Decisions and what each needs.
    Decisions,
    /// The people of a case and their roles (MARAC: App 3B, Referral form).
    CasePeople,
    /// A case brought anonymously (MARAC: App 3A, Clients consent).
    Anonymous,
    /// A repeat referral and the date last heard (MARAC: App 3B, Is this a repeat).
    Repeat,
    /// The decision sheet of actions by agency (MARAC: App 3A, Chairing and Minutes).
    DecisionSheet,
    /// The chair's checklist for each case (MAPPA: App 2B, 3).
    Checklist,
    /// Sharing and disclosure decisions (MAPPA: App 2C, Confidentiality and disclosure).
    Sharing,
    /// Escalations of unresolved issues (MAPPA: App 2C, Resolution).
    Escalation,
    /// Risk measures beside the risk level (MAPPA: App 2C, Protocols Objectives).
    RiskMeasures,
    /// Guests invited for one case, and who may not be one (MARAC: App 3A, Attendance
    /// by other agencies/professionals).
    Guests,
    /// The kinds of meeting the panel holds (MAPPA: App 2B, 2).
    MeetingTypes,
    /// Who chairs a meeting (MAPPA: App 2B, 2 step 3).
    Chair,
    /// Senior managers at a meeting (MAPPA: 003 1, Level 3).
    Seniority,
    /// A case's level changed at a decision (MAPPA: App 2C, The role of the Local
    /// Authority and DTCs).
    LevelChange,
}

impl Rule {
    /// Every rule, in the order of the keys in the documentation.
    pub const ALL: [Rule; 34] = [
        Rule::Membership,
        Rule::Deputies,
        Rule::ReferrerTold,
        Rule::Volunteered,
        Rule::LeadAgencyUnder18,
        Rule::LeadUpdateDue,
        Rule::Closure,
        Rule::LeadAgencyChange,
        Rule::BroughtForward,
        Rule::Age,
        Rule::Exclusion,
        Rule::Cutoff,
        Rule::Screening,
        Rule::MonitoringReturn,
        Rule::ReferralForm,
        Rule::Plan,
        Rule::Confidentiality,
        Rule::Agenda,
        Rule::Quorum,
        Rule::ReviewInterval,
        Rule::Decisions,
        Rule::CasePeople,
        Rule::Anonymous,
        Rule::Repeat,
        Rule::DecisionSheet,
        Rule::Checklist,
        Rule::Sharing,
        Rule::Escalation,
        Rule::RiskMeasures,
        Rule::Guests,
        Rule::MeetingTypes,
        Rule::Chair,
        Rule::Seniority,
        Rule::LevelChange,
    ];

    /// The rule's key in `[cite]`.
    pub fn key(self) -> &'static str {
        match self {
            Rule::Membership => "membership",
            Rule::Deputies => "deputies",
            Rule::ReferrerTold => "referrer_told",
            Rule::Volunteered => "volunteered",
            Rule::LeadAgencyUnder18 => "lead_agency_under_18",
            Rule::LeadUpdateDue => "lead_update_due",
            Rule::Closure => "closure",
            Rule::LeadAgencyChange => "lead_agency_change",
            Rule::BroughtForward => "brought_forward",
            Rule::Age => "age",
            Rule::Exclusion => "exclusion",
            Rule::Cutoff => "cutoff",
            Rule::Screening => "screening",
            Rule::MonitoringReturn => "monitoring_return",
            Rule::ReferralForm => "referral_form",
            Rule::Plan => "plan",
            Rule::Confidentiality => "confidentiality",
            Rule::Agenda => "agenda",
            Rule::Quorum => "quorum",
            Rule::ReviewInterval => "review_interval",
            Rule::Decisions => "decisions",
            Rule::CasePeople => "case_people",
            Rule::Anonymous => "anonymous",
            Rule::Repeat => "repeat",
            Rule::DecisionSheet => "decision_sheet",
            Rule::Checklist => "checklist",
            Rule::Sharing => "sharing",
            Rule::Escalation => "escalation",
            Rule::RiskMeasures => "risk_measures",
            Rule::Guests => "guests",
            Rule::MeetingTypes => "meeting_types",
            Rule::Chair => "chair",
            Rule::Seniority => "senior",
            Rule::LevelChange => "level_change",
        }
    }
}

/// `[cite]`: rule key → the panel's words for where it is written ("section 11",
/// "Appendix 4A, Meeting Schedule"). Keys are checked against [`Rule::ALL`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Citations(pub BTreeMap<String, String>);

impl Citations {
    /// Where the panel writes `rule`, if its file says.
    pub fn get(&self, rule: Rule) -> Option<&str> {
        self.0
            .get(rule.key())
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }

    /// " (section 11)" for a message's end, or "" when the panel gives no citation.
    pub fn paren(&self, rule: Rule) -> String {
        self.get(rule)
            .map_or_else(String::new, |s| format!(" ({s})"))
    }

    /// ", section 11" to follow words inside brackets already open, or "".
    pub fn comma(&self, rule: Rule) -> String {
        self.get(rule)
            .map_or_else(String::new, |s| format!(", {s}"))
    }

    /// Unknown keys, each named.
    pub fn problems(&self) -> Vec<String> {
        self.0
            .keys()
            .filter(|k| !Rule::ALL.iter().any(|r| r.key() == k.as_str()))
            .map(|k| {
                let known: Vec<&str> = Rule::ALL.iter().map(|r| r.key()).collect();
                format!("cite.{k}: not a rule (one of {})", known.join(", "))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_the_file_does_not_cite_is_quoted_without_a_section() {
        let mut c = Citations::default();
        assert_eq!(c.paren(Rule::Cutoff), "");
        c.0.insert("cutoff".into(), "section 11".into());
        assert_eq!(c.paren(Rule::Cutoff), " (section 11)");
        assert_eq!(c.comma(Rule::Cutoff), ", section 11");
    }

    #[test]
    fn an_unknown_key_is_named() {
        let mut c = Citations::default();
        c.0.insert("cut_off".into(), "section 11".into());
        let p = c.problems();
        assert_eq!(p.len(), 1);
        assert!(p[0].starts_with("cite.cut_off: not a rule"), "{p:?}");
    }
}
