//! A case's earlier meetings for its case page (issue 28 item 4): the risk level
//! and lead agency each left, and the case's actions completed, as a
//! [`Trend`](crate::domain::trend::Trend).

use rusqlite::{params, Connection};

use crate::domain::trend::{Heard, Trend};
use crate::store::ids::{MeetingId, ReferralId};
use crate::store::Result;

/// The trend of case `case` over the meetings before `meeting` (by date).
pub(super) fn trend_before(
    conn: &Connection,
    case: ReferralId,
    meeting: MeetingId,
) -> Result<Trend> {
    let heard: Vec<Heard> = conn
        .prepare_cached(
            "SELECT m.date AS date, COALESCE(NULLIF(d.risk_after, ''), NULLIF(d.risk_before, '')) AS risk,
                    ag.code AS lead
             FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
             LEFT JOIN agency ag ON ag.id = d.lead_agency_id
             WHERE d.referral_id = ?1 AND m.date < (SELECT date FROM meeting WHERE id = ?2)
             ORDER BY m.date, d.id",
        )?
        .query_map(params![case, meeting], |r| {
            Ok(Heard {
                date: r.get("date")?,
                risk: r.get("risk")?,
                lead: r.get("lead")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if heard.is_empty() {
        return Ok(Trend::default());
    }
    let done: Vec<(i64, chrono::NaiveDate)> = conn
        .prepare_cached(
            "SELECT id, completed_on FROM action
             WHERE referral_id = ?1 AND status = 'done' AND completed_on IS NOT NULL
             ORDER BY completed_on, id",
        )?
        .query_map([case], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Trend::of(&heard, &done))
}
