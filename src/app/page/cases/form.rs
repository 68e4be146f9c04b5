//! Building the form of a page from the meeting data.

use crate::app::keys::{key as KEY, Command as C};
use crate::domain::restricted;
use chrono::NaiveDate;

use crate::app::form::{Bind, Field, Form, Kind};
use crate::app::text::{initials, one_line};
use crate::domain::agenda::{is_brief, AgendaKind};
use crate::domain::paperwork::{AgeVerdict, Need, Rule};
use crate::domain::rules::suggested_lead_agency;
use crate::domain::types::*;
use crate::store::meeting::{Case, MeetingData};
use crate::store::write::Table;

pub fn fmt_date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// A subject's name as the shared screen may show it.
pub fn subject_name(name: &str, initials_only: bool) -> String {
    if initials_only {
        initials(name)
    } else {
        one_line(name)
    }
}

/// A case's subject on the editing screen: a person as [`subject_name`]; another
/// kind headed by it ("Group: ...", "Location: ...", "Person of concern: ..."), and
/// with initials only by what the room may see of it (issue 22).
pub fn case_name(r: &crate::store::rows::referral::Referral, initials_only: bool) -> String {
    use crate::domain::subject_kind::{public_label, SubjectKind};
    match r.kind {
        SubjectKind::Person => subject_name(&r.name, initials_only),
        k if initials_only => public_label(k, &r.name, &r.area, &r.postcode, r.id.0)
            .unwrap_or_else(|| k.heading().to_string()),
        k => k.headed(&one_line(&r.name)),
    }
}

fn agency_options(data: &MeetingData) -> Vec<String> {
    data.agencies
        .iter()
        .map(|a| format!("{} — {}", a.code, a.name))
        .collect()
}

fn risk_options(data: &MeetingData) -> Vec<String> {
    data.panel
        .risk
        .names()
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn risk_index(data: &MeetingData, name: Option<&str>) -> Option<usize> {
    name.and_then(|n| data.panel.risk.rank(n))
}

fn agency_index(data: &MeetingData, id: Option<crate::store::AgencyId>) -> Option<usize> {
    id.and_then(|i| data.agencies.iter().position(|a| a.id == i))
}

pub fn action_line(data: &MeetingData, a: &crate::store::meeting::ActionRow) -> String {
    // Due date and agency first: they are what a narrow screen must still show.
    let status = if a.status == ActionStatus::Open {
        String::new()
    } else {
        format!(" [{}]", a.status.label())
    };
    format!(
        "due {} · {} · {} (offered by {}){}",
        a.due_on.format("%Y-%m-%d"),
        data.agency_code(Some(a.agency)),
        one_line(&a.description),
        one_line(&a.volunteered_by),
        status
    )
}

pub const ONWARD_OPTIONS: &[OnwardState] = &[
    OnwardState::Considered,
    OnwardState::Made,
    OnwardState::NotNeeded,
];
pub const CHECK_OPTIONS: &[ActionStatus] = &[
    ActionStatus::Open,
    ActionStatus::Done,
    ActionStatus::NotDoneCircumstances,
    ActionStatus::NotDoneAgency,
    ActionStatus::CarriedOver,
];

/// The referral summary at the top of a case page.
pub fn summary_lines(data: &MeetingData, case: &Case, initials_only: bool) -> Vec<String> {
    let r = &case.referral;
    let age = r.age.map(|a| a.to_string()).unwrap_or_else(|| "?".into());
    let mut lines = vec![if r.kind.has_birth() {
        format!(
            "{}  · age {} on the meeting date · {} · case {}",
            case_name(r, initials_only),
            age,
            if r.gender.is_empty() {
                "gender not recorded"
            } else {
                &r.gender
            },
            r.id
        )
    } else {
        // A group or a location (issue 22): its area, no age.
        let area = if r.area.is_empty() {
            "area not given"
        } else {
            &r.area
        };
        format!("{}  · {area} · case {}", case_name(r, initials_only), r.id)
    }];
    lines.push(format!(
        "Referred by {} on {}{}{}{}",
        data.agency_code(Some(r.referring_agency)),
        r.date_received.format("%Y-%m-%d"),
        if r.urgent { " · URGENT" } else { "" },
        if r.previously_known {
            " · previously known to the panel"
        } else {
            ""
        },
        // Appendix A's core referral reason: a panel with its own form has none.
        if data.panel.paperwork.appendix_a() {
            format!(
                " · {}",
                r.core_reason
                    .map(|c| c.label())
                    .unwrap_or("core reason not recorded")
            )
        } else {
            String::new()
        }
    ));
    // Most needed first: a short screen shows only the first three lines (a review's
    // risk at each meeting and lead agency, issue 28; a new referral's concerns).
    let (lead, start) = (data.agency_code(r.lead_agency), r.risk_start.as_deref());
    if !case.kind.is_new_referrals() {
        lines.push(case.trend.line(start, &lead).unwrap_or(format!(
            "Original risk: {} · current risk: {} · lead agency: {lead}",
            start.unwrap_or("—"),
            case.risk_before
                .as_deref()
                .or(r.risk_current.as_deref())
                .unwrap_or("—"),
        )));
    }
    let restricted = &case.restricted;
    // Issue 22 (MAVE MV10): restricted text for the chair only, marked; hidden with
    // the names (the screen may be seen).
    let concerns = if !restricted.concerns() {
        one_line(&r.concerns)
    } else if initials_only {
        restricted::HIDDEN.to_string()
    } else {
        one_line(&r.concerns)
    };
    let label = if restricted.concerns() {
        restricted::marked("Concerns")
    } else {
        "Concerns".to_string()
    };
    lines.push(format!("{label}: {concerns}"));
    if !initials_only {
        lines.push(format!(
            "Ward {} · {}",
            one_line(&r.ward),
            one_line(&r.education)
        ));
    }
    let over = case.checklist_override.as_deref();
    lines.extend(over.map(|w| crate::store::intake::override_line(&one_line(w))));
    let rules = &data.panel.paperwork;
    if r.screening == Screening::NoIntelligence {
        lines.push(format!(
            "Screening: no supporting intelligence — mentioned as one to watch{}",
            rules.cite.paren(Rule::Screening)
        ));
    }
    match rules.age.check(r.age, &rules.cite) {
        AgeVerdict::Fits => {}
        AgeVerdict::Note(n) | AgeVerdict::Warned(n) | AgeVerdict::Refused(n) => {
            lines.push(format!("Note: {n}"));
        }
    }
    if !restricted.is_empty() {
        lines.push(restricted.heading());
        if initials_only {
            lines.push(format!("{}: {}", restricted::MARK, restricted::HIDDEN));
        } else {
            lines.extend(restricted.lines().iter().map(|l| one_line(l)));
        }
    }
    lines
}

/// The label of a brief update's one line (`decision = "none"`).
pub const BRIEF_UPDATE: &str = "Brief update (one line)";

/// The fields of a case page: Appendix D items 6-7 (new referral) or item 8 (review);
/// at an item of brief updates (`decision = "none"`), the update in one line only.
pub fn case_form(data: &MeetingData, case: &Case, initials_only: bool, kind: AgendaKind) -> Form {
    let d = case.discussion;
    let did = d.0;
    let mut f = vec![Field::info(
        "Referral",
        summary_lines(data, case, initials_only),
    )];
    if is_brief(&data.panel.agenda, kind) {
        f.push(Field::text(
            BRIEF_UPDATE,
            Bind::Text {
                table: Table::Discussion,
                id: did,
                col: "minutes",
            },
            &case.minutes,
            false,
        ));
        return Form::new(f);
    }
    let review = !kind.is_new_referrals();
    let next_default = data.next_meeting.map(|n| n.format("%Y-%m-%d").to_string());
    if review {
        f.push(Field::text(
            &format!(
                "Lead agency update{}",
                data.panel.paperwork.cite.paren(Rule::Plan)
            ),
            Bind::Text {
                table: Table::Discussion,
                id: did,
                col: "lead_update",
            },
            &case.lead_update,
            true,
        ));
        let rows: Vec<String> = case
            .interventions
            .iter()
            .map(|i| {
                format!(
                    "{} | {} | {} | {} | {}",
                    one_line(&i.core_issue),
                    one_line(&i.intervention),
                    one_line(&i.level_of_contact),
                    data.agency_code(i.agency),
                    one_line(&i.progress)
                )
            })
            .collect();
        f.push(Field::list(
            &format!(
                "Interventions: core issue | intervention | contact | agency | progress  ({} add, Enter edit)",
                KEY(C::Add)
            ),
            Bind::Interventions { referral: case.referral.id },
            rows,
        ));
        for a in &case.earlier_actions {
            let sel = CHECK_OPTIONS.iter().position(|s| *s == a.status);
            f.push(Field::choice(
                &format!("Earlier action: {}", action_line(data, a)),
                Bind::EarlierAction { action: a.id },
                CHECK_OPTIONS
                    .iter()
                    .map(|s| s.label().to_string())
                    .collect(),
                sel,
            ));
        }
    }
    f.push(Field::text(
        "Minutes",
        Bind::Text {
            table: Table::Discussion,
            id: did,
            col: "minutes",
        },
        &case.minutes,
        true,
    ));
    let pw = &data.panel.paperwork;
    let offered = pw.decisions_at(kind);
    let codes: Vec<String> = offered.iter().map(|o| o.code.clone()).collect();
    let chosen = case
        .decision
        .as_deref()
        .and_then(|x| codes.iter().position(|o| o == x));
    f.push(Field::choice(
        "Decision",
        Bind::Decision {
            discussion: d,
            options: codes,
        },
        offered.iter().map(|o| o.label.clone()).collect(),
        chosen,
    ));
    f.extend(super::record::agreed_by(data, case));
    f.push(Field::text(
        if review {
            "Reasons (or reason for closing)"
        } else {
            "Reasons for the decision"
        },
        Bind::Text {
            table: Table::Discussion,
            id: did,
            col: "decision_reasons",
        },
        &case.reasons,
        true,
    ));
    if offered.iter().any(|o| o.needs(Need::ClosureReason)) {
        let reasons = &pw.closure.reasons;
        f.push(Field::choice(
            &format!("Closure reason{}", pw.cite.paren(Rule::Closure)),
            Bind::ClosureReason { discussion: d },
            reasons.clone(),
            case.closure_reason
                .as_deref()
                .and_then(|c| reasons.iter().position(|r| r == c)),
        ));
    }
    f.extend(outcome_fields(data, case, review, next_default));
    f.extend(super::record::fields(data, case));
    let rows: Vec<String> = case.actions.iter().map(|a| action_line(data, a)).collect();
    f.push(Field::list(
        &format!("Actions agreed ({} add)", KEY(C::Add)),
        Bind::Actions { discussion: d },
        rows,
    ));
    Form::new(f)
}

/// The outcome of a case page: lead agency (suggested for an under-18 at a new
/// referral, section 7.3), risk level, onward referrals (new referrals only) and the
/// next date (plan presented, or next review).
fn outcome_fields(
    data: &MeetingData,
    case: &Case,
    review: bool,
    next_default: Option<String>,
) -> Vec<Field> {
    let d = case.discussion;
    let did = d.0;
    let mut f = vec![];
    let rules = &data.panel.paperwork;
    let lead_label = if review && rules.lead_agency.change_only_at_review {
        format!(
            "Lead agency (may be changed at a review{})",
            rules.cite.comma(Rule::LeadAgencyChange)
        )
    } else {
        "Lead agency".to_string()
    };
    let mut lead = Field::choice(
        &lead_label,
        Bind::Lead { discussion: d },
        agency_options(data),
        agency_index(data, case.lead_agency),
    );
    if case.lead_agency.is_none() {
        if let Some(code) = data
            .panel
            .under_18_lead
            .as_deref()
            .and_then(|c| suggested_lead_agency(case.referral.age, c))
        {
            if let Kind::Choice { suggestion, .. } = &mut lead.kind {
                *suggestion = data.agencies.iter().position(|a| a.code == code);
            }
        }
    }
    f.push(lead);
    f.push(Field::choice(
        if review {
            "Revised risk level"
        } else {
            "Initial risk level"
        },
        Bind::Risk { discussion: d },
        risk_options(data),
        risk_index(data, case.risk_after.as_deref()),
    ));
    if !review {
        let cite = &data.panel.paperwork.cite;
        for o in &case.onward {
            let state = o.recorded.as_ref().and_then(|r| r.state);
            f.push(Field::choice(
                &format!("{} referral", o.label),
                Bind::Onward {
                    discussion: d,
                    kind: o.code.clone(),
                },
                ONWARD_OPTIONS
                    .iter()
                    .map(|s| s.label().to_string())
                    .collect(),
                state.and_then(|s| ONWARD_OPTIONS.iter().position(|x| *x == s)),
            ));
            if o.asks_for_whom {
                let whom = o.recorded.as_ref().and_then(|r| r.cp_for);
                f.push(Field::choice(
                    &format!(
                        "{} referral for{}",
                        o.label,
                        cite.paren(Rule::MonitoringReturn)
                    ),
                    Bind::CpFor {
                        discussion: d,
                        kind: o.code.clone(),
                    },
                    CpFor::ALL.iter().map(|c| c.label().to_string()).collect(),
                    whom.and_then(|c| CpFor::ALL.iter().position(|x| *x == c)),
                ));
            }
        }
    }
    let pw = &data.panel.paperwork;
    if pw
        .decisions_at(case.kind)
        .iter()
        .any(|o| o.needs(Need::KeyWorker))
    {
        f.push(Field::text(
            "Key worker (name)",
            Bind::Text {
                table: Table::Discussion,
                id: did,
                col: "key_worker",
            },
            &case.key_worker,
            false,
        ));
        f.push(Field::choice(
            "Key worker's agency",
            Bind::KeyWorkerAgency { discussion: d },
            agency_options(data),
            agency_index(data, case.key_worker_agency),
        ));
    }
    let bounded = pw.review.min_months.is_some() || pw.review.max_months.is_some();
    let mut next = Field::text(
        if bounded {
            "Review date (YYYY-MM-DD)"
        } else if review || !(pw.appendix_a() || pw.review.plan_months.is_some()) {
            // A panel that asks for no intervention plan sets the case's next hearing.
            "Next review date (YYYY-MM-DD)"
        } else {
            "Intervention plan presented on (YYYY-MM-DD)"
        },
        Bind::Date {
            table: Table::Discussion,
            id: did,
            col: "next_date",
        },
        &fmt_date(case.next_date),
        false,
    );
    if let Kind::Text(t) = &mut next.kind {
        t.suggestion = next_default;
    }
    f.push(next);
    if !review {
        // Each onward referral once recorded takes a note (to whom, a reference, why
        // not): section 12. Last, so recording one never moves the fields after it.
        for (o, r) in case
            .onward
            .iter()
            .filter_map(|o| o.recorded.as_ref().map(|r| (o, r)))
        {
            f.push(Field::text(
                &format!("{} referral note", o.label),
                Bind::Text {
                    table: Table::Onward,
                    id: r.id,
                    col: "note",
                },
                &r.note,
                false,
            ));
        }
    }
    f
}

pub use super::missing::missing;
