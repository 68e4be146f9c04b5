//! A MAPPA level changed at a decision (issue 21): the meeting decides a case moves
//! "to level 3 / to level 2" (REQUIREMENTS 4.5, "at the meeting"; "Review the level
//! of risk and the action plan in the light of changes in circumstances or
//! behaviour", 003 App 2C "The role of the Local Authority and DTCs"). Recorded on the
//! case's discussion with its reason and who decided, the referral's level changed
//! (both logged); at the next meeting the case is placed by the items' filters on
//! the new level, as any other case, with no code per panel.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, Connection};

use crate::domain::paperwork::Rule;
use crate::domain::types::MeetingState;
use crate::store::ids::{DiscussionId, MeetingId};
use crate::store::write::Table;
use crate::store::{Result, Store, StoreError};

/// One recorded change of level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelChange {
    pub discussion: DiscussionId,
    pub from: Option<u8>,
    pub to: u8,
    pub reason: String,
    pub decided_by: String,
    pub at: Option<DateTime<Utc>>,
}

impl LevelChange {
    /// "MAPPA level changed from 2 to 3 (decided by Ada Quenby): reason".
    pub fn line(&self) -> String {
        let from = self
            .from
            .map_or_else(|| "none".to_string(), |l| l.to_string());
        format!(
            "MAPPA level changed from {from} to {} (decided by {}): {}",
            self.to, self.decided_by, self.reason
        )
    }
}

/// The level changes recorded at meeting `meeting`, oldest first; none in a database
/// older than the table.
pub fn level_changes_at(conn: &Connection, meeting: MeetingId) -> Result<Vec<LevelChange>> {
    let exists: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'level_change')",
        )?
        .query_row([], |r| r.get(0))?;
    if !exists {
        return Ok(vec![]);
    }
    let rows = conn
        .prepare_cached(
            "SELECT l.discussion_id, l.from_level, l.to_level, l.reason, l.decided_by, l.created_at
             FROM level_change l JOIN case_discussion d ON d.id = l.discussion_id
             WHERE d.meeting_id = ?1 ORDER BY l.id",
        )?
        .query_map([meeting], |r| {
            let at: String = r.get(5)?;
            Ok(LevelChange {
                discussion: r.get(0)?,
                from: r.get(1)?,
                to: r.get(2)?,
                reason: r.get(3)?,
                decided_by: r.get(4)?,
                at: crate::domain::clock::parse_stamp(&at),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

impl Store {
    /// Record at case discussion `discussion` that the case is now managed at MAPPA
    /// level `to` (2 or 3), for `reason`, decided by `by` (the chair). Errors: `Rule`
    /// in one line for a panel that excludes MAPPA cases, a case with no level
    /// recorded, a level other than 2 or 3 or the one it has, no reason, or a meeting
    /// not in progress.
    pub fn change_level(
        &self,
        discussion: DiscussionId,
        to: u8,
        reason: &str,
        by: &str,
    ) -> Result<()> {
        let meeting = self.discussion_meeting(discussion)?;
        let panel = self.panel_info_of_meeting(meeting)?;
        let cite = panel.paperwork.cite.paren(Rule::LevelChange);
        let rule = |s: String| Err(StoreError::Rule(s));
        if !panel.paperwork.exclusion.mappa_levels.is_empty() {
            return rule(format!(
                "this panel does not hear MAPPA level {} cases: no level to change",
                panel.paperwork.exclusion.levels_words()
            ));
        }
        if self.meeting_row(meeting)?.state != MeetingState::InProgress {
            return rule(
                "a level is changed at a decision, while the meeting is in progress".into(),
            );
        }
        let referral: i64 = self
            .conn
            .prepare_cached("SELECT referral_id FROM case_discussion WHERE id = ?1")?
            .query_row([discussion], |r| r.get(0))?;
        let from: Option<u8> = self
            .conn
            .prepare_cached("SELECT mappa_level FROM referral WHERE id = ?1")?
            .query_row([referral], |r| r.get(0))?;
        let Some(from) = from else {
            return rule("this case has no MAPPA level recorded".into());
        };
        if !matches!(to, 2 | 3) {
            return rule(format!(
                "level {to}: a case is changed to level 2 or 3{cite}"
            ));
        }
        if to == from {
            return rule(format!("the case is already at level {to}"));
        }
        let (reason, by) = (reason.trim(), by.trim());
        if reason.is_empty() {
            return rule(format!("give the reason for the change of level{cite}"));
        }
        let by = if by.is_empty() { "the chair" } else { by };
        self.atomic(|s| {
            s.conn
                .prepare_cached(
                    "INSERT INTO level_change (discussion_id, from_level, to_level, reason,
                        decided_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    discussion,
                    from,
                    to,
                    reason,
                    by,
                    crate::domain::clock::stamp(s.now())
                ])?;
            let id = s.conn.last_insert_rowid();
            if s.log_changes {
                s.append_log(
                    "level_change",
                    id,
                    "*",
                    None,
                    Some(format!("level {from} to {to} decided by {by}")),
                )?;
            }
            s.set_field(
                Table::Referral,
                referral,
                "mappa_level",
                Value::Integer(i64::from(to)),
            )?;
            Ok(())
        })
    }

    /// The level changes recorded at meeting `meeting` (see [`level_changes_at`]).
    pub fn level_changes(&self, meeting: MeetingId) -> Result<Vec<LevelChange>> {
        level_changes_at(&self.conn, meeting)
    }
}
