//! "Known to another panel" (issue 23, REQUIREMENTS.md section 8 X5): at intake
//! (`referral add`) and on the draft agenda (`agenda`), each named case of this
//! database is matched against every other panel of the workspace the person holds a
//! key for, by the rule a panel uses for its own subjects (the same name however
//! written and the same date of birth: [`crate::store::Store::presence`]). The person
//! is told only which panel knows the subject and whether the case is open there,
//! never that panel's content. Each match is written to both change logs; a panel that
//! cannot be opened or written to is named in one line and the others still answer.
//! A case brought anonymously is never matched, on either side.
//!
//! Why (section 8 X5): MAGPan excludes MAPPA level 2/3 [000 10.1]; CAMP excludes
//! offenders engaged in MAPPA, MARAC, DYO [003 App 5A "Objectives"]; MARAC perpetrators
//! are cross-checked with MAPPA [002 MARAC].

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::workspace::{self, WorkspacePanel};
use crate::domain::clean::one_line;
use crate::store::across::CaseSubject;
use crate::store::Store;

/// One match, as much as this panel's user may be told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Known {
    /// This panel's case.
    pub case_id: i64,
    /// The other panel, by its workspace name.
    pub panel: String,
    /// A case of the person's is open there (waiting, open or one to watch).
    pub open: bool,
}

impl Known {
    /// `MAPPA (open there)`.
    pub fn words(&self) -> String {
        format!(
            "{} ({})",
            one_line(&self.panel),
            open_words(self.open, "there")
        )
    }
}

fn open_words(open: bool, place: &str) -> String {
    if open {
        format!("open {place}")
    } else {
        format!("not open {place}")
    }
}

/// Is `p` the file `this` (the same file by another path too)?
pub fn same_database(p: &Path, this: &Path) -> bool {
    match (std::fs::canonicalize(p), std::fs::canonicalize(this)) {
        (Ok(a), Ok(b)) => a == b,
        _ => p == this,
    }
}

/// What this database is called in the workspace, else its panel's short name.
pub fn name_of(this: &Store) -> String {
    let ps = &super::config::get().panel;
    if let Some(p) = ps.iter().find(|p| same_database(&p.database, this.path())) {
        return p.name.clone();
    }
    this.only_panel()
        .and_then(|id| this.panel_info(Some(id)))
        .map(|i| i.short_name)
        .unwrap_or_else(|_| "another panel".into())
}

/// The workspace's panels other than the database `this`.
pub fn others(this: &Path) -> Vec<&'static WorkspacePanel> {
    super::config::get()
        .panel
        .iter()
        .filter(|p| !same_database(&p.database, this))
        .collect()
}

/// Match `cases` of `this` against every other panel of the workspace, each opened
/// once with its own key; `during` says where the check ran ("intake", "the draft
/// agenda for 2026-12-09") in both change logs. Returns the matches and one line for
/// each panel that could not be checked. Nothing without a workspace or cases.
pub fn known_elsewhere(
    this: &Store,
    cases: &[CaseSubject],
    during: &str,
) -> (Vec<Known>, Vec<String>) {
    let mut found = vec![];
    let mut failed = vec![];
    if cases.is_empty() {
        return (found, failed);
    }
    let panels = others(this.path());
    if panels.is_empty() {
        return (found, failed);
    }
    let me = name_of(this);
    for p in panels {
        match check_one(this, &me, p, cases, during) {
            Ok(k) => found.extend(k),
            Err(e) => failed.push(format!(
                "could not check {} for cases known there: {}",
                one_line(&p.name),
                one_line(&e)
            )),
        }
    }
    found.sort_by(|a, b| (a.case_id, &a.panel).cmp(&(b.case_id, &b.panel)));
    (found, failed)
}

/// One other panel: its matches, each logged there and here before it is told.
fn check_one(
    this: &Store,
    me: &str,
    p: &WorkspacePanel,
    cases: &[CaseSubject],
    during: &str,
) -> Result<Vec<Known>, String> {
    let other = workspace::open(p, true).map_err(|e| e.message)?;
    let mut out = vec![];
    for c in cases {
        let Some(there) = other
            .presence(&c.name, Some(c.date_of_birth))
            .map_err(|e| e.to_string())?
        else {
            continue;
        };
        other
            .log_event(&format!(
                "known to another panel: subject #{} matched by name and date of birth from {} ({during}); told: {}",
                there.subject,
                one_line(me),
                open_words(there.open, "here")
            ))
            .map_err(|e| e.to_string())?;
        this.log_event(&format!(
            "known to another panel: case #{} (subject #{}) known to {} ({}), checked at {during}",
            c.referral,
            c.subject,
            one_line(&p.name),
            open_words(there.open, "there")
        ))
        .map_err(|e| format!("this panel's change log: {e}"))?;
        out.push(Known {
            case_id: c.referral.0,
            panel: p.name.clone(),
            open: there.open,
        });
    }
    Ok(out)
}

/// The lines under a referral just taken in: `known to another panel: MAPPA (open
/// there)`, one per panel; then each panel that could not be checked, on standard
/// error.
pub fn say_at_intake(known: &[Known], failed: &[String]) {
    for k in known {
        say!("known to another panel: {}", k.words());
    }
    warn_failed(failed);
}

/// Each panel that could not be checked, one line each on standard error.
pub fn warn_failed(failed: &[String]) {
    for f in failed {
        eprintln!("warning: {}", one_line(f));
    }
}

/// The draft agenda's section: each case of `names` (case id, this panel's name for
/// them) known to another panel, with the panels.
pub fn agenda_section(known: &[Known], names: &[(i64, String)]) -> String {
    let mut o = String::new();
    if known.is_empty() {
        return o;
    }
    let _ = writeln!(
        o,
        "\nKnown to another panel (name and date of birth; nothing of their case there):"
    );
    let mut ids: Vec<i64> = known.iter().map(|k| k.case_id).collect();
    ids.dedup();
    for id in ids {
        let name = names
            .iter()
            .find(|(c, _)| *c == id)
            .map_or(String::new(), |(_, n)| format!(" {}", one_line(n)));
        let panels: Vec<String> = known
            .iter()
            .filter(|k| k.case_id == id)
            .map(Known::words)
            .collect();
        let _ = writeln!(o, "  case #{id}{name}: {}", panels.join("; "));
    }
    o
}

/// For an output that is not text (JSON, CSV, a workbook): each match on standard
/// error, `case #4: known to another panel: MAPPA (open there)`.
pub fn say_on_stderr(known: &[Known]) {
    for k in known {
        eprintln!("case #{}: known to another panel: {}", k.case_id, k.words());
    }
}

/// For the intake page (F7), after case `referral` is taken in: ` known to another
/// panel: MAPPA (open there);` (or nothing) to follow "Case N taken in:" on the status
/// line, and a note for each panel that could not be checked. Nothing without a
/// workspace, for an anonymous case or without a match.
pub fn intake_words(store: &Store, referral: crate::store::ReferralId) -> String {
    let cases: Vec<CaseSubject> = match store.case_subject(referral) {
        Ok(c) => c.into_iter().collect(),
        Err(e) => return format!(" (not checked against other panels: {e});"),
    };
    let (known, failed) = known_elsewhere(store, &cases, "intake");
    let mut s = String::new();
    if !known.is_empty() {
        let words: Vec<String> = known.iter().map(Known::words).collect();
        s.push_str(&format!(" known to another panel: {};", words.join(", ")));
    }
    for f in &failed {
        s.push_str(&format!(" {};", one_line(f)));
    }
    s
}
