//! The readable case history.

use crate::domain::paperwork::Rule;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::{decision_label, label, onward_label, status_label, CaseHistory};
use crate::domain::types::{ActionStatus, Awareness, CoreReason, IssueRole, Screening};
use crate::lookup::fmt_date;
use crate::lookup::format::{one_line, plain, user, Table};

fn or_dash<T: ToString>(v: &Option<T>) -> String {
    v.as_ref()
        .map(|s| s.to_string())
        .unwrap_or_else(|| "-".into())
}

fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map(fmt_date).unwrap_or_else(|| "-".into())
}

/// Multi-line user text, indented under a label.
fn block(out: &mut String, label: &str, v: &Option<String>) {
    if let Some(t) = v {
        let _ = writeln!(out, "    {label}:");
        for l in t.trim().lines() {
            let _ = writeln!(out, "      {}", l.trim_end());
        }
    }
}

/// The readable history. Every string in `h` is already cleaned of control
/// characters; single-line fields are also flattened here.
pub fn render_plain(h: &CaseHistory) -> String {
    let mut o = String::new();
    head_section(&mut o, h);
    referral_section(&mut o, h);
    super::over_time::text(&mut o, h);
    discussions_section(&mut o, h);
    crate::lookup::record::text(&mut o, &h.records);
    lead_section(&mut o, h);
    interventions_section(&mut o, h);
    actions_section(&mut o, h);
    others_section(&mut o, h);
    let _ = writeln!(o, "\n{}", h.protective_marking);
    o
}

/// The marking, the title line and where the case stands.
fn head_section(o: &mut String, h: &CaseHistory) {
    let s = &h.subject;
    let r = &h.referral;
    let _ = writeln!(o, "{}\n", h.protective_marking);
    let age = s
        .age_today
        .map(|a| format!(", {a} today"))
        .unwrap_or_default();
    let born = match s.age_stated {
        Some(a) => format!(
            "date of birth not known; aged {} on {}, about{}",
            a.years,
            fmt_date(a.on),
            age.trim_start_matches(',')
        ),
        None => format!("born {}{age}", date_or_dash(s.date_of_birth)),
    };
    // A group or a location (issue 22) by its kind and area; a person of concern
    // headed as such.
    let born = if s.kind.has_birth() {
        born
    } else if s.area.is_empty() {
        "area not given".to_string()
    } else {
        one_line(&s.area)
    };
    let who = s.kind.headed(&one_line(&s.name));
    let _ = writeln!(o, "Case {}: {who} ({born})", h.case_id);
    let _ = writeln!(
        o,
        "Status: {}; lead agency {}; risk {} (at start {})",
        status_label(&r.status),
        or_dash(&r.lead_agency),
        or_dash(&r.risk_current),
        or_dash(&r.risk_start)
    );
    if r.status == "open" {
        let _ = writeln!(
            o,
            "Next review {}; intervention plan due {}",
            date_or_dash(r.next_review_on),
            date_or_dash(r.plan_due_on)
        );
    }
    if let Some(on) = r.early_review_requested_on {
        let _ = writeln!(
            o,
            "Review brought forward at the lead agency's request on {}{}: {}",
            fmt_date(on),
            h.paperwork.cite.paren(Rule::BroughtForward),
            or_dash(&r.early_review_reason)
        );
    }
    if let Some(c) = r.closed_on {
        let _ = writeln!(
            o,
            "Closed {}: {}{}",
            fmt_date(c),
            one_line(r.closure_reason.as_deref().unwrap_or("-")),
            if r.discharged_to_mappa {
                " (discharged to MAPPA)"
            } else {
                ""
            }
        );
    }
}

/// The referral as received (Appendix A) and the section 12 fields.
fn referral_section(o: &mut String, h: &CaseHistory) {
    let s = &h.subject;
    let r = &h.referral;
    let _ = writeln!(o, "\nReferral");
    field(
        o,
        "Received",
        format!(
            "{} from {}{}",
            date_or_dash(r.date_received),
            r.referring_agency,
            if r.urgent { ", URGENT" } else { "" }
        ),
    );
    field(o, "Referrer contact", or_dash(&r.referrer_contact));
    field(
        o,
        "Gender / ethnicity",
        format!("{} / {}", or_dash(&s.gender), or_dash(&s.ethnicity)),
    );
    field(o, "Address", or_dash(&r.address));
    field(o, "Postcode", or_dash(&r.postcode));
    field(o, "Ward", or_dash(&r.ward));
    field(o, "Education/employment", or_dash(&r.education_employment));
    field(
        o,
        "Aware of referral",
        label(&r.awareness, Awareness::from_code, Awareness::label),
    );
    field(o, "Welfare legal status", or_dash(&r.welfare_legal_status));
    field(
        o,
        "Criminal legal status",
        or_dash(&r.criminal_legal_status),
    );
    field(
        o,
        "Core reason",
        r.core_reason
            .as_deref()
            .map(|c| label(c, CoreReason::from_code, CoreReason::label))
            .unwrap_or_else(|| "-".into()),
    );
    field(
        o,
        "CSE / radicalisation",
        format!(
            "{} / {}",
            label(&r.cse_issue, IssueRole::from_code, IssueRole::label),
            label(
                &r.radicalisation_issue,
                IssueRole::from_code,
                IssueRole::label
            )
        ),
    );
    field(o, "Named gang", or_dash(&r.named_gang));
    field(
        o,
        "MAPPA",
        match (r.mappa_category, r.mappa_level) {
            (None, None) => "-".into(),
            (c, l) => format!("category {} level {}", or_dash(&c), or_dash(&l)),
        },
    );
    let by = match (&r.screening_by, r.screening_on) {
        (None, None) => String::new(),
        (by, on) => format!(" (by {} on {})", or_dash(by), date_or_dash(on)),
    };
    field(
        o,
        "Screening",
        format!(
            "{}{by}",
            label(&r.screening, Screening::from_code, Screening::label)
        ),
    );
    field(o, "Referrer told", date_or_dash(r.referrer_informed_on));
    field(
        o,
        "Previously known",
        if r.previously_known { "yes" } else { "no" }.into(),
    );
    if !h.household.is_empty() {
        let people: Vec<String> = h
            .household
            .iter()
            .map(|p| {
                format!(
                    "{} ({}, {})",
                    p.name,
                    or_dash(&p.relationship),
                    or_dash(&p.dob_or_age)
                )
            })
            .collect();
        field(o, "Household", people.join("; "));
    }
    if let Some(why) = &h.checklist_override {
        let _ = writeln!(
            o,
            "  {}",
            crate::store::intake::override_line(&one_line(why))
        );
    }
    // Issue 22 (MAVE MV10): a restricted referral's concerns are marked.
    let concerns = match &h.restricted_reason {
        Some(why) => {
            let heading = crate::domain::restricted::Restricted {
                reason: Some(why.clone()),
                answers: vec![],
            }
            .heading();
            let _ = writeln!(o, "  {heading}");
            crate::domain::restricted::marked("Concerns")
        }
        None => "Concerns".into(),
    };
    block(o, &concerns, &r.concerns);
    block(o, "Other referrals made", &r.other_referrals);
    super::people::text(o, h);
    super::answers::text(o, h);
}

/// Every discussion: decision, risk, lead agency, next date, onward referrals, minutes.
fn discussions_section(o: &mut String, h: &CaseHistory) {
    let _ = writeln!(o, "\nDiscussions");
    if h.discussions.is_empty() {
        let _ = writeln!(o, "  not yet discussed");
    }
    for d in &h.discussions {
        let _ = writeln!(
            o,
            "  {}  item {}  {}  risk {} -> {}  lead {}  next {}",
            date_or_dash(d.meeting_date),
            d.agenda_item,
            d.decision
                .as_deref()
                .map(|c| decision_label(&h.paperwork, c))
                .unwrap_or_else(|| "no decision recorded".into()),
            or_dash(&d.risk_before),
            or_dash(&d.risk_after),
            or_dash(&d.lead_agency),
            date_or_dash(d.next_date)
        );
        if let Some(a) = &d.agreed_by {
            let _ = writeln!(o, "    Agreed by: {}", one_line(a));
        }
        if let Some(a) = &d.amended {
            let _ = writeln!(o, "    This record was {}", a.line());
        }
        if let Some(w) = &d.key_worker {
            let _ = writeln!(o, "    Key worker: {}", one_line(w));
        }
        if let Some(r) = &d.closure_reason {
            let _ = writeln!(o, "    Closure reason: {}", one_line(r));
        }
        if let Some(reasons) = &d.decision_reasons {
            let _ = writeln!(o, "    Reasons: {}", one_line(reasons));
        }
        let made: Vec<String> = d
            .onward_referrals
            .iter()
            .filter(|x| x.state != "not_needed")
            .map(|x| onward_label(&h.paperwork, x))
            .collect();
        if !made.is_empty() {
            let _ = writeln!(o, "    Onward referrals: {}", made.join("; "));
        }
        block(o, "Lead agency update", &d.lead_update);
        block(o, "Minutes", &d.minutes);
    }
}

/// Lead agency appointed and changed, with who recorded it.
fn lead_section(o: &mut String, h: &CaseHistory) {
    let _ = writeln!(o, "\nLead agency");
    if h.lead_agency_changes.is_empty() {
        let _ = writeln!(o, "  none appointed");
    }
    for c in &h.lead_agency_changes {
        let what = match &c.from {
            None => format!("appointed {}", or_dash(&c.to)),
            Some(f) => format!("changed {f} -> {}", or_dash(&c.to)),
        };
        let by = c
            .recorded_by
            .as_ref()
            .map(|b| format!(" (recorded by {})", one_line(b)))
            .unwrap_or_default();
        let _ = writeln!(o, "  {}  {what}{by}", date_or_dash(c.on));
    }
}

/// The intervention plan (Appendix B) as a table.
fn interventions_section(o: &mut String, h: &CaseHistory) {
    let _ = writeln!(o, "\nInterventions{}", h.paperwork.cite.paren(Rule::Plan));
    if h.interventions.is_empty() {
        let _ = writeln!(o, "  none recorded");
    } else {
        let mut t = Table::new(&[
            "Core issue",
            "Intervention",
            "Contact",
            "Agency",
            "Progress",
        ]);
        for i in &h.interventions {
            t.push(vec![
                user(or_dash(&i.core_issue)),
                user(or_dash(&i.intervention)),
                user(or_dash(&i.level_of_contact)),
                user(or_dash(&i.agency)),
                user(or_dash(&i.progress)),
            ]);
        }
        o.push_str(&t.plain_indented(2));
    }
    if !h.action_notes.is_empty() {
        let _ = writeln!(o, "\nProgress notes on actions");
        let mut t = Table::new(&["Action", "When", "By", "Note"]);
        for n in &h.action_notes {
            t.push(vec![
                plain(n.action_id.to_string()),
                plain(&n.at),
                user(&n.by),
                user(&n.note),
            ]);
        }
        o.push_str(&t.plain_indented(2));
    }
}

/// The actions and their outcomes as a table.
fn actions_section(o: &mut String, h: &CaseHistory) {
    let _ = writeln!(o, "\nActions");
    if h.actions.is_empty() {
        let _ = writeln!(o, "  none");
    } else {
        let mut t = Table::new(&["ID", "Due", "Agency", "Status", "Action", "Outcome"]);
        for a in &h.actions {
            let status = if a.overdue {
                format!("OVERDUE {}d", a.days_overdue.unwrap_or(0))
            } else {
                ActionStatus::from_code(&a.status)
                    .map(|s| s.label().to_string())
                    .unwrap_or_else(|| a.status.clone())
            };
            let outcome = match (a.completed_on, &a.completion_note) {
                (Some(d), Some(n)) => format!("{} {n}", fmt_date(d)),
                (Some(d), None) => fmt_date(d),
                (None, _) => String::new(),
            };
            t.push(vec![
                plain(a.id.to_string()),
                plain(fmt_date(a.due_on)),
                user(&a.agency_code),
                plain(status),
                user(&a.description),
                user(outcome),
            ]);
        }
        o.push_str(&t.plain_indented(2));
    }
}

/// The subject's other referrals, if any.
fn others_section(o: &mut String, h: &CaseHistory) {
    if !h.other_referrals_of_subject.is_empty() {
        let _ = writeln!(o, "\nOther referrals of this person");
        for x in &h.other_referrals_of_subject {
            let _ = writeln!(
                o,
                "  case {}  received {}  {}",
                x.case_id,
                date_or_dash(x.date_received),
                status_label(&x.status)
            );
        }
    }
}

/// One `label   value` line of the referral, flattened to one line.
fn field(o: &mut String, k: &str, v: String) {
    let _ = writeln!(o, "  {k:<24}{}", one_line(&v));
}
