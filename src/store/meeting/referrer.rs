//! Section 5.5: "Where identified as the lead agency, will ensure the referring agency
//! (if not present at MAGPan) is updated regarding the outcome of the MAGPan."

use chrono::{Duration, NaiveDate};
use rusqlite::params;

use super::Case;
use crate::domain::agenda::AgendaKind;
use crate::domain::types::{ActionStatus, VolunteeredHow};
use crate::store::ids::*;
use crate::store::write::{date, NewAction, Table};
use crate::store::{Result, Store};

/// Days the lead agency has to tell a referrer who was not at the meeting.
pub(super) const TELL_REFERRER_DAYS: i64 = 7;

impl Store {
    /// After a new referral's decision at `meeting` on `day`: a referrer whose agency
    /// was in the room heard it there (recorded as told that day); otherwise the lead
    /// agency (else the coordinator's agency) owes them the outcome, as an action due
    /// in [`TELL_REFERRER_DAYS`]. Once only per case and meeting. A date the referrer
    /// was told already (at screening) is kept. Part of the caller's transaction.
    pub(super) fn referrer_told(
        &self,
        case: &Case,
        decision: &str,
        meeting: MeetingId,
        day: NaiveDate,
    ) -> Result<()> {
        if !matches!(
            case.kind,
            AgendaKind::NewReferralsUnder18 | AgendaKind::NewReferralsOver18
        ) {
            return Ok(());
        }
        let referral = case.referral.id;
        let agency = case.referral.referring_agency;
        let in_room: bool = self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM attendance WHERE meeting_id = ?1 AND agency_id = ?2
                    AND status IN ('present', 'deputy'))",
            )?
            .query_row(params![meeting, agency], |r| r.get(0))?;
        if in_room {
            // Told in the room, unless told already (at screening): that date stands.
            self.record_once(
                Table::Referral,
                referral.0,
                "referrer_informed_on",
                date(day),
            )?;
            return Ok(());
        }
        let owed: bool = self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM action WHERE referral_id = ?1 AND meeting_id = ?2
                    AND volunteered_how = 'duty')",
            )?
            .query_row(params![referral, meeting], |r| r.get(0))?;
        let Some(by) = case.lead_agency.or(self.coordinator_agency()?) else {
            return Ok(());
        };
        if owed {
            return Ok(());
        }
        let code: String = self
            .conn
            .prepare_cached("SELECT code FROM agency WHERE id = ?1")?
            .query_row([agency], |r| r.get("code"))?;
        let cite = self
            .panel_info(None)?
            .paperwork
            .cite
            .paren(crate::domain::paperwork::Rule::ReferrerTold);
        self.add_action(&NewAction {
            meeting,
            referral: Some(referral),
            description: format!(
                "Tell the referring agency ({code}) the panel's decision: {decision}{cite}"
            ),
            agency: by,
            person: String::new(),
            volunteered_by: String::new(),
            volunteered_by_member: None,
            volunteered_how: VolunteeredHow::Duty,
            due_on: day + Duration::days(TELL_REFERRER_DAYS),
            carried_from: None,
        })?;
        Ok(())
    }

    /// The meeting a case discussion belongs to.
    pub(crate) fn discussion_meeting(&self, d: DiscussionId) -> Result<MeetingId> {
        Ok(self
            .conn
            .prepare_cached("SELECT meeting_id FROM case_discussion WHERE id = ?1")?
            .query_row([d], |r| r.get("meeting_id"))?)
    }

    /// The agency of the panel's coordinator, who tells a referrer when no lead agency
    /// was appointed.
    fn coordinator_agency(&self) -> Result<Option<AgencyId>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached(
                "SELECT agency_id FROM member WHERE role = 'coordinator' AND retired_on IS NULL
                 ORDER BY id LIMIT 1",
            )?
            .query_row([], |r| r.get("agency_id"))
            .optional()?)
    }

    /// A duty to tell the referrer, closed as done on `on`: the referral records when
    /// its referrer was told. Part of the caller's transaction.
    pub(crate) fn duty_done(
        &self,
        action: ActionId,
        status: ActionStatus,
        on: NaiveDate,
    ) -> Result<()> {
        if status != ActionStatus::Done {
            return Ok(());
        }
        let referral: Option<i64> = {
            use rusqlite::OptionalExtension;
            self.conn
                .prepare_cached(
                    "SELECT referral_id FROM action WHERE id = ?1 AND volunteered_how = 'duty'",
                )?
                .query_row([action], |r| r.get("referral_id"))
                .optional()?
                .flatten()
        };
        match referral {
            Some(r) => {
                // The first date the referrer was told stands; the action keeps its own.
                self.record_once(Table::Referral, r, "referrer_informed_on", date(on))?;
                Ok(())
            }
            None => Ok(()),
        }
    }
}
