//! `case_discussion`: a case heard at a meeting (a new referral or a review): the
//! minutes, the decision and its reasons, risk, lead agency, the next date, the key
//! worker and a closure reason.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Row;

use super::ByName;
use crate::domain::agenda::AgendaKind;
use crate::store::ids::{AgencyId, DiscussionId, MeetingId, ReferralId};

/// One case discussion, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Discussion {
    pub id: DiscussionId,
    pub meeting: MeetingId,
    pub referral: ReferralId,
    /// The agenda item number recorded when it was put on the agenda.
    pub agenda_item: i64,
    /// The kind of item it is heard under; a missing or unknown kind reads as new
    /// referrals under 18.
    pub kind: AgendaKind,
    /// Its place in the item's list.
    pub position: i64,
    /// The lead agency's update (reviews).
    pub lead_update: String,
    pub minutes: String,
    /// The code of one of the panel's `[[decision]]`s.
    pub decision: Option<String>,
    pub reasons: String,
    /// The key worker or case manager named (blank: none), and their agency.
    pub key_worker: String,
    pub key_worker_agency: Option<AgencyId>,
    /// The closure or removal reason chosen from the panel's list.
    pub closure_reason: Option<String>,
    /// Risk levels on the panel's scale, before and after the discussion.
    pub risk_before: Option<String>,
    pub risk_after: Option<String>,
    pub lead_agency: Option<AgencyId>,
    /// The next review, or the date the intervention plan is due.
    pub next_date: Option<NaiveDate>,
    pub started_at: Option<DateTime<Utc>>,
    /// When the case page was marked done; `None` while it is still open.
    pub completed_at: Option<DateTime<Utc>>,
}

/// The columns [`from_row`] reads, from [`FROM`].
pub const COLUMNS: &str = "d.id AS id, d.meeting_id AS meeting_id, \
     d.referral_id AS referral_id, d.agenda_item AS agenda_item, d.item_kind AS item_kind, \
     d.position AS position, d.lead_update AS lead_update, d.minutes AS minutes, \
     d.decision AS decision, d.decision_reasons AS decision_reasons, \
     d.risk_before AS risk_before, d.risk_after AS risk_after, \
     d.lead_agency_id AS lead_agency_id, d.next_date AS next_date, \
     d.started_at AS started_at, d.completed_at AS completed_at, \
     d.key_worker AS key_worker, d.key_worker_agency_id AS key_worker_agency_id, \
     d.closure_reason AS closure_reason";

/// The table [`COLUMNS`] come from, as `d`.
pub const FROM: &str = "case_discussion d";

/// One case discussion, by column name. Errors: a column missing or of the wrong type.
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Discussion> {
    let c = ByName::new(r);
    Ok(Discussion {
        id: c.get("id")?,
        meeting: c.get("meeting_id")?,
        referral: c.get("referral_id")?,
        agenda_item: c.get("agenda_item")?,
        kind: c
            .code("item_kind", AgendaKind::from_code)?
            .unwrap_or(AgendaKind::NewReferralsUnder18),
        position: c.get("position")?,
        lead_update: c.get("lead_update")?,
        minutes: c.get("minutes")?,
        decision: c.get("decision")?,
        reasons: c.get("decision_reasons")?,
        key_worker: c.get("key_worker")?,
        key_worker_agency: c.get("key_worker_agency_id")?,
        closure_reason: c.get("closure_reason")?,
        risk_before: c.get("risk_before")?,
        risk_after: c.get("risk_after")?,
        lead_agency: c.get("lead_agency_id")?,
        next_date: c.opt_date("next_date")?,
        started_at: c.opt_time("started_at")?,
        completed_at: c.opt_time("completed_at")?,
    })
}
