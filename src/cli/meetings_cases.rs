//! `roundtable meetings cases add|remove` (issue 21, B9/B10): change the cases of a
//! planned meeting for chosen cases (MAPPA's level 2 or level 3 meeting for one case,
//! 003 App 2B 2 steps 6-7; a single-case meeting). A new referral chosen moves there
//! from the meeting it was listed for; one taken off goes back to the meeting the
//! cut-off gives it. Cases are named by id and initials only.

use clap::{Args, Subcommand};

use super::support::fmt_date;
use super::CliResult;
use crate::domain::meeting_ref::MeetingRef;
use crate::store::meeting::{chosen_words, ChosenCase};
use crate::store::schedule::Replacement;
use crate::store::{PanelId, ReferralId, Store};

#[derive(Debug, Args)]
pub struct CasesArgs {
    #[command(subcommand)]
    pub command: CasesCommand,
}

#[derive(Debug, Subcommand)]
pub enum CasesCommand {
    /// Name a case for a planned meeting for chosen cases.
    Add(CaseArgs),
    /// Take a case off a planned meeting for chosen cases (it keeps at least one).
    Remove(CaseArgs),
}

#[derive(Debug, Args)]
pub struct CaseArgs {
    /// The meeting: its date, or DATE@HH:MM when two meetings share the day.
    #[arg(long, value_name = "MEETING", value_parser = super::meetings::meeting_arg)]
    pub meeting: MeetingRef,
    /// The case (referral) number; repeat for several.
    #[arg(long = "case", value_name = "ID", required = true)]
    pub cases: Vec<i64>,
}

pub(super) fn run(
    store: &Store,
    panel: PanelId,
    today: chrono::NaiveDate,
    a: &CasesArgs,
) -> CliResult {
    match &a.command {
        CasesCommand::Add(c) => {
            let m = store.find_meeting(panel, c.meeting)?;
            let moved = store.atomic(|s| {
                let mut all = vec![];
                for id in &c.cases {
                    all.extend(s.choose_case(m.id, ReferralId(*id), today)?);
                }
                Ok(all)
            })?;
            let cases = store.chosen_cases(m.id)?;
            say!(
                "the meeting on {} is now for {}",
                c.meeting,
                chosen_words(&cases)
            );
            moved_lines(&cases, &moved, m.date, true);
        }
        CasesCommand::Remove(c) => {
            let m = store.find_meeting(panel, c.meeting)?;
            let before = store.chosen_cases(m.id)?;
            let moved = store.atomic(|s| {
                let mut all = vec![];
                for id in &c.cases {
                    all.extend(s.unchoose_case(m.id, ReferralId(*id), today)?);
                }
                Ok(all)
            })?;
            let cases = store.chosen_cases(m.id)?;
            say!(
                "the meeting on {} is now for {}",
                c.meeting,
                chosen_words(&cases)
            );
            moved_lines(&before, &moved, m.date, false);
        }
    }
    Ok(())
}

/// One line for each chosen new referral that moved to (`here`) or from the meeting
/// on `day`: by case id and initials, with the meeting it left or goes to.
pub(super) fn moved_lines(
    cases: &[ChosenCase],
    moved: &[Replacement],
    day: chrono::NaiveDate,
    here: bool,
) {
    let opt = |d: Option<chrono::NaiveDate>| d.map_or("no meeting".to_string(), fmt_date);
    for r in moved {
        let Some(c) = cases.iter().find(|c| c.case == r.referral) else {
            continue;
        };
        let words = chosen_words(std::slice::from_ref(c));
        if here {
            say!(
                "{words} moves here from {}; that meeting no longer lists it",
                if r.from.is_some_and(|f| f != day) {
                    format!("the meeting on {}", opt(r.from))
                } else {
                    "no meeting".into()
                }
            );
        } else {
            say!(
                "{words} goes back to {}",
                match r.to {
                    Some(_) => format!("the meeting on {}", opt(r.to)),
                    None => "no meeting yet (none planned after the cut-off)".into(),
                }
            );
        }
    }
}

/// Is `id` one of `moved` that is a chosen case (reported by [`moved_lines`])?
pub(super) fn is_chosen(cases: &[ChosenCase], r: &Replacement) -> bool {
    cases.iter().any(|c| c.case == r.referral)
}
