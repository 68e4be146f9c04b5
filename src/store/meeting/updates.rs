//! Cases brought back for an update (`updates` items) and case pages that change
//! nothing in the case: brief updates (`decision = "none"`) and deferrals
//! (`defer = true`).
//!
//! How a case comes to an `updates` item: it is open, its review is not yet due,
//! and its last decision is one the item's `after_decisions` name (CAMP: a
//! non-complex PPO case "dealt at agency level", whose "Update on each case will be
//! briefly presented at CAMP", 003 App 5A "2. PPO"). When its review falls due it
//! goes to the reviews item instead, where the panel decides on it again.

use chrono::NaiveDate;
use rusqlite::params;

use super::Case;
use crate::store::ids::{MeetingId, ReferralId};
use crate::store::write::{time, Table};
use crate::store::{Result, Store, StoreError};

impl Store {
    /// Open cases not yet heard at `meeting` (held on `day`) whose review is not due
    /// by then and whose last decision is one of `after`, oldest case first.
    pub(super) fn updates_due(
        &self,
        meeting: MeetingId,
        day: NaiveDate,
        after: &[String],
    ) -> Result<Vec<ReferralId>> {
        let rows: Vec<(ReferralId, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT r.id AS id,
                    (SELECT d.decision FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
                      WHERE d.referral_id = r.id AND d.decision IS NOT NULL
                        AND d.completed_at IS NOT NULL
                      ORDER BY m.date DESC, m.id DESC, d.id DESC LIMIT 1) AS last_decision
                 FROM referral r
                 WHERE r.status = 'open' AND (r.next_review_on IS NULL OR r.next_review_on > ?1)
                   AND NOT EXISTS (SELECT 1 FROM case_discussion d
                                   WHERE d.referral_id = r.id AND d.meeting_id = ?2)
                 ORDER BY r.id",
            )?
            .query_map(params![day, meeting], |r| {
                Ok((r.get("id")?, r.get("last_decision")?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .filter(|(_, last)| last.as_ref().is_some_and(|c| after.contains(c)))
            .map(|(id, _)| id)
            .collect())
    }

    /// Mark a case page done that changes nothing in the case: a brief update (its
    /// one line is in the minutes) or a deferral (its reason is). Errors: `Rule` when
    /// that line is blank.
    pub(super) fn complete_unchanged(&self, case: &Case, what: Unchanged) -> Result<()> {
        let (line, refusal) = match what {
            Unchanged::BriefUpdate => (&case.minutes, "brief update: the update is blank"),
            Unchanged::Deferral => (
                &case.reasons,
                "deferral: give the reason the case goes to the next meeting",
            ),
        };
        if line.trim().is_empty() {
            return Err(StoreError::Rule(refusal.into()));
        }
        if case.completed_at.is_some() {
            return Ok(());
        }
        self.atomic(|s| {
            s.set_field(
                Table::Discussion,
                case.discussion.0,
                "completed_at",
                time(s.now()),
            )?;
            Ok(())
        })
    }
}

/// A case page done without changing the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unchanged {
    /// At an item of brief updates (`decision = "none"`): the update in one line.
    BriefUpdate,
    /// A deferral (`defer = true`): its reason.
    Deferral,
}
