//! A return laid out in sections (MAGPan's section 12) as a printable page (HTML
//! through the document template), small numbers suppressed as in every other form
//! of it, each section in the order of the panel file.

use super::render::referral_figures;
use super::sections::{SectionOut, SectionsReturn};
use crate::lookup::doc::{Block, PrintedPage};
use crate::lookup::fmt_date;
use crate::lookup::format::one_line;

/// The return as one page, marked and with the period on every printed sheet.
pub fn report_document(r: &SectionsReturn) -> PrintedPage {
    let period = format!("{} to {}", fmt_date(r.from), fmt_date(r.to));
    let mut b = vec![Block::Para(if r.exact {
        "Every count is exact, small numbers included: a person may be identified. Not for publication; for the coordinator only.".to_string()
    } else {
        format!(
            "Counts of people below {} are shown as <{} (and one more count beside a lone one), so that no person can be identified.",
            r.small_number_threshold, r.small_number_threshold
        )
    })];
    for s in &r.sections {
        section_blocks(&mut b, r, s);
    }
    PrintedPage {
        marking: r.protective_marking.clone(),
        title: format!(
            "{}: {}{}",
            r.panel,
            r.title,
            r.rules
                .cite
                .paren(crate::domain::paperwork::Rule::MonitoringReturn)
        ),
        subtitle: period.clone(),
        blocks: b,
        running: format!("{}: {period}", r.panel),
        case_id: None,
        status: if r.for_whom.is_empty() {
            String::new()
        } else {
            format!("For {}", r.for_whom)
        },
    }
}

fn section_blocks(b: &mut Vec<Block>, r: &SectionsReturn, s: &SectionOut) {
    match s {
        SectionOut::Attendance {
            title,
            meetings,
            by_agency,
        } => {
            b.push(Block::Heading(format!(
                "{} ({} meetings)",
                one_line(title),
                meetings.len()
            )));
            b.push(Block::Table(
                ["Agency", "Attended", "Apologies", "Absent"]
                    .map(String::from)
                    .to_vec(),
                by_agency
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
        }
        SectionOut::Referrals { title, figures } => {
            b.push(Block::Heading(one_line(title)));
            b.push(Block::Table(
                vec![String::new(), "Number".into()],
                referral_figures(figures, &r.rules)
                    .into_iter()
                    .map(|(_, label, n)| vec![label, n.to_string()])
                    .collect(),
            ));
        }
        SectionOut::Declined { title, shown, list } => {
            b.push(Block::Heading(one_line(title)));
            if shown.exact().is_none() {
                b.push(Block::Para(format!(
                    "Withheld: fewer than {} declined.",
                    r.small_number_threshold
                )));
            } else if list.is_empty() {
                b.push(Block::Para("None.".into()));
            } else {
                b.push(Block::Table(
                    ["Case", "Decided", "Reasons"].map(String::from).to_vec(),
                    list.iter()
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
        }
        SectionOut::Counts { title, rows, .. } => {
            b.push(Block::Heading(one_line(title)));
            if rows.is_empty() {
                b.push(Block::Para("None.".into()));
                return;
            }
            b.push(Block::Table(
                vec![String::new(), "Number".into()],
                rows.iter()
                    .map(|c| vec![c.key.clone(), c.count.to_string()])
                    .collect(),
            ));
        }
        SectionOut::RiskAndClosures {
            risk: k,
            discharged_to_mappa,
            mappa_level_2_3_noted,
            ..
        } => {
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
                    discharged_to_mappa.to_string(),
                ),
                (
                    "MAPPA level 2/3 cases noted".into(),
                    mappa_level_2_3_noted.to_string(),
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
        }
    }
}
