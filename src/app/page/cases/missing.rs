//! What a case page still needs before it can be marked done (split from `form.rs`).

use super::form::{BRIEF_UPDATE, CHECK_OPTIONS};
use crate::app::form::{Bind, Form, Kind};
use crate::domain::agenda::AgendaKind;
use crate::domain::paperwork::{decision_needs, Paperwork};
use crate::domain::types::*;

/// What a case page still needs before it can be marked done: what the chosen
/// decision of the panel needs (`[[decision]] needs`), the earlier actions checked;
/// a brief update (a page with no decision field) needs only its line.
pub fn missing(form: &Form, kind: AgendaKind, pw: &Paperwork) -> Vec<String> {
    let brief = form.fields.iter().find(|f| f.label == BRIEF_UPDATE);
    if !form
        .fields
        .iter()
        .any(|f| matches!(f.bind, Bind::Decision { .. }))
    {
        let blank = match brief.map(|f| &f.kind) {
            Some(Kind::Text(t)) => t.value().trim().is_empty(),
            _ => false,
        };
        return if blank {
            vec!["brief update".to_string()]
        } else {
            vec![]
        };
    }
    let mut decision = None;
    let mut reasons = String::new();
    let (mut risk, mut lead, mut worker_agency, mut closure) = (false, false, false, false);
    let mut worker = String::new();
    let mut next = String::new();
    let mut open_checks = 0;
    let mut record = None;
    for f in &form.fields {
        match (&f.bind, &f.kind) {
            (Bind::Record(r @ super::record::RecordBind::Checklist { .. }), _) => record = Some(r),
            (Bind::Decision { options, .. }, Kind::Choice { selected, .. }) => {
                decision = selected
                    .and_then(|i| options.get(i))
                    .and_then(|c| pw.decision(c))
            }
            (
                Bind::Text {
                    col: "decision_reasons",
                    ..
                },
                Kind::Text(t),
            ) => reasons = t.value(),
            (
                Bind::Text {
                    col: "key_worker", ..
                },
                Kind::Text(t),
            ) => worker = t.value(),
            (Bind::Risk { .. }, Kind::Choice { selected, .. }) => risk = selected.is_some(),
            (Bind::Lead { .. }, Kind::Choice { selected, .. }) => lead = selected.is_some(),
            (Bind::KeyWorkerAgency { .. }, Kind::Choice { selected, .. }) => {
                worker_agency = selected.is_some()
            }
            (Bind::ClosureReason { .. }, Kind::Choice { selected, .. }) => {
                closure = selected.is_some()
            }
            (
                Bind::Date {
                    col: "next_date", ..
                },
                Kind::Text(t),
            ) => next = t.value(),
            (Bind::EarlierAction { .. }, Kind::Choice { selected, .. })
                if selected.is_none_or(|i| CHECK_OPTIONS[i] == ActionStatus::Open) =>
            {
                open_checks += 1;
            }
            _ => {}
        }
    }
    let mut out = vec![];
    if decision.is_none() {
        out.push("decision".to_string());
    }
    let needs = decision_needs(decision, &pw.decisions_at(kind));
    if needs.reasons && reasons.trim().is_empty() {
        out.push(
            if decision.is_some_and(|d| d.status() == CaseStatus::Closed) {
                "reason for closing"
            } else {
                "reasons"
            }
            .to_string(),
        );
    }
    if needs.closure_reason && !closure {
        out.push("closure reason".to_string());
    }
    if needs.risk_level && !risk {
        out.push("risk level".to_string());
    }
    if needs.lead_agency && !lead {
        out.push("lead agency".to_string());
    }
    if needs.key_worker && (worker.trim().is_empty() || !worker_agency) {
        out.push("key worker".to_string());
    }
    if needs.next_date && crate::domain::dates::parse_typed_date(&next).is_err() {
        out.push(
            if !kind.is_new_referrals() {
                "next review date"
            } else {
                "intervention plan date"
            }
            .to_string(),
        );
    }
    out.extend(super::record::agreed_by_missing(form).filter(|_| decision.is_some()));
    if open_checks > 0 {
        out.push(format!("check of {open_checks} earlier action(s)"));
    }
    if let Some(r) = record {
        out.extend(super::record::missing(
            r,
            decision.map(|d| d.code.as_str()),
            pw,
        ));
    }
    out
}
