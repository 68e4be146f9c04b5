//! A workspace of panel databases (issue 23): a person who sits on several panels lists
//! each in the config file, with its own database, its own key file (never one shared
//! key) and their agency's code on that panel (the same service is "YOS" on one and
//! "YOT" on another):
//!
//! ```toml
//! [[panel]]
//! name = "MAGPan"
//! database = "/home/ana/panels/magpan.db"
//! key_file = "/home/ana/keys/magpan.key"
//! agency = "YOS"
//! ```
//!
//! `actions --workspace` lists every panel's actions in one table with a PANEL column,
//! each row keeping its panel's marking and the whole marked with the highest
//! ([`crate::domain::marking`]); `actions done PANEL:ID` (and the other action edits)
//! change one panel's action. A panel whose database or key fails is named in one line
//! on standard error while the others still answer.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{CliError, CliResult};
use crate::lookup::actions::{self, ActionQuery, PrintedAction};
use crate::lookup::format::{user, Table};
use crate::store::Store;

/// One panel of the workspace (`[[panel]]` in the config file).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct WorkspacePanel {
    /// What the person calls the panel ("MAGPan", "MARAC"): the PANEL column and the
    /// `PANEL:ID` prefix. Unique in the workspace, any case.
    pub name: String,
    /// The panel's database file.
    pub database: PathBuf,
    /// The file holding this panel's key; none for a plain database.
    #[serde(default)]
    pub key_file: Option<PathBuf>,
    /// The person's agency code on this panel (`--agency mine`).
    #[serde(default)]
    pub agency: Option<String>,
}

/// The workspace's problems, each in one line naming the key: no name, a name twice.
pub fn problems(panels: &[WorkspacePanel]) -> Vec<String> {
    let mut out = vec![];
    for (i, p) in panels.iter().enumerate() {
        let n = i + 1;
        if p.name.trim().is_empty() || p.name.contains(':') {
            out.push(format!(
                "panel {n}: name: give the panel a name without ':' (it prefixes action IDs, NAME:ID)"
            ));
        }
        if panels[..i]
            .iter()
            .any(|q| q.name.trim().eq_ignore_ascii_case(p.name.trim()))
        {
            out.push(format!("panel {n}: name: {} is given twice", p.name));
        }
    }
    out
}

/// Paths in the config file are relative to its folder.
pub fn resolve(panels: &mut [WorkspacePanel], base: &Path) {
    for p in panels {
        p.database = base.join(&p.database);
        p.key_file = p.key_file.as_ref().map(|k| base.join(k));
    }
}

/// The workspace of this run, or an error saying how to make one.
pub fn panels() -> Result<&'static [WorkspacePanel], CliError> {
    let ps = &super::config::get().panel;
    if ps.is_empty() {
        return Err(CliError {
            message: format!(
                "no workspace: add a [[panel]] table (name, database, key_file, agency) for each panel to the config file{}",
                super::config::config_path()
                    .map(|p| format!(" ({})", p.display()))
                    .unwrap_or_default()
            ),
            code: 2,
        });
    }
    Ok(ps)
}

/// The panel called `name` (any case), or an error listing the workspace's names.
pub fn panel(name: &str) -> Result<&'static WorkspacePanel, CliError> {
    let ps = panels()?;
    ps.iter()
        .find(|p| p.name.trim().eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| CliError {
            message: format!(
                "no panel {name} in the workspace (it has {})",
                ps.iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            code: 2,
        })
}

/// Open panel `p`'s database with its own key file; `change`: for a command that
/// writes (a read-only or damaged file refused first). Errors name the panel.
pub fn open(p: &WorkspacePanel, change: bool) -> Result<Store, CliError> {
    let named = |e: CliError| CliError {
        message: format!("panel {}: {}", p.name, e.message),
        code: e.code,
    };
    let key = match &p.key_file {
        Some(f) => Some(super::key::read_key_file(f).map_err(named)?),
        None => None,
    };
    if change {
        crate::store::refuse_read_only(&p.database).map_err(|e| named(e.into()))?;
    }
    let mut store = Store::open_existing(&p.database, key.as_deref().map(String::as_str))
        .map_err(|e| named(e.into()))?;
    if change {
        store.check_writable().map_err(|e| named(e.into()))?;
    }
    store.set_attendee(super::config::get().attendee.clone());
    Ok(store)
}

/// An action ID as typed: `12`, or `MARAC:12` for panel MARAC's action 12 in the
/// workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRef {
    pub panel: Option<String>,
    pub id: i64,
}

impl std::fmt::Display for ActionRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.panel {
            Some(p) => write!(f, "{p}:{}", self.id),
            None => write!(f, "{}", self.id),
        }
    }
}

/// Read `12` or `PANEL:12`.
pub fn action_ref(s: &str) -> Result<ActionRef, String> {
    let (panel, id) = match s.rsplit_once(':') {
        Some((p, id)) => (Some(p.trim().to_string()), id),
        None => (None, s),
    };
    let id = id
        .trim()
        .parse::<i64>()
        .map_err(|_| format!("'{s}' is not an action ID (a number, or PANEL:NUMBER)"))?;
    Ok(ActionRef { panel, id })
}

/// One row of the workspace list: the panel, its marking and the action.
#[derive(Debug, Clone, Serialize)]
pub struct PanelAction {
    pub panel: String,
    pub marking: String,
    #[serde(flatten)]
    pub action: PrintedAction,
}

/// Every panel's actions matching `q` (with `mine`: each panel's own agency code in
/// place of `q.agency`), by due date then panel; and one line for each panel that
/// could not answer.
pub fn actions_across(
    q: &ActionQuery,
    mine: bool,
    today: NaiveDate,
) -> Result<(Vec<PanelAction>, Vec<String>), CliError> {
    let mut rows = vec![];
    let mut failed = vec![];
    for p in panels()? {
        let store = match open(p, false) {
            Ok(s) => s,
            Err(e) => {
                failed.push(e.message);
                continue;
            }
        };
        let mut q = q.clone();
        if mine {
            match &p.agency {
                Some(a) => q.agency = Some(a.clone()),
                None => {
                    failed.push(format!(
                        "panel {}: no agency: add agency = \"CODE\" to its [[panel]] for --agency mine",
                        p.name
                    ));
                    continue;
                }
            }
        }
        let marking = match crate::lookup::sheet::marking(store.conn()) {
            Ok(m) => m,
            Err(e) => {
                failed.push(format!("panel {}: {e}", p.name));
                continue;
            }
        };
        match actions::find(store.conn(), &q, today) {
            Ok((found, _)) => rows.extend(found.into_iter().map(|a| PanelAction {
                panel: p.name.clone(),
                marking: marking.clone(),
                action: a,
            })),
            Err(e) => failed.push(format!("panel {}: {e}", p.name)),
        }
    }
    rows.sort_by(|a, b| {
        (a.action.due_on, &a.panel, a.action.id).cmp(&(b.action.due_on, &b.panel, b.action.id))
    });
    Ok((rows, failed))
}

/// The readable table's headers: the PANEL column first, the marking of each row last.
const HEADERS: [&str; 8] = [
    "Panel", "ID", "Due", "Status", "Agency", "Case", "Action", "Marking",
];

/// Cell `i` of row `r` under [`HEADERS`], as it is (the table writer cleans it).
fn cell(out: &mut String, r: &PanelAction, i: usize) {
    let a = &r.action;
    match i {
        0 => out.push_str(&r.panel),
        1 => out.push_str(&a.id.to_string()),
        2 => crate::lookup::format::push_show_date(out, a.due_on),
        3 => a.push_status_label(out),
        4 => out.push_str(&a.agency_code),
        5 => {
            if let Some(c) = a.case_id {
                out.push_str(&c.to_string());
            }
        }
        6 => out.push_str(&a.description),
        _ => out.push_str(&r.marking),
    }
}

/// The readable table as one [`Table`] (for a terminal, fitted to its width).
pub fn table(rows: &[PanelAction]) -> Table {
    let mut t = Table::new(&HEADERS);
    let mut text = String::new();
    for r in rows {
        t.push(
            (0..HEADERS.len())
                .map(|i| {
                    text.clear();
                    cell(&mut text, r, i);
                    user(text.clone())
                })
                .collect(),
        );
    }
    t
}

/// `actions --workspace`: print the list between the highest marking, say which
/// panels did not answer; an error (exit 1) after printing when any failed. Into a
/// pipe or a file the table is written as it is made by the one-panel list's writer
/// ([`crate::lookup::list::write_table`]: each cell cleaned once, nothing cut); on a
/// terminal it is fitted to the width. Either way the text is cleaned once.
pub fn print_actions(q: &ActionQuery, mine: bool, json: bool, today: NaiveDate) -> CliResult {
    use crate::domain::clean::clean;
    let (rows, failed) = actions_across(q, mine, today)?;
    for f in &failed {
        eprintln!("{}", crate::domain::clean::one_line(f));
    }
    let answered = panels()?.len() - failed.len();
    // The markings are each panel's: the highest of the distinct ones.
    let mut markings: Vec<&str> = vec![];
    for r in &rows {
        if markings.last() != Some(&r.marking.as_str()) && !markings.contains(&r.marking.as_str()) {
            markings.push(&r.marking);
        }
    }
    let marking = crate::domain::marking::highest(markings)
        .map(|m| clean(&m))
        .unwrap_or_else(|| "RESTRICTED".into());
    if json {
        super::out::emit_json("actions", &rows)?;
    } else if rows.is_empty() {
        super::out::emit(&clean(&format!(
            "{marking}\n\nno actions match in {answered} panel(s) (today {})\n\n{marking}\n",
            crate::lookup::fmt_date(today)
        )))?;
    } else {
        let summary = format!(
            "{} action(s) from {answered} panel(s), {} overdue (today {})\n",
            rows.len(),
            rows.iter().filter(|r| r.action.overdue).count(),
            crate::lookup::fmt_date(today)
        );
        match crate::lookup::format::output_width() {
            Some(width) => {
                // Every cell is cleaned into one line as the table is fitted.
                let mut text = format!("{marking}\n\n");
                text.push_str(&table(&rows).plain_fitted(Some(width)));
                text.push_str(&summary);
                text.push_str(&format!("\n{marking}\n"));
                super::out::write_styled(&text);
            }
            None => super::out::emit_with(|out| {
                use std::io::Write;
                write!(out, "{marking}\n\n")?;
                crate::lookup::list::write_table(out, &HEADERS, &rows, cell, |_| false)?;
                write!(out, "{summary}\n{marking}\n")
            })?,
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(CliError {
            message: format!("{} panel(s) did not answer (above)", failed.len()),
            code: 1,
        })
    }
}

/// After a meeting of the database at `this` is added or moved to `day`: one warning
/// line on standard error for each other panel of the workspace that meets that day
/// ("you also have MARAC at 13:00 on 2026-12-08"), read with that panel's own key.
/// Nothing without a workspace; a panel that cannot be read is named as unchecked.
pub fn warn_clashes(this: &Path, day: NaiveDate) {
    let ps = &super::config::get().panel;
    let same = |p: &Path| match (std::fs::canonicalize(p), std::fs::canonicalize(this)) {
        (Ok(a), Ok(b)) => a == b,
        _ => p == this,
    };
    for p in ps.iter().filter(|p| !same(&p.database)) {
        let meets = open(p, false).and_then(|store| {
            let panel = store.only_panel().map_err(CliError::from)?;
            Ok(store
                .meeting_rows(panel, false)
                .map_err(CliError::from)?
                .into_iter()
                .filter(|m| m.date == day)
                .map(|m| m.start_time.unwrap_or_else(|| "a time not set".into()))
                .collect::<Vec<_>>())
        });
        match meets {
            Ok(times) if !times.is_empty() => eprintln!(
                "warning: you also have {} at {} on {}",
                crate::domain::clean::one_line(&p.name),
                times.join(" and "),
                crate::lookup::fmt_date(day)
            ),
            Ok(_) => {}
            Err(e) => eprintln!(
                "warning: could not check {} for a meeting that day: {}",
                crate::domain::clean::one_line(&p.name),
                crate::domain::clean::one_line(&e.message)
            ),
        }
    }
}

/// `calendar --workspace --out FILE`: every panel's meetings, cut-offs, papers and
/// review dates in one calendar named with the highest marking, each event keeping its
/// panel's UID and category; a panel that cannot be read is named in one line and the
/// others are written (exit 1).
pub fn calendar(args: &super::calendar::CalendarArgs, today: NaiveDate) -> CliResult {
    use crate::lookup::calendar::{events, ics_of, Event};
    let mine = args
        .agency
        .as_deref()
        .is_some_and(|a| a.trim().eq_ignore_ascii_case("mine"));
    let mut all: Vec<(String, String, Event)> = vec![];
    let mut failed = vec![];
    for p in panels()? {
        let agency = if mine {
            p.agency.clone()
        } else {
            args.agency.clone()
        };
        let got = open(p, false).and_then(|store| {
            let uid = store.database_uid().map_err(CliError::from)?;
            events(store.conn(), today, agency.as_deref(), &uid).map_err(super::out::lookup_error)
        });
        match got {
            Ok((panel, evs)) => {
                let marking = panel.marking().to_string();
                all.extend(
                    evs.into_iter()
                        .map(|e| (p.name.clone(), marking.clone(), e)),
                );
            }
            Err(e) => failed.push(format!("panel {}: {}", p.name, e.message)),
        }
    }
    for f in &failed {
        eprintln!("{}", crate::domain::clean::one_line(f));
    }
    all.sort_by(|a, b| (a.2.date, &a.0, &a.2.uid).cmp(&(b.2.date, &b.0, &b.2.uid)));
    let marking = crate::domain::marking::highest(all.iter().map(|(_, m, _)| m.as_str()))
        .unwrap_or_else(|| "RESTRICTED".into());
    let stamp = if std::env::var_os(crate::lookup::TODAY_ENV).is_some() {
        today.and_hms_opt(0, 0, 0).expect("midnight exists")
    } else {
        chrono::Utc::now().naive_utc()
    };
    let text = ics_of(
        &format!("My panels ({marking})"),
        all.iter().map(|(panel, _, e)| (panel.as_str(), e)),
        stamp,
    );
    if args.out.as_os_str() == "-" {
        super::out::emit(&text)?;
    } else {
        crate::lookup::minutes::write_private(&args.out, &text)
            .map_err(super::out::lookup_error)?;
        super::out::emit(&format!(
            "{} events of {} panel(s) written to {} (marked {marking}; subjects by initials only)\n",
            all.len(),
            panels()?.len() - failed.len(),
            args.out.display()
        ))?;
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(CliError {
            message: format!("{} panel(s) did not answer (above)", failed.len()),
            code: 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(panel: &str, id: i64, description: &str, marking: &str) -> PanelAction {
        let due: NaiveDate = "2026-11-02".parse().expect("date");
        PanelAction {
            panel: panel.into(),
            marking: marking.into(),
            action: PrintedAction {
                id,
                due_on: due,
                status: if id % 3 == 0 { "done" } else { "open" }.into(),
                overdue: id % 2 == 1,
                days_overdue: (id % 2 == 1).then_some(20),
                agency_code: "YOS".into(),
                agency_name: "Youth Offending Service".into(),
                person: Some("Sam Lee".into()),
                case_id: (id != 4).then_some(id * 10),
                subject: None,
                meeting_date: None,
                description: description.into(),
                volunteered_by: None,
                completed_on: (id % 3 == 0).then_some(due),
                completion_note: None,
                carried_from: None,
                carried_over: 0,
            },
        }
    }

    /// Issue 23 item 5: the workspace's list into a pipe is written by the one-panel
    /// list's writer, row by row, with the same text as the table it replaced (every
    /// cell cleaned into one line, columns by display width, nothing cut).
    #[test]
    fn the_streamed_workspace_table_is_the_fitted_table_unfitted() {
        let rows = vec![
            row(
                "MARAC",
                1,
                "Flag the address\nfor an  urgent response",
                "CONFIDENTIAL",
            ),
            row("MAPPA", 2, "", "OFFICIAL-SENSITIVE"),
            row(
                " Ma\u{1b}[31mGPan ",
                3,
                "red \u{1b}[31mtext\u{1b}[0m and a\u{7} bell",
                "RESTRICTED",
            ),
            row("DYO", 4, "日本語 wide letters", "RESTRICTED"),
            row(
                "CAMP",
                123_456,
                "e\u{301}cole visit \u{202e}reversed",
                "OFFICIAL",
            ),
        ];
        let mut out = vec![];
        crate::lookup::list::write_table(&mut out, &HEADERS, &rows, cell, |_| false)
            .expect("written");
        let got = String::from_utf8(out).expect("utf-8");
        assert_eq!(got, table(&rows).plain_fitted(None));
        assert!(got.contains("MaGPan  3 "), "{got}");
        assert!(got.contains("école visit reversed"), "{got}");
        assert!(!got.contains('\u{1b}'), "{got}");
    }
}
