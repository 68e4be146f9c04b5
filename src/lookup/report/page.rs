//! The monitoring return as a printable page (HTML through the document template),
//! small numbers suppressed as in every other form of it.

use super::render::{count_sections, referral_figures};
use super::MonitoringReturn;
use crate::lookup::doc::{Block, PrintedPage};
use crate::lookup::fmt_date;

/// The return as one page, marked and with the period on every printed sheet.
pub fn report_document(r: &MonitoringReturn) -> PrintedPage {
    let period = format!("{} to {}", fmt_date(r.from), fmt_date(r.to));
    let mut b = vec![Block::Para(if r.exact {
        "Every count is exact, small numbers included: a person may be identified. Not for publication; for the coordinator only.".to_string()
    } else {
        format!(
            "Counts of people below {} are shown as <{} (and one more count beside a lone one), so that no person can be identified.",
            r.small_number_threshold, r.small_number_threshold
        )
    })];
    b.push(Block::Heading(format!(
        "Agency attendance ({} meetings)",
        r.meetings.len()
    )));
    b.push(Block::Table(
        ["Agency", "Attended", "Apologies", "Absent"]
            .map(String::from)
            .to_vec(),
        r.attendance_by_agency
            .iter()
            .map(|a| {
                vec![
                    format!("{} {}", a.code, a.name),
                    a.attended.to_string(),
                    a.apologies.to_string(),
                    a.absent.to_string(),
                ]
            })
            .collect(),
    ));
    b.push(Block::Heading("Referrals received".into()));
    b.push(Block::Table(
        vec![String::new(), "Number".into()],
        referral_figures(&r.referrals, &r.rules)
            .into_iter()
            .map(|(_, label, n)| vec![label, n.to_string()])
            .collect(),
    ));
    b.push(Block::Heading("Referrals declined, with reasons".into()));
    if r.referrals.declined.exact().is_none() {
        b.push(Block::Para(format!(
            "Withheld: fewer than {} declined.",
            r.small_number_threshold
        )));
    } else if r.declined.is_empty() {
        b.push(Block::Para("None.".into()));
    } else {
        b.push(Block::Table(
            ["Case", "Decided", "Reasons"].map(String::from).to_vec(),
            r.declined
                .iter()
                .map(|d| {
                    vec![
                        d.case_id.to_string(),
                        d.decided_on.map(fmt_date).unwrap_or_default(),
                        d.reasons.clone(),
                    ]
                })
                .collect(),
        ));
    }
    for (_, title, list) in count_sections(r) {
        b.push(Block::Heading(title.to_string()));
        if list.is_empty() {
            b.push(Block::Para("None.".into()));
            continue;
        }
        b.push(Block::Table(
            vec![String::new(), "Number".into()],
            list.iter()
                .map(|c| vec![c.key.clone(), c.count.to_string()])
                .collect(),
        ));
    }
    let k = &r.risk_at_start_and_end;
    b.push(Block::Heading(
        "Risk level at the start and end of cases closed".into(),
    ));
    b.push(Block::Fields(vec![
        ("Cases closed".into(), k.closed_cases.to_string()),
        ("Reduced".into(), k.reduced.to_string()),
        ("Unchanged".into(), k.unchanged.to_string()),
        ("Increased".into(), k.increased.to_string()),
        ("Not recorded".into(), k.not_recorded.to_string()),
        (
            "Discharged to MAPPA".into(),
            r.discharged_to_mappa.to_string(),
        ),
        (
            "MAPPA level 2/3 cases noted".into(),
            r.mappa_level_2_3_noted.to_string(),
        ),
    ]));
    // The same start → end breakdown the text and the CSV give.
    if !k.changes.is_empty() {
        b.push(Block::Table(
            vec!["Start".into(), "End".into(), "Number".into()],
            k.changes
                .iter()
                .map(|c| vec![c.start.clone(), c.end.clone(), c.count.to_string()])
                .collect(),
        ));
    }
    PrintedPage {
        marking: r.protective_marking.clone(),
        title: format!(
            "{}: monitoring return{}",
            r.panel,
            r.rules
                .cite
                .paren(crate::domain::paperwork::Rule::MonitoringReturn)
        ),
        subtitle: period.clone(),
        blocks: b,
        running: format!("{}: {period}", r.panel),
        case_id: None,
        status: "For the Partnership Delivery Board".into(),
    }
}
