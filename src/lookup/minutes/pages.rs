//! The minutes laid out as pages: the general page, one page per case, the MAPPA item.

use chrono::NaiveDate;

use super::{hhmm, MinutedAttendee, MinutedIntelligence, Minutes};
use crate::domain::agenda::{
    intelligence_items, item_of, items_words, number_of, takes_agency_note, AgendaKind,
};
use crate::domain::types::{AttendanceStatus, Role};
use crate::lookup::case::decision_label;
use crate::lookup::doc::{Block, PrintedPage};
use crate::lookup::fmt_date;
use crate::lookup::format::initials;

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

pub(super) fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn date_or_blank(d: Option<NaiveDate>) -> String {
    d.map(fmt_date).unwrap_or_default()
}

pub(super) fn page(
    m: &Minutes,
    subtitle: String,
    blocks: Vec<Block>,
    case_id: Option<i64>,
) -> PrintedPage {
    let mut blocks = blocks;
    blocks.push(Block::Statement(m.panel.statement.clone()));
    PrintedPage {
        marking: m.panel.marking().to_string(),
        title: format!(
            "{}: minutes of the meeting on {}",
            m.panel.name,
            fmt_date(m.meeting.date)
        ),
        subtitle,
        blocks,
        running: format!("{}: meeting of {}", m.panel.name, fmt_date(m.meeting.date)),
        case_id,
        status: m.status(),
    }
}

/// The general page: attendance with signature times, apologies, intelligence
/// and the list of decisions (cases by id and initials only).
pub fn general_page(m: &Minutes) -> PrintedPage {
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
        .filter(|_| m.chaired_by.is_none())
    {
        fields.push(("Chair".into(), c.name.clone()));
    }
    super::meeting_type::fields(
        m.meeting_type.as_ref(),
        m.chaired_by.as_deref(),
        &mut fields,
    );
    let co: Vec<&str> = m
        .attendance
        .iter()
        .filter(|a| a.role.as_deref() == Some("co_chair"))
        .map(|a| a.name.as_str())
        .collect();
    if !co.is_empty() {
        fields.push(("Co-chairs".into(), co.join(" and ")));
    }
    if let Some(d) = &m.distribution {
        fields.push(("Minutes".into(), d.line()));
    }
    b.push(Block::Fields(fields));

    let present: Vec<&MinutedAttendee> = m
        .attendance
        .iter()
        .filter(|a| AttendanceStatus::from_code(&a.status).is_some_and(|s| s.is_present()))
        .collect();
    present_blocks(m, &mut b, &present);
    away_blocks(m, &mut b);
    confidentiality_blocks(m, &present, &mut b);
    intelligence_blocks(m, &mut b);
    decision_blocks(m, &mut b);
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
        None,
    )
}

/// "6. words" with the panel's own number for the item of `kind`, or the words alone
/// when its agenda has no such item: no heading names a number the panel did not.
fn numbered(m: &Minutes, kind: AgendaKind, words: &str) -> String {
    match number_of(&m.panel.agenda, kind) {
        Some(n) => format!("{n}. {words}"),
        None => words.to_string(),
    }
}

/// Introductions: who was present, with their post, agency, and when they signed and
/// left.
fn present_blocks(m: &Minutes, b: &mut Vec<Block>, present: &[&MinutedAttendee]) {
    b.push(Block::Heading(numbered(
        m,
        AgendaKind::Introductions,
        "Introductions: present",
    )));
    let rows = present
        .iter()
        .map(|a| {
            let mut post = opt(&a.post_title);
            let role = role_label(&a.role);
            if !role.is_empty() && !post.contains(&role) {
                post = format!("{post} ({role})");
            }
            if a.senior {
                post = format!("{post} (senior)");
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
    table_or(
        b,
        &["Name", "Post title", "Agency", "Signed statement", "Left"],
        rows,
        "No attendance recorded.",
    );
}

/// Apologies and absences, with notes and deputies.
fn away_blocks(m: &Minutes, b: &mut Vec<Block>) {
    b.push(Block::Heading(numbered(
        m,
        AgendaKind::Apologies,
        "Apologies and absences",
    )));
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
    table_or(
        b,
        &["Name", "Post title", "Agency", "Status", "Note"],
        away,
        "None.",
    );
    // Section 5.5: what each written submission said.
    for a in m.attendance.iter().filter(|a| a.submission.is_some()) {
        b.push(Block::Para(format!(
            "Written submission from {} ({}): {}",
            a.name,
            opt(&a.agency),
            opt(&a.submission)
        )));
    }
    if let Some(q) = &m.quorum {
        b.push(Block::Para(q.clone()));
    }
    if !m.required_absent.is_empty() {
        b.push(Block::Para(format!(
            "Required agencies with nobody present: {}.",
            m.required_absent.join(", ")
        )));
    }
    super::meeting_type::seniority_blocks(m.meeting_type.as_ref(), &m.panel.paperwork.cite, b);
}

/// The confidentiality statement, how many signed, and any override.
fn confidentiality_blocks(m: &Minutes, present: &[&MinutedAttendee], b: &mut Vec<Block>) {
    b.push(Block::Heading(numbered(
        m,
        AgendaKind::Confidentiality,
        "Confidentiality statement",
    )));
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
}

/// Police intelligence, then other agencies', each under the panel's item; a panel
/// without the item and with nothing recorded for it has no such heading.
fn intelligence_blocks(m: &Minutes, b: &mut Vec<Block>) {
    for (kind, police, words) in [
        (AgendaKind::PoliceIntelligence, true, "Police intelligence"),
        (
            AgendaKind::AgencyIntelligence,
            false,
            "Intelligence from other agencies",
        ),
    ] {
        let items = &m.panel.agenda;
        if police && !intelligence_items(items) {
            // No police item: the police's note is under the other agencies' item.
            continue;
        }
        let notes: Vec<&MinutedIntelligence> = m
            .intelligence
            .iter()
            .filter(|i| takes_agency_note(items, kind, i.police))
            .collect();
        if notes.is_empty() && number_of(items, kind).is_none() {
            continue;
        }
        // A panel without MAGPan's two intelligence items heads its notes with the
        // item's own title (MARAC: each agency's account of its actions).
        let words = match item_of(items, kind) {
            Some(i) if !intelligence_items(items) => i.title.as_str(),
            _ => words,
        };
        b.push(Block::Heading(numbered(m, kind, words)));
        if notes.is_empty() {
            b.push(Block::Para("None recorded.".into()));
        }
        for i in notes {
            b.push(Block::Sub(i.agency.clone()));
            b.push(Block::Para(i.body.clone()));
        }
    }
}

/// The list of decisions (cases by id and initials only) and the formal close.
fn decision_blocks(m: &Minutes, b: &mut Vec<Block>) {
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
                    crate::domain::subject_kind::public_label(
                        c.subject_kind,
                        &c.name,
                        &c.area,
                        &c.postcode,
                        c.case_id,
                    )
                    .unwrap_or_else(|| initials(&c.name)),
                    c.agenda_item.to_string(),
                    match c.decision.as_deref() {
                        Some(d) => decision_label(&m.panel.paperwork, d),
                        None if c.brief_update => "Brief update".into(),
                        None => String::new(),
                    },
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
        let closed = format!("The meeting formally closed at {}.", hhmm(&Some(t.clone())));
        b.push(Block::Para(if has_mappa_page(m) {
            format!("{closed} {} is minuted separately.", after_close_words(m))
        } else {
            closed
        }));
    }
}

/// Whether the minutes have a MAPPA page: the panel has a MAPPA item, or the
/// meeting noted MAPPA cases. A panel without one (DYO, CAMP) gets none, and no word
/// of MAGPan's MAPPA item.
pub(super) fn has_mappa_page(m: &Minutes) -> bool {
    !m.mappa.is_empty() || m.panel.agenda.iter().any(|i| i.kind == AgendaKind::Mappa)
}

/// "Item 9 (MAPPA)": the panel's after-close item, by its number.
fn after_close_words(m: &Minutes) -> String {
    match m.panel.agenda.iter().find(|i| i.after_formal_close) {
        Some(i) => format!("Item {} (MAPPA)", i.number),
        None => "The MAPPA item".into(),
    }
}

/// The after-close (MAPPA) item, for those the panel keeps after the formal close only.
pub fn mappa_page(m: &Minutes) -> PrintedPage {
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
    let noted = m
        .mappa
        .iter()
        .map(|x| {
            vec![
                x.name.clone(),
                x.category.to_string(),
                x.level.to_string(),
                opt(&x.note),
                opt(&x.data_set),
            ]
        })
        .collect();
    table_or(
        &mut b,
        &[
            "Name",
            "MAPPA category",
            "MAPPA level",
            "Note",
            "Section 12 data",
        ],
        noted,
        "None noted.",
    );
    let title = match m.panel.agenda.iter().find(|i| i.after_formal_close) {
        Some(i) => format!("Item {}: {}", i.number, i.title),
        None => "MAPPA level 2/3 cases (data only)".into(),
    };
    page(m, title, b, None)
}

/// A table under `headers`, or the sentence `none` when there are no rows.
pub(super) fn table_or(b: &mut Vec<Block>, headers: &[&str], rows: Vec<Vec<String>>, none: &str) {
    if rows.is_empty() {
        b.push(Block::Para(none.into()));
    } else {
        b.push(Block::Table(
            headers.iter().map(|h| h.to_string()).collect(),
            rows,
        ));
    }
}
