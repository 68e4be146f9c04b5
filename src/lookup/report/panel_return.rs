//! A panel's own monitoring return (`[return]` in its file, issue 22, REQUIREMENTS.md
//! 9.2 row G5): each table's count read over the period and broken down as the file
//! says, small numbers suppressed at the panel's threshold (the counts of a table add
//! up to its total, so a second count is withheld beside a lone one:
//! `crate::domain::disclosure::group`), or every count exact for the coordinator,
//! marked not for publication. A return laid out in sections (MAGPan's section 12, and
//! the built-in one of a panel without `[return]`) is [`super::sections_return`]'s.
//!
//! Cases removed by `purge` are not counted here (section 12's retained counts are
//! kept in its own shape).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::publish::counts_and_total;
use super::return_keys::{keys_of, Period};
use super::{Count, NOT_FOR_PUBLICATION};
use crate::domain::disclosure::{self, Shown};
use crate::domain::paperwork::{By, ReturnSpec, ReturnTable};
use crate::lookup::format::{one_line, plain, user, Table};
use crate::lookup::panel::load_panel;
use crate::lookup::{fmt_date, LookupError, Result};

/// One table as published: its heading, what it counts and by what, its rows (none
/// when it is one figure) and its total.
#[derive(Debug, Clone, Serialize)]
pub struct ReturnTableOut {
    pub title: String,
    pub count: &'static str,
    pub by: Option<&'static str>,
    pub cite: Option<String>,
    pub rows: Vec<Count>,
    pub total: Shown,
}

/// The panel's return for one period.
#[derive(Debug, Clone, Serialize)]
pub struct PanelReturn {
    pub panel: String,
    pub title: String,
    pub for_whom: Option<String>,
    pub protective_marking: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub exact: bool,
    pub small_number_threshold: u32,
    pub tables: Vec<ReturnTableOut>,
}

/// The return the panel file defines for `from`..=`to` in tables, or `None` when it
/// is laid out in sections or the file defines none (the caller prints it through
/// [`super::sections_return`]). Errors: `from` after `to`; the database.
pub fn panel_return(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    exact: bool,
) -> Result<Option<PanelReturn>> {
    let panel = load_panel(conn, None)?;
    // A return laid out in sections (and none: MAGPan's built-in one) is printed by
    // [`super::sections_return`].
    if super::in_sections(&panel.paperwork) {
        return Ok(None);
    }
    let Some(spec) = panel.paperwork.monitoring_return.clone() else {
        return Ok(None);
    };
    if from > to {
        return Err(LookupError::Invalid(format!(
            "--from {} is after --to {}",
            fmt_date(from),
            fmt_date(to)
        )));
    }
    let k = if exact {
        0
    } else {
        panel.small_number_threshold
    };
    let period = Period {
        panel: panel.id.0,
        from: fmt_date(from),
        to: fmt_date(to),
    };
    let mut tables = vec![];
    for t in &spec.tables {
        let keys = keys_of(conn, t, &period, &panel)?;
        tables.push(publish(t, keys, k));
    }
    Ok(Some(PanelReturn {
        protective_marking: if exact {
            format!("{} - {NOT_FOR_PUBLICATION}", panel.marking())
        } else {
            panel.marking().to_string()
        },
        panel: panel.name,
        title: spec_title(&spec),
        for_whom: Some(spec.for_whom.clone()).filter(|s| !s.is_empty()),
        from,
        to,
        exact,
        small_number_threshold: k,
        tables,
    }))
}

fn spec_title(spec: &ReturnSpec) -> String {
    one_line(&spec.title)
}

/// A table's rows from the keys of each counted thing (the empty key when there is
/// no breakdown). When a thing may have other than one key (a multi-choice field) the
/// rows need not add up to the total, so each is suppressed on its own.
fn publish(t: &ReturnTable, keys: Vec<Vec<String>>, k: u32) -> ReturnTableOut {
    let n = keys.len();
    let adds_up = keys.iter().all(|k| k.len() == 1);
    let mut m: BTreeMap<String, usize> = BTreeMap::new();
    for key in keys.into_iter().flatten() {
        *m.entry(key).or_default() += 1;
    }
    let (rows, total) = if t.by.is_some() {
        counts_and_total(m, adds_up.then_some(n), k)
    } else {
        (vec![], None)
    };
    ReturnTableOut {
        title: one_line(&t.title),
        count: t.count.code(),
        by: t.by.map(By::code),
        cite: Some(t.cite.clone()).filter(|c| !c.is_empty()),
        // A total beside its rows is withheld with them when the group needs it.
        total: total.unwrap_or_else(|| disclosure::single(n, k)),
        rows,
    }
}

/// The return as text, between its protective markings.
pub fn render_return(r: &PanelReturn) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}\n", r.protective_marking);
    let _ = writeln!(
        o,
        "{}: {}{}, {} to {}",
        one_line(&r.panel),
        r.title,
        r.for_whom
            .as_ref()
            .map(|w| format!(" for {}", one_line(w)))
            .unwrap_or_default(),
        fmt_date(r.from),
        fmt_date(r.to)
    );
    if r.exact {
        let _ = writeln!(o, "Every count exact: not for publication.");
    } else if r.small_number_threshold > 1 {
        let _ = writeln!(
            o,
            "Counts from 1 to {} are shown as <{} (small numbers can identify a person).",
            r.small_number_threshold - 1,
            r.small_number_threshold
        );
    }
    for t in &r.tables {
        let cite = t
            .cite
            .as_ref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        if t.by.is_none() {
            let _ = writeln!(o, "\n{}{cite}: {}", t.title, t.total);
            continue;
        }
        let _ = writeln!(o, "\n{}{cite}", t.title);
        let mut table = Table::new(&["", "Number"]);
        for c in &t.rows {
            table.push(vec![user(&c.key), plain(c.count.to_string())]);
        }
        table.push(vec![plain("total"), plain(t.total.to_string())]);
        o.push_str(&table.plain_indented(2));
    }
    let _ = writeln!(o, "\n{}", r.protective_marking);
    o
}

/// The return as rows for CSV and spreadsheets: table, key (`total` for the table's
/// figure), count.
pub fn return_table(r: &PanelReturn) -> Table {
    let mut t = Table::new(&["table", "key", "count"]);
    for x in &r.tables {
        for c in &x.rows {
            t.push(vec![
                user(&x.title),
                user(&c.key),
                plain(c.count.to_string()),
            ]);
        }
        t.push(vec![
            user(&x.title),
            plain("total"),
            plain(x.total.to_string()),
        ]);
    }
    t
}

/// The return as one printable page (HTML through the document template), marked.
pub fn return_document(r: &PanelReturn) -> crate::lookup::doc::PrintedPage {
    use crate::lookup::doc::{Block, PrintedPage};
    let period = format!("{} to {}", fmt_date(r.from), fmt_date(r.to));
    let mut b = vec![Block::Para(if r.exact {
        "Every count is exact, small numbers included: a person may be identified. Not for publication; for the coordinator only.".to_string()
    } else {
        format!(
            "Counts below {} are shown as <{} (and one more count beside a lone one), so that no person can be identified.",
            r.small_number_threshold, r.small_number_threshold
        )
    })];
    for t in &r.tables {
        let cite = t
            .cite
            .as_ref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        if t.by.is_none() {
            b.push(Block::Fields(vec![(
                format!("{}{cite}", t.title),
                t.total.to_string(),
            )]));
            continue;
        }
        b.push(Block::Heading(format!("{}{cite}", t.title)));
        let mut rows: Vec<Vec<String>> = t
            .rows
            .iter()
            .map(|c| vec![one_line(&c.key), c.count.to_string()])
            .collect();
        rows.push(vec!["total".into(), t.total.to_string()]);
        b.push(Block::Table(vec![String::new(), "Number".into()], rows));
    }
    PrintedPage {
        marking: r.protective_marking.clone(),
        title: format!("{}: {}", r.panel, r.title),
        subtitle: period.clone(),
        blocks: b,
        running: format!("{}: {period}", r.panel),
        case_id: None,
        status: r
            .for_whom
            .as_ref()
            .map(|w| format!("For {w}"))
            .unwrap_or_default(),
    }
}
