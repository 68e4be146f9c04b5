//! `roundtable case ID`: one case's whole history with the panel.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::actions::{self, ActionQuery, ActionRow, StatusFilter};
use super::format::{one_line, plain, user, Table};
use super::{fmt_date, get, opt_date, opt_text, text, LookupError, Result};
use crate::domain::age::age_on;
use crate::domain::types::{
    ActionStatus, Awareness, CaseStatus, CoreReason, CpFor, Decision, IssueRole, OnwardKind,
    OnwardState, Screening,
};

#[derive(Debug, Clone, Serialize)]
pub struct Subject {
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub age_today: Option<u32>,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Household {
    pub name: String,
    pub dob_or_age: Option<String>,
    pub relationship: Option<String>,
}

/// Appendix A and the section 12 fields, as recorded.
#[derive(Debug, Clone, Serialize)]
pub struct Referral {
    pub referring_agency: String,
    pub referrer_contact: Option<String>,
    pub date_received: Option<NaiveDate>,
    pub urgent: bool,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub ward: Option<String>,
    pub education_employment: Option<String>,
    pub awareness: String,
    pub concerns: Option<String>,
    pub other_referrals: Option<String>,
    pub welfare_legal_status: Option<String>,
    pub criminal_legal_status: Option<String>,
    pub previously_known: bool,
    pub core_reason: Option<String>,
    pub cse_issue: String,
    pub radicalisation_issue: String,
    pub named_gang: Option<String>,
    pub mappa_category: Option<i64>,
    pub mappa_level: Option<i64>,
    pub screening: String,
    pub screening_note: Option<String>,
    pub status: String,
    pub meeting_date: Option<NaiveDate>,
    pub lead_agency: Option<String>,
    pub risk_start: Option<String>,
    pub risk_current: Option<String>,
    pub opened_on: Option<NaiveDate>,
    pub plan_due_on: Option<NaiveDate>,
    pub next_review_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub closure_reason: Option<String>,
    pub discharged_to_mappa: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Onward {
    pub kind: String,
    pub state: String,
    pub cp_for: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Discussion {
    pub meeting_date: Option<NaiveDate>,
    pub agenda_item: i64,
    pub decision: Option<String>,
    pub decision_reasons: Option<String>,
    pub risk_before: Option<String>,
    pub risk_after: Option<String>,
    pub lead_agency: Option<String>,
    pub next_date: Option<NaiveDate>,
    pub lead_update: Option<String>,
    pub minutes: Option<String>,
    pub onward_referrals: Vec<Onward>,
    #[serde(skip)]
    id: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LeadChange {
    pub on: Option<NaiveDate>,
    /// The meeting at which the panel made the change, if it was made at one.
    pub at_meeting: Option<NaiveDate>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// OS user who recorded it, from the change log.
    pub recorded_by: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Intervention {
    pub core_issue: Option<String>,
    pub intervention: Option<String>,
    pub level_of_contact: Option<String>,
    pub agency: Option<String>,
    pub progress: Option<String>,
    pub meeting_date: Option<NaiveDate>,
    pub updated_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OtherReferral {
    pub case_id: i64,
    pub date_received: Option<NaiveDate>,
    pub status: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseHistory {
    pub case_id: i64,
    pub protective_marking: String,
    pub subject: Subject,
    pub referral: Referral,
    pub household: Vec<Household>,
    pub discussions: Vec<Discussion>,
    pub lead_agency_changes: Vec<LeadChange>,
    pub interventions: Vec<Intervention>,
    pub actions: Vec<ActionRow>,
    pub other_referrals_of_subject: Vec<OtherReferral>,
}

fn agency_codes(conn: &Connection) -> Result<HashMap<i64, String>> {
    Ok(conn
        .prepare_cached("SELECT id, code FROM agency")?
        .query_map([], |r| Ok((get::<i64>(r, 0)?, text(r, 1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The history of case `id` (a referral id) as it stands on `today`.
pub fn history(conn: &Connection, id: i64, today: NaiveDate) -> Result<CaseHistory> {
    let codes = agency_codes(conn)?;
    let code = |id: Option<i64>| id.and_then(|i| codes.get(&i).cloned());
    let row = conn
        .prepare_cached(
            "SELECT s.id, s.name, s.date_of_birth, s.gender, s.ethnicity,
                r.referring_agency_id, r.referrer_contact, r.date_received, r.urgent, r.address,
                r.postcode, r.ward, r.education_employment, r.awareness, r.concerns,
                r.other_referrals, r.welfare_legal_status, r.criminal_legal_status,
                r.previously_known, r.core_reason, r.cse_issue, r.radicalisation_issue,
                r.named_gang, r.mappa_category, r.mappa_level, r.screening, r.screening_note,
                r.status, m.date, r.lead_agency_id, r.risk_start, r.risk_current, r.opened_on,
                r.plan_due_on, r.next_review_on, r.closed_on, r.closure_reason,
                r.discharged_to_mappa
             FROM referral r JOIN subject s ON s.id = r.subject_id
             LEFT JOIN meeting m ON m.id = r.meeting_id
             WHERE r.id = ?1",
        )?
        .query_row([id], |r| {
            let dob = opt_date(r, 2)?;
            let subject = Subject {
                name: text(r, 1)?,
                date_of_birth: dob,
                age_today: dob.and_then(|d| age_on(d, today)),
                gender: opt_text(r, 3)?,
                ethnicity: opt_text(r, 4)?,
            };
            let referral = Referral {
                referring_agency: code(get(r, 5)?).unwrap_or_default(),
                referrer_contact: opt_text(r, 6)?,
                date_received: opt_date(r, 7)?,
                urgent: get(r, 8)?,
                address: opt_text(r, 9)?,
                postcode: opt_text(r, 10)?,
                ward: opt_text(r, 11)?,
                education_employment: opt_text(r, 12)?,
                awareness: text(r, 13)?,
                concerns: opt_text(r, 14)?,
                other_referrals: opt_text(r, 15)?,
                welfare_legal_status: opt_text(r, 16)?,
                criminal_legal_status: opt_text(r, 17)?,
                previously_known: get(r, 18)?,
                core_reason: opt_text(r, 19)?,
                cse_issue: text(r, 20)?,
                radicalisation_issue: text(r, 21)?,
                named_gang: opt_text(r, 22)?,
                mappa_category: get(r, 23)?,
                mappa_level: get(r, 24)?,
                screening: text(r, 25)?,
                screening_note: opt_text(r, 26)?,
                status: text(r, 27)?,
                meeting_date: opt_date(r, 28)?,
                lead_agency: code(get(r, 29)?),
                risk_start: opt_text(r, 30)?,
                risk_current: opt_text(r, 31)?,
                opened_on: opt_date(r, 32)?,
                plan_due_on: opt_date(r, 33)?,
                next_review_on: opt_date(r, 34)?,
                closed_on: opt_date(r, 35)?,
                closure_reason: opt_text(r, 36)?,
                discharged_to_mappa: get(r, 37)?,
            };
            Ok((get::<i64>(r, 0)?, subject, referral))
        })
        .optional()?;
    let Some((subject_id, subject, referral)) = row else {
        return Err(LookupError::NotFound(format!("no case {id}")));
    };

    let household = conn
        .prepare_cached(
            "SELECT name, dob_or_age, relationship FROM household_member
             WHERE referral_id = ?1 ORDER BY position, id",
        )?
        .query_map([id], |r| {
            Ok(Household {
                name: text(r, 0)?,
                dob_or_age: opt_text(r, 1)?,
                relationship: opt_text(r, 2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    let mut discussions = conn
        .prepare_cached(
            "SELECT d.id, m.date, d.agenda_item, d.decision, d.decision_reasons, d.risk_before,
                d.risk_after, d.lead_agency_id, d.next_date, d.lead_update, d.minutes
             FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
             WHERE d.referral_id = ?1 ORDER BY m.date, d.id",
        )?
        .query_map([id], |r| {
            Ok(Discussion {
                id: get(r, 0)?,
                meeting_date: opt_date(r, 1)?,
                agenda_item: get(r, 2)?,
                decision: opt_text(r, 3)?,
                decision_reasons: opt_text(r, 4)?,
                risk_before: opt_text(r, 5)?,
                risk_after: opt_text(r, 6)?,
                lead_agency: code(get(r, 7)?),
                next_date: opt_date(r, 8)?,
                lead_update: opt_text(r, 9)?,
                minutes: opt_text(r, 10)?,
                onward_referrals: vec![],
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for d in &mut discussions {
        d.onward_referrals = onward(conn, d.id)?;
    }

    let lead_agency_changes = lead_changes(conn, id, &discussions, &codes)?;

    let interventions = conn
        .prepare_cached(
            "SELECT i.core_issue, i.intervention, i.level_of_contact, i.agency_id, i.progress,
                m.date, i.updated_at
             FROM intervention i LEFT JOIN meeting m ON m.id = i.meeting_id
             WHERE i.referral_id = ?1 ORDER BY i.position, i.id",
        )?
        .query_map([id], |r| {
            Ok(Intervention {
                core_issue: opt_text(r, 0)?,
                intervention: opt_text(r, 1)?,
                level_of_contact: opt_text(r, 2)?,
                agency: code(get(r, 3)?),
                progress: opt_text(r, 4)?,
                meeting_date: opt_date(r, 5)?,
                updated_on: opt_date(r, 6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    let (actions, _) = actions::find(
        conn,
        &ActionQuery {
            case: Some(id),
            status: StatusFilter::All,
            ..Default::default()
        },
        today,
    )?;

    let other_referrals_of_subject = conn
        .prepare_cached(
            "SELECT id, date_received, status FROM referral
             WHERE subject_id = ?1 AND id != ?2 ORDER BY date_received, id",
        )?
        .query_map(rusqlite::params![subject_id, id], |r| {
            Ok(OtherReferral {
                case_id: get(r, 0)?,
                date_received: opt_date(r, 1)?,
                status: text(r, 2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    let marking: String = conn
        .prepare_cached("SELECT protective_marking FROM panel ORDER BY id LIMIT 1")?
        .query_row([], |r| text(r, 0))
        .optional()?
        .filter(|m| !m.trim().is_empty())
        .unwrap_or_else(|| "RESTRICTED".into());

    Ok(CaseHistory {
        case_id: id,
        protective_marking: marking,
        subject,
        referral,
        household,
        discussions,
        lead_agency_changes,
        interventions,
        actions,
        other_referrals_of_subject,
    })
}

/// Onward referrals recorded at one discussion, in the order of the agenda wording.
pub fn onward(conn: &Connection, discussion: i64) -> Result<Vec<Onward>> {
    let mut v = conn
        .prepare_cached(
            "SELECT kind, state, cp_for, note FROM onward_referral WHERE discussion_id = ?1",
        )?
        .query_map([discussion], |r| {
            Ok(Onward {
                kind: text(r, 0)?,
                state: text(r, 1)?,
                cp_for: opt_text(r, 2)?,
                note: opt_text(r, 3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let pos = |k: &str| {
        OnwardKind::ALL
            .iter()
            .position(|o| o.code() == k)
            .unwrap_or(usize::MAX)
    };
    v.sort_by_key(|o| pos(&o.kind));
    Ok(v)
}

/// Lead agency appointed and changed: from the discussions (the panel's record,
/// meeting by meeting), joined with the change log (who recorded a change, and
/// any made outside a discussion).
fn lead_changes(
    conn: &Connection,
    id: i64,
    discussions: &[Discussion],
    codes: &HashMap<i64, String>,
) -> Result<Vec<LeadChange>> {
    let mut out: Vec<LeadChange> = vec![];
    let mut prev: Option<String> = None;
    for d in discussions {
        if let Some(l) = &d.lead_agency {
            if prev.as_ref() != Some(l) {
                out.push(LeadChange {
                    on: d.meeting_date,
                    at_meeting: d.meeting_date,
                    from: prev.clone(),
                    to: Some(l.clone()),
                    recorded_by: None,
                });
                prev = Some(l.clone());
            }
        }
    }
    let logged = conn
        .prepare_cached(
            "SELECT at, os_user, old_value, new_value FROM change_log
             WHERE tbl = 'referral' AND row_id = ?1 AND col = 'lead_agency_id' ORDER BY id",
        )?
        .query_map([id], |r| {
            Ok((
                opt_date(r, 0)?,
                opt_text(r, 1)?,
                get::<Option<String>>(r, 2)?,
                get::<Option<String>>(r, 3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let code = |v: Option<String>| {
        v.and_then(|s| s.parse::<i64>().ok())
            .and_then(|i| codes.get(&i).cloned())
    };
    for (on, by, old, new) in logged {
        let (from, to) = (code(old), code(new));
        if let Some(c) = out
            .iter_mut()
            .find(|c| c.from == from && c.to == to && c.recorded_by.is_none())
        {
            c.recorded_by = by;
        } else {
            out.push(LeadChange {
                on,
                at_meeting: None,
                from,
                to,
                recorded_by: by,
            });
        }
    }
    out.sort_by_key(|c| c.on);
    Ok(out)
}

fn label<T: Copy>(code: &str, from: fn(&str) -> Option<T>, lab: fn(T) -> &'static str) -> String {
    from(code).map(lab).unwrap_or(code).to_string()
}

/// Marks a decision recorded on a case page that was never marked done.
pub const PROVISIONAL: &str = "provisional:";

pub fn decision_label(code: &str) -> String {
    match code.strip_prefix(PROVISIONAL) {
        Some("none") => "not concluded at this meeting".into(),
        Some(c) => format!(
            "not concluded at this meeting (provisional: {})",
            label(c, Decision::from_code, Decision::label)
        ),
        None => label(code, Decision::from_code, Decision::label),
    }
}

pub fn status_label(code: &str) -> String {
    label(code, CaseStatus::from_code, CaseStatus::label)
}

pub fn onward_label(o: &Onward) -> String {
    let kind = label(&o.kind, OnwardKind::from_code, OnwardKind::label);
    let state = label(&o.state, OnwardState::from_code, OnwardState::label);
    let cp = o
        .cp_for
        .as_deref()
        .map(|c| format!(" (for {})", label(c, CpFor::from_code, CpFor::label)))
        .unwrap_or_default();
    format!("{kind}: {state}{cp}")
}

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
    let s = &h.subject;
    let r = &h.referral;
    let w = |o: &mut String, k: &str, v: String| {
        let _ = writeln!(o, "  {k:<24}{}", one_line(&v));
    };
    let _ = writeln!(o, "{}\n", h.protective_marking);
    let age = s
        .age_today
        .map(|a| format!(", {a} today"))
        .unwrap_or_default();
    let _ = writeln!(
        o,
        "Case {}: {} (born {}{age})",
        h.case_id,
        one_line(&s.name),
        date_or_dash(s.date_of_birth)
    );
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

    let _ = writeln!(o, "\nReferral");
    w(
        &mut o,
        "Received",
        format!(
            "{} from {}{}",
            date_or_dash(r.date_received),
            r.referring_agency,
            if r.urgent { ", URGENT" } else { "" }
        ),
    );
    w(&mut o, "Referrer contact", or_dash(&r.referrer_contact));
    w(
        &mut o,
        "Gender / ethnicity",
        format!("{} / {}", or_dash(&s.gender), or_dash(&s.ethnicity)),
    );
    w(&mut o, "Address", or_dash(&r.address));
    w(&mut o, "Ward", or_dash(&r.ward));
    w(
        &mut o,
        "Education/employment",
        or_dash(&r.education_employment),
    );
    w(
        &mut o,
        "Aware of referral",
        label(&r.awareness, Awareness::from_code, Awareness::label),
    );
    w(
        &mut o,
        "Welfare legal status",
        or_dash(&r.welfare_legal_status),
    );
    w(
        &mut o,
        "Criminal legal status",
        or_dash(&r.criminal_legal_status),
    );
    w(
        &mut o,
        "Core reason",
        r.core_reason
            .as_deref()
            .map(|c| label(c, CoreReason::from_code, CoreReason::label))
            .unwrap_or_else(|| "-".into()),
    );
    w(
        &mut o,
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
    w(&mut o, "Named gang", or_dash(&r.named_gang));
    w(
        &mut o,
        "MAPPA",
        match (r.mappa_category, r.mappa_level) {
            (None, None) => "-".into(),
            (c, l) => format!("category {} level {}", or_dash(&c), or_dash(&l)),
        },
    );
    w(
        &mut o,
        "Screening",
        label(&r.screening, Screening::from_code, Screening::label),
    );
    w(
        &mut o,
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
        w(&mut o, "Household", people.join("; "));
    }
    block(&mut o, "Concerns", &r.concerns);
    block(&mut o, "Other referrals made", &r.other_referrals);

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
                .map(decision_label)
                .unwrap_or_else(|| "no decision recorded".into()),
            or_dash(&d.risk_before),
            or_dash(&d.risk_after),
            or_dash(&d.lead_agency),
            date_or_dash(d.next_date)
        );
        if let Some(reasons) = &d.decision_reasons {
            let _ = writeln!(o, "    Reasons: {}", one_line(reasons));
        }
        let made: Vec<String> = d
            .onward_referrals
            .iter()
            .filter(|x| x.state != "not_needed")
            .map(onward_label)
            .collect();
        if !made.is_empty() {
            let _ = writeln!(o, "    Onward referrals: {}", made.join("; "));
        }
        block(&mut o, "Lead agency update", &d.lead_update);
        block(&mut o, "Minutes", &d.minutes);
    }

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

    let _ = writeln!(o, "\nInterventions (Appendix B)");
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
        indent(&mut o, &t.plain());
    }

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
        indent(&mut o, &t.plain());
    }

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
    let _ = writeln!(o, "\n{}", h.protective_marking);
    o
}

fn indent(o: &mut String, text: &str) {
    for l in text.lines() {
        let _ = writeln!(o, "  {l}");
    }
}
