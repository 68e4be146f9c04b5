//! A case discussion's record beyond its decision (issue 21) as the minutes' case page
//! and `case ID` print it: the chair's checklist, the risk measures, sharing and
//! disclosure decisions (with any dissent, "clearly recorded in the minutes", 003 App 2C
//! "Confidentiality and disclosure") and escalations. Nothing for a case with none.

use std::fmt::Write;

use chrono::NaiveDate;
use serde::Serialize;

use super::doc::Block;
use super::{cleaned, fmt_date};
use crate::domain::paperwork::{Citations, Rule};
use crate::store::case_record::{CaseRecord, Disclosure};

/// Headings, in every output.
pub const CHECKLIST: &str = "Chair's checklist";
pub const MEASURES: &str = "Risk measures";
pub const SHARING: &str = "Sharing and disclosure";
pub const ESCALATIONS: &str = "Escalations";

fn offender(x: &Disclosure) -> String {
    if x.with_offender {
        "Shared with the offender".into()
    } else {
        format!(
            "Not shared with the offender: {}",
            cleaned(&x.offender_reason)
        )
    }
}

fn dissent(x: &Disclosure) -> String {
    if x.dissent_by.is_empty() {
        "None recorded".into()
    } else {
        format!("{}: {}", cleaned(&x.dissent_by), cleaned(&x.dissent_why))
    }
}

fn answer(a: &crate::store::case_record::ChecklistAnswer) -> String {
    if a.note.is_empty() {
        cleaned(&a.answer)
    } else {
        format!("{}: {}", cleaned(&a.answer), cleaned(&a.note))
    }
}

/// The record as blocks of a printed page, each heading with the panel's section.
pub fn blocks(r: &CaseRecord, cite: &Citations, b: &mut Vec<Block>) {
    if !r.checklist.is_empty() {
        b.push(Block::Heading(format!(
            "{CHECKLIST}{}",
            cite.paren(Rule::Checklist)
        )));
        b.push(Block::Table(
            vec!["".into(), "Question".into(), "Answer".into()],
            r.checklist
                .iter()
                .map(|a| vec![a.key.clone(), cleaned(&a.question), answer(a)])
                .collect(),
        ));
    }
    if !r.ratings.is_empty() {
        b.push(Block::Heading(format!(
            "{MEASURES}{}",
            cite.paren(Rule::RiskMeasures)
        )));
        b.push(Block::Fields(
            r.ratings
                .iter()
                .map(|x| (x.label.clone(), x.level.clone()))
                .collect(),
        ));
    }
    if !r.disclosures.is_empty() {
        b.push(Block::Heading(format!(
            "{SHARING}{}",
            cite.paren(Rule::Sharing)
        )));
        b.push(Block::Table(
            [
                "To whom",
                "What",
                "How",
                "Why",
                "The offender",
                "Agreed by",
                "Dissent",
            ]
            .iter()
            .map(|h| h.to_string())
            .collect(),
            r.disclosures
                .iter()
                .map(|x| {
                    vec![
                        cleaned(&x.to_whom),
                        cleaned(&x.what),
                        cleaned(&x.how),
                        cleaned(&x.why),
                        offender(x),
                        cleaned(&x.agreed_by),
                        dissent(x),
                    ]
                })
                .collect(),
        ));
    }
    if !r.escalations.is_empty() {
        b.push(Block::Heading(format!(
            "{ESCALATIONS}{}",
            cite.paren(Rule::Escalation)
        )));
        b.push(Block::Table(
            ["Issue", "Referred to", "Due", "Outcome"]
                .iter()
                .map(|h| h.to_string())
                .collect(),
            r.escalations
                .iter()
                .map(|e| {
                    vec![
                        cleaned(&e.issue),
                        cleaned(&e.to_whom),
                        fmt_date(e.due_on),
                        if e.outcome.is_empty() {
                            "Awaited".into()
                        } else {
                            cleaned(&e.outcome)
                        },
                    ]
                })
                .collect(),
        ));
    }
}

/// One discussion's record with its meeting's date (`case ID`).
#[derive(Debug, Clone, Serialize)]
pub struct DatedRecord {
    pub meeting_date: Option<NaiveDate>,
    #[serde(flatten)]
    pub record: CaseRecord,
}

/// Each measure rated at any discussion: its label, the first level and the latest,
/// in the order first rated (`records` oldest first).
pub fn start_and_now(records: &[DatedRecord]) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String, String)> = vec![];
    for r in records {
        for x in &r.record.ratings {
            match out.iter_mut().find(|o| o.0 == x.measure) {
                Some(o) => o.3 = x.level.clone(),
                None => out.push((
                    x.measure.clone(),
                    x.label.clone(),
                    x.level.clone(),
                    x.level.clone(),
                )),
            }
        }
    }
    out.into_iter().map(|(_, l, a, b)| (l, a, b)).collect()
}

/// The records in `case ID`'s text: measures start → now, then each discussion's
/// checklist, sharing and escalations.
pub fn text(o: &mut String, records: &[DatedRecord]) {
    if records.iter().all(|r| r.record.is_empty()) {
        return;
    }
    let measures = start_and_now(records);
    if !measures.is_empty() {
        let _ = writeln!(o, "\n{MEASURES} (first rated -> now)");
        for (label, first, now) in measures {
            if first == now {
                let _ = writeln!(o, "  {label}: {now}");
            } else {
                let _ = writeln!(o, "  {label}: {first} -> {now}");
            }
        }
    }
    for r in records.iter().filter(|r| !r.record.is_empty()) {
        let when = r.meeting_date.map(fmt_date).unwrap_or_else(|| "-".into());
        if !r.record.checklist.is_empty() {
            let _ = writeln!(o, "\n{CHECKLIST}, meeting of {when}");
            for a in &r.record.checklist {
                let _ = writeln!(o, "  {} {}", a.key, answer(a));
            }
        }
        for x in &r.record.disclosures {
            let _ = writeln!(
                o,
                "\n{SHARING}, meeting of {when}\n  to {} · {} · how: {} · why: {}\n  {} · agreed by {}{}",
                cleaned(&x.to_whom),
                cleaned(&x.what),
                cleaned(&x.how),
                cleaned(&x.why),
                offender(x),
                cleaned(&x.agreed_by),
                if x.dissent_by.is_empty() {
                    String::new()
                } else {
                    format!(" · dissent: {}", dissent(x))
                }
            );
        }
        for e in &r.record.escalations {
            let _ = writeln!(
                o,
                "\nEscalation, meeting of {when}\n  {} · to {} · due {} · {}",
                cleaned(&e.issue),
                cleaned(&e.to_whom),
                fmt_date(e.due_on),
                if e.outcome.is_empty() {
                    "outcome awaited".into()
                } else {
                    format!("outcome: {}", cleaned(&e.outcome))
                }
            );
        }
    }
}

/// The records as blocks of the case document: measures start → now, then each
/// discussion's record under its meeting.
pub fn case_blocks(records: &[DatedRecord], cite: &Citations, b: &mut Vec<Block>) {
    let measures = start_and_now(records);
    if !measures.is_empty() {
        b.push(Block::Heading(format!("{MEASURES}: first rated and now")));
        b.push(Block::Table(
            vec!["Measure".into(), "First rated".into(), "Now".into()],
            measures
                .into_iter()
                .map(|(l, a, n)| vec![l, a, n])
                .collect(),
        ));
    }
    for r in records.iter().filter(|r| !r.record.is_empty()) {
        b.push(Block::Sub(format!(
            "Recorded at the meeting of {}",
            r.meeting_date.map(fmt_date).unwrap_or_else(|| "-".into())
        )));
        let only_case = CaseRecord {
            ratings: vec![],
            ..r.record.clone()
        };
        blocks(&only_case, cite, b);
    }
}
