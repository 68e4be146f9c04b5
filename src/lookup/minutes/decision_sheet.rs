//! The decision sheet (issue 21, gap row G3): the actions a meeting agreed, grouped by
//! the agency that is to take them, "detailing actions to be taken by each agency"
//! (MARAC: 003 App 3A "Chairing and Minutes"). `minutes --decision-sheet` writes it as
//! Markdown, HTML (or Word) and CSV, each marked; cases by ID only, never by name, so
//! each member can take it back to their agency.

use std::path::Path;

use super::files::{create_private_dir, write_private, write_private_bytes, Formats, Written};
use super::Minutes;
use crate::domain::paperwork::Rule;
use crate::lookup::actions::PrintedAction;
use crate::lookup::doc::{self, Block, PrintedPage};
use crate::lookup::format::{plain, user, Table};
use crate::lookup::{fmt_date, Result};

/// The meeting's agreed actions by agency code, then case and due date.
pub fn by_agency(m: &Minutes) -> Vec<(String, String, Vec<&PrintedAction>)> {
    let mut all: Vec<&PrintedAction> = m.cases.iter().flat_map(|c| &c.actions_agreed).collect();
    all.sort_by(|a, b| {
        (&a.agency_code, a.case_id, a.due_on, a.id).cmp(&(
            &b.agency_code,
            b.case_id,
            b.due_on,
            b.id,
        ))
    });
    let mut out: Vec<(String, String, Vec<&PrintedAction>)> = vec![];
    for a in all {
        match out.last_mut() {
            Some((code, _, v)) if *code == a.agency_code => v.push(a),
            _ => out.push((a.agency_code.clone(), a.agency_name.clone(), vec![a])),
        }
    }
    out
}

fn case_of(a: &PrintedAction) -> String {
    a.case_id
        .map_or_else(|| "-".into(), |c| format!("Case {c}"))
}

fn status(a: &PrintedAction) -> String {
    a.status.replace('_', " ")
}

/// The sheet as a printed page: one section per agency.
pub fn sheet_page(m: &Minutes) -> PrintedPage {
    let date = fmt_date(m.meeting.date);
    let groups = by_agency(m);
    let mut blocks = vec![Block::Para(format!(
        "Actions to be taken by each agency, agreed at the meeting on {date}{}.",
        m.panel.paperwork.cite.paren(Rule::DecisionSheet)
    ))];
    if groups.is_empty() {
        blocks.push(Block::Para(
            "No actions were agreed at this meeting.".into(),
        ));
    }
    for (code, name, actions) in &groups {
        blocks.push(Block::Heading(format!("{code}: {name}")));
        blocks.push(Block::Table(
            vec![
                "Case".into(),
                "Action".into(),
                "Who".into(),
                "Due".into(),
                "Status".into(),
            ],
            actions
                .iter()
                .map(|a| {
                    vec![
                        case_of(a),
                        a.description.clone(),
                        a.person.clone().unwrap_or_default(),
                        fmt_date(a.due_on),
                        status(a),
                    ]
                })
                .collect(),
        ));
    }
    blocks.push(Block::Statement(m.panel.statement.clone()));
    PrintedPage {
        marking: m.panel.marking().to_string(),
        title: format!("{}: decision sheet of the meeting on {date}", m.panel.name),
        subtitle: "Actions by agency".into(),
        blocks,
        running: format!("{}: meeting of {date}", m.panel.name),
        case_id: None,
        status: m.status(),
    }
}

/// The sheet as a table, one row per action, the marking in every row.
pub fn sheet_table(m: &Minutes) -> Table {
    let mut t = Table::new(&[
        "agency",
        "agency_name",
        "case",
        "action",
        "who",
        "due_on",
        "status",
    ]);
    for (code, name, actions) in by_agency(m) {
        for a in actions {
            t.push(vec![
                plain(code.clone()),
                user(name.clone()),
                plain(a.case_id.map(|c| c.to_string()).unwrap_or_default()),
                user(a.description.clone()),
                user(a.person.clone().unwrap_or_default()),
                plain(fmt_date(a.due_on)),
                plain(a.status.clone()),
            ]);
        }
    }
    t.marked(m.panel.marking())
}

/// Write the sheet into `dir`: `DATE-decision-sheet` as Markdown and HTML (or Word),
/// as `formats` says, and always as CSV.
pub fn write_sheet(m: &Minutes, dir: &Path, formats: Formats, force: bool) -> Result<Vec<Written>> {
    create_private_dir(dir, force)?;
    let stem = format!("{}-decision-sheet", fmt_date(m.meeting.date));
    let p = sheet_page(m);
    let mut out = vec![];
    let mut put = |ext: &str, body: Vec<u8>| -> Result<()> {
        let path = dir.join(format!("{stem}.{ext}"));
        write_private_bytes(&path, &body)?;
        out.push(Written {
            kind: "decision-sheet",
            case_id: None,
            path,
        });
        Ok(())
    };
    if matches!(formats, Formats::Markdown | Formats::Both) {
        put("md", doc::markdown(&p).into_bytes())?;
    }
    if matches!(formats, Formats::Html | Formats::Both) {
        let title = format!("{} ({})", p.title, p.subtitle);
        put(
            "html",
            doc::html_document(&title, std::slice::from_ref(&p)).into_bytes(),
        )?;
    }
    if formats == Formats::Docx {
        put("docx", crate::lookup::docx::docx(&p)?)?;
    }
    let csv_path = dir.join(format!("{stem}.csv"));
    write_private(&csv_path, &sheet_table(m).csv())?;
    out.push(Written {
        kind: "decision-sheet",
        case_id: None,
        path: csv_path,
    });
    Ok(out)
}
