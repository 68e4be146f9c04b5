//! `roundtable minutes`: the restricted minutes of one meeting, a general page
//! plus one file per case (named by case id, never by name) and the MAPPA item
//! in its own file, each in Markdown and standalone HTML.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::actions::{self, ActionRow};
use super::case::{decision_label, onward, onward_label, Onward};
use super::doc::{self, Block, Page};
use super::format::initials;
use super::panel::{load_panel, resolve_meeting, Meeting, PanelInfo};
use super::{fmt_date, get, opt_date, opt_text, text, LookupError, Result};
use crate::domain::age::age_on;
use crate::domain::agenda::{items_words, number_of, AgendaKind};
use crate::domain::types::{ActionStatus, AttendanceStatus, Role};

#[derive(Debug, Clone, Serialize)]
pub struct Attendee {
    pub name: String,
    pub post_title: Option<String>,
    pub agency: Option<String>,
    pub role: Option<String>,
    pub status: String,
    pub deputy_for: Option<String>,
    pub signed_at: Option<String>,
    pub left_at: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Intelligence {
    pub agency: String,
    pub police: bool,
    pub body: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct InterventionRow {
    pub core_issue: String,
    pub intervention: String,
    pub level_of_contact: String,
    pub agency: String,
    pub progress: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseMinute {
    pub case_id: i64,
    pub agenda_item: i64,
    /// The kind of item it was heard under (`reviews`, `new_referrals_under_18`, ...).
    pub item_kind: AgendaKind,
    pub item_title: String,
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub age_on_meeting: Option<u32>,
    pub address: Option<String>,
    pub referring_agency: String,
    pub date_received: Option<NaiveDate>,
    pub urgent: bool,
    pub decision: Option<String>,
    pub decision_reasons: Option<String>,
    pub risk_before: Option<String>,
    pub risk_after: Option<String>,
    pub lead_agency: Option<String>,
    /// The lead agency before this meeting, when this review changed it (section 7.8).
    pub lead_changed_from: Option<String>,
    pub next_date: Option<NaiveDate>,
    pub lead_update: Option<String>,
    pub minutes: Option<String>,
    pub onward_referrals: Vec<Onward>,
    pub interventions: Vec<InterventionRow>,
    pub actions_agreed: Vec<ActionRow>,
    pub actions_reviewed: Vec<ActionRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MappaItem {
    pub name: String,
    pub category: i64,
    pub level: i64,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Minutes {
    pub panel: PanelInfo,
    pub meeting: Meeting,
    pub attendance: Vec<Attendee>,
    pub gate_override_reason: Option<String>,
    pub intelligence: Vec<Intelligence>,
    pub cases: Vec<CaseMinute>,
    pub mappa: Vec<MappaItem>,
}

fn hhmm(t: &Option<String>) -> String {
    t.as_deref()
        .and_then(|s| s.get(11..16))
        .unwrap_or("")
        .to_string()
}

/// Everything minuted at the meeting on `date`.
pub fn load(conn: &Connection, date: NaiveDate) -> Result<Minutes> {
    let meeting = resolve_meeting(conn, date)?;
    let panel = load_panel(conn, Some(meeting.panel))?;
    let m = meeting.id;

    let attendance = conn
        .prepare_cached(
            "SELECT CASE WHEN a.visitor_for_referral_id IS NULL THEN a.name
                    ELSE a.name || ' (visitor for case ' || a.visitor_for_referral_id || ')' END,
                a.post_title, ag.code, mem.role, a.status, dep.name, a.signed_at,
                a.left_at, a.note
             FROM attendance a
             LEFT JOIN agency ag ON ag.id = a.agency_id
             LEFT JOIN member mem ON mem.id = a.member_id
             LEFT JOIN member dep ON dep.id = a.deputy_for_member_id
             WHERE a.meeting_id = ?1 ORDER BY a.id",
        )?
        .query_map([m], |r| {
            Ok(Attendee {
                name: text(r, 0)?,
                post_title: opt_text(r, 1)?,
                agency: opt_text(r, 2)?,
                role: opt_text(r, 3)?,
                status: text(r, 4)?,
                deputy_for: opt_text(r, 5)?,
                signed_at: opt_text(r, 6)?,
                left_at: opt_text(r, 7)?,
                note: opt_text(r, 8)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    let gate_override_reason = conn
        .prepare_cached("SELECT gate_override_reason FROM meeting WHERE id = ?1")?
        .query_row([m], |r| opt_text(r, 0))?;

    let intelligence = conn
        .prepare_cached(
            "SELECT ag.name, i.is_police, i.body FROM intelligence i
             JOIN agency ag ON ag.id = i.agency_id
             WHERE i.meeting_id = ?1 ORDER BY i.is_police DESC, ag.code",
        )?
        .query_map([m], |r| {
            Ok(Intelligence {
                agency: text(r, 0)?,
                police: get(r, 1)?,
                body: text(r, 2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    let titles: std::collections::HashMap<i64, String> = panel
        .agenda
        .iter()
        .map(|i| (i64::from(i.number), i.title.clone()))
        .collect();
    let mut cases = conn
        .prepare_cached(
            "SELECT d.id, r.id, d.item_kind, s.name, s.date_of_birth, r.address, rag.code,
                r.date_received, r.urgent,
                CASE WHEN d.completed_at IS NULL AND d.decision IS NOT NULL THEN 'provisional:' || d.decision
                     WHEN d.completed_at IS NULL THEN 'provisional:none' ELSE d.decision END,
                d.decision_reasons, d.risk_before,
                d.risk_after, lag.code || ' (' || lag.name || ')', d.next_date, d.lead_update,
                d.minutes,
                (SELECT pag.code || ' (' || pag.name || ')' FROM case_discussion d2
                   JOIN meeting m2 ON m2.id = d2.meeting_id JOIN agency pag ON pag.id = d2.lead_agency_id
                  WHERE d2.referral_id = d.referral_id AND m2.date < (SELECT date FROM meeting WHERE id = d.meeting_id)
                    AND d2.lead_agency_id IS NOT NULL
                  ORDER BY m2.date DESC LIMIT 1),
                d.agenda_item
             FROM case_discussion d
             JOIN referral r ON r.id = d.referral_id
             JOIN subject s ON s.id = r.subject_id
             JOIN agency rag ON rag.id = r.referring_agency_id
             LEFT JOIN agency lag ON lag.id = d.lead_agency_id
             WHERE d.meeting_id = ?1 ORDER BY d.position, d.id",
        )?
        .query_map([m], |r| {
            let dob = opt_date(r, 4)?;
            let kind = opt_text(r, 2)?
                .and_then(|k| AgendaKind::from_code(&k))
                .unwrap_or(AgendaKind::NewReferralsUnder18);
            // The panel's number for the kind; the number recorded then if it has none.
            let item: i64 = number_of(&panel.agenda, kind)
                .map(i64::from)
                .map_or_else(|| get(r, 18), Ok)?;
            Ok((
                get::<i64>(r, 0)?,
                CaseMinute {
                    case_id: get(r, 1)?,
                    agenda_item: item,
                    item_kind: kind,
                    item_title: titles.get(&item).cloned().unwrap_or_default(),
                    name: text(r, 3)?,
                    date_of_birth: dob,
                    age_on_meeting: dob.and_then(|d| age_on(d, meeting.date)),
                    address: opt_text(r, 5)?,
                    referring_agency: text(r, 6)?,
                    date_received: opt_date(r, 7)?,
                    urgent: get(r, 8)?,
                    decision: opt_text(r, 9)?,
                    decision_reasons: opt_text(r, 10)?,
                    risk_before: opt_text(r, 11)?,
                    risk_after: opt_text(r, 12)?,
                    lead_agency: opt_text(r, 13)?,
                    lead_changed_from: {
                        let before = opt_text(r, 17)?;
                        let now = opt_text(r, 13)?;
                        before.filter(|b| now.as_ref().is_some_and(|n| n != b))
                    },
                    next_date: opt_date(r, 14)?,
                    lead_update: opt_text(r, 15)?,
                    minutes: opt_text(r, 16)?,
                    onward_referrals: vec![],
                    interventions: vec![],
                    actions_agreed: vec![],
                    actions_reviewed: vec![],
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (discussion, c) in &mut cases {
        c.onward_referrals = onward(conn, *discussion)?;
        if c.item_kind == AgendaKind::Reviews || !c.lead_update.as_deref().unwrap_or("").is_empty()
        {
            c.interventions = interventions(conn, c.case_id, meeting.date)?;
        }
        let (agreed, reviewed) = actions::at_meeting(conn, c.case_id, m, meeting.date)?;
        c.actions_agreed = agreed;
        c.actions_reviewed = reviewed;
    }
    // In the panel's order of items, then as listed within an item.
    let order = |k: AgendaKind| panel.agenda.iter().position(|i| i.kind == k);
    cases.sort_by_key(|(_, c)| order(c.item_kind));
    let cases = cases.into_iter().map(|(_, c)| c).collect();

    let mappa = conn
        .prepare_cached(
            "SELECT name, category, level, note FROM mappa_note
             WHERE meeting_id = ?1 ORDER BY position, id",
        )?
        .query_map([m], |r| {
            Ok(MappaItem {
                name: text(r, 0)?,
                category: get(r, 1)?,
                level: get(r, 2)?,
                note: opt_text(r, 3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    Ok(Minutes {
        panel,
        meeting,
        attendance,
        gate_override_reason,
        intelligence,
        cases,
        mappa,
    })
}

/// Appendix B rows recorded for the case up to the meeting date.
fn interventions(conn: &Connection, case: i64, on: NaiveDate) -> Result<Vec<InterventionRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT i.core_issue, i.intervention, i.level_of_contact, COALESCE(ag.code, ''),
                i.progress
             FROM intervention i LEFT JOIN agency ag ON ag.id = i.agency_id
             WHERE i.referral_id = ?1 AND substr(i.created_at, 1, 10) <= ?2
             ORDER BY i.position, i.id",
        )?
        .query_map(rusqlite::params![case, fmt_date(on)], |r| {
            Ok(InterventionRow {
                core_issue: text(r, 0)?,
                intervention: text(r, 1)?,
                level_of_contact: text(r, 2)?,
                agency: text(r, 3)?,
                progress: text(r, 4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

fn status_label(code: &str) -> String {
    AttendanceStatus::from_code(code)
        .map(|s| s.label().to_string())
        .unwrap_or_else(|| code.to_string())
}

fn role_label(code: &Option<String>) -> String {
    code.as_deref()
        .and_then(Role::from_code)
        .filter(|r| *r != Role::Member)
        .map(|r| r.label().to_string())
        .unwrap_or_default()
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn date_or_blank(d: Option<NaiveDate>) -> String {
    d.map(fmt_date).unwrap_or_default()
}

fn page(m: &Minutes, subtitle: String, blocks: Vec<Block>) -> Page {
    let mut blocks = blocks;
    blocks.push(Block::Statement(m.panel.statement.clone()));
    Page {
        marking: m.panel.marking().to_string(),
        title: format!(
            "{}: minutes of the meeting on {}",
            m.panel.name,
            fmt_date(m.meeting.date)
        ),
        subtitle,
        blocks,
    }
}

/// The general page: attendance with signature times, apologies, intelligence
/// and the list of decisions (cases by id and initials only).
pub fn general_page(m: &Minutes) -> Page {
    let mut b = vec![];
    let mut fields = vec![("Date".to_string(), fmt_date(m.meeting.date))];
    if let Some(t) = &m.meeting.start_time {
        fields.push(("Time".into(), t.clone()));
    }
    if !m.meeting.venue.is_empty() {
        fields.push(("Venue".into(), m.meeting.venue.clone()));
    }
    if let Some(c) = m
        .attendance
        .iter()
        .find(|a| a.role.as_deref() == Some("chair"))
    {
        fields.push(("Chair".into(), c.name.clone()));
    }
    b.push(Block::Fields(fields));

    b.push(Block::Heading("1. Introductions: present".into()));
    let present: Vec<&Attendee> = m
        .attendance
        .iter()
        .filter(|a| AttendanceStatus::from_code(&a.status).is_some_and(|s| s.is_present()))
        .collect();
    let rows = present
        .iter()
        .map(|a| {
            let mut post = opt(&a.post_title);
            let role = role_label(&a.role);
            if !role.is_empty() && !post.contains(&role) {
                post = format!("{post} ({role})");
            }
            vec![
                a.name.clone(),
                post,
                opt(&a.agency),
                hhmm(&a.signed_at),
                hhmm(&a.left_at),
            ]
        })
        .collect();
    if present.is_empty() {
        b.push(Block::Para("No attendance recorded.".into()));
    } else {
        b.push(Block::Table(
            vec![
                "Name".into(),
                "Post title".into(),
                "Agency".into(),
                "Signed statement".into(),
                "Left".into(),
            ],
            rows,
        ));
    }

    b.push(Block::Heading("2. Apologies and absences".into()));
    let away: Vec<Vec<String>> = m
        .attendance
        .iter()
        .filter(|a| !AttendanceStatus::from_code(&a.status).is_some_and(|s| s.is_present()))
        .map(|a| {
            let deputy = m
                .attendance
                .iter()
                .find(|d| d.deputy_for.as_deref() == Some(a.name.as_str()))
                .map(|d| format!("deputy: {}", d.name));
            let note = [opt(&a.note), deputy.unwrap_or_default()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
            vec![
                a.name.clone(),
                opt(&a.post_title),
                opt(&a.agency),
                status_label(&a.status),
                note,
            ]
        })
        .collect();
    if away.is_empty() {
        b.push(Block::Para("None.".into()));
    } else {
        b.push(Block::Table(
            vec![
                "Name".into(),
                "Post title".into(),
                "Agency".into(),
                "Status".into(),
                "Note".into(),
            ],
            away,
        ));
    }

    b.push(Block::Heading("3. Confidentiality statement".into()));
    let signed = present.iter().filter(|a| a.signed_at.is_some()).count();
    let mut conf = if present.is_empty() {
        "No signatures recorded.".to_string()
    } else {
        format!(
            "Shown to all present; signed by {signed} of the {} people present (times above).",
            present.len()
        )
    };
    if let Some(r) = &m.gate_override_reason {
        conf.push_str(&format!(" Chair's override to start case items: {r}"));
    }
    b.push(Block::Para(conf));

    b.push(Block::Heading("4. Police intelligence".into()));
    let police: Vec<&Intelligence> = m.intelligence.iter().filter(|i| i.police).collect();
    if police.is_empty() {
        b.push(Block::Para("None recorded.".into()));
    }
    for i in police {
        b.push(Block::Sub(i.agency.clone()));
        b.push(Block::Para(i.body.clone()));
    }
    b.push(Block::Heading("5. Intelligence from other agencies".into()));
    let other: Vec<&Intelligence> = m.intelligence.iter().filter(|i| !i.police).collect();
    if other.is_empty() {
        b.push(Block::Para("None recorded.".into()));
    }
    for i in other {
        b.push(Block::Sub(i.agency.clone()));
        b.push(Block::Para(i.body.clone()));
    }

    let case_kinds: Vec<AgendaKind> = AgendaKind::ALL
        .into_iter()
        .filter(|k| k.has_case_pages())
        .collect();
    b.push(Block::Heading(format!(
        "Decisions ({})",
        items_words(&m.panel.agenda, &case_kinds)
    )));
    if m.cases.is_empty() {
        b.push(Block::Para("No cases were discussed.".into()));
    } else {
        b.push(Block::Para(format!(
            "Each case is minuted on its own page (file {}-case-ID), so that an agency can file one case without the others.",
            fmt_date(m.meeting.date)
        )));
        let rows = m
            .cases
            .iter()
            .map(|c| {
                vec![
                    c.case_id.to_string(),
                    initials(&c.name),
                    c.agenda_item.to_string(),
                    c.decision
                        .as_deref()
                        .map(decision_label)
                        .unwrap_or_default(),
                    opt(&c.lead_agency)
                        .split(' ')
                        .next()
                        .unwrap_or("")
                        .to_string(),
                    opt(&c.risk_after),
                    date_or_blank(c.next_date),
                ]
            })
            .collect();
        b.push(Block::Table(
            vec![
                "Case".into(),
                "Initials".into(),
                "Item".into(),
                "Decision".into(),
                "Lead agency".into(),
                "Risk".into(),
                "Next date".into(),
            ],
            rows,
        ));
    }
    if let Some(t) = &m.meeting.formally_closed_at {
        b.push(Block::Para(format!(
            "The meeting formally closed at {}. {} is minuted separately.",
            hhmm(&Some(t.clone())),
            after_close_words(m)
        )));
    }
    let opening: Vec<AgendaKind> = m
        .panel
        .agenda
        .iter()
        .filter(|i| !i.kind.is_case_item() && !i.after_formal_close)
        .map(|i| i.kind)
        .collect();
    page(
        m,
        format!(
            "General page: {} and decisions",
            items_words(&m.panel.agenda, &opening)
        ),
        b,
    )
}

/// "Item 9 (MAPPA)": the panel's after-close item, by its number.
fn after_close_words(m: &Minutes) -> String {
    match m.panel.agenda.iter().find(|i| i.after_formal_close) {
        Some(i) => format!("Item {} (MAPPA)", i.number),
        None => "The MAPPA item".into(),
    }
}

fn next_date_label(c: &CaseMinute) -> &'static str {
    match (c.item_kind, c.decision.as_deref()) {
        (_, Some("close")) => "Closed to the panel",
        (k, _) if k.is_new_referrals() => "Intervention plan to be presented",
        _ => "Next review",
    }
}

/// One case, on its own page.
pub fn case_page(m: &Minutes, c: &CaseMinute) -> Page {
    let mut b = vec![];
    let dob = match (c.date_of_birth, c.age_on_meeting) {
        (Some(d), Some(a)) => format!("{} (aged {a} on the meeting date)", fmt_date(d)),
        (Some(d), None) => fmt_date(d),
        _ => "not known".into(),
    };
    let mut f = vec![
        ("Case".to_string(), c.case_id.to_string()),
        ("Name".into(), c.name.clone()),
        ("Date of birth".into(), dob),
    ];
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
    f.push((
        "Decision".into(),
        c.decision
            .as_deref()
            .map(decision_label)
            .unwrap_or_else(|| "none recorded".into()),
    ));
    f.push((
        "Lead agency".into(),
        match &c.lead_changed_from {
            Some(before) => format!(
                "{} (changed from {before} at this review, section 7.8)",
                opt(&c.lead_agency)
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
    b.push(Block::Fields(f));

    if let Some(r) = &c.decision_reasons {
        b.push(Block::Heading("Reasons".into()));
        b.push(Block::Para(r.clone()));
    }
    if !c.onward_referrals.is_empty() {
        b.push(Block::Heading("Urgent referrals considered".into()));
        b.push(Block::List(
            c.onward_referrals
                .iter()
                .map(|o| {
                    let mut s = onward_label(o);
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
    if !c.interventions.is_empty() {
        b.push(Block::Heading("Intervention plan (Appendix B)".into()));
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
    if c.actions_agreed.is_empty() {
        b.push(Block::Para("None.".into()));
    } else {
        b.push(Block::Table(
            vec![
                "ID".into(),
                "Action".into(),
                "Agency".into(),
                "Offered by".into(),
                "Due".into(),
            ],
            c.actions_agreed
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
                .collect(),
        ));
    }
    if let Some(t) = &c.minutes {
        b.push(Block::Heading("Discussion".into()));
        b.push(Block::Para(t.clone()));
    }
    let item = if c.item_title.is_empty() {
        format!("Item {}", c.agenda_item)
    } else {
        format!("Item {}: {}", c.agenda_item, c.item_title)
    };
    page(m, format!("Case {}. {item}", c.case_id), b)
}

/// The after-close (MAPPA) item, for those the panel keeps after the formal close only.
pub fn mappa_page(m: &Minutes) -> Page {
    let mut b = vec![Block::Para(
        "MAPPA level 2 and 3 cases with a link to serious youth violence, noted for data \
         purposes only: the panel plays no part in their assessment or intervention (section 10)."
            .into(),
    )];
    let stayed: Vec<String> = m
        .attendance
        .iter()
        .filter(|a| {
            AttendanceStatus::from_code(&a.status).is_some_and(|s| s.is_present())
                && a.left_at.is_none()
        })
        .map(|a| {
            let post = opt(&a.post_title);
            if post.is_empty() {
                a.name.clone()
            } else {
                format!("{} ({post})", a.name)
            }
        })
        .collect();
    if m.meeting.formally_closed_at.is_some() && !stayed.is_empty() {
        b.push(Block::Heading("Present for this item".into()));
        b.push(Block::List(stayed));
    }
    b.push(Block::Heading("Cases noted".into()));
    if m.mappa.is_empty() {
        b.push(Block::Para("None noted.".into()));
    } else {
        b.push(Block::Table(
            vec![
                "Name".into(),
                "MAPPA category".into(),
                "MAPPA level".into(),
                "Note".into(),
            ],
            m.mappa
                .iter()
                .map(|x| {
                    vec![
                        x.name.clone(),
                        x.category.to_string(),
                        x.level.to_string(),
                        opt(&x.note),
                    ]
                })
                .collect(),
        ));
    }
    let title = match m.panel.agenda.iter().find(|i| i.after_formal_close) {
        Some(i) => format!("Item {}: {}", i.number, i.title),
        None => "MAPPA level 2/3 cases (data only)".into(),
    };
    page(m, title, b)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Formats {
    Markdown,
    Html,
    #[default]
    Both,
}

#[derive(Debug, Clone, Serialize)]
pub struct Written {
    /// `general`, `case`, `mappa` or `all-cases`.
    pub kind: &'static str,
    pub case_id: Option<i64>,
    pub path: PathBuf,
}

/// Write the minutes of `m` into `dir` (created owner-only if needed). Files are
/// owner-only and named by date and case id, never by a person's name.
pub fn write(m: &Minutes, dir: &Path, formats: Formats) -> Result<Vec<Written>> {
    create_private_dir(dir)?;
    let date = fmt_date(m.meeting.date);
    let md = formats != Formats::Html;
    let html = formats != Formats::Markdown;
    let mut out = vec![];
    let title = |p: &Page| format!("{} ({})", p.title, p.subtitle);
    let mut emit =
        |kind: &'static str, case_id: Option<i64>, stem: String, p: &Page| -> Result<()> {
            if md {
                let path = dir.join(format!("{stem}.md"));
                write_private(&path, &doc::markdown(p))?;
                out.push(Written {
                    kind,
                    case_id,
                    path,
                });
            }
            if html {
                let path = dir.join(format!("{stem}.html"));
                write_private(
                    &path,
                    &doc::html_document(&title(p), std::slice::from_ref(p)),
                )?;
                out.push(Written {
                    kind,
                    case_id,
                    path,
                });
            }
            Ok(())
        };
    let general = general_page(m);
    emit("general", None, format!("{date}-general"), &general)?;
    let mut all = vec![general];
    for c in &m.cases {
        let p = case_page(m, c);
        emit(
            "case",
            Some(c.case_id),
            format!("{date}-case-{}", c.case_id),
            &p,
        )?;
        all.push(p);
    }
    emit("mappa", None, format!("{date}-mappa"), &mappa_page(m))?;
    if html {
        let path = dir.join(format!("{date}-all-cases.html"));
        let t = format!("{}: minutes of the meeting on {date}", m.panel.name);
        write_private(&path, &doc::html_document(&t, &all))?;
        out.push(Written {
            kind: "all-cases",
            case_id: None,
            path,
        });
    }
    Ok(out)
}

fn io_err(path: &Path, e: std::io::Error) -> LookupError {
    LookupError::Io(format!("{}: {e}", path.display()))
}

fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).map_err(|e| io_err(dir, e))
}

/// Write a file readable by its owner only (restricted data), replacing any
/// file of that name. The text goes to a temporary file in the same folder that
/// is then renamed, so a reader never sees half a file. Exports are not synced
/// to disk one by one: they can be made again from the database.
pub fn write_private(path: &Path, body: &str) -> Result<()> {
    use std::io::Write;
    let file_name = path
        .file_name()
        .ok_or_else(|| LookupError::Io(format!("{}: not a file name", path.display())))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(file_name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let result = (|| {
        let mut f = o.open(&tmp)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        f.write_all(body.as_bytes())?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io_err(path, e)
    })
}
