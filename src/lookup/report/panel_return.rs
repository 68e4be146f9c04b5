//! A panel's own monitoring return (`[return]` in its file, issue 22, REQUIREMENTS.md
//! 9.2 row G5): each table's count read over the period and broken down as the file
//! says, small numbers suppressed at the panel's threshold (the counts of a table add
//! up to its total, so a second count is withheld beside a lone one:
//! `crate::domain::disclosure::group`), or every count exact for the coordinator,
//! marked not for publication. A panel without `[return]` keeps the section 12 return
//! of [`super::monitoring_return_as`].
//!
//! Cases removed by `purge` are not counted here (section 12's retained counts are
//! kept in its own shape).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::publish::counts_and_total;
use super::{Count, NOT_FOR_PUBLICATION};
use crate::domain::age::{age_band, age_on};
use crate::domain::disclosure::{self, Shown};
use crate::domain::meeting_ref::MeetingKind;
use crate::domain::paperwork::{By, Counted, Paperwork, ReturnSpec, ReturnTable};
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

/// The return the panel file defines for `from`..=`to`, or `None` when it defines
/// none (the caller prints section 12). Errors: `from` after `to`; the database.
pub fn panel_return(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    exact: bool,
) -> Result<Option<PanelReturn>> {
    let panel = load_panel(conn, None)?;
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
    let params = (panel.id.0, fmt_date(from), fmt_date(to));
    let mut tables = vec![];
    for t in &spec.tables {
        let keys = keys_of(conn, t, &params, &panel.paperwork)?;
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

/// A table's rows from one key per counted thing (the empty key when there is no
/// breakdown).
fn publish(t: &ReturnTable, keys: Vec<String>, k: u32) -> ReturnTableOut {
    let n = keys.len();
    let mut m: BTreeMap<String, usize> = BTreeMap::new();
    for key in keys {
        *m.entry(key).or_default() += 1;
    }
    let (rows, total) = if t.by.is_some() {
        counts_and_total(m, Some(n), k)
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

/// The key of every counted thing of table `t` (one entry per case, person, meeting,
/// action, attendance or onward referral), by its breakdown.
fn keys_of(
    conn: &Connection,
    t: &ReturnTable,
    p: &(i64, String, String),
    paperwork: &Paperwork,
) -> Result<Vec<String>> {
    let params = rusqlite::params![p.0, p.1, p.2];
    let sql = match t.count {
        Counted::Referrals => case_sql("r.date_received BETWEEN ?2 AND ?3"),
        Counted::CasesHeard => case_sql(HEARD),
        Counted::Repeats => case_sql(&format!("{HEARD} AND cm.repeat_last_heard IS NOT NULL")),
        Counted::Children => format!(
            "SELECT '' AS k FROM case_person p JOIN referral r ON r.id = p.referral_id
             JOIN subject s ON s.id = r.subject_id LEFT JOIN case_mark cm ON cm.referral_id = r.id
             WHERE s.panel_id = ?1 AND p.role = 'child' AND {HEARD}"
        ),
        Counted::Meetings => "SELECT m.kind AS k FROM meeting m
             WHERE m.panel_id = ?1 AND m.date BETWEEN ?2 AND ?3 AND m.state <> 'planned'"
            .into(),
        Counted::Actions => {
            "SELECT ag.code AS k FROM action a JOIN meeting m ON m.id = a.meeting_id
             JOIN agency ag ON ag.id = a.agency_id
             WHERE m.panel_id = ?1 AND m.date BETWEEN ?2 AND ?3"
                .into()
        }
        Counted::Attendance => "SELECT DISTINCT m.id AS mid, ag.code AS k FROM attendance a
             JOIN meeting m ON m.id = a.meeting_id JOIN agency ag ON ag.id = a.agency_id
             WHERE m.panel_id = ?1 AND m.date BETWEEN ?2 AND ?3 AND m.state <> 'planned'
               AND a.status IN ('present', 'deputy')"
            .into(),
        Counted::OnwardReferrals => "SELECT o.kind AS k FROM onward_referral o
             JOIN case_discussion d ON d.id = o.discussion_id JOIN meeting m ON m.id = d.meeting_id
             WHERE m.panel_id = ?1 AND m.date BETWEEN ?2 AND ?3 AND o.state = 'made'"
            .into(),
        Counted::Closures => case_sql("r.status = 'closed' AND r.closed_on BETWEEN ?2 AND ?3"),
    };
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query(params)?;
    let mut out = vec![];
    while let Some(r) = rows.next()? {
        let key = match (t.count, t.by) {
            (_, None) => String::new(),
            (Counted::Meetings, Some(_)) => MeetingKind::from_code(&r.get::<_, String>("k")?)
                .label()
                .to_string(),
            (Counted::Actions | Counted::Attendance, Some(_)) => r.get::<_, String>("k")?,
            (Counted::OnwardReferrals, Some(_)) => {
                paperwork.onward_label(&r.get::<_, String>("k")?)
            }
            (_, Some(by)) => case_key(r, by, paperwork)?,
        };
        out.push(key);
    }
    Ok(out)
}

/// A case heard in the period: discussed (a decision or the page done) at a meeting
/// held in it.
const HEARD: &str = "EXISTS (SELECT 1 FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
     WHERE d.referral_id = r.id AND m.date BETWEEN ?2 AND ?3 AND m.state <> 'planned'
       AND (d.decision IS NOT NULL OR d.completed_at IS NOT NULL))";

/// One row per case matching `filter`, with every field a breakdown reads.
fn case_sql(filter: &str) -> String {
    format!(
        "SELECT r.id, ra.code AS referring, la.code AS lead, s.gender, s.ethnicity,
                s.date_of_birth, r.date_received, r.ward, r.mappa_category, r.mappa_level,
                r.urgent, r.risk_start, r.risk_current, r.closure_reason,
                COALESCE(cm.anonymous, 0) AS anonymous, cm.repeat_last_heard,
                (SELECT d.decision FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
                  WHERE d.referral_id = r.id AND m.date <= ?3 AND d.decision IS NOT NULL
                  ORDER BY m.date DESC, d.id DESC LIMIT 1) AS decision
         FROM referral r JOIN subject s ON s.id = r.subject_id
         JOIN agency ra ON ra.id = r.referring_agency_id
         LEFT JOIN agency la ON la.id = r.lead_agency_id
         LEFT JOIN case_mark cm ON cm.referral_id = r.id
         WHERE s.panel_id = ?1 AND {filter}"
    )
}

/// A case's key for breakdown `by`: a code or the panel's words, never free text that
/// could name someone (a closure reason the panel file does not list is "other").
fn case_key(r: &rusqlite::Row, by: By, paperwork: &Paperwork) -> Result<String> {
    let text = |c: &str| -> rusqlite::Result<String> {
        Ok(r.get::<_, Option<String>>(c)?
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| "not recorded".into()))
    };
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
    let level = |c: &str| -> rusqlite::Result<String> {
        Ok(r.get::<_, Option<i64>>(c)?
            .map_or_else(|| "not recorded".into(), |n| n.to_string()))
    };
    Ok(match by {
        By::ReferringAgency => text("referring")?,
        By::LeadAgency => r
            .get::<_, Option<String>>("lead")?
            .unwrap_or_else(|| "none".into()),
        By::Gender => text("gender")?,
        By::Ethnicity => text("ethnicity")?,
        By::AgeBand => {
            let dob: Option<NaiveDate> = r.get("date_of_birth")?;
            let on: NaiveDate = r.get("date_received")?;
            dob.and_then(|d| age_on(d, on))
                .map_or_else(|| "not recorded".into(), |a| age_band(a).to_string())
        }
        By::Ward => text("ward")?,
        By::MappaCategory => format!("category {}", level("mappa_category")?),
        By::MappaLevel => format!("level {}", level("mappa_level")?),
        By::CategoryLevel => format!(
            "category {}, level {}",
            level("mappa_category")?,
            level("mappa_level")?
        ),
        By::Decision => r.get::<_, Option<String>>("decision")?.map_or_else(
            || "no decision yet".into(),
            |c| paperwork.decision_label(&c),
        ),
        By::Risk => format!("{} → {}", text("risk_start")?, text("risk_current")?),
        By::Repeat => yes_no(r.get::<_, Option<String>>("repeat_last_heard")?.is_some()),
        By::Anonymous => yes_no(r.get::<_, i64>("anonymous")? != 0),
        By::Urgent => yes_no(r.get::<_, i64>("urgent")? != 0),
        By::ClosureReason => {
            let why = r.get::<_, String>("closure_reason")?;
            if paperwork.closure.reasons.contains(&why) {
                why
            } else {
                "other".into()
            }
        }
        By::Agency | By::Kind | By::OnwardKind => String::new(),
    })
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
