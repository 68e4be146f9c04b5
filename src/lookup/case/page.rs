//! One case's history as a printable page (HTML through the document template):
//! the case ID, the marking and the panel on every printed sheet.

use super::{decision_label, onward_label, status_label, CaseHistory};
use crate::domain::paperwork::Rule;
use crate::lookup::doc::{Block, PrintedPage};
use crate::lookup::fmt_date;

fn or_dash(v: &Option<String>) -> String {
    v.clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "-".into())
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(fmt_date).unwrap_or_else(|| "-".into())
}

/// The page of case `h` for the panel named `panel`, printed on `today`.
pub fn case_document(h: &CaseHistory, panel: &str, today: chrono::NaiveDate) -> PrintedPage {
    let (s, r) = (&h.subject, &h.referral);
    let mut b = vec![Block::Fields(vec![
        ("Case".into(), h.case_id.to_string()),
        (
            match s.kind.heading() {
                "" => "Name".to_string(),
                k => k.to_string(),
            },
            s.name.clone(),
        ),
        ("Date of birth".into(), date(s.date_of_birth)),
        (
            "Gender / ethnicity".into(),
            format!("{} / {}", or_dash(&s.gender), or_dash(&s.ethnicity)),
        ),
        (
            "Referred by".into(),
            format!(
                "{}, received {}{}",
                r.referring_agency,
                date(r.date_received),
                if r.urgent { ", urgent" } else { "" }
            ),
        ),
        ("Status".into(), status_label(&r.status)),
        ("Lead agency".into(), or_dash(&r.lead_agency)),
        (
            "Risk level".into(),
            format!(
                "{} (at start {})",
                or_dash(&r.risk_current),
                or_dash(&r.risk_start)
            ),
        ),
        ("Next review".into(), date(r.next_review_on)),
        ("Intervention plan due".into(), date(r.plan_due_on)),
        ("Closed".into(), date(r.closed_on)),
    ])];
    if let Some(why) = &h.checklist_override {
        b.push(Block::Para(crate::store::intake::override_line(why)));
    }
    if let Some(why) = &h.restricted_reason {
        b.push(Block::Para(
            crate::domain::restricted::Restricted {
                reason: Some(why.clone()),
                answers: vec![],
            }
            .heading(),
        ));
    }
    if let Some(c) = &r.concerns {
        b.push(Block::Heading(if h.restricted_reason.is_some() {
            crate::domain::restricted::marked("Concerns")
        } else {
            "Concerns".into()
        }));
        b.push(Block::Para(c.clone()));
    }
    if !h.household.is_empty() {
        b.push(Block::Heading("Household".into()));
        b.push(Block::Table(
            vec![
                "Name".into(),
                "Date of birth or age".into(),
                "Relationship".into(),
            ],
            h.household
                .iter()
                .map(|m| {
                    vec![
                        m.name.clone(),
                        or_dash(&m.dob_or_age),
                        or_dash(&m.relationship),
                    ]
                })
                .collect(),
        ));
    }
    super::people::blocks(&mut b, &h.marks, &h.people, &h.paperwork.cite);
    super::answers::blocks(&mut b, h);
    super::over_time::blocks(&mut b, h);
    b.push(Block::Heading("Discussions at the panel".into()));
    if h.discussions.is_empty() {
        b.push(Block::Para("Not yet discussed.".into()));
    }
    for d in &h.discussions {
        b.push(Block::Sub(format!(
            "Meeting of {}, item {}",
            date(d.meeting_date),
            d.agenda_item
        )));
        let mut f = vec![
            (
                "Decision".to_string(),
                d.decision
                    .as_deref()
                    .map(|c| decision_label(&h.paperwork, c))
                    .unwrap_or_else(|| "-".into()),
            ),
            (
                "Risk".into(),
                format!(
                    "{} before, {} after",
                    or_dash(&d.risk_before),
                    or_dash(&d.risk_after)
                ),
            ),
            ("Lead agency".into(), or_dash(&d.lead_agency)),
            ("Next date".into(), date(d.next_date)),
        ];
        if let Some(x) = &d.agreed_by {
            f.insert(1, ("Agreed by".into(), x.clone()));
        }
        if let Some(a) = &d.amended {
            f.push(("Amended".into(), format!("This record was {}", a.line())));
        }
        if let Some(x) = &d.key_worker {
            f.push(("Key worker".into(), x.clone()));
        }
        if let Some(x) = &d.closure_reason {
            f.push(("Closure reason".into(), x.clone()));
        }
        if let Some(x) = &d.decision_reasons {
            f.push(("Reasons".into(), x.clone()));
        }
        if !d.onward_referrals.is_empty() {
            let o: Vec<String> = d
                .onward_referrals
                .iter()
                .map(|o| onward_label(&h.paperwork, o))
                .collect();
            f.push(("Urgent referrals".into(), o.join("; ")));
        }
        b.push(Block::Fields(f));
        if let Some(m) = &d.minutes {
            b.push(Block::Para(m.clone()));
        }
    }
    crate::lookup::record::case_blocks(&h.records, &h.paperwork.cite, &mut b);
    if !h.interventions.is_empty() {
        b.push(Block::Heading(format!(
            "Intervention plan{}",
            h.paperwork.cite.paren(Rule::Plan)
        )));
        b.push(Block::Table(
            [
                "Core issue",
                "Intervention",
                "Contact",
                "Agency",
                "Progress",
            ]
            .map(String::from)
            .to_vec(),
            h.interventions
                .iter()
                .map(|i| {
                    vec![
                        or_dash(&i.core_issue),
                        or_dash(&i.intervention),
                        or_dash(&i.level_of_contact),
                        or_dash(&i.agency),
                        or_dash(&i.progress),
                    ]
                })
                .collect(),
        ));
    }
    if !h.actions.is_empty() {
        b.push(Block::Heading("Actions".into()));
        b.push(Block::Table(
            ["ID", "Due", "Status", "Agency", "Action", "Outcome"]
                .map(String::from)
                .to_vec(),
            h.actions
                .iter()
                .map(|a| {
                    vec![
                        a.id.to_string(),
                        fmt_date(a.due_on),
                        a.status.replace('_', " "),
                        a.agency_code.clone(),
                        a.description.clone(),
                        or_dash(&a.completion_note),
                    ]
                })
                .collect(),
        ));
    }
    if !h.action_notes.is_empty() {
        b.push(Block::Heading("Progress notes on actions".into()));
        b.push(Block::Table(
            ["Action", "When", "By", "Note"].map(String::from).to_vec(),
            h.action_notes
                .iter()
                .map(|n| {
                    vec![
                        n.action_id.to_string(),
                        n.at.clone(),
                        n.by.clone(),
                        n.note.clone(),
                    ]
                })
                .collect(),
        ));
    }
    PrintedPage {
        marking: h.protective_marking.clone(),
        title: format!("Case {}: history with the panel", h.case_id),
        subtitle: format!("As recorded on {}", fmt_date(today)),
        blocks: b,
        running: format!("{panel}: case history"),
        case_id: Some(h.case_id),
        status: format!("Case {}", status_label(&r.status)),
    }
}
