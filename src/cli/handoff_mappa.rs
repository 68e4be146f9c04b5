//! `handoff mappa-list` (issue 23, REQUIREMENTS.md section 8 X11): MAGPan's item 9,
//! "Update & data provision to Chair from MAPPA Coordinator re relevant level 2/3 MAPPA
//! cases" [000 Appendix D], produced from the MAPPA database by the MAPPA co-ordinator
//! who holds both keys: which of MAGPan's open cases are managed at MAPPA level 2 or 3
//! [000 10.1], matched by name and date of birth as "known to another panel" matches
//! (never an anonymous case, never an estimated date of birth), and nothing else of
//! MAPPA's cases. Like a hand-off it needs the MAPPA chair's agreement ("MUST not be
//! shared outside the MAPPA framework without the consent of the MAPPA chair" [003 App
//! 2C]); the output is marked with the higher marking of the two panels; each case
//! listed is written to both change logs.

use std::fmt::Write as _;
use std::path::Path;

use super::support::{open_panel, today};
use super::{Cli, CliError, CliResult};
use crate::domain::clean::one_line;
use crate::lookup::fmt_date;

/// One case of the receiving panel's list.
struct Listed {
    case: i64,
    name: String,
    born: chrono::NaiveDate,
    level: i64,
}

pub(super) fn mappa_list(
    cli: &Cli,
    to: &str,
    agreed_by: Option<&str>,
    out: Option<&Path>,
) -> CliResult {
    let today = today()?;
    let (store, panel) = open_panel(cli, true)?;
    let chair = super::handoff::sending_chair(&store, panel, "MAPPA list", agreed_by)?;
    let target = super::handoff::receiving(&store, to)?;
    let there = super::workspace::open(target, true)?;
    let named = |e: crate::store::StoreError| CliError::from(format!("panel {}: {e}", target.name));
    let from = super::across::name_of(&store);
    store.log_event(&format!(
        "MAPPA level 2/3 list for {}: agreed by the chair, {chair}",
        one_line(&target.name)
    ))?;
    let mut listed = vec![];
    for c in there.open_case_subjects().map_err(named)? {
        let Some(here) = store.presence(&c.name, Some(c.date_of_birth))? else {
            continue;
        };
        let Some(level) = here.mappa_level.filter(|_| here.open) else {
            continue;
        };
        store.log_event(&format!(
            "MAPPA level 2/3 list for {}: subject #{} listed (level {level})",
            one_line(&target.name),
            here.subject
        ))?;
        there
            .log_event(&format!(
                "MAPPA level 2/3 list from {}: case #{} listed as managed at MAPPA level {level}, agreed by its chair, {chair}",
                one_line(&from),
                c.referral
            ))
            .map_err(named)?;
        listed.push(Listed {
            case: c.referral.0,
            name: c.name,
            born: c.date_of_birth,
            level,
        });
    }
    let here_marking =
        crate::lookup::sheet::marking(store.conn()).map_err(super::out::lookup_error)?;
    let there_marking = crate::lookup::sheet::marking(there.conn())
        .map_err(|e| CliError::from(format!("panel {}: {e}", target.name)))?;
    let marking = crate::domain::marking::highest([here_marking.as_str(), there_marking.as_str()])
        .unwrap_or(here_marking.clone());
    let mut text = format!("{marking}\n\n");
    let _ = writeln!(
        text,
        "{}'s open cases managed at MAPPA level 2 or 3 (its MAPPA item), from {} on {}, agreed by its chair, {chair}",
        one_line(&target.name),
        one_line(&from),
        fmt_date(today)
    );
    let _ = writeln!(
        text,
        "Matched by name and date of birth; nothing else of MAPPA's cases.\n"
    );
    if listed.is_empty() {
        let _ = writeln!(text, "  none");
    }
    for l in &listed {
        let _ = writeln!(
            text,
            "  case #{} {}, born {}: MAPPA level {}",
            l.case,
            one_line(&l.name),
            fmt_date(l.born),
            l.level
        );
    }
    let _ = writeln!(text, "\n{marking}");
    let text = crate::domain::clean::clean(&text);
    match out {
        Some(path) => {
            crate::lookup::minutes::write_private(path, &text).map_err(super::out::lookup_error)?;
            say!(
                "{} case(s) of {} listed in {} (marked {marking}, owner-only)",
                listed.len(),
                one_line(&target.name),
                path.display()
            );
        }
        None => super::out::emit(&text)?,
    }
    Ok(())
}
