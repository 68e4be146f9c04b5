//! What a panel decides about a case and what each decision needs: `[[decision]]`,
//! `[[onward_kind]]`, `[closure]` and `[review]`.
//!
//! A decision is offered at the agenda items its `items` name; choosing it asks the
//! case page for its `needs` and, when the page is done, leaves the case in
//! `status_after`. A panel file that gives no `[[decision]]` gets the standard list
//! ([`standard_decisions`]: the six every panel had before decisions were data), as a
//! case item cannot be finished without one.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Citations, Rule};
use crate::domain::agenda::{AgendaItemDef, AgendaKind};
use crate::domain::types::CaseStatus;

/// A field a decision needs before its case page is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// A risk level on the panel's scale.
    RiskLevel,
    /// A lead agency.
    LeadAgency,
    /// A key worker or case manager: a named person and their agency.
    KeyWorker,
    /// The next date: the plan presented, or the next review.
    NextDate,
    /// The reasons for the decision, in words.
    Reasons,
    /// A closure or removal reason from `[closure] reasons`.
    ClosureReason,
}

/// `[[decision]]`: one decision the panel may take on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionDef {
    /// Stored in the database ("open", "meets_criteria").
    pub code: String,
    /// Words for people ("open to panel").
    pub label: String,
    /// The agenda item kinds it is offered at ("reviews"; "new_referrals" is every
    /// new-referrals item).
    pub items: Vec<String>,
    /// Where the case stands after it: open, one_to_watch, declined,
    /// referred_elsewhere or closed. Left out for a deferral, which leaves it as it is.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub status_after: String,
    /// What the case page needs before it is done.
    #[serde(default)]
    pub needs: Vec<Need>,
    /// A deferral (`defer = true`): the case goes back to the next meeting as it
    /// stands (a new referral stays listed, a review stays due) for a reason given;
    /// nothing in the case changes, and no quorum is needed, as nothing is decided
    /// about the case (CAMP, 003 App 5B 3: "the option to defer the case").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub defer: bool,
}

/// The statuses a decision may leave a case in.
pub(super) const STATUSES_AFTER: [CaseStatus; 5] = [
    CaseStatus::Open,
    CaseStatus::OneToWatch,
    CaseStatus::Declined,
    CaseStatus::ReferredElsewhere,
    CaseStatus::Closed,
];

impl DecisionDef {
    /// Is it offered at an item of kind `kind`?
    pub fn offered_at(&self, kind: AgendaKind) -> bool {
        self.items
            .iter()
            .any(|i| i == kind.code() || (i == "new_referrals" && kind.is_new_referrals()))
    }

    /// Does it need `need`?
    pub fn needs(&self, need: Need) -> bool {
        self.needs.contains(&need)
    }

    /// The status the case is left in (validated when the file is read); a deferral
    /// has none and changes nothing (see [`DecisionDef::defer`]).
    pub fn status(&self) -> CaseStatus {
        CaseStatus::from_code(&self.status_after).unwrap_or(CaseStatus::Open)
    }
}

/// `[[onward_kind]]`: a referral to another service the panel considers at a new
/// case, offered on its case page in the file's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnwardKindDef {
    /// Stored in `onward_referral.kind` ("child_protection", "mappa").
    pub code: String,
    /// Words for people ("Child protection").
    pub label: String,
    /// The case page also asks whom the referral is for: the subject, siblings or
    /// someone else (MAGPan's child protection, section 12). Default: no.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub asks_for_whom: bool,
}

/// `[closure]`: the reasons a case may be closed or removed for (DYO: four, 003 App 4A
/// "Removal from Deter list"). Empty: closing takes reasons in words only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Closure {
    pub reasons: Vec<String>,
}

/// `[review]`: how far ahead a review may be set, in months after the meeting (DYO:
/// 2 to 6, 003 App 4A "New Cases" 6), and the length of a plan (CAMP: three months,
/// 003 App 5A "1. Drug Intervention programme"). Every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewRule {
    pub min_months: Option<u32>,
    pub max_months: Option<u32>,
    pub plan_months: Option<u32>,
}

impl ReviewRule {
    /// Refusal of `next` as the next date for a case heard at a meeting on `meeting`,
    /// in one line; `None` when it is within the bounds (or there are none).
    pub fn check(&self, next: NaiveDate, meeting: NaiveDate, cite: &Citations) -> Option<String> {
        let earliest = self.min_months.map(|m| meeting + Months::new(m));
        let latest = self.max_months.map(|m| meeting + Months::new(m));
        let outside = earliest.is_some_and(|e| next < e) || latest.is_some_and(|l| next > l);
        if !outside {
            return None;
        }
        let range = match (self.min_months, self.max_months) {
            (Some(a), Some(b)) => format!("{a} to {b} months"),
            (Some(a), None) => format!("at least {a} months"),
            (None, Some(b)) => format!("at most {b} months"),
            (None, None) => return None,
        };
        let span = match (earliest, latest) {
            (Some(e), Some(l)) => format!("{} to {}", e.format("%Y-%m-%d"), l.format("%Y-%m-%d")),
            (Some(e), None) => format!("from {}", e.format("%Y-%m-%d")),
            (None, Some(l)) => format!("by {}", l.format("%Y-%m-%d")),
            (None, None) => String::new(),
        };
        Some(format!(
            "{}: a review is set {range} after the meeting ({span}){}",
            next.format("%Y-%m-%d"),
            cite.paren(Rule::ReviewInterval)
        ))
    }

    /// The end of a plan agreed on `day`, when the panel gives a plan length.
    pub fn plan_end(&self, day: NaiveDate) -> Option<NaiveDate> {
        self.plan_months.map(|m| day + Months::new(m))
    }

    /// Everything wrong with `[review]`, each naming its key.
    pub fn problems(&self) -> Vec<String> {
        let mut out = vec![];
        if let (Some(a), Some(b)) = (self.min_months, self.max_months) {
            if a > b {
                out.push(format!(
                    "review.min_months: {a} is more than max_months {b}"
                ));
            }
        }
        if self.max_months == Some(0) {
            out.push("review.max_months: must be at least 1".into());
        }
        if self.plan_months == Some(0) {
            out.push("review.plan_months: must be at least 1".into());
        }
        out
    }
}

/// What a case page needs before it can be marked done, by the decision taken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DecisionNeeds {
    pub risk_level: bool,
    pub lead_agency: bool,
    pub key_worker: bool,
    pub next_date: bool,
    pub reasons: bool,
    pub closure_reason: bool,
}

/// The fields a decision needs. Without a decision (`None`), the assessments made
/// before deciding are asked for when any decision offered at the item needs them:
/// the reasons and the risk level; what follows from a decision (lead agency, key
/// worker, next date, closure reason) waits for it.
pub fn decision_needs(decision: Option<&DecisionDef>, offered: &[&DecisionDef]) -> DecisionNeeds {
    match decision {
        // A deferral needs its reason, and nothing a decision would.
        Some(d) if d.defer => DecisionNeeds {
            reasons: true,
            ..DecisionNeeds::default()
        },
        Some(d) => DecisionNeeds {
            risk_level: d.needs(Need::RiskLevel),
            lead_agency: d.needs(Need::LeadAgency),
            key_worker: d.needs(Need::KeyWorker),
            next_date: d.needs(Need::NextDate),
            reasons: d.needs(Need::Reasons),
            closure_reason: d.needs(Need::ClosureReason),
        },
        None => DecisionNeeds {
            risk_level: offered.iter().any(|d| d.needs(Need::RiskLevel)),
            reasons: offered.iter().any(|d| d.needs(Need::Reasons)),
            ..DecisionNeeds::default()
        },
    }
}

/// The standard decisions: those of every panel before decisions were data (MAGPan's,
/// 000 Appendix D items 6-8 and section 11), for a panel file that gives none.
pub fn standard_decisions() -> Vec<DecisionDef> {
    use Need::*;
    let new = || {
        vec![
            "new_referrals_under_18".to_string(),
            "new_referrals_over_18".to_string(),
        ]
    };
    let d =
        |code: &str, label: &str, items: Vec<String>, status: &str, needs: &[Need]| DecisionDef {
            code: code.into(),
            label: label.into(),
            items,
            status_after: status.into(),
            needs: needs.to_vec(),
            defer: false,
        };
    vec![
        d(
            "open",
            "open to panel",
            new(),
            "open",
            &[RiskLevel, LeadAgency, NextDate, Reasons],
        ),
        d(
            "one_to_watch",
            "one to watch",
            new(),
            "one_to_watch",
            &[Reasons],
        ),
        d(
            "decline",
            "declined",
            new(),
            "declined",
            &[RiskLevel, Reasons],
        ),
        d(
            "refer_elsewhere",
            "referred elsewhere",
            new(),
            "referred_elsewhere",
            &[RiskLevel, Reasons],
        ),
        d(
            "next_review",
            "review again",
            vec!["reviews".into()],
            "open",
            &[RiskLevel, LeadAgency, NextDate, Reasons],
        ),
        d(
            "close",
            "closed to panel",
            vec!["reviews".into()],
            "closed",
            &[RiskLevel, LeadAgency, Reasons],
        ),
    ]
}

/// Everything wrong with the decisions, onward kinds and closure reasons, each naming
/// its key.
pub(super) fn problems(
    decisions: &[DecisionDef],
    onward: &[OnwardKindDef],
    closure: &Closure,
) -> Vec<String> {
    let mut out = vec![];
    for (i, d) in decisions.iter().enumerate() {
        if d.code.trim().is_empty() {
            out.push(format!("decision[{i}].code: empty"));
        }
        if decisions[..i].iter().any(|o| o.code == d.code) {
            out.push(format!("decision[{i}].code: {} appears twice", d.code));
        }
        if d.label.trim().is_empty() {
            out.push(format!("decision[{i}].label: empty"));
        }
        if d.items.is_empty() {
            out.push(format!("decision[{i}].items: names no agenda item kind"));
        }
        for item in &d.items {
            let case_kind = AgendaKind::from_code(item).is_some_and(|k| k.has_case_pages());
            if item == AgendaKind::Cases.code() {
                // A `cases` item's pages are new referrals or reviews (issue 21).
                out.push(format!(
                    "decision[{i}].items: cases: name new_referrals or reviews (a cases item hears both)"
                ));
            } else if !case_kind && item != "new_referrals" {
                out.push(format!(
                    "decision[{i}].items: {item} is not a kind of case item"
                ));
            }
        }
        if d.defer {
            if !d.status_after.is_empty() {
                out.push(format!(
                    "decision[{i}].status_after: a deferral leaves the case as it is (leave status_after out)"
                ));
            }
            if d.needs.iter().any(|n| *n != Need::Reasons) {
                out.push(format!(
                    "decision[{i}].needs: a deferral needs only its reasons"
                ));
            }
        } else if !STATUSES_AFTER.iter().any(|s| s.code() == d.status_after) {
            let known: Vec<&str> = STATUSES_AFTER.iter().map(|s| s.code()).collect();
            out.push(format!(
                "decision[{i}].status_after: {} (one of {})",
                d.status_after,
                known.join(", ")
            ));
        }
        if d.needs(Need::ClosureReason) && closure.reasons.is_empty() {
            out.push(format!(
                "decision[{i}].needs: closure_reason, but [closure] gives no reasons"
            ));
        }
    }
    for (i, k) in onward.iter().enumerate() {
        if k.code.trim().is_empty() || k.label.trim().is_empty() {
            out.push(format!("onward_kind[{i}]: a code and a label are needed"));
        }
        if onward[..i].iter().any(|o| o.code == k.code) {
            out.push(format!("onward_kind[{i}].code: {} appears twice", k.code));
        }
    }
    for (i, r) in closure.reasons.iter().enumerate() {
        if r.trim().is_empty() {
            out.push(format!("closure.reasons[{i}]: empty"));
        }
    }
    out
}

/// What is wrong with the decisions an `updates` item takes its cases after
/// (`after_decisions`), each naming its key: each is one of the panel's decisions,
/// and not a deferral (a deferred case goes back to where it was heard).
pub fn routing_problems(agenda: &[AgendaItemDef], decisions: &[DecisionDef]) -> Vec<String> {
    let mut out = vec![];
    for (i, item) in agenda.iter().enumerate() {
        for code in &item.after_decisions {
            match decisions.iter().find(|d| &d.code == code) {
                None => out.push(format!(
                    "agenda[{i}].after_decisions: {code} is not one of the panel's decisions"
                )),
                Some(d) if d.defer => out.push(format!(
                    "agenda[{i}].after_decisions: {code} is a deferral (a deferred case goes back to its own item)"
                )),
                Some(_) => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_code<'a>(all: &'a [DecisionDef], code: &str) -> &'a DecisionDef {
        all.iter().find(|d| d.code == code).unwrap()
    }

    #[test]
    fn section_11_one_to_watch_needs_no_risk_level() {
        // 000 section 11: with no supporting intelligence no risk assessment is done.
        let all = standard_decisions();
        let new: Vec<&DecisionDef> = all
            .iter()
            .filter(|d| d.offered_at(AgendaKind::NewReferralsUnder18))
            .collect();
        let needs = |c: &str| decision_needs(Some(by_code(&all, c)), &new);
        assert!(!needs("one_to_watch").risk_level);
        assert!(needs("open").risk_level);
        assert!(needs("decline").risk_level);
        assert!(decision_needs(None, &new).risk_level);
        let open = needs("open");
        assert!(open.lead_agency && open.next_date);
        let watch = needs("one_to_watch");
        assert!(!watch.lead_agency && !watch.next_date);
        assert!(!decision_needs(None, &new).lead_agency);
    }

    #[test]
    fn magpan_file_writes_the_standard_decisions_and_its_five_onward_kinds() {
        // 000 Appendix D items 6-8: MAGPan's decisions, unchanged, now in its file.
        let p = crate::domain::panel_def::PanelDef::magpan().paperwork;
        assert_eq!(p.decisions, standard_decisions());
        let kinds: Vec<&str> = p.onward_kinds.iter().map(|k| k.code.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "child_protection",
                "adult_safeguarding",
                "marac",
                "prevent_channel",
                "csep"
            ]
        );
        assert!(p.quorum.is_none() && p.review == ReviewRule::default());
    }

    #[test]
    fn appendix_d_new_referral_and_review_decisions_are_offered_at_their_items() {
        let all = standard_decisions();
        let at = |k: AgendaKind| -> Vec<&str> {
            all.iter()
                .filter(|d| d.offered_at(k))
                .map(|d| d.code.as_str())
                .collect()
        };
        assert_eq!(
            at(AgendaKind::NewReferralsOver18),
            ["open", "one_to_watch", "decline", "refer_elsewhere"]
        );
        assert_eq!(at(AgendaKind::Reviews), ["next_review", "close"]);
        assert!(problems(&all, &[], &Closure::default()).is_empty());
    }

    #[test]
    fn dyo_new_cases_6_review_between_two_and_six_months() {
        // 003 App 4A "New Cases" 6: "Set a date for the review of progress at an
        // interval of 2-6 months."
        let r = ReviewRule {
            min_months: Some(2),
            max_months: Some(6),
            plan_months: None,
        };
        let mut cite = Citations::default();
        cite.0
            .insert("review_interval".into(), "App 4A, New Cases 6".into());
        let meeting: NaiveDate = "2027-01-28".parse().unwrap();
        assert_eq!(r.check("2027-03-28".parse().unwrap(), meeting, &cite), None);
        assert_eq!(r.check("2027-07-28".parse().unwrap(), meeting, &cite), None);
        let soon = r
            .check("2027-02-25".parse().unwrap(), meeting, &cite)
            .unwrap();
        assert_eq!(
            soon,
            "2027-02-25: a review is set 2 to 6 months after the meeting (2027-03-28 to 2027-07-28) (App 4A, New Cases 6)"
        );
        assert!(r
            .check("2027-08-01".parse().unwrap(), meeting, &cite)
            .is_some());
        assert_eq!(ReviewRule::default().check(meeting, meeting, &cite), None);
    }

    #[test]
    fn camp_dip_plan_runs_three_months_from_acceptance() {
        // 003 App 5A "1. Drug Intervention programme": actions "delivered intensively
        // over a period of three months".
        let r = ReviewRule {
            plan_months: Some(3),
            ..ReviewRule::default()
        };
        let day: NaiveDate = "2027-01-20".parse().unwrap();
        assert_eq!(r.plan_end(day), "2027-04-20".parse().ok());
        assert_eq!(ReviewRule::default().plan_end(day), None);
    }

    #[test]
    fn a_closure_reason_needs_a_list_and_codes_once_each() {
        let mut all = standard_decisions();
        all[5].needs.push(Need::ClosureReason);
        all[1].code = "open".into();
        all[2].status_after = "gone".into();
        all[3].items = vec!["apologies".into()];
        let p = problems(&all, &[], &Closure::default());
        assert!(
            p.iter()
                .any(|l| l.starts_with("decision[5].needs: closure_reason")),
            "{p:?}"
        );
        assert!(
            p.iter()
                .any(|l| l.starts_with("decision[1].code: open appears twice")),
            "{p:?}"
        );
        assert!(
            p.iter()
                .any(|l| l.starts_with("decision[2].status_after: gone")),
            "{p:?}"
        );
        assert!(
            p.iter()
                .any(|l| l.starts_with("decision[3].items: apologies")),
            "{p:?}"
        );
    }
}
