//! Actions volunteered at a meeting, and which of them are done before the next.

use std::borrow::Cow;

use chrono::{Duration, NaiveDate};

use super::names::ACTIONS;
use super::Gen;
use crate::domain::types::ActionStatus;
use crate::store::bulk::BulkAction;
use crate::store::{ActionId, MeetingId, ReferralId, Result};

impl Gen<'_> {
    /// Actions volunteered at meeting `k` (section 7.2); some are done before the next.
    pub(super) fn actions(&mut self, k: usize, r: ReferralId, n: i64) -> Result<Vec<ActionId>> {
        let (meeting, day) = self.meetings[k];
        let mut open = vec![];
        for _ in 0..n {
            let (what, code) = *self.rng.pick(ACTIONS);
            let agency = self.agency(code);
            let volunteer = self
                .members
                .iter()
                .find(|m| m.agency == agency)
                .map(|m| (m.id, m.name.clone()));
            let due = self
                .cal
                .next_working_day_on_or_after(day + Duration::days(self.rng.range(10, 35)));
            let id = self.rows.next_action_id();
            self.rows.actions.push(BulkAction {
                id,
                meeting,
                referral: Some(r),
                description: Cow::Borrowed(what),
                agency,
                volunteered_by: volunteer
                    .as_ref()
                    .map_or(Cow::Borrowed("Agency representative"), |v| {
                        Cow::Owned(v.1.clone())
                    }),
                volunteered_by_member: volunteer.map(|v| v.0),
                due_on: due,
                status: ActionStatus::Open,
                completed_on: None,
                completion_note: Cow::Borrowed(""),
                reviewed_at: None,
                carried_from: None,
                created_at: self.now,
            });
            self.actions += 1;
            let next_meeting = self.meetings.get(k + 1).map(|m| m.1).unwrap_or(due);
            let done_on =
                (due - Duration::days(self.rng.range(0, 7))).min(next_meeting - Duration::days(1));
            if self.rng.chance(40) && done_on > day {
                self.complete(
                    id,
                    ActionStatus::Done,
                    done_on,
                    "Done; shared with the lead agency.",
                    None,
                );
            } else {
                open.push(id);
            }
        }
        Ok(open)
    }

    /// Close action `id` (or mark it not done) on `on` with a note.
    pub(super) fn complete(
        &mut self,
        id: ActionId,
        status: ActionStatus,
        on: NaiveDate,
        note: impl Into<Cow<'static, str>>,
        at_meeting: Option<MeetingId>,
    ) {
        let a = self.rows.action(id);
        a.status = status;
        a.completed_on = Some(on);
        a.completion_note = note.into();
        if at_meeting.is_some() {
            a.reviewed_at = at_meeting;
        }
    }

    /// Carry action `id` over at a review on `on` at `meeting`: it is marked carried
    /// over, and a copy due `new_due` is raised there.
    pub(super) fn carry_over(
        &mut self,
        id: ActionId,
        meeting: MeetingId,
        new_due: NaiveDate,
        on: NaiveDate,
    ) -> ActionId {
        let note = format!("carried over to {}", new_due.format("%Y-%m-%d"));
        self.complete(id, ActionStatus::CarriedOver, on, note, Some(meeting));
        let mut copy = self.rows.action(id).clone();
        copy.id = self.rows.next_action_id();
        copy.meeting = meeting;
        copy.due_on = new_due;
        copy.status = ActionStatus::Open;
        copy.completed_on = None;
        copy.completion_note = Cow::Borrowed("");
        copy.reviewed_at = None;
        copy.carried_from = Some(id);
        copy.created_at = self.now;
        let new = copy.id;
        self.rows.actions.push(copy);
        new
    }
}
