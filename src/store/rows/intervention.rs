//! `intervention`: the intervention plan of a case (Appendix B), row by row.

use chrono::NaiveDate;
use rusqlite::Row;

use super::ByName;
use crate::store::ids::{AgencyId, InterventionId, MeetingId, ReferralId};

/// One row of a case's intervention plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Intervention {
    pub id: InterventionId,
    pub referral: ReferralId,
    /// The meeting it was added at, if it was added at one.
    pub meeting: Option<MeetingId>,
    pub core_issue: String,
    pub intervention: String,
    pub level_of_contact: String,
    pub agency: Option<AgencyId>,
    pub progress: String,
    /// The day it was last changed.
    pub updated_on: Option<NaiveDate>,
}

/// The columns [`from_row`] reads, from [`FROM`].
pub const COLUMNS: &str = "iv.id AS id, iv.referral_id AS referral_id, \
     iv.meeting_id AS meeting_id, iv.core_issue AS core_issue, \
     iv.intervention AS intervention, iv.level_of_contact AS level_of_contact, \
     iv.agency_id AS agency_id, iv.progress AS progress, iv.updated_at AS updated_at";

/// The table [`COLUMNS`] come from, as `iv`.
pub const FROM: &str = "intervention iv";

/// One intervention row, by column name. Errors: a column missing or of the wrong type.
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Intervention> {
    let c = ByName::new(r);
    Ok(Intervention {
        id: c.get("id")?,
        referral: c.get("referral_id")?,
        meeting: c.get("meeting_id")?,
        core_issue: c.get("core_issue")?,
        intervention: c.get("intervention")?,
        level_of_contact: c.get("level_of_contact")?,
        agency: c.get("agency_id")?,
        progress: c.get("progress")?,
        updated_on: c.opt_date("updated_at")?,
    })
}
