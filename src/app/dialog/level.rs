//! A MAPPA level changed at a decision (issue 21, B10; 003 App 2B 2: level 2 and level 3
//! cases are managed apart): the new level and the chair's reason, recorded on the case
//! discussion (`Store::change_level`, change-logged, in the minutes). The case is then
//! heard at its new level's item from the next meeting (the items' `levels` filters).

use super::*;
use crate::app::form::Form;
use crate::app::Effect;
use crate::domain::paperwork::Rule;
use crate::domain::types::Role;
use crate::store::meeting::{Case, MeetingData};

/// The dialog's title.
pub const LEVEL_TITLE: &str = "Change the MAPPA level";

/// The levels a case can be moved to (level 1 is not heard by a panel: App 2A).
const LEVELS: [u8; 2] = [2, 3];

/// Why a level cannot be changed on `case` here, in one line; `None` when it can.
pub fn level_refusal(data: &MeetingData, case: &Case) -> Option<String> {
    let pw = &data.panel.paperwork;
    if !pw.exclusion.mappa_levels.is_empty() {
        return Some(format!(
            "This panel does not hear MAPPA level {} cases: there is no level to change",
            pw.exclusion.levels_words()
        ));
    }
    if case.referral.mappa_level.is_none() {
        return Some(
            "No MAPPA level is recorded for this case: there is no level to change".into(),
        );
    }
    None
}

/// The person the "Decided by" field suggests: the chair recorded for this meeting,
/// else the panel's chair.
fn chair(data: &MeetingData) -> Option<String> {
    data.chaired_by
        .and_then(|id| data.attendance.iter().find(|a| a.id == id))
        .map(|a| a.name.clone())
        .or_else(|| {
            data.members
                .iter()
                .find(|m| matches!(m.role, Role::Chair | Role::CoChair))
                .map(|m| m.name.clone())
        })
}

/// The dialog for `case`, at its current level.
pub fn level(data: &MeetingData, case: &Case) -> Dialog {
    let now = case.referral.mappa_level.unwrap_or(0);
    let options: Vec<String> = LEVELS.iter().map(|l| format!("Level {l}")).collect();
    let other = LEVELS.iter().position(|l| *l != now);
    let mut by = text("by", "Decided by (the chair)", "");
    if let (Some(name), Kind::Text(t)) = (chair(data), &mut by.kind) {
        t.suggestion = Some(name);
    }
    Dialog {
        kind: DialogKind::Level {
            discussion: case.discussion,
        },
        title: LEVEL_TITLE.into(),
        note: vec![format!(
            "Now managed at level {now}{}. From the next meeting the case is heard at its new level's item.",
            data.panel.paperwork.cite.paren(Rule::LevelChange)
        )],
        form: Form::new(vec![
            choice("level", "New level", options, other),
            text("reason", "Reason", ""),
            by,
        ]),
        error: None,
    }
}

/// The level, reason and chair as an effect, or what is missing.
pub(super) fn confirm_level(r: &Values, discussion: DiscussionId) -> Result<Vec<Effect>, String> {
    let to = r
        .sel("level")
        .and_then(|i| LEVELS.get(i).copied())
        .ok_or("New level: level 2 or level 3")?;
    let reason = r.text("reason");
    if reason.trim().is_empty() {
        return Err("Reason: say why the level changes (it goes in the minutes)".into());
    }
    let by = r.text("by");
    if by.trim().is_empty() {
        return Err("Decided by: the chair who decided".into());
    }
    Ok(vec![Effect::ChangeLevel {
        discussion,
        to,
        reason,
        by,
    }])
}
