//! Actions volunteered at a meeting, and which of them are done before the next.

use chrono::Duration;

use super::names::ACTIONS;
use super::Gen;
use crate::domain::types::ActionStatus;
use crate::store::write::NewAction;
use crate::store::{ActionId, ReferralId, Result};

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
            let id = self.store.add_action(&NewAction {
                meeting,
                referral: Some(r),
                description: what.to_string(),
                agency,
                person: String::new(),
                volunteered_by: volunteer
                    .as_ref()
                    .map(|v| v.1.clone())
                    .unwrap_or_else(|| "Agency representative".into()),
                volunteered_by_member: volunteer.map(|v| v.0),
                volunteered_how: crate::domain::types::VolunteeredHow::InPerson,
                due_on: due,
                carried_from: None,
            })?;
            self.actions += 1;
            let next_meeting = self.meetings.get(k + 1).map(|m| m.1).unwrap_or(due);
            let done_on =
                (due - Duration::days(self.rng.range(0, 7))).min(next_meeting - Duration::days(1));
            if self.rng.chance(40) && done_on > day {
                self.store.complete_action(
                    id,
                    ActionStatus::Done,
                    done_on,
                    "Done; shared with the lead agency.",
                    None,
                )?;
            } else {
                open.push(id);
            }
        }
        Ok(open)
    }
}
