//! The draft agenda's brief updates: for each `updates` item, the open cases whose
//! last decision it names and whose review is not yet due (CAMP, 003 App 5A "2. PPO":
//! "Update on each case will be briefly presented at CAMP"); the same rule as the
//! meeting's own (`Store::updates_due`), read here for the printed agenda.

use rusqlite::Connection;

use super::listing::Listing;
use super::Entry;
use crate::domain::age::age_on;
use crate::domain::agenda::AgendaKind;
use crate::lookup::{cleaned, fmt_date, nonblank, opt_text, Result};
use crate::store::rows::referral;

/// Every case due a brief update at the meeting, under its `updates` item, oldest
/// case first. Empty for a panel without such an item.
pub(super) fn updates_due(conn: &Connection, at: &Listing<'_>) -> Result<Vec<Entry>> {
    let date = at.meeting.date;
    let mut out = vec![];
    for item in at
        .panel
        .agenda
        .iter()
        .filter(|i| i.kind == AgendaKind::Updates)
    {
        let sql = format!(
            "SELECT {}, lag.code AS lead_agency_code,
                (SELECT d.decision FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
                  WHERE d.referral_id = r.id AND d.decision IS NOT NULL
                    AND d.completed_at IS NOT NULL
                  ORDER BY m.date DESC, m.id DESC, d.id DESC LIMIT 1) AS last_decision
             FROM {} LEFT JOIN agency lag ON lag.id = r.lead_agency_id
             WHERE s.panel_id = ?1 AND r.status = 'open'
               AND (r.next_review_on IS NULL OR r.next_review_on > ?2)
             ORDER BY r.id",
            referral::COLUMNS,
            referral::FROM
        );
        type Row = (referral::Referral, Option<String>, Option<String>);
        let rows: Vec<Row> = conn
            .prepare_cached(&sql)?
            .query_map(rusqlite::params![at.meeting.panel, fmt_date(date)], |r| {
                Ok((
                    referral::from_row(r)?,
                    opt_text(r, "lead_agency_code")?,
                    r.get("last_decision")?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (f, lead, last) in rows {
            if !last.is_some_and(|c| item.after_decisions.contains(&c)) {
                continue;
            }
            out.push(Entry {
                item: item.number,
                case_id: f.id.0,
                name: cleaned(&f.name),
                date_of_birth: f.known_date_of_birth(),
                age_on_meeting: f.date_of_birth.and_then(|d| age_on(d, date)),
                referring_agency: None,
                date_received: None,
                urgent: false,
                placement: "update",
                lead_agency: lead,
                risk: f.risk_current.as_deref().and_then(nonblank),
                review_due: f.next_review_on,
                note: "brief update".into(),
                slot: None,
                invite: false,
            });
        }
    }
    Ok(out)
}
