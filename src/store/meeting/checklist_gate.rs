//! The chair's checklist as a gate in the store (issue 21): a case of a panel with a
//! `[[checklist]]` is marked done only when its answers are complete, whichever path
//! asks (the case page, the CLI, a second terminal), by the same rule as the page.

use super::Case;
use crate::domain::paperwork::{checklist_missing, Answered, Paperwork, Rule};
use crate::store::case_record::record_of;
use crate::store::ids::MeetingId;
use crate::store::{Result, Store, StoreError};

impl Store {
    /// Refuse in one line to mark `case` done while its checklist, as stored now, is
    /// incomplete for the decision on the case. Nothing to check for a panel without
    /// a checklist (MAGPan).
    pub(super) fn check_checklist(
        &self,
        meeting: MeetingId,
        pw: &Paperwork,
        case: &Case,
    ) -> Result<()> {
        if pw.checklist.is_empty() {
            return Ok(());
        }
        // Read again: another terminal may have answered or changed an answer.
        let record = record_of(&self.conn, case.discussion.0)?;
        let answered: Vec<Answered<'_>> = record
            .checklist
            .iter()
            .map(|a| Answered {
                key: &a.key,
                answer: &a.answer,
                note: &a.note,
            })
            .collect();
        let actions: i64 = self
            .conn
            .prepare_cached(
                "SELECT COUNT(*) FROM action WHERE referral_id = ?1 AND meeting_id = ?2",
            )?
            .query_row(rusqlite::params![case.referral.id, meeting], |r| r.get(0))?;
        let missing = checklist_missing(
            &pw.checklist,
            &answered,
            case.decision.as_deref(),
            usize::try_from(actions).unwrap_or(0),
        );
        if missing.is_empty() {
            return Ok(());
        }
        Err(StoreError::Rule(format!(
            "not done yet: the chair's checklist{} needs {}",
            pw.cite.paren(Rule::Checklist),
            missing.join(", ")
        )))
    }
}
