//! One case of the minutes on its own page: its particulars and decision (a brief
//! update or a deferral in its own words), the reasons, onward referrals, the plan,
//! the actions and the discussion.

use super::pages::{opt, page, table_or};
use super::{CaseMinute, Minutes};
use crate::domain::paperwork::{Citations, Rule};
use crate::domain::subject_kind::SubjectKind;
use crate::domain::types::ActionStatus;
use crate::lookup::case::{decision_label, onward_label};
use crate::lookup::doc::{Block, PrintedPage};
use crate::lookup::fmt_date;

fn next_date_label(c: &CaseMinute) -> &'static str {
    match (c.item_kind, c.decision.as_deref()) {
        (_, Some("close")) => "Closed to the panel",
        (k, _) if k.is_new_referrals() => "Intervention plan to be presented",
        _ => "Next review",
    }
}

/// Was the case deferred (a decision with `defer = true`, the page done)?
fn deferred(m: &Minutes, c: &CaseMinute) -> bool {
    c.decision
        .as_deref()
        .and_then(|d| m.panel.paperwork.decision(d))
        .is_some_and(|d| d.defer)
}

/// Words for the decision on a case: a brief update says so; a deferral gives its
/// reason ("Deferred: ..."); others the panel's label.
pub(super) fn decision_words(m: &Minutes, c: &CaseMinute) -> String {
    if deferred(m, c) {
        return format!("Deferred: {}", opt(&c.decision_reasons));
    }
    match c.decision.as_deref() {
        None if c.brief_update => "Brief update".into(),
        Some(d) => decision_label(&m.panel.paperwork, d),
        None => "none recorded".into(),
    }
}

/// One case, on its own page.
pub fn case_page(m: &Minutes, c: &CaseMinute) -> PrintedPage {
    let cite = &m.panel.paperwork.cite;
    let mut b = vec![Block::Fields(case_fields(m, c))];
    crate::lookup::case::people::blocks(&mut b, &c.marks, &c.people, &m.panel.paperwork.cite);
    crate::lookup::record::blocks(&c.record, &m.panel.paperwork.cite, &mut b);
    super::guests::blocks(&c.guests, &cite.paren(Rule::Guests), &mut b);
    super::meeting_type::level_blocks(&c.level_changes, cite, &mut b);

    if let Some(r) = c.decision_reasons.as_ref().filter(|_| !deferred(m, c)) {
        b.push(Block::Heading("Reasons".into()));
        b.push(Block::Para(r.clone()));
    }
    if !c.onward_referrals.is_empty() {
        b.push(Block::Heading("Urgent referrals considered".into()));
        b.push(Block::List(
            c.onward_referrals
                .iter()
                .map(|o| {
                    let mut s = onward_label(&m.panel.paperwork, o);
                    if let Some(n) = &o.note {
                        s.push_str(&format!(" ({n})"));
                    }
                    s
                })
                .collect(),
        ));
    }
    if let Some(u) = &c.lead_update {
        b.push(Block::Heading("Lead agency update".into()));
        b.push(Block::Para(u.clone()));
    }
    case_tables(c, cite, &mut b);
    if let Some(t) = &c.minutes {
        b.push(Block::Heading(
            if c.brief_update {
                "Brief update"
            } else {
                "Discussion"
            }
            .into(),
        ));
        b.push(Block::Para(t.clone()));
    }
    let item = if c.item_title.is_empty() {
        format!("Item {}", c.agenda_item)
    } else {
        format!("Item {}: {}", c.agenda_item, c.item_title)
    };
    page(m, format!("Case {}. {item}", c.case_id), b, Some(c.case_id))
}

/// The case's particulars: who, referred by whom, the decision, lead agency, risk
/// and the next date.
fn case_fields(m: &Minutes, c: &CaseMinute) -> Vec<(String, String)> {
    let cite = &m.panel.paperwork.cite;
    let dob = match (c.date_of_birth, c.age_on_meeting) {
        (Some(d), Some(a)) => format!("{} (aged {a} on the meeting date)", fmt_date(d)),
        (Some(d), None) => fmt_date(d),
        (None, Some(a)) => format!("not known (about {a} on the meeting date, from an age stated)"),
        (None, None) => "not known".into(),
    };
    let kind = c.subject_kind;
    let mut f = vec![("Case".to_string(), c.case_id.to_string())];
    if kind == SubjectKind::Person {
        f.push(("Name".into(), c.name.clone()));
    } else {
        // Issue 22: "Group: ...", "Location: ...", "Person of concern: ...".
        f.push((kind.heading().into(), c.name.clone()));
    }
    if kind.has_birth() {
        f.push(("Date of birth".into(), dob));
    }
    if !c.area.is_empty() {
        f.push(("Area".into(), c.area.clone()));
    }
    if let Some(a) = &c.address {
        f.push(("Address".into(), a.clone()));
    }
    f.push((
        "Referred by".into(),
        format!(
            "{}{}{}",
            c.referring_agency,
            c.date_received
                .map(|d| format!(", received {}", fmt_date(d)))
                .unwrap_or_default(),
            if c.urgent { ", urgent" } else { "" }
        ),
    ));
    f.push(("Decision".into(), decision_words(m, c)));
    if let Some(a) = &c.agreed_by {
        f.push(("Agreed by".into(), a.clone()));
    }
    if c.brief_update {
        return f;
    }
    if let Some(r) = &c.closure_reason {
        f.push(("Closure reason".into(), r.clone()));
    }
    if let Some(w) = &c.key_worker {
        f.push(("Key worker".into(), w.clone()));
    }
    f.push((
        "Lead agency".into(),
        match &c.lead_changed_from {
            Some(before) => format!(
                "{} (changed from {before} at this review{})",
                opt(&c.lead_agency),
                cite.comma(Rule::LeadAgencyChange)
            ),
            None => opt(&c.lead_agency),
        },
    ));
    let risk = match (&c.risk_before, &c.risk_after) {
        (Some(x), Some(y)) => format!("{x} before, {y} after review"),
        (None, Some(y)) => y.clone(),
        (Some(x), None) => x.clone(),
        (None, None) => "not recorded".into(),
    };
    f.push(("Risk level".into(), risk));
    if let Some(d) = c.next_date {
        f.push((next_date_label(c).into(), fmt_date(d)));
    }
    f
}

/// The intervention plan, the earlier actions checked and the actions agreed.
fn case_tables(c: &CaseMinute, cite: &Citations, b: &mut Vec<Block>) {
    if !c.interventions.is_empty() {
        b.push(Block::Heading(format!(
            "Intervention plan{}",
            cite.paren(Rule::Plan)
        )));
        b.push(Block::Table(
            vec![
                "Core issue".into(),
                "Intervention".into(),
                "Level of contact".into(),
                "Agency".into(),
                "Progress".into(),
            ],
            c.interventions
                .iter()
                .map(|i| {
                    vec![
                        i.core_issue.clone(),
                        i.intervention.clone(),
                        i.level_of_contact.clone(),
                        i.agency.clone(),
                        i.progress.clone(),
                    ]
                })
                .collect(),
        ));
    }
    if !c.actions_reviewed.is_empty() {
        b.push(Block::Heading(
            "Actions from earlier meetings, checked".into(),
        ));
        b.push(Block::Table(
            vec![
                "Action".into(),
                "Agency".into(),
                "Due".into(),
                "Outcome".into(),
            ],
            c.actions_reviewed
                .iter()
                .map(|a| {
                    let status = ActionStatus::from_code(&a.status)
                        .map(|s| s.label().to_string())
                        .unwrap_or_else(|| a.status.clone());
                    let outcome = match &a.completion_note {
                        Some(n) if n.to_lowercase().starts_with(&status) => n.clone(),
                        Some(n) => format!("{status}: {n}"),
                        None => status,
                    };
                    vec![
                        a.description.clone(),
                        a.agency_code.clone(),
                        fmt_date(a.due_on),
                        outcome,
                    ]
                })
                .collect(),
        ));
    }
    b.push(Block::Heading("Actions agreed".into()));
    let agreed = c
        .actions_agreed
        .iter()
        .map(|a| {
            let agency = match &a.person {
                Some(p) => format!("{} ({p})", a.agency_code),
                None => a.agency_code.clone(),
            };
            vec![
                a.id.to_string(),
                a.description.clone(),
                agency,
                opt(&a.volunteered_by),
                fmt_date(a.due_on),
            ]
        })
        .collect();
    table_or(
        b,
        &["ID", "Action", "Agency", "Offered by", "Due"],
        agreed,
        "None.",
    );
}
