//! `[[checklist]]`: the chair's checklist for every case (issue 21, gap F7), each
//! question with its answer type and what a "no" requires, and `[[risk_measure]]`:
//! the risk measures a case is rated on beside the panel's one risk level (gap F4).
//!
//! MAPPA's M1-M19 (003 App 2B, 3 "Chairs guidance") and CAMP's C1-C16 (003 App 5B, 3)
//! are written in their panel files; a panel with no `[[checklist]]` has none and its
//! case pages are unchanged.

use serde::{Deserialize, Serialize};

/// How a checklist question is answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerType {
    /// Yes or no (a "no" may require something: [`IfNo`]).
    #[default]
    YesNo,
    /// Words.
    Text,
    /// One of the question's `options`.
    Choice,
}

/// What a "no" to a yes/no question requires before the case is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IfNo {
    /// The case is deferred: the decision must be one of the question's `decisions`
    /// (MAPPA M2: "the option to defer the case should be considered").
    Defer,
    /// An interim plan, written with the answer (M12: "agree an interim plan").
    InterimPlan,
    /// The reason, written with the answer (M17: "state why").
    Reason,
    /// At least one action agreed for the case (M11: "make sure that the gathering
    /// of relevant information is built into the action plan").
    InformationAction,
}

impl IfNo {
    /// The words on the case page and in messages.
    pub fn label(self) -> &'static str {
        match self {
            IfNo::Defer => "the case deferred",
            IfNo::InterimPlan => "an interim plan",
            IfNo::Reason => "the reason",
            IfNo::InformationAction => "an information-gathering action",
        }
    }

    /// Whether a "no" is written down with the answer (the plan, the reason).
    pub fn needs_note(self) -> bool {
        matches!(self, IfNo::InterimPlan | IfNo::Reason)
    }
}

/// `[[checklist]]`: one question the chair answers for every case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// Short and unique ("M2"): stored with the answer.
    pub key: String,
    /// The phase of the case it belongs to ("Introduction"), if the panel names one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phase: String,
    /// The question as the chair reads it.
    pub question: String,
    #[serde(default)]
    pub answer: AnswerType,
    /// The choices of a `choice` question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// What a "no" requires (yes/no questions only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_no: Option<IfNo>,
    /// With `if_no = "defer"`: the panel's decisions that defer the case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<String>,
    /// Where the question is written in the panel's document.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cite: String,
}

impl ChecklistItem {
    /// "M2 (Are all invitees present? ...)": the question named in one line.
    pub fn named(&self) -> String {
        let q: String = self.question.chars().take(70).collect();
        let more = if q.len() < self.question.len() {
            "…"
        } else {
            ""
        };
        format!("{} ({q}{more})", self.key)
    }

    /// Is `answer` a valid answer? Errors: one line saying what is wanted.
    pub fn check_answer(&self, answer: &str) -> Result<(), String> {
        let a = answer.trim();
        if a.is_empty() {
            return Err(format!("{}: give an answer", self.key));
        }
        match self.answer {
            AnswerType::YesNo if a != "yes" && a != "no" => {
                Err(format!("{}: answer yes or no", self.key))
            }
            AnswerType::Choice if !self.options.iter().any(|o| o == a) => Err(format!(
                "{}: answer one of {}",
                self.key,
                self.options.join(", ")
            )),
            _ => Ok(()),
        }
    }
}

/// A checklist answer as stored for one case discussion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered<'a> {
    pub key: &'a str,
    pub answer: &'a str,
    pub note: &'a str,
}

/// What the case still needs for its checklist, one short line each: the first
/// unanswered question (with how many more), then each "no" whose requirement is not
/// met. `decision` is the decision chosen on the page; `actions` the number of actions
/// agreed for the case at this meeting.
pub fn checklist_missing(
    items: &[ChecklistItem],
    answers: &[Answered<'_>],
    decision: Option<&str>,
    actions: usize,
) -> Vec<String> {
    let mut out = vec![];
    let answer_of = |k: &str| answers.iter().find(|a| a.key == k);
    let unanswered: Vec<&ChecklistItem> = items
        .iter()
        .filter(|i| answer_of(&i.key).is_none_or(|a| a.answer.trim().is_empty()))
        .collect();
    if let Some(first) = unanswered.first() {
        out.push(match unanswered.len() {
            1 => format!("checklist {}", first.named()),
            n => format!("checklist {} and {} more", first.named(), n - 1),
        });
    }
    for i in items {
        let (Some(rule), Some(a)) = (i.if_no, answer_of(&i.key)) else {
            continue;
        };
        if a.answer.trim() != "no" {
            continue;
        }
        let met = match rule {
            IfNo::Defer => decision.is_some_and(|d| i.decisions.iter().any(|x| x == d)),
            IfNo::InterimPlan | IfNo::Reason => !a.note.trim().is_empty(),
            IfNo::InformationAction => actions > 0,
        };
        if !met {
            out.push(format!("{} answered no: {}", i.key, rule.label()));
        }
    }
    out
}

/// Everything wrong with `[[checklist]]`, each naming its key; `decision` says
/// whether a code is one of the panel's decisions.
pub(super) fn checklist_problems(
    items: &[ChecklistItem],
    decision: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut out = vec![];
    for (n, i) in items.iter().enumerate() {
        let at = format!("checklist[{}]", n + 1);
        if i.key.trim().is_empty() {
            out.push(format!("{at}.key: needed (a short name such as M2)"));
        }
        if items[..n].iter().any(|o| o.key == i.key) {
            out.push(format!("{at}.key: {} is used twice", i.key));
        }
        if i.question.trim().is_empty() {
            out.push(format!("{at}.question: needed (the words the chair reads)"));
        }
        match i.answer {
            AnswerType::Choice if i.options.len() < 2 => {
                out.push(format!("{at}.options: a choice needs at least two options"))
            }
            AnswerType::Choice | AnswerType::YesNo => {}
            AnswerType::Text if !i.options.is_empty() => {
                out.push(format!("{at}.options: only a choice has options"))
            }
            AnswerType::Text => {}
        }
        if i.if_no.is_some() && i.answer != AnswerType::YesNo {
            out.push(format!("{at}.if_no: only a yes_no question has a \"no\""));
        }
        match i.if_no {
            Some(IfNo::Defer) if i.decisions.is_empty() => out.push(format!(
                "{at}.decisions: if_no = \"defer\" names the decisions that defer the case"
            )),
            Some(IfNo::Defer) => {}
            _ if !i.decisions.is_empty() => {
                out.push(format!("{at}.decisions: only with if_no = \"defer\""))
            }
            _ => {}
        }
        for d in i.decisions.iter().filter(|d| !decision(d)) {
            out.push(format!(
                "{at}.decisions: {d} is not one of the panel's decisions"
            ));
        }
    }
    out
}

/// `[[risk_measure]]`: a risk the panel rates each case on beside its one risk
/// level (MAPPA: risk of serious harm, likelihood of re-offending, imminence).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskMeasure {
    /// Stored with each rating ("rosh").
    pub key: String,
    /// Words for people ("Risk of serious harm").
    pub label: String,
    /// Its levels, lowest first.
    pub scale: Vec<String>,
    /// Where the measure is written in the panel's document.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cite: String,
}

/// `[records]`: what else a case page records, each off unless the panel file turns
/// it on (MAPPA: both; CAMP: sharing, 003 App 5B 3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Records {
    /// Sharing and disclosure decisions (to whom, what, how, why, agreement, dissent).
    pub sharing: bool,
    /// Escalations: an issue referred on, to whom, by when, and its outcome.
    pub escalations: bool,
    /// Papers leave the members only with a chair's agreement, recorded: `minutes
    /// sent` and `case ID --html` need `--agreed-by` a chair (MAPPA: "must not be
    /// shared outside the MAPPA framework without the consent of the MAPPA chair",
    /// 003 App 2C "Confidentiality and disclosure").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub export_needs_chair: bool,
    /// The subject's address is never printed in the minutes (MARAC: the victim's
    /// address, which the minutes' readers must not learn, 003 App 3A
    /// "Confidentiality"); it stays on the referral for the coordinator.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub withhold_address: bool,
}

impl Records {
    /// None of them (as serialised: left out).
    pub fn is_off(&self) -> bool {
        !self.sharing && !self.escalations && !self.export_needs_chair && !self.withhold_address
    }
}

/// Everything wrong with `[[risk_measure]]`, each naming its key.
pub(super) fn measures_problems(measures: &[RiskMeasure]) -> Vec<String> {
    let mut out = vec![];
    for (n, m) in measures.iter().enumerate() {
        let at = format!("risk_measure[{}]", n + 1);
        if m.key.trim().is_empty() {
            out.push(format!("{at}.key: needed"));
        }
        if measures[..n].iter().any(|o| o.key == m.key) {
            out.push(format!("{at}.key: {} is used twice", m.key));
        }
        if m.label.trim().is_empty() {
            out.push(format!("{at}.label: needed"));
        }
        if m.scale.len() < 2 {
            out.push(format!("{at}.scale: at least two levels, lowest first"));
        }
        for (i, l) in m.scale.iter().enumerate() {
            if m.scale[..i].contains(l) {
                out.push(format!("{at}.scale: {l} is listed twice"));
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "checklist_tests.rs"]
mod tests;
